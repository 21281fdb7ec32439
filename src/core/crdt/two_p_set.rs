//! 2P-Set, the two-phase set (Shapiro et al. 2011, "A comprehensive study of
//! CRDTs", Specification 12): a G-Set of added elements and a G-Set of
//! removed ones (tombstones); an element is present when added and not
//! removed. Both halves only grow, so a removed element never comes back,
//! and a remove wins over any add, concurrent or later.
//!
//! The specification's remove has the precondition that the element is
//! present. Here a remove of an absent element is allowed and just adds the
//! tombstone (so a later add of it stays hidden): a trace may ask for any op,
//! and the lab would rather show that consequence than refuse the op.

use super::{Context, Op, OpError, StateCrdt, Value};
use serde::Serialize;
use std::collections::BTreeSet;

/// Added elements and tombstones; serializes as
/// `{"added":["x","y"],"removed":["y"]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TwoPSet {
    added: BTreeSet<String>,
    removed: BTreeSet<String>,
}

/// Adds an element to one of the two halves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum TwoPUpdate {
    /// Adds the element to the added half.
    Add(String),
    /// Adds a tombstone for the element.
    Remove(String),
}

impl TwoPSet {
    /// Every element ever added (including removed ones).
    pub fn added(&self) -> &BTreeSet<String> {
        &self.added
    }

    /// The tombstones: every element ever removed.
    pub fn removed(&self) -> &BTreeSet<String> {
        &self.removed
    }
}

impl StateCrdt for TwoPSet {
    type Update = TwoPUpdate;
    const NAME: &'static str = "2p-set";

    fn new(_replicas: usize) -> Self {
        TwoPSet { added: BTreeSet::new(), removed: BTreeSet::new() }
    }

    fn prepare(&self, op: &Op, _cx: &Context<'_>) -> Result<TwoPUpdate, OpError> {
        match op {
            Op::Add(x) => Ok(TwoPUpdate::Add(x.clone())),
            Op::Remove(x) => Ok(TwoPUpdate::Remove(x.clone())),
            _ => Err(OpError::mismatch(op, Self::NAME, "add x and remove x")),
        }
    }

    fn apply(&mut self, update: TwoPUpdate) {
        match update {
            TwoPUpdate::Add(x) => self.added.insert(x),
            TwoPUpdate::Remove(x) => self.removed.insert(x),
        };
    }

    fn merge(&mut self, other: &Self) {
        self.added.extend(other.added.iter().cloned());
        self.removed.extend(other.removed.iter().cloned());
    }

    fn leq(&self, other: &Self) -> bool {
        self.added.is_subset(&other.added) && self.removed.is_subset(&other.removed)
    }

    fn value(&self) -> Value {
        Value::Set(self.added.difference(&self.removed).cloned().collect())
    }
}
