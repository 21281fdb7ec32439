//! Drawing a quiz's diagram from its seed. A random trace can be a poor
//! quiz (no message arrives, a process does nothing, every event is
//! ordered with every other), so a draw that is not good enough is drawn
//! again from a seed derived from the first and a counter: the same
//! (seed, level) always ends at the same diagram, and every one is good.

use super::answers::Clocks;
use super::level::Level;
use crate::core::causality::Causality;
use crate::core::generate::{random_trace, Settings};
use crate::core::trace::{EventIdx, EventKind, Trace};

/// A good diagram, its clocks and the event the concurrency question asks
/// about.
pub(super) struct Drawn {
    pub trace: Trace,
    pub clocks: Clocks,
    pub chosen: EventIdx,
}

/// The first good draw for (seed, level). About a third of draws are
/// good, so this takes three on average (at most 20 for the first 2,000
/// seeds of every level), each a few microseconds.
pub(super) fn draw(seed: u64, level: Level) -> Drawn {
    (0u64..).find_map(|attempt| attempt_at(seed, level, attempt)).expect("some attempt is good")
}

/// Attempt number `attempt`, if it is good enough for `level`.
fn attempt_at(seed: u64, level: Level, attempt: u64) -> Option<Drawn> {
    let drawn_seed = mix(mix(mix(seed) ^ u64::from(level.number())) ^ attempt);
    let settings = Settings {
        processes: level.processes(),
        events: level.events(),
        message_probability: level.message_probability(),
        loss_probability: 0.0,
        seed: drawn_seed,
    };
    let trace = random_trace(&settings).expect("a quiz's trace is small");
    let idle = (0..trace.process_count() as u32).any(|p| trace.process_events(p).is_empty());
    let received = (0..trace.message_count() as u32).filter(|&m| trace.receive_of(m).is_some()).count();
    if idle || received < level.received_messages() {
        return None;
    }
    let clocks = Clocks::of(&trace);
    if level.wants_a_local_max() && !has_local_max(&trace, &clocks) {
        return None;
    }
    let causality = Causality::new(&trace, &clocks.vectors);
    let candidates: Vec<EventIdx> =
        (0..trace.event_count() as EventIdx).filter(|&e| !causality.concurrent_with(e).is_empty()).collect();
    if candidates.is_empty() {
        return None;
    }
    let chosen = candidates[(mix(drawn_seed ^ CHOOSE) % candidates.len() as u64) as usize];
    Some(Drawn { trace, clocks, chosen })
}

/// Salts the seed that picks the concurrency question's event, so it is
/// not the generator's first draw.
const CHOOSE: u64 = 0x6368_6f6f_7365_2121;

/// True when some receive's own clock is ahead of every message it takes:
/// max(local, message) picks the local clock there.
fn has_local_max(trace: &Trace, clocks: &Clocks) -> bool {
    let time = |e: EventIdx| clocks.lamport.time(e);
    (0..trace.event_count() as EventIdx).filter(|&e| trace.kind(e) == EventKind::Receive).any(|e| {
        let local = trace.predecessor(e).map_or(0, time);
        trace.causes(e).all(|(s, _)| time(s) < local)
    })
}

/// SplitMix64's finaliser (Steele, Lea and Flood, 2014): nearby seeds,
/// levels and attempts give unrelated generator seeds.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
