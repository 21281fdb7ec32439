//! The explorer's memory budget: what its tables hold, counted in bytes
//! as it goes, so a search stops on memory as well as on states (a state
//! count alone says nothing of how large each state is: nine participants
//! make every state larger, not only more of them).
//!
//! The count covers the three tables that grow with the search: the set of
//! fingerprints seen, the arena of moves that rebuilds a counterexample,
//! and the queue of worlds waiting to be expanded (each world's own size
//! and the heap storage of its vectors). Protocol states are plain values
//! (no heap of their own), so a world's size is known exactly up to the
//! allocator's overhead, counted here as one word and a half per block.

use super::frontier::Pending;
use super::search::Move;
use crate::core::sim::interpret::NodeOf;
use crate::core::sim::protocol::Protocol;
use crate::core::sim::world::{Envelope, World};
use crate::core::sim::NodeId;
use std::mem::size_of;

/// The default budget of `lightcone explore`: 1 GiB.
pub const DEFAULT_MEMORY: usize = 1 << 30;

/// The page's budget: 256 MiB, as a tab shares the browser's memory and a
/// wasm32 heap tops out at 4 GiB.
pub const PAGE_MEMORY: usize = 256 << 20;

/// What one heap block costs beyond its contents (the allocator's header
/// and rounding, on average).
const BLOCK: usize = 12;

/// A seen fingerprint's share of the hash set: its slot (8 bytes) and
/// control byte, over the set's load at its fullest (7/8).
const SEEN: usize = 11;

/// The bytes the three tables hold: `seen` fingerprints and `arena` moves
/// in the capacities they have, `queue` slots for waiting worlds, and
/// `waiting`, what those worlds keep on the heap.
pub(super) fn table_bytes<P: Protocol>(seen: usize, arena: usize, queue: usize, waiting: usize) -> usize {
    seen.saturating_mul(SEEN)
        .saturating_add(arena.saturating_mul(size_of::<(Option<u32>, Move<P::Timer>)>()))
        .saturating_add(queue.saturating_mul(size_of::<Pending<P>>()))
        .saturating_add(waiting)
}

/// What a waiting world keeps on the heap: its vectors' storage.
pub(super) fn heap_bytes<P: Protocol>(w: &World<P>) -> usize {
    let heap = |bytes: usize| if bytes == 0 { 0 } else { bytes + BLOCK };
    heap(w.nodes.nodes.capacity() * size_of::<NodeOf<P>>())
        + heap(w.nodes.replays.capacity() * size_of::<((NodeId, NodeId), P::Msg)>())
        + heap(w.net.flight.capacity() * size_of::<Envelope<P::Msg>>())
        + heap(w.net.timers.capacity() * size_of::<(NodeId, P::Timer)>())
        + heap(w.net.sides.as_ref().map_or(0, Vec::capacity))
        + heap(w.given.capacity() * size_of::<usize>())
}
