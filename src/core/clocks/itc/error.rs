//! What can go wrong reading a stamp, and where.

use super::MAX_DEPTH;
use std::fmt;

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
