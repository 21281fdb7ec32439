//! A replica's state (§4: the view, the message log between the
//! watermarks, the checkpoints, the service state) and the log the
//! diagram shows.

use super::msg::{digest, Checkpoint, PrePrepare, Prepared, Request, Slot, Status, ViewChange};
use crate::core::sim::byzantine::Signed;
use crate::core::sim::vr::kv::{Output, Store};
use crate::core::sim::NodeId;
use std::collections::BTreeMap;

/// The running digest after `prev` (none: the log's start) and the request
/// at the next sequence number (none: the null request).
pub fn link(prev: Option<u64>, r: Option<&Request>) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x7062_6674_6c6f).hash_one((prev, digest(r)))
}

/// What the message log holds for one sequence number in the current view
/// (§4.2).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Entry {
    /// The accepted pre-prepare and its request.
    pub pre: Option<PrePrepare>,
    /// PREPAREs by sender (its own among them, for a backup).
    pub prepares: BTreeMap<NodeId, Signed<Slot>>,
    /// COMMITs by sender (its own among them).
    pub commits: BTreeMap<NodeId, Signed<Slot>>,
    /// prepared(m, v, n, i) has become true and COMMIT went out.
    pub prepared: bool,
    /// committed-local(m, v, n, i) has become true.
    pub committed: bool,
}

/// A replica's state. PBFT keeps nothing on disk here: a crashed replica
/// is out for good (the paper's recovery is not built).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Replica {
    /// v, the current view.
    pub view: u64,
    /// Normal, or waiting for the NEW-VIEW of `view`.
    pub status: Status,
    /// The message log of this view, by sequence number, h < n ≤ H.
    pub entries: BTreeMap<u64, Entry>,
    /// P (§4.4): for each n > h prepared here, the certificate of the
    /// highest view it prepared in.
    pub certs: BTreeMap<u64, Prepared>,
    /// h, the low watermark: the last stable checkpoint's number.
    pub low: u64,
    /// C: the 2f + 1 CHECKPOINTs that made `low` stable.
    pub proof: Vec<Signed<Checkpoint>>,
    /// CHECKPOINTs received for numbers above h, by number then sender.
    pub checkpoints: BTreeMap<u64, BTreeMap<NodeId, Signed<Checkpoint>>>,
    /// Primary: the last sequence number assigned.
    pub next: u64,
    /// Primary: requests waiting for room below H.
    pub queue: Vec<super::msg::SignedRequest>,
    /// The last sequence number executed.
    pub executed: u64,
    /// The requests executed, then those pre-prepared after them in this
    /// view (none: the null request), as the diagram shows them.
    pub log: Vec<Option<Request>>,
    /// A running digest of `log`: `chain[i]` covers `log[..=i]`; at an
    /// executed number it is the state's digest a CHECKPOINT carries.
    pub chain: Vec<u64>,
    /// The service state.
    pub store: Store,
    /// Each client's last request executed and its result (§4.1: a
    /// request is executed once, its reply resent).
    pub replies: BTreeMap<NodeId, (u64, Output)>,
    /// Requests received and not yet executed, by client and timestamp
    /// (§4.4: the backup's timer runs while there is one; a new primary
    /// orders them).
    pub waiting: BTreeMap<(NodeId, u64), super::msg::SignedRequest>,
    /// Whether the view-change timer is running.
    pub timer_on: bool,
    /// VIEW-CHANGEs received for views above the current one (and for the
    /// one being changed to), by view then sender.
    pub changes: BTreeMap<u64, BTreeMap<NodeId, Signed<ViewChange>>>,
    /// View changes that failed in a row (each doubles the next wait).
    pub failed: u32,
}

impl Replica {
    /// A replica in view 0, normal, with nothing executed.
    pub fn new() -> Replica {
        Replica {
            view: 0,
            status: Status::Normal,
            entries: BTreeMap::new(),
            certs: BTreeMap::new(),
            low: 0,
            proof: Vec::new(),
            checkpoints: BTreeMap::new(),
            next: 0,
            queue: Vec::new(),
            executed: 0,
            log: Vec::new(),
            chain: Vec::new(),
            store: Store::default(),
            replies: BTreeMap::new(),
            waiting: BTreeMap::new(),
            timer_on: false,
            changes: BTreeMap::new(),
            failed: 0,
        }
    }

    /// Rebuilds the shown log after the executed prefix: the requests
    /// pre-prepared at the numbers that follow, as far as they run
    /// without a gap.
    pub fn refresh_log(&mut self) {
        let keep = self.executed as usize;
        let mut tail = Vec::new();
        let mut n = self.executed + 1;
        while let Some(pre) = self.entries.get(&n).and_then(|e| e.pre.as_ref()) {
            tail.push(pre.request.as_ref().map(|r| r.value().clone()));
            n += 1;
        }
        let same = self.log.len() == keep + tail.len() && self.log[keep..] == tail[..];
        if same {
            return;
        }
        self.log.truncate(keep);
        self.chain.truncate(keep);
        for r in tail {
            self.chain.push(link(self.chain.last().copied(), r.as_ref()));
            self.log.push(r);
        }
    }

    /// The state's digest after executing up to `n` (0: the initial state).
    pub fn state_digest(&self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.chain[(n - 1) as usize]
        }
    }

    /// H, the high watermark.
    pub fn high(&self, window: u64) -> u64 {
        self.low + window
    }
}

impl Default for Replica {
    fn default() -> Self {
        Replica::new()
    }
}
