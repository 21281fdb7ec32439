//! What a commit-lab run shows: the trace for the diagram, each node's
//! decision and states over time, the invariants (atomicity, validity,
//! termination, time blocked) and the metrics.

use super::engine::{simulate, Record, What};
use super::scenario::{Protocol, Scenario};
use super::{three_pc, two_pc, Decision, Status, Time, Vote};
use crate::core::builder::{EventSpec, TraceBuilder};
use crate::core::formats::{write_trace_with, Extras};
use crate::core::generate::event_id;
use crate::core::trace::{EventKind, Trace};
use serde_json::json;

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
    /// No node committed while another aborted.
    pub atomicity: bool,
    /// A commit only if every participant voted yes.
    pub validity: bool,
    /// Every node up at the end has decided.
    pub termination: bool,
    /// Time each node spent uncertain (blocked).
    pub blocked: Vec<Time>,
    /// Messages sent (copies made by a duplicating link included).
    pub messages: usize,
    /// The longest chain of message hops before a decision.
    pub message_delays: usize,
    /// When the last node decided.
    pub time_to_decision: Option<Time>,
    /// Time the coordinator was up over the run's length.
    pub availability: f64,
}

/// Runs a scenario.
pub fn run(s: &Scenario) -> Outcome {
    let record = match s.protocol {
        Protocol::TwoPc => simulate(s, two_pc::nodes(s)),
        Protocol::ThreePc => simulate(s, three_pc::nodes(s)),
    };
    let names = s.names();
    let (trace, times) = to_trace(&names, &record);
    let decisions: Vec<Decision> = record.decisions.iter().flatten().map(|&(d, _)| d).collect();
    let all_yes = (1..=s.participants).all(|i| s.vote(i) == Vote::Yes);
    Outcome {
        atomicity: !(decisions.contains(&Decision::Commit) && decisions.contains(&Decision::Abort)),
        validity: all_yes || !decisions.contains(&Decision::Commit),
        termination: (0..names.len()).all(|n| !record.alive[n] || record.decisions[n].is_some()),
        blocked: record.timelines.iter().map(|t| time_in(t, Status::Uncertain, s.until)).collect(),
        messages: record.messages.len(),
        message_delays: message_delays(&record),
        time_to_decision: record.decisions.iter().flatten().map(|&(_, t)| t).reduce(f64::max),
        availability: 1.0 - time_in(&record.timelines[0], Status::Crashed, s.until) / s.until,
        names,
        record,
        trace,
        times,
    }
}

/// Time a timeline spends in `status` before `end`.
fn time_in(timeline: &[(Time, Status)], status: Status, end: Time) -> Time {
    timeline
        .iter()
        .enumerate()
        .filter(|(_, (_, s))| *s == status)
        .map(|(i, (t, _))| timeline.get(i + 1).map_or(end, |next| next.0).min(end) - t.min(end))
        .fold(0.0, |a, b| a + b)
}

/// The longest chain of message hops ending at a decision.
fn message_delays(r: &Record) -> usize {
    let mut depth = vec![0usize; r.events.len()];
    let mut last: Vec<usize> = vec![0; r.alive.len()];
    let mut sender_depth = vec![0usize; r.messages.len()];
    let mut best = 0;
    for (i, e) in r.events.iter().enumerate() {
        let mut d = last[e.node];
        match &e.what {
            What::Receive(m) => d = d.max(sender_depth[*m] + 1),
            What::Send(ms) => ms.iter().for_each(|&m| sender_depth[m] = d),
            _ => {}
        }
        depth[i] = d;
        last[e.node] = d;
        if e.decided.is_some() {
            best = best.max(d);
        }
    }
    best
}

/// The run as a trace: one process per node, an event per handled input
/// (start, receive, timeout, crash, recover) and per batch of sends.
fn to_trace(names: &[String], r: &Record) -> (Trace, Vec<Time>) {
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
            What::Crash => (EventKind::Local, "crash".into()),
            What::Recover => (EventKind::Local, "recover".into()),
        };
        let label = match e.decided {
            Some(d) => format!("{word}{}decide {}", if word.is_empty() { "" } else { "; " }, word_of(d)),
            None => word,
        };
        let spec = EventSpec {
            label: (!label.is_empty()).then_some(label.as_str()),
            ..EventSpec::new(&id, &names[e.node], kind, &refs)
        };
        b.event(&spec).expect("a run's events are valid");
        // Several events of a node at one simulated time keep their order.
        let t = previous[e.node].map_or(e.time, |p| e.time.max(p + 0.01));
        previous[e.node] = Some(t);
        times.push(t);
    }
    (b.build().expect("a run's causality is acyclic"), times)
}

fn word_of(d: Decision) -> &'static str {
    match d {
        Decision::Commit => "commit",
        Decision::Abort => "abort",
    }
}

impl Outcome {
    /// The report `lightcone simulate` prints.
    pub fn to_json(&self) -> serde_json::Value {
        let by_node = |f: &dyn Fn(usize) -> serde_json::Value| -> serde_json::Map<String, serde_json::Value> {
            self.names.iter().enumerate().map(|(n, name)| (name.clone(), f(n))).collect()
        };
        let mut trace = Vec::new();
        write_trace_with(&self.trace, Some(&self.times), &Extras::default(), &mut trace)
            .expect("writing to memory cannot fail");
        let trace: serde_json::Value = serde_json::from_slice(&trace).expect("the trace JSON is valid");
        json!({
            "trace": trace,
            "decisions": by_node(&|n| json!(self.record.decisions[n].map(|(d, _)| word_of(d)))),
            "invariants": {
                "atomicity": self.atomicity,
                "validity": self.validity,
                "termination": self.termination,
                "blocked": by_node(&|n| json!(self.blocked[n])),
            },
            "metrics": {
                "messages": self.messages,
                "message_delays": self.message_delays,
                "round_trips": self.message_delays as f64 / 2.0,
                "time_to_decision": self.time_to_decision,
                "time_blocked": self.blocked.iter().fold(0.0, |a, b| a + b),
                "availability": self.availability,
            },
            "states": by_node(&|n| json!(self.record.timelines[n].iter().map(|(t, s)| json!([t, s])).collect::<Vec<_>>())),
        })
    }
}
