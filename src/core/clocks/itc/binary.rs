//! The paper's compact binary encoding (section 6, as itc.erl's `encode`),
//! the code length of every stamp without encoding it, and a
//! bounds-checked, iterative decoder that accepts only the canonical code
//! of a normal stamp.

use super::error::{ItcError, ItcErrorKind, Position};
use super::event::{event_node_is_normal, EventTree, ZERO_LEAF};
use super::id::{id_node_is_normal, Id};
use super::stamp::Stamp;
use super::MAX_DEPTH;

impl Id {
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

impl EventTree {
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

impl Stamp {
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
pub(super) fn leaf_bit_len(n: u32) -> usize {
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
