//! Vector timestamps as their non-zero entries: for traces of many
//! processes, where an event has heard of few of them. Each row is a list of
//! (process, count) sorted by process, the rows back to back in one array;
//! a row is merged from its causes' rows in time proportional to their
//! lengths, never to the number of processes.

use crate::core::trace::{EventIdx, ProcessIdx, Trace};

/// One stored entry: a process and its count (never zero).
type Entry = (ProcessIdx, u32);

#[derive(Clone, Debug, PartialEq)]
pub(super) struct SparseRows {
    /// By event: where its row starts in `entries`, and its length.
    spans: Vec<(u32, u32)>,
    entries: Vec<Entry>,
}

impl SparseRows {
    /// Every row, in one pass over a linear extension; `Err` with the bytes
    /// needed so far once they pass `max_bytes` (or the allocator says no).
    pub(super) fn compute(trace: &Trace, max_bytes: u64) -> Result<Self, u64> {
        let n = trace.event_count();
        let span_bytes = n as u64 * 8;
        let mut rows = SparseRows { spans: Vec::new(), entries: Vec::new() };
        rows.spans.try_reserve_exact(n).map_err(|_| span_bytes)?;
        rows.spans.resize(n, (0, 0));
        let (mut row, mut merged): (Vec<Entry>, Vec<Entry>) = (Vec::new(), Vec::new());
        for &e in trace.linear_extension() {
            row.clear();
            if let Some(p) = trace.predecessor(e) {
                row.extend_from_slice(rows.row(p));
            }
            trace.for_each_cause(e, |s, _| {
                merge_max(&row, rows.row(s), &mut merged);
                std::mem::swap(&mut row, &mut merged);
            });
            set(&mut row, trace.process_of(e), trace.seq(e) + 1);
            let bytes = span_bytes + (rows.entries.len() + row.len()) as u64 * 8;
            if bytes > max_bytes || rows.entries.try_reserve(row.len()).is_err() {
                return Err(bytes);
            }
            // Below max_bytes, so offsets and lengths fit in u32.
            rows.spans[e as usize] = (rows.entries.len() as u32, row.len() as u32);
            rows.entries.extend_from_slice(&row);
        }
        Ok(rows)
    }

    /// The stored entries of V(e).
    pub(super) fn row(&self, e: EventIdx) -> &[Entry] {
        let (start, len) = self.spans[e as usize];
        &self.entries[start as usize..(start + len) as usize]
    }

    /// V(e)[p]: a binary search in its row.
    pub(super) fn entry(&self, e: EventIdx, p: ProcessIdx) -> u32 {
        let row = self.row(e);
        match row.binary_search_by_key(&p, |&(q, _)| q) {
            Ok(i) => row[i].1,
            Err(_) => 0,
        }
    }
}

/// `out` = the entrywise max of two sorted rows.
fn merge_max(a: &[Entry], b: &[Entry], out: &mut Vec<Entry>) {
    out.clear();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let ((p, x), (q, y)) = (a[i], b[j]);
        if p == q {
            out.push((p, x.max(y)));
            (i, j) = (i + 1, j + 1);
        } else if p < q {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
}

/// Sets entry `p` of a sorted row to `x` (non-zero).
fn set(row: &mut Vec<Entry>, p: ProcessIdx, x: u32) {
    match row.binary_search_by_key(&p, |&(q, _)| q) {
        Ok(i) => row[i].1 = x,
        Err(i) => row.insert(i, (p, x)),
    }
}

#[cfg(test)]
mod tests {
    use super::merge_max;

    #[test]
    fn merging_takes_each_process_once_at_its_larger_count() {
        let mut out = Vec::new();
        merge_max(&[(0, 2), (3, 1)], &[(1, 5), (3, 4), (7, 1)], &mut out);
        assert_eq!(out, [(0, 2), (1, 5), (3, 4), (7, 1)]);
    }
}
