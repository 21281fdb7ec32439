//! The coordinator's steps that 2PC and 3PC share (Bernstein, Hadzilacos
//! and Goodman, "Concurrency Control and Recovery in Database Systems",
//! 1987, §7.3 and §7.5): log the start, ask every participant to vote and
//! wait for the votes; a no (or silence) aborts; decide, log, and tell.

use super::{participant, CommitProtocol, Decision, Heard};
use crate::core::sim::context::Ctx;
use crate::core::sim::NodeId;

/// Logs the start, sends the vote requests, waits for the votes.
pub fn start<P: CommitProtocol>(p: &P, ctx: &mut Ctx<'_, P>) {
    ctx.save(|log| log.started = true);
    for n in p.config().participant_ids() {
        ctx.send(n, P::request());
    }
    ctx.set_timer(P::VOTES, p.config().timeouts.vote);
}

/// True when every participant has been heard (its yes, its ack).
pub fn from_all<P: CommitProtocol>(p: &P, heard: Heard) -> bool {
    p.config().participant_ids().all(|n| heard.has(n))
}

/// Decides `d` (unless `decided` already) and tells `to` the decision
/// taken; returns it.
pub fn announce<P: CommitProtocol>(
    decided: &mut Option<Decision>,
    d: Decision,
    to: impl Iterator<Item = NodeId>,
    ctx: &mut Ctx<'_, P>,
) -> Decision {
    participant::decide(decided, d, ctx);
    let d = decided.unwrap_or(d);
    for n in to {
        ctx.send(n, P::outcome(d));
    }
    d
}

/// What a recovering coordinator decides from its log: the decision
/// logged, else (presumed abort) abort, unless `committable` (3PC: it had
/// pre-committed, so everyone voted yes).
pub fn recovered(log_decision: Option<Decision>, committable: bool) -> Decision {
    log_decision.unwrap_or(if committable { Decision::Commit } else { Decision::Abort })
}
