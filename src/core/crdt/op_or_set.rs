//! Op-based OR-Set, the add-wins observed-remove set (Shapiro et al. 2011,
//! "A comprehensive study of CRDTs", Specification 15). An add ships the
//! element with a unique tag; a remove ships the tags it observed at its
//! source, and deletes exactly those. Concurrent effects commute (a
//! concurrent add's tag is never among a remove's), but causal delivery is
//! needed: a remove delivered before the add it observed deletes nothing,
//! and the add then survives at that replica.

use super::or_set::tags_of;
use super::{Context, Op, OpCrdt, OpError, Value};
use serde::Serialize;
use std::collections::BTreeSet;

/// The present (element, tag) pairs; serializes as `[["x","a1"],["y","b2"]]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OpOrSet(BTreeSet<(String, String)>);

/// What an operation ships; serializes as
/// `{"op":"add","element":"x","tag":"a1"}` or
/// `{"op":"remove","element":"x","tags":["a1"]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum OrSetEffect {
    /// Inserts (element, tag).
    Add {
        /// The element added.
        element: String,
        /// The add's unique tag.
        tag: String,
    },
    /// Deletes (element, t) for each observed tag t.
    Remove {
        /// The element removed.
        element: String,
        /// Its tags present at the source, sorted.
        tags: Vec<String>,
    },
}

impl OpOrSet {
    /// The present (element, tag) pairs.
    pub fn pairs(&self) -> &BTreeSet<(String, String)> {
        &self.0
    }
}

impl OpCrdt for OpOrSet {
    type Effect = OrSetEffect;
    const NAME: &'static str = "op-or-set";

    fn new(_replicas: usize) -> Self {
        OpOrSet(BTreeSet::new())
    }

    fn prepare(&self, op: &Op, cx: &Context<'_>) -> Result<OrSetEffect, OpError> {
        match op {
            Op::Add(x) => Ok(OrSetEffect::Add { element: x.clone(), tag: cx.tag.to_string() }),
            Op::Remove(x) => {
                Ok(OrSetEffect::Remove { element: x.clone(), tags: tags_of(&self.0, x).cloned().collect() })
            }
            _ => Err(OpError::mismatch(op, Self::NAME, "add x and remove x")),
        }
    }

    fn effect(&mut self, effect: &OrSetEffect) {
        match effect {
            OrSetEffect::Add { element, tag } => {
                self.0.insert((element.clone(), tag.clone()));
            }
            OrSetEffect::Remove { element, tags } => {
                for tag in tags {
                    self.0.remove(&(element.clone(), tag.clone()));
                }
            }
        }
    }

    fn value(&self) -> Value {
        let mut elements: Vec<String> = self.0.iter().map(|(x, _)| x.clone()).collect();
        elements.dedup(); // sorted already: pairs are ordered by element first
        Value::Set(elements)
    }
}
