//! The questions a quiz asks, in words, and their JSON form.

use crate::core::trace::Trace;
use serde::{Deserialize, Serialize};

/// What a question asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Every event's Lamport clock.
    Lamport,
    /// Every event's vector clock.
    Vector,
    /// Every event concurrent with one chosen event.
    Concurrent,
    /// All events in Lamport's total order.
    Order,
}

impl Kind {
    /// The four kinds, in the order a quiz asks them.
    pub const ALL: [Kind; 4] = [Kind::Lamport, Kind::Vector, Kind::Concurrent, Kind::Order];
}

/// One question: `{"kind": "concurrent", "ask": "…", "event": "b2"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// What it asks for.
    pub kind: Kind,
    /// The question in words, with the rule it expects the answer by.
    pub ask: String,
    /// The chosen event, for the concurrency question only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
}

/// The four questions about `trace`, the concurrency one about `chosen`.
/// Each says which rule it is marked by, so an answer by another
/// convention (course notes differ) is not a surprise.
pub(super) fn questions(trace: &Trace, chosen: &str) -> Vec<Question> {
    let order = process_order(trace);
    let ask =
        |kind, ask: String, event: Option<&str>| Question { kind, ask, event: event.map(str::to_string) };
    vec![
        ask(
            Kind::Lamport,
            "Give every event's Lamport clock by the classic rule: clocks start at 0; a local or send \
             event adds 1 to its process's clock; a receive sets it to max(local, message) + 1."
                .into(),
            None,
        ),
        ask(
            Kind::Vector,
            format!(
                "Give every event's vector clock, one entry per process ({order}): an event adds 1 to \
                 its own process's entry; a receive first takes the entrywise max of its process's \
                 vector and the message's."
            ),
            None,
        ),
        ask(
            Kind::Concurrent,
            format!(
                "Which events are concurrent with {chosen}, that is, neither happened before the other \
                 (no chain of program order and messages leads from one to the other)?"
            ),
            Some(chosen),
        ),
        ask(
            Kind::Order,
            format!(
                "Put every event in Lamport's total order: by Lamport clock (the classic rule), ties \
                 broken by process order ({order})."
            ),
            None,
        ),
    ]
}

/// The processes in order, as `A, B, C`.
fn process_order(trace: &Trace) -> String {
    let names: Vec<&str> = (0..trace.process_count() as u32).map(|p| trace.process_name(p)).collect();
    names.join(", ")
}
