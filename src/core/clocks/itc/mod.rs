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
//! only an event that would push the maximum past `u32::MAX` could. Every
//! operation saturates there instead, the value-returning ones and the
//! in-place ones alike (they are the same code), so nothing panics;
//! [`Stamp::checked_event`] reports the case. Hand-built trees that break
//! the rule give wrong numbers, never a panic.
//!
//! Layout: `id.rs` and `event.rs` hold the two trees, `update.rs` how an
//! event tree changes (in place), `stamp.rs` the operations, `text.rs` and
//! `binary.rs` the two forms, `error.rs` what reading them can report;
//! `paper.rs` keeps the paper's pure definitions as the tests' oracle.
//!
//! Where itc.erl would crash, this module picks an answer: an event on an
//! anonymous stamp (id 0) returns it unchanged, and summing overlapping ids
//! (which ITC never does) gives their union.

/// The deepest tree nesting (nodes on one root-to-leaf path) that the text
/// parser and the binary decoder accept. They read iteratively, but every
/// other operation recurses once per level, so this keeps trees that come
/// from untrusted input shallow enough for the call stack (debug builds
/// spend up to a few hundred bytes per level). Forking one stamp more than
/// this many times in a row without joins would make a stamp that does not
/// read back, so [`crate::core::clocks::ItcClocks`] refuses a trace whose
/// stamps could nest deeper (a chain of 1,000 nested forks), by name and
/// before computing any.
pub const MAX_DEPTH: usize = 1000;

mod binary;
mod error;
mod event;
mod id;
#[cfg(test)]
mod paper;
mod stamp;
#[cfg(test)]
mod tests;
mod text;
mod update;

pub use error::{ItcError, ItcErrorKind, Position};
pub use event::EventTree;
pub use id::Id;
pub use stamp::Stamp;
