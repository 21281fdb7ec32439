//! VR's messages under the paper's names (Liskov and Cowling 2012, §4),
//! its timers and its statuses. Each message's `fields` carry its
//! viewstamp (`view`, and `op` where it names an op-number), so a diagram
//! can label every arrow ⟨view, op⟩ without knowing the protocol.

use super::kv::{Op, Output};
use super::Stamp;
use crate::core::sim::protocol::{Label, Word};
use crate::core::sim::NodeId;
use serde_json::{json, Map, Value};

/// A client's request as the log holds it: ⟨op, c, s⟩ (operation, client
/// id, request-number).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Request {
    /// The operation.
    pub op: Op,
    /// The client (its node id).
    pub client: NodeId,
    /// The client's request-number.
    pub number: u64,
}

/// What the primary of a view sends with a RECOVERYRESPONSE: its log,
/// op-number and commit-number (backups send none, §4.3 step 2).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PrimaryState {
    /// The log.
    pub log: Vec<Request>,
    /// The op-number.
    pub op: u64,
    /// The commit-number.
    pub commit: u64,
}

/// VR's messages. The sender's replica number `i` of the paper is the
/// message's sender, which the simulator sets itself.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Msg {
    /// ⟨REQUEST op, c, s⟩, client to primary.
    Request(Request),
    /// ⟨PREPARE v, m, n, k⟩: the requests `entries` end at op-number `op`
    /// (one request, or a batch with §6 batching).
    Prepare {
        /// View-number.
        view: u64,
        /// Requests, in op order.
        entries: Vec<Request>,
        /// Op-number.
        op: u64,
        /// Commit-number.
        commit: u64,
        /// With §6.3.1 leases: a request for a lease, the primary's clock
        /// when it sent this ([`super::lease`]).
        lease: Option<Stamp>,
    },
    /// ⟨PREPAREOK v, n, i⟩.
    PrepareOk {
        /// View-number.
        view: u64,
        /// Op-number.
        op: u64,
        /// With §6.3.1 leases: the grant, echoing the PREPARE's request.
        lease: Option<Stamp>,
    },
    /// ⟨COMMIT v, k⟩, the idle primary's news (and heartbeat).
    Commit {
        /// View-number.
        view: u64,
        /// Commit-number.
        commit: u64,
        /// With §6.3.1 leases: a request for a lease, as a PREPARE's.
        lease: Option<Stamp>,
    },
    /// ⟨LEASE v, t⟩, not in the paper: with §6.3.1 leases, a backup's
    /// grant in answer to a COMMIT (a PREPARE's rides on its PREPAREOK),
    /// echoing the COMMIT's request `t`.
    Lease {
        /// View-number.
        view: u64,
        /// The request it grants: the primary's clock when it asked.
        granted: Stamp,
    },
    /// ⟨REPLY v, s, x⟩.
    Reply {
        /// View-number.
        view: u64,
        /// Request-number.
        number: u64,
        /// The result.
        result: Output,
    },
    /// ⟨STARTVIEWCHANGE v, i⟩.
    StartViewChange {
        /// View-number.
        view: u64,
    },
    /// ⟨DOVIEWCHANGE v, l, v', n, k, i⟩.
    DoViewChange {
        /// View-number.
        view: u64,
        /// The log.
        log: Vec<Request>,
        /// v': the latest view in which the sender's status was normal.
        last_normal: u64,
        /// Op-number.
        op: u64,
        /// Commit-number.
        commit: u64,
    },
    /// ⟨STARTVIEW v, l, n, k⟩.
    StartView {
        /// View-number.
        view: u64,
        /// The log.
        log: Vec<Request>,
        /// Op-number.
        op: u64,
        /// Commit-number.
        commit: u64,
    },
    /// ⟨RECOVERY i, x⟩.
    Recovery {
        /// The recovering replica's nonce.
        nonce: u64,
    },
    /// ⟨RECOVERYRESPONSE v, x, l, n, k, j⟩.
    RecoveryResponse {
        /// View-number.
        view: u64,
        /// The recovering replica's nonce.
        nonce: u64,
        /// The primary's state (backups send none).
        primary: Option<PrimaryState>,
    },
    /// ⟨GETSTATE v, n', i⟩.
    GetState {
        /// View-number.
        view: u64,
        /// Op-number.
        op: u64,
    },
    /// ⟨NEWSTATE v, l, n, k⟩: `entries` are the log after the asker's n'.
    NewState {
        /// View-number.
        view: u64,
        /// Requests, in op order.
        entries: Vec<Request>,
        /// Op-number.
        op: u64,
        /// Commit-number.
        commit: u64,
    },
}

impl Msg {
    /// The view-number it carries (a REQUEST and a RECOVERY carry none).
    pub fn view(&self) -> Option<u64> {
        match self {
            Msg::Request(_) | Msg::Recovery { .. } => None,
            Msg::Prepare { view, .. }
            | Msg::PrepareOk { view, .. }
            | Msg::Commit { view, .. }
            | Msg::Lease { view, .. }
            | Msg::Reply { view, .. }
            | Msg::StartViewChange { view }
            | Msg::DoViewChange { view, .. }
            | Msg::StartView { view, .. }
            | Msg::RecoveryResponse { view, .. }
            | Msg::GetState { view, .. }
            | Msg::NewState { view, .. } => Some(*view),
        }
    }

    /// The op-number it names, if any.
    fn op_number(&self) -> Option<u64> {
        match self {
            Msg::Prepare { op, .. }
            | Msg::PrepareOk { op, .. }
            | Msg::DoViewChange { op, .. }
            | Msg::StartView { op, .. }
            | Msg::GetState { op, .. }
            | Msg::NewState { op, .. } => Some(*op),
            Msg::Commit { commit, .. } => Some(*commit),
            _ => None,
        }
    }
}

impl Msg {
    /// The lease request or grant it carries (§6.3.1), if any.
    fn lease_stamp(&self) -> Option<Stamp> {
        match self {
            Msg::Prepare { lease, .. } | Msg::PrepareOk { lease, .. } | Msg::Commit { lease, .. } => *lease,
            Msg::Lease { granted, .. } => Some(*granted),
            _ => None,
        }
    }
}

impl Label for Msg {
    fn label(&self) -> String {
        match self {
            Msg::Request(_) => "REQUEST",
            Msg::Prepare { .. } => "PREPARE",
            Msg::PrepareOk { .. } => "PREPAREOK",
            Msg::Commit { .. } => "COMMIT",
            Msg::Lease { .. } => "LEASE",
            Msg::Reply { .. } => "REPLY",
            Msg::StartViewChange { .. } => "STARTVIEWCHANGE",
            Msg::DoViewChange { .. } => "DOVIEWCHANGE",
            Msg::StartView { .. } => "STARTVIEW",
            Msg::Recovery { .. } => "RECOVERY",
            Msg::RecoveryResponse { .. } => "RECOVERYRESPONSE",
            Msg::GetState { .. } => "GETSTATE",
            Msg::NewState { .. } => "NEWSTATE",
        }
        .into()
    }

    /// The viewstamp: `"view"` and `"op"` where the message names them,
    /// and a request's operation as `"request"`.
    fn fields(&self) -> Map<String, Value> {
        let mut f = Map::new();
        if let Some(v) = self.view() {
            f.insert("view".into(), json!(v));
        }
        if let Some(n) = self.op_number() {
            f.insert("op".into(), json!(n));
        }
        match self {
            Msg::Request(r) => {
                f.insert("request".into(), json!(r.op.to_string()));
                f.insert("number".into(), json!(r.number));
            }
            Msg::Reply { number, .. } => {
                f.insert("number".into(), json!(number));
            }
            _ => {}
        }
        if let Some(t) = self.lease_stamp() {
            f.insert("lease".into(), json!(t.time()));
        }
        f
    }
}

/// VR's timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Timer {
    /// A backup's wait to hear from the primary (§4.2: it then starts a
    /// view change), and a view change's wait to complete.
    ViewChange,
    /// The primary's idle period, after which it sends COMMIT (§4.1 step 6).
    Idle,
    /// A recovering replica's wait for RECOVERYRESPONSEs (it asks again).
    Recovery,
    /// A client's wait for its REPLY (it then resends to every replica).
    Request,
}

impl Label for Timer {
    fn label(&self) -> String {
        match self {
            Timer::ViewChange => "view change",
            Timer::Idle => "idle",
            Timer::Recovery => "recovery",
            Timer::Request => "request",
        }
        .into()
    }
}

/// A node's status: a replica's as in Fig. 2, a client's waiting or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// A replica taking part in the current view.
    Normal,
    /// A replica in a view change.
    ViewChange,
    /// A replica recovering from a crash (§4.3).
    Recovering,
    /// A client with no request outstanding.
    Idle,
    /// A client waiting for a reply.
    Waiting,
}

impl Word for Status {
    fn word(&self) -> &'static str {
        match self {
            Status::Normal => "normal",
            Status::ViewChange => "view-change",
            Status::Recovering => "recovering",
            Status::Idle => "idle",
            Status::Waiting => "waiting",
        }
    }
}
