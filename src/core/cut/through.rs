//! A run through a cut: Chandy and Lamport's construction in the proof of
//! Theorem 1 (§4 of "Distributed Snapshots", 1985). The events inside a
//! consistent cut (the "pre-recording" events), in the run's order, then
//! the events outside it, in the run's order, are again a run of the same
//! system: no event moved forward past one that happened before it. That
//! run, seq′, starts in the initial state, passes through the state of the
//! cut after its first events, and ends in the run's own final state.

use super::Cut;
use crate::core::trace::{EventIdx, Trace};

/// seq′ for `cut`: its events, then the others, each in the trace's
/// [`Trace::linear_extension`]; `None` when the cut is inconsistent (then
/// no run passes through it).
pub fn through(trace: &Trace, cut: &Cut) -> Option<Vec<EventIdx>> {
    if !super::verdict(trace, cut).consistent {
        return None;
    }
    let order = trace.linear_extension();
    let (inside, outside): (Vec<EventIdx>, Vec<EventIdx>) =
        order.iter().partition(|&&e| cut.contains(trace, e));
    Some(inside.into_iter().chain(outside).collect())
}
