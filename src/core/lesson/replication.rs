//! Conditions on a replica group's run (Viewstamped Replication,
//! docs/vr.md, or PBFT, docs/pbft.md), read from what the run reports of
//! itself, as `lightcone simulate` prints it: each replica's state as the
//! run ends (VR's Fig. 2 view-number, status, op-number and
//! commit-number; for PBFT its view, status, log length and last executed
//! sequence number, which stands for the commit-number; a crashed
//! replica's is what it had when it crashed), the views started (VR §4.2,
//! PBFT's from each first NEW-VIEW), and the requests answered. A run that is not a replica group's has none of
//! these, and a condition on it is an error, not a task never done.

use super::condition::{check_word, Bounds, ReplicaIs};
use crate::core::sim::outcome::Outcome;
use serde_json::{Map, Value};

/// A replica's statuses (VR §4: normal, view-change, recovering; PBFT's
/// are normal and view-change). A crashed one is not up; its status is
/// the one it crashed in.
pub const STATUSES: [&str; 3] = ["normal", "view-change", "recovering"];

/// Whether replica `want.node` ends the run as `want` says.
pub fn replica(run: &Outcome, want: &ReplicaIs) -> Result<bool, String> {
    let r = named_replica(run, &want.node, "replica", "replica.node")?;
    if let Some(status) = &want.status {
        check_word(status, &STATUSES, "replica.status")?;
    }
    // PBFT reports no op- or commit-number: its log's length and its last
    // executed n are the same quantities.
    let number = |key: &str| {
        r.get(key).and_then(Value::as_u64).or_else(|| match key {
            "op_number" => r.get("log").and_then(Value::as_array).map(|l| l.len() as u64),
            "commit_number" => r.get("executed").and_then(Value::as_u64),
            _ => None,
        })
    };
    let is = |wanted: Option<u64>, key: &str| wanted.is_none_or(|v| number(key) == Some(v));
    Ok(is(want.view, "view")
        && is(want.op_number, "op_number")
        && is(want.commit_number, "commit_number")
        && want.status.as_ref().is_none_or(|s| r.get("status").and_then(Value::as_str) == Some(s))
        && want.up.is_none_or(|up| r.get("up").and_then(Value::as_bool) == Some(up)))
}

/// Whether the latest view started is within `bounds`.
pub fn view(run: &Outcome, bounds: &Bounds) -> Result<bool, String> {
    latest_view(run, "view").map(|(v, _)| bounds.admit(v))
}

/// Whether `name` is the primary of the latest view started.
pub fn primary(run: &Outcome, name: &str) -> Result<bool, String> {
    named_replica(run, name, "primary", "primary")?;
    latest_view(run, "primary").map(|(_, p)| p == name)
}

/// Whether the number of requests answered is within `bounds`.
pub fn requests(run: &Outcome, bounds: &Bounds) -> Result<bool, String> {
    replicas(run, "requests")?;
    let n = run.count("requests").ok_or("requests: this run does not count the requests it answered")?;
    Ok(bounds.admit(n as u64))
}

/// The report's replicas, by name.
fn replicas<'a>(run: &'a Outcome, what: &str) -> Result<&'a Map<String, Value>, String> {
    run.report.get("replicas").and_then(Value::as_object).ok_or_else(|| {
        format!("{what}: this step's run is not a replica group's (name a VR or PBFT scenario)")
    })
}

/// Replica `name`'s state as the run ends, for the condition `what`;
/// `field` is where the name is written.
fn named_replica<'a>(
    run: &'a Outcome,
    name: &str,
    what: &str,
    field: &str,
) -> Result<&'a Map<String, Value>, String> {
    let all = replicas(run, what)?;
    all.get(name).and_then(Value::as_object).ok_or_else(|| {
        let names: Vec<&str> = all.keys().map(String::as_str).collect();
        format!(
            "{field}: there is no replica \"{}\" in the run (it has {})",
            super::clip(name),
            names.join(", ")
        )
    })
}

/// The latest view started, and its primary's name.
fn latest_view<'a>(run: &'a Outcome, what: &str) -> Result<(u64, &'a str), String> {
    replicas(run, what)?;
    let last = run.report.get("views").and_then(Value::as_array).and_then(|views| views.last());
    let view = last.and_then(|v| Some((v.get("view")?.as_u64()?, v.get("primary")?.as_str()?)));
    view.ok_or_else(|| format!("{what}: this run reports no views"))
}
