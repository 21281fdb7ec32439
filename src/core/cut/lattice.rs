//! The lattice of consistent global states, small enough to draw: every
//! consistent cut, and its Hasse diagram (a cut above another when it has
//! exactly one more event).

use super::{all, Cut};
use crate::core::clocks::VectorClocks;
use crate::core::trace::{EventIdx, Trace};
use std::collections::HashMap;

/// One consistent cut in the lattice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LatticeNode {
    /// The cut.
    pub cut: Cut,
    /// Events inside: its row when drawn (0 for the empty cut).
    pub level: u64,
}

/// An edge of the Hasse diagram: `to` is `from` with one more event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LatticeEdge {
    /// The smaller cut, as an index into [`Lattice::nodes`].
    pub from: usize,
    /// The larger cut.
    pub to: usize,
    /// The event `to` adds.
    pub event: EventIdx,
}

/// Every consistent cut and the covering relation between them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lattice {
    /// The consistent cuts by level, then frontier (lexicographic by
    /// process index): the empty cut first, the full cut last.
    pub nodes: Vec<LatticeNode>,
    /// The Hasse edges, by `from`, then by the added event's process.
    pub edges: Vec<LatticeEdge>,
}

/// The lattice of `trace`'s consistent cuts, or `None` when it has more
/// than `max_nodes` of them.
pub fn lattice(trace: &Trace, vectors: &VectorClocks, max_nodes: usize) -> Option<Lattice> {
    let mut cuts = all(trace, vectors, max_nodes)?;
    cuts.sort_by(|a, b| a.size().cmp(&b.size()).then_with(|| a.cmp(b)));
    let index: HashMap<&[u32], usize> = cuts.iter().enumerate().map(|(i, c)| (&c.frontier[..], i)).collect();
    let mut edges = Vec::new();
    let mut above = Vec::new();
    for (from, cut) in cuts.iter().enumerate() {
        above.clone_from(&cut.frontier);
        for p in 0..above.len() {
            let Some(&event) = trace.process_events(p as u32).get(above[p] as usize) else { continue };
            above[p] += 1;
            if let Some(&to) = index.get(&above[..]) {
                edges.push(LatticeEdge { from, to, event });
            }
            above[p] -= 1;
        }
    }
    drop(index);
    let nodes = cuts.into_iter().map(|cut| LatticeNode { level: cut.size(), cut }).collect();
    Some(Lattice { nodes, edges })
}
