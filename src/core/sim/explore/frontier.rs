//! A search's state between one expansion and the next: the states it has
//! seen, those waiting to be expanded, the paths to them (as parent links,
//! a path rebuilt only for a counterexample) and what it has found. The
//! loop that expands states can stop between any two and go on later
//! without changing what the search finds, which is how a watched search
//! reports and how a search runs in slices (slices.rs).

use super::budget::{heap_bytes, table_bytes};
use super::search::{Move, Search};
use super::{Finding, Found, Progress, Verdict};
use crate::core::sim::protocol::Protocol;
use crate::core::sim::scenario::Step;
use crate::core::sim::world::World;
use hashbrown::HashSet;
use std::collections::VecDeque;

/// A state waiting to be expanded: the world, the last move of its path
/// (an index into the move arena), its depth.
pub(super) type Pending<P> = (World<P>, Option<u32>, usize);

/// The arena's entries: a parent link and the move from it. Moves, not
/// named steps: a counterexample's steps are named by replaying its moves,
/// so the arena holds no strings.
type Arena<P> = Vec<(Option<u32>, Move<<P as Protocol>::Timer>)>;

/// How far a search has got, and what it has found.
pub(super) struct Frontier<P: Protocol> {
    seen: HashSet<u64>,
    arena: Arena<P>,
    queue: VecDeque<Pending<P>>,
    /// What the waiting worlds keep on the heap, in bytes.
    waiting: usize,
    /// Per property, the path (its last move) that violates it.
    found: Vec<Option<Option<u32>>>,
    truncated: bool,
    /// The memory budget cut the search short.
    memory_cut: bool,
    depth_cut: bool,
    /// Stopped at a safety violation.
    stopped: bool,
}

impl<P: Protocol> Frontier<P> {
    pub(super) fn progress(&self) -> Progress {
        Progress { states: self.seen.len(), depth: self.queue.front().map_or(0, |p| p.2) }
    }

    /// The bytes its tables hold, as the memory budget counts them.
    fn bytes(&self) -> usize {
        table_bytes::<P>(self.seen.capacity(), self.arena.capacity(), self.queue.capacity(), self.waiting)
    }
}

impl<P: Protocol> Search<'_, '_, P> {
    /// A search at its start: the initial state, waiting.
    pub(super) fn start(&self) -> Frontier<P> {
        let start = World::start(self.env, false);
        let mut seen: HashSet<u64> = HashSet::new();
        seen.insert(self.key(&start));
        Frontier {
            seen,
            arena: Vec::new(),
            waiting: heap_bytes(&start),
            queue: VecDeque::from([(start, None, 0)]),
            found: vec![None; self.properties.len()],
            truncated: false,
            memory_cut: false,
            depth_cut: false,
            stopped: false,
        }
    }

    /// Expands states, breadth first, until the search is over (true), or
    /// it pauses (false) before the next expansion once `states` states
    /// have been found or `expansions` states expanded.
    pub(super) fn advance(&self, f: &mut Frontier<P>, states: usize, expansions: usize) -> bool {
        for _ in 0..expansions {
            if f.seen.len() >= states && !f.queue.is_empty() {
                return false;
            }
            let Some((world, at, depth)) = f.queue.pop_front() else { return true };
            f.waiting -= heap_bytes(&world);
            if let Some(k) = self.broken_safety(&world, &f.found) {
                f.found[k] = Some(at);
                f.stopped = true;
                return true;
            }
            self.check_liveness(&world, at, &mut f.found);
            let moves = self.moves(&world);
            if depth >= self.bounds.depth {
                f.depth_cut |= !moves.is_empty();
                continue;
            }
            for mv in moves {
                if f.seen.len() >= self.bounds.states {
                    f.truncated = true;
                    break;
                }
                // Once over budget, no state is added again, though the
                // queue shrinks: the search stays a prefix of the whole.
                if f.memory_cut || f.bytes() >= self.bounds.memory {
                    f.memory_cut = true;
                    break;
                }
                let next = self.next(&world, &mv);
                if f.seen.insert(self.key(&next)) {
                    f.arena.push((at, mv));
                    f.waiting += heap_bytes(&next);
                    f.queue.push_back((next, Some(f.arena.len() as u32 - 1), depth + 1));
                }
            }
        }
        f.queue.is_empty()
    }

    /// What the search found, over or `cancelled` where it is.
    pub(super) fn verdict(&self, f: Frontier<P>, cancelled: bool) -> Verdict {
        let complete = !(f.truncated || f.memory_cut || f.depth_cut || f.stopped || cancelled);
        let properties = self
            .properties
            .iter()
            .zip(f.found)
            .map(|(p, at)| Found {
                name: p.name,
                kind: p.kind,
                broken: p.broken,
                finding: match at {
                    Some(at) => Finding::Violated(self.path(&f.arena, at)),
                    None if complete => Finding::Holds,
                    None => Finding::Unknown,
                },
            })
            .collect();
        Verdict {
            states: f.seen.len(),
            truncated: f.truncated || f.memory_cut,
            memory_cut: f.memory_cut,
            depth_cut: f.depth_cut,
            cancelled,
            properties,
        }
    }

    /// The named steps from the start to the arena's entry `at`: its moves,
    /// replayed from the start so each is named in the world it left.
    fn path(&self, arena: &Arena<P>, mut at: Option<u32>) -> Vec<Step> {
        let mut moves = Vec::new();
        while let Some(i) = at {
            let (parent, mv) = &arena[i as usize];
            moves.push(mv);
            at = *parent;
        }
        let mut world = World::start(self.env, false);
        let mut steps = Vec::with_capacity(moves.len());
        for mv in moves.into_iter().rev() {
            steps.push(self.step(&world, mv));
            world = self.next(&world, mv);
        }
        steps
    }
}
