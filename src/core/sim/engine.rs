//! Timed runs: a discrete-event queue of starts, deliveries, timers, faults
//! and inputs, ordered by (time, insertion order). The system model decides
//! each message's delay or loss with the seeded generator, faults are
//! actions at their times, and timers fire when the node's own clock says.
//! With a service time in the model, each node handles one event at a time
//! and what arrives while it is busy waits its turn ([`super::service`]).

use super::env::Env;
use super::interpret::{Call, Network, Nodes};
use super::model::SystemModel;
use super::property::{Checked, Checker};
use super::protocol::{Label, Protocol, Word};
use super::record::{PartitionSpan, Record, Recorder, What};
use super::scenario::Fault;
use super::service::Desk;
use super::{NodeId, Time};
use rand_pcg::Pcg64Mcg;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

/// A finished run: what happened, and whether each property held.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// What happened.
    pub record: Record,
    /// Each declared property's verdict.
    pub properties: Vec<Checked>,
    /// What the protocol adds to the report ([`Protocol::report`]).
    pub report: serde_json::Map<String, serde_json::Value>,
}

/// An input to inject: when, where, what.
pub type Timed<I> = (Time, NodeId, I);

/// The most events a timed run records: a timer that re-arms every
/// thousandth of a unit over 10,000 units would make ten million. A run
/// that reaches it stops there, and its record says when
/// ([`Record::stopped`]).
pub const MAX_RUN_EVENTS: usize = 100_000;
/// The most queue items a timed run handles (stale timers and deliveries
/// to crashed nodes count, though they record nothing).
const MAX_RUN_STEPS: usize = 10 * MAX_RUN_EVENTS;

/// Runs `env`'s protocol under `model` with `faults` and `inputs` until
/// `until`, or until it has recorded [`MAX_RUN_EVENTS`] events.
pub fn run<P: Protocol>(
    env: &Env<'_, P>,
    model: &SystemModel,
    faults: &[Fault],
    inputs: &[Timed<P::Input>],
    until: Time,
) -> Run {
    let mut e = Engine::new(env, model, faults, inputs);
    let mut steps = 0;
    while let Some(Queued { time, item, .. }) = e.net.queue.pop() {
        if time > until {
            break;
        }
        steps += 1;
        if e.net.rec.record.events.len() >= MAX_RUN_EVENTS || steps > MAX_RUN_STEPS {
            e.net.rec.record.stopped = Some(time);
            break;
        }
        e.net.now = time;
        e.arrive(item);
        e.checker.check(env, &e.nodes);
    }
    let properties = e.checker.finish(env, &e.nodes);
    let report = env.protocol.report(&e.net.rec.record, &e.nodes.nodes);
    Run { record: e.net.rec.finish(), properties, report }
}

/// A fault on messages, with node names resolved.
enum Hit {
    Drop {
        from: NodeId,
        to: NodeId,
        nth: usize,
    },
    Delay {
        from: NodeId,
        to: NodeId,
        nth: usize,
        by: Time,
    },
    /// Each node's side (none: cut off from every side).
    Partition {
        sides: Vec<Option<usize>>,
        from: Time,
        until: Time,
    },
}

#[derive(Clone, Copy, Debug)]
enum Item<T> {
    Start(NodeId),
    Deliver(usize),
    Timer(NodeId, T, u64),
    Crash(NodeId),
    Recover(NodeId),
    Input(NodeId, usize),
    /// The node's service of its last event ends (with a service time).
    Free(NodeId),
}

/// A queued item: earlier time first, then earlier insertion.
struct Queued<T> {
    time: Time,
    seq: u64,
    item: Item<T>,
}

impl<T> PartialEq for Queued<T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<T> Eq for Queued<T> {}
impl<T> PartialOrd for Queued<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Queued<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        // BinaryHeap is a max-heap: reverse for earliest first.
        other.time.total_cmp(&self.time).then(other.seq.cmp(&self.seq))
    }
}

/// A node's timer: its latest generation (older queued firings are stale)
/// and whether it is still armed.
#[derive(Clone, Copy)]
struct Armed<T> {
    timer: T,
    generation: u64,
    armed: bool,
}

/// The timed network: the queue, the links' random choices, the faults on
/// messages, and the record.
struct TimedNet<'e, P: Protocol> {
    model: &'e SystemModel,
    env: &'e Env<'e, P>,
    hits: Vec<Hit>,
    rng: Pcg64Mcg,
    queue: BinaryHeap<Queued<P::Timer>>,
    seq: u64,
    now: Time,
    timers: Vec<Vec<Armed<P::Timer>>>,
    payloads: Vec<P::Msg>,
    /// FIFO: when each channel's latest message is due.
    last_due: HashMap<(NodeId, NodeId), Time>,
    rec: Recorder,
}

impl<P: Protocol> TimedNet<'_, P> {
    fn push(&mut self, time: Time, item: Item<P::Timer>) {
        self.seq += 1;
        self.queue.push(Queued { time, seq: self.seq, item });
    }

    /// The delays of the `nth` message from `from` to `to` sent now (none:
    /// lost; two: duplicated), after the faults that hit it.
    fn delays(&mut self, from: NodeId, to: NodeId, nth: usize) -> Vec<Time> {
        let mut delays = self.model.transit(self.now, &mut self.rng);
        for hit in &self.hits {
            match *hit {
                Hit::Drop { from: f, to: t, nth: k } if (f, t, k) == (from, to, nth) => delays.clear(),
                Hit::Delay { from: f, to: t, nth: k, by } if (f, t, k) == (from, to, nth) => {
                    delays.iter_mut().for_each(|d| *d += by)
                }
                Hit::Partition { ref sides, from: start, until }
                    if (start..until).contains(&self.now) && sides[from] != sides[to] =>
                {
                    delays.clear()
                }
                _ => {}
            }
        }
        delays
    }

    fn armed(&self, n: NodeId, timer: P::Timer, generation: u64) -> bool {
        self.timers[n].iter().any(|a| a.timer == timer && a.generation == generation && a.armed)
    }
}

impl<P: Protocol> Network<P> for TimedNet<'_, P> {
    fn send(&mut self, from: NodeId, to: NodeId, msg: P::Msg) {
        let nth = self.rec.nth(from, to);
        let delays = self.delays(from, to, nth);
        // A lost message is still drawn, going nowhere.
        for i in 0..delays.len().max(1) {
            let m = self.rec.message(from, to, (msg.label(), msg.fields()), self.now, nth);
            self.payloads.push(msg.clone());
            let Some(&d) = delays.get(i) else {
                self.rec.record.messages[m].lost = true;
                continue;
            };
            // What a handler sends leaves when its service ends.
            let mut due = self.now + self.model.service + d;
            if self.env.fifo {
                let last = self.last_due.entry((from, to)).or_insert(due);
                due = due.max(*last);
                *last = due;
            }
            self.rec.record.messages[m].due = Some(due);
            self.push(due, Item::Deliver(m));
        }
    }

    fn set_timer(&mut self, node: NodeId, timer: P::Timer, after: Time) {
        let timers = &mut self.timers[node];
        let generation = match timers.iter_mut().find(|a| a.timer == timer) {
            Some(a) => {
                a.generation += 1;
                a.armed = true;
                a.generation
            }
            None => {
                timers.push(Armed { timer, generation: 1, armed: true });
                1
            }
        };
        let at = self.env.clocks[node].after(self.now, after);
        self.push(at, Item::Timer(node, timer, generation));
    }

    fn cancel_timer(&mut self, node: NodeId, timer: P::Timer) {
        self.timers[node].iter_mut().filter(|a| a.timer == timer).for_each(|a| a.armed = false);
    }

    fn decided(&mut self, node: NodeId, decision: P::Decision) {
        self.rec.decided(node, decision.word(), self.now);
    }

    fn show(&mut self, node: NodeId, status: P::Status) {
        self.rec.show(node, self.now, status.word());
    }

    fn note(&mut self, node: NodeId, note: crate::core::sim::record::Note) {
        self.rec.note(node, note);
    }

    fn settle(&mut self, node: NodeId, key: u64) {
        self.rec.settle(node, key);
    }
}

struct Engine<'e, P: Protocol> {
    env: &'e Env<'e, P>,
    inputs: &'e [Timed<P::Input>],
    nodes: Nodes<P>,
    net: TimedNet<'e, P>,
    checker: Checker<P>,
    desk: Desk<Item<P::Timer>>,
}

impl<'e, P: Protocol> Engine<'e, P> {
    fn new(
        env: &'e Env<'e, P>,
        model: &'e SystemModel,
        faults: &[Fault],
        inputs: &'e [Timed<P::Input>],
    ) -> Self {
        let n = env.len();
        let seed = env.seed;
        let first = (0..n).map(|id| env.protocol.first_status(id).word()).collect();
        let mut e = Engine {
            env,
            inputs,
            nodes: Nodes::new(env),
            net: TimedNet {
                model,
                env,
                hits: Vec::new(),
                rng: Pcg64Mcg::new(0x5eed_5111_c0de_c0de ^ (u128::from(seed) << 64 | u128::from(seed))),
                queue: BinaryHeap::new(),
                seq: 0,
                now: 0.0,
                timers: vec![Vec::new(); n],
                payloads: Vec::new(),
                last_due: HashMap::new(),
                rec: Recorder::new(first),
            },
            checker: Checker::new(env.protocol),
            desk: Desk::new(n, model.service),
        };
        for node in 0..n {
            e.net.push(0.0, Item::Start(node));
        }
        for fault in faults {
            e.plan(fault);
        }
        for (i, &(at, node, _)) in inputs.iter().enumerate() {
            e.net.push(at, Item::Input(node, i));
        }
        e
    }

    /// Queues a crash or recovery, or keeps a fault on messages for the
    /// sends it hits. Names were checked with the scenario.
    fn plan(&mut self, fault: &Fault) {
        let id = |name: &str| self.env.node(name).unwrap_or(0);
        match fault {
            Fault::Crash { node, at } => self.net.push(*at, Item::Crash(id(node))),
            Fault::Recover { node, at } => self.net.push(*at, Item::Recover(id(node))),
            Fault::Drop { from, to, nth } => {
                self.net.hits.push(Hit::Drop { from: id(from), to: id(to), nth: *nth })
            }
            Fault::Delay { from, to, nth, by } => {
                self.net.hits.push(Hit::Delay { from: id(from), to: id(to), nth: *nth, by: *by })
            }
            Fault::Partition { groups, from, until } => {
                let side = |n: &String| groups.iter().position(|g| g.contains(n));
                let sides: Vec<Option<usize>> = self.env.names.iter().map(side).collect();
                let spans = groups.iter().map(|g| g.iter().map(|n| id(n)).collect()).collect();
                let span = PartitionSpan { sides: spans, from: *from, until: Some(*until) };
                self.net.rec.record.partitions.push(span);
                self.net.hits.push(Hit::Partition { sides, from: *from, until: *until });
            }
        }
    }

    fn up(&self, n: NodeId) -> bool {
        self.nodes.nodes[n].up
    }

    /// An item comes due: handled now, or, with a service time, once its
    /// node has served what arrived before it.
    fn arrive(&mut self, item: Item<P::Timer>) {
        let now = self.net.now;
        match (item, self.server(&item)) {
            (Item::Free(n), _) => {
                if self.desk.is_free(n, now) {
                    self.serve_next(n);
                }
            }
            (Item::Crash(n), _) => {
                self.step(item);
                // What waited is lost with the node (deliveries say so).
                for lost in self.desk.crash(n, now) {
                    self.step(lost);
                }
            }
            (_, Some(n)) => {
                if let Some(item) = self.desk.admit(n, now, item) {
                    self.serve(n, item);
                }
            }
            (_, None) => {
                self.step(item);
            }
        }
    }

    /// The node whose server `item` waits for: none without a service time,
    /// and none for a crash (a fault takes no turn).
    fn server(&self, item: &Item<P::Timer>) -> Option<NodeId> {
        if self.net.model.service == 0.0 {
            return None;
        }
        match *item {
            Item::Start(n) | Item::Timer(n, ..) | Item::Recover(n) | Item::Input(n, _) => Some(n),
            Item::Deliver(m) => Some(self.net.rec.record.messages[m].to),
            Item::Crash(_) | Item::Free(_) => None,
        }
    }

    /// Node `n` is free: it takes up `item`, or if that does nothing (a
    /// stale timer), what waits next; the first that does something
    /// occupies it for the service time.
    fn serve(&mut self, n: NodeId, item: Item<P::Timer>) {
        if self.step(item) {
            let free = self.desk.occupy(n, self.net.now);
            self.net.push(free, Item::Free(n));
        } else {
            self.serve_next(n);
        }
    }

    fn serve_next(&mut self, n: NodeId) {
        while let Some(item) = self.desk.next(n) {
            if self.step(item) {
                let free = self.desk.occupy(n, self.net.now);
                self.net.push(free, Item::Free(n));
                return;
            }
        }
    }

    /// Applies one item; true when a node handled it (an event recorded).
    fn step(&mut self, item: Item<P::Timer>) -> bool {
        match item {
            Item::Start(n) if self.up(n) => self.handle(n, Call::Start, What::Start).is_some(),
            Item::Deliver(m) => self.deliver(m),
            // A timer counts only if not replaced, cancelled or lost in a crash.
            Item::Timer(n, timer, generation) if self.up(n) && self.net.armed(n, timer, generation) => {
                self.handle(n, Call::Timer(timer), What::Timeout(timer.label())).is_some()
            }
            Item::Crash(n) if self.up(n) => {
                self.nodes.nodes[n].up = false;
                self.net.timers[n].iter_mut().for_each(|a| a.armed = false);
                let now = self.net.now;
                self.net.rec.crash(n, now, self.env.clocks[n].read(now));
                false
            }
            Item::Recover(n) if !self.up(n) && self.env.recovery => {
                self.net.rec.record.alive[n] = true;
                self.handle(n, Call::Recover, What::Recover).is_some()
            }
            Item::Input(n, i) if self.up(n) => {
                let input = &self.inputs[i].2;
                self.handle(n, Call::Input(input), What::Input(input.label())).is_some()
            }
            _ => false,
        }
    }

    /// Delivers message `m`; false when its receiver is down (it is lost).
    fn deliver(&mut self, m: usize) -> bool {
        let (from, to) = (self.net.rec.record.messages[m].from, self.net.rec.record.messages[m].to);
        if !self.up(to) {
            self.net.rec.record.messages[m].lost = true;
            return false;
        }
        let msg = self.net.payloads[m].clone();
        let event = self.handle(to, Call::Msg(from, &msg), What::Receive(m));
        self.net.rec.record.messages[m].received = event;
        event.is_some()
    }

    /// Runs a handler, records its event and applies its effects; returns
    /// the event's index (none for a timer that found nothing to do).
    fn handle(&mut self, n: NodeId, call: Call<'_, P>, what: What) -> Option<usize> {
        let local = self.env.clocks[n].read(self.net.now);
        let timer = matches!(call, Call::Timer(_));
        let effects = self.nodes.call(self.env, n, call, local, &mut self.net.rng, true);
        if timer && effects.is_empty() {
            return None;
        }
        let event = self.net.rec.begin(n, self.net.now, local, what);
        self.nodes.apply(self.env, n, effects, &mut self.net);
        self.net.rec.end();
        self.net.rec.shown(event, self.env.protocol.shown(&self.nodes.nodes[n].state));
        Some(event)
    }
}
