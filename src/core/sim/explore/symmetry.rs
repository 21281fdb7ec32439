//! Symmetry reduction (Ip and Dill, "Better Verification Through
//! Symmetry", 1996): when some nodes are interchangeable (the protocol
//! says which; the model must treat them alike too: same clock, same
//! Byzantine behaviour), a state and any renaming of those nodes among
//! themselves behave the same, so the explorer keys each state by a
//! representative of its class. The representative here sorts each group's
//! nodes by their own state; ties keep id order. That is not always the
//! smallest representative, so some equivalent states still count twice,
//! but no two inequivalent ones ever count once.

use crate::core::sim::env::Env;
use crate::core::sim::protocol::Protocol;
use crate::core::sim::world::World;
use crate::core::sim::NodeId;
use foldhash::quality::FixedState;
use std::hash::BuildHasher;

/// Groups of interchangeable nodes (each of two or more).
pub(super) struct Symmetry {
    groups: Vec<Vec<NodeId>>,
}

impl Symmetry {
    /// The protocol's groups, split where the model tells nodes apart;
    /// `None` when nothing is left to permute.
    pub(super) fn new<P: Protocol>(env: &Env<'_, P>) -> Option<Symmetry> {
        let alike =
            |a: NodeId, b: NodeId| env.byzantine[a] == env.byzantine[b] && env.clocks[a] == env.clocks[b];
        let mut groups: Vec<Vec<NodeId>> = Vec::new();
        for group in env.protocol.interchangeable() {
            let mut split: Vec<Vec<NodeId>> = Vec::new();
            for n in group {
                match split.iter_mut().find(|g| alike(g[0], n)) {
                    Some(g) => g.push(n),
                    None => split.push(vec![n]),
                }
            }
            groups.extend(split.into_iter().filter(|g| g.len() > 1));
        }
        (!groups.is_empty()).then_some(Symmetry { groups })
    }

    /// The fingerprint of `w`'s representative.
    pub(super) fn fingerprint<P: Protocol>(&self, env: &Env<'_, P>, w: &World<P>) -> u64 {
        renamed(env, w, &self.map(w)).fingerprint()
    }

    /// Old id -> new id: within each group, nodes sorted by their state.
    fn map<P: Protocol>(&self, w: &World<P>) -> Vec<NodeId> {
        let build = FixedState::with_seed(7);
        let mut map: Vec<NodeId> = (0..w.nodes.nodes.len()).collect();
        for group in &self.groups {
            let mut by_state = group.clone();
            by_state.sort_by_key(|&n| (build.hash_one(&w.nodes.nodes[n]), n));
            for (&old, &new) in by_state.iter().zip(group) {
                map[old] = new;
            }
        }
        map
    }
}

/// `w` with every node id renamed by `map`.
fn renamed<P: Protocol>(env: &Env<'_, P>, w: &World<P>, map: &[NodeId]) -> World<P> {
    let p = env.protocol;
    let mut out = w.clone();
    for (old, node) in w.nodes.nodes.iter().enumerate() {
        let to = &mut out.nodes.nodes[map[old]];
        *to = node.clone();
        to.state = p.rename_state(&node.state, map);
        out.given[map[old]] = w.given[old];
    }
    out.nodes.replays = w.nodes.replays.renamed(map, |m| p.rename_msg(m, map));
    for e in &mut out.net.flight {
        (e.from, e.to, e.msg) = (map[e.from], map[e.to], p.rename_msg(&e.msg, map));
    }
    for t in &mut out.net.timers {
        t.0 = map[t.0];
    }
    if let Some(sides) = &w.net.sides {
        let mut moved = sides.clone();
        (0..sides.len()).for_each(|n| moved[map[n]] = sides[n]);
        out.net.sides = Some(relabelled(moved));
    }
    out
}

/// Sides renumbered in order of first appearance (a partition is the same
/// whichever side is called 0).
fn relabelled(sides: Vec<u8>) -> Vec<u8> {
    let mut names: Vec<u8> = Vec::new();
    sides
        .into_iter()
        .map(|s| match names.iter().position(|&x| x == s) {
            Some(i) => i as u8,
            None => {
                names.push(s);
                names.len() as u8 - 1
            }
        })
        .collect()
}
