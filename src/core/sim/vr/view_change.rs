//! View change (§4.2): STARTVIEWCHANGE, DOVIEWCHANGE, STARTVIEW. A replica
//! that suspects the primary (its timer expires) or hears of a later view
//! change moves to the next view in status view-change; with f other
//! STARTVIEWCHANGEs it sends its log to the new primary, which with f + 1
//! DOVIEWCHANGEs (its own among them) picks the log of the largest v'
//! (ties: the largest op-number), takes the largest commit-number, and
//! sends STARTVIEW.

use super::msg::{Msg, Request, Status, Timer};
use super::replica::{DoViewChange, Replica};
use super::Vr;
use crate::core::sim::context::Ctx;
use crate::core::sim::NodeId;

impl Vr {
    /// §4.2 step 1: advance to `view`, status view-change, tell everyone.
    /// Nothing past the scenario's `max_views`, and nothing while a lease
    /// this replica granted binds it (§6.3.1: it moves when that runs out).
    pub(super) fn start_view_change(&self, r: &mut Replica, view: u64, ctx: &mut Ctx<'_, Self>) {
        if self.config.max_views.is_some_and(|m| view > m) || self.wait_for_promise(r, view, ctx) {
            return;
        }
        // What came for this view while a promise held it back counts.
        if r.deferred.take() != Some(view) {
            r.start_view_change.clear();
            r.do_view_change.clear();
        }
        r.view = view;
        r.status = Status::ViewChange;
        r.sent_do_view_change = false;
        r.batch.clear();
        ctx.show(Status::ViewChange);
        ctx.cancel_timer(Timer::Idle);
        // If this view change stalls, the next one starts.
        ctx.set_timer(Timer::ViewChange, self.config.timeouts.primary);
        self.to_replicas(Msg::StartViewChange { view }, ctx);
        self.maybe_do_view_change(r, ctx);
    }

    /// The timer: the primary has been silent, a view change stalled, or
    /// a promise that held back a view change ran out (§6.3.1).
    pub(super) fn on_view_change_timer(&self, r: &mut Replica, ctx: &mut Ctx<'_, Self>) {
        let silent = r.status == Status::Normal && !self.is_primary(r, ctx.id);
        if let Some(view) = r.deferred.filter(|&v| v > r.view && r.status != Status::Recovering) {
            self.start_view_change(r, view, ctx);
        } else if silent || r.status == Status::ViewChange {
            self.start_view_change(r, r.view + 1, ctx);
        }
    }

    /// A view-change message for a later view starts this replica's view
    /// change too (§4.2 step 1); one for an earlier view is dropped.
    /// Returns whether the message is for the current view now.
    pub(super) fn catch_up_view(&self, r: &mut Replica, view: u64, ctx: &mut Ctx<'_, Self>) -> bool {
        if view > r.view {
            self.start_view_change(r, view, ctx);
        }
        view == r.view && r.status == Status::ViewChange
    }

    /// §4.2 step 2: with STARTVIEWCHANGE from f others, DOVIEWCHANGE to the
    /// new primary.
    pub(super) fn on_start_view_change(
        &self,
        r: &mut Replica,
        from: NodeId,
        view: u64,
        ctx: &mut Ctx<'_, Self>,
    ) {
        if self.catch_up_view(r, view, ctx) {
            r.start_view_change.insert(from);
            self.maybe_do_view_change(r, ctx);
        } else if r.deferred == Some(view) {
            r.start_view_change.insert(from);
        }
    }

    fn maybe_do_view_change(&self, r: &mut Replica, ctx: &mut Ctx<'_, Self>) {
        if r.status != Status::ViewChange
            || r.sent_do_view_change
            || r.start_view_change.len() < self.config.f()
        {
            return;
        }
        r.sent_do_view_change = true;
        let dvc = DoViewChange { last_normal: r.last_normal, op: r.op, commit: r.commit, log: r.log.clone() };
        let primary = self.config.primary(r.view);
        if primary == ctx.id {
            self.take_do_view_change(r, ctx.id, dvc, ctx);
        } else {
            let DoViewChange { last_normal, op, commit, log } = dvc;
            ctx.send(primary, Msg::DoViewChange { view: r.view, log, last_normal, op, commit });
        }
    }

    /// §4.2 step 3: the new primary collects DOVIEWCHANGEs.
    pub(super) fn on_do_view_change(
        &self,
        r: &mut Replica,
        from: NodeId,
        view: u64,
        dvc: DoViewChange,
        ctx: &mut Ctx<'_, Self>,
    ) {
        let mine = self.config.primary(view) == ctx.id;
        if self.catch_up_view(r, view, ctx) && mine {
            self.take_do_view_change(r, from, dvc, ctx);
        } else if mine && r.deferred == Some(view) {
            r.do_view_change.insert(from, dvc);
        }
    }

    fn take_do_view_change(&self, r: &mut Replica, from: NodeId, dvc: DoViewChange, ctx: &mut Ctx<'_, Self>) {
        r.do_view_change.insert(from, dvc);
        if r.do_view_change.len() > self.config.f() && r.do_view_change.contains_key(&ctx.id) {
            self.start_view(r, ctx);
        }
    }

    /// §4.2 steps 3-4: the log of the largest v' (ties: the largest n), the
    /// largest k; normal; STARTVIEW; execute what is committed and reply.
    fn start_view(&self, r: &mut Replica, ctx: &mut Ctx<'_, Self>) {
        let best = r.do_view_change.values().max_by_key(|d| (d.last_normal, d.op)).expect("f + 1 of them");
        let log = best.log.clone();
        let k = r.do_view_change.values().map(|d| d.commit).max().unwrap_or(0);
        let keep = r.commit;
        r.replace_log(log, keep, ctx);
        r.become_normal(r.view, ctx);
        self.note_view_start(r);
        ctx.cancel_timer(Timer::ViewChange);
        let msg = Msg::StartView { view: r.view, log: r.log.clone(), op: r.op, commit: k };
        self.to_replicas(msg, ctx);
        self.arm_idle(ctx);
        for (req, result) in r.execute_to(k, ctx) {
            ctx.send(req.client, Msg::Reply { view: r.view, number: req.number, result });
        }
    }

    /// §4.2 step 5: a backup takes the new view's log, and acknowledges
    /// what is not yet committed with a PREPAREOK.
    pub(super) fn on_start_view(
        &self,
        r: &mut Replica,
        from: NodeId,
        view: u64,
        log: &[Request],
        commit: u64,
        ctx: &mut Ctx<'_, Self>,
    ) {
        let later = view > r.view || (view == r.view && r.status == Status::ViewChange);
        if !later || r.status == Status::Recovering {
            return;
        }
        let keep = r.commit;
        r.view = view;
        r.replace_log(log.to_vec(), keep, ctx);
        r.become_normal(view, ctx);
        ctx.cancel_timer(Timer::Idle);
        self.heard_primary(ctx);
        if r.op > commit.max(r.commit) {
            ctx.send(from, Msg::PrepareOk { view, op: r.op, lease: None });
        }
        r.execute_to(commit, ctx);
    }
}
