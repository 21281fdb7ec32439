//! Byzantine nodes (Lamport, Shostak and Pease, "The Byzantine Generals
//! Problem", 1982; Castro and Liskov, "Practical Byzantine Fault
//! Tolerance", OSDI 1999, §2 on what a faulty node can and cannot do).
//!
//! A Byzantine node runs its protocol's handlers, but what it sends is
//! rewritten by its chosen adversary on the way out:
//! - **silent**: it sends nothing;
//! - **lie**: every message is replaced by the protocol's forgery of it
//!   (a flipped vote, a false state);
//! - **equivocate**: peers with an even id get the forgery, the others the
//!   true message, so different peers hear different things;
//! - **replay**: with each message to a peer it sends again the previous
//!   one it sent that peer.
//!
//! What it cannot do is pass as another node: the simulator sets every
//! message's sender itself, and a [`Signed`] value can only be made by the
//! [`Signer`] of the node it names (a node's own context, or for a
//! Byzantine node's forgeries, its own signer).

use super::protocol::Protocol;
use super::NodeId;
use serde::{Deserialize, Serialize};

/// A Byzantine node's adversary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Behaviour {
    /// Sends nothing.
    Silent,
    /// Tells different peers different things.
    Equivocate,
    /// Sends stale copies of its earlier messages.
    Replay,
    /// Sends the protocol's forgery of every message.
    Lie,
}

impl Behaviour {
    /// The name used in scenarios.
    pub fn name(self) -> &'static str {
        match self {
            Behaviour::Silent => "silent",
            Behaviour::Equivocate => "equivocate",
            Behaviour::Replay => "replay",
            Behaviour::Lie => "lie",
        }
    }
}

/// A value signed by a node. No public constructor: only that node's
/// [`Signer`] makes one, so a node cannot claim another's words.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Signed<T> {
    by: NodeId,
    value: T,
}

impl<T> Signed<T> {
    /// The node that signed it.
    pub fn by(&self) -> NodeId {
        self.by
    }

    /// What was signed.
    pub fn value(&self) -> &T {
        &self.value
    }
}

/// A node's signing key.
#[derive(Debug)]
pub struct Signer {
    id: NodeId,
}

impl Signer {
    pub(crate) fn new(id: NodeId) -> Signer {
        Signer { id }
    }

    /// Whose key this is.
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// Signs `value` as this node.
    pub fn sign<T>(&self, value: T) -> Signed<T> {
        Signed { by: self.id, value }
    }
}

/// What replaying nodes remember: the last message each sent each peer,
/// kept sorted by (sender, receiver) so equal memories are equal vectors.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Replays<M>(Vec<((NodeId, NodeId), M)>);

impl<M> Default for Replays<M> {
    fn default() -> Self {
        Replays(Vec::new())
    }
}

impl<M: Clone> Replays<M> {
    /// Remembers `msg` as the last from `from` to `to`; returns the one it
    /// replaces.
    fn remember(&mut self, from: NodeId, to: NodeId, msg: &M) -> Option<M> {
        match self.0.binary_search_by_key(&(from, to), |(k, _)| *k) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, msg.clone())),
            Err(i) => {
                self.0.insert(i, ((from, to), msg.clone()));
                None
            }
        }
    }
}

impl<M> Replays<M> {
    /// The same memory with node ids renamed by `map` (and messages by
    /// `msg`), sorted again.
    pub(crate) fn renamed(&self, map: &[NodeId], msg: impl Fn(&M) -> M) -> Replays<M> {
        let mut v: Vec<_> = self.0.iter().map(|((f, t), m)| ((map[*f], map[*t]), msg(m))).collect();
        v.sort_by_key(|(k, _)| *k);
        Replays(v)
    }
}

/// The messages that actually leave node `from` when its handler sends
/// `msg` to `to`, under its behaviour (none: it is correct).
pub(crate) fn outgoing<P: Protocol>(
    protocol: &P,
    behaviour: Option<Behaviour>,
    from: NodeId,
    to: NodeId,
    msg: P::Msg,
    replays: &mut Replays<P::Msg>,
) -> Vec<P::Msg> {
    let forged = |msg: P::Msg| protocol.forge(&msg, &Signer::new(from)).unwrap_or(msg);
    match behaviour {
        None => vec![msg],
        Some(Behaviour::Silent) => Vec::new(),
        Some(Behaviour::Lie) => vec![forged(msg)],
        Some(Behaviour::Equivocate) if to % 2 == 0 => vec![forged(msg)],
        Some(Behaviour::Equivocate) => vec![msg],
        Some(Behaviour::Replay) => {
            let stale = replays.remember(from, to, &msg);
            std::iter::once(msg).chain(stale).collect()
        }
    }
}

impl<M> Replays<M> {
    /// The entries remembered (their heap storage, for the explorer's
    /// memory budget).
    pub(crate) fn capacity(&self) -> usize {
        self.0.capacity()
    }
}
