//! Normal operation (§4.1): REQUEST, PREPARE, PREPAREOK, COMMIT, REPLY.
//! The primary orders requests in its log and sends them to the backups
//! as PREPAREs; a backup takes PREPAREs strictly in op order and answers
//! PREPAREOK; with f PREPAREOKs an operation is committed, the primary
//! executes it and replies to the client; the backups learn of the commit
//! from the next PREPARE or from an idle primary's COMMIT.

use super::msg::{Msg, Request, Status, Timer};
use super::replica::Replica;
use super::Vr;
use crate::core::sim::context::Ctx;
use crate::core::sim::NodeId;

impl Vr {
    /// Whether this replica is the primary of its view.
    pub(super) fn is_primary(&self, r: &Replica, me: NodeId) -> bool {
        self.config.primary(r.view) == me
    }

    /// Sends `msg` to every other replica.
    pub(super) fn to_replicas(&self, msg: Msg, ctx: &mut Ctx<'_, Self>) {
        let me = ctx.id;
        for j in (0..self.config.replicas).filter(|&j| j != me) {
            ctx.send(j, msg.clone());
        }
    }

    /// §4.1 steps 2-3: the primary takes a client's request.
    pub(super) fn on_request(&self, r: &mut Replica, req: &Request, ctx: &mut Ctx<'_, Self>) {
        if r.status != Status::Normal || !self.is_primary(r, ctx.id) {
            return;
        }
        // The client-table drops old requests and answers the latest again.
        match r.client_table.get(&req.client) {
            Some(&(s, _)) if req.number < s => return,
            Some((s, done)) if req.number == *s => {
                if let Some(result) = done {
                    ctx.send(req.client, Msg::Reply { view: r.view, number: *s, result: result.clone() });
                }
                return;
            }
            _ => {}
        }
        // §6.3.1: a read under a lease needs no PREPARE.
        if self.read_under_lease(r, req, ctx) {
            return;
        }
        // §6: a busy primary holds requests back for one batch.
        if self.config.batching && r.op > r.commit {
            r.batch.retain(|b| b.client != req.client);
            r.batch.push(req.clone());
            return;
        }
        self.prepare(r, vec![req.clone()], ctx);
    }

    /// §4.1 step 3: appends requests to the log and sends one PREPARE.
    pub(super) fn prepare(&self, r: &mut Replica, entries: Vec<Request>, ctx: &mut Ctx<'_, Self>) {
        for e in &entries {
            r.append(e.clone());
        }
        let lease = self.lease_request(ctx);
        let msg = Msg::Prepare { view: r.view, entries, op: r.op, commit: r.commit, lease };
        self.to_replicas(msg, ctx);
        self.arm_idle(ctx);
        if self.config.f() == 0 {
            self.commit_as_primary(r, r.op, ctx);
        }
    }

    /// §4.1 step 4: a backup takes a PREPARE (op-number and
    /// commit-number `at`) only once it has every earlier request; one that
    /// finds a gap asks for the missing part (§5.2). Its PREPAREOK grants
    /// the lease the PREPARE asks for (§6.3.1).
    pub(super) fn on_prepare(
        &self,
        r: &mut Replica,
        from: NodeId,
        entries: &[Request],
        at: (u64, u64),
        lease: Option<super::Stamp>,
        ctx: &mut Ctx<'_, Self>,
    ) {
        let (op, commit) = at;
        self.heard_primary(ctx);
        let first = (op + 1).saturating_sub(entries.len() as u64);
        if first > r.op + 1 {
            self.get_state(r, r.view, from, ctx);
            return;
        }
        for (n, e) in (first..=op).zip(entries) {
            if n > r.op {
                r.append(e.clone());
            }
        }
        let lease = self.grant(r, lease, ctx);
        ctx.send(from, Msg::PrepareOk { view: r.view, op: r.op, lease });
        self.learn_commit(r, from, commit, ctx);
    }

    /// §4.1 step 5: with PREPAREOKs from f backups an operation (and every
    /// earlier one) is committed.
    pub(super) fn on_prepare_ok(&self, r: &mut Replica, from: NodeId, op: u64, ctx: &mut Ctx<'_, Self>) {
        if !self.is_primary(r, ctx.id) || self.config.f() == 0 {
            return;
        }
        r.acked[from] = r.acked[from].max(op.min(r.op));
        let mut acks: Vec<u64> =
            (0..self.config.replicas).filter(|&j| j != ctx.id).map(|j| r.acked[j]).collect();
        acks.sort_unstable_by(|a, b| b.cmp(a));
        let committed = acks[self.config.f() - 1];
        if committed > r.commit {
            self.commit_as_primary(r, committed, ctx);
        }
    }

    /// The primary executes up to `k`, replies to each client, and with
    /// batching prepares the requests held back.
    fn commit_as_primary(&self, r: &mut Replica, k: u64, ctx: &mut Ctx<'_, Self>) {
        for (req, result) in r.execute_to(k, ctx) {
            ctx.send(req.client, Msg::Reply { view: r.view, number: req.number, result });
        }
        if r.op == r.commit && !r.batch.is_empty() {
            let batch = std::mem::take(&mut r.batch);
            self.prepare(r, batch, ctx);
        }
    }

    /// §4.1 step 7: a backup executes what it learns is committed, as far
    /// as its log goes (asking for the rest, §5.2), and sends no reply.
    pub(super) fn learn_commit(&self, r: &mut Replica, from: NodeId, k: u64, ctx: &mut Ctx<'_, Self>) {
        r.execute_to(k, ctx);
        if k > r.op {
            self.get_state(r, r.view, from, ctx);
        }
    }

    /// §4.1 step 6: an idle primary tells the backups the commit-number.
    /// One that has waited a whole idle period more without committing
    /// anything sends the uncommitted requests again instead: the paper
    /// leaves lost messages to resending, and without this a PREPARE lost
    /// on every link would leave its request uncommitted for good.
    pub(super) fn on_idle(&self, r: &mut Replica, ctx: &mut Ctx<'_, Self>) {
        if r.status != Status::Normal || !self.is_primary(r, ctx.id) {
            return;
        }
        let stalled = r.stalled == Some(r.commit);
        r.stalled = (r.op > r.commit).then_some(r.commit);
        let lease = self.lease_request(ctx);
        let msg = if stalled && r.op > r.commit {
            let entries = r.log[r.commit as usize..].to_vec();
            Msg::Prepare { view: r.view, entries, op: r.op, commit: r.commit, lease }
        } else {
            Msg::Commit { view: r.view, commit: r.commit, lease }
        };
        self.to_replicas(msg, ctx);
        self.arm_idle(ctx);
    }

    /// Arms the primary's idle timer (unless heartbeats are off).
    pub(super) fn arm_idle(&self, ctx: &mut Ctx<'_, Self>) {
        if self.config.timeouts.idle > 0.0 {
            ctx.set_timer(Timer::Idle, self.config.timeouts.idle);
        }
    }

    /// A backup heard from its primary: the wait for it starts again.
    pub(super) fn heard_primary(&self, ctx: &mut Ctx<'_, Self>) {
        ctx.set_timer(Timer::ViewChange, self.config.timeouts.primary);
    }
}
