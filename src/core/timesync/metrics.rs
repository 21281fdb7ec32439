//! How well each node kept time over a run, measured at its events (and
//! at the run's end): its largest error from true time, its final offset,
//! when it came within the scenario's `bound` for good, and the messages
//! it took part in.

use crate::core::sim::record::Record;
use crate::core::sim::{NodeId, Time};
use serde_json::{json, Value};

/// One node's metrics.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeMetrics {
    /// The largest |offset from true time| at its events, s.
    pub max_error: f64,
    /// Its offset from true time at the end, s.
    pub final_offset: f64,
    /// The first event from which |offset| stays within the bound to the
    /// end (none: it does not end within it).
    pub converged_at: Option<Time>,
    /// Messages it sent or was sent, lost ones included.
    pub messages: usize,
}

/// Each node's `[true time, offset]` at each of its events, in order.
pub fn offsets(record: &Record, nodes: usize) -> Vec<Vec<(Time, f64)>> {
    let mut offsets = vec![Vec::new(); nodes];
    for e in &record.events {
        offsets[e.node].push((e.time, e.local_time - e.time));
    }
    offsets
}

/// The metrics of node `n`, whose offsets are `offsets`.
pub fn node_metrics(record: &Record, n: NodeId, offsets: &[(Time, f64)], bound: f64) -> NodeMetrics {
    let max_error = offsets.iter().map(|&(_, x)| x.abs()).fold(0.0, f64::max);
    let final_offset = offsets.last().map_or(0.0, |&(_, x)| x);
    let converged_at = match offsets.iter().rposition(|&(_, x)| x.abs() > bound) {
        None => offsets.first().map(|&(t, _)| t),
        Some(k) => offsets.get(k + 1).map(|&(t, _)| t),
    };
    let messages = record.messages.iter().filter(|m| m.from == n || m.to == n).count();
    NodeMetrics { max_error, final_offset, converged_at, messages }
}

impl NodeMetrics {
    /// As the report writes it.
    pub fn to_json(&self) -> Value {
        json!({"max_error": self.max_error, "final_offset": self.final_offset,
               "converged_at": self.converged_at, "messages": self.messages})
    }
}
