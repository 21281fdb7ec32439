//! View changes (§4.4), with the liveness rules of §4.5.2. A backup whose
//! timer expires moves to view v + 1 and multicasts VIEW-CHANGE with its
//! last stable checkpoint s, its proof C and its prepared certificates P.
//! The primary of v + 1, with 2f valid VIEW-CHANGEs from others, multicasts
//! NEW-VIEW with those and its own (V) and O: for each n from min-s (the
//! latest stable checkpoint in V) to max-s (the highest number prepared in
//! V), a pre-prepare for the request prepared there in the highest view, or
//! for the null request. Backups check O by computing it again, and run the
//! normal case on it.

use super::msg::{digest, Msg, PrePrepare, Prepared, SignedRequest, Slot, Status, Timer, ViewChange};
use super::replica::Replica;
use super::{notes, Pbft};
use crate::core::sim::byzantine::Signed;
use crate::core::sim::context::Ctx;
use crate::core::sim::NodeId;
use std::collections::BTreeMap;

/// O as computed from V: min-s, and each (n, d, m) after it.
pub struct Chosen {
    /// min-s.
    pub low: u64,
    /// The stable checkpoint's proof that min-s came with.
    pub proof: Vec<Signed<super::msg::Checkpoint>>,
    /// For each n in (min-s, max-s]: the digest and request to pre-prepare.
    pub order: Vec<(u64, u64, Option<SignedRequest>)>,
}

impl Pbft {
    /// Moves to `view` in status view-change and multicasts VIEW-CHANGE.
    /// No view past the scenario's `max_views`.
    pub(super) fn start_view_change(&self, r: &mut Replica, view: u64, ctx: &mut Ctx<'_, Self>) {
        if self.config.max_views.is_some_and(|m| view > m) {
            return;
        }
        r.view = view;
        r.status = Status::ViewChange;
        r.entries.clear();
        r.queue.clear();
        r.refresh_log();
        ctx.show(Status::ViewChange);
        ctx.cancel_timer(Timer::ViewChange);
        r.timer_on = false;
        let vc = ctx.sign(ViewChange {
            view,
            stable: r.low,
            proof: r.proof.clone(),
            prepared: r.certs.values().cloned().collect(),
        });
        r.changes.entry(view).or_default().insert(ctx.id, vc.clone());
        let (s, p): (u64, Vec<u64>) = (r.low, r.certs.keys().copied().collect());
        ctx.note(|| notes::view_change(view, s, &p));
        self.to_replicas(Msg::ViewChange(vc), ctx);
        self.collect_changes(r, ctx);
    }

    /// The timer: a request did not execute in time (normal status), or a
    /// NEW-VIEW did not come (the next view change waits twice as long).
    pub(super) fn on_view_change_timer(&self, r: &mut Replica, ctx: &mut Ctx<'_, Self>) {
        r.timer_on = false;
        match r.status {
            Status::Normal if !r.waiting.is_empty() && !self.is_primary(r, ctx.id) => {
                self.start_view_change(r, r.view + 1, ctx)
            }
            Status::ViewChange => {
                r.failed += 1;
                self.start_view_change(r, r.view + 1, ctx)
            }
            _ => {}
        }
    }

    /// A valid VIEW-CHANGE for a later view (or the one being changed to)
    /// goes in the log; with f + 1 of them for views above its own, a
    /// replica moves to the smallest (§4.5.2).
    pub(super) fn on_view_change(
        &self,
        r: &mut Replica,
        from: NodeId,
        vc: &Signed<ViewChange>,
        ctx: &mut Ctx<'_, Self>,
    ) {
        let v = vc.value().view;
        let current = v == r.view && r.status == Status::ViewChange;
        if vc.by() != from || !(v > r.view || current) || !self.valid_change(vc.value()) {
            return;
        }
        r.changes.entry(v).or_default().entry(from).or_insert_with(|| vc.clone());
        let above: BTreeMap<NodeId, u64> =
            r.changes.range(r.view + 1..).flat_map(|(&w, by)| by.keys().map(move |&k| (k, w))).collect();
        if above.len() > self.config.f() {
            let next = above.values().copied().min().expect("f + 1 of them");
            self.start_view_change(r, next, ctx);
        } else {
            self.collect_changes(r, ctx);
        }
    }

    /// With 2f + 1 VIEW-CHANGEs for its view (its own among them), a
    /// replica starts its timer for the NEW-VIEW, 2^k times the base after
    /// k failed view changes (§4.5.2); the new primary sends NEW-VIEW.
    fn collect_changes(&self, r: &mut Replica, ctx: &mut Ctx<'_, Self>) {
        if r.status != Status::ViewChange {
            return;
        }
        let have = r.changes.get(&r.view).map_or(0, BTreeMap::len);
        if have <= 2 * self.config.f() {
            return;
        }
        if self.config.primary(r.view) == ctx.id {
            self.send_new_view(r, ctx);
        } else if !r.timer_on {
            r.timer_on = true;
            let wait = self.config.timeouts.view_change * f64::from(2u32.saturating_pow(r.failed.min(16)));
            ctx.set_timer(Timer::ViewChange, wait);
        }
    }

    /// The new primary's NEW-VIEW: V and O, then the new view.
    fn send_new_view(&self, r: &mut Replica, ctx: &mut Ctx<'_, Self>) {
        let changes: Vec<Signed<ViewChange>> = r.changes[&r.view].values().cloned().collect();
        let chosen = self.choose(&changes);
        let pre: Vec<PrePrepare> = chosen
            .order
            .iter()
            .map(|(n, d, m)| PrePrepare {
                slot: ctx.sign(Slot { view: r.view, n: *n, digest: *d }),
                request: m.clone(),
            })
            .collect();
        let o: Vec<(u64, Option<&SignedRequest>)> =
            chosen.order.iter().map(|(n, _, m)| (*n, m.as_ref())).collect();
        ctx.note(|| notes::new_view(r.view, chosen.low, &o));
        self.to_replicas(Msg::NewView { view: r.view, changes, pre: pre.clone() }, ctx);
        let max_s = chosen.order.last().map_or(chosen.low, |o| o.0);
        self.enter_view(r, r.view, (chosen.low, chosen.proof), &pre, ctx);
        r.next = max_s.max(r.low);
        let waiting: Vec<SignedRequest> = r.waiting.values().cloned().collect();
        for sr in &waiting {
            self.assign(r, sr, ctx);
        }
    }

    /// §4.4: min-s, max-s and O from V.
    pub(super) fn choose(&self, changes: &[Signed<ViewChange>]) -> Chosen {
        let best = changes.iter().max_by_key(|c| c.value().stable).expect("2f + 1 of them");
        let (low, proof) = (best.value().stable, best.value().proof.clone());
        let mut by_n: BTreeMap<u64, &Prepared> = BTreeMap::new();
        for p in changes.iter().flat_map(|c| &c.value().prepared) {
            let s = p.pre.slot.value();
            if s.n > low && by_n.get(&s.n).is_none_or(|q| q.pre.slot.value().view < s.view) {
                by_n.insert(s.n, p);
            }
        }
        let max_s = by_n.keys().next_back().copied().unwrap_or(low);
        let order = (low + 1..=max_s)
            .map(|n| match by_n.get(&n) {
                Some(p) => (n, p.pre.slot.value().digest, p.pre.request.clone()),
                None => (n, digest(None), None),
            })
            .collect();
        Chosen { low, proof, order }
    }

    /// §4.4: a VIEW-CHANGE is valid if C proves its checkpoint and every
    /// certificate in P is a pre-prepare by its view's primary, in a view
    /// before this one, for h < n ≤ h + L, with 2f matching prepares
    /// signed by different backups of that view.
    pub(super) fn valid_change(&self, vc: &ViewChange) -> bool {
        let f = self.config.f();
        let window = vc.stable + self.config.window;
        self.proves(vc.stable, &vc.proof)
            && vc.prepared.iter().all(|p| {
                let s = *p.pre.slot.value();
                let primary = self.config.primary(s.view);
                let mut by: Vec<NodeId> = p.prepares.iter().map(Signed::by).collect();
                by.sort_unstable();
                by.dedup();
                p.pre.slot.by() == primary
                    && s.view < vc.view
                    && vc.stable < s.n
                    && s.n <= window
                    && self.well_formed(&p.pre)
                    && by.len() == p.prepares.len()
                    && by.len() >= 2 * f
                    && by.iter().all(|&b| b != primary && self.config.is_replica(b))
                    && p.prepares.iter().all(|q| *q.value() == s)
            })
    }

    /// §4.4: a backup accepts a NEW-VIEW for a later view (or the one it is
    /// changing to) from that view's primary if V holds 2f + 1 valid
    /// VIEW-CHANGEs for it from different replicas and O is what V gives.
    pub(super) fn on_new_view(
        &self,
        r: &mut Replica,
        from: NodeId,
        view: u64,
        changes: &[Signed<ViewChange>],
        pre: &[PrePrepare],
        ctx: &mut Ctx<'_, Self>,
    ) {
        let later = view > r.view || (view == r.view && r.status == Status::ViewChange);
        if !later || from != self.config.primary(view) || self.config.max_views.is_some_and(|m| view > m) {
            return;
        }
        let mut by: Vec<NodeId> = changes.iter().map(Signed::by).collect();
        by.sort_unstable();
        by.dedup();
        let valid = |c: &Signed<ViewChange>| c.value().view == view && self.valid_change(c.value());
        if by.len() != changes.len() || by.len() <= 2 * self.config.f() || !changes.iter().all(valid) {
            return;
        }
        let chosen = self.choose(changes);
        let same = chosen.order.len() == pre.len()
            && chosen.order.iter().zip(pre).all(|((n, d, _), p)| {
                let s = p.slot.value();
                p.slot.by() == from && s.view == view && s.n == *n && s.digest == *d && self.well_formed(p)
            });
        if same {
            self.enter_view(r, view, (chosen.low, chosen.proof), pre, ctx);
        }
    }

    /// Enters `view` normal: takes V's stable checkpoint if it has executed
    /// that far, puts O in the log and, as a backup, multicasts a PREPARE
    /// for each (§4.4); then the normal case runs on.
    fn enter_view(
        &self,
        r: &mut Replica,
        view: u64,
        stable: (u64, Vec<Signed<super::msg::Checkpoint>>),
        pre: &[PrePrepare],
        ctx: &mut Ctx<'_, Self>,
    ) {
        r.view = view;
        r.status = Status::Normal;
        ctx.show(Status::Normal);
        r.changes.retain(|&v, _| v > view);
        r.entries.clear();
        ctx.cancel_timer(Timer::ViewChange);
        r.timer_on = false;
        if stable.0 > r.low && r.executed >= stable.0 {
            let window = self.config.window;
            ctx.note(|| notes::stable(stable.0, None, 0, window));
            self.stabilize(r, stable.0, stable.1);
        }
        let backup = !self.is_primary(r, ctx.id);
        for p in pre.iter().filter(|p| p.slot.value().n > r.low) {
            let s = *p.slot.value();
            let e = r.entries.entry(s.n).or_default();
            e.pre = Some(p.clone());
            if backup {
                let prepare = ctx.sign(s);
                e.prepares.insert(ctx.id, prepare.clone());
                self.to_replicas(Msg::Prepare(prepare), ctx);
            }
        }
        r.refresh_log();
        let numbers: Vec<u64> = r.entries.keys().copied().collect();
        for n in numbers {
            self.tally(r, n, ctx);
            self.advance(r, n, ctx);
        }
        self.wait_for_requests(r, ctx);
    }
}
