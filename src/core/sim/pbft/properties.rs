//! What PBFT promises with at most f Byzantine replicas (§4.5.1 safety,
//! §4.5.2 liveness), for the nodes that follow it:
//! - **agreement**: correct replicas execute the same request at every
//!   sequence number (their executed logs are prefixes of one another);
//! - **durability**: a request executed by a correct replica at n in view
//!   v is the one every correct replica prepares at n in a view ≥ v (read
//!   from each replica's ghost record, [`super::Disk::ghost`]);
//! - **linearizable**: the clients' history is linearizable against the
//!   key-value store ([`crate::core::sim::vr::linearizable`], bounded);
//! - **liveness**: every client that is up has had every request answered
//!   (at most f faulty replicas and timing stable).

use super::{Disk, Pbft, State};
use crate::core::sim::interpret::NodeOf;
use crate::core::sim::property::{Kind, Property, View};
use crate::core::sim::vr::histories::{self, Stored};
use crate::core::sim::vr::linearizable::Event;
use crate::core::sim::vr::replica::prefixes_agree;
use crate::core::sim::NodeId;

/// The four properties.
pub fn properties() -> Vec<Property<Pbft>> {
    vec![
        Property {
            name: "agreement",
            kind: Kind::Always,
            broken: "A schedule under which two correct replicas execute different requests at one sequence number.",
            holds: agreement,
        },
        Property {
            name: "durability",
            kind: Kind::Always,
            broken: "A schedule under which a correct replica prepares, in a later view, another request at a number already executed.",
            holds: durability,
        },
        Property {
            name: "linearizable",
            kind: Kind::Always,
            broken: "A schedule under which the clients' history is not linearizable against the key-value store.",
            holds: linearizable,
        },
        Property {
            name: "liveness",
            kind: Kind::Eventually {
                fairness: "no more faults: every message in flight arrives and every timer fires",
            },
            broken: "A schedule after which some client's request is never answered.",
            holds: liveness,
        },
    ]
}

/// Every executed prefix is a prefix of the longest, compared through the
/// logs' running digests.
fn agreement(_: &Pbft, v: &View<'_, Pbft>) -> bool {
    let prefixes: Vec<(usize, &[u64])> = v
        .honest()
        .filter_map(|(_, n)| match &n.state {
            State::Replica(r) => Some((r.executed as usize, &r.chain[..])),
            State::Client(_) => None,
        })
        .collect();
    prefixes_agree(&prefixes)
}

fn durability(p: &Pbft, v: &View<'_, Pbft>) -> bool {
    let ghosts: Vec<&Disk> =
        v.honest().filter(|(n, _)| p.config.is_replica(*n)).map(|(_, n)| &n.storage).collect();
    v.honest().all(|(_, node)| {
        let State::Replica(r) = &node.state else { return true };
        r.certs.values().all(|c| {
            let s = c.pre.slot.value();
            ghosts.iter().all(|g| match g.ghost.get((s.n - 1) as usize) {
                Some(&(d, view)) if view <= s.view => d == s.digest,
                _ => true,
            })
        })
    })
}

fn linearizable(p: &Pbft, v: &View<'_, Pbft>) -> bool {
    if !p.check_history {
        return true;
    }
    histories::linearizable(&stored(p, v.nodes, |n| v.byzantine[n].is_none()))
}

fn liveness(_: &Pbft, v: &View<'_, Pbft>) -> bool {
    v.correct().all(|(_, node)| match &node.state {
        State::Client(c) => c.waiting.is_none() && c.queue.is_empty(),
        State::Replica(_) => true,
    })
}

/// The stored histories of the clients `keep` accepts.
fn stored<'a>(p: &Pbft, nodes: &'a [NodeOf<Pbft>], keep: impl Fn(NodeId) -> bool) -> Vec<Stored<'a>> {
    (p.config.replicas..nodes.len())
        .filter(|&n| keep(n))
        .map(|n| (n, nodes[n].storage.digest, nodes[n].storage.history.as_slice()))
        .collect()
}

/// The clients' calls (those of the clients `keep` accepts), as the
/// checker takes them.
pub fn history(p: &Pbft, nodes: &[NodeOf<Pbft>], keep: impl Fn(NodeId) -> bool) -> Vec<Event> {
    histories::events(&stored(p, nodes, keep))
}
