//! A gossip run: every replica's state after every event of a trace whose
//! processes are replicas, whose local events carry operations and whose
//! messages are gossip.
//!
//! - State-based: a message carries the sender's whole state at the send;
//!   a receive merges it (Shapiro et al. 2011, §2.2). Loss, duplication and
//!   reordering cannot break convergence, since merge is a join.
//! - Op-based: each replica broadcasts its own operations: a message
//!   carries the operations its sender prepared since its previous send,
//!   each with its origin, sequence number and, when causal delivery is on,
//!   the vector of operations its origin had delivered when preparing it
//!   (§2.3). Nothing is relayed, so a dropped message's operations never
//!   reach that receiver, and every copy that does arrive is a real
//!   duplicate. The receiver applies them at once, or, with the
//!   causal-delivery buffer, holds each until everything it depends on has
//!   been delivered and drops copies it has already delivered (exactly-once,
//!   causal order).
//!
//! A fork starts a replica with its parent's state; a join merges the
//! retiring replica's state.

use super::g_counter::GCounter;
use super::g_set::GSet;
use super::lww_register::LwwRegister;
use super::mv_register::MvRegister;
use super::op_counter::OpCounter;
use super::op_or_set::OpOrSet;
use super::or_set::OrSet;
use super::pn_counter::PNCounter;
use super::two_p_set::TwoPSet;
use super::updates::{Seen, Updates};
use super::values::{Last, Values};
use super::{json_size, Context, Kind, Op, OpCrdt, StateCrdt, Value};
use crate::core::clocks::LamportClocks;
use crate::core::error::At;
use crate::core::trace::{EventIdx, EventKind, ProcessIdx, Trace};
use serde::Serialize;
use std::collections::HashMap;

/// How op-based operations are delivered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Delivery {
    /// Applied on receipt, duplicates and all.
    #[default]
    Immediate,
    /// Held until causally ready; copies already delivered are dropped.
    Causal,
}

/// What a run computed.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// The type that ran.
    pub kind: Kind,
    /// Each event's replica value just after it, each stored as what
    /// changed since its replica's previous event.
    pub values: Values,
    /// Each event's set of updates its replica has seen (index into `sets`).
    pub seen: Vec<u32>,
    /// The distinct sets of updates (operation events), each stored once
    /// as what it adds to another.
    pub sets: Updates,
    /// Each message's payload in bytes of compact JSON.
    pub payload: Vec<usize>,
    /// Each event's count of operations held in the causal buffer after it.
    pub buffered: Vec<usize>,
    /// Each replica's value at the end.
    pub finals: Vec<Value>,
    /// Each replica's updates at the end (index into `sets`).
    pub final_seen: Vec<u32>,
}

impl Run {
    /// Replicas that have seen the same updates yet show different values:
    /// strong eventual consistency broken. `at[p]` is the replica's latest
    /// event (`None` before its first), or all of `finals` when `at` is None.
    pub fn divergent(&self, at: Option<&[Option<EventIdx>]>) -> Vec<(ProcessIdx, ProcessIdx)> {
        let now = self.now(at);
        let mut pairs = Vec::new();
        for (p, (sp, vp)) in now.iter().enumerate() {
            for (q, (sq, vq)) in now.iter().enumerate().skip(p + 1) {
                if sp == sq && vp != vq {
                    pairs.push((p as ProcessIdx, q as ProcessIdx));
                }
            }
        }
        pairs
    }

    /// Events after which their replica shows a value that another
    /// replica, having seen the very same updates, does not: where strong
    /// eventual consistency breaks, to mark on the diagram.
    pub fn diverged_events(&self, trace: &Trace) -> Vec<EventIdx> {
        let mut by_set: HashMap<u32, Vec<EventIdx>> = HashMap::new();
        for e in 0..self.seen.len() as EventIdx {
            by_set.entry(self.seen[e as usize]).or_default().push(e);
        }
        // In a group of events with one set of updates, the ones marked show
        // a value other than the group's earliest while another replica in
        // the group shows a different one: they are where it diverged.
        let mut out = Vec::new();
        for events in by_set.values() {
            let first = events[0];
            if self.sets.len_of(self.seen[first as usize]) == 0 {
                continue;
            }
            for &e in events {
                let other =
                    |x: &EventIdx| trace.process_of(*x) != trace.process_of(e) && !self.values.same(*x, e);
                if !self.values.same(e, first) && events.iter().any(other) {
                    out.push(e);
                }
            }
        }
        out.sort_unstable();
        out
    }

    /// True when every replica has seen the same updates and shows the same
    /// value.
    pub fn converged(&self, at: Option<&[Option<EventIdx>]>) -> bool {
        let now = self.now(at);
        now.windows(2).all(|w| w[0] == w[1])
    }

    /// Each replica's (updates seen, by index: equal sets have one, value)
    /// at a step.
    fn now(&self, at: Option<&[Option<EventIdx>]>) -> Vec<(u32, Value)> {
        (0..self.finals.len())
            .map(|p| match at.map(|at| at[p]) {
                None => (self.final_seen[p], self.finals[p].clone()),
                Some(Some(e)) => (self.seen[e as usize], self.values.get(e)),
                Some(None) => (0, self.initial_value()),
            })
            .collect()
    }

    /// The value of a replica that has done nothing yet.
    pub fn initial_value(&self) -> Value {
        initial(self.kind)
    }
}

/// A run that cannot go on: an operation the type does not take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunError {
    /// The event.
    pub at: At,
    /// What is wrong.
    pub problem: String,
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.problem)
    }
}

/// Runs `kind` over `trace`, with `ops[e]` the operation of event e.
pub fn run(trace: &Trace, kind: Kind, ops: &[Option<Op>], delivery: Delivery) -> Result<Run, RunError> {
    check_ops(trace, ops)?;
    match kind {
        Kind::GCounter => state_run::<GCounter>(trace, kind, ops),
        Kind::PnCounter => state_run::<PNCounter>(trace, kind, ops),
        Kind::GSet => state_run::<GSet>(trace, kind, ops),
        Kind::TwoPSet => state_run::<TwoPSet>(trace, kind, ops),
        Kind::OrSet => state_run::<OrSet>(trace, kind, ops),
        Kind::LwwRegister => state_run::<LwwRegister>(trace, kind, ops),
        Kind::MvRegister => state_run::<MvRegister>(trace, kind, ops),
        Kind::OpCounter => op_run::<OpCounter>(trace, kind, ops, delivery),
        Kind::OpOrSet => op_run::<OpOrSet>(trace, kind, ops, delivery),
    }
}

/// The value a fresh replica of `kind` shows.
pub fn initial(kind: Kind) -> Value {
    match kind {
        Kind::GCounter | Kind::PnCounter | Kind::OpCounter => Value::Counter(0),
        Kind::GSet | Kind::TwoPSet | Kind::OrSet | Kind::OpOrSet => Value::Set(Vec::new()),
        Kind::LwwRegister => Value::Register(None),
        Kind::MvRegister => Value::Values(Vec::new()),
    }
}

/// Only local events carry operations.
fn check_ops(trace: &Trace, ops: &[Option<Op>]) -> Result<(), RunError> {
    let bad =
        (0..trace.event_count()).find(|&e| ops[e].is_some() && trace.kind(e as EventIdx) != EventKind::Local);
    match bad {
        Some(e) => Err(error(trace, e as EventIdx, "only a local event carries an op".into())),
        None => Ok(()),
    }
}

fn error(trace: &Trace, e: EventIdx, problem: String) -> RunError {
    RunError { at: At { id: trace.event_id(e).into(), index: e as usize }, problem }
}

/// What both kinds of run record per event and message.
struct Record {
    values: Values,
    /// Each replica's previous value, what the next is stored against.
    last: Vec<Last>,
    seen: Vec<u32>,
    payload: Vec<usize>,
    buffered: Vec<usize>,
    sets: Updates,
}

impl Record {
    fn new(trace: &Trace, kind: Kind) -> Self {
        let n = trace.event_count();
        Record {
            values: Values::new(n, &initial(kind)),
            last: vec![Last::default(); trace.process_count()],
            seen: vec![0; n],
            payload: vec![0; trace.message_count()],
            buffered: vec![0; n],
            sets: Updates::default(),
        }
    }

    /// Event `e` of replica `p` shows `value`.
    fn value(&mut self, e: EventIdx, p: usize, value: Value) {
        self.values.set(e, value, &mut self.last[p]);
    }

    fn finish(mut self, kind: Kind, finals: Vec<Value>, final_seen: &mut [Seen]) -> Run {
        let final_seen = final_seen.iter_mut().map(|s| self.sets.record(s)).collect();
        Run {
            kind,
            values: self.values,
            seen: self.seen,
            sets: self.sets,
            payload: self.payload,
            buffered: self.buffered,
            finals,
            final_seen,
        }
    }
}

fn context<'a>(trace: &'a Trace, lamport: &LamportClocks, e: EventIdx) -> Context<'a> {
    let p = trace.process_of(e);
    Context {
        replica: p,
        replicas: trace.process_count(),
        tag: trace.event_id(e),
        lamport: lamport.time(e),
        name: trace.process_name(p),
    }
}

/// How many receipts each send event's messages still await: what a send
/// carries is kept until its last one, not to the end of the run (a state
/// per send, kept throughout, made state-based runs quadratic).
struct Receipts(Vec<u32>);

impl Receipts {
    fn new(trace: &Trace) -> Self {
        let mut left = vec![0; trace.event_count()];
        for e in 0..trace.event_count() as EventIdx {
            for &m in trace.received_by(e) {
                left[trace.send_of(m) as usize] += 1;
            }
        }
        Receipts(left)
    }

    /// True when send `e` has receipts to come.
    fn awaited(&self, e: EventIdx) -> bool {
        self.0[e as usize] > 0
    }

    /// Event `e` has received its messages: drops what their sends carried
    /// once no receipt is left.
    fn received<V>(&mut self, trace: &Trace, e: EventIdx, sent: &mut HashMap<EventIdx, V>) {
        for &m in trace.received_by(e) {
            let send = trace.send_of(m);
            self.0[send as usize] -= 1;
            if self.0[send as usize] == 0 {
                sent.remove(&send);
            }
        }
    }
}

/// The state-based run: see the module's notes.
fn state_run<T: StateCrdt>(trace: &Trace, kind: Kind, ops: &[Option<Op>]) -> Result<Run, RunError> {
    let replicas = trace.process_count();
    let lamport = LamportClocks::classic(trace);
    let mut states: Vec<T> = (0..replicas).map(|_| T::new(replicas)).collect();
    let mut seen: Vec<Seen> = vec![Seen::default(); replicas];
    // By send event: the state its messages carry and its set of updates
    // (by index), kept until the send's last receipt.
    let mut sent: HashMap<EventIdx, (T, u32)> = HashMap::new();
    let mut receipts = Receipts::new(trace);
    let mut record = Record::new(trace, kind);
    for &e in trace.linear_extension() {
        let p = trace.process_of(e) as usize;
        for &m in trace.received_by(e) {
            let (state, updates) = &sent[&trace.send_of(m)];
            states[p].merge(state);
            seen[p].extend(record.sets.get(*updates));
        }
        receipts.received(trace, e, &mut sent);
        lifecycle(trace, e, &mut states, &mut seen, |a, b| a.merge(b));
        if let Some(op) = &ops[e as usize] {
            let update = states[p]
                .prepare(op, &context(trace, &lamport, e))
                .map_err(|x| error(trace, e, x.problem))?;
            states[p].apply(update);
            seen[p].insert(e);
        }
        if !trace.sent_by(e).is_empty() {
            let size = json_size(&states[p]);
            for &m in trace.sent_by(e) {
                record.payload[m as usize] = size;
            }
            if receipts.awaited(e) {
                sent.insert(e, (states[p].clone(), record.sets.record(&mut seen[p])));
            }
        }
        record.value(e, p, states[p].value());
        record.seen[e as usize] = record.sets.record(&mut seen[p]);
    }
    let finals = states.iter().map(T::value).collect();
    Ok(record.finish(kind, finals, &mut seen))
}

/// A fork copies the parent's state and updates to the child; a join merges
/// the retiring replica's into the joining one.
fn lifecycle<T: Clone>(
    trace: &Trace,
    e: EventIdx,
    states: &mut [T],
    seen: &mut [Seen],
    merge: impl Fn(&mut T, &T),
) {
    let (p, Some(c)) = (trace.process_of(e) as usize, trace.partner(e).map(|c| c as usize)) else { return };
    if trace.kind(e) == EventKind::Fork {
        states[c] = states[p].clone();
        seen[c] = seen[p].clone();
    } else {
        let retiring = states[c].clone();
        merge(&mut states[p], &retiring);
        let updates: Vec<EventIdx> = seen[c].iter().collect();
        seen[p].extend(updates);
    }
}

/// One operation as an op-based message carries it, serialised compactly
/// as `[origin, seq, effect]`, or `[origin, seq, deps, effect]` with causal
/// delivery (the measure of its payload).
#[derive(Clone, Debug)]
struct Shipped<E> {
    /// The replica that prepared it.
    origin: ProcessIdx,
    /// Its number among its origin's operations, from 1.
    seq: u64,
    /// Operations its origin had delivered from each replica when preparing
    /// it; sent only with causal delivery, which needs it.
    deps: Option<Vec<u64>>,
    effect: E,
    /// The operation's event (not shipped: the lab's bookkeeping).
    event: EventIdx,
}

impl<E: Serialize> Serialize for Shipped<E> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple;
        let mut t = serializer.serialize_tuple(if self.deps.is_some() { 4 } else { 3 })?;
        t.serialize_element(&self.origin)?;
        t.serialize_element(&self.seq)?;
        if let Some(deps) = &self.deps {
            t.serialize_element(deps)?;
        }
        t.serialize_element(&self.effect)?;
        t.end()
    }
}

/// One op-based replica: its state, what it has delivered, its causal
/// buffer and its own operations it will ship with its next send.
#[derive(Clone)]
struct OpReplica<T: OpCrdt> {
    state: T,
    delivered: Vec<u64>,
    buffer: Vec<Shipped<T::Effect>>,
    /// Its own operations not yet sent.
    outbox: Vec<Shipped<T::Effect>>,
    /// Every operation delivered, once each (what a join hands over).
    log: Vec<Shipped<T::Effect>>,
    seen: Seen,
}

impl<T: OpCrdt> OpReplica<T> {
    fn new(replicas: usize) -> Self {
        OpReplica {
            state: T::new(replicas),
            delivered: vec![0; replicas],
            buffer: Vec::new(),
            outbox: Vec::new(),
            log: Vec::new(),
            seen: Seen::default(),
        }
    }

    /// Applies an operation (its own, or one received).
    fn deliver(&mut self, op: Shipped<T::Effect>) {
        self.state.effect(&op.effect);
        let origin = op.origin as usize;
        self.delivered[origin] = self.delivered[origin].max(op.seq);
        if self.seen.insert(op.event) {
            self.log.push(op);
        }
    }

    fn receive(&mut self, op: &Shipped<T::Effect>, delivery: Delivery) {
        match delivery {
            Delivery::Immediate => self.deliver(op.clone()),
            Delivery::Causal => {
                let known = op.seq <= self.delivered[op.origin as usize]
                    || self.buffer.iter().any(|b| b.origin == op.origin && b.seq == op.seq);
                if !known {
                    self.buffer.push(op.clone());
                }
                self.drain();
            }
        }
    }

    /// Delivers buffered operations while one is causally ready.
    fn drain(&mut self) {
        while let Some(i) = self.buffer.iter().position(|op| self.ready(op)) {
            let op = self.buffer.remove(i);
            self.deliver(op);
        }
    }

    fn ready(&self, op: &Shipped<T::Effect>) -> bool {
        let o = op.origin as usize;
        let deps = op.deps.as_deref().unwrap_or(&[]);
        op.seq == self.delivered[o] + 1
            && deps
                .iter()
                .enumerate()
                .all(|(k, &d)| k == o || d <= self.delivered.get(k).copied().unwrap_or(0))
    }
}

/// The op-based run: see the module's notes.
fn op_run<T: OpCrdt>(
    trace: &Trace,
    kind: Kind,
    ops: &[Option<Op>],
    delivery: Delivery,
) -> Result<Run, RunError> {
    let replicas = trace.process_count();
    let lamport = LamportClocks::classic(trace);
    let mut rs: Vec<OpReplica<T>> = (0..replicas).map(|_| OpReplica::new(replicas)).collect();
    let mut sent: HashMap<EventIdx, Vec<Shipped<T::Effect>>> = HashMap::new();
    let mut receipts = Receipts::new(trace);
    let mut record = Record::new(trace, kind);
    for &e in trace.linear_extension() {
        let p = trace.process_of(e) as usize;
        for &m in trace.received_by(e) {
            for op in &sent[&trace.send_of(m)] {
                rs[p].receive(op, delivery);
            }
        }
        receipts.received(trace, e, &mut sent);
        op_lifecycle(trace, e, &mut rs, delivery);
        if let Some(op) = &ops[e as usize] {
            let effect = rs[p]
                .state
                .prepare(op, &context(trace, &lamport, e))
                .map_err(|x| error(trace, e, x.problem))?;
            let deps = (delivery == Delivery::Causal).then(|| rs[p].delivered.clone());
            let seq = rs[p].delivered[p] + 1;
            let own = Shipped { origin: p as ProcessIdx, seq, deps, effect, event: e };
            rs[p].outbox.push(own.clone());
            rs[p].deliver(own);
        }
        if !trace.sent_by(e).is_empty() {
            let batch = std::mem::take(&mut rs[p].outbox);
            let size = json_size(&batch);
            for &m in trace.sent_by(e) {
                record.payload[m as usize] = size;
            }
            if receipts.awaited(e) {
                sent.insert(e, batch);
            }
        }
        record.value(e, p, rs[p].state.value());
        record.seen[e as usize] = record.sets.record(&mut rs[p].seen);
        record.buffered[e as usize] = rs[p].buffer.len();
    }
    let finals = rs.iter().map(|r| r.state.value()).collect();
    let mut seen: Vec<Seen> = rs.into_iter().map(|r| r.seen).collect();
    Ok(record.finish(kind, finals, &mut seen))
}

/// A forked op-based replica starts as a copy of its parent; a join hands
/// the retiring replica's delivered operations to the joining one.
fn op_lifecycle<T: OpCrdt>(trace: &Trace, e: EventIdx, rs: &mut [OpReplica<T>], delivery: Delivery) {
    let (p, Some(c)) = (trace.process_of(e) as usize, trace.partner(e).map(|c| c as usize)) else { return };
    if trace.kind(e) == EventKind::Fork {
        rs[c] = rs[p].clone();
        rs[c].outbox.clear();
    } else {
        // Only what the joining replica lacks: a join is not a duplicate.
        let retiring = std::mem::replace(&mut rs[c], OpReplica::new(0));
        for op in retiring.log.iter().chain(&retiring.buffer) {
            if !rs[p].seen.contains(op.event) {
                rs[p].receive(op, delivery);
            }
        }
    }
}
