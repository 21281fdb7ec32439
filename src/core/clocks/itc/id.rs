//! Id trees: which parts of the unit interval [0,1) a stamp owns, and how
//! they split (fork) and sum (join).

/// An id tree: which parts of [0,1) a stamp owns.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Id {
    /// Owns nothing of its range.
    Zero,
    /// Owns all of its range.
    One,
    /// Left half, right half.
    Node(Box<Id>, Box<Id>),
}

/// A node (0,0) or (1,1) should have been collapsed to 0 or 1.
pub(super) fn id_node_is_normal(l: &Id, r: &Id) -> bool {
    !matches!((l, r), (Id::Zero, Id::Zero) | (Id::One, Id::One))
}

impl Id {
    /// The node (l, r) as given, not normalised.
    pub fn node(l: Id, r: Id) -> Id {
        Id::Node(Box::new(l), Box::new(r))
    }

    /// The node (l, r) in normal form: (0,0) is 0 and (1,1) is 1.
    fn norm(l: Id, r: Id) -> Id {
        match (l, r) {
            (Id::Zero, Id::Zero) => Id::Zero,
            (Id::One, Id::One) => Id::One,
            (l, r) => Id::node(l, r),
        }
    }

    /// True for the null id, which owns nothing (an anonymous stamp).
    pub fn is_zero(&self) -> bool {
        matches!(self, Id::Zero)
    }

    /// No node is (0,0) or (1,1), at any depth.
    pub fn is_normal(&self) -> bool {
        match self {
            Id::Zero | Id::One => true,
            Id::Node(l, r) => id_node_is_normal(l, r) && l.is_normal() && r.is_normal(),
        }
    }

    /// The same id in normal form.
    pub fn normalized(&self) -> Id {
        match self {
            Id::Zero | Id::One => self.clone(),
            Id::Node(l, r) => Id::norm(l.normalized(), r.normalized()),
        }
    }

    /// Splits the id into two disjoint ids whose sum is this one. A node with
    /// both halves owned is split between its halves; otherwise the single
    /// owned half is split further, so ids stay as shallow as possible.
    pub fn split(&self) -> (Id, Id) {
        match self {
            Id::Zero => (Id::Zero, Id::Zero),
            Id::One => (Id::node(Id::One, Id::Zero), Id::node(Id::Zero, Id::One)),
            Id::Node(l, r) => match (l.as_ref(), r.as_ref()) {
                (Id::Zero, i) => {
                    let (a, b) = i.split();
                    (Id::node(Id::Zero, a), Id::node(Id::Zero, b))
                }
                (i, Id::Zero) => {
                    let (a, b) = i.split();
                    (Id::node(a, Id::Zero), Id::node(b, Id::Zero))
                }
                (l, r) => (Id::node(l.clone(), Id::Zero), Id::node(Id::Zero, r.clone())),
            },
        }
    }

    /// The sum of two disjoint ids, normalised. ITC never sums overlapping
    /// ids; if asked to, this returns their union rather than failing.
    pub fn sum(&self, other: &Id) -> Id {
        match (self, other) {
            (Id::Zero, i) | (i, Id::Zero) => i.clone(),
            (Id::One, _) | (_, Id::One) => Id::One,
            (Id::Node(l1, r1), Id::Node(l2, r2)) => Id::norm(l1.sum(l2), r1.sum(r2)),
        }
    }

    /// The parts of [0,1) this id owns, in order, adjacent parts merged.
    pub fn intervals(&self) -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        self.collect_intervals(0.0, 1.0, &mut out);
        out
    }

    fn collect_intervals(&self, lo: f64, hi: f64, out: &mut Vec<(f64, f64)>) {
        match self {
            Id::Zero => {}
            Id::One => match out.last_mut() {
                // The shared boundary is the very same midpoint value on both
                // sides, so exact comparison is right here.
                Some(last) if last.1 == lo => last.1 = hi,
                _ => out.push((lo, hi)),
            },
            Id::Node(l, r) => {
                let mid = (lo + hi) / 2.0;
                l.collect_intervals(lo, mid, out);
                r.collect_intervals(mid, hi, out);
            }
        }
    }
}
