//! The clients' histories as the linearizability checker takes them, and
//! the `linearizable` property's verdict on them, shared by every protocol
//! whose clients keep VR's [`Call`]s (VR and PBFT).

use super::linearizable::{self, Event, Verdict};
use super::Call;
use crate::core::sim::NodeId;

/// One client's stored history: the client, the running digest of its
/// calls (changed by every call made or answered), and the calls.
pub type Stored<'a> = (NodeId, u64, &'a [Call]);

/// The calls of `clients`, as the checker takes them.
pub fn events(clients: &[Stored<'_>]) -> Vec<Event> {
    clients
        .iter()
        .flat_map(|&(client, _, calls)| {
            calls.iter().enumerate().map(move |(seq, c)| Event {
                client,
                seq,
                op: c.op.clone(),
                invoked: c.invoked.time(),
                returned: c.returned.map(|t| (t.time(), c.result.clone().unwrap_or_default())),
            })
        })
        .collect()
}

/// Whether the histories are linearizable (past the checker's limit: not
/// refuted, so true). A timed run checks after every event, but a history
/// changes only when a call starts or returns: the last verdict is kept
/// by the histories' fingerprint, so the search runs once per change.
pub fn linearizable(clients: &[Stored<'_>]) -> bool {
    let key = fingerprint(clients);
    LAST.with(|last| {
        if let Some((k, verdict)) = last.get() {
            if k == key {
                return verdict;
            }
        }
        let verdict = linearizable::check(&events(clients)) != Verdict::Not;
        last.set(Some((key, verdict)));
        verdict
    })
}

thread_local! {
    /// The last histories checked (by fingerprint) and their verdict.
    static LAST: std::cell::Cell<Option<(u64, bool)>> = const { std::cell::Cell::new(None) };
}

/// A hash of the histories, from their digests and lengths.
fn fingerprint(clients: &[Stored<'_>]) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = foldhash::quality::FixedState::with_seed(0x7672_6869_7374).build_hasher();
    for &(client, digest, calls) in clients {
        (client, digest, calls.len()).hash(&mut h);
    }
    h.finish()
}
