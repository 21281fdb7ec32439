//! Counting and listing the consistent cuts: the elements of the lattice
//! of consistent global states, the empty and the full cut included.
//!
//! By the frontier rule (see [`super::frontier_test`]) consistency is a set
//! of conditions on *pairs* of processes, each monotone: with f the
//! frontier and e_i the frontier events, f[i] >= V(e_j)[i] for all i, j.
//! So the walk fixes the frontier one process at a time, and each process's
//! allowed counts, given the ones fixed before it, form one interval:
//! at least what the fixed frontier events have seen of it, at most the
//! events of its own that have seen no more of the fixed processes than
//! their frontiers. Every choice in the interval extends to a consistent
//! cut (the least consistent cut containing a consistent partial choice
//! keeps it), so the walk never backtracks from a dead end, and the last
//! process's interval is counted without being walked: O(P · log L) per
//! consistent choice of all processes but the last (P processes, lines of
//! up to L events), with the longest line last.

use super::Cut;
use crate::core::clocks::VectorClocks;
use crate::core::trace::{ProcessIdx, Trace};
use std::ops::ControlFlow;

/// How many consistent cuts a trace has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Count {
    /// The number of consistent cuts, empty and full cut included; the
    /// limit when there are more (then a lower bound).
    pub count: u64,
    /// True when `count` is the number; false when there are more than the
    /// limit and counting stopped there.
    pub exact: bool,
}

/// Counts the consistent cuts of `trace` (whose vector clocks are
/// `vectors`), the empty and the full cut included, stopping as soon as
/// there are more than `limit`: then the answer is `limit`, not exact.
/// The walk visits at most P consistent partial choices per cut counted
/// (see the module's note), so stopping at the limit bounds the time.
pub fn count(trace: &Trace, vectors: &VectorClocks, limit: u64) -> Count {
    let mut order: Vec<ProcessIdx> = (0..trace.process_count() as ProcessIdx).collect();
    // The last line is counted, not walked: make it the longest.
    order.sort_by_key(|&p| trace.process_events(p).len());
    let mut total: u128 = 0;
    let over = |total: u128| total > u128::from(limit);
    if order.is_empty() {
        total = 1;
    } else {
        let _ = walk(trace, vectors, &order, |_, _, lo, hi| {
            total += u128::from(hi - lo + 1);
            if over(total) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
    }
    if over(total) {
        Count { count: limit, exact: false }
    } else {
        Count { count: total as u64, exact: true }
    }
}

/// Every consistent cut, empty and full included, in lexicographic order
/// of their frontiers (by process index); `None` when there are more than
/// `max`.
pub fn all(trace: &Trace, vectors: &VectorClocks, max: usize) -> Option<Vec<Cut>> {
    if trace.process_count() == 0 {
        return (max >= 1).then(|| vec![Cut { frontier: Vec::new() }]);
    }
    let order: Vec<ProcessIdx> = (0..trace.process_count() as ProcessIdx).collect();
    let mut cuts: Vec<Cut> = Vec::new();
    let walked = walk(trace, vectors, &order, |frontier, last, lo, hi| {
        if cuts.len() as u64 + u64::from(hi - lo + 1) > max as u64 {
            return ControlFlow::Break(());
        }
        for n in lo..=hi {
            frontier[last as usize] = n;
            cuts.push(Cut { frontier: frontier.to_vec() });
        }
        ControlFlow::Continue(())
    });
    walked.is_continue().then_some(cuts)
}

/// Walks every consistent choice of frontier for all processes of `order`
/// but the last, in order (each process's count increasing, the later ones
/// varying fastest), calling `leaf(frontier, last, lo, hi)` with the last
/// process's allowed counts `lo..=hi` (its own entry of `frontier` is
/// free for the caller). Stops when `leaf` breaks.
fn walk(
    trace: &Trace,
    vectors: &VectorClocks,
    order: &[ProcessIdx],
    mut leaf: impl FnMut(&mut [u32], ProcessIdx, u32, u32) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let n = order.len();
    let mut position = vec![0usize; trace.process_count()];
    for (i, &p) in order.iter().enumerate() {
        position[p as usize] = i;
    }
    let mut state = Walk {
        trace,
        vectors,
        position,
        frontier: vec![0; trace.process_count()],
        lo: vec![0; trace.process_count()],
        undo: Vec::new(),
    };
    // Per level: the process's greatest allowed count, and where the undo
    // log stood before its frontier event was applied.
    let mut hi = vec![0u32; n];
    let mut mark = vec![0usize; n];
    let mut level = 0;
    loop {
        // Enter `level` afresh: its interval, given the levels before.
        let p = order[level];
        let (lo, top) = (state.lo[p as usize], state.upper(p));
        let descend = lo <= top && level + 1 < n;
        if lo <= top && level + 1 == n {
            leaf(&mut state.frontier, p, lo, top)?;
        }
        if descend {
            hi[level] = top;
            mark[level] = state.undo.len();
            state.set(p, lo);
            level += 1;
            continue;
        }
        // Back up to the deepest level with a count left to try.
        loop {
            if level == 0 {
                return ControlFlow::Continue(());
            }
            level -= 1;
            let q = order[level];
            state.undo_to(mark[level]);
            if state.frontier[q as usize] < hi[level] {
                state.set(q, state.frontier[q as usize] + 1);
                level += 1;
                break;
            }
            state.frontier[q as usize] = 0;
        }
    }
}

/// The walk's state: the frontier fixed so far, and for each process not
/// yet fixed the least count the fixed frontier events require of it.
struct Walk<'a> {
    trace: &'a Trace,
    vectors: &'a VectorClocks,
    /// Each process's place in the walk's order.
    position: Vec<usize>,
    frontier: Vec<u32>,
    lo: Vec<u32>,
    /// (process, its previous `lo`), to restore on the way back.
    undo: Vec<(ProcessIdx, u32)>,
}

impl Walk<'_> {
    /// Fixes `p`'s count at `n`: what its frontier event has seen of the
    /// processes after it raises their least counts.
    fn set(&mut self, p: ProcessIdx, n: u32) {
        self.frontier[p as usize] = n;
        let Some(i) = n.checked_sub(1) else { return };
        let e = self.trace.process_events(p)[i as usize];
        let after = self.position[p as usize];
        for (q, x) in self.vectors.of(e).nonzero() {
            let q = q as usize;
            if self.position[q] > after && x > self.lo[q] {
                self.undo.push((q as ProcessIdx, self.lo[q]));
                self.lo[q] = x;
            }
        }
    }

    /// Restores the least counts as they were when the log was `len` long.
    fn undo_to(&mut self, len: usize) {
        while self.undo.len() > len {
            let (q, old) = self.undo.pop().expect("longer than len");
            self.lo[q as usize] = old;
        }
    }

    /// The greatest count allowed to `p` given the processes fixed before
    /// it: its events that have seen no more of each fixed process than
    /// that process's frontier. Only the processes its last event has
    /// heard of can bound it.
    fn upper(&self, p: ProcessIdx) -> u32 {
        let events = self.trace.process_events(p);
        let Some(&last) = events.last() else { return 0 };
        let before = self.position[p as usize];
        let mut top = events.len();
        for (i, x) in self.vectors.of(last).nonzero() {
            let f = self.frontier[i as usize];
            if self.position[i as usize] < before && x > f {
                top = top.min(events[..top].partition_point(|&e| self.vectors.entry(e, i) <= f));
            }
        }
        top as u32
    }
}
