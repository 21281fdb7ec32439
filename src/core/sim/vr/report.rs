//! What `lightcone simulate` adds for VR, and its metrics.
//!
//! The report's sections: `"replicas"` (each replica's view, status,
//! op-number, commit-number and log, each entry marked committed or
//! not), `"history"` (each call as `{"client", "op", "invoked",
//! "returned", "result"}`), `"linearizability"` (the checker's verdict and
//! its limit), `"views"` (when each view started and its primary) and
//! `"latencies"` (each answered request's time to its reply and the
//! message delays on its critical path).
//!
//! The metrics are read from the run's record alone (so they are the same
//! however the run was made): requests answered, latency (mean and
//! largest), message delays (mean), messages, messages per operation,
//! throughput, and availability: the share of the run during which f + 1
//! replicas were in normal status, so the group could commit.

use super::config::Config;
use super::linearizable::{self, MAX_CALLS, MAX_STEPS};
use super::properties::history;
use super::{State, Vr};
use crate::core::sim::interpret::NodeOf;
use crate::core::sim::property::{Measure, Metric};
use crate::core::sim::record::{Record, What};
use crate::core::sim::{NodeId, Time};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// One answered request, read from the record.
#[derive(Clone, Debug, PartialEq)]
pub struct Answered {
    /// The client.
    pub client: NodeId,
    /// Its request-number.
    pub number: u64,
    /// When the client first sent it.
    pub sent: Time,
    /// When its first reply arrived.
    pub answered: Time,
    /// Message delays on the chain of causes from the request to the reply.
    pub delays: usize,
}

/// Every answered request of the run, by client then number.
pub fn answered(config: &Config, r: &Record) -> Vec<Answered> {
    let number = |m: usize| r.messages[m].fields.get("number").and_then(Value::as_u64);
    let mut sent: BTreeMap<(NodeId, u64), (Time, usize)> = BTreeMap::new();
    let mut got: BTreeMap<(NodeId, u64), (Time, usize)> = BTreeMap::new();
    for (m, msg) in r.messages.iter().enumerate() {
        let Some(s) = number(m) else { continue };
        if msg.label == "REQUEST" && !config.is_replica(msg.from) {
            sent.entry((msg.from, s)).or_insert((msg.sent, m));
        } else if msg.label == "REPLY" {
            if let Some(e) = msg.received {
                let t = r.events[e].time;
                let slot = got.entry((msg.to, s)).or_insert((t, m));
                if t < slot.0 {
                    *slot = (t, m);
                }
            }
        }
    }
    let chains = Chains::new(r);
    sent.iter()
        .filter_map(|(&(client, number), &(at, _))| {
            let &(answered, reply) = got.get(&(client, number))?;
            Some(Answered { client, number, sent: at, answered, delays: chains.delays(r, reply, at) })
        })
        .collect()
}

/// Which handler event sent each message, to walk a reply's causes back.
struct Chains {
    cause: Vec<Option<usize>>,
}

impl Chains {
    fn new(r: &Record) -> Chains {
        let mut cause = vec![None; r.messages.len()];
        let mut last: Vec<Option<usize>> = vec![None; r.timelines.len()];
        for (i, e) in r.events.iter().enumerate() {
            match &e.what {
                What::Send(ms) => ms.iter().for_each(|&m| cause[m] = last[e.node]),
                _ => last[e.node] = Some(i),
            }
        }
        Chains { cause }
    }

    /// Hops on the chain of causes of `m` back to the request sent at
    /// `sent`: each message was sent on receiving the one before, and the
    /// chain stops at a message sent before the request (a batch's
    /// request waits for the batch before it, whose chain is not its own).
    fn delays(&self, r: &Record, mut m: usize, sent: Time) -> usize {
        let mut hops = 1;
        for _ in 0..256 {
            let Some(e) = self.cause[m] else { break };
            let What::Receive(before) = r.events[e].what else { break };
            if r.messages[before].sent < sent {
                break;
            }
            hops += 1;
            m = before;
        }
        hops
    }
}

/// The share of `[0, until)` during which at least f + 1 replicas were in
/// normal status.
pub fn availability(config: &Config, r: &Record, until: Time) -> f64 {
    let mut changes: Vec<(Time, NodeId, bool)> = Vec::new();
    for n in 0..config.replicas {
        changes.extend(r.timelines[n].iter().map(|&(t, w)| (t, n, w == "normal")));
    }
    changes.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut normal = vec![true; config.replicas];
    let (mut up, mut since) = (0.0, 0.0);
    let quorum = |normal: &[bool]| normal.iter().filter(|&&x| x).count() > config.f();
    for (t, n, is_normal) in changes {
        let t = t.min(until);
        if quorum(&normal) {
            up += t - since;
        }
        since = t;
        normal[n] = is_normal;
    }
    if quorum(&normal) {
        up += until - since;
    }
    up / until
}

fn mean(xs: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = xs.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// The metrics of a run that stopped at `until`.
pub fn metrics(config: &Config, r: &Record, until: Time) -> Vec<Metric> {
    let done = answered(config, r);
    let latency = |a: &Answered| a.answered - a.sent;
    let span =
        done.iter().map(|a| a.answered).reduce(f64::max).zip(done.iter().map(|a| a.sent).reduce(f64::min));
    let throughput =
        span.filter(|(end, start)| end > start).map(|(end, start)| done.len() as f64 / (end - start));
    vec![
        Metric::new("requests", Measure::Count(done.len())),
        Metric::new("latency_mean", Measure::Maybe(mean(done.iter().map(latency)))),
        Metric::new("latency_max", Measure::Maybe(done.iter().map(latency).reduce(f64::max))),
        Metric::new("message_delays_mean", Measure::Maybe(mean(done.iter().map(|a| a.delays as f64)))),
        Metric::new("messages", Measure::Count(r.messages.len())),
        Metric::new(
            "messages_per_op",
            Measure::Maybe((!done.is_empty()).then(|| r.messages.len() as f64 / done.len() as f64)),
        ),
        Metric::new("throughput", Measure::Maybe(throughput)),
        Metric::new("availability", Measure::Number(availability(config, r, until))),
    ]
}

/// The sections `simulate` adds.
pub fn report(p: &Vr, r: &Record, nodes: &[NodeOf<Vr>]) -> Map<String, Value> {
    let names = p.config.names();
    let mut out = Map::new();
    let replicas: Map<String, Value> = (0..p.config.replicas)
        .filter_map(|n| match &nodes[n].state {
            State::Replica(rep) => Some((names[n].clone(), replica_json(rep, nodes[n].up, &names))),
            State::Client(_) => None,
        })
        .collect();
    out.insert("replicas".into(), Value::Object(replicas));
    let calls = history(p, nodes, |_| true);
    let mut rows: Vec<Value> = calls
        .iter()
        .map(|c| {
            json!({"client": names[c.client], "op": c.op.to_string(), "invoked": c.invoked,
                   "returned": c.returned.as_ref().map(|r| r.0), "result": c.returned.as_ref().map(|r| r.1.clone())})
        })
        .collect();
    rows.sort_by(|a, b| {
        a["invoked"].as_f64().unwrap_or(0.0).total_cmp(&b["invoked"].as_f64().unwrap_or(0.0))
    });
    out.insert("history".into(), Value::Array(rows));
    out.insert(
        "linearizability".into(),
        json!({"verdict": linearizable::check(&calls).word(), "calls": calls.len(),
               "limit": {"calls_per_key": MAX_CALLS, "steps": MAX_STEPS}}),
    );
    out.insert("views".into(), views(p, r, &names));
    let latencies: Vec<Value> = answered(&p.config, r)
        .iter()
        .map(|a| {
            json!({"client": names[a.client], "number": a.number, "sent": a.sent, "answered": a.answered,
                        "latency": a.answered - a.sent, "message_delays": a.delays})
        })
        .collect();
    out.insert("latencies".into(), Value::Array(latencies));
    out
}

/// A replica's state; a crashed one shows what it had when it crashed.
fn replica_json(r: &super::replica::Replica, up: bool, names: &[String]) -> Value {
    let log: Vec<Value> = r
        .log
        .iter()
        .enumerate()
        .map(|(i, e)| {
            json!({"op": e.op.to_string(), "client": names[e.client], "number": e.number,
                   "committed": (i as u64) < r.commit})
        })
        .collect();
    json!({"view": r.view, "status": super::Word::word(&r.status), "up": up, "op_number": r.op,
           "commit_number": r.commit, "log": log})
}

/// `[{"view", "primary", "from"}]`: view 0 from the start, each later view
/// from its first STARTVIEW.
fn views(p: &Vr, r: &Record, names: &[String]) -> Value {
    let mut started: BTreeMap<u64, Time> = BTreeMap::from([(0, 0.0)]);
    for m in r.messages.iter().filter(|m| m.label == "STARTVIEW") {
        if let Some(v) = m.fields.get("view").and_then(Value::as_u64) {
            started.entry(v).or_insert(m.sent);
        }
    }
    let rows: Vec<Value> = started
        .iter()
        .map(|(v, t)| json!({"view": v, "primary": names[p.config.primary(*v)], "from": t}))
        .collect();
    Value::Array(rows)
}
