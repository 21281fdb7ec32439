//! G-Set, the grow-only set (Shapiro et al. 2011, "A comprehensive study of
//! CRDTs", Specification 11): elements can only be added and merge is the
//! union, so there is nothing to conflict about.

use super::{Context, Op, OpError, StateCrdt, Value};
use serde::Serialize;
use std::collections::BTreeSet;

/// The elements, sorted; serializes as `["x","y"]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GSet(BTreeSet<String>);

impl GSet {
    /// The elements, sorted.
    pub fn elements(&self) -> &BTreeSet<String> {
        &self.0
    }
}

impl StateCrdt for GSet {
    /// The element to add.
    type Update = String;
    const NAME: &'static str = "g-set";

    fn new(_replicas: usize) -> Self {
        GSet(BTreeSet::new())
    }

    fn prepare(&self, op: &Op, _cx: &Context<'_>) -> Result<String, OpError> {
        match op {
            Op::Add(x) => Ok(x.clone()),
            _ => {
                Err(OpError::mismatch(op, Self::NAME, "add x only (a G-Set only grows, so it cannot remove)"))
            }
        }
    }

    fn apply(&mut self, update: String) {
        self.0.insert(update);
    }

    fn merge(&mut self, other: &Self) {
        self.0.extend(other.0.iter().cloned());
    }

    fn leq(&self, other: &Self) -> bool {
        self.0.is_subset(&other.0)
    }

    fn value(&self) -> Value {
        Value::Set(self.0.iter().cloned().collect())
    }
}
