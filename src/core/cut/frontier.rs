//! A cut seen through vector clocks (Mattern 1989): its vector timestamp,
//! and the frontier rule that tells a consistent cut at a glance.

use super::Cut;
use crate::core::clocks::VectorClocks;
use crate::core::trace::{ProcessIdx, Trace};

/// The cut's vector timestamp: the entrywise max of its frontier events'
/// vector clocks (all zeros for the empty cut), by process index. Entry p
/// counts p's events in the causal past of the cut. For a consistent cut
/// it equals the frontier itself (nothing inside has seen beyond the cut);
/// for an inconsistent one some entry is greater than the frontier's.
pub fn frontier_vector(trace: &Trace, vectors: &VectorClocks, cut: &Cut) -> Vec<u32> {
    let mut v = vec![0; trace.process_count()];
    for e in cut.frontier_events(trace).into_iter().flatten() {
        for (p, x) in vectors.of(e).nonzero() {
            v[p as usize] = v[p as usize].max(x);
        }
    }
    v
}

/// One pair of Mattern's frontier rule: what `j`'s frontier event knows of
/// process `i`, against `i`'s own frontier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FrontierCheck {
    /// The process whose entry is compared.
    pub i: ProcessIdx,
    /// The process whose frontier event's knowledge of `i` is compared.
    pub j: ProcessIdx,
    /// V(e_i)[i]: `i`'s own entry at its frontier event, which is its
    /// count of events inside (0 when none is).
    pub own: u32,
    /// V(e_j)[i]: how many of `i`'s events `j`'s frontier event has seen.
    pub seen: u32,
    /// `own >= seen`: `j` has seen nothing of `i` beyond the cut.
    pub holds: bool,
}

/// Mattern's criterion, pair by pair: a cut with frontier events
/// e_1 … e_n is consistent exactly when V(e_i)[i] >= V(e_j)[i] for all
/// i, j, that is when no frontier event has seen more of a process than
/// that process's own frontier event. A process with no event inside
/// counts as V(e_i)[i] = 0, and one with none has nothing to compare, so
/// the pairs are every (i, j) with i != j and some event of j inside, by
/// j then i. The cut is consistent exactly when every pair holds.
pub fn frontier_test(trace: &Trace, vectors: &VectorClocks, cut: &Cut) -> Vec<FrontierCheck> {
    let mut checks = Vec::new();
    for (j, e_j) in cut.frontier_events(trace).into_iter().enumerate() {
        let Some(e_j) = e_j else { continue };
        for (i, &own) in cut.frontier.iter().enumerate() {
            if i != j {
                let seen = vectors.entry(e_j, i as ProcessIdx);
                checks.push(FrontierCheck {
                    i: i as ProcessIdx,
                    j: j as ProcessIdx,
                    own,
                    seen,
                    holds: own >= seen,
                });
            }
        }
    }
    checks
}
