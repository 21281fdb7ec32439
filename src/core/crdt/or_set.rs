//! OR-Set, the add-wins observed-remove set, in its state-based form (Shapiro
//! et al. 2011, "A comprehensive study of CRDTs", §3.3.5; Specification 15
//! gives the op-based form, see `op_or_set`). Each add tags the element with
//! a unique tag; a remove tombstones only the tags it has observed, so an add
//! concurrent with a remove carries a tag the remove never saw, and wins.
//! Both the adds and the tombstones only grow; merge is their union.

use super::{Context, Op, OpError, StateCrdt, Value};
use serde::Serialize;
use std::collections::BTreeSet;

/// Tagged adds and tombstoned tags; serializes as
/// `{"adds":[["x","a1"],["x","b2"]],"removes":["a1"]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrSet {
    adds: BTreeSet<(String, String)>,
    removes: BTreeSet<String>,
}

/// An add with its unique tag, or the tags a remove observed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum OrSetUpdate {
    /// Adds (element, tag).
    Add(String, String),
    /// Tombstones these tags (sorted; empty when the element was absent).
    Remove(Vec<String>),
}

/// The tags `element` has in `adds`, sorted.
pub(super) fn tags_of<'a>(
    adds: &'a BTreeSet<(String, String)>,
    element: &'a str,
) -> impl Iterator<Item = &'a String> + 'a {
    adds.range((element.to_string(), String::new())..).take_while(move |(x, _)| x == element).map(|(_, t)| t)
}

impl OrSet {
    /// Every (element, tag) ever added, including removed ones.
    pub fn adds(&self) -> &BTreeSet<(String, String)> {
        &self.adds
    }

    /// The tombstoned tags.
    pub fn removes(&self) -> &BTreeSet<String> {
        &self.removes
    }
}

impl StateCrdt for OrSet {
    type Update = OrSetUpdate;
    const NAME: &'static str = "or-set";

    fn new(_replicas: usize) -> Self {
        OrSet { adds: BTreeSet::new(), removes: BTreeSet::new() }
    }

    fn prepare(&self, op: &Op, cx: &Context<'_>) -> Result<OrSetUpdate, OpError> {
        match op {
            Op::Add(x) => Ok(OrSetUpdate::Add(x.clone(), cx.tag.to_string())),
            // Only the live tags: tombstoned ones are already removed everywhere this state goes.
            Op::Remove(x) => Ok(OrSetUpdate::Remove(
                tags_of(&self.adds, x).filter(|t| !self.removes.contains(*t)).cloned().collect(),
            )),
            _ => Err(OpError::mismatch(op, Self::NAME, "add x and remove x")),
        }
    }

    fn apply(&mut self, update: OrSetUpdate) {
        match update {
            OrSetUpdate::Add(x, tag) => {
                self.adds.insert((x, tag));
            }
            OrSetUpdate::Remove(tags) => self.removes.extend(tags),
        }
    }

    fn merge(&mut self, other: &Self) {
        self.adds.extend(other.adds.iter().cloned());
        self.removes.extend(other.removes.iter().cloned());
    }

    fn leq(&self, other: &Self) -> bool {
        self.adds.is_subset(&other.adds) && self.removes.is_subset(&other.removes)
    }

    fn value(&self) -> Value {
        let mut live: Vec<String> =
            self.adds.iter().filter(|(_, t)| !self.removes.contains(t)).map(|(x, _)| x.clone()).collect();
        live.dedup(); // sorted already: adds are ordered by element first
        Value::Set(live)
    }
}
