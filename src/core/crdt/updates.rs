//! The sets of updates a run's events have seen, each distinct set stored
//! once and as what it adds to the set its replica had at its previous
//! event: memory proportional to the updates that arrive, not to events ×
//! updates (30,000 increments on one replica made 30,000 sets averaging
//! 15,000 entries, 3.5 GB). Sets are told apart by their size and an
//! order-independent 128-bit hash kept as they grow, so two replicas that
//! reach the same updates by different paths share one set.

use crate::core::trace::EventIdx;
use std::collections::{BTreeSet, HashMap};

/// One distinct set: its parent's updates and the ones it adds.
struct Delta {
    parent: Option<u32>,
    added: Vec<EventIdx>,
    len: u32,
}

/// The distinct sets of updates seen, by index (0: the empty set).
pub struct Updates {
    index: HashMap<(u128, u32), u32>,
    sets: Vec<Delta>,
}

impl Default for Updates {
    fn default() -> Self {
        Updates {
            index: HashMap::from([((0, 0), 0)]),
            sets: vec![Delta { parent: None, added: Vec::new(), len: 0 }],
        }
    }
}

impl std::fmt::Debug for Updates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Updates({} sets)", self.sets.len())
    }
}

impl PartialEq for Updates {
    fn eq(&self, other: &Self) -> bool {
        self.sets.len() == other.sets.len()
            && (0..self.sets.len() as u32).all(|i| self.get(i) == other.get(i))
    }
}

impl Clone for Updates {
    fn clone(&self) -> Self {
        let sets = self
            .sets
            .iter()
            .map(|d| Delta { parent: d.parent, added: d.added.clone(), len: d.len })
            .collect();
        Updates { index: self.index.clone(), sets }
    }
}

impl Updates {
    /// How many updates set `id` holds.
    pub fn len_of(&self, id: u32) -> usize {
        self.sets[id as usize].len as usize
    }

    /// Set `id`'s updates (operation events), sorted: its chain of deltas,
    /// walked once.
    pub fn get(&self, id: u32) -> Vec<EventIdx> {
        let mut out = Vec::with_capacity(self.len_of(id));
        let mut at = Some(id);
        while let Some(i) = at {
            out.extend(&self.sets[i as usize].added);
            at = self.sets[i as usize].parent;
        }
        out.sort_unstable();
        out
    }

    /// How many distinct sets there are.
    pub fn count(&self) -> usize {
        self.sets.len()
    }

    /// The index of the set `seen` holds now, storing it if it is new.
    pub(super) fn record(&mut self, seen: &mut Seen) -> u32 {
        let key = (seen.hash, seen.set.len() as u32);
        let id = match self.index.get(&key) {
            Some(&id) => id,
            None => {
                let added = std::mem::take(&mut seen.fresh);
                self.sets.push(Delta { parent: seen.last, added, len: key.1 });
                let id = self.sets.len() as u32 - 1;
                self.index.insert(key, id);
                id
            }
        };
        seen.fresh.clear();
        seen.last = Some(id);
        id
    }
}

/// What one replica has seen so far, with what it added since its set was
/// last recorded.
#[derive(Clone, Debug, Default)]
pub(super) struct Seen {
    set: BTreeSet<EventIdx>,
    hash: u128,
    fresh: Vec<EventIdx>,
    last: Option<u32>,
}

impl Seen {
    /// Adds `e`; false if it was there.
    pub(super) fn insert(&mut self, e: EventIdx) -> bool {
        let new = self.set.insert(e);
        if new {
            self.hash = self.hash.wrapping_add(mix(e));
            self.fresh.push(e);
        }
        new
    }

    pub(super) fn extend(&mut self, es: impl IntoIterator<Item = EventIdx>) {
        for e in es {
            self.insert(e);
        }
    }

    pub(super) fn contains(&self, e: EventIdx) -> bool {
        self.set.contains(&e)
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = EventIdx> + '_ {
        self.set.iter().copied()
    }
}

/// An update's share of a set's hash: two rounds of SplitMix64, so sums of
/// distinct sets of indices collide with probability about 2^-128.
fn mix(e: EventIdx) -> u128 {
    let round = |mut z: u64| {
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let a = round(u64::from(e).wrapping_add(0x9e37_79b9_7f4a_7c15));
    let b = round(a ^ 0x2545_f491_4f6c_dd1d);
    u128::from(a) << 64 | u128::from(b)
}
