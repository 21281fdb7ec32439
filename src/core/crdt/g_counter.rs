//! G-Counter, the grow-only counter (Shapiro et al. 2011, "A comprehensive
//! study of CRDTs", Specification 6). Each replica counts its own increments
//! in its own entry; merge takes the entrywise maximum and the value is the
//! sum, so an increment that arrives twice is still counted once.

use super::{Context, Op, OpError, Replica, StateCrdt, Value};
use serde::Serialize;

/// One count per replica, indexed by replica; serializes as `[2,0,1]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GCounter(Vec<u64>);

/// An increment, as in rust-crdt: the replica's entry becomes `count`.
/// Applying raises the entry to at least `count`, so applying a dot twice, or
/// an old one, changes nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Dot {
    /// The replica that increments.
    pub replica: Replica,
    /// Its entry after the increment.
    pub count: u64,
}

impl GCounter {
    /// Each replica's count, indexed by replica.
    pub fn counts(&self) -> &[u64] {
        &self.0
    }

    /// The sum of the counts (saturating, so no input can overflow it).
    pub fn total(&self) -> u64 {
        self.0.iter().fold(0, |sum, &c| sum.saturating_add(c))
    }

    /// The increment `replica` would make next.
    pub fn next_dot(&self, replica: Replica) -> Dot {
        let count = self.0.get(replica as usize).copied().unwrap_or(0);
        Dot { replica, count: count.saturating_add(1) }
    }

    /// Raises the dot's entry to its count, growing the vector if needed.
    pub fn apply_dot(&mut self, dot: Dot) {
        let i = dot.replica as usize;
        if i >= self.0.len() {
            self.0.resize(i + 1, 0);
        }
        self.0[i] = self.0[i].max(dot.count);
    }
}

impl StateCrdt for GCounter {
    type Update = Dot;
    const NAME: &'static str = "g-counter";

    fn new(replicas: usize) -> Self {
        GCounter(vec![0; replicas])
    }

    fn prepare(&self, op: &Op, cx: &Context<'_>) -> Result<Dot, OpError> {
        match op {
            Op::Inc => Ok(self.next_dot(cx.replica)),
            _ => {
                Err(OpError::mismatch(op, Self::NAME, "inc only (it only grows: a pn-counter can also dec)"))
            }
        }
    }

    fn apply(&mut self, update: Dot) {
        self.apply_dot(update);
    }

    fn merge(&mut self, other: &Self) {
        if other.0.len() > self.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (mine, &theirs) in self.0.iter_mut().zip(&other.0) {
            *mine = (*mine).max(theirs);
        }
    }

    /// Entrywise ≤, a missing entry counting as 0 (vectors may differ in length).
    fn leq(&self, other: &Self) -> bool {
        self.0.iter().enumerate().all(|(i, &c)| c <= other.0.get(i).copied().unwrap_or(0))
    }

    fn value(&self) -> Value {
        Value::Counter(i64::try_from(self.total()).unwrap_or(i64::MAX))
    }
}
