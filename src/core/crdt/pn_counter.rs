//! PN-Counter, the increment/decrement counter (Shapiro et al. 2011, "A
//! comprehensive study of CRDTs", Specification 7): two G-Counters, P for the
//! increments and N for the decrements, merged separately; the value is
//! P − N. A single vector could not decrease and still merge by maximum.

use super::g_counter::{Dot, GCounter};
use super::{Context, Op, OpError, StateCrdt, Value};
use serde::Serialize;

/// Increments and decrements per replica; serializes as
/// `{"p":[2,0,1],"n":[0,1,0]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PNCounter {
    p: GCounter,
    n: GCounter,
}

/// An increment (a dot of P) or a decrement (a dot of N).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum PnUpdate {
    /// Raises the replica's entry of P.
    Inc(Dot),
    /// Raises the replica's entry of N.
    Dec(Dot),
}

impl PNCounter {
    /// The increments, per replica.
    pub fn increments(&self) -> &GCounter {
        &self.p
    }

    /// The decrements, per replica.
    pub fn decrements(&self) -> &GCounter {
        &self.n
    }
}

impl StateCrdt for PNCounter {
    type Update = PnUpdate;
    const NAME: &'static str = "pn-counter";

    fn new(replicas: usize) -> Self {
        PNCounter { p: GCounter::new(replicas), n: GCounter::new(replicas) }
    }

    fn prepare(&self, op: &Op, cx: &Context<'_>) -> Result<PnUpdate, OpError> {
        match op {
            Op::Inc => Ok(PnUpdate::Inc(self.p.next_dot(cx.replica))),
            Op::Dec => Ok(PnUpdate::Dec(self.n.next_dot(cx.replica))),
            _ => Err(OpError::mismatch(op, Self::NAME, "inc and dec")),
        }
    }

    fn apply(&mut self, update: PnUpdate) {
        match update {
            PnUpdate::Inc(dot) => self.p.apply_dot(dot),
            PnUpdate::Dec(dot) => self.n.apply_dot(dot),
        }
    }

    fn merge(&mut self, other: &Self) {
        self.p.merge(&other.p);
        self.n.merge(&other.n);
    }

    fn leq(&self, other: &Self) -> bool {
        self.p.leq(&other.p) && self.n.leq(&other.n)
    }

    fn value(&self) -> Value {
        // In i128 so that no pair of u64 totals can overflow before clamping.
        let difference = i128::from(self.p.total()) - i128::from(self.n.total());
        Value::Counter(difference.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
    }
}
