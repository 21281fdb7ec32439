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

use super::itc::{EventTree, Stamp};
use crate::core::trace::{EventIdx, EventKind, ProcessIdx, Trace};

/// Every event's ITC stamp, and each process's stamp when it came to be.
#[derive(Clone, Debug, PartialEq)]
pub struct ItcClocks {
    /// Encoded stamps, back to back.
    bytes: Vec<u8>,
    /// Per event: where its stamp starts in `bytes`, and its length in bits.
    spans: Vec<(u32, u32)>,
    /// Per process: its stamp when it starts (from the seed, or at its fork).
    starts: Vec<Option<Stamp>>,
}

impl ItcClocks {
    /// Computes every event's stamp in one pass over a linear extension.
    pub fn compute(trace: &Trace) -> Self {
        let mut run = Run::new(trace);
        let (mut bytes, mut spans) = (Vec::new(), vec![(0, 0); trace.event_count()]);
        for &e in trace.linear_extension() {
            let bits = run.step(trace, e).encode_append(&mut bytes);
            spans[e as usize] = ((bytes.len() - bits.div_ceil(8)) as u32, bits as u32);
        }
        Self { bytes, spans, starts: run.starts }
    }

    /// Visits every event's stamp in input order without storing any, when
    /// input order is a linear extension of happened-before (as logs and
    /// generated traces are); `false`, visiting nothing, when it is not.
    /// This is how a report of millions of stamps is written in one pass.
    pub fn stream(trace: &Trace, mut visit: impl FnMut(EventIdx, &Stamp)) -> bool {
        let topological = (0..trace.event_count() as EventIdx)
            .all(|e| trace.predecessor(e).is_none_or(|p| p < e) && trace.causes(e).all(|(c, _)| c < e));
        if topological {
            let mut run = Run::new(trace);
            for e in 0..trace.event_count() as EventIdx {
                visit(e, run.step(trace, e));
            }
        }
        topological
    }

    /// The stamp of event `e`: its process's stamp just after `e`.
    pub fn of(&self, e: EventIdx) -> Stamp {
        let (start, bits) = self.spans[e as usize];
        let bytes = &self.bytes[start as usize..start as usize + (bits as usize).div_ceil(8)];
        Stamp::decode_deep(bytes, bits as usize, usize::MAX).expect("stamps written here decode")
    }

    /// e's stamp in the paper's notation, appended to `out`.
    pub fn write_text(&self, e: EventIdx, out: &mut Vec<u8>) {
        self.of(e).write_text(out);
    }

    /// The size of e's stamp in the paper's binary encoding, in bits.
    pub fn bits(&self, e: EventIdx) -> usize {
        self.spans[e as usize].1 as usize
    }

    /// Process `p`'s stamp when it starts: its share of the seed for an
    /// initial process, its half of the fork for a forked one.
    pub fn start(&self, p: ProcessIdx) -> &Stamp {
        self.starts[p as usize].as_ref().expect("every process starts")
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
        Some(last.map_or_else(|| self.start(p).clone(), |&e| self.of(e)))
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
    starts: Vec<Option<Stamp>>,
    /// By send event: the peek its messages carry, and how many receives
    /// are still to come.
    in_flight: Vec<Option<(EventTree, usize)>>,
}

impl Run {
    fn new(trace: &Trace) -> Self {
        let current = initial_stamps(trace);
        Run { starts: current.clone(), current, in_flight: vec![None; trace.event_count()] }
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
                self.starts[c] = Some(child.clone());
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
