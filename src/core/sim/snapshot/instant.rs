//! Whether a snapshot's recorded state ever held at an instant of the run.
//! Chandy and Lamport's Theorem 1 (§4) says only that it *could* have: the
//! recorded state is reachable from the initial one and the final state
//! is reachable from it, yet the run itself may never have passed through
//! it. A bank's state changes only where a transfer is sent or received;
//! the state of a cut held at true time t exactly when those events with
//! times up to t are the ones inside the cut. So it held from the latest
//! such event inside until the earliest one outside, if that comes later;
//! otherwise that pair is the proof that it never held.

use super::is_control;
use crate::core::cut::Cut;
use crate::core::sim::outcome::Outcome;
use crate::core::sim::Time;
use crate::core::trace::EventIdx;

/// Whether, and when, the state of a cut held during a run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Held {
    /// It held for a while.
    During {
        /// From then on (0: the start)…
        from: Time,
        /// …until then (`None`: the end).
        until: Option<Time>,
    },
    /// It never held: `earlier` is outside the cut and `later` inside it,
    /// yet `earlier` happened first (or at the same time), so by the time
    /// of `later` the run had left the cut's state behind.
    Never {
        /// A transfer's send or receipt outside the cut…
        earlier: EventIdx,
        /// …no later than one inside it.
        later: EventIdx,
    },
}

/// When the state of `cut` held during `run` (a token bank's).
pub fn held(run: &Outcome, cut: &Cut) -> Held {
    let trace = &run.trace;
    let transfer = |m: u32| run.record.messages.get(m as usize).is_some_and(|m| !is_control(m));
    let moves = |e: EventIdx| {
        trace.sent_by(e).iter().any(|&m| transfer(m)) || trace.received_by(e).iter().any(|&m| transfer(m))
    };
    let time = |e: EventIdx| run.times[e as usize];
    let mut latest_inside: Option<EventIdx> = None;
    let mut earliest_outside: Option<EventIdx> = None;
    for e in (0..trace.event_count() as EventIdx).filter(|&e| moves(e)) {
        let slot = if cut.contains(trace, e) { &mut latest_inside } else { &mut earliest_outside };
        let better = |x: EventIdx| if cut.contains(trace, e) { time(e) > time(x) } else { time(e) < time(x) };
        if slot.is_none_or(better) {
            *slot = Some(e);
        }
    }
    match (latest_inside, earliest_outside) {
        (Some(later), Some(earlier)) if time(earlier) <= time(later) => Held::Never { earlier, later },
        (inside, outside) => Held::During { from: inside.map_or(0.0, time), until: outside.map(time) },
    }
}
