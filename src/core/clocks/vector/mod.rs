//! Vector clocks (C. Fidge, "Timestamps in Message-Passing Systems That
//! Preserve the Partial Ordering", 1988; F. Mattern, "Virtual Time and Global
//! States of Distributed Systems", 1989).
//!
//! V(e)[p] counts the events of process p in the causal past of e, e
//! included. So V(e)[proc(e)] is e's position on its process plus one, and
//! a -> b exactly when a != b and V(b)[proc(a)] >= V(a)[proc(a)]: one
//! comparison, no transitive closure.
//!
//! Storage follows what is used. With few processes (the usual case) every
//! row is stored whole, back to back in one flat array, so an entry is one
//! index. With many, most entries of most rows are zero (an event has heard
//! of few of thousands of processes), so each row keeps only its non-zero
//! entries, sorted by process (`sparse.rs`): memory is O(non-zero entries),
//! not O(events × processes), and an entry is a binary search. Either way
//! the rows may take at most [`MAX_BYTES`]; a bigger trace is refused with
//! its size before the memory is asked for.

mod row;
mod sparse;

pub use row::Row;

use crate::core::error::TraceError;
use crate::core::trace::{EventIdx, ProcessIdx, Trace};
use core::cmp::Ordering;

/// The most memory vector clocks may take, in bytes: a trace that needs
/// more is refused by size rather than left to the allocator. Wasm32 has
/// 4 GiB of address space in all, so its limit is smaller.
#[cfg(target_pointer_width = "64")]
pub const MAX_BYTES: u64 = 4 << 30;
/// The most memory vector clocks may take, in bytes (see the 64-bit one).
#[cfg(not(target_pointer_width = "64"))]
pub const MAX_BYTES: u64 = 512 << 20;

/// Up to this many processes every row is stored whole: an entry is then
/// one array index, which is what the diagram's queries want.
const DENSE_WIDTH: usize = 64;
/// Whole rows are kept beyond [`DENSE_WIDTH`] too while they take no more
/// than this: sparse rows pay off only when whole ones would be big.
const DENSE_BYTES: u64 = 64 << 20;

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

/// Every event's vector timestamp.
#[derive(Clone, Debug, PartialEq)]
pub struct VectorClocks {
    width: usize,
    rows: Rows,
}

#[derive(Clone, Debug, PartialEq)]
enum Rows {
    /// Every row whole: `width` entries per event, by event index.
    Dense(Vec<u32>),
    /// Only non-zero entries.
    Sparse(sparse::SparseRows),
}

impl VectorClocks {
    /// Computes all rows in one pass over a linear extension: a row is the
    /// entrywise max of the process predecessor and every direct cause (a
    /// received message's sender, the fork that started the process, the
    /// last event of a process being joined), then its own entry ticks. A
    /// row has an entry for every process ever created. Refuses, naming
    /// the size, a trace whose rows would pass [`MAX_BYTES`].
    pub fn compute(trace: &Trace) -> Result<Self, TraceError> {
        let width = trace.process_count();
        let dense_bytes = (width as u64).saturating_mul(trace.event_count() as u64).saturating_mul(4);
        let rows = if width <= DENSE_WIDTH || dense_bytes <= DENSE_BYTES {
            if dense_bytes > MAX_BYTES {
                return Err(too_large(trace, dense_bytes));
            }
            Rows::Dense(dense(trace, width).ok_or_else(|| too_large(trace, dense_bytes))?)
        } else {
            return Self::compute_sparse(trace);
        };
        Ok(Self { width, rows })
    }

    /// The sparse form whatever the width: what [`VectorClocks::compute`]
    /// picks for many processes, here for any trace (the property tests
    /// compare the two forms on small ones).
    pub fn compute_sparse(trace: &Trace) -> Result<Self, TraceError> {
        let rows = sparse::SparseRows::compute(trace, MAX_BYTES).map_err(|bytes| too_large(trace, bytes))?;
        Ok(Self { width: trace.process_count(), rows: Rows::Sparse(rows) })
    }

    /// Entries per row (the number of processes).
    pub fn width(&self) -> usize {
        self.width
    }

    /// V(e)[p].
    #[inline]
    pub fn entry(&self, e: EventIdx, p: ProcessIdx) -> u32 {
        match &self.rows {
            Rows::Dense(entries) => entries[e as usize * self.width + p as usize],
            Rows::Sparse(rows) => rows.entry(e, p),
        }
    }

    /// V(e).
    pub fn of(&self, e: EventIdx) -> Row<'_> {
        match &self.rows {
            Rows::Dense(entries) => Row::Dense(row_of(entries, e, self.width)),
            Rows::Sparse(rows) => Row::Sparse { entries: rows.row(e), width: self.width },
        }
    }

    /// True when the rows keep only their non-zero entries.
    pub fn is_sparse(&self) -> bool {
        matches!(self.rows, Rows::Sparse(_))
    }
}

/// Whole rows, or `None` when the allocator cannot give their memory.
fn dense(trace: &Trace, width: usize) -> Option<Vec<u32>> {
    let len = width.checked_mul(trace.event_count())?;
    let mut entries = zeroed(len)?;
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
    Some(entries)
}

/// `len` zeros, or `None` when the memory cannot be had.
#[cfg(not(target_arch = "wasm32"))]
fn zeroed(len: usize) -> Option<Vec<u32>> {
    // Ask first whether the allocator can give this much, then take it
    // zeroed: `vec!` gets zeroed pages from the system, which only the rows
    // written touch, where filling a reserved vector writes every page
    // (10 to 20 ms of a 1M × 32 analysis).
    Vec::<u32>::new().try_reserve_exact(len).ok()?;
    Some(vec![0u32; len])
}

/// `len` zeros, or `None` when the memory cannot be had.
#[cfg(target_arch = "wasm32")]
fn zeroed(len: usize) -> Option<Vec<u32>> {
    // Reserved once and filled: a wasm heap never gives memory back, so a
    // block asked for and freed comes back as a used one, and the zeroed
    // vector taken after it is cleared again, every page.
    let mut entries = Vec::new();
    entries.try_reserve_exact(len).ok()?;
    entries.resize(len, 0);
    Some(entries)
}

fn row_of(entries: &[u32], e: EventIdx, width: usize) -> &[u32] {
    let start = e as usize * width;
    &entries[start..start + width]
}

/// The refusal: the trace's size, what its clocks need, the limit.
fn too_large(trace: &Trace, bytes: u64) -> TraceError {
    let what = format!(
        "the vector clocks of {} events over {} processes need at least {} MiB; the limit is {} MiB",
        trace.event_count(),
        trace.process_count(),
        bytes.div_ceil(1 << 20),
        MAX_BYTES >> 20
    );
    TraceError::TooLarge { what }
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
