//! `lightcone crdt`: a CRDT run over a gossip trace, every replica's value
//! after every event.

use crate::output::{json, Input, Out};
use lightcone::core::crdt::{self, Delivery, Scenario};
use lightcone::core::Trace;
use serde_json::{json, Map, Value};

#[derive(clap::Args)]
pub struct Args {
    /// CRDT trace JSON file: the trace plus "crdt" and an "op" on local events ("-" for standard input).
    file: String,
    /// Op-based types: hold operations until causally ready and drop copies already delivered.
    #[arg(long)]
    causal: bool,
}

pub fn run(a: Args, input: &Input, out: &mut Out<'_>) -> Result<(), String> {
    let text = input.read(&a.file)?;
    let scenario = Scenario::parse(&text).map_err(|e| format!("{}: {e}", a.file))?;
    let delivery = if a.causal { Delivery::Causal } else { Delivery::Immediate };
    let run = crdt::run(&scenario.trace, scenario.kind, &scenario.ops, delivery)
        .map_err(|e| format!("{}: {e}", a.file))?;
    json(out, &report(&scenario.trace, &run))
}

/// `{"events": [{"id", "value"}, ...], "final": {process: value}}`, events
/// in input order.
fn report(trace: &Trace, run: &crdt::Run) -> Value {
    let events: Vec<Value> = (0..trace.event_count())
        .map(|e| json!({"id": trace.event_id(e as u32), "value": run.values[e].to_json()}))
        .collect();
    let finals: Map<String, Value> = (0..trace.process_count())
        .map(|p| (trace.process_name(p as u32).to_string(), run.finals[p].to_json()))
        .collect();
    json!({"events": events, "final": finals})
}
