//! A quiz's answers: every event's clocks, every event's concurrent
//! events, and the total order, whatever the questions ask, so a grader
//! or a page can check any question against them.

use crate::core::analysis::total_order;
use crate::core::causality::Causality;
use crate::core::clocks::{LamportClocks, VectorClocks};
use crate::core::trace::{EventIdx, Trace};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every answer, by event id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    /// Each event's Lamport clock under the classic rule.
    pub lamport: BTreeMap<String, u64>,
    /// Each event's vector clock, by process name; only the non-zero
    /// entries are listed (a process not named is 0).
    pub vector: BTreeMap<String, BTreeMap<String, u64>>,
    /// The events concurrent with each event, in the trace's event order.
    pub concurrent: BTreeMap<String, Vec<String>>,
    /// Lamport's total order: by clock, ties broken by process order.
    pub order: Vec<String>,
}

/// The clocks a quiz is answered and marked by, computed once.
pub(super) struct Clocks {
    pub lamport: LamportClocks,
    pub vectors: VectorClocks,
}

impl Clocks {
    /// The classic Lamport clocks and the vector clocks of a (small) trace.
    pub fn of(trace: &Trace) -> Self {
        let vectors = VectorClocks::compute(trace).expect("a quiz's trace is small");
        Self { lamport: LamportClocks::classic(trace), vectors }
    }
}

impl Answers {
    /// The answers for `trace`.
    pub(super) fn of(trace: &Trace, clocks: &Clocks) -> Self {
        let id = |e: EventIdx| trace.event_id(e).to_string();
        let events = 0..trace.event_count() as EventIdx;
        let causality = Causality::new(trace, &clocks.vectors);
        let named = |e: EventIdx| -> BTreeMap<String, u64> {
            clocks
                .vectors
                .of(e)
                .nonzero()
                .map(|(p, n)| (trace.process_name(p).to_string(), u64::from(n)))
                .collect()
        };
        Self {
            lamport: events.clone().map(|e| (id(e), clocks.lamport.time(e))).collect(),
            vector: events.clone().map(|e| (id(e), named(e))).collect(),
            concurrent: events
                .map(|e| (id(e), causality.concurrent_with(e).into_iter().map(id).collect()))
                .collect(),
            order: total_order(trace, &clocks.lamport).into_iter().map(id).collect(),
        }
    }
}
