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

/// The cost `grow` would report, without building anything.
fn grow_cost(id: &Id, e: &EventTree) -> Option<u64> {
    match (id, e) {
        (Id::Zero, _) => None,
        (Id::One, _) => Some(0),
        (Id::Node(il, ir), EventTree::Leaf(_)) => {
            grow_node_cost(il, ir, &ZERO_LEAF, &ZERO_LEAF).map(|c| c.saturating_add(EXPAND_COST))
        }
        (Id::Node(il, ir), EventTree::Node(_, el, er)) => grow_node_cost(il, ir, el, er),
    }
}

/// The cost of growing under a node id, and whether the left half wins
/// (ties go right).
fn grow_choice(il: &Id, ir: &Id, el: &EventTree, er: &EventTree) -> Option<(u64, bool)> {
    match (il, ir) {
        (Id::Zero, _) => grow_cost(ir, er).map(|c| (c, false)),
        (_, Id::Zero) => grow_cost(il, el).map(|c| (c, true)),
        _ => match (grow_cost(il, el), grow_cost(ir, er)) {
            (Some(l), Some(r)) => Some(if l < r { (l, true) } else { (r, false) }),
            (Some(l), None) => Some((l, true)),
            (None, r) => r.map(|c| (c, false)),
        },
    }
}

fn grow_node_cost(il: &Id, ir: &Id, el: &EventTree, er: &EventTree) -> Option<u64> {
    grow_choice(il, ir, el, er).map(|(c, _)| c.saturating_add(1))
}

/// `grow` in place: the same single increment, at the same leaf.
pub(super) fn grow_mut(id: &Id, e: &mut EventTree) {
    match (id, &mut *e) {
        (Id::Zero, _) => {}
        (Id::One, EventTree::Leaf(n) | EventTree::Node(n, _, _)) => *n = n.saturating_add(1),
        (Id::Node(..), EventTree::Leaf(n)) => {
            *e = EventTree::node(*n, EventTree::Leaf(0), EventTree::Leaf(0));
            grow_mut(id, e);
        }
        (Id::Node(il, ir), EventTree::Node(_, el, er)) => match grow_choice(il, ir, el, er) {
            Some((_, true)) => grow_mut(il, el),
            Some((_, false)) => grow_mut(ir, er),
            None => {}
        },
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
