//! The paper's pure definitions of fill, grow and join (Almeida, Baquero
//! and Fonte 2008, section 5.3, as in itc.erl), which rebuild the trees
//! they return. Test code only: the oracle the in-place implementation in
//! `update.rs` is checked against.

use super::event::{parts, EventTree, EXPAND_COST};
use super::id::Id;
use super::stamp::Stamp;

/// A new event, by the definitions: fill if that changes anything, else
/// grow; `None` for an anonymous stamp or when a counter would pass
/// `u32::MAX`.
pub(super) fn event(s: &Stamp) -> Option<Stamp> {
    let filled = fill(&s.id, &s.event);
    if filled != s.event {
        return Some(Stamp::new(s.id.clone(), filled));
    }
    if s.event.max() == u32::MAX {
        return None;
    }
    grow(&s.id, &s.event).map(|(_, grown)| Stamp::new(s.id.clone(), grown))
}

/// Two stamps joined, by the definitions.
pub(super) fn join(a: &Stamp, b: &Stamp) -> Stamp {
    Stamp::new(a.id.sum(&b.id), join_lifted(&a.event, 0, &b.event, 0))
}

/// join(lift(da, a), lift(db, b)), where lift adds to the root value. The
/// paper lifts by rebuilding subtrees; carrying the lifts down instead
/// avoids copying them. The result's root is the smaller of the two lifted
/// roots, and each side's excess over it is lifted into its halves.
pub(super) fn join_lifted(a: &EventTree, da: u32, b: &EventTree, db: u32) -> EventTree {
    if let (EventTree::Leaf(x), EventTree::Leaf(y)) = (a, b) {
        return EventTree::Leaf(da.saturating_add(*x).max(db.saturating_add(*y)));
    }
    let ((na, la, ra), (nb, lb, rb)) = (parts(a), parts(b));
    let (xa, xb) = (da.saturating_add(na), db.saturating_add(nb));
    let n = xa.min(xb);
    let (da, db) = (xa - n, xb - n);
    EventTree::norm(n, join_lifted(la, da, lb, db), join_lifted(ra, da, rb, db))
}

/// fill: inflate the event tree as much as possible inside the owned part
/// of the interval without inventing anything new, i.e. raise owned parts
/// to values already known (an owned leaf next to a higher neighbour can
/// rise to the neighbour's level), so that the tree can then simplify.
pub(super) fn fill(id: &Id, e: &EventTree) -> EventTree {
    let (Id::Node(il, ir), EventTree::Node(n, el, er)) = (id, e) else {
        return match id {
            Id::One => EventTree::Leaf(e.max()),
            _ => e.clone(),
        };
    };
    match (il.as_ref(), ir.as_ref()) {
        (Id::One, ir) => {
            let er = fill(ir, er);
            let d = el.max().max(er.base());
            EventTree::norm(*n, EventTree::Leaf(d), er)
        }
        (il, Id::One) => {
            let el = fill(il, el);
            let d = er.max().max(el.base());
            EventTree::norm(*n, el, EventTree::Leaf(d))
        }
        (il, ir) => EventTree::norm(*n, fill(il, el), fill(ir, er)),
    }
}

/// grow: the cheapest single-leaf increment inside the owned part, with its
/// cost (one per level descended, [`EXPAND_COST`] per leaf split into a
/// node). Ties go to the right half, as in itc.erl. `None` when the id owns
/// nothing. Like itc.erl this does not normalise: it runs only when fill
/// changed nothing, and then every owned leaf already stands at least as
/// high as its sibling's base, so adding one to it can neither make two
/// sibling leaves equal nor lift a node's smaller base above zero.
pub(super) fn grow(id: &Id, e: &EventTree) -> Option<(u64, EventTree)> {
    match (id, e) {
        (Id::Zero, _) => None,
        (Id::One, EventTree::Leaf(n)) => Some((0, EventTree::Leaf(n.saturating_add(1)))),
        // itc.erl has no case for this: fill always turns a tree under an
        // owned id into a leaf first. Raising the root is the natural answer.
        (Id::One, EventTree::Node(n, l, r)) => {
            Some((0, EventTree::Node(n.saturating_add(1), l.clone(), r.clone())))
        }
        (Id::Node(..), EventTree::Leaf(n)) => {
            let (cost, tree) = grow(id, &EventTree::node(*n, EventTree::Leaf(0), EventTree::Leaf(0)))?;
            Some((cost.saturating_add(EXPAND_COST), tree))
        }
        (Id::Node(il, ir), EventTree::Node(n, el, er)) => {
            let left = || grow(il, el).map(|(c, t)| (c, EventTree::Node(*n, Box::new(t), er.clone())));
            let right = || grow(ir, er).map(|(c, t)| (c, EventTree::Node(*n, el.clone(), Box::new(t))));
            let best = match (il.as_ref(), ir.as_ref()) {
                (Id::Zero, _) => right(),
                (_, Id::Zero) => left(),
                _ => match (left(), right()) {
                    (Some(l), Some(r)) => Some(if l.0 < r.0 { l } else { r }),
                    (l, r) => l.or(r),
                },
            };
            best.map(|(c, t)| (c.saturating_add(1), t))
        }
    }
}
