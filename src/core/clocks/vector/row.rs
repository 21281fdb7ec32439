//! One event's vector timestamp as stored: whole, or its non-zero entries.

use crate::core::trace::ProcessIdx;

/// V(e), borrowed from [`super::VectorClocks`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row<'a> {
    /// Every entry, by process.
    Dense(&'a [u32]),
    /// The non-zero entries as (process, count), sorted by process, of a
    /// row `width` entries long.
    Sparse {
        /// The non-zero entries.
        entries: &'a [(ProcessIdx, u32)],
        /// Entries in the whole row.
        width: usize,
    },
}

impl Row<'_> {
    /// Entries in the whole row (the number of processes).
    pub fn len(&self) -> usize {
        match self {
            Row::Dense(v) => v.len(),
            Row::Sparse { width, .. } => *width,
        }
    }

    /// True for a row of no processes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// V(e)[p].
    pub fn get(&self, p: ProcessIdx) -> u32 {
        match self {
            Row::Dense(v) => v[p as usize],
            Row::Sparse { entries, .. } => match entries.binary_search_by_key(&p, |&(q, _)| q) {
                Ok(i) => entries[i].1,
                Err(_) => 0,
            },
        }
    }

    /// The non-zero entries as (process, count), by process: as many as
    /// the event has heard of processes, however many there are.
    pub fn nonzero(&self) -> impl Iterator<Item = (ProcessIdx, u32)> + '_ {
        let (dense, sparse): (&[u32], &[(ProcessIdx, u32)]) = match self {
            Row::Dense(v) => (v, &[]),
            Row::Sparse { entries, .. } => (&[], entries),
        };
        let from_dense = dense.iter().enumerate().filter(|(_, &x)| x > 0).map(|(p, &x)| (p as ProcessIdx, x));
        from_dense.chain(sparse.iter().copied())
    }

    /// Every entry in process order, zeros included.
    pub fn entries(&self) -> Entries<'_> {
        Entries { row: *self, next: 0, at: 0 }
    }

    /// The whole row as a vector.
    pub fn to_vec(&self) -> Vec<u32> {
        self.entries().collect()
    }

    /// The sum of the entries: how many events are in the causal past, the
    /// event included.
    pub fn sum(&self) -> u64 {
        match self {
            Row::Dense(v) => v.iter().map(|&x| u64::from(x)).sum(),
            Row::Sparse { entries, .. } => entries.iter().map(|&(_, x)| u64::from(x)).sum(),
        }
    }
}

/// The entries of a [`Row`] in process order (see [`Row::entries`]).
pub struct Entries<'a> {
    row: Row<'a>,
    /// The next process.
    next: usize,
    /// In a sparse row, the first stored entry not yet passed.
    at: usize,
}

impl Iterator for Entries<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let p = self.next;
        if p >= self.row.len() {
            return None;
        }
        self.next += 1;
        Some(match self.row {
            Row::Dense(v) => v[p],
            Row::Sparse { entries, .. } => match entries.get(self.at) {
                Some(&(q, x)) if q as usize == p => {
                    self.at += 1;
                    x
                }
                _ => 0,
            },
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.row.len() - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Entries<'_> {}

#[cfg(test)]
mod tests {
    use super::Row;

    #[test]
    fn a_sparse_row_reads_as_the_whole_one() {
        let dense = Row::Dense(&[0, 3, 0, 1]);
        let sparse = Row::Sparse { entries: &[(1, 3), (3, 1)], width: 4 };
        for row in [dense, sparse] {
            assert_eq!(row.to_vec(), [0, 3, 0, 1]);
            assert_eq!(row.nonzero().collect::<Vec<_>>(), [(1, 3), (3, 1)]);
            assert_eq!((row.get(0), row.get(1), row.get(3), row.sum(), row.len()), (0, 3, 1, 4, 4));
        }
    }
}
