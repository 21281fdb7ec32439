//! The paper's text notation: `(id,event)`, e.g. `((1,0),(0,1,0))`. The
//! writer appends bytes (faster than `Display` for reports with a stamp on
//! every event); the parser is iterative, depth-limited, and accepts only
//! normal forms, so each stamp has exactly one text.

use super::error::{ItcError, ItcErrorKind, Position};
use super::event::{event_node_is_normal, EventTree};
use super::id::{id_node_is_normal, Id};
use super::stamp::Stamp;
use super::MAX_DEPTH;
use std::fmt;
use std::str::FromStr;

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
