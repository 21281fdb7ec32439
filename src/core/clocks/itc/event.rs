//! Event trees: a step function over [0,1) whose node values add up along
//! each path, kept in the paper's normal form; its maximum, minimum, order
//! and join. How an event records itself (fill, grow) and how a join is
//! done in place is in `update.rs`.

use super::update::join_into;

/// An event tree: a step function over [0,1) whose node values add up along
/// each path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EventTree {
    /// A constant over the whole range.
    Leaf(u32),
    /// A base value added to both halves, then the left and right halves.
    Node(u32, Box<EventTree>, Box<EventTree>),
}

/// The paper's "large constant" cost of growing by splitting a leaf into a
/// node: grow prefers incrementing an existing leaf (cost 0 plus one per
/// level) over adding nodes, because new nodes make the tree bigger forever.
pub(super) const EXPAND_COST: u64 = 1000;

/// A zero leaf to borrow where the paper treats a leaf n as the node (n,0,0).
pub(super) static ZERO_LEAF: EventTree = EventTree::Leaf(0);

/// A node's halves are not two equal leaves, and the smaller half's base is
/// zero (any common base has been lifted into the node).
pub(super) fn event_node_is_normal(l: &EventTree, r: &EventTree) -> bool {
    let equal_leaves = matches!((l, r), (EventTree::Leaf(a), EventTree::Leaf(b)) if a == b);
    !equal_leaves && l.base().min(r.base()) == 0
}

impl EventTree {
    /// The node (n, l, r) as given, not normalised.
    pub fn node(n: u32, l: EventTree, r: EventTree) -> EventTree {
        EventTree::Node(n, Box::new(l), Box::new(r))
    }

    /// The node (n, l, r) in normal form, given normal halves: (n,m,m) for a
    /// leaf m is the leaf n+m; otherwise the smaller base moves up into n.
    pub(super) fn norm(n: u32, l: EventTree, r: EventTree) -> EventTree {
        if let (EventTree::Leaf(a), EventTree::Leaf(b)) = (&l, &r) {
            if a == b {
                return EventTree::Leaf(n.saturating_add(*a));
            }
        }
        let m = l.base().min(r.base());
        EventTree::node(n.saturating_add(m), l.lowered(m), r.lowered(m))
    }

    /// The root value (the paper's base); the minimum for a normal tree.
    pub(super) fn base(&self) -> u32 {
        match self {
            EventTree::Leaf(n) | EventTree::Node(n, _, _) => *n,
        }
    }

    /// The same tree with `m` taken off the root value (the paper's drop);
    /// callers guarantee m <= base.
    fn lowered(self, m: u32) -> EventTree {
        match self {
            EventTree::Leaf(n) => EventTree::Leaf(n - m),
            EventTree::Node(n, l, r) => EventTree::Node(n - m, l, r),
        }
    }

    /// The largest value of the step function (the paper's height),
    /// saturating at `u32::MAX`.
    pub fn max(&self) -> u32 {
        u32::try_from(self.max_wide()).unwrap_or(u32::MAX)
    }

    pub(super) fn max_wide(&self) -> u64 {
        match self {
            EventTree::Leaf(n) => u64::from(*n),
            EventTree::Node(n, l, r) => u64::from(*n) + l.max_wide().max(r.max_wide()),
        }
    }

    /// The smallest value of the step function; for a normal tree this is
    /// the root value (the paper's base).
    pub fn min(&self) -> u32 {
        match self {
            EventTree::Leaf(n) => *n,
            EventTree::Node(n, l, r) => n.saturating_add(l.min().min(r.min())),
        }
    }

    /// Every node's halves are normal, are not two equal leaves, and the
    /// smaller of their root values is zero.
    pub fn is_normal(&self) -> bool {
        match self {
            EventTree::Leaf(_) => true,
            EventTree::Node(_, l, r) => event_node_is_normal(l, r) && l.is_normal() && r.is_normal(),
        }
    }

    /// The same step function in normal form.
    pub fn normalized(&self) -> EventTree {
        match self {
            EventTree::Leaf(_) => self.clone(),
            EventTree::Node(n, l, r) => EventTree::norm(*n, l.normalized(), r.normalized()),
        }
    }

    /// The pointwise maximum of two event trees, normalised.
    pub fn join(&self, other: &EventTree) -> EventTree {
        let mut joined = self.clone();
        join_into(&mut joined, 0, other, 0);
        joined
    }

    /// True when this step function is nowhere above `other` (both normal).
    pub fn leq(&self, other: &EventTree) -> bool {
        leq_lifted(self, 0, other, 0)
    }

    /// The step function as consecutive (start, end, value) segments
    /// covering [0,1), adjacent segments with equal values merged.
    pub fn steps(&self) -> Vec<(f64, f64, u32)> {
        let mut out = Vec::new();
        self.collect_steps(0.0, 1.0, 0, &mut out);
        out
    }

    fn collect_steps(&self, lo: f64, hi: f64, lift: u32, out: &mut Vec<(f64, f64, u32)>) {
        match self {
            EventTree::Leaf(n) => {
                let value = lift.saturating_add(*n);
                match out.last_mut() {
                    Some(last) if last.2 == value => last.1 = hi,
                    _ => out.push((lo, hi, value)),
                }
            }
            EventTree::Node(n, l, r) => {
                let (lift, mid) = (lift.saturating_add(*n), (lo + hi) / 2.0);
                l.collect_steps(lo, mid, lift, out);
                r.collect_steps(mid, hi, lift, out);
            }
        }
    }
}

/// A tree's root value and halves, a leaf n read as the node (n,0,0).
pub(super) fn parts(e: &EventTree) -> (u32, &EventTree, &EventTree) {
    match e {
        EventTree::Leaf(n) => (*n, &ZERO_LEAF, &ZERO_LEAF),
        EventTree::Node(n, l, r) => (*n, l, r),
    }
}

/// leq(lift(da, a), lift(db, b)) as in itc.erl: a leaf is below a node when
/// it is below the node's base, which is the node's minimum in normal form.
fn leq_lifted(a: &EventTree, da: u64, b: &EventTree, db: u64) -> bool {
    let (xa, xb) = (da + u64::from(a.base()), db + u64::from(b.base()));
    match (a, b) {
        (EventTree::Leaf(_), _) => xa <= xb,
        (EventTree::Node(_, la, ra), EventTree::Node(_, lb, rb)) => {
            xa <= xb && leq_lifted(la, xa, lb, xb) && leq_lifted(ra, xa, rb, xb)
        }
        (EventTree::Node(_, la, ra), EventTree::Leaf(_)) => {
            xa <= xb && leq_lifted(la, xa, b, db) && leq_lifted(ra, xa, b, db)
        }
    }
}
