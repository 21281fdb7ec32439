//! A replica's state, as the paper's Fig. 2 lists it, and the steps every
//! sub-protocol shares: executing committed operations in order (the
//! up-call to the key-value store), and rebuilding the client-table and
//! the store when a replica takes on a new log.

use super::kv::{Output, Store};
use super::msg::{Request, Status};
use super::{Disk, Stamp, Vr};
use crate::core::sim::context::Ctx;
use crate::core::sim::NodeId;
use std::collections::{BTreeMap, BTreeSet};

/// The running hash after `prev` (none: the log's start) and `r`.
pub fn link(prev: Option<u64>, r: &Request) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x0076_726c_6f67).hash_one((prev, r))
}

/// A DOVIEWCHANGE as the new primary keeps it: v', n, k and the log.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DoViewChange {
    /// The latest view in which the sender was normal.
    pub last_normal: u64,
    /// Its op-number.
    pub op: u64,
    /// Its commit-number.
    pub commit: u64,
    /// Its log.
    pub log: Vec<Request>,
}

/// A recovering replica's wait (§4.3): its nonce and the responses so far,
/// by sender: the view each is in, and the primary's log if it sent one.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Recovering {
    /// The nonce its RECOVERY carried.
    pub nonce: u64,
    /// Responses, by sender.
    pub responses: BTreeMap<NodeId, (u64, Option<super::msg::PrimaryState>)>,
}

/// A replica's volatile state. VR keeps nothing on disk (§4.3 recovers
/// from the other replicas instead), so a crash loses all of it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Replica {
    /// view-number: the current view, from 0.
    pub view: u64,
    /// status: normal, view-change or recovering.
    pub status: Status,
    /// op-number: the op-number of the latest request in the log.
    pub op: u64,
    /// log: the requests received so far, in op order (op-number i is
    /// `log[i - 1]`).
    pub log: Vec<Request>,
    /// A running hash of the log: `chain[i]` covers `log[..=i]`, so two
    /// logs agree on their first k requests when their `chain[k - 1]` do
    /// (the properties compare logs so, in constant time).
    pub chain: Vec<u64>,
    /// commit-number: the op-number of the latest committed (and
    /// executed) request.
    pub commit: u64,
    /// client-table: each client's latest request-number and, once
    /// executed, its result.
    pub client_table: BTreeMap<NodeId, (u64, Option<Output>)>,
    /// The latest view in which the status was normal (v' of DOVIEWCHANGE).
    pub last_normal: u64,
    /// The application's state: the committed prefix, executed.
    pub store: Store,
    /// Primary: the highest op-number each replica has PREPAREOKed in this view.
    pub acked: Vec<u64>,
    /// The highest commit-number heard, which may be ahead of the log.
    pub commit_heard: u64,
    /// View change: who sent STARTVIEWCHANGE for this view.
    pub start_view_change: BTreeSet<NodeId>,
    /// View change: DOVIEWCHANGE already sent for this view.
    pub sent_do_view_change: bool,
    /// New primary: the DOVIEWCHANGEs for this view, by sender.
    pub do_view_change: BTreeMap<NodeId, DoViewChange>,
    /// Recovery in progress.
    pub recovering: Option<Recovering>,
    /// §5.2: the op-number a GETSTATE asked from, while one is out.
    pub asked_state: Option<u64>,
    /// §6 batching: requests waiting for the batch in flight to commit.
    pub batch: Vec<Request>,
    /// Primary: the commit-number at the last idle tick, if requests were
    /// waiting for PREPAREOKs then.
    pub stalled: Option<u64>,
    /// §6.3.1, primary: the op-number its view began with (it reads under
    /// its lease only once it has committed that far). Kept only with
    /// leases on, so that without them states compare as before.
    pub view_start: u64,
    /// §6.3.1, primary: the latest lease request each backup has granted
    /// in this view (the primary's clock when it asked).
    pub leases: Vec<Option<Stamp>>,
    /// §6.3.1, backup: until when (on its clock) it has promised to take
    /// no part in a view change.
    pub promised_until: Option<Stamp>,
    /// §6.3.1: the view change it waits to move to once its promise runs out.
    pub deferred: Option<u64>,
}

impl Replica {
    /// A replica of `replicas` in view 0, normal, with an empty log.
    pub fn new(replicas: usize) -> Replica {
        Replica {
            view: 0,
            status: Status::Normal,
            op: 0,
            log: Vec::new(),
            chain: Vec::new(),
            commit: 0,
            client_table: BTreeMap::new(),
            last_normal: 0,
            store: Store::default(),
            acked: vec![0; replicas],
            commit_heard: 0,
            start_view_change: BTreeSet::new(),
            sent_do_view_change: false,
            do_view_change: BTreeMap::new(),
            recovering: None,
            asked_state: None,
            batch: Vec::new(),
            stalled: None,
            view_start: 0,
            leases: vec![None; replicas],
            promised_until: None,
            deferred: None,
        }
    }

    /// The request at op-number `n` (from 1).
    pub fn entry(&self, n: u64) -> &Request {
        &self.log[(n - 1) as usize]
    }

    /// Appends a request: advances op-number and notes it in the
    /// client-table (§4.1 steps 3 and 4).
    pub fn append(&mut self, r: Request) {
        self.op += 1;
        self.client_table.insert(r.client, (r.number, None));
        self.chain.push(link(self.chain.last().copied(), &r));
        self.log.push(r);
    }

    /// Cuts the log after op-number `n`.
    pub fn truncate(&mut self, n: u64) {
        self.log.truncate(n as usize);
        self.chain.truncate(n as usize);
        self.op = self.op.min(n);
    }

    /// Executes the committed requests up to op-number `k` (as far as the
    /// log goes) in order; returns each executed request with its result.
    /// Every newly committed request is also added to the ghost record of
    /// what this replica has known committed ([`Disk::ghost`]).
    pub fn execute_to(&mut self, k: u64, ctx: &mut Ctx<'_, Vr>) -> Vec<(Request, Output)> {
        self.commit_heard = self.commit_heard.max(k);
        let mut done = Vec::new();
        while self.commit < k.min(self.op) {
            let r = self.entry(self.commit + 1).clone();
            let out = self.store.apply(&r.op);
            self.commit += 1;
            if self.client_table.get(&r.client).is_none_or(|&(s, _)| s <= r.number) {
                self.client_table.insert(r.client, (r.number, Some(out.clone())));
            }
            done.push((r, out));
        }
        let known = ctx.storage().ghost.len() as u64;
        if self.commit > known {
            let view = self.view;
            let fresh = &self.chain[known as usize..self.commit as usize];
            ctx.save(|d: &mut Disk| d.ghost.extend(fresh.iter().map(|&c| (c, view))));
        }
        done
    }

    /// Takes on `log` (a STARTVIEW's, a new primary's choice, a recovery's):
    /// the op-number follows it; the store and client-table are rebuilt
    /// from its first `keep` requests, which this replica had executed.
    pub fn replace_log(&mut self, log: Vec<Request>, keep: u64, ctx: &mut Ctx<'_, Vr>) {
        self.op = log.len() as u64;
        self.chain = Vec::with_capacity(log.len());
        for r in &log {
            self.chain.push(link(self.chain.last().copied(), r));
        }
        self.log = log;
        self.commit = 0;
        self.store = Store::default();
        self.client_table.clear();
        let keep = keep.min(self.op);
        for n in 1..=self.op {
            let r = self.entry(n).clone();
            self.client_table.insert(r.client, (r.number, None));
        }
        let heard = self.commit_heard;
        self.execute_to(keep, ctx);
        self.commit_heard = heard;
    }

    /// Enters normal status in `view`.
    pub fn become_normal(&mut self, view: u64, ctx: &mut Ctx<'_, Vr>) {
        self.view = view;
        self.last_normal = view;
        self.asked_state = None;
        self.start_view_change.clear();
        self.do_view_change.clear();
        self.sent_do_view_change = false;
        self.acked.iter_mut().for_each(|a| *a = 0);
        self.stalled = None;
        self.leases.iter_mut().for_each(|l| *l = None);
        self.deferred = None;
        if self.status != Status::Normal {
            self.status = Status::Normal;
            ctx.show(Status::Normal);
        }
    }
}

/// Whether every prefix is a prefix of the longest (so any two agree):
/// each is its length and its log's running digests ([`Replica::chain`]),
/// compared at the shorter's last entry. VR's committed prefixes and
/// PBFT's executed ones are checked so.
pub fn prefixes_agree(prefixes: &[(usize, &[u64])]) -> bool {
    let Some(&(_, longest)) = prefixes.iter().max_by_key(|(k, _)| *k) else { return true };
    prefixes.iter().all(|&(k, chain)| k == 0 || chain[k - 1] == longest[k - 1])
}
