//! The normal case (§4.2): the primary assigns a sequence number to each
//! request in a PRE-PREPARE; the backups accept it and multicast PREPARE;
//! with the pre-prepare and 2f matching prepares from different backups a
//! replica is *prepared* and multicasts COMMIT; with 2f + 1 matching
//! commits (its own may count) it is *committed-local*, and it executes
//! the request once every lower number has executed, and replies (§4.1).

use super::msg::{digest, Msg, PrePrepare, Prepared, SignedRequest, Slot, Status, Timer};
use super::replica::Replica;
use super::{notes, Disk, Pbft};
use crate::core::sim::byzantine::Signed;
use crate::core::sim::context::Ctx;
use crate::core::sim::NodeId;

impl Pbft {
    /// Whether this replica is the primary of its view.
    pub(super) fn is_primary(&self, r: &Replica, me: NodeId) -> bool {
        self.config.primary(r.view) == me
    }

    /// Multicasts `msg` to every other replica.
    pub(super) fn to_replicas(&self, msg: Msg, ctx: &mut Ctx<'_, Self>) {
        let me = ctx.id;
        for j in (0..self.config.replicas).filter(|&j| j != me) {
            ctx.send(j, msg.clone());
        }
    }

    /// §4.1: a request counts only signed by its client. One executed
    /// already gets its reply again; the primary orders a new one; a
    /// backup relays it to the primary and starts its timer (§4.4).
    pub(super) fn on_request(&self, r: &mut Replica, sr: &SignedRequest, ctx: &mut Ctx<'_, Self>) {
        let req = sr.value();
        if sr.by() != req.client || self.config.is_replica(req.client) {
            return;
        }
        if let Some((t, result)) = r.replies.get(&req.client) {
            if req.number == *t {
                ctx.send(req.client, Msg::Reply { view: r.view, number: *t, result: result.clone() });
            }
            if req.number <= *t {
                return;
            }
        }
        let fresh = r.waiting.insert((req.client, req.number), sr.clone()).is_none();
        if r.status != Status::Normal {
            return;
        }
        if self.is_primary(r, ctx.id) {
            self.assign(r, sr, ctx);
        } else {
            if fresh {
                ctx.send(self.config.primary(r.view), Msg::Request(sr.clone()));
            }
            self.wait_for_requests(r, ctx);
        }
    }

    /// §4.2: the primary assigns the next sequence number to a request it
    /// has not ordered in this view, if it is below H (§4.3; else the
    /// request waits for the window to move).
    pub(super) fn assign(&self, r: &mut Replica, sr: &SignedRequest, ctx: &mut Ctx<'_, Self>) {
        let ordered = |e: &super::replica::Entry| {
            e.pre.as_ref().and_then(|p| p.request.as_ref()).is_some_and(|x| x.value() == sr.value())
        };
        if r.entries.values().any(ordered) || r.queue.contains(sr) {
            return;
        }
        if r.next >= r.high(self.config.window) {
            r.queue.push(sr.clone());
            return;
        }
        r.next += 1;
        let slot = ctx.sign(Slot { view: r.view, n: r.next, digest: digest(Some(sr.value())) });
        let pre = PrePrepare { slot, request: Some(sr.clone()) };
        r.entries.entry(r.next).or_default().pre = Some(pre.clone());
        self.to_replicas(Msg::PrePrepare(pre), ctx);
        r.refresh_log();
    }

    /// The primary orders the requests waiting for room below H.
    pub(super) fn drain_queue(&self, r: &mut Replica, ctx: &mut Ctx<'_, Self>) {
        if r.status != Status::Normal || !self.is_primary(r, ctx.id) {
            return;
        }
        while r.next < r.high(self.config.window) && !r.queue.is_empty() {
            let sr = r.queue.remove(0);
            self.assign(r, &sr, ctx);
        }
    }

    /// §4.2: a backup accepts a pre-prepare if it is signed by the primary
    /// of its view, which is this replica's view; the digest is the
    /// request's; h < n ≤ H; and it has accepted no pre-prepare for v and
    /// n with a different digest. It then multicasts PREPARE.
    pub(super) fn on_pre_prepare(
        &self,
        r: &mut Replica,
        from: NodeId,
        pre: &PrePrepare,
        ctx: &mut Ctx<'_, Self>,
    ) {
        let s = *pre.slot.value();
        let primary = self.config.primary(r.view);
        if r.status != Status::Normal || s.view != r.view || from != primary || pre.slot.by() != from {
            return;
        }
        if !(self.well_formed(pre) && self.in_window(r, s.n)) {
            return;
        }
        if r.entries.get(&s.n).is_some_and(|e| e.pre.is_some()) {
            return;
        }
        if let Some(req) = &pre.request {
            let v = req.value();
            if r.replies.get(&v.client).is_none_or(|(t, _)| v.number > *t) {
                r.waiting.insert((v.client, v.number), req.clone());
            }
        }
        let prepare = ctx.sign(s);
        let e = r.entries.entry(s.n).or_default();
        e.pre = Some(pre.clone());
        e.prepares.insert(ctx.id, prepare.clone());
        self.to_replicas(Msg::Prepare(prepare), ctx);
        self.wait_for_requests(r, ctx);
        self.tally(r, s.n, ctx);
        self.advance(r, s.n, ctx);
    }

    /// §4.3: the watermarks, h < n ≤ H.
    pub(super) fn in_window(&self, r: &Replica, n: u64) -> bool {
        r.low < n && n <= r.high(self.config.window)
    }

    /// D(m) is the request's digest, and the request is signed by its
    /// client (the null request has neither).
    pub(super) fn well_formed(&self, pre: &PrePrepare) -> bool {
        let signed = pre.request.as_ref().is_none_or(|q| q.by() == q.value().client);
        signed && digest(pre.request.as_ref().map(|q| q.value())) == pre.slot.value().digest
    }

    /// §4.2: a PREPARE (from a backup) or a COMMIT (from any replica) of
    /// this view, for h < n ≤ H, goes in the log; a sender's first counts.
    pub(super) fn on_vote(
        &self,
        r: &mut Replica,
        from: NodeId,
        vote: &Signed<Slot>,
        commit: bool,
        ctx: &mut Ctx<'_, Self>,
    ) {
        let s = *vote.value();
        if r.status != Status::Normal || s.view != r.view || vote.by() != from {
            return;
        }
        if !self.in_window(r, s.n) {
            return;
        }
        let e = r.entries.entry(s.n).or_default();
        if commit {
            e.commits.entry(from).or_insert_with(|| vote.clone());
        } else if from != self.config.primary(r.view) {
            e.prepares.entry(from).or_insert_with(|| vote.clone());
            self.tally(r, s.n, ctx);
        }
        self.advance(r, s.n, ctx);
    }

    /// §4.2: prepared(m, v, n, i) once the log holds the pre-prepare and
    /// 2f prepares from different backups that match it (then COMMIT);
    /// committed-local(m, v, n, i) once prepared and 2f + 1 matching commits
    /// (then execute in order).
    pub(super) fn advance(&self, r: &mut Replica, n: u64, ctx: &mut Ctx<'_, Self>) {
        let f = self.config.f();
        let Some(e) = r.entries.get_mut(&n) else { return };
        let Some(pre) = e.pre.clone() else { return };
        let want = *pre.slot.value();
        if !e.prepared {
            let have = e.prepares.values().filter(|p| *p.value() == want).count();
            if have < 2 * f {
                return;
            }
            let matching: Vec<Signed<Slot>> =
                e.prepares.values().filter(|p| *p.value() == want).take(2 * f).cloned().collect();
            e.prepared = true;
            let commit = ctx.sign(want);
            e.commits.insert(ctx.id, commit.clone());
            r.certs.insert(n, Prepared { pre, prepares: matching });
            ctx.settle(notes::key(want.view, n));
            ctx.note(|| notes::prepared(n, have, f));
            self.to_replicas(Msg::Commit(commit), ctx);
        }
        let e = r.entries.get_mut(&n).expect("just read");
        let committers: Vec<NodeId> =
            e.commits.iter().filter(|(_, c)| *c.value() == want).map(|(&k, _)| k).collect();
        if !e.committed && committers.len() > 2 * f {
            e.committed = true;
            let primary = self.config.primary(want.view);
            let cert = r.certs.get(&n).map(|c| c.prepares.iter().map(Signed::by));
            let prepare = std::iter::once(primary).chain(cert.into_iter().flatten()).collect();
            ctx.note(|| notes::committed(n, f, prepare, committers));
            self.execute(r, ctx);
        }
    }

    /// A PREPARE or PRE-PREPARE for `n` that leaves it short of prepared
    /// is counted on the diagram, in case it never prepares (§4.2).
    pub(super) fn tally(&self, r: &Replica, n: u64, ctx: &mut Ctx<'_, Self>) {
        let Some(e) = r.entries.get(&n).filter(|e| !e.prepared) else { return };
        let f = self.config.f();
        let have =
            e.pre.as_ref().map(|p| e.prepares.values().filter(|q| q.value() == p.slot.value()).count());
        if have.is_some_and(|h| h >= 2 * f) {
            return;
        }
        ctx.note(|| notes::short(r.view, n, have, e.prepares.len(), f));
    }

    /// §4.2 and §4.1: executes the committed-local requests in order of
    /// sequence number, each client's at most once (a null request does
    /// nothing), and replies to each client; a checkpoint every K (§4.3).
    pub(super) fn execute(&self, r: &mut Replica, ctx: &mut Ctx<'_, Self>) {
        r.refresh_log();
        let before = r.executed;
        while let Some(e) = r.entries.get(&(r.executed + 1)).filter(|e| e.committed) {
            let pre = e.pre.clone().expect("committed entries are pre-prepared");
            r.executed += 1;
            if let Some(sr) = &pre.request {
                let req = sr.value();
                r.waiting.remove(&(req.client, req.number));
                if r.replies.get(&req.client).is_none_or(|(t, _)| req.number > *t) {
                    let out = r.store.apply(&req.op);
                    r.replies.insert(req.client, (req.number, out));
                }
                if let Some((t, result)) = r.replies.get(&req.client).filter(|(t, _)| *t == req.number) {
                    ctx.send(req.client, Msg::Reply { view: r.view, number: *t, result: result.clone() });
                }
            }
            let ghost = (pre.slot.value().digest, r.view);
            ctx.save(|d: &mut Disk| d.ghost.push(ghost));
            if r.executed % self.config.checkpoint == 0 {
                self.checkpoint(r, r.executed, ctx);
            }
        }
        if r.executed > before {
            r.failed = 0;
            self.restart_timer(r, ctx);
        }
    }

    /// §4.4: a backup's timer runs while it waits for a request to execute.
    pub(super) fn wait_for_requests(&self, r: &mut Replica, ctx: &mut Ctx<'_, Self>) {
        if r.timer_on || r.waiting.is_empty() || r.status != Status::Normal || self.is_primary(r, ctx.id) {
            return;
        }
        r.timer_on = true;
        ctx.set_timer(Timer::ViewChange, self.config.timeouts.view_change);
    }

    /// §4.4: having executed a request, a backup stops its timer if it waits
    /// for no other, and restarts it if it does.
    pub(super) fn restart_timer(&self, r: &mut Replica, ctx: &mut Ctx<'_, Self>) {
        if r.status != Status::Normal {
            return;
        }
        if r.timer_on {
            r.timer_on = false;
            ctx.cancel_timer(Timer::ViewChange);
        }
        self.wait_for_requests(r, ctx);
    }
}
