//! `lightcone measure`: replication as measured quantities. For a VR
//! scenario, each replica count and offered load (batching off and on):
//! latency, throughput, messages per operation, and availability from a
//! long run with random crashes and repairs, with its number of nines.

use crate::output::{json, text, Input, Out};
use lightcone::core::sim::scenario::Scenario;
use lightcone::core::sim::vr::measure::{measure, table};
use serde_json::json;

#[derive(clap::Args)]
pub struct Args {
    /// VR scenario JSON file ("-" for standard input).
    file: String,
    /// Offered loads, requests per time unit, comma-separated (e.g. 0.1,0.2,0.5).
    #[arg(long, value_delimiter = ',', required = true)]
    load: Vec<f64>,
    /// Replica counts, comma-separated (default: the scenario's).
    #[arg(long, value_delimiter = ',')]
    replicas: Vec<usize>,
    /// Print the rows as JSON instead of the table.
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args, input: &Input, out: &mut Out<'_>) -> Result<(), String> {
    let scenario = Scenario::parse(&input.read(&a.file)?).map_err(|e| format!("{}: {e}", a.file))?;
    let replicas = match (&a.replicas[..], scenario.protocol.vr()) {
        ([], Some(c)) => vec![c.replicas],
        (given, _) => given.to_vec(),
    };
    let rows = measure(&scenario, &a.load, &replicas).map_err(|e| format!("{}: {e}", a.file))?;
    if !a.json {
        return text(out, "-", &table(&rows));
    }
    let rows: Vec<_> = rows
        .iter()
        .map(|r| {
            json!({"replicas": r.replicas, "batching": r.batching, "load": r.load, "answered": r.answered,
                   "latency": r.latency, "throughput": r.throughput, "messages_per_op": r.messages_per_op,
                   "availability": r.availability, "nines": r.nines()})
        })
        .collect();
    json(out, &json!(rows))
}
