//! Reads at the primary under leases: Liskov and Cowling, "Viewstamped
//! Replication Revisited" (2012), §6.3.1, on a switch (`"leases"`):
//!
//! > However, having the primary perform read requests unilaterally could
//! > lead to the read returning a result based on an old state. This can
//! > happen if the request goes to an old primary that is not aware that a
//! > view change has occurred. [...] To prevent a primary returning results
//! > based on stale data, Harp used leases. The primary processes reads
//! > unilaterally only if it holds valid leases from f other replicas, and a
//! > new view will start only after leases at f+1 participants in the view
//! > change protocol expire. This ensures that the new view starts after
//! > the old primary has stopped replying to read requests, assuming clocks
//! > rates are loosely synchronized.
//!
//! How a primary obtains its leases the paper leaves to Harp; here:
//!
//! - **Request.** Every PREPARE and COMMIT the primary sends carries its
//!   clock reading `s` when it sent it.
//! - **Grant.** A backup in normal status in that view grants it: its
//!   PREPAREOK echoes `s`, and it answers a COMMIT (which the paper's
//!   backups do not answer) with ⟨LEASE v, s⟩, the one message added.
//! - **Promise.** Granting, the backup promises to take no part in a view
//!   change (start one, or join one it hears of) until its own clock has
//!   advanced `duration` from the grant. A view change it would have
//!   started waits for the promise to run out. Any f + 1 participants of a
//!   view change include one of the f grantors or the old primary itself
//!   (which then stops being primary): this is the paper's "a new view will
//!   start only after leases at f+1 participants expire".
//! - **Lease.** The primary holds it while its own clock reads less than
//!   `s + duration · (1 − ρ) / (1 + ρ)`, for the f-th latest `s` its
//!   backups have granted in this view, with ρ = `max_drift_ppm` / 10⁶:
//!   the grant followed the request, and if every clock's rate is within
//!   1 ± ρ, a backup's `duration` lasts at least `duration / (1 + ρ)` of
//!   true time, and the primary's clock advances at most `(1 − ρ)` times
//!   that meanwhile. Past the bound (a clock drifting faster than the
//!   lease assumes) the argument fails, and so can linearizability:
//!   tests/vr_leases.rs shows the stale read.
//! - **Read.** A `get` at a primary in normal status that holds the lease
//!   is answered at once from its store (REQUEST, REPLY: no PREPARE),
//!   once the primary has committed every request its view began with:
//!   those may have committed in an earlier view, and a read must see them.
//!   Any other request, and every request without the lease, goes through
//!   §4.1 as before.
//! - **Recovery.** VR keeps nothing on disk, so a replica that crashed may
//!   have granted a lease it has forgotten: on recovering it promises
//!   `duration` from then.
//!
//! The explorer has no clock (time stands still there), so a promise made
//! in an explored schedule never runs out: explore with leases off.
//! §6.3.2's reads at backups, which give up linearizability, are not built.

use super::kv::Op;
use super::msg::{Msg, Request, Status, Timer};
use super::replica::Replica;
use super::{Stamp, Vr};
use crate::core::sim::context::Ctx;
use crate::core::sim::{check_duration, NodeId, Time, RESOLUTION};
use serde::{Deserialize, Serialize};

fn thousand() -> f64 {
    1000.0
}

/// The `"leases"` settings: `{"duration": 4, "max_drift_ppm": 1000}`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Leases {
    /// How long a grant binds the backup, on its own clock.
    pub duration: Time,
    /// The bound on every clock's drift the lease assumes, in parts per
    /// million (0 to 100000; default 1000).
    #[serde(default = "thousand")]
    pub max_drift_ppm: f64,
}

impl Leases {
    /// Checks the settings; errors name the field.
    pub fn check(&self) -> Result<(), String> {
        check_duration("duration", self.duration, false)?;
        if !(self.max_drift_ppm.is_finite() && (0.0..=100_000.0).contains(&self.max_drift_ppm)) {
            return Err(format!(
                "\"max_drift_ppm\" is {:?}; a bound on drift is between 0 and 100000",
                self.max_drift_ppm
            ));
        }
        Ok(())
    }

    /// How long after asking the primary may count on a grant, on its own
    /// clock: `duration · (1 − ρ) / (1 + ρ)` (the derivation is above).
    pub fn held_for(&self) -> Time {
        let rho = self.max_drift_ppm / 1e6;
        self.duration * (1.0 - rho) / (1.0 + rho)
    }
}

/// The later of two clock readings (none: never).
fn later(a: Option<Stamp>, b: Stamp) -> Option<Stamp> {
    Some(a.filter(|a| a.time() >= b.time()).unwrap_or(b))
}

impl Vr {
    /// The lease request a PREPARE or COMMIT sent now carries (none with
    /// leases off).
    pub(super) fn lease_request(&self, ctx: &Ctx<'_, Self>) -> Option<Stamp> {
        self.config.leases.map(|_| Stamp::of(ctx.now))
    }

    /// A backup grants `request`: it promises to stay out of view changes
    /// for `duration` on its clock. Returns the grant (the request echoed).
    pub(super) fn grant(
        &self,
        r: &mut Replica,
        request: Option<Stamp>,
        ctx: &Ctx<'_, Self>,
    ) -> Option<Stamp> {
        let (leases, asked) = (self.config.leases?, request?);
        r.promised_until = later(r.promised_until, Stamp::of(ctx.now + leases.duration));
        Some(asked)
    }

    /// A backup answers a COMMIT that asks for a lease with LEASE.
    pub(super) fn grant_for_commit(
        &self,
        r: &mut Replica,
        from: NodeId,
        request: Option<Stamp>,
        ctx: &mut Ctx<'_, Self>,
    ) {
        if let Some(granted) = self.grant(r, request, ctx) {
            ctx.send(from, Msg::Lease { view: r.view, granted });
        }
    }

    /// The primary notes backup `from`'s grant (of this view: the caller
    /// checks the view).
    pub(super) fn on_grant(&self, r: &mut Replica, from: NodeId, granted: Stamp, ctx: &Ctx<'_, Self>) {
        if self.is_primary(r, ctx.id) {
            r.leases[from] = later(r.leases[from], granted);
        }
    }

    /// Whether this replica may answer reads alone now: the primary, in
    /// normal status, with every request its view began with committed,
    /// holding grants from f backups that have not run out.
    pub(super) fn holds_lease(&self, r: &Replica, ctx: &Ctx<'_, Self>) -> bool {
        let Some(leases) = self.config.leases else { return false };
        if r.status != Status::Normal || !self.is_primary(r, ctx.id) || r.commit < r.view_start {
            return false;
        }
        let f = self.config.f();
        if f == 0 {
            return true;
        }
        let mut asked: Vec<Time> = (0..self.config.replicas)
            .filter(|&j| j != ctx.id)
            .map(|j| r.leases[j].map_or(Time::NEG_INFINITY, Stamp::time))
            .collect();
        asked.sort_unstable_by(|a, b| b.total_cmp(a));
        asked[f - 1] + leases.held_for() > ctx.now
    }

    /// §6.3.1: a `get` at a primary holding the lease is answered at once
    /// from the committed state, and noted in the client-table as answered
    /// (so a resent copy gets the same reply). Returns whether it was.
    pub(super) fn read_under_lease(&self, r: &mut Replica, req: &Request, ctx: &mut Ctx<'_, Self>) -> bool {
        let Op::Get(key) = &req.op else { return false };
        if !self.holds_lease(r, ctx) {
            return false;
        }
        let result = r.store.get(key).cloned();
        r.client_table.insert(req.client, (req.number, Some(result.clone())));
        ctx.send(req.client, Msg::Reply { view: r.view, number: req.number, result });
        true
    }

    /// A replica bound by a promise does not move to `view` yet: it notes
    /// the view and looks again when the promise runs out. Meanwhile it
    /// keeps the STARTVIEWCHANGEs (and, as its primary, DOVIEWCHANGEs) of
    /// that view, which their senders will not send again; in normal
    /// status those sets are otherwise empty. Returns whether it waits.
    pub(super) fn wait_for_promise(&self, r: &mut Replica, view: u64, ctx: &mut Ctx<'_, Self>) -> bool {
        let Some(until) = r.promised_until.map(Stamp::time).filter(|&t| ctx.now < t) else {
            return false;
        };
        if r.deferred.is_none_or(|d| view > d) {
            r.deferred = Some(view);
            r.start_view_change.clear();
            r.do_view_change.clear();
        }
        // At least the resolution, so rounding cannot make it spin.
        ctx.set_timer(Timer::ViewChange, (until - ctx.now).max(RESOLUTION));
        true
    }

    /// A new primary notes the op-number its view begins with (only with
    /// leases on: the explorer's state counts stay as they were without).
    pub(super) fn note_view_start(&self, r: &mut Replica) {
        if self.config.leases.is_some() {
            r.view_start = r.op;
        }
    }

    /// A recovering replica may have granted a lease before its crash and
    /// forgotten it (nothing is on disk): it promises `duration` from now.
    pub(super) fn promise_on_recovery(&self, r: &mut Replica, ctx: &Ctx<'_, Self>) {
        if let Some(leases) = self.config.leases {
            r.promised_until = Some(Stamp::of(ctx.now + leases.duration));
        }
    }
}
