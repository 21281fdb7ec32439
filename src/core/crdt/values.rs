//! Each event's value, stored as what changed since its replica's previous
//! event, with the whole value kept now and then: memory proportional to
//! the changes, not to events × elements (an OR-Set with 5,000 adds on one
//! replica held 5,000 sets averaging 2,500 strings).
//!
//! A whole value is kept at a replica's first event and whenever the
//! changes since the last whole one add up to its size, so the whole
//! values cost no more than the changes they follow, and reading one
//! event's value costs about its size: the whole value before it and fewer
//! changes than that value's size.

use super::Value;
use crate::core::trace::EventIdx;
use foldhash::quality::FixedState;
use std::collections::BTreeMap;
use std::hash::BuildHasher;

/// One event's value: whole, or the elements its replica's previous
/// event's value lost and gained.
#[derive(Clone, Debug, PartialEq)]
enum Entry {
    Whole(Value),
    Change { before: EventIdx, lost: Vec<String>, gained: Vec<String> },
}

/// Each event's value, by event index.
#[derive(Clone, Debug, PartialEq)]
pub struct Values {
    entries: Vec<Entry>,
    /// Each event's value's 128-bit fingerprint, to compare values without
    /// building them.
    prints: Vec<u128>,
}

/// What a replica's next event's value is written against.
#[derive(Clone, Default)]
pub(super) struct Last {
    at: Option<(EventIdx, Value)>,
    /// Elements changed since the last whole value.
    debt: usize,
}

impl Values {
    /// `n` events, each with value `initial` until set.
    pub(super) fn new(n: usize, initial: &Value) -> Self {
        Values { entries: vec![Entry::Whole(initial.clone()); n], prints: vec![print(initial); n] }
    }

    /// How many events there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no events.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// True when events `a` and `b` show the same value.
    pub fn same(&self, a: EventIdx, b: EventIdx) -> bool {
        self.prints[a as usize] == self.prints[b as usize]
    }

    /// Event `e`'s value: the whole one before it, and the changes since.
    pub fn get(&self, e: EventIdx) -> Value {
        let mut changes = Vec::new();
        let mut at = e;
        let whole = loop {
            match &self.entries[at as usize] {
                Entry::Whole(v) => break v,
                Entry::Change { before, lost, gained } => {
                    changes.push((lost, gained));
                    at = *before;
                }
            }
        };
        if changes.is_empty() {
            return whole.clone();
        }
        let (Value::Set(xs) | Value::Values(xs)) = whole else { unreachable!("only lists change") };
        let mut bag: BTreeMap<&str, usize> = BTreeMap::new();
        xs.iter().for_each(|x| *bag.entry(x).or_default() += 1);
        for (lost, gained) in changes.into_iter().rev() {
            for x in lost {
                if let Some(n) = bag.get_mut(x.as_str()) {
                    *n -= 1;
                }
            }
            gained.iter().for_each(|x| *bag.entry(x).or_default() += 1);
        }
        let list = bag.into_iter().flat_map(|(x, n)| std::iter::repeat_n(x.to_string(), n)).collect();
        match whole {
            Value::Set(_) => Value::Set(list),
            _ => Value::Values(list),
        }
    }

    /// Sets event `e`'s value, `last` being its replica's previous one.
    pub(super) fn set(&mut self, e: EventIdx, value: Value, last: &mut Last) {
        self.prints[e as usize] = print(&value);
        let entry = match (&last.at, &value) {
            (Some((before, Value::Set(old))), Value::Set(new))
            | (Some((before, Value::Values(old))), Value::Values(new)) => {
                let (lost, gained) = (minus(old, new), minus(new, old));
                last.debt += lost.len() + gained.len();
                if last.debt >= new.len() {
                    last.debt = 0;
                    Entry::Whole(value.clone())
                } else {
                    Entry::Change { before: *before, lost, gained }
                }
            }
            _ => Entry::Whole(value.clone()),
        };
        self.entries[e as usize] = entry;
        last.at = Some((e, value));
    }
}

/// The elements of sorted `a` not matched in sorted `b` (as multisets).
fn minus(a: &[String], b: &[String]) -> Vec<String> {
    let (mut out, mut j) = (Vec::new(), 0);
    for x in a {
        while j < b.len() && b[j] < *x {
            j += 1;
        }
        if j < b.len() && b[j] == *x {
            j += 1;
        } else {
            out.push(x.clone());
        }
    }
    out
}

/// A value's fingerprint, the same on every run and machine.
fn print(v: &Value) -> u128 {
    let hash = |seed| FixedState::with_seed(seed).hash_one(v);
    u128::from(hash(0x0005_e70f_da7a)) << 64 | u128::from(hash(0x00c0_ffee))
}
