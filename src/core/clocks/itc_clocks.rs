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

use super::itc::Stamp;
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
        let n = trace.event_count();
        let mut run = Run {
            current: initial_stamps(trace),
            starts: Vec::new(),
            encoded: vec![None; n],
            bytes: Vec::new(),
        };
        run.starts = run.current.clone();
        for &e in trace.linear_extension() {
            run.step(trace, e);
        }
        let spans = run.encoded.into_iter().map(|s| s.expect("every event is visited")).collect();
        Self { bytes: run.bytes, spans, starts: run.starts }
    }

    /// The stamp of event `e`: its process's stamp just after `e`.
    pub fn of(&self, e: EventIdx) -> Stamp {
        let (start, bits) = self.spans[e as usize];
        let bytes = &self.bytes[start as usize..start as usize + (bits as usize).div_ceil(8)];
        Stamp::decode_deep(bytes, bits as usize, usize::MAX).expect("stamps written here decode")
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

/// The state of one pass: each process's current stamp, and the encoded
/// stamps so far.
struct Run {
    current: Vec<Option<Stamp>>,
    starts: Vec<Option<Stamp>>,
    encoded: Vec<Option<(u32, u32)>>,
    bytes: Vec<u8>,
}

impl Run {
    fn step(&mut self, t: &Trace, e: EventIdx) {
        let p = t.process_of(e) as usize;
        let mut s = self.current[p].take().expect("a process that has an event exists");
        s = match t.kind(e) {
            EventKind::Local | EventKind::Send => s.event(),
            EventKind::Receive => {
                for &m in t.received_by(e) {
                    s = s.join(&self.stamp(t.send_of(m)).peek());
                }
                s.event()
            }
            EventKind::Fork => {
                let c = t.partner(e).expect("a fork names its child") as usize;
                let (parent, child) = s.event().fork();
                self.starts[c] = Some(child.clone());
                self.current[c] = Some(child);
                parent
            }
            EventKind::Join => {
                let c = t.partner(e).expect("a join names the retiring process") as usize;
                let retiring = self.current[c].take().expect("a joined process exists until its join");
                s.join(&retiring).event()
            }
        };
        self.record(e, &s);
        self.current[p] = Some(s);
    }

    fn record(&mut self, e: EventIdx, s: &Stamp) {
        let (bytes, bits) = s.encode();
        self.encoded[e as usize] = Some((self.bytes.len() as u32, bits as u32));
        self.bytes.extend_from_slice(&bytes);
    }

    fn stamp(&self, e: EventIdx) -> Stamp {
        let (start, bits) = self.encoded[e as usize].expect("a sender is visited before its receiver");
        let bytes = &self.bytes[start as usize..start as usize + (bits as usize).div_ceil(8)];
        Stamp::decode_deep(bytes, bits as usize, usize::MAX).expect("stamps written here decode")
    }
}
