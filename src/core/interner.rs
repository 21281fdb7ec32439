//! String interning into one arena: a million event ids cost one allocation
//! and a small hash table of indices, not a million `String`s.

use core::hash::BuildHasher;
use hashbrown::{DefaultHashBuilder, HashTable};

/// Distinct strings stored back to back; each gets a dense `u32` index in
/// order of first appearance.
#[derive(Clone, Default)]
pub struct Interner {
    text: String,
    ends: Vec<u32>,
    table: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Self::default()
    }

    /// Room for `count` strings of about `bytes` bytes in all, so interning
    /// a known number of ids never rehashes.
    pub fn with_capacity(count: usize, bytes: usize) -> Self {
        Self {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(count),
            table: HashTable::with_capacity(count),
            hasher: DefaultHashBuilder::default(),
        }
    }

    /// Number of distinct strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when nothing has been interned.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The string with index `i`.
    pub fn resolve(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// The index of `s`, if it was interned.
    pub fn get(&self, s: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(s);
        self.table.find(hash, |&i| self.resolve(i) == s).copied()
    }

    /// Interns `s`; returns its index and whether it was new.
    pub fn intern(&mut self, s: &str) -> (u32, bool) {
        let hash = self.hasher.hash_one(s);
        let Self { text, ends, table, hasher } = self;
        let resolve = |i: u32| {
            let i = i as usize;
            let start = if i == 0 { 0 } else { ends[i - 1] as usize };
            &text[start..ends[i] as usize]
        };
        if let Some(&i) = table.find(hash, |&i| resolve(i) == s) {
            return (i, false);
        }
        let i = ends.len() as u32;
        text.push_str(s);
        ends.push(text.len() as u32);
        table.insert_unique(hash, i, |&j| {
            let j = j as usize;
            let start = if j == 0 { 0 } else { ends[j - 1] as usize };
            hasher.hash_one(&text[start..ends[j] as usize])
        });
        (i, true)
    }

    /// All strings in index order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len() as u32).map(|i| self.resolve(i))
    }
}

impl core::fmt::Debug for Interner {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Interner {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.ends == other.ends
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_is_dense_and_stable() {
        let mut names = Interner::new();
        assert_eq!(names.intern("a1"), (0, true));
        assert_eq!(names.intern("b1"), (1, true));
        assert_eq!(names.intern("a1"), (0, false));
        assert_eq!(names.intern(""), (2, true));
        assert_eq!(names.resolve(1), "b1");
        assert_eq!(names.resolve(2), "");
        assert_eq!(names.get("b1"), Some(1));
        assert_eq!(names.get("c1"), None);
        assert_eq!(names.iter().collect::<Vec<_>>(), ["a1", "b1", ""]);
    }

    #[test]
    fn many_strings_survive_table_growth() {
        let mut names = Interner::new();
        for i in 0..10_000 {
            assert_eq!(names.intern(&format!("e{i}")), (i, true));
        }
        for i in 0..10_000 {
            assert_eq!(names.get(&format!("e{i}")), Some(i));
        }
    }
}
