//! The opening of a run: its trace until its first few exchanges are over
//! (a gallery card's picture; a whole run is an hour of polls).

use super::Run;
use serde_json::Value;
use std::collections::HashSet;

impl Run {
    /// The trace (as `trace_json` writes it) cut after the end of the first
    /// `n` exchanges, and that end. A message still in flight then is left
    /// out with its send, not drawn as lost; a broadcast keeps the
    /// messages that arrived.
    pub fn opening(&self, n: usize) -> (Value, f64) {
        let end = self.exchanges.iter().take(n).map(|e| e.truth[3]).fold(0.0, f64::max) + 0.01;
        let mut trace = self.outcome.trace_json();
        let Some(events) = trace["events"].as_array_mut() else { return (trace, end) };
        events.retain(|e| e["time"].as_f64().is_some_and(|t| t <= end));
        let received: HashSet<String> = events
            .iter()
            .filter(|e| e["kind"] == "receive")
            .filter_map(|e| e["message"].as_str().map(String::from))
            .collect();
        let kept = |m: &Value| m.as_str().is_some_and(|m| received.contains(m));
        for e in events.iter_mut() {
            if let Some(ms) = e.get_mut("messages").and_then(|m| m.as_array_mut()) {
                ms.retain(kept);
            }
        }
        events.retain(|e| match e["kind"].as_str() {
            Some("send") => kept(&e["message"]) || e["messages"].as_array().is_some_and(|ms| !ms.is_empty()),
            _ => true,
        });
        (trace, end)
    }
}
