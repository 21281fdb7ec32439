//! What a run shows, for any protocol: the trace for the diagram, the
//! record (statuses over time, decisions, messages, partitions), each
//! declared property's verdict and the protocol's metrics; and the JSON
//! that `lightcone simulate` prints.

use super::engine::{self, Run};
use super::property::{Checked, Measure, Metric};
use super::protocol::Protocol;
use super::record::{Record, What};
use super::scenario::{Scenario, Task};
use super::{script, Time};
use crate::core::builder::{EventSpec, TraceBuilder};
use crate::core::formats::{write_trace_with, Extras};
use crate::core::generate::event_id;
use crate::core::trace::{EventKind, Trace};
use serde_json::{json, Map, Value};

/// A run's results.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Node names.
    pub names: Vec<String>,
    /// The raw record.
    pub record: Record,
    /// The run as a trace, with display times (a node's events at one
    /// simulated time are spread a hundredth apart, in order).
    pub trace: Trace,
    /// Each trace event's display time.
    pub times: Vec<Time>,
    /// Each declared property's verdict, in the protocol's order.
    pub properties: Vec<Checked>,
    /// The protocol's metrics.
    pub metrics: Vec<Metric>,
    /// Some node has its own clock, so events' local times differ from
    /// true times.
    pub clocks: bool,
    /// What the protocol adds to the report (the snapshot protocols:
    /// `"snapshots"`).
    pub report: Map<String, Value>,
}

/// Runs a scenario: timed, or scripted when it has a schedule.
pub fn run(s: &Scenario) -> Outcome {
    struct Simulate<'a>(&'a Scenario);
    impl Task for Simulate<'_> {
        type Out = Outcome;
        fn run<P: Protocol>(self, p: &P) -> Outcome {
            run_with(p, self.0)
        }
    }
    s.protocol.with(Simulate(s))
}

/// Runs `s` with `protocol` in place of the one it names (its node names
/// must be the protocol's).
pub fn run_with<P: Protocol>(protocol: &P, s: &Scenario) -> Outcome {
    let env = s.env(protocol).expect("a checked scenario has a valid model");
    let Run { record, properties, report } = if s.schedule.is_empty() {
        let inputs = s.timed_inputs(&env).expect("a checked scenario has valid inputs");
        engine::run(&env, &s.model, &s.faults, &inputs, s.until)
    } else {
        script::replay(&env, &s.schedule)
    };
    let (trace, times) = to_trace(&env.names, &record, 0.01);
    Outcome {
        metrics: protocol.metrics(&record, s.until),
        names: env.names,
        record,
        trace,
        times,
        properties,
        clocks: !s.model.clocks.is_empty(),
        report,
    }
}

impl Outcome {
    /// A run recorded by a simulation of its own (the time lab's, whose
    /// clocks are corrected as it runs) as an outcome like any other: its
    /// trace, with each event's local time, and no properties or metrics.
    /// A node's events at one true time are spread `spread` apart on the
    /// trace's time axis. Node names must be distinct, and distinct
    /// ignoring ASCII case (event ids are lowercase).
    pub fn from_record(
        names: Vec<String>,
        record: Record,
        spread: Time,
        report: Map<String, Value>,
    ) -> Outcome {
        let (trace, times) = to_trace(&names, &record, spread);
        Outcome {
            names,
            record,
            trace,
            times,
            properties: Vec::new(),
            metrics: Vec::new(),
            clocks: true,
            report,
        }
    }

    /// Whether the property called `name` held (false if none is).
    pub fn holds(&self, name: &str) -> bool {
        self.properties.iter().any(|p| p.name == name && p.holds)
    }

    /// The metric called `name`.
    pub fn metric(&self, name: &str) -> Option<&Measure> {
        self.metrics.iter().find(|m| m.name == name).map(|m| &m.value)
    }

    /// A whole-number metric.
    pub fn count(&self, name: &str) -> Option<usize> {
        match self.metric(name)? {
            Measure::Count(n) => Some(*n),
            _ => None,
        }
    }

    /// A number metric (`None` also when it is missing, as the time to a
    /// decision never taken).
    pub fn number(&self, name: &str) -> Option<f64> {
        match self.metric(name)? {
            Measure::Number(x) => Some(*x),
            Measure::Maybe(x) => *x,
            _ => None,
        }
    }

    /// Why the run is no report (`lightcone simulate` refuses it so): it
    /// reached the engine's cap of events before `until`.
    pub fn stopped_short(&self, until: Time) -> Option<String> {
        let at = self.record.stopped?;
        Some(format!(
            "the run reached {MAX} events at time {at:.3} of {until} and was stopped: a timeout or delay \
             too short for \"until\"? (a run records at most {MAX} events)",
            MAX = engine::MAX_RUN_EVENTS
        ))
    }

    /// A per-node metric.
    pub fn per_node(&self, name: &str) -> Option<&[f64]> {
        match self.metric(name)? {
            Measure::PerNode(xs) => Some(xs),
            _ => None,
        }
    }

    /// The report `lightcone simulate` prints: the trace (each event with
    /// its `local_time` when clocks are given), decisions, properties (as
    /// `invariants`, with the metrics that measure them), metrics, states.
    pub fn to_json(&self) -> Value {
        let by_node = |f: &dyn Fn(usize) -> Value| -> Map<String, Value> {
            self.names.iter().enumerate().map(|(n, name)| (name.clone(), f(n))).collect()
        };
        let mut invariants: Map<String, Value> =
            self.properties.iter().map(|p| (p.name.to_string(), json!(p.holds))).collect();
        let mut metrics = Map::new();
        for m in &self.metrics {
            let section = if m.beside_properties { &mut invariants } else { &mut metrics };
            section.insert(m.name.to_string(), self.measure(&m.value));
        }
        let mut report = json!({
            "trace": self.trace_json(),
            "decisions": by_node(&|n| json!(self.record.decisions[n].map(|(d, _)| d))),
            "invariants": invariants,
            "metrics": metrics,
            "states": by_node(&|n| json!(self.record.timelines[n].iter().map(|(t, s)| json!([t, s])).collect::<Vec<_>>())),
        });
        if let Value::Object(top) = &mut report {
            top.extend(self.report.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        report
    }

    fn measure(&self, value: &Measure) -> Value {
        match value {
            Measure::Count(n) => json!(n),
            Measure::Number(x) => json!(x),
            Measure::Maybe(x) => json!(x),
            Measure::PerNode(xs) => {
                Value::Object(self.names.iter().cloned().zip(xs.iter().map(|x| json!(x))).collect())
            }
        }
    }

    /// The trace in the trace format, each event with its display `time`,
    /// its `local_time` when clocks are given, and what its messages add.
    pub fn trace_json(&self) -> Value {
        let mut text = Vec::new();
        write_trace_with(&self.trace, Some(&self.times), &Extras::default(), &mut text)
            .expect("writing to memory cannot fail");
        let mut trace: Value = serde_json::from_slice(&text).expect("the trace JSON is valid");
        let events = trace["events"].as_array_mut().expect("a trace has events");
        for (event, sim) in events.iter_mut().zip(&self.record.events) {
            if self.clocks {
                event["local_time"] = json!(sim.local_time);
            }
            // A send event carries what its messages add (a transfer's amount).
            if let (What::Send(ms), Value::Object(fields)) = (&sim.what, &mut *event) {
                for &m in ms {
                    fields.extend(self.record.messages[m].fields.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
            }
        }
        trace
    }
}

/// The run as a trace: one process per node, an event per handled input
/// (start, receive, timeout, input, crash, recover) and per batch of sends;
/// a node's events at one simulated time are spread `spread` apart.
fn to_trace(names: &[String], r: &Record, spread: Time) -> (Trace, Vec<Time>) {
    let mut b = TraceBuilder::with_capacity(r.events.len());
    for name in names {
        b.process(name).expect("node names are distinct");
    }
    let mut count = vec![0usize; names.len()];
    let mut times = Vec::with_capacity(r.events.len());
    let mut previous: Vec<Option<Time>> = vec![None; names.len()];
    for e in &r.events {
        count[e.node] += 1;
        let id = event_id(&names[e.node], count[e.node]);
        let message_ids: Vec<String> = match &e.what {
            What::Receive(m) => vec![format!("m{}", m + 1)],
            What::Send(ms) => ms.iter().map(|m| format!("m{}", m + 1)).collect(),
            _ => Vec::new(),
        };
        let refs: Vec<&str> = message_ids.iter().map(String::as_str).collect();
        let (kind, word) = match &e.what {
            What::Start => (EventKind::Local, "start".to_string()),
            What::Receive(m) => (EventKind::Receive, r.messages[*m].label.clone()),
            What::Send(_) => (EventKind::Send, String::new()),
            What::Timeout(name) => (EventKind::Local, format!("timeout: {name}")),
            What::Input(label) => (EventKind::Local, label.clone()),
            What::Crash => (EventKind::Local, "crash".into()),
            What::Recover => (EventKind::Local, "recover".into()),
        };
        let label = match e.decided {
            Some(d) => format!("{word}{}decide {d}", if word.is_empty() { "" } else { "; " }),
            None => word,
        };
        let spec = EventSpec {
            label: (!label.is_empty()).then_some(label.as_str()),
            ..EventSpec::new(&id, &names[e.node], kind, &refs)
        };
        b.event(&spec).expect("a run's events are valid");
        // Several events of a node at one simulated time keep their order.
        let t = previous[e.node].map_or(e.time, |p| e.time.max(p + spread));
        previous[e.node] = Some(t);
        times.push(t);
    }
    (b.build().expect("a run's causality is acyclic"), times)
}
