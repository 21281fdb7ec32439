//! The participant's steps that 2PC and 3PC share: wait for the vote
//! request (and abort alone if it never comes), log and send the vote (a no
//! aborts at once), and decide: log, record, show.

use super::{CommitProtocol, Decision, Status, Vote};
use crate::core::sim::context::Ctx;

/// A participant waits for the vote request (long enough for the
/// coordinator's own wait for votes to end first).
pub fn start<P: CommitProtocol>(p: &P, ctx: &mut Ctx<'_, P>) {
    let t = p.config().timeouts;
    ctx.set_timer(P::REQUEST, t.vote + t.decision);
}

/// Answers the vote request: logs the vote, sends it; a no decides abort.
/// Returns the vote.
pub fn vote<P: CommitProtocol>(p: &P, decided: &mut Option<Decision>, ctx: &mut Ctx<'_, P>) -> Vote {
    let v = p.config().vote(ctx.id);
    ctx.save(|log| log.vote = Some(v));
    ctx.send(0, P::vote(v));
    if v == Vote::No {
        decide(decided, Decision::Abort, ctx);
    }
    v
}

/// Logs, records and shows decision `d`, once.
pub fn decide<P: CommitProtocol>(decided: &mut Option<Decision>, d: Decision, ctx: &mut Ctx<'_, P>) {
    if decided.is_some() {
        return;
    }
    *decided = Some(d);
    ctx.save(|log| log.decision = Some(d));
    ctx.decide(d);
    ctx.show(Status::of(d));
}

/// A recovering node first shows what its log says it is.
pub fn show_recovered<P: CommitProtocol>(ctx: &mut Ctx<'_, P>) {
    let status = ctx.storage().decision.map_or(Status::Working, Status::of);
    ctx.show(status);
}
