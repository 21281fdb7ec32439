//! Compressed sparse rows: for each event, the messages it sends or receives,
//! in two flat arrays instead of a `Vec` per event.

#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Csr {
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Csr {
    /// Rows `0..rows` from `(row, item)` pairs; items keep their pair order
    /// within a row.
    pub(crate) fn from_pairs(rows: usize, pairs: impl Iterator<Item = (u32, u32)> + Clone) -> Self {
        let mut starts = vec![0u32; rows + 1];
        for (row, _) in pairs.clone() {
            starts[row as usize + 1] += 1;
        }
        for r in 0..rows {
            starts[r + 1] += starts[r];
        }
        let mut fill = starts.clone();
        let mut items = vec![0u32; starts[rows] as usize];
        for (row, item) in pairs {
            let at = &mut fill[row as usize];
            items[*at as usize] = item;
            *at += 1;
        }
        Csr { starts, items }
    }

    pub(crate) fn row(&self, row: u32) -> &[u32] {
        let r = row as usize;
        &self.items[self.starts[r] as usize..self.starts[r + 1] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::Csr;

    #[test]
    fn rows_hold_their_items_in_order() {
        let pairs = [(2, 7), (0, 1), (2, 8), (0, 3)];
        let csr = Csr::from_pairs(4, pairs.iter().copied());
        assert_eq!(csr.row(0), [1, 3]);
        assert_eq!(csr.row(1), [] as [u32; 0]);
        assert_eq!(csr.row(2), [7, 8]);
        assert_eq!(csr.row(3), [] as [u32; 0]);
    }
}
