//! Vector clocks (C. Fidge, "Timestamps in Message-Passing Systems That
//! Preserve the Partial Ordering", 1988; F. Mattern, "Virtual Time and Global
//! States of Distributed Systems", 1989).
//!
//! V(e)[p] counts the events of process p in the causal past of e, e
//! included. So V(e)[proc(e)] is e's position on its process plus one, and
//! a -> b exactly when a != b and V(b)[proc(a)] >= V(a)[proc(a)]: one
//! comparison, no transitive closure. Rows live in one flat array.

use crate::core::trace::{EventIdx, Trace};
use core::cmp::Ordering;

/// How two vector timestamps relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Order {
    /// The first is dominated: it happened before.
    Before,
    /// The first dominates: it happened after.
    After,
    /// Neither dominates.
    Concurrent,
    /// Identical timestamps.
    Equal,
}

impl Order {
    /// The word the CLI prints.
    pub fn word(self) -> &'static str {
        match self {
            Order::Before => "before",
            Order::After => "after",
            Order::Concurrent => "concurrent",
            Order::Equal => "same",
        }
    }
}

/// Compares two vectors entry by entry.
pub fn compare(a: &[u32], b: &[u32]) -> Order {
    let (mut less, mut greater) = (false, false);
    for (x, y) in a.iter().zip(b) {
        match x.cmp(y) {
            Ordering::Less => less = true,
            Ordering::Greater => greater = true,
            Ordering::Equal => {}
        }
    }
    match (less, greater) {
        (false, false) => Order::Equal,
        (true, false) => Order::Before,
        (false, true) => Order::After,
        (true, true) => Order::Concurrent,
    }
}

/// Every event's vector timestamp, one row of `width` entries per event.
#[derive(Clone, Debug, PartialEq)]
pub struct VectorClocks {
    width: usize,
    entries: Vec<u32>,
}

impl VectorClocks {
    /// Computes all rows in one pass over a linear extension: a row is the
    /// entrywise max of the process predecessor and every direct cause (a
    /// received message's sender, the fork that started the process, the
    /// last event of a process being joined), then its own entry ticks. A
    /// row has an entry for every process ever created.
    pub fn compute(trace: &Trace) -> Self {
        let width = trace.process_count();
        let mut entries = vec![0u32; width * trace.event_count()];
        for &e in trace.linear_extension() {
            let (before, rest) = entries.split_at_mut(e as usize * width);
            let (row, after) = rest.split_at_mut(width);
            if let Some(p) = trace.predecessor(e) {
                row.copy_from_slice(row_of(before, p, width));
            }
            trace.for_each_cause(e, |s, _| {
                // A sender precedes its receiver in the linear extension but
                // not necessarily in the array, so read it from either half.
                let sent = if s < e { row_of(before, s, width) } else { row_of(after, s - e - 1, width) };
                for (r, &x) in row.iter_mut().zip(sent) {
                    *r = (*r).max(x);
                }
            });
            row[trace.process_of(e) as usize] = trace.seq(e) + 1;
        }
        Self { width, entries }
    }

    /// Entries per row (the number of processes).
    pub fn width(&self) -> usize {
        self.width
    }

    /// V(e).
    pub fn of(&self, e: EventIdx) -> &[u32] {
        row_of(&self.entries, e, self.width)
    }
}

fn row_of(entries: &[u32], e: EventIdx, width: usize) -> &[u32] {
    let start = e as usize * width;
    &entries[start..start + width]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_covers_all_four_outcomes() {
        assert_eq!(compare(&[1, 0], &[1, 1]), Order::Before);
        assert_eq!(compare(&[2, 1], &[1, 1]), Order::After);
        assert_eq!(compare(&[2, 0], &[1, 1]), Order::Concurrent);
        assert_eq!(compare(&[1, 1], &[1, 1]), Order::Equal);
    }
}
