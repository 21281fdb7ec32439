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
use crate::core::sim::vr::linearizable::{self, Event, Verdict};
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
    let Some(&(_, longest)) = prefixes.iter().max_by_key(|(k, _)| *k) else { return true };
    prefixes.iter().all(|&(k, chain)| k == 0 || chain[k - 1] == longest[k - 1])
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
    let honest = |n: NodeId| v.byzantine[n].is_none();
    // The history changes only when a call starts or returns: the last
    // verdict is kept by the history's fingerprint.
    let key = fingerprint(p, v.nodes, honest);
    LAST.with(|last| {
        if let Some((k, verdict)) = last.get() {
            if k == key {
                return verdict;
            }
        }
        let verdict = linearizable::check(&history(p, v.nodes, honest)) != Verdict::Not;
        last.set(Some((key, verdict)));
        verdict
    })
}

thread_local! {
    /// The last history checked (by fingerprint) and its verdict.
    static LAST: std::cell::Cell<Option<(u64, bool)>> = const { std::cell::Cell::new(None) };
}

fn fingerprint(p: &Pbft, nodes: &[NodeOf<Pbft>], keep: impl Fn(NodeId) -> bool) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = foldhash::quality::FixedState::with_seed(0x7062_6674_6869).build_hasher();
    for n in (p.config.replicas..nodes.len()).filter(|&n| keep(n)) {
        let d = &nodes[n].storage;
        (n, d.digest, d.history.len()).hash(&mut h);
    }
    h.finish()
}

fn liveness(_: &Pbft, v: &View<'_, Pbft>) -> bool {
    v.correct().all(|(_, node)| match &node.state {
        State::Client(c) => c.waiting.is_none() && c.queue.is_empty(),
        State::Replica(_) => true,
    })
}

/// The clients' calls (those of the clients `keep` accepts), as the
/// checker takes them.
pub fn history(p: &Pbft, nodes: &[NodeOf<Pbft>], keep: impl Fn(NodeId) -> bool) -> Vec<Event> {
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
