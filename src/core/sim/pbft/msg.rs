//! PBFT's messages under the paper's names (Castro and Liskov, OSDI 1999,
//! §4), its timers and its statuses. Every message's sender is
//! authenticated by the simulator (the paper's MACs); what one replica
//! passes on inside another's message (the prepared certificates of a
//! VIEW-CHANGE, the VIEW-CHANGEs of a NEW-VIEW) is [`Signed`], so no
//! replica can pass off words its peers never said (§2).

use crate::core::sim::byzantine::Signed;
use crate::core::sim::protocol::{Label, Word};
use crate::core::sim::vr::kv::Output;
use serde_json::{json, Map, Value};

pub use crate::core::sim::vr::msg::Request;

/// A request's digest D(m); the null request's is [`NULL`].
pub fn digest(request: Option<&Request>) -> u64 {
    use std::hash::BuildHasher;
    match request {
        Some(r) => foldhash::quality::FixedState::with_seed(0x7062_6674_6d73).hash_one(r) | 1,
        None => NULL,
    }
}

/// The digest of the null request (§4.4), which executes as a no-op.
pub const NULL: u64 = 0;

/// What a client signs: ⟨REQUEST, o, t, c⟩σc (§4.1).
pub type SignedRequest = Signed<Request>;

/// The body of ⟨PRE-PREPARE, v, n, d⟩σp, and of a PREPARE or COMMIT
/// ⟨v, n, d, i⟩ (i is the signer).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slot {
    /// View.
    pub view: u64,
    /// Sequence number.
    pub n: u64,
    /// The request's digest.
    pub digest: u64,
}

/// A PRE-PREPARE as sent and as kept: the signed ⟨v, n, d⟩ and the
/// request m it carries (none: the null request).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PrePrepare {
    /// ⟨PRE-PREPARE, v, n, d⟩σp.
    pub slot: Signed<Slot>,
    /// m, signed by its client.
    pub request: Option<SignedRequest>,
}

/// A prepared certificate (§4.2, the P of §4.4): the pre-prepare and 2f
/// matching prepares from different backups.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Prepared {
    /// The pre-prepare with its request.
    pub pre: PrePrepare,
    /// 2f signed prepares.
    pub prepares: Vec<Signed<Slot>>,
}

/// The body of ⟨CHECKPOINT, n, d, i⟩σi (§4.3): d is the state's digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Checkpoint {
    /// The sequence number of the last request executed.
    pub n: u64,
    /// The state's digest.
    pub digest: u64,
}

/// The body of ⟨VIEW-CHANGE, v + 1, n, C, P, i⟩σi (§4.4).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ViewChange {
    /// v + 1, the view it moves to.
    pub view: u64,
    /// n: the sequence number of its last stable checkpoint s.
    pub stable: u64,
    /// C: 2f + 1 CHECKPOINTs proving s (none for s = 0).
    pub proof: Vec<Signed<Checkpoint>>,
    /// P: a prepared certificate for each request prepared after s, in
    /// the highest view it prepared in.
    pub prepared: Vec<Prepared>,
}

/// PBFT's messages.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Msg {
    /// ⟨REQUEST, o, t, c⟩σc, client to primary (to all, when resent).
    Request(SignedRequest),
    /// ⟨⟨PRE-PREPARE, v, n, d⟩σp, m⟩.
    PrePrepare(PrePrepare),
    /// ⟨PREPARE, v, n, d, i⟩σi.
    Prepare(Signed<Slot>),
    /// ⟨COMMIT, v, n, d, i⟩σi.
    Commit(Signed<Slot>),
    /// ⟨REPLY, v, t, c, i, r⟩σi (c is the receiver, i the sender).
    Reply {
        /// View.
        view: u64,
        /// t, the request's timestamp (its number).
        number: u64,
        /// r, the result.
        result: Output,
    },
    /// ⟨CHECKPOINT, n, d, i⟩σi.
    Checkpoint(Signed<Checkpoint>),
    /// ⟨VIEW-CHANGE, v + 1, n, C, P, i⟩σi.
    ViewChange(Signed<ViewChange>),
    /// ⟨NEW-VIEW, v + 1, V, O⟩σp.
    NewView {
        /// v + 1.
        view: u64,
        /// V: 2f + 1 valid VIEW-CHANGEs (the new primary's own among them).
        changes: Vec<Signed<ViewChange>>,
        /// O: a pre-prepare for each n from min-s to max-s.
        pre: Vec<PrePrepare>,
    },
}

impl Msg {
    /// The view it names, if any.
    pub fn view(&self) -> Option<u64> {
        match self {
            Msg::Request(_) | Msg::Checkpoint(_) => None,
            Msg::PrePrepare(p) => Some(p.slot.value().view),
            Msg::Prepare(s) | Msg::Commit(s) => Some(s.value().view),
            Msg::Reply { view, .. } | Msg::NewView { view, .. } => Some(*view),
            Msg::ViewChange(vc) => Some(vc.value().view),
        }
    }

    /// The sequence number it names, if any.
    fn number(&self) -> Option<u64> {
        match self {
            Msg::PrePrepare(p) => Some(p.slot.value().n),
            Msg::Prepare(s) | Msg::Commit(s) => Some(s.value().n),
            Msg::Checkpoint(c) => Some(c.value().n),
            Msg::ViewChange(vc) => Some(vc.value().stable),
            _ => None,
        }
    }
}

impl Label for Msg {
    fn label(&self) -> String {
        match self {
            Msg::Request(_) => "REQUEST",
            Msg::PrePrepare(_) => "PRE-PREPARE",
            Msg::Prepare(_) => "PREPARE",
            Msg::Commit(_) => "COMMIT",
            Msg::Reply { .. } => "REPLY",
            Msg::Checkpoint(_) => "CHECKPOINT",
            Msg::ViewChange(_) => "VIEW-CHANGE",
            Msg::NewView { .. } => "NEW-VIEW",
        }
        .into()
    }

    /// `"view"` and the sequence number as `"op"` (the field the diagram
    /// reads a stamp ⟨view, n⟩ from), a request's operation and number, and
    /// a NEW-VIEW's O as `"o"` (each request's text, or "null").
    fn fields(&self) -> Map<String, Value> {
        let mut f = Map::new();
        if let Some(v) = self.view() {
            f.insert("view".into(), json!(v));
        }
        if let Some(n) = self.number() {
            f.insert("op".into(), json!(n));
        }
        match self {
            Msg::Request(r) => {
                f.insert("request".into(), json!(r.value().op.to_string()));
                f.insert("number".into(), json!(r.value().number));
            }
            Msg::Reply { number, .. } => {
                f.insert("number".into(), json!(number));
            }
            Msg::NewView { pre, .. } => {
                let o: Vec<Value> = pre
                    .iter()
                    .map(|p| {
                        let text = p.request.as_ref().map_or("null".into(), |r| r.value().op.to_string());
                        json!({"n": p.slot.value().n, "request": text})
                    })
                    .collect();
                f.insert("o".into(), Value::Array(o));
            }
            _ => {}
        }
        f
    }
}

/// PBFT's timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Timer {
    /// A backup's wait for a request it knows of to execute (§4.4), and a
    /// view change's wait for its NEW-VIEW.
    ViewChange,
    /// A client's wait for f + 1 matching replies (it then resends to all).
    Request,
}

impl Label for Timer {
    fn label(&self) -> String {
        match self {
            Timer::ViewChange => "view change",
            Timer::Request => "request",
        }
        .into()
    }
}

/// A node's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// A replica taking part in its view.
    Normal,
    /// A replica that has sent VIEW-CHANGE and waits for NEW-VIEW.
    ViewChange,
    /// A client with no request outstanding.
    Idle,
    /// A client waiting for replies.
    Waiting,
}

impl Word for Status {
    fn word(&self) -> &'static str {
        match self {
            Status::Normal => "normal",
            Status::ViewChange => "view-change",
            Status::Idle => "idle",
            Status::Waiting => "waiting",
        }
    }
}
