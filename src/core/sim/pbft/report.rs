//! What `lightcone simulate` adds for PBFT, and its metrics.
//!
//! The sections: `"replicas"` (each replica's view, status, watermarks h
//! and H, last executed number, and log: each entry's number, request
//! and whether it executed), `"history"` and `"linearizability"` (as
//! VR's), `"views"` (when each view started and its primary: view 0 at
//! the start, each later one at its first NEW-VIEW) and `"latencies"`.
//! The metrics are VR's ([`crate::core::sim::vr::report::metrics`]) with
//! availability counted PBFT's way: the share of the run during which
//! 2f + 1 replicas were in normal status.

use super::properties::history;
use super::replica::Replica;
use super::{Pbft, State};
use crate::core::sim::interpret::NodeOf;
use crate::core::sim::property::{Measure, Metric};
use crate::core::sim::record::Record;
use crate::core::sim::vr::linearizable::{self, MAX_CALLS, MAX_STEPS};
use crate::core::sim::vr::report as vr_report;
use crate::core::sim::{NodeId, Time};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The metrics of a run that stopped at `until`.
pub fn metrics(p: &Pbft, r: &Record, until: Time) -> Vec<Metric> {
    let mut out = vr_report::metrics(&p.config.as_vr(), r, until);
    for m in out.iter_mut().filter(|m| m.name == "availability") {
        m.value = Measure::Number(availability(p, r, until));
    }
    out
}

/// The share of `[0, until)` during which at least 2f + 1 replicas were
/// in normal status (a quorum that can commit).
pub fn availability(p: &Pbft, r: &Record, until: Time) -> f64 {
    let n = p.config.replicas;
    let mut changes: Vec<(Time, NodeId, bool)> = Vec::new();
    for i in 0..n {
        changes.extend(r.timelines[i].iter().map(|&(t, w)| (t, i, w == "normal")));
    }
    changes.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut normal = vec![true; n];
    let quorum = |normal: &[bool]| normal.iter().filter(|&&x| x).count() > 2 * p.config.f();
    let (mut up, mut since) = (0.0, 0.0);
    for (t, i, is_normal) in changes {
        let t = t.min(until);
        if quorum(&normal) {
            up += t - since;
        }
        since = t;
        normal[i] = is_normal;
    }
    if quorum(&normal) {
        up += until - since;
    }
    up / until
}

/// The sections `simulate` adds.
pub fn report(p: &Pbft, r: &Record, nodes: &[NodeOf<Pbft>]) -> Map<String, Value> {
    let names = p.config.names();
    let mut out = Map::new();
    let replicas: Map<String, Value> = (0..p.config.replicas)
        .filter_map(|n| match &nodes[n].state {
            State::Replica(rep) => Some((names[n].clone(), replica_json(p, rep, nodes[n].up, &names))),
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
    let latencies: Vec<Value> = vr_report::answered(&p.config.as_vr(), r)
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
fn replica_json(p: &Pbft, r: &Replica, up: bool, names: &[String]) -> Value {
    let log: Vec<Value> = r
        .log
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let (op, client, number) = match e {
                Some(q) => (json!(q.op.to_string()), json!(names[q.client]), json!(q.number)),
                None => (json!("null"), Value::Null, Value::Null),
            };
            json!({"n": i + 1, "op": op, "client": client, "number": number,
                   "committed": (i as u64) < r.executed})
        })
        .collect();
    let prepared: Vec<u64> = r.certs.keys().copied().collect();
    json!({"view": r.view, "status": crate::core::sim::protocol::Word::word(&r.status), "up": up,
           "low": r.low, "high": r.high(p.config.window), "executed": r.executed,
           "prepared": prepared, "log": log})
}

/// `[{"view", "primary", "from"}]`: view 0 from the start, each later view
/// from its first NEW-VIEW.
fn views(p: &Pbft, r: &Record, names: &[String]) -> Value {
    // Each view from its first NEW-VIEW, with the O it carried (§4.4).
    let mut started: BTreeMap<u64, (Time, Option<&Value>)> = BTreeMap::from([(0, (0.0, None))]);
    for m in r.messages.iter().filter(|m| m.label == "NEW-VIEW") {
        if let Some(v) = m.fields.get("view").and_then(Value::as_u64) {
            started.entry(v).or_insert((m.sent, m.fields.get("o")));
        }
    }
    let rows: Vec<Value> = started
        .iter()
        .map(|(v, (t, o))| {
            let mut row = json!({"view": v, "primary": names[p.config.primary(*v)], "from": t});
            if let Some(o) = o {
                row["o"] = (*o).clone();
            }
            row
        })
        .collect();
    Value::Array(rows)
}
