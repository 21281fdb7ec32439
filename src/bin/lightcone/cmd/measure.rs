//! `lightcone measure`: replication as measured quantities. For a VR or
//! PBFT scenario, each replica count and offered load (batching off and
//! on for VR; off for PBFT, which has no batching switch):
//! latency (mean, p50, p99), throughput, messages per operation, and
//! availability from runs with random crashes and repairs, with its spread,
//! its number of nines, and the closed form for independent failures.

use crate::output::{json, text, Input, Out};
use lightcone::core::sim::scenario::Scenario;
use lightcone::core::sim::vr::measure::{measure, table, Group};
use serde_json::json;

#[derive(clap::Args)]
pub struct Args {
    /// VR or PBFT scenario JSON file ("-" for standard input).
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
    let group = Group::of(&scenario).map_err(|e| format!("{}: {e}", a.file))?;
    let replicas = if a.replicas.is_empty() { vec![group.replicas()] } else { a.replicas.clone() };
    let rows = measure(&scenario, &a.load, &replicas).map_err(|e| format!("{}: {e}", a.file))?;
    if !a.json {
        return text(out, "-", &table(&rows));
    }
    let rows: Vec<_> = rows
        .iter()
        .map(|r| {
            let l = &r.load;
            json!({"replicas": l.replicas, "batching": l.batching, "load": l.load, "answered": l.answered,
                   "latency": l.latency, "throughput": l.throughput, "messages_per_op": l.messages_per_op,
                   "availability": r.availability, "nines": r.nines(), "p50": l.p50, "p99": l.p99,
                   "spread": r.spread, "closed_form": r.closed_form, "closed_nines": r.closed_nines()})
        })
        .collect();
    json(out, &json!(rows))
}
