//! Stamps: an id and an event tree, with the operations of the paper
//! (seed, fork, event, peek, join, leq), each as a value-returning function
//! and, for the clocks over a trace, in place; both run the same code.

use super::event::EventTree;
use super::id::Id;
use super::update::{fill_mut, grow_mut, join_into};

/// An interval tree clock stamp.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Stamp {
    /// The part of the interval this stamp may record events in.
    pub id: Id,
    /// The events this stamp knows about.
    pub event: EventTree,
}

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
    /// At `u32::MAX` the counter saturates (see [`Stamp::checked_event`]).
    pub fn event(&self) -> Stamp {
        let mut next = self.clone();
        next.event_in_place();
        next
    }

    /// Like [`Stamp::event`], but `None` for an anonymous stamp or when a
    /// counter would pass `u32::MAX`.
    pub fn checked_event(&self) -> Option<Stamp> {
        if self.is_anonymous() {
            return None;
        }
        let mut next = self.clone();
        if fill_mut(&next.id, &mut next.event) {
            return Some(next);
        }
        // Grow adds one to a single leaf, so the result's maximum is at most
        // one more than the current one.
        if next.event.max() == u32::MAX {
            return None;
        }
        grow_mut(&next.id, &mut next.event);
        Some(next)
    }

    /// Merges two stamps: ids summed, events joined.
    pub fn join(&self, other: &Stamp) -> Stamp {
        let mut joined = self.clone();
        joined.join_in_place(other);
        joined
    }

    /// True when this stamp's events are all known to `other` (ids ignored).
    pub fn leq(&self, other: &Stamp) -> bool {
        self.event.leq(&other.event)
    }

    /// Neither stamp's events include the other's.
    pub fn concurrent(&self, other: &Stamp) -> bool {
        !self.leq(other) && !other.leq(self)
    }

    /// Records a new event in place, without copying the trees: a run of
    /// many events changes only what each event touches.
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
}
