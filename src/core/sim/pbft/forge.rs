//! What a Byzantine node says instead (the framework's `lie` and
//! `equivocate`, [`crate::core::sim::byzantine`]). It signs only as
//! itself, so it can change only its own words (§2):
//! - a primary's PRE-PREPARE assigns the null request to the number
//!   (it cannot make up a client's request: requests are signed);
//! - a REPLY's result gets a prime (`1` becomes `1'`);
//! - a CHECKPOINT carries a wrong state digest;
//! - a VIEW-CHANGE hides every prepared certificate (P empty);
//! - a NEW-VIEW's O is all null requests;
//! - a Byzantine client's REQUEST has its put's value primed.
//!
//! Its PREPAREs and COMMITs go out as its handlers make them: a vote for
//! a digest no one else holds only withholds the vote (what `silent`
//! shows), while a true vote lets the liar look correct to the quorum
//! and still corrupt what it says outside it (its replies, its
//! checkpoints, its view changes). Anything it relays that another node
//! signed goes out unchanged.

use super::msg::{Checkpoint, Msg, PrePrepare, Request, Slot, ViewChange, NULL};
use crate::core::sim::byzantine::{Signed, Signer};
use crate::core::sim::vr::kv::Op;

/// The forgery of `msg` by `me` (`None`: the message is sent as it is).
pub fn forge(msg: &Msg, me: &Signer) -> Option<Msg> {
    let mine = |by: usize| by == me.id();
    Some(match msg {
        Msg::PrePrepare(p) if mine(p.slot.by()) => Msg::PrePrepare(null(p, me)),
        Msg::Reply { view, number, result } => {
            let result = Some(format!("{}'", result.clone().unwrap_or_default()));
            Msg::Reply { view: *view, number: *number, result }
        }
        Msg::Checkpoint(c) if mine(c.by()) => {
            let c = c.value();
            Msg::Checkpoint(me.sign(Checkpoint { n: c.n, digest: c.digest ^ 0x5a5a }))
        }
        Msg::ViewChange(vc) if mine(vc.by()) => {
            Msg::ViewChange(me.sign(ViewChange { prepared: Vec::new(), ..vc.value().clone() }))
        }
        Msg::NewView { view, changes, pre } => Msg::NewView {
            view: *view,
            changes: changes.clone(),
            pre: pre.iter().map(|p| null(p, me)).collect(),
        },
        Msg::Request(r) if mine(r.by()) => Msg::Request(me.sign(primed(r))),
        _ => return None,
    })
}

/// The same pre-prepare for the null request, signed by `me`.
fn null(p: &PrePrepare, me: &Signer) -> PrePrepare {
    PrePrepare { slot: me.sign(Slot { digest: NULL, ..*p.slot.value() }), request: None }
}

/// The request with its put's value primed.
fn primed(r: &Signed<Request>) -> Request {
    let r = r.value();
    let op = match &r.op {
        Op::Put(k, v) => Op::Put(k.clone(), format!("{v}'")),
        Op::Get(k) => Op::Get(k.clone()),
    };
    Request { op, ..r.clone() }
}
