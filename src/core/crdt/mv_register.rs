//! MV-Register, the multi-value register (Shapiro et al. 2011, "A
//! comprehensive study of CRDTs", Specification 10; Dynamo's shopping cart).
//! Each value carries a version vector; a write's vector dominates every
//! vector the writer has seen, so it replaces them, while concurrent writes
//! (incomparable vectors) all survive a merge and are shown together.
//!
//! Entries are kept sorted, deduplicated and padded to one common vector
//! length, so equal knowledge gives equal states (and equal JSON) whatever
//! the order of merges.

use super::{Context, Op, OpError, StateCrdt, Value};
use serde::Serialize;
use std::cmp::Ordering;

/// A value and its version vector, indexed by replica.
pub type Entry = (String, Vec<u64>);

/// The current entries, none dominated by another; serializes as
/// `[["x",[1,0]],["y",[0,1]]]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MvRegister(Vec<Entry>);

/// Entry `i` of a vector, 0 past its end.
fn at(v: &[u64], i: usize) -> u64 {
    v.get(i).copied().unwrap_or(0)
}

/// True when `v < w`: entrywise ≤ and different (missing entries count as 0).
fn dominated(v: &[u64], w: &[u64]) -> bool {
    let n = v.len().max(w.len());
    let mut strictly = false;
    for i in 0..n {
        match at(v, i).cmp(&at(w, i)) {
            Ordering::Greater => return false,
            Ordering::Less => strictly = true,
            Ordering::Equal => {}
        }
    }
    strictly
}

impl MvRegister {
    /// The entries, sorted by value then vector.
    pub fn entries(&self) -> &[Entry] {
        &self.0
    }

    /// The longest vector's length.
    fn width(&self) -> usize {
        self.0.iter().map(|(_, v)| v.len()).max().unwrap_or(0)
    }

    /// Adds `entries`, then restores the invariants: one vector length, no
    /// strictly dominated entry, sorted and without duplicates. This is the
    /// join, so apply and merge can only go up.
    fn absorb(&mut self, entries: impl IntoIterator<Item = Entry>) {
        self.0.extend(entries);
        let width = self.width();
        for (_, v) in &mut self.0 {
            v.resize(width, 0);
        }
        let all = std::mem::take(&mut self.0);
        let mut kept: Vec<Entry> =
            all.iter().filter(|(_, v)| !all.iter().any(|(_, w)| dominated(v, w))).cloned().collect();
        kept.sort();
        kept.dedup();
        self.0 = kept;
    }
}

impl StateCrdt for MvRegister {
    /// The new entry, whose vector dominates every current one.
    type Update = Entry;
    const NAME: &'static str = "mv-register";

    fn new(_replicas: usize) -> Self {
        MvRegister(Vec::new())
    }

    fn prepare(&self, op: &Op, cx: &Context<'_>) -> Result<Entry, OpError> {
        let Op::Write(value) = op else {
            return Err(OpError::mismatch(op, Self::NAME, "write v"));
        };
        let me = cx.replica as usize;
        let width = self.width().max(cx.replicas).max(me + 1);
        let mut clock: Vec<u64> =
            (0..width).map(|i| self.0.iter().map(|(_, v)| at(v, i)).max().unwrap_or(0)).collect();
        clock[me] = clock[me].saturating_add(1);
        Ok((value.clone(), clock))
    }

    /// Joins the entry in: applied where it was prepared, it dominates and
    /// so replaces every current entry.
    fn apply(&mut self, update: Entry) {
        self.absorb([update]);
    }

    fn merge(&mut self, other: &Self) {
        self.absorb(other.0.iter().cloned());
    }

    /// Every entry here is also in `other` or strictly dominated by one of its
    /// entries: exactly when merging into `other` changes nothing.
    fn leq(&self, other: &Self) -> bool {
        self.0.iter().all(|(x, v)| other.0.iter().any(|(y, w)| dominated(v, w) || (x == y && same(v, w))))
    }

    fn value(&self) -> Value {
        let mut values: Vec<String> = self.0.iter().map(|(x, _)| x.clone()).collect();
        values.dedup(); // sorted already, entries being sorted by value first
        Value::Values(values)
    }
}

/// Equal vectors, missing entries counting as 0.
fn same(v: &[u64], w: &[u64]) -> bool {
    (0..v.len().max(w.len())).all(|i| at(v, i) == at(w, i))
}
