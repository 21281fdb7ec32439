//! What VR promises (Liskov and Cowling 2012, §4 and §8), for the nodes
//! that follow it:
//! - **agreement**: the replicas' committed prefixes agree (one is a prefix
//!   of the other);
//! - **durability**: a committed operation is never lost or changed: every
//!   primary in normal status in a view at or after the one in which a
//!   replica knew it committed has it at the same op-number (read from
//!   each replica's ghost record, [`super::Disk::ghost`], which survives
//!   crashes as the operation's commitment does; logs are compared through
//!   their running hashes, [`super::replica::Replica::chain`], 64 bits, so
//!   a violation hides only behind a hash collision);
//! - **linearizable**: the clients' history is linearizable against the
//!   key-value store ([`super::linearizable`], bounded; past its limit the
//!   property is not refuted and `simulate` says "unknown");
//! - **liveness**: every client that is up has had every request
//!   answered (at most f crashes and timing stable after GST).

use super::histories::{self, Stored};
use super::linearizable::Event;
use super::msg::Status;
use super::replica::prefixes_agree;
use super::{Disk, State, Vr};
use crate::core::sim::interpret::NodeOf;
use crate::core::sim::property::{Kind, Property, View};
use crate::core::sim::NodeId;

/// The four properties.
pub fn properties() -> Vec<Property<Vr>> {
    vec![
        Property {
            name: "agreement",
            kind: Kind::Always,
            broken: "A schedule under which two replicas commit different operations at one op-number.",
            holds: agreement,
        },
        Property {
            name: "durability",
            kind: Kind::Always,
            broken:
                "A schedule under which a committed operation is lost or changed in a later primary's log.",
            holds: durability,
        },
        Property {
            name: "linearizable",
            kind: Kind::Always,
            broken:
                "A schedule under which the clients' history is not linearizable against the key-value store.",
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

/// Every committed prefix is a prefix of the longest (so any two agree),
/// compared through the logs' running hashes.
fn agreement(_: &Vr, v: &View<'_, Vr>) -> bool {
    let prefixes: Vec<(usize, &[u64])> = v
        .honest()
        .filter_map(|(_, n)| match &n.state {
            State::Replica(r) => Some((r.commit as usize, &r.chain[..])),
            State::Client(_) => None,
        })
        .collect();
    prefixes_agree(&prefixes)
}

fn durability(p: &Vr, v: &View<'_, Vr>) -> bool {
    let ghosts: Vec<&Disk> =
        v.honest().filter(|(n, _)| p.config.is_replica(*n)).map(|(_, n)| &n.storage).collect();
    v.correct().all(|(id, node)| {
        let State::Replica(r) = &node.state else { return true };
        if r.status != Status::Normal || p.config.primary(r.view) != id {
            return true;
        }
        // A ghost's views never decrease, so the requests known committed
        // by this view are a prefix of it.
        ghosts.iter().all(|g| {
            let k = g.ghost.partition_point(|&(_, w)| w <= r.view);
            k == 0 || r.chain.get(k - 1) == Some(&g.ghost[k - 1].0)
        })
    })
}

fn linearizable(p: &Vr, v: &View<'_, Vr>) -> bool {
    if !p.check_history {
        return true;
    }
    histories::linearizable(&stored(p, v.nodes, |n| v.byzantine[n].is_none()))
}

fn liveness(_: &Vr, v: &View<'_, Vr>) -> bool {
    v.correct().all(|(_, node)| match &node.state {
        State::Client(c) => c.waiting.is_none() && c.queue.is_empty(),
        State::Replica(_) => true,
    })
}

/// The stored histories of the clients `keep` accepts.
fn stored<'a>(p: &Vr, nodes: &'a [NodeOf<Vr>], keep: impl Fn(NodeId) -> bool) -> Vec<Stored<'a>> {
    (p.config.replicas..nodes.len())
        .filter(|&n| keep(n))
        .map(|n| (n, nodes[n].storage.digest, nodes[n].storage.history.as_slice()))
        .collect()
}

/// The clients' calls (those of the clients `keep` accepts), as the
/// checker takes them.
pub fn history(p: &Vr, nodes: &[NodeOf<Vr>], keep: impl Fn(NodeId) -> bool) -> Vec<Event> {
    histories::events(&stored(p, nodes, keep))
}
