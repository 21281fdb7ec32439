//! Garbage collection (§4.3): after every K requests a replica multicasts
//! CHECKPOINT with its state's digest; 2f + 1 matching CHECKPOINTs make
//! the checkpoint stable, its proof C. Then h moves up to it, H = h + L
//! with it, and the log below h is discarded: pre-prepares, prepares,
//! commits, prepared certificates and older checkpoints.

use super::msg::{Checkpoint, Msg};
use super::replica::Replica;
use super::Pbft;
use crate::core::sim::byzantine::Signed;
use crate::core::sim::context::Ctx;
use crate::core::sim::NodeId;

impl Pbft {
    /// Having executed request `n` (a multiple of K), multicasts its
    /// CHECKPOINT.
    pub(super) fn checkpoint(&self, r: &mut Replica, n: u64, ctx: &mut Ctx<'_, Self>) {
        let c = ctx.sign(Checkpoint { n, digest: r.state_digest(n) });
        r.checkpoints.entry(n).or_default().insert(ctx.id, c.clone());
        self.to_replicas(Msg::Checkpoint(c), ctx);
        self.maybe_stable(r, n, ctx);
    }

    /// A CHECKPOINT above h goes in the log (a sender's first for each n).
    pub(super) fn on_checkpoint(
        &self,
        r: &mut Replica,
        from: NodeId,
        c: &Signed<Checkpoint>,
        ctx: &mut Ctx<'_, Self>,
    ) {
        let n = c.value().n;
        if c.by() != from || n <= r.low || n % self.config.checkpoint != 0 {
            return;
        }
        r.checkpoints.entry(n).or_default().entry(from).or_insert_with(|| c.clone());
        self.maybe_stable(r, n, ctx);
    }

    /// The checkpoint at `n` is stable here once this replica has executed
    /// to `n` and holds 2f + 1 CHECKPOINTs matching its own state.
    /// (A replica behind it would need the paper's state transfer, which
    /// is not built: it keeps its log until it catches up, if it can.)
    fn maybe_stable(&self, r: &mut Replica, n: u64, ctx: &mut Ctx<'_, Self>) {
        if n <= r.low || r.executed < n {
            return;
        }
        let d = r.state_digest(n);
        let Some(all) = r.checkpoints.get(&n) else { return };
        let proof: Vec<_> = all.values().filter(|c| c.value().digest == d).cloned().collect();
        if proof.len() > 2 * self.config.f() {
            let (have, f, window) = (proof.len(), self.config.f(), self.config.window);
            ctx.note(|| super::notes::stable(n, Some(have), f, window));
            self.stabilize(r, n, proof);
            self.drain_queue(r, ctx);
        }
    }

    /// h = n with proof C; everything at or below n is discarded.
    pub(super) fn stabilize(&self, r: &mut Replica, n: u64, proof: Vec<Signed<Checkpoint>>) {
        r.low = n;
        r.proof = proof;
        r.entries.retain(|&k, _| k > n);
        r.certs.retain(|&k, _| k > n);
        r.checkpoints.retain(|&k, _| k > n);
    }

    /// Whether `proof` proves a stable checkpoint at `n`: 2f + 1
    /// CHECKPOINTs for `n` with one digest, from different replicas (the
    /// initial state, n = 0, needs none).
    pub(super) fn proves(&self, n: u64, proof: &[Signed<Checkpoint>]) -> bool {
        if n == 0 {
            return true;
        }
        let Some(first) = proof.first() else { return false };
        let mut signers: Vec<NodeId> = proof.iter().map(Signed::by).collect();
        signers.sort_unstable();
        signers.dedup();
        let same = proof.iter().all(|c| c.value().n == n && c.value().digest == first.value().digest);
        let replicas = signers.iter().all(|&s| self.config.is_replica(s));
        same && replicas && signers.len() == proof.len() && proof.len() > 2 * self.config.f()
    }
}
