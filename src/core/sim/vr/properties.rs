//! What VR promises (Liskov and Cowling 2012, §4 and §8), for the nodes
//! that follow it:
//! - **agreement**: the replicas' committed prefixes agree (one is a prefix
//!   of the other);
//! - **durability**: a committed operation is never lost or changed: every
//!   primary in normal status in a view at or after the one in which a
//!   replica knew it committed has it at the same op-number (read from
//!   each replica's ghost record, [`super::Disk::ghost`], which survives
//!   crashes as the operation's commitment does);
//! - **linearizable**: the clients' history is linearizable against the
//!   key-value store ([`super::linearizable`], bounded; past its limit the
//!   property is not refuted and `simulate` says "unknown");
//! - **liveness**: every client that is up has had every request
//!   answered (at most f crashes and timing stable after GST).

use super::linearizable::{self, Event, Verdict};
use super::msg::Status;
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

fn agreement(_: &Vr, v: &View<'_, Vr>) -> bool {
    let prefixes: Vec<&[super::Request]> = v
        .honest()
        .filter_map(|(_, n)| match &n.state {
            State::Replica(r) => Some(&r.log[..r.commit as usize]),
            State::Client(_) => None,
        })
        .collect();
    prefixes.iter().all(|a| prefixes.iter().all(|b| a.iter().zip(b.iter()).all(|(x, y)| x == y)))
}

fn durability(p: &Vr, v: &View<'_, Vr>) -> bool {
    let ghosts: Vec<&Disk> =
        v.honest().filter(|(n, _)| p.config.is_replica(*n)).map(|(_, n)| &n.storage).collect();
    v.correct().all(|(id, node)| {
        let State::Replica(r) = &node.state else { return true };
        if r.status != Status::Normal || p.config.primary(r.view) != id {
            return true;
        }
        ghosts
            .iter()
            .all(|g| g.ghost.iter().enumerate().all(|(i, (req, w))| *w > r.view || r.log.get(i) == Some(req)))
    })
}

fn linearizable(p: &Vr, v: &View<'_, Vr>) -> bool {
    !p.check_history
        || linearizable::check(&history(p, v.nodes, |n| v.byzantine[n].is_none())) != Verdict::Not
}

fn liveness(_: &Vr, v: &View<'_, Vr>) -> bool {
    v.correct().all(|(_, node)| match &node.state {
        State::Client(c) => c.waiting.is_none() && c.queue.is_empty(),
        State::Replica(_) => true,
    })
}

/// The clients' calls (those of the clients `keep` accepts), as the
/// checker takes them.
pub fn history(p: &Vr, nodes: &[NodeOf<Vr>], keep: impl Fn(NodeId) -> bool) -> Vec<Event> {
    let clients = (p.config.replicas..nodes.len()).filter(|&n| keep(n));
    clients
        .flat_map(|n| {
            nodes[n].storage.history.iter().enumerate().map(move |(seq, c)| Event {
                client: n,
                seq,
                op: c.op.clone(),
                invoked: c.invoked.time(),
                returned: c.returned.map(|t| (t.time(), c.result.clone().unwrap_or_default())),
            })
        })
        .collect()
}
