//! Interval tree clocks over a trace: every event (local, send, receive,
//! fork, join) gets its own stamp, following the fork-event-join model of
//! Almeida, Baquero and Fonte (OPODIS 2008, section 3):
//!
//! - the initial processes get their ids by forking the seed, halving it
//!   into a balanced tree of intervals;
//! - a local event or a send records an event (a send's message carries the
//!   sender's peek, an anonymous copy);
//! - a receive joins the messages' stamps, then records an event;
//! - a fork records an event and then splits the id, so the child's history
//!   includes the fork;
//! - a join merges the retiring process's stamp, id included, then records
//!   an event.
//!
//! Stamps are kept in the paper's compact binary encoding, a few bytes each,
//! so even a million events cost little memory; they are decoded on demand.

use super::itc::{EventTree, Stamp, MAX_DEPTH};
use crate::core::error::{At, TraceError};
use crate::core::trace::{EventIdx, EventKind, ProcessIdx, Trace};

/// Every event's ITC stamp, and each process's stamp when it came to be.
#[derive(Clone, Debug, PartialEq)]
pub struct ItcClocks {
    /// By event: its stamp.
    events: Packed,
    /// By process: its stamp when it starts (from the seed, or at its fork).
    starts: Packed,
}

/// Stamps in the paper's binary encoding, back to back, by index: a few
/// bytes each where the trees they stand for take dozens, so keeping every
/// event's stamp (and every process's first) costs little.
#[derive(Clone, Debug, PartialEq)]
struct Packed {
    bytes: Vec<u8>,
    /// Where each stamp starts in `bytes`, and its length in bits.
    spans: Vec<(u32, u32)>,
}

impl Packed {
    fn new(len: usize) -> Self {
        Packed { bytes: Vec::new(), spans: vec![(0, 0); len] }
    }

    fn set(&mut self, i: usize, stamp: &Stamp) {
        let bits = stamp.encode_append(&mut self.bytes);
        self.spans[i] = ((self.bytes.len() - bits.div_ceil(8)) as u32, bits as u32);
    }

    fn get(&self, i: usize) -> Stamp {
        let (start, bits) = self.spans[i];
        let bytes = &self.bytes[start as usize..start as usize + (bits as usize).div_ceil(8)];
        Stamp::decode_deep(bytes, bits as usize, usize::MAX).expect("stamps written here decode")
    }
}

impl ItcClocks {
    /// Refuses a trace whose stamps could nest deeper than [`MAX_DEPTH`]
    /// levels, naming the event where they could first pass it. Every ITC
    /// operation recurses once per level, so this keeps the call stack small
    /// (the page's is 1 MiB), and it is the depth the text and binary readers
    /// accept, so every stamp computed here reads back.
    ///
    /// The bound, in O(events) before any stamp is built: the initial ids of a
    /// balanced split are ceil(log2 n) + 1 levels deep; a fork makes both ids at
    /// most one level deeper than the forking one; a join's sum is no deeper than
    /// the deeper of the two; and an event tree is never deeper than the ids
    /// that grew it. A chain of 1,000 nested forks passes it.
    pub fn check_nesting(trace: &Trace) -> Result<(), TraceError> {
        let initial =
            (0..trace.process_count() as ProcessIdx).filter(|&p| trace.forked_by(p).is_none()).count();
        let start = initial.max(1).next_power_of_two().trailing_zeros() as usize + 1;
        let mut depth = vec![start; trace.process_count()];
        for &e in trace.linear_extension() {
            let (p, partner) = (trace.process_of(e) as usize, trace.partner(e).map(|c| c as usize));
            match (trace.kind(e), partner) {
                (EventKind::Fork, Some(c)) => {
                    depth[p] += 1;
                    depth[c] = depth[p];
                }
                (EventKind::Join, Some(c)) => depth[p] = depth[p].max(depth[c]),
                _ => continue,
            }
            if depth[p] > MAX_DEPTH {
                let at = At { id: trace.event_id(e).into(), index: e as usize };
                let what = format!(
                    "interval tree clock stamps would nest {} levels deep at {at} (forks within forks); the limit is {MAX_DEPTH}",
                    depth[p]
                );
                return Err(TraceError::TooLarge { what });
            }
        }
        Ok(())
    }

    /// Computes every event's stamp in one pass over a linear extension.
    /// Refuses, before computing anything, a trace whose stamps could nest
    /// deeper than [`MAX_DEPTH`] (see [`ItcClocks::check_nesting`]).
    pub fn compute(trace: &Trace) -> Result<Self, TraceError> {
        Self::check_nesting(trace)?;
        let mut run = Run::new(trace, true);
        let mut events = Packed::new(trace.event_count());
        for &e in trace.linear_extension() {
            events.set(e as usize, run.step(trace, e));
        }
        Ok(Self { events, starts: run.starts.expect("kept when asked") })
    }

    /// Visits every event's stamp in input order without storing any, when
    /// input order is a linear extension of happened-before (as logs and
    /// generated traces are); `false`, visiting nothing, when it is not.
    /// This is how a report of millions of stamps is written in one pass.
    /// Refuses what [`ItcClocks::compute`] refuses.
    pub fn stream(trace: &Trace, mut visit: impl FnMut(EventIdx, &Stamp)) -> Result<bool, TraceError> {
        Self::check_nesting(trace)?;
        let topological = (0..trace.event_count() as EventIdx)
            .all(|e| trace.predecessor(e).is_none_or(|p| p < e) && trace.causes(e).all(|(c, _)| c < e));
        if topological {
            let mut run = Run::new(trace, false);
            for e in 0..trace.event_count() as EventIdx {
                visit(e, run.step(trace, e));
            }
        }
        Ok(topological)
    }

    /// The stamp of event `e`: its process's stamp just after `e`.
    pub fn of(&self, e: EventIdx) -> Stamp {
        self.events.get(e as usize)
    }

    /// e's stamp in the paper's notation, appended to `out`.
    pub fn write_text(&self, e: EventIdx, out: &mut Vec<u8>) {
        self.of(e).write_text(out);
    }

    /// The size of e's stamp in the paper's binary encoding, in bits.
    pub fn bits(&self, e: EventIdx) -> usize {
        self.events.spans[e as usize].1 as usize
    }

    /// Process `p`'s stamp when it starts: its share of the seed for an
    /// initial process, its half of the fork for a forked one.
    pub fn start(&self, p: ProcessIdx) -> Stamp {
        self.starts.get(p as usize)
    }

    /// The stamp process `p` holds once the events in `done` have happened
    /// (`done[e]` true): its last such event's, its start if it has none but
    /// exists, `None` before its fork or after it has been joined.
    pub fn holding(&self, trace: &Trace, p: ProcessIdx, done: &[bool]) -> Option<Stamp> {
        let happened = |e: EventIdx| done[e as usize];
        if trace.joined_by(p).is_some_and(happened) || trace.forked_by(p).is_some_and(|f| !happened(f)) {
            return None;
        }
        let last = trace.process_events(p).iter().rev().find(|&&e| happened(e));
        Some(last.map_or_else(|| self.start(p), |&e| self.of(e)))
    }
}

/// The seed forked into one stamp per initial process, as a balanced tree:
/// the left half goes to the first ceil(n/2) processes, the right to the
/// rest. Forked processes get theirs later.
fn initial_stamps(trace: &Trace) -> Vec<Option<Stamp>> {
    let initial: Vec<ProcessIdx> =
        (0..trace.process_count() as ProcessIdx).filter(|&p| trace.forked_by(p).is_none()).collect();
    let mut stamps = vec![None; trace.process_count()];
    let mut shares = Vec::with_capacity(initial.len());
    split_among(Stamp::seed(), initial.len(), &mut shares);
    for (p, s) in initial.into_iter().zip(shares) {
        stamps[p as usize] = Some(s);
    }
    stamps
}

fn split_among(stamp: Stamp, n: usize, out: &mut Vec<Stamp>) {
    match n {
        0 => {}
        1 => out.push(stamp),
        _ => {
            let (left, right) = stamp.fork();
            split_among(left, n.div_ceil(2), out);
            split_among(right, n / 2, out);
        }
    }
}

/// The state of one pass: each process's current stamp (changed in place),
/// and the event trees messages carry until their last receive.
struct Run {
    current: Vec<Option<Stamp>>,
    /// Each process's first stamp, encoded, when they are to be kept.
    starts: Option<Packed>,
    /// By send event: the peek its messages carry, and how many receives
    /// are still to come.
    in_flight: Vec<Option<(EventTree, usize)>>,
}

impl Run {
    fn new(trace: &Trace, keep_starts: bool) -> Self {
        let current = initial_stamps(trace);
        let starts = keep_starts.then(|| {
            let mut starts = Packed::new(trace.process_count());
            current
                .iter()
                .enumerate()
                .filter_map(|(p, s)| Some((p, s.as_ref()?)))
                .for_each(|(p, s)| starts.set(p, s));
            starts
        });
        Run { starts, current, in_flight: vec![None; trace.event_count()] }
    }

    /// Applies event `e` to its process's stamp and returns the result.
    fn step(&mut self, t: &Trace, e: EventIdx) -> &Stamp {
        let p = t.process_of(e) as usize;
        let mut s = self.current[p].take().expect("a process that has an event exists");
        match t.kind(e) {
            EventKind::Local => s.event_in_place(),
            EventKind::Send => {
                s.event_in_place();
                self.send(t, e, &s);
            }
            EventKind::Receive => {
                for &m in t.received_by(e) {
                    self.receive(&mut s, t.send_of(m));
                }
                s.event_in_place();
                // A logged event may also send, with what it just merged.
                self.send(t, e, &s);
            }
            EventKind::Fork => {
                let c = t.partner(e).expect("a fork names its child") as usize;
                s.event_in_place();
                let child = s.fork_in_place();
                if let Some(starts) = &mut self.starts {
                    starts.set(c, &child);
                }
                self.current[c] = Some(child);
            }
            EventKind::Join => {
                let c = t.partner(e).expect("a join names the retiring process") as usize;
                let retiring = self.current[c].take().expect("a joined process exists until its join");
                s.join_in_place(&retiring);
                s.event_in_place();
            }
        }
        self.current[p].insert(s)
    }

    /// Keeps the event tree that event `e`'s received messages carry.
    fn send(&mut self, t: &Trace, e: EventIdx, s: &Stamp) {
        let receives = t.sent_by(e).iter().filter(|&&m| t.receive_of(m).is_some()).count();
        if receives > 0 {
            self.in_flight[e as usize] = Some((s.peek().event, receives));
        }
    }

    /// Joins the event tree a send's messages carry into `s`; the last
    /// receive of that send frees it.
    fn receive(&mut self, s: &mut Stamp, send: EventIdx) {
        let slot = &mut self.in_flight[send as usize];
        let (tree, left) = slot.as_mut().expect("a sender is visited before its receivers");
        s.join_events_in_place(tree);
        *left -= 1;
        if *left == 0 {
            *slot = None;
        }
    }
}
