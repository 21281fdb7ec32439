//! `lightcone crdt`: a CRDT run over a gossip trace, every replica's value
//! after every event.

use crate::output::{written, Input, Out};
use lightcone::core::crdt::{self, Delivery, Scenario};
use lightcone::core::Trace;
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write;

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
    let report = Report { trace: &scenario.trace, run: &run };
    serde_json::to_writer_pretty(&mut *out, &report).map_err(|e| format!("cannot write output: {e}"))?;
    written(out.write_all(b"\n"))
}

/// `{"events": [{"id", "value"}, ...], "final": {process: value}}`, events
/// in input order: written as it is read from the run, one event's value
/// at a time, since the whole report can be far larger than the run (every
/// event's whole value: an OR-Set's 5,000 adds make 200 MB of it).
struct Report<'a> {
    trace: &'a Trace,
    run: &'a crdt::Run,
}

impl Serialize for Report<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut report = serializer.serialize_struct("Report", 2)?;
        report.serialize_field("events", &Events(self))?;
        let finals: BTreeMap<&str, Value> = (0..self.trace.process_count())
            .map(|p| (self.trace.process_name(p as u32), self.run.finals[p].to_json()))
            .collect();
        report.serialize_field("final", &finals)?;
        report.end()
    }
}

struct Events<'r, 'a>(&'r Report<'a>);

impl Serialize for Events<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Report { trace, run } = self.0;
        let mut events = serializer.serialize_seq(Some(trace.event_count()))?;
        for e in 0..trace.event_count() as u32 {
            events
                .serialize_element(&json!({"id": trace.event_id(e), "value": run.values.get(e).to_json()}))?;
        }
        events.end()
    }
}
