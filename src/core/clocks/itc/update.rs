//! How event trees change, in place (the one implementation the product
//! uses): fill, else grow, to record an event (the paper's section 5.3 and
//! itc.erl's `fill` and `grow`), and join. Each touches only the part of
//! the tree it changes. The paper's pure definitions, which rebuild the
//! tree, are kept in `paper.rs` as the test oracle these are checked
//! against.
//!
//! Counters saturate at `u32::MAX` rather than overflow, here as in every
//! other operation: a stamp read from text or binary never has a maximum
//! past `u32::MAX`, and [`super::Stamp::checked_event`] says when an event
//! would reach it.

use super::event::{parts, EventTree, EXPAND_COST, ZERO_LEAF};
use super::id::Id;

impl EventTree {
    /// Normalises this node in place, given normal halves (see `norm`).
    fn normalize_node(&mut self) {
        let EventTree::Node(n, l, r) = self else { return };
        if let (EventTree::Leaf(a), EventTree::Leaf(b)) = (&**l, &**r) {
            if a == b {
                *self = EventTree::Leaf(n.saturating_add(*a));
                return;
            }
        }
        let m = l.base().min(r.base());
        if m > 0 {
            *n = n.saturating_add(m);
            l.set_base(l.base() - m);
            r.set_base(r.base() - m);
        }
    }

    fn set_base(&mut self, value: u32) {
        match self {
            EventTree::Leaf(n) | EventTree::Node(n, _, _) => *n = value,
        }
    }
}

/// `fill` in place; true when it changed the tree. Since fill only raises
/// the step function and normal forms are unique, "changed" here is exactly
/// `fill(id, e) != e`, the test `event` makes before growing.
pub(super) fn fill_mut(id: &Id, e: &mut EventTree) -> bool {
    let changed = match (id, &mut *e) {
        (Id::One, EventTree::Node(..)) => {
            *e = EventTree::Leaf(e.max());
            return true;
        }
        (Id::Node(il, ir), EventTree::Node(_, el, er)) => match (il.as_ref(), ir.as_ref()) {
            (Id::One, ir) => {
                let inner = fill_mut(ir, er);
                raise_to(el, er.base()) | inner
            }
            (il, Id::One) => {
                let inner = fill_mut(il, el);
                raise_to(er, el.base()) | inner
            }
            (il, ir) => fill_mut(il, el) | fill_mut(ir, er),
        },
        _ => false,
    };
    if changed {
        e.normalize_node();
    }
    changed
}

/// An owned half becomes the leaf max(its maximum, `floor`); true when that
/// changes it (a normal node is never constant, so a node always changes).
fn raise_to(half: &mut EventTree, floor: u32) -> bool {
    let d = half.max().max(floor);
    if *half == EventTree::Leaf(d) {
        return false;
    }
    *half = EventTree::Leaf(d);
    true
}

/// What `grow` would cost under each (id, event) pair it looks at, in
/// pre-order: the pair's cost (`None`: nothing to grow in) and how many
/// entries its left half's pairs take, so a half's entry is found without
/// searching. Built once per grow, in time linear in the trees: asking each
/// level for its halves' costs afresh would cost depth × size, which is
/// quadratic in the long thin trees a chain of forks makes.
type Costs = Vec<(Option<u64>, u32)>;

fn grow_costs(id: &Id, e: &EventTree, costs: &mut Costs) -> Option<u64> {
    let at = costs.len();
    costs.push((None, 0));
    let cost = match (id, e) {
        (Id::Zero, _) => None,
        (Id::One, _) => Some(0),
        (Id::Node(il, ir), e) => {
            // A leaf is grown into as the node (n,0,0), at the cost of new nodes.
            let (expand, el, er) = match e {
                EventTree::Leaf(_) => (EXPAND_COST, &ZERO_LEAF, &ZERO_LEAF),
                EventTree::Node(_, el, er) => (0, &**el, &**er),
            };
            let left = grow_costs(il, el, costs);
            costs[at].1 = (costs.len() - at - 1) as u32;
            let right = grow_costs(ir, er, costs);
            choose(left, right).map(|(c, _)| c.saturating_add(1).saturating_add(expand))
        }
    };
    costs[at].0 = cost;
    cost
}

/// The cheaper half to grow in, and its cost; ties go right, and a half
/// with nothing to grow in never wins.
fn choose(left: Option<u64>, right: Option<u64>) -> Option<(u64, bool)> {
    match (left, right) {
        (Some(l), Some(r)) => Some(if l < r { (l, true) } else { (r, false) }),
        (Some(l), None) => Some((l, true)),
        (None, r) => r.map(|c| (c, false)),
    }
}

/// `grow` in place: the same single increment, at the same leaf as the
/// paper's definition (the cheapest, leaves preferred to new nodes).
pub(super) fn grow_mut(id: &Id, e: &mut EventTree) {
    // One table per thread, cleared and reused: an allocation per event
    // cost a 100k × 16 run a fifth of its time.
    thread_local! {
        static COSTS: std::cell::RefCell<Costs> = const { std::cell::RefCell::new(Vec::new()) };
    }
    COSTS.with_borrow_mut(|costs| {
        costs.clear();
        grow_costs(id, e, costs);
        grow_along(id, e, costs, 0);
    });
}

/// Descends the cheapest way by the pairs' costs (`at`: this pair's entry).
fn grow_along(id: &Id, e: &mut EventTree, costs: &Costs, at: usize) {
    match (id, &mut *e) {
        (Id::Zero, _) => {}
        (Id::One, EventTree::Leaf(n) | EventTree::Node(n, _, _)) => *n = n.saturating_add(1),
        (Id::Node(..), EventTree::Leaf(n)) => {
            // The entry was made for this leaf read as (n,0,0): the same halves.
            *e = EventTree::node(*n, EventTree::Leaf(0), EventTree::Leaf(0));
            grow_along(id, e, costs, at);
        }
        (Id::Node(il, ir), EventTree::Node(_, el, er)) => {
            let (left, right) = (at + 1, at + 1 + costs[at].1 as usize);
            match choose(costs[left].0, costs[right].0) {
                Some((_, true)) => grow_along(il, el, costs, left),
                Some((_, false)) => grow_along(ir, er, costs, right),
                None => {}
            }
        }
    }
}

/// `join_lifted` in place: `a` becomes join(lift(a, da), lift(b, db)),
/// normalised, copying only the parts of `b` that `a` lacks.
pub(super) fn join_into(a: &mut EventTree, da: u32, b: &EventTree, db: u32) {
    if let (EventTree::Leaf(x), EventTree::Leaf(y)) = (&*a, b) {
        *a = EventTree::Leaf(da.saturating_add(*x).max(db.saturating_add(*y)));
        return;
    }
    if let EventTree::Leaf(x) = *a {
        *a = EventTree::node(x, EventTree::Leaf(0), EventTree::Leaf(0));
    }
    let EventTree::Node(na, la, ra) = a else { unreachable!("a was made a node") };
    let (nb, lb, rb) = parts(b);
    let (xa, xb) = (da.saturating_add(*na), db.saturating_add(nb));
    let n = xa.min(xb);
    join_into(la, xa - n, lb, xb - n);
    join_into(ra, xa - n, rb, xb - n);
    *na = n;
    a.normalize_node();
}
