//! Recovery (§4.3) and state transfer (§5.2).
//!
//! A replica that comes back after a crash has lost everything (VR writes
//! nothing to disk), so it must not take part until it has caught up: in
//! status recovering it sends RECOVERY with a fresh nonce; replicas in
//! normal status answer RECOVERYRESPONSE, and only the primary includes
//! its log; with f + 1 answers carrying its nonce, one of them from the
//! primary of the latest view among them, it takes that primary's state.
//!
//! A replica that is merely behind asks for what it lacks with GETSTATE
//! and takes the NEWSTATE answer. One that learns of a later view first
//! sets its op-number to its commit-number and truncates its log there
//! (§5.2, as written: the rule that Vanlightly's vsr-tlaplus shows can
//! lose committed operations).

use super::msg::{Msg, PrimaryState, Request, Status, Timer};
use super::replica::{Recovering, Replica};
use super::{Disk, Vr};
use crate::core::sim::context::Ctx;
use crate::core::sim::NodeId;

impl Vr {
    /// §4.3 step 1. The paper's nonce is random; a count of this replica's
    /// recoveries (kept with its ghost record) is as fresh and replays
    /// identically.
    pub(super) fn recover_replica(&self, r: &mut Replica, ctx: &mut Ctx<'_, Self>) {
        ctx.save(|d: &mut Disk| d.recoveries += 1);
        let nonce = ctx.storage().recoveries;
        r.status = Status::Recovering;
        r.recovering = Some(Recovering { nonce, responses: Default::default() });
        self.promise_on_recovery(r, ctx);
        ctx.show(Status::Recovering);
        self.ask_recovery(nonce, ctx);
    }

    fn ask_recovery(&self, nonce: u64, ctx: &mut Ctx<'_, Self>) {
        self.to_replicas(Msg::Recovery { nonce }, ctx);
        ctx.set_timer(Timer::Recovery, self.config.timeouts.recovery);
    }

    /// No answer yet: ask again with the same nonce.
    pub(super) fn on_recovery_timer(&self, r: &mut Replica, ctx: &mut Ctx<'_, Self>) {
        if let Some(w) = &r.recovering {
            self.ask_recovery(w.nonce, ctx);
        }
    }

    /// §4.3 step 2: only a replica in normal status answers; only the
    /// primary sends its state.
    pub(super) fn on_recovery(&self, r: &Replica, from: NodeId, nonce: u64, ctx: &mut Ctx<'_, Self>) {
        if r.status != Status::Normal {
            return;
        }
        let primary = self.is_primary(r, ctx.id).then(|| PrimaryState {
            log: r.log.clone(),
            op: r.op,
            commit: r.commit,
        });
        ctx.send(from, Msg::RecoveryResponse { view: r.view, nonce, primary });
    }

    /// §4.3 step 3: f + 1 answers with the nonce, the latest view's primary
    /// among them.
    pub(super) fn on_recovery_response(
        &self,
        r: &mut Replica,
        from: NodeId,
        view: u64,
        nonce: u64,
        primary: &Option<PrimaryState>,
        ctx: &mut Ctx<'_, Self>,
    ) {
        let Some(w) = &mut r.recovering else { return };
        if w.nonce != nonce {
            return;
        }
        w.responses.insert(from, (view, primary.clone()));
        if w.responses.len() <= self.config.f() {
            return;
        }
        let latest = w.responses.values().map(|(v, _)| *v).max().unwrap_or(0);
        let Some((_, Some(state))) = w.responses.get(&self.config.primary(latest)) else { return };
        if w.responses[&self.config.primary(latest)].0 != latest {
            return;
        }
        let state = state.clone();
        r.recovering = None;
        r.view = latest;
        r.replace_log(state.log, 0, ctx);
        r.execute_to(state.commit, ctx);
        r.become_normal(latest, ctx);
        ctx.cancel_timer(Timer::Recovery);
        self.heard_primary(ctx);
    }

    /// §5.2: asks `to` for the log after this replica's op-number, in
    /// `view`; for a later view, first truncates the log to the
    /// commit-number.
    pub(super) fn get_state(&self, r: &mut Replica, view: u64, to: NodeId, ctx: &mut Ctx<'_, Self>) {
        if view > r.view {
            r.truncate(r.commit);
            r.batch.clear();
        }
        r.asked_state = Some(r.op);
        ctx.send(to, Msg::GetState { view, op: r.op });
    }

    /// A normal-protocol message (PREPARE, COMMIT) from a later view: state
    /// transfer first (§4 "if the sender is ahead").
    pub(super) fn later_view(&self, r: &mut Replica, from: NodeId, view: u64, ctx: &mut Ctx<'_, Self>) {
        if r.status != Status::Recovering {
            self.get_state(r, view, from, ctx);
        }
    }

    /// A replica in normal status in the view asked about answers with the
    /// log after n'.
    pub(super) fn on_get_state(
        &self,
        r: &Replica,
        from: NodeId,
        view: u64,
        op: u64,
        ctx: &mut Ctx<'_, Self>,
    ) {
        if r.status != Status::Normal || r.view != view || op > r.op {
            return;
        }
        let entries = r.log[op as usize..].to_vec();
        ctx.send(from, Msg::NewState { view, entries, op: r.op, commit: r.commit });
    }

    /// The answer: appends the entries, takes the view, executes what is
    /// committed. A NEWSTATE that does not start where this replica's log
    /// ends (a stale one) is dropped.
    pub(super) fn on_new_state(
        &self,
        r: &mut Replica,
        view: u64,
        entries: &[Request],
        op: u64,
        commit: u64,
        ctx: &mut Ctx<'_, Self>,
    ) {
        let fits = r.asked_state == Some(r.op) && op == r.op + entries.len() as u64;
        let later = view > r.view || (view == r.view && r.status == Status::Normal);
        if !fits || !later || r.status == Status::Recovering {
            return;
        }
        for e in entries {
            r.append(e.clone());
        }
        r.view = view;
        r.become_normal(view, ctx);
        ctx.cancel_timer(Timer::Idle);
        self.heard_primary(ctx);
        r.execute_to(commit, ctx);
        // Then it processes the PREPARE that showed the gap (§5.2): its
        // PREPAREOK covers every request it now has.
        if r.op > r.commit && !self.is_primary(r, ctx.id) {
            ctx.send(self.config.primary(view), Msg::PrepareOk { view, op: r.op, lease: None });
        }
    }
}
