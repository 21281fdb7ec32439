//! Op-based counter (Shapiro et al. 2011, "A comprehensive study of CRDTs",
//! Specification 5): an integer; each operation ships just `inc` or `dec`,
//! and additions commute, so concurrent effects may arrive in any order.
//! The effect is not idempotent: delivered twice it counts twice, which is
//! why op-based types need exactly-once delivery.

use super::{Context, Op, OpCrdt, OpError, Value};
use serde::Serialize;

/// The count; serializes as a number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OpCounter(i64);

/// What an operation ships; serializes as `"inc"` or `"dec"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CounterEffect {
    /// Add one.
    Inc,
    /// Take one.
    Dec,
}

impl OpCrdt for OpCounter {
    type Effect = CounterEffect;
    const NAME: &'static str = "op-counter";

    fn new(_replicas: usize) -> Self {
        OpCounter(0)
    }

    fn prepare(&self, op: &Op, _cx: &Context<'_>) -> Result<CounterEffect, OpError> {
        match op {
            Op::Inc => Ok(CounterEffect::Inc),
            Op::Dec => Ok(CounterEffect::Dec),
            _ => Err(OpError::mismatch(op, Self::NAME, "inc and dec")),
        }
    }

    fn effect(&mut self, effect: &CounterEffect) {
        // Saturating so that no input panics; far from any real run's counts.
        self.0 = match effect {
            CounterEffect::Inc => self.0.saturating_add(1),
            CounterEffect::Dec => self.0.saturating_sub(1),
        };
    }

    fn value(&self) -> Value {
        Value::Counter(self.0)
    }
}
