//! What a Byzantine replica says instead (the framework's `lie` and
//! `equivocate`, [`crate::core::sim::byzantine`]): every value a put
//! writes and every result gets a prime (`1` becomes `1'`), in PREPAREs,
//! REPLYs and the logs of DOVIEWCHANGE, STARTVIEW and NEWSTATE. VR assumes
//! crash faults only; these show what one such replica does to it.

use super::kv::Op;
use super::msg::{Msg, Request};

/// The forgery of `msg` (`None`: the message is sent as it is).
pub fn forge(msg: &Msg) -> Option<Msg> {
    Some(match msg {
        Msg::Prepare { view, entries, op, commit, lease } => Msg::Prepare {
            view: *view,
            entries: forged_requests(entries),
            op: *op,
            commit: *commit,
            lease: *lease,
        },
        Msg::Reply { view, number, result } => {
            let result = Some(format!("{}'", result.clone().unwrap_or_default()));
            Msg::Reply { view: *view, number: *number, result }
        }
        Msg::DoViewChange { view, log, last_normal, op, commit } => Msg::DoViewChange {
            view: *view,
            log: forged_requests(log),
            last_normal: *last_normal,
            op: *op,
            commit: *commit,
        },
        Msg::StartView { view, log, op, commit } => {
            Msg::StartView { view: *view, log: forged_requests(log), op: *op, commit: *commit }
        }
        Msg::NewState { view, entries, op, commit } => {
            Msg::NewState { view: *view, entries: forged_requests(entries), op: *op, commit: *commit }
        }
        _ => return None,
    })
}

/// The requests with every put's value primed.
fn forged_requests(log: &[Request]) -> Vec<Request> {
    log.iter().map(|r| Request { op: forged_op(&r.op), ..r.clone() }).collect()
}

fn forged_op(op: &Op) -> Op {
    match op {
        Op::Put(k, v) => Op::Put(k.clone(), format!("{v}'")),
        Op::Get(k) => Op::Get(k.clone()),
    }
}
