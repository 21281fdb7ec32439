//! Interval Tree Clocks (P. S. Almeida, C. Baquero, V. Fonte, "Interval Tree
//! Clocks: A Logical Clock for Dynamic Systems", OPODIS 2008), definition for
//! definition as in the authors' Erlang reference implementation
//! (github.com/ricardobcl/Interval-Tree-Clocks, `erlang/itc.erl`).
//!
//! A stamp is a pair (id, event). Both are trees over the unit interval
//! [0,1): a node's left child covers the left half of its parent's range and
//! its right child the right half. The id says which parts of the interval
//! the stamp owns (`1`) and which it does not (`0`); the event tree is a
//! step function over the interval whose node values are added along the
//! path down to each leaf. Fork splits the id and copies the events, event
//! inflates the event tree only where the id owns the interval, join sums
//! the ids and takes the pointwise maximum of the events, and `a <= b` is
//! the pointwise order of the event functions. Because live ids never
//! overlap, this order is exactly inclusion of causal histories, like
//! version vectors, but without global process names.
//!
//! Everything is kept in the paper's normal form (see [`Id::is_normal`] and
//! [`EventTree::is_normal`]): every operation returns normal stamps when
//! given normal stamps, and both the text parser and the binary decoder
//! accept only normal forms, so each stamp has exactly one text and one
//! binary representation.
//!
//! Counters are `u32`, like the vector clocks' entries: nothing in this
//! crate comes near 2^32 events at one spot. The parser and the decoder
//! refuse event trees whose maximum does not fit in `u32`, so the internal
//! arithmetic (all of it on values at most the maximum) never overflows;
//! only an event that would push the maximum past `u32::MAX` could, and
//! [`Stamp::checked_event`] reports that instead of panicking. Internal
//! arithmetic saturates anyway, so hand-built trees that break the rule
//! give wrong numbers, never a panic.
//!
//! Where itc.erl would crash, this module picks an answer: an event on an
//! anonymous stamp (id 0) returns it unchanged, and summing overlapping ids
//! (which ITC never does) gives their union.

use std::fmt;
use std::str::FromStr;

/// The deepest tree nesting (nodes on one root-to-leaf path) that the text
/// parser and the binary decoder accept. They read iteratively, but every
/// other operation recurses once per level, so this keeps trees that come
/// from untrusted input shallow enough for the call stack (debug builds
/// spend up to a few hundred bytes per level). Forking one stamp more than
/// this many times in a row without joins makes a stamp that prints and
/// encodes fine but will not read back.
pub const MAX_DEPTH: usize = 1000;

/// The paper's "large constant" cost of growing by splitting a leaf into a
/// node: grow prefers incrementing an existing leaf (cost 0 plus one per
/// level) over adding nodes, because new nodes make the tree bigger forever.
const EXPAND_COST: u64 = 1000;

/// A zero leaf to borrow where the paper treats a leaf n as the node (n,0,0).
static ZERO_LEAF: EventTree = EventTree::Leaf(0);

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

/// An event tree: a step function over [0,1) whose node values add up along
/// each path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EventTree {
    /// A constant over the whole range.
    Leaf(u32),
    /// A base value added to both halves, then the left and right halves.
    Node(u32, Box<EventTree>, Box<EventTree>),
}

/// An interval tree clock stamp.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Stamp {
    /// The part of the interval this stamp may record events in.
    pub id: Id,
    /// The events this stamp knows about.
    pub event: EventTree,
}

/// Where in the input an [`ItcError`] was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Position {
    /// A byte offset into text.
    Byte(usize),
    /// A bit offset into a binary encoding (bit 0 is the most significant
    /// bit of the first byte).
    Bit(usize),
}

/// What went wrong reading a stamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItcErrorKind {
    /// The input did not match the grammar; names what was expected here.
    Expected(&'static str),
    /// Trees nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// A number, or the event tree's maximum, does not fit in `u32`.
    Overflow,
    /// A number with a leading zero (the text form is canonical).
    LeadingZero,
    /// Well formed, but not the normal form (or, in binary, not the
    /// canonical code); says why.
    NotNormal(&'static str),
    /// The binary input ends before the stamp is complete.
    Truncated,
    /// The bit count does not fit the number of bytes given.
    BadLength,
}

/// An error reading a stamp from text or from its binary encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ItcError {
    /// Where the problem is.
    pub at: Position,
    /// What the problem is.
    pub kind: ItcErrorKind,
}

impl fmt::Display for ItcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ItcErrorKind::Expected(what) => write!(f, "expected {what}")?,
            ItcErrorKind::TooDeep => write!(f, "trees nested deeper than {MAX_DEPTH} levels")?,
            ItcErrorKind::Overflow => f.write_str("counter does not fit in 32 bits")?,
            ItcErrorKind::LeadingZero => f.write_str("number with a leading zero")?,
            ItcErrorKind::NotNormal(why) => write!(f, "not in normal form: {why}")?,
            ItcErrorKind::Truncated => f.write_str("input ends before the stamp is complete")?,
            ItcErrorKind::BadLength => f.write_str("bit count does not match the number of bytes")?,
        }
        match self.at {
            Position::Byte(n) => write!(f, " at byte {n}"),
            Position::Bit(n) => write!(f, " at bit {n}"),
        }
    }
}

impl std::error::Error for ItcError {}

// ---------------------------------------------------------------------------
// Ids

/// A node (0,0) or (1,1) should have been collapsed to 0 or 1.
fn id_node_is_normal(l: &Id, r: &Id) -> bool {
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

    /// Length in bits of this id's binary code.
    pub fn bit_len(&self) -> usize {
        match self {
            Id::Zero | Id::One => 3,
            Id::Node(l, r) => match (l.as_ref(), r.as_ref()) {
                (Id::Zero, i) | (i, Id::Zero) => 2 + i.bit_len(),
                (l, r) => 2 + l.bit_len() + r.bit_len(),
            },
        }
    }
}

// ---------------------------------------------------------------------------
// Event trees

/// A node's halves are not two equal leaves, and the smaller half's base is
/// zero (any common base has been lifted into the node).
fn event_node_is_normal(l: &EventTree, r: &EventTree) -> bool {
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
    fn norm(n: u32, l: EventTree, r: EventTree) -> EventTree {
        if let (EventTree::Leaf(a), EventTree::Leaf(b)) = (&l, &r) {
            if a == b {
                return EventTree::Leaf(n.saturating_add(*a));
            }
        }
        let m = l.base().min(r.base());
        EventTree::node(n.saturating_add(m), l.lowered(m), r.lowered(m))
    }

    /// The root value (the paper's base); the minimum for a normal tree.
    fn base(&self) -> u32 {
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

    fn max_wide(&self) -> u64 {
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
        join_lifted(self, 0, other, 0)
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

    /// Length in bits of this tree's binary code.
    pub fn bit_len(&self) -> usize {
        let EventTree::Node(n, l, r) = self else {
            return leaf_bit_len(self.base());
        };
        let (l_zero, r_zero) = (**l == ZERO_LEAF, **r == ZERO_LEAF);
        match (*n, l_zero, r_zero) {
            (0, true, _) => 3 + r.bit_len(),
            (0, _, true) => 3 + l.bit_len(),
            (0, _, _) => 3 + l.bit_len() + r.bit_len(),
            (n, true, _) => 5 + leaf_bit_len(n) + r.bit_len(),
            (n, _, true) => 5 + leaf_bit_len(n) + l.bit_len(),
            (n, _, _) => 4 + leaf_bit_len(n) + l.bit_len() + r.bit_len(),
        }
    }
}

/// A tree's root value and halves, a leaf n read as the node (n,0,0).
fn parts(e: &EventTree) -> (u32, &EventTree, &EventTree) {
    match e {
        EventTree::Leaf(n) => (*n, &ZERO_LEAF, &ZERO_LEAF),
        EventTree::Node(n, l, r) => (*n, l, r),
    }
}

/// join(lift(da, a), lift(db, b)), where lift adds to the root value. The
/// paper lifts by rebuilding subtrees; carrying the lifts down instead
/// avoids copying them. The result's root is the smaller of the two lifted
/// roots, and each side's excess over it is lifted into its halves.
fn join_lifted(a: &EventTree, da: u32, b: &EventTree, db: u32) -> EventTree {
    if let (EventTree::Leaf(x), EventTree::Leaf(y)) = (a, b) {
        return EventTree::Leaf(da.saturating_add(*x).max(db.saturating_add(*y)));
    }
    let ((na, la, ra), (nb, lb, rb)) = (parts(a), parts(b));
    let (xa, xb) = (da.saturating_add(na), db.saturating_add(nb));
    let n = xa.min(xb);
    let (da, db) = (xa - n, xb - n);
    EventTree::norm(n, join_lifted(la, da, lb, db), join_lifted(ra, da, rb, db))
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

/// fill: inflate the event tree as much as possible inside the owned part
/// of the interval without inventing anything new, i.e. raise owned parts
/// to values already known (an owned leaf next to a higher neighbour can
/// rise to the neighbour's level), so that the tree can then simplify.
fn fill(id: &Id, e: &EventTree) -> EventTree {
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
fn grow(id: &Id, e: &EventTree) -> Option<(u64, EventTree)> {
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
fn fill_mut(id: &Id, e: &mut EventTree) -> bool {
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
fn grow_mut(id: &Id, e: &mut EventTree) {
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
fn join_into(a: &mut EventTree, da: u32, b: &EventTree, db: u32) {
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

// ---------------------------------------------------------------------------
// Stamps

impl Stamp {
    /// The stamp (id, event) as given.
    pub fn new(id: Id, event: EventTree) -> Stamp {
        Stamp { id, event }
    }

    /// The seed stamp (1, 0): owns everything, knows nothing.
    pub fn seed() -> Stamp {
        Stamp::new(Id::One, EventTree::Leaf(0))
    }

    /// True when the id is 0: the stamp can carry events but not record any.
    pub fn is_anonymous(&self) -> bool {
        self.id.is_zero()
    }

    /// Both components are in normal form.
    pub fn is_normal(&self) -> bool {
        self.id.is_normal() && self.event.is_normal()
    }

    /// The same stamp in normal form.
    pub fn normalized(&self) -> Stamp {
        Stamp::new(self.id.normalized(), self.event.normalized())
    }

    /// Two stamps with disjoint ids and this stamp's events.
    pub fn fork(&self) -> (Stamp, Stamp) {
        let (a, b) = self.id.split();
        (Stamp::new(a, self.event.clone()), Stamp::new(b, self.event.clone()))
    }

    /// An anonymous copy (0, e), e.g. to send in a message.
    pub fn peek(&self) -> Stamp {
        Stamp::new(Id::Zero, self.event.clone())
    }

    /// Records a new event: fill if that changes anything, else grow.
    /// An anonymous stamp owns nothing to record in and is returned as is.
    ///
    /// # Panics
    /// If a counter would pass `u32::MAX` (see [`Stamp::checked_event`]).
    pub fn event(&self) -> Stamp {
        if self.is_anonymous() {
            return self.clone();
        }
        self.checked_event().expect("interval tree clock counter passed u32::MAX")
    }

    /// Like [`Stamp::event`], but `None` for an anonymous stamp or when a
    /// counter would pass `u32::MAX`.
    pub fn checked_event(&self) -> Option<Stamp> {
        let filled = fill(&self.id, &self.event);
        if filled != self.event {
            return Some(Stamp::new(self.id.clone(), filled));
        }
        // Grow adds one to a single leaf, so the result's maximum is at most
        // one more than the current one.
        if self.event.max() == u32::MAX {
            return None;
        }
        let (_, grown) = grow(&self.id, &self.event)?;
        Some(Stamp::new(self.id.clone(), grown))
    }

    /// Merges two stamps: ids summed, events joined.
    pub fn join(&self, other: &Stamp) -> Stamp {
        Stamp::new(self.id.sum(&other.id), self.event.join(&other.event))
    }

    /// True when this stamp's events are all known to `other` (ids ignored).
    pub fn leq(&self, other: &Stamp) -> bool {
        self.event.leq(&other.event)
    }

    /// Neither stamp's events include the other's.
    pub fn concurrent(&self, other: &Stamp) -> bool {
        !self.leq(other) && !other.leq(self)
    }

    /// The paper's compact binary code: the bytes, most significant bit
    /// first, the last byte padded with zeros, and the number of bits used.
    pub fn encode(&self) -> (Vec<u8>, usize) {
        let mut w = BitWriter::default();
        write_id(&self.id, &mut w);
        write_event(&self.event, &mut w);
        w.finish()
    }

    /// [`Stamp::encode`] appended to `out` (from a byte boundary), so many
    /// stamps can share one buffer; returns the number of bits.
    pub fn encode_append(&self, out: &mut Vec<u8>) -> usize {
        let mut w = BitWriter::after(std::mem::take(out));
        write_id(&self.id, &mut w);
        write_event(&self.event, &mut w);
        let (bytes, bits) = w.finish();
        *out = bytes;
        bits
    }

    /// Records a new event in place, as [`Stamp::event`] does, without
    /// copying the trees: a run of many events changes only what each
    /// event touches.
    ///
    pub fn event_in_place(&mut self) {
        if self.is_anonymous() || fill_mut(&self.id, &mut self.event) {
            return;
        }
        // Counters saturate at u32::MAX (four billion events on one
        // process) rather than paying for a check of the whole tree.
        grow_mut(&self.id, &mut self.event);
    }

    /// Joins `other`'s event tree into this stamp in place (ids unchanged),
    /// as receiving a message's peek does.
    pub fn join_events_in_place(&mut self, other: &EventTree) {
        join_into(&mut self.event, 0, other, 0);
    }

    /// Joins `other` (id and events) into this stamp in place.
    pub fn join_in_place(&mut self, other: &Stamp) {
        self.id = self.id.sum(&other.id);
        self.join_events_in_place(&other.event);
    }

    /// Splits off a new stamp with half of this one's id and a copy of its
    /// events; this stamp keeps the other half (the first of [`Stamp::fork`]).
    pub fn fork_in_place(&mut self) -> Stamp {
        let (mine, theirs) = self.id.split();
        self.id = mine;
        Stamp::new(theirs, self.event.clone())
    }

    /// Length in bits of [`Stamp::encode`]'s output, computed without
    /// encoding.
    pub fn bit_len(&self) -> usize {
        self.id.bit_len() + self.event.bit_len()
    }

    /// Reads a stamp from [`Stamp::encode`]'s output. `bytes` must be
    /// exactly the `bits` rounded up to whole bytes, with zero padding.
    /// Only the canonical code of a normal stamp is accepted, so decoding
    /// then encoding gives back the same bits.
    pub fn decode(bytes: &[u8], bits: usize) -> Result<Stamp, ItcError> {
        Self::decode_deep(bytes, bits, MAX_DEPTH)
    }

    /// [`Stamp::decode`] with another nesting limit: for stamps this program
    /// encoded itself, which a long run of forks may nest deeper than
    /// [`MAX_DEPTH`]. The decoder keeps its own stack, so any depth is safe.
    pub fn decode_deep(bytes: &[u8], bits: usize, depth: usize) -> Result<Stamp, ItcError> {
        if bits.div_ceil(8) != bytes.len() {
            return Err(bit_error(0, ItcErrorKind::BadLength));
        }
        let mut r = BitReader { bytes, len: bits, pos: 0, depth };
        let id = r.id()?;
        let event_start = r.pos;
        let event = r.event()?;
        if r.pos != bits {
            return Err(bit_error(r.pos, ItcErrorKind::Expected("the end of the stamp")));
        }
        if bits % 8 != 0 && bytes.last().is_some_and(|b| b & (0xff >> (bits % 8)) != 0) {
            return Err(bit_error(bits, ItcErrorKind::Expected("zero padding bits")));
        }
        if event.max_wide() > u64::from(u32::MAX) {
            return Err(bit_error(event_start, ItcErrorKind::Overflow));
        }
        Ok(Stamp::new(id, event))
    }
}

// ---------------------------------------------------------------------------
// Text form

impl Id {
    /// The paper's notation, appended to `out` (faster than `Display` for
    /// reports with a stamp on every event).
    pub fn write_text(&self, out: &mut Vec<u8>) {
        match self {
            Id::Zero => out.push(b'0'),
            Id::One => out.push(b'1'),
            Id::Node(l, r) => {
                out.push(b'(');
                l.write_text(out);
                out.push(b',');
                r.write_text(out);
                out.push(b')');
            }
        }
    }
}

impl EventTree {
    /// The paper's notation, appended to `out`.
    pub fn write_text(&self, out: &mut Vec<u8>) {
        let mut digits = itoa::Buffer::new();
        match self {
            EventTree::Leaf(n) => out.extend_from_slice(digits.format(*n).as_bytes()),
            EventTree::Node(n, l, r) => {
                out.push(b'(');
                out.extend_from_slice(digits.format(*n).as_bytes());
                out.push(b',');
                l.write_text(out);
                out.push(b',');
                r.write_text(out);
                out.push(b')');
            }
        }
    }
}

impl Stamp {
    /// The paper's notation, `(id,event)`, appended to `out`.
    pub fn write_text(&self, out: &mut Vec<u8>) {
        out.push(b'(');
        self.id.write_text(out);
        out.push(b',');
        self.event.write_text(out);
        out.push(b')');
    }
}

/// Shows text that `write_text` made (digits and punctuation only).
fn show(f: &mut fmt::Formatter<'_>, write: impl FnOnce(&mut Vec<u8>)) -> fmt::Result {
    let mut text = Vec::new();
    write(&mut text);
    f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        show(f, |out| self.write_text(out))
    }
}

impl fmt::Display for EventTree {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        show(f, |out| self.write_text(out))
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        show(f, |out| self.write_text(out))
    }
}

/// Parses the paper's notation, e.g. `((1,0),(0,1,0))`, with optional ASCII
/// whitespace around tokens. Only normal forms are accepted, and numbers
/// have no leading zeros, so a stamp has exactly one text (up to spaces).
impl FromStr for Stamp {
    type Err = ItcError;

    fn from_str(text: &str) -> Result<Stamp, ItcError> {
        let mut p = Parser { text: text.as_bytes(), pos: 0 };
        p.expect(b'(', "'(' to open a stamp")?;
        let id = p.id()?;
        p.expect(b',', "',' after the id")?;
        let event = p.event_checked()?;
        p.expect(b')', "')' to close the stamp")?;
        p.finish()?;
        Ok(Stamp::new(id, event))
    }
}

/// Parses an id such as `(1,(0,1))`; normal forms only.
impl FromStr for Id {
    type Err = ItcError;

    fn from_str(text: &str) -> Result<Id, ItcError> {
        let mut p = Parser { text: text.as_bytes(), pos: 0 };
        let id = p.id()?;
        p.finish()?;
        Ok(id)
    }
}

/// Parses an event tree such as `(1,0,(0,2,0))`; normal forms only.
impl FromStr for EventTree {
    type Err = ItcError;

    fn from_str(text: &str) -> Result<EventTree, ItcError> {
        let mut p = Parser { text: text.as_bytes(), pos: 0 };
        let event = p.event_checked()?;
        p.finish()?;
        Ok(event)
    }
}

/// A parser over bytes. It keeps the nodes it is inside on a heap stack
/// rather than recursing (recursive descent needed over 2 MB of stack for
/// [`MAX_DEPTH`] levels in a debug build), and bounds that stack by
/// [`MAX_DEPTH`].
struct Parser<'a> {
    text: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, at: usize, kind: ItcErrorKind) -> ItcError {
        ItcError { at: Position::Byte(at), kind }
    }

    /// The next byte after any whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        while self.text.get(self.pos).is_some_and(u8::is_ascii_whitespace) {
            self.pos += 1;
        }
        self.text.get(self.pos).copied()
    }

    fn expect(&mut self, byte: u8, what: &'static str) -> Result<(), ItcError> {
        if self.peek() != Some(byte) {
            return Err(self.error(self.pos, ItcErrorKind::Expected(what)));
        }
        self.pos += 1;
        Ok(())
    }

    fn finish(&mut self) -> Result<(), ItcError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error(self.pos, ItcErrorKind::Expected("the end of the input"))),
        }
    }

    /// Consumes the '(' of a node with `depth` nodes already open.
    fn open(&mut self, depth: usize) -> Result<(), ItcError> {
        if depth >= MAX_DEPTH {
            return Err(self.error(self.pos, ItcErrorKind::TooDeep));
        }
        self.pos += 1;
        Ok(())
    }

    /// An id. `open` holds each unfinished node's start and, once read, its
    /// left half.
    fn id(&mut self) -> Result<Id, ItcError> {
        let mut open: Vec<(usize, Option<Id>)> = Vec::new();
        loop {
            let next = self.peek();
            let start = self.pos;
            let mut done = match next {
                Some(b'0') => Id::Zero,
                Some(b'1') => Id::One,
                Some(b'(') => {
                    self.open(open.len())?;
                    open.push((start, None));
                    continue;
                }
                _ => return Err(self.error(start, ItcErrorKind::Expected("an id: '0', '1' or '('"))),
            };
            self.pos += 1;
            // Close every node that `done` completes.
            loop {
                match open.pop() {
                    None => return Ok(done),
                    Some((start, None)) => {
                        self.expect(b',', "',' between the halves of an id")?;
                        open.push((start, Some(done)));
                        break;
                    }
                    Some((start, Some(left))) => {
                        self.expect(b')', "')' to close an id")?;
                        if !id_node_is_normal(&left, &done) {
                            let why = "an id (0,0) must be written 0, and (1,1) must be written 1";
                            return Err(self.error(start, ItcErrorKind::NotNormal(why)));
                        }
                        done = Id::node(left, done);
                    }
                }
            }
        }
    }

    /// An event tree whose maximum fits in `u32`.
    fn event_checked(&mut self) -> Result<EventTree, ItcError> {
        self.peek();
        let start = self.pos;
        let event = self.event()?;
        if event.max_wide() > u64::from(u32::MAX) {
            return Err(self.error(start, ItcErrorKind::Overflow));
        }
        Ok(event)
    }

    /// An event tree. `open` holds each unfinished node's start, value and,
    /// once read, its left half.
    fn event(&mut self) -> Result<EventTree, ItcError> {
        let mut open: Vec<(usize, u32, Option<EventTree>)> = Vec::new();
        loop {
            let next = self.peek();
            let start = self.pos;
            let mut done = match next {
                Some(b'(') => {
                    self.open(open.len())?;
                    open.push((start, self.node_value()?, None));
                    continue;
                }
                Some(c) if c.is_ascii_digit() => EventTree::Leaf(self.number()?),
                _ => return Err(self.error(start, ItcErrorKind::Expected("an event tree: a number or '('"))),
            };
            loop {
                match open.pop() {
                    None => return Ok(done),
                    Some((start, n, None)) => {
                        self.expect(b',', "',' between the halves of an event tree")?;
                        open.push((start, n, Some(done)));
                        break;
                    }
                    Some((start, n, Some(left))) => {
                        self.expect(b')', "')' to close an event tree")?;
                        if !event_node_is_normal(&left, &done) {
                            let why = "an event node may not have two equal leaves, and one half must have root value 0";
                            return Err(self.error(start, ItcErrorKind::NotNormal(why)));
                        }
                        done = EventTree::node(n, left, done);
                    }
                }
            }
        }
    }

    /// An event node's value and the comma after it.
    fn node_value(&mut self) -> Result<u32, ItcError> {
        if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
            return Err(self.error(self.pos, ItcErrorKind::Expected("a number")));
        }
        let n = self.number()?;
        self.expect(b',', "',' after an event node's value")?;
        Ok(n)
    }

    /// A decimal `u32`; the caller has seen a digit at `pos`.
    fn number(&mut self) -> Result<u32, ItcError> {
        let start = self.pos;
        let digits = self.text[start..].iter().take_while(|c| c.is_ascii_digit()).count();
        self.pos += digits;
        if digits > 1 && self.text[start] == b'0' {
            return Err(self.error(start, ItcErrorKind::LeadingZero));
        }
        let overflow = || self.error(start, ItcErrorKind::Overflow);
        self.text[start..self.pos].iter().try_fold(0u32, |acc, &c| {
            acc.checked_mul(10).and_then(|v| v.checked_add(u32::from(c - b'0'))).ok_or_else(overflow)
        })
    }
}

// ---------------------------------------------------------------------------
// Binary form

/// Bits gathered in a 64-bit word and moved to the bytes a word at a time;
/// call `finish` to flush the last bits (zero-padded).
#[derive(Default)]
struct BitWriter {
    bytes: Vec<u8>,
    /// Bits written so far.
    len: usize,
    /// Pending bits, right-aligned.
    acc: u64,
    /// How many bits `acc` holds (under 8 between calls).
    pending: u32,
}

impl BitWriter {
    /// Appends to `bytes`, whose existing contents are left as they are.
    fn after(bytes: Vec<u8>) -> Self {
        BitWriter { bytes, ..Self::default() }
    }

    /// The low `width` bits of `value` (width up to 56), most significant
    /// first.
    fn push_bits(&mut self, value: u64, width: u32) {
        debug_assert!(width <= 56 && self.pending < 8);
        self.acc = (self.acc << width) | (value & ((1u64 << width) - 1));
        self.pending += width;
        self.len += width as usize;
        while self.pending >= 8 {
            self.pending -= 8;
            self.bytes.push((self.acc >> self.pending) as u8);
        }
    }

    fn finish(mut self) -> (Vec<u8>, usize) {
        if self.pending > 0 {
            self.bytes.push((self.acc << (8 - self.pending)) as u8);
        }
        (self.bytes, self.len)
    }
}

fn write_id(id: &Id, w: &mut BitWriter) {
    match id {
        Id::Zero => w.push_bits(0b000, 3),
        Id::One => w.push_bits(0b001, 3),
        Id::Node(l, r) => match (l.as_ref(), r.as_ref()) {
            (Id::Zero, i) => {
                w.push_bits(0b01, 2);
                write_id(i, w);
            }
            (i, Id::Zero) => {
                w.push_bits(0b10, 2);
                write_id(i, w);
            }
            (l, r) => {
                w.push_bits(0b11, 2);
                write_id(l, w);
                write_id(r, w);
            }
        },
    }
}

/// The cases in itc.erl's order: a zero base gets a 3-bit prefix and
/// zero halves are left out; a nonzero base is written as a leaf.
fn write_event(e: &EventTree, w: &mut BitWriter) {
    let EventTree::Node(n, l, r) = e else {
        return write_leaf(e.base(), w);
    };
    let (l, r): (&EventTree, &EventTree) = (l, r);
    let (l_zero, r_zero) = (*l == ZERO_LEAF, *r == ZERO_LEAF);
    let (prefix, width, halves): (u64, u32, &[&EventTree]) = match (*n, l_zero, r_zero) {
        (0, true, _) => (0b000, 3, &[r]),
        (0, _, true) => (0b001, 3, &[l]),
        (0, _, _) => (0b010, 3, &[l, r]),
        (_, true, _) => (0b01100, 5, &[r]),
        (_, _, true) => (0b01101, 5, &[l]),
        (_, _, _) => (0b0111, 4, &[l, r]),
    };
    w.push_bits(prefix, width);
    if *n != 0 {
        write_leaf(*n, w);
    }
    for half in halves {
        write_event(half, w);
    }
}

/// A leaf n: the bit 1, then n in B bits (B = 2, 3, ...) after a unary
/// count: while n >= 2^B, write 1, take 2^B off n and widen B; then 0.
fn write_leaf(n: u32, w: &mut BitWriter) {
    let (mut rest, mut width) = (u64::from(n), 2);
    while rest >= 1 << width {
        rest -= 1 << width;
        width += 1;
    }
    // The leaf bit and width - 2 more ones, then a zero: width - 1 ones.
    w.push_bits(((1 << (width - 1)) - 1) << 1, width);
    w.push_bits(rest, width);
}

/// A leaf's code ends with B bits after B-1 prefix bits and the leaf bit.
fn leaf_bit_len(n: u32) -> usize {
    let (mut rest, mut width) = (u64::from(n), 2);
    while rest >= 1 << width {
        rest -= 1 << width;
        width += 1;
    }
    2 * width
}

/// Which halves of a node its binary code spells out; the others are 0.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Coded {
    Left,
    Right,
    Both,
}

/// A node the decoder is inside: where its code starts, its value (event
/// trees only), and its halves, `None` while still to be read.
struct Open<T> {
    start: usize,
    n: u32,
    coded: Coded,
    left: Option<T>,
    right: Option<T>,
}

impl<T> Open<T> {
    fn new(start: usize, n: u32, coded: Coded, zero: impl Fn() -> T) -> Self {
        let left = (coded == Coded::Right).then(&zero);
        let right = (coded == Coded::Left).then(&zero);
        Open { start, n, coded, left, right }
    }
}

/// Hands the finished subtree `done` to the innermost open node, closing
/// (with `close`) every node that completes. Returns the whole tree once
/// nothing is left open, or `None` while a node still waits for a half.
fn settle<T>(
    open: &mut Vec<Open<T>>,
    mut done: T,
    close: impl Fn(Open<T>, T, T) -> Result<T, ItcError>,
) -> Result<Option<T>, ItcError> {
    while let Some(mut node) = open.pop() {
        match node.left {
            None => node.left = Some(done),
            Some(_) => node.right = Some(done),
        }
        match (node.left.take(), node.right.take()) {
            (Some(l), Some(r)) => done = close(node, l, r)?,
            (l, r) => {
                (node.left, node.right) = (l, r);
                open.push(node);
                return Ok(None);
            }
        }
    }
    Ok(Some(done))
}

fn bit_error(at: usize, kind: ItcErrorKind) -> ItcError {
    ItcError { at: Position::Bit(at), kind }
}

fn close_id(node: Open<Id>, l: Id, r: Id) -> Result<Id, ItcError> {
    if node.coded == Coded::Both && (l.is_zero() || r.is_zero()) {
        let why = "an id node with a 0 half has a shorter code";
        return Err(bit_error(node.start, ItcErrorKind::NotNormal(why)));
    }
    if !id_node_is_normal(&l, &r) {
        return Err(bit_error(node.start, ItcErrorKind::NotNormal("an id node (0,0) or (1,1)")));
    }
    Ok(Id::node(l, r))
}

fn close_event(node: Open<EventTree>, l: EventTree, r: EventTree) -> Result<EventTree, ItcError> {
    if node.coded == Coded::Both && (l == ZERO_LEAF || r == ZERO_LEAF) {
        let why = "an event node with a 0 half has a shorter code";
        return Err(bit_error(node.start, ItcErrorKind::NotNormal(why)));
    }
    if !event_node_is_normal(&l, &r) {
        let why = "an event node with two equal leaves or no half with root value 0";
        return Err(bit_error(node.start, ItcErrorKind::NotNormal(why)));
    }
    Ok(EventTree::node(node.n, l, r))
}

/// A bounds-checked reader; every read past `len` is a [`ItcErrorKind::Truncated`].
/// Like the text parser, it keeps open nodes on a heap stack, not the call
/// stack.
struct BitReader<'a> {
    bytes: &'a [u8],
    len: usize,
    pos: usize,
    /// The most nodes open at once.
    depth: usize,
}

impl BitReader<'_> {
    fn bit(&mut self) -> Result<bool, ItcError> {
        let byte = match self.bytes.get(self.pos / 8) {
            Some(byte) if self.pos < self.len => *byte,
            _ => return Err(bit_error(self.pos, ItcErrorKind::Truncated)),
        };
        let bit = byte & (0x80 >> (self.pos % 8)) != 0;
        self.pos += 1;
        Ok(bit)
    }

    fn bits(&mut self, width: u32) -> Result<u64, ItcError> {
        if self.pos + width as usize > self.len {
            // Reading bit by bit names the exact bit where the input ends.
            return (0..width).try_fold(0, |acc, _| Ok((acc << 1) | u64::from(self.bit()?)));
        }
        let (mut acc, mut left) = (0u64, width);
        while left > 0 {
            let free = 8 - (self.pos % 8) as u32;
            let take = free.min(left);
            let byte = u64::from(self.bytes[self.pos / 8]);
            acc = (acc << take) | ((byte >> (free - take)) & ((1 << take) - 1));
            self.pos += take as usize;
            left -= take;
        }
        Ok(acc)
    }

    fn id(&mut self) -> Result<Id, ItcError> {
        let mut open = Vec::new();
        loop {
            let start = self.pos;
            let leaf = match self.bits(2)? {
                0 => match self.bit()? {
                    true => Id::One,
                    false => Id::Zero,
                },
                tag => {
                    let coded = [Coded::Right, Coded::Left, Coded::Both][tag as usize - 1];
                    push_open(&mut open, Open::new(start, 0, coded, || Id::Zero), self.depth)?;
                    continue;
                }
            };
            if let Some(id) = settle(&mut open, leaf, close_id)? {
                return Ok(id);
            }
        }
    }

    fn event(&mut self) -> Result<EventTree, ItcError> {
        let mut open = Vec::new();
        loop {
            let start = self.pos;
            if !self.bit()? {
                let (n, coded) = match self.bits(2)? {
                    0 => (0, Coded::Right),
                    1 => (0, Coded::Left),
                    2 => (0, Coded::Both),
                    // 0 11 1: both halves; 0 11 0 1: left only; 0 11 0 0: right only.
                    _ => {
                        let coded = if self.bit()? {
                            Coded::Both
                        } else if self.bit()? {
                            Coded::Left
                        } else {
                            Coded::Right
                        };
                        (self.node_value()?, coded)
                    }
                };
                push_open(&mut open, Open::new(start, n, coded, || EventTree::Leaf(0)), self.depth)?;
                continue;
            }
            let leaf = EventTree::Leaf(self.leaf_value()?);
            if let Some(event) = settle(&mut open, leaf, close_event)? {
                return Ok(event);
            }
        }
    }

    /// A nonzero node value, written as a leaf.
    fn node_value(&mut self) -> Result<u32, ItcError> {
        let start = self.pos;
        if !self.bit()? {
            return Err(bit_error(start, ItcErrorKind::Expected("a leaf (bit 1) holding the node's value")));
        }
        match self.leaf_value()? {
            0 => Err(bit_error(
                start,
                ItcErrorKind::NotNormal("an event node with value 0 has a shorter code"),
            )),
            n => Ok(n),
        }
    }

    /// The number after a leaf's 1 bit. Widths past 32 cannot fit a `u32`
    /// (the offsets alone add up to 2^33 - 4), which also bounds the loop.
    fn leaf_value(&mut self) -> Result<u32, ItcError> {
        let start = self.pos;
        let (mut offset, mut width) = (0u64, 2u32);
        while self.bit()? {
            offset += 1 << width;
            width += 1;
            if width > 32 {
                return Err(bit_error(start, ItcErrorKind::Overflow));
            }
        }
        let value = offset + self.bits(width)?;
        u32::try_from(value).map_err(|_| bit_error(start, ItcErrorKind::Overflow))
    }
}

/// Opens one more node, unless `depth` are open already.
fn push_open<T>(open: &mut Vec<Open<T>>, node: Open<T>, depth: usize) -> Result<(), ItcError> {
    if open.len() >= depth {
        return Err(bit_error(node.start, ItcErrorKind::TooDeep));
    }
    open.push(node);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn st(text: &str) -> Stamp {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn err(text: &str) -> ItcError {
        text.parse::<Stamp>().expect_err(text)
    }

    fn event_of(stamp: &str) -> String {
        st(stamp).event().to_string()
    }

    #[test]
    fn published_example() {
        let (a, b) = Stamp::seed().fork();
        assert_eq!([a.to_string(), b.to_string()], ["((1,0),0)", "((0,1),0)"]);
        let (a, b) = (a.event(), b.event());
        assert_eq!([a.to_string(), b.to_string()], ["((1,0),(0,1,0))", "((0,1),(0,0,1))"]);
        assert!(a.concurrent(&b));
        assert_eq!(a.join(&b).to_string(), "(1,1)");
    }

    /// The run in the reference repository's README (states a to h), worked
    /// by hand from the definitions.
    #[test]
    fn readme_demo_run() {
        let seed = Stamp::seed();
        let (a, b) = seed.fork();
        let (a, b) = (a.event(), b.event());
        let (a, c) = a.fork();
        assert_eq!(a.to_string(), "(((1,0),0),(0,1,0))");
        assert_eq!(c.to_string(), "(((0,1),0),(0,1,0))");
        // fill((0,1),(0,0,1)) changes nothing, so grow bumps the right leaf.
        let b = b.event();
        assert_eq!(b.to_string(), "((0,1),(0,0,2))");
        // The owned quarter lies under the leaf 1: split it (cost 1000+).
        let a = a.event();
        assert_eq!(a.to_string(), "(((1,0),0),(0,(1,1,0),0))");
        let b = b.join(&c);
        assert_eq!(b.to_string(), "(((0,1),1),(1,0,1))");
        let (b, c) = b.fork();
        assert_eq!([b.to_string(), c.to_string()], ["(((0,1),0),(1,0,1))", "((0,1),(1,0,1))"]);
        let a = a.join(&b);
        assert_eq!(a.to_string(), "((1,0),(1,(0,1,0),1))");
        // Owning the whole left half, fill lifts it to its maximum 1, and
        // then the tree collapses.
        let a = a.event();
        assert_eq!(a.to_string(), "((1,0),2)");
        assert!(c.leq(&a) && !a.leq(&c));
    }

    #[test]
    fn fill_and_grow_cases() {
        // Fill: the owned left half rises to the right's level; no grow.
        assert_eq!(event_of("((1,0),(0,0,1))"), "((1,0),1)");
        // Fill can't help when the owned half is already the maximum.
        assert_eq!(event_of("((1,0),(0,1,0))"), "((1,0),(0,2,0))");
        // The seed just increments.
        assert_eq!(event_of("(1,0)"), "(1,1)");
        assert_eq!(event_of("(1,(0,3,(0,1,0)))"), "(1,3)");
        // Grow prefers bumping an existing leaf (cost 1) over splitting a
        // leaf into a node (cost 1001).
        assert_eq!(event_of("(((1,0),(0,1)),(0,(0,1,0),0))"), "(((1,0),(0,1)),(0,(0,2,0),0))");
        // Fill deep inside the id raises the owned eighth to 1, and the
        // whole tree collapses to a leaf.
        assert_eq!(event_of("(((0,1),0),(0,(0,1,0),1))"), "(((0,1),0),1)");
        // Same id, but the owned eighth is already the highest: grow.
        assert_eq!(event_of("(((0,1),0),(0,(0,0,2),1))"), "(((0,1),0),(0,(0,0,3),1))");
    }

    #[test]
    fn grow_tie_break_goes_right() {
        // Both quarters need a split (cost 1001 each): the right one wins.
        assert_eq!(event_of("(((1,0),(0,1)),0)"), "(((1,0),(0,1)),(0,0,(0,0,1)))");
        assert_eq!(event_of("(((0,1),(1,0)),0)"), "(((0,1),(1,0)),(0,0,(0,1,0)))");
        // Both quarters can bump an existing leaf (cost 2 each): right again.
        assert_eq!(event_of("(((1,0),(1,0)),(0,(0,1,0),(0,1,0)))"), "(((1,0),(1,0)),(0,(0,1,0),(0,2,0)))");
    }

    #[test]
    fn event_on_anonymous_and_overflow() {
        let peeked = st("(1,(0,1,0))").peek();
        assert_eq!(peeked.to_string(), "(0,(0,1,0))");
        assert_eq!(peeked.event(), peeked);
        assert_eq!(peeked.checked_event(), None);
        assert_eq!(st("(1,4294967295)").checked_event(), None);
        // Fill still works at the limit: it invents no new maximum.
        assert_eq!(st("((1,0),(0,0,4294967295))").checked_event().unwrap().to_string(), "((1,0),4294967295)");
    }

    #[test]
    fn join_sum_and_leq() {
        assert_eq!(st("((1,0),(1,2,0))").join(&st("((0,1),(0,0,(0,3,0)))")).to_string(), "(1,(1,2,(0,2,0)))");
        assert_eq!(st("((0,(1,0)),3)").join(&st("((0,(0,1)),(0,4,0))")).to_string(), "((0,1),(3,1,0))");
        // Joining with a peek keeps the id.
        let a = st("((1,0),(0,2,0))");
        let b = st("((0,1),(0,0,5))");
        assert_eq!(a.join(&b.peek()).to_string(), "((1,0),(2,0,3))");
        assert!(st("(0,(1,0,2))").leq(&st("(0,(2,0,1))")));
        assert!(!st("(0,(1,0,2))").leq(&st("(0,2)")));
        assert!(st("(0,(1,0,2))").leq(&st("(0,3)")));
        assert!(st("(0,1)").leq(&st("(0,(1,0,2))")));
        assert!(!st("(0,2)").leq(&st("(0,(1,0,2))")));
        assert_eq!(Id::One.sum(&Id::One), Id::One, "overlapping ids give their union");
    }

    #[test]
    fn normal_forms() {
        assert!(!Id::node(Id::Zero, Id::Zero).is_normal());
        assert!(!Id::node(Id::One, Id::node(Id::One, Id::One)).is_normal());
        assert_eq!(Id::node(Id::One, Id::node(Id::One, Id::One)).normalized(), Id::One);
        let e = EventTree::node(
            2,
            EventTree::node(1, EventTree::Leaf(3), EventTree::Leaf(3)),
            EventTree::Leaf(5),
        );
        assert!(!e.is_normal());
        assert_eq!(e.normalized().to_string(), "(6,0,1)");
        assert!(!EventTree::node(0, EventTree::Leaf(1), EventTree::Leaf(2)).is_normal());
        assert!(EventTree::node(1, EventTree::Leaf(0), EventTree::Leaf(2)).is_normal());
        assert_eq!((e.min(), e.max()), (6, 7));
    }

    #[test]
    fn intervals_and_steps() {
        assert_eq!(Id::One.intervals(), vec![(0.0, 1.0)]);
        assert_eq!(Id::Zero.intervals(), vec![]);
        let id: Id = "((0,1),(1,(0,1)))".parse().unwrap();
        assert_eq!(id.intervals(), vec![(0.25, 0.75), (0.875, 1.0)]);
        let e: EventTree = "(1,(0,2,0),(0,2,(0,0,1)))".parse().unwrap();
        assert_eq!(
            e.steps(),
            vec![(0.0, 0.25, 3), (0.25, 0.5, 1), (0.5, 0.75, 3), (0.75, 0.875, 1), (0.875, 1.0, 2)]
        );
        let e: EventTree = "(0,1,(0,1,0))".parse().unwrap();
        assert_eq!(e.steps(), vec![(0.0, 0.75, 1), (0.75, 1.0, 0)]);
        assert_eq!(EventTree::Leaf(4).steps(), vec![(0.0, 1.0, 4)]);
    }

    #[test]
    fn known_binary_codes() {
        // Id 1 = 001, event 0 = 1 0 00.
        assert_eq!(Stamp::seed().encode(), (vec![0b0011_0000], 7));
        // Id (1,0) = 10 001, event 0 = 1000.
        assert_eq!(st("((1,0),0)").encode(), (vec![0b1000_1100, 0], 9));
        // Event (0,1,0) = 001 then the leaf 1 = 1001.
        assert_eq!(st("((1,0),(0,1,0))").encode(), (vec![0b1000_1001, 0b1001_0000], 12));
        // Id (0,1) = 01 001, event (0,0,1) = 000 1001.
        assert_eq!(st("((0,1),(0,0,1))").encode(), (vec![0b0100_1000, 0b1001_0000], 12));
        // Id 0 = 000; (1,0,2) = 0 11 0 0, leaf 1 = 1001, leaf 2 = 1010.
        assert_eq!(st("(0,(1,0,2))").encode(), (vec![0b0000_1100, 0b1001_1010], 16));
        // Leaf 4: 1, then 4 >= 2^2 so 1 and 0 in 3 bits: 1 1 0 000.
        assert_eq!(st("(1,4)").encode(), (vec![0b0011_1000, 0], 9));
        // Leaves take 4 bits up to 3, 6 up to 11, 8 up to 27, 10 from 28,
        // and 64 for u32::MAX (width 32).
        for (n, bits) in [(3, 4), (4, 6), (11, 6), (12, 8), (27, 8), (28, 10), (u32::MAX, 64)] {
            assert_eq!(leaf_bit_len(n), bits, "leaf {n}");
            assert_eq!(Stamp::new(Id::One, EventTree::Leaf(n)).encode().1, 3 + bits);
        }
        // (((1,0),(0,1)),(0,0,(0,0,1))): id 11 10 001 01 001, event 000 000 1001.
        assert_eq!(st("(((1,0),(0,1)),(0,0,(0,0,1)))").bit_len(), 22);
        // Id 0, then (1,(0,1,0),(0,0,1)) = 0111, leaf 1 = 1001, (0,1,0) =
        // 001 1001, (0,0,1) = 000 1001: 3 + 22 bits.
        assert_eq!(st("(0,(1,(0,1,0),(0,0,1)))").encode().1, 3 + 22);
    }

    #[test]
    fn binary_round_trip_and_bit_len() {
        for text in [
            "(1,0)",
            "(0,0)",
            "((1,0),(1,(0,1,0),1))",
            "(((0,1),1),(1,0,1))",
            "(1,(5,(0,12,0),(3,0,4294967000)))",
        ] {
            let stamp = st(text);
            let (bytes, bits) = stamp.encode();
            assert_eq!(bits, stamp.bit_len(), "{text}");
            assert_eq!(bytes.len(), bits.div_ceil(8));
            assert_eq!(Stamp::decode(&bytes, bits), Ok(stamp), "{text}");
        }
    }

    fn decode_err(bytes: &[u8], bits: usize) -> ItcError {
        Stamp::decode(bytes, bits).expect_err("should fail")
    }

    #[test]
    fn decode_errors() {
        let bit = |n, kind| ItcError { at: Position::Bit(n), kind };
        assert_eq!(decode_err(&[0b0011_0000], 6), bit(6, ItcErrorKind::Truncated));
        assert_eq!(decode_err(&[0b0011_0000], 8), bit(7, ItcErrorKind::Expected("the end of the stamp")));
        assert_eq!(decode_err(&[0b0011_0000, 0], 7), bit(0, ItcErrorKind::BadLength));
        assert_eq!(decode_err(&[0b0011_0001], 7), bit(7, ItcErrorKind::Expected("zero padding bits")));
        assert_eq!(decode_err(&[], 0), bit(0, ItcErrorKind::Truncated));
        // Id 01 000 is (0,0).
        assert!(matches!(decode_err(&[0b0100_0100, 0], 9).kind, ItcErrorKind::NotNormal(_)));
        // Id 11 001 000 is (1,0) spelled the long way.
        assert!(matches!(decode_err(&[0b1100_1000, 0b1000_0000], 12).kind, ItcErrorKind::NotNormal(_)));
        // Event 000 1000 is (0,0,0).
        assert_eq!(decode_err(&[0b0010_0010, 0], 10).at, Position::Bit(3));
        // Id 1, event 0111, then a 0 (a node) where the value's leaf should be.
        assert_eq!(decode_err(&[0b0010_1110], 7), bit(7, ItcErrorKind::Truncated));
        assert_eq!(
            decode_err(&[0b0010_1110, 0], 16),
            bit(7, ItcErrorKind::Expected("a leaf (bit 1) holding the node's value"))
        );
        // Id 1, event 01100 with the value 0 (1000): should have been 000.
        assert!(matches!(decode_err(&[0b0010_1100, 0b1000_1000, 0], 17).kind, ItcErrorKind::NotNormal(_)));
        // A leaf with 31 widening bits cannot fit in u32.
        assert_eq!(decode_err(&[0b0011_1111, 0xff, 0xff, 0xff, 0xff], 40), bit(4, ItcErrorKind::Overflow));
        // A maximum of 2^32 (here u32::MAX + 1) does not fit either.
        let big = EventTree::node(u32::MAX, EventTree::Leaf(0), EventTree::Leaf(1));
        let (bytes, bits) = Stamp::new(Id::One, big).encode();
        assert_eq!(decode_err(&bytes, bits), bit(3, ItcErrorKind::Overflow));
        // 11 11 11 ... nests ids without end.
        assert_eq!(decode_err(&[0xff; 1000], 8000), bit(2 * MAX_DEPTH, ItcErrorKind::TooDeep));
        // Id 1, then event nodes 0 00 0 00 ... (3 bits each) without end.
        let mut bytes = vec![0; 400];
        bytes[0] = 0b0010_0000;
        assert_eq!(decode_err(&bytes, 3200), bit(3 + 3 * MAX_DEPTH, ItcErrorKind::TooDeep));
    }

    #[test]
    fn truncated_prefixes_fail() {
        for text in ["(1,0)", "((1,0),(1,(0,1,0),1))", "(((0,1),1),(1,0,(3,0,77)))"] {
            let (bytes, bits) = st(text).encode();
            for k in 0..bits {
                let mut prefix = bytes[..k.div_ceil(8)].to_vec();
                if k % 8 != 0 {
                    if let Some(last) = prefix.last_mut() {
                        *last &= !(0xff >> (k % 8));
                    }
                }
                assert!(Stamp::decode(&prefix, k).is_err(), "{text} cut to {k} bits");
            }
        }
    }

    #[test]
    fn text_round_trip_and_whitespace() {
        for text in ["(1,0)", "(0,7)", "((1,0),(0,1,0))", "(((0,1),1),(1,0,(3,0,77)))", "(1,4294967295)"] {
            assert_eq!(st(text).to_string(), text);
        }
        assert_eq!(st(" ( (1 ,\t0) ,\n(0, 1 ,0) ) ").to_string(), "((1,0),(0,1,0))");
        assert_eq!("( 1 , ( 0 , 1 ) )".parse::<Id>().unwrap().to_string(), "(1,(0,1))");
        assert_eq!(" (2, 0,1) ".parse::<EventTree>().unwrap().to_string(), "(2,0,1)");
    }

    #[test]
    fn parse_errors_name_the_offset() {
        let byte = |n, kind| ItcError { at: Position::Byte(n), kind };
        assert_eq!(err(""), byte(0, ItcErrorKind::Expected("'(' to open a stamp")));
        assert_eq!(err("(1,0"), byte(4, ItcErrorKind::Expected("')' to close the stamp")));
        assert_eq!(err("(2,0)"), byte(1, ItcErrorKind::Expected("an id: '0', '1' or '('")));
        assert_eq!(err("(10,0)"), byte(2, ItcErrorKind::Expected("',' after the id")));
        assert_eq!(err("(1,x)"), byte(3, ItcErrorKind::Expected("an event tree: a number or '('")));
        assert_eq!(err("(1,(x,0,1))"), byte(4, ItcErrorKind::Expected("a number")));
        assert_eq!(err("(1,0)é"), byte(5, ItcErrorKind::Expected("the end of the input")));
        assert_eq!(err("(1,01)"), byte(3, ItcErrorKind::LeadingZero));
        assert_eq!(err("(1,4294967296)"), byte(3, ItcErrorKind::Overflow));
        assert_eq!(err("(1, (4294967295,0,1))"), byte(4, ItcErrorKind::Overflow));
        assert!(matches!(err("( (0,0),0)").kind, ItcErrorKind::NotNormal(_)));
        assert_eq!(err("( (0,0),0)").at, Position::Byte(2));
        assert_eq!(err("(1,(0,1,1))").at, Position::Byte(3));
        assert_eq!(err("(1,(0,1,2))").at, Position::Byte(3));
        assert_eq!(err("(1,(0,(1,1,1),0))").at, Position::Byte(6));
        let message = err("(1,(0,1,1))").to_string();
        assert!(message.starts_with("not in normal form") && message.ends_with("at byte 3"), "{message}");
        assert_eq!(err("(1,").to_string(), "expected an event tree: a number or '(' at byte 3");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = "(".repeat(100_000);
        assert_eq!(err(&deep), ItcError { at: Position::Byte(1 + MAX_DEPTH), kind: ItcErrorKind::TooDeep });
        let deep_event = format!("(1,{}", "(0,".repeat(100_000));
        assert_eq!(err(&deep_event).kind, ItcErrorKind::TooDeep);
        assert_eq!(deep.parse::<Id>().unwrap_err().kind, ItcErrorKind::TooDeep);
        // Exactly MAX_DEPTH nodes is fine, in text and in binary.
        let mut id = Id::One;
        for _ in 0..MAX_DEPTH {
            id = Id::node(Id::Zero, id);
        }
        let stamp = Stamp::new(id.clone(), EventTree::Leaf(0));
        assert_eq!(st(&stamp.to_string()), stamp);
        let (bytes, bits) = stamp.encode();
        assert_eq!(Stamp::decode(&bytes, bits), Ok(stamp));
        let deeper = Stamp::new(Id::node(Id::Zero, id), EventTree::Leaf(0));
        assert_eq!(err(&deeper.to_string()).kind, ItcErrorKind::TooDeep);
        let (bytes, bits) = deeper.encode();
        assert_eq!(Stamp::decode(&bytes, bits).unwrap_err().kind, ItcErrorKind::TooDeep);
    }

    /// xorshift64: tiny and deterministic.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        fn two(&mut self, n: usize) -> (usize, usize) {
            let i = self.below(n);
            let j = (i + 1 + self.below(n - 1)) % n;
            (i, j)
        }
    }

    #[test]
    fn garbage_never_panics_and_accepted_codes_are_canonical() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut accepted = 0;
        for _ in 0..20_000 {
            let bits = rng.below(40);
            let mut bytes: Vec<u8> = (0..bits.div_ceil(8)).map(|_| rng.below(256) as u8).collect();
            if bits % 8 != 0 {
                if let Some(last) = bytes.last_mut() {
                    *last &= !(0xff >> (bits % 8));
                }
            }
            if let Ok(stamp) = Stamp::decode(&bytes, bits) {
                accepted += 1;
                assert!(stamp.is_normal());
                assert_eq!(stamp.encode(), (bytes, bits));
            }
        }
        assert!(accepted > 10, "some random codes are valid ({accepted})");
        for _ in 0..5_000 {
            let text: String = (0..rng.below(30)).map(|_| b"(),01 23x"[rng.below(9)] as char).collect();
            if let Ok(stamp) = text.parse::<Stamp>() {
                assert!(stamp.is_normal());
            }
        }
    }

    /// Live stamps, each with the set of events in its causal past.
    type Pool = Vec<(Stamp, BTreeSet<u32>)>;

    fn check_pool(pool: &Pool) {
        let mut parts: Vec<(f64, f64)> = pool.iter().flat_map(|(s, _)| s.id.intervals()).collect();
        parts.sort_by(|a, b| a.0.total_cmp(&b.0));
        let end = parts.iter().fold(0.0, |at, &(lo, hi)| {
            assert_eq!(lo, at, "ids overlap or leave a gap: {parts:?}");
            hi
        });
        assert_eq!(end, 1.0);
        for (s, past) in pool {
            assert!(s.is_normal(), "{s}");
            assert_eq!(st(&s.to_string()), *s);
            let (bytes, bits) = s.encode();
            assert_eq!(bits, s.bit_len());
            assert_eq!(Stamp::decode(&bytes, bits).as_ref(), Ok(s));
            for (t, other) in pool {
                assert_eq!(s.leq(t), past.is_subset(other), "{s} <= {t}");
            }
        }
    }

    #[test]
    fn random_runs_keep_the_invariants() {
        for seed in 1..=8u64 {
            let mut rng = Rng(seed.wrapping_mul(0x2545_f491_4f6c_dd1d));
            let mut pool: Pool = vec![(Stamp::seed(), BTreeSet::new())];
            let mut next_event = 0;
            for _ in 0..400 {
                let n = pool.len();
                match rng.below(5) {
                    0 if n < 8 => {
                        let i = rng.below(n);
                        let (a, b) = pool[i].0.fork();
                        assert_eq!(a.id.sum(&b.id), pool[i].0.id);
                        let mut mine = pool[i].0.clone();
                        assert_eq!((mine.fork_in_place(), mine), (b.clone(), a.clone()), "fork in place");
                        let past = pool[i].1.clone();
                        pool[i].0 = a;
                        pool.push((b, past));
                    }
                    3 if n > 1 => {
                        let (i, j) = rng.two(n);
                        let joined = pool[i].0.join(&pool[j].0);
                        assert!(pool[i].0.leq(&joined) && pool[j].0.leq(&joined));
                        let mut in_place = pool[i].0.clone();
                        in_place.join_in_place(&pool[j].0);
                        assert_eq!(in_place, joined, "join in place");
                        let past: BTreeSet<u32> = pool[i].1.union(&pool[j].1).copied().collect();
                        let (hi, lo) = (i.max(j), i.min(j));
                        pool.swap_remove(hi);
                        pool.swap_remove(lo);
                        pool.push((joined, past));
                    }
                    4 if n > 1 => {
                        let (i, j) = rng.two(n);
                        let message = pool[i].0.peek();
                        let received = pool[j].0.join(&message);
                        assert_eq!(received.id, pool[j].0.id);
                        let mut in_place = pool[j].0.clone();
                        in_place.join_events_in_place(&message.event);
                        assert_eq!(in_place, received, "receive in place");
                        let past = pool[i].1.clone();
                        pool[j].0 = received;
                        pool[j].1.extend(past);
                    }
                    _ => {
                        let i = rng.below(n);
                        let after = pool[i].0.event();
                        assert!(pool[i].0.leq(&after) && !after.leq(&pool[i].0), "{} -> {after}", pool[i].0);
                        let mut in_place = pool[i].0.clone();
                        in_place.event_in_place();
                        assert_eq!(in_place, after, "event in place");
                        let mut appended = vec![0xAB];
                        let bits = after.encode_append(&mut appended);
                        assert_eq!(
                            (appended[1..].to_vec(), bits),
                            after.encode(),
                            "encode after other bytes"
                        );
                        pool[i].0 = after;
                        pool[i].1.insert(next_event);
                        next_event += 1;
                    }
                }
                check_pool(&pool);
            }
        }
    }
}
