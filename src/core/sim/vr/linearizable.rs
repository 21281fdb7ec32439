//! A bounded, exhaustive linearizability checker for histories of the
//! key-value store (Herlihy and Wing 1990; the search is Wing and Gong's,
//! with Lowe's memo of states already tried).
//!
//! A history is linearizable if its operations can be put in one order
//! that respects real time (an operation that returned before another was
//! invoked comes first; so does a client's earlier call) and in which each
//! get returns the latest put's value. Linearizability is local (Herlihy
//! and Wing, Theorem 1), so each key is checked on its own. A call that
//! never returned may have taken effect at any point after it was invoked,
//! or not at all.
//!
//! The limit: at most [`MAX_CALLS`] calls per key and [`MAX_STEPS`]
//! search steps in all; past either the verdict is [`Verdict::Unknown`],
//! never a long wait.

use super::kv::{Op, Output};
use std::collections::{BTreeMap, HashSet};

/// Calls per key at most.
pub const MAX_CALLS: usize = 64;
/// Search steps at most, over all keys.
pub const MAX_STEPS: usize = 200_000;

/// One call, as the checker sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// The client.
    pub client: usize,
    /// Its place among the client's calls.
    pub seq: usize,
    /// The operation.
    pub op: Op,
    /// When it was invoked.
    pub invoked: f64,
    /// When and with what it returned, if it did.
    pub returned: Option<(f64, Output)>,
}

/// The checker's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// An order exists.
    Linearizable,
    /// None does.
    Not,
    /// Past the limit.
    Unknown,
}

impl Verdict {
    /// As a report writes it.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Linearizable => "linearizable",
            Verdict::Not => "not linearizable",
            Verdict::Unknown => "unknown",
        }
    }
}

/// Whether `a` must come before `b`: it returned before `b` was invoked,
/// or it is the same client's earlier, answered call.
pub fn precedes(a: &Event, b: &Event) -> bool {
    a.returned.as_ref().is_some_and(|(t, _)| *t < b.invoked || (a.client == b.client && a.seq < b.seq))
}

/// Checks a whole history.
pub fn check(history: &[Event]) -> Verdict {
    let mut by_key: BTreeMap<&str, Vec<&Event>> = BTreeMap::new();
    for e in history {
        // A get that never returned says nothing.
        if matches!(e.op, Op::Get(_)) && e.returned.is_none() {
            continue;
        }
        by_key.entry(e.op.key()).or_default().push(e);
    }
    let mut steps = 0;
    let mut verdict = Verdict::Linearizable;
    for calls in by_key.values() {
        match check_key(calls, &mut steps) {
            Verdict::Not => return Verdict::Not,
            Verdict::Unknown => verdict = Verdict::Unknown,
            Verdict::Linearizable => {}
        }
    }
    verdict
}

/// One key's calls: a depth-first search for an order, trying at each
/// point the calls no unplaced call must precede.
fn check_key(calls: &[&Event], steps: &mut usize) -> Verdict {
    if calls.len() > MAX_CALLS {
        return Verdict::Unknown;
    }
    let must: u64 = (0..calls.len()).filter(|&i| calls[i].returned.is_some()).fold(0, |m, i| m | 1 << i);
    let mut seen: HashSet<(u64, Option<String>)> = HashSet::new();
    let mut stack: Vec<(u64, Option<String>)> = vec![(0, None)];
    while let Some((placed, value)) = stack.pop() {
        if placed & must == must {
            return Verdict::Linearizable;
        }
        if !seen.insert((placed, value.clone())) {
            continue;
        }
        *steps += 1;
        if *steps > MAX_STEPS {
            return Verdict::Unknown;
        }
        let open = |j: usize| placed & 1 << j == 0;
        for i in (0..calls.len()).filter(|&i| open(i)) {
            if (0..calls.len()).any(|j| j != i && open(j) && precedes(calls[j], calls[i])) {
                continue;
            }
            if let Some(next) = step(calls[i], &value) {
                stack.push((placed | 1 << i, next));
            }
        }
    }
    Verdict::Not
}

/// The key's value after `e`, if `e` may take effect now (its result is
/// what the store would return).
fn step(e: &Event, value: &Option<String>) -> Option<Option<String>> {
    let (after, result) = match &e.op {
        Op::Put(_, v) => (Some(v.clone()), Some("ok".to_string())),
        Op::Get(_) => (value.clone(), value.clone()),
    };
    match &e.returned {
        Some((_, got)) if *got != result => None,
        _ => Some(after),
    }
}
