//! Happened-before and concurrency, answered from vector clocks.
//!
//! a -> b ("a happened before b") when a chain of program-order steps and
//! messages leads from a to b; a || b ("concurrent") when neither a -> b nor
//! b -> a. With vector clocks V, a -> b exactly when a != b and
//! V(b)[proc(a)] > seq(a), so each question costs one comparison. Witnesses
//! make answers checkable: a chain of hops for a -> b, and the two vector
//! entries that show neither event has seen the other for a || b.

use super::clocks::VectorClocks;
use super::trace::{EventIdx, ProcessIdx, Trace, Via};

/// One step of a happened-before chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hop {
    /// `from` precedes `to` on the same process (possibly several steps).
    Program {
        /// Earlier event.
        from: EventIdx,
        /// Later event on the same process.
        to: EventIdx,
    },
    /// `from` directly precedes `to` on another process: it sends a message
    /// `to` receives, forks `to`'s process, or `to` joins its process.
    Via {
        /// The earlier event.
        from: EventIdx,
        /// The later event.
        to: EventIdx,
        /// The message, fork or join.
        via: Via,
    },
}

impl Hop {
    /// The hop's earlier end.
    pub fn from(&self) -> EventIdx {
        match *self {
            Hop::Program { from, .. } | Hop::Via { from, .. } => from,
        }
    }

    /// The hop's later end.
    pub fn to(&self) -> EventIdx {
        match *self {
            Hop::Program { to, .. } | Hop::Via { to, .. } => to,
        }
    }
}

/// Why two events are concurrent: each has an entry the other lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConcurrencyWitness {
    /// a's process, with V(a) and V(b) at that entry: V(a) is greater.
    pub a_entry: (ProcessIdx, u32, u32),
    /// b's process, with V(b) and V(a) at that entry: V(b) is greater.
    pub b_entry: (ProcessIdx, u32, u32),
}

/// How two events relate, with proof.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Relation {
    /// The same event.
    Same,
    /// a -> b, with the chain from a to b.
    Before(Vec<Hop>),
    /// b -> a, with the chain from b to a.
    After(Vec<Hop>),
    /// a || b.
    Concurrent(ConcurrencyWitness),
}

impl Relation {
    /// `same`, `before`, `after` or `concurrent`.
    pub fn word(&self) -> &'static str {
        match self {
            Relation::Same => "same",
            Relation::Before(_) => "before",
            Relation::After(_) => "after",
            Relation::Concurrent(_) => "concurrent",
        }
    }
}

/// Where an event lies relative to a chosen one: its light cone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cone {
    /// The chosen event.
    Itself,
    /// Happened before it.
    Past,
    /// Happened after it.
    Future,
    /// Neither.
    Concurrent,
}

/// Causality queries over one trace.
pub struct Causality<'t> {
    trace: &'t Trace,
    vectors: &'t VectorClocks,
}

impl<'t> Causality<'t> {
    /// Queries over `trace`, whose vector clocks are `vectors`.
    pub fn new(trace: &'t Trace, vectors: &'t VectorClocks) -> Self {
        Self { trace, vectors }
    }

    /// True when a -> b.
    pub fn happened_before(&self, a: EventIdx, b: EventIdx) -> bool {
        a != b && self.vectors.entry(b, self.trace.process_of(a)) > self.trace.seq(a)
    }

    /// True when neither happened before the other (and they differ).
    pub fn concurrent(&self, a: EventIdx, b: EventIdx) -> bool {
        a != b && !self.happened_before(a, b) && !self.happened_before(b, a)
    }

    /// The relation of a to b, with its witness.
    pub fn relation(&self, a: EventIdx, b: EventIdx) -> Relation {
        if a == b {
            Relation::Same
        } else if self.happened_before(a, b) {
            Relation::Before(self.chain(a, b))
        } else if self.happened_before(b, a) {
            Relation::After(self.chain(b, a))
        } else {
            let (pa, pb) = (self.trace.process_of(a), self.trace.process_of(b));
            let v = |e, p| self.vectors.entry(e, p);
            Relation::Concurrent(ConcurrencyWitness {
                a_entry: (pa, v(a, pa), v(b, pa)),
                b_entry: (pb, v(b, pb), v(a, pb)),
            })
        }
    }

    /// A chain of hops from a to b, given a -> b. Walks back from b, always to
    /// an event that a happened before (or a itself): one exists among b's
    /// process predecessor and its direct causes (senders, forks, joined
    /// processes), because V(b)'s entry for a's process came from one of them.
    pub fn chain(&self, a: EventIdx, b: EventIdx) -> Vec<Hop> {
        let t = self.trace;
        let pa = t.process_of(a);
        let knows_a = |c: EventIdx| self.vectors.entry(c, pa) > t.seq(a);
        let mut hops: Vec<Hop> = Vec::new();
        let mut c = b;
        while t.process_of(c) != pa {
            let cause = t.causes(c).find(|&(s, _)| knows_a(s));
            if let Some((s, via)) = cause {
                hops.push(Hop::Via { from: s, to: c, via });
                c = s;
            } else {
                let p = t.predecessor(c).expect("a predecessor knows a");
                push_program(&mut hops, p, c);
                c = p;
            }
        }
        if c != a {
            push_program(&mut hops, a, c);
        }
        hops.reverse();
        hops
    }

    /// Every event a chain passes through, in order: both ends of each hop,
    /// and the events between the ends of a program-order hop.
    pub fn chain_events(&self, hops: &[Hop]) -> Vec<EventIdx> {
        let mut events: Vec<EventIdx> = Vec::new();
        for hop in hops {
            let (from, to) = (hop.from(), hop.to());
            if let Hop::Program { .. } = hop {
                let line = self.trace.process_events(self.trace.process_of(from));
                events.extend(&line[self.trace.seq(from) as usize..self.trace.seq(to) as usize]);
            } else {
                events.push(from);
            }
        }
        events.extend(hops.last().map(Hop::to));
        events
    }

    /// Where every event lies relative to `e`.
    pub fn cone(&self, e: EventIdx) -> Vec<Cone> {
        (0..self.trace.event_count() as EventIdx)
            .map(|x| {
                if x == e {
                    Cone::Itself
                } else if self.happened_before(x, e) {
                    Cone::Past
                } else if self.happened_before(e, x) {
                    Cone::Future
                } else {
                    Cone::Concurrent
                }
            })
            .collect()
    }

    /// The events that happened before `e`, by process then position. Costs
    /// only the size of the answer: V(e)[p] says how many of p's events.
    pub fn past(&self, e: EventIdx) -> Vec<EventIdx> {
        let mut past: Vec<EventIdx> = Vec::new();
        for (p, n) in self.vectors.of(e).nonzero() {
            past.extend(&self.trace.process_events(p)[..n as usize]);
        }
        past.retain(|&x| x != e);
        past
    }

    /// The events that happened after `e`.
    pub fn future(&self, e: EventIdx) -> Vec<EventIdx> {
        self.events_where(|x| self.happened_before(e, x))
    }

    /// The events concurrent with `e`.
    pub fn concurrent_with(&self, e: EventIdx) -> Vec<EventIdx> {
        self.events_where(|x| self.concurrent(e, x))
    }

    fn events_where(&self, keep: impl Fn(EventIdx) -> bool) -> Vec<EventIdx> {
        (0..self.trace.event_count() as EventIdx).filter(|&x| keep(x)).collect()
    }

    /// The number of unordered concurrent pairs, in O(entries stored):
    /// |past(e)| = sum of V(e) - 1 counts every ordered pair x -> e once, and
    /// every other pair of distinct events is concurrent.
    pub fn concurrent_pairs(&self) -> u64 {
        let n = self.trace.event_count() as u64;
        let ordered: u64 = (0..n as EventIdx).map(|e| self.vectors.of(e).sum() - 1).sum();
        n * n.saturating_sub(1) / 2 - ordered
    }
}

/// Pushes `from -> to` on a process, merging with the previous program hop
/// (the chain is built backwards, so that hop starts where this one ends).
fn push_program(hops: &mut Vec<Hop>, from: EventIdx, to: EventIdx) {
    if let Some(Hop::Program { from: f, .. }) = hops.last_mut() {
        if *f == to {
            *f = from;
            return;
        }
    }
    hops.push(Hop::Program { from, to });
}
