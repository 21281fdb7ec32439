//! The discrete-event engine: a queue of timed items ordered by (time,
//! insertion order), nodes that return effects, and faults applied as
//! actions. It records what happened as events and messages, which
//! [`super::outcome`] turns into a trace, invariants and metrics.

use super::model::{Failures, SystemModel};
use super::scenario::{Fault, Scenario, Step};
use super::{Decision, Effect, Message, Node, NodeId, Status, Time};
use rand_pcg::Pcg64Mcg;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

/// What a recorded event was.
#[derive(Clone, Debug, PartialEq)]
pub enum What {
    /// The node started.
    Start,
    /// Message `m` arrived.
    Receive(usize),
    /// A timer fired.
    Timeout(&'static str),
    /// The node crashed.
    Crash,
    /// The node recovered from its log.
    Recover,
    /// The node sent these messages (right after its previous event).
    Send(Vec<usize>),
}

/// One recorded event.
#[derive(Clone, Debug, PartialEq)]
pub struct SimEvent {
    /// Where.
    pub node: NodeId,
    /// When.
    pub time: Time,
    /// What.
    pub what: What,
    /// The decision taken there, if any.
    pub decided: Option<Decision>,
}

/// One message: sent by a send event, received (or not) by a receive event.
#[derive(Clone, Debug, PartialEq)]
pub struct SimMessage {
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// Its label.
    pub label: String,
    /// When it was sent.
    pub sent: Time,
    /// Which of the messages from its sender to its receiver it is, from 1
    /// (copies made by a duplicating link share it): what `Drop` and
    /// `Delay` faults name.
    pub nth: usize,
    /// Its receive event, if it arrived.
    pub received: Option<usize>,
}

/// A finished run.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// Events in the order they happened.
    pub events: Vec<SimEvent>,
    /// Messages.
    pub messages: Vec<SimMessage>,
    /// Each node's status changes.
    pub timelines: Vec<Vec<(Time, Status)>>,
    /// Each node's first decision and when.
    pub decisions: Vec<Option<(Decision, Time)>>,
    /// Each node's stable log at the end.
    pub logs: Vec<Vec<String>>,
    /// Whether each node is up at the end.
    pub alive: Vec<bool>,
    /// Messages still on their way when the run ends (a scripted run's
    /// pool, a timed run's deliveries due after `until`): in flight, not
    /// lost.
    pub in_flight: Vec<usize>,
}

#[derive(Clone, Copy, Debug)]
enum Item {
    Start(NodeId),
    Deliver(usize),
    Timer(NodeId, &'static str, u64),
    Crash(NodeId),
    Recover(NodeId),
}

/// A queued item: earlier time first, then earlier insertion.
struct Queued {
    time: Time,
    seq: u64,
    item: Item,
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        // BinaryHeap is a max-heap: reverse for earliest first.
        other.time.total_cmp(&self.time).then(other.seq.cmp(&self.seq))
    }
}

/// Runs `nodes` (index = node id) under `scenario`'s model and faults.
pub fn simulate<N: Node>(scenario: &Scenario, nodes: Vec<N>) -> Record {
    let mut e = Engine::new(scenario, nodes);
    e.run();
    e.record
}

struct Engine<'s, N: Node> {
    scenario: &'s Scenario,
    model: SystemModel,
    nodes: Vec<N>,
    rng: Pcg64Mcg,
    queue: BinaryHeap<Queued>,
    seq: u64,
    timers: Vec<HashMap<&'static str, u64>>,
    payloads: Vec<N::Msg>,
    /// Messages sent so far between each ordered pair (for nth-message faults).
    counts: HashMap<(NodeId, NodeId), usize>,
    record: Record,
    /// Scripted runs: messages in flight, oldest first, and the partition
    /// in force (each node's side).
    pool: Vec<usize>,
    sides: Option<Vec<Option<usize>>>,
}

impl<'s, N: Node> Engine<'s, N> {
    fn new(scenario: &'s Scenario, nodes: Vec<N>) -> Self {
        let n = nodes.len();
        let seed = scenario.seed;
        let mut e = Engine {
            scenario,
            model: scenario.model,
            nodes,
            rng: Pcg64Mcg::new(0x5eed_5111_c0de_c0de ^ (u128::from(seed) << 64 | u128::from(seed))),
            queue: BinaryHeap::new(),
            seq: 0,
            timers: vec![HashMap::new(); n],
            payloads: Vec::new(),
            counts: HashMap::new(),
            record: Record {
                events: Vec::new(),
                messages: Vec::new(),
                timelines: vec![vec![(0.0, Status::Working)]; n],
                decisions: vec![None; n],
                logs: vec![Vec::new(); n],
                alive: vec![true; n],
                in_flight: Vec::new(),
            },
            pool: Vec::new(),
            sides: None,
        };
        for node in 0..n {
            e.push(0.0, Item::Start(node));
        }
        let timed = if scenario.schedule.is_empty() { &scenario.faults[..] } else { &[] };
        for fault in timed {
            match fault {
                Fault::Crash { node, at } => e.push(*at, Item::Crash(scenario.node(node).unwrap_or(0))),
                Fault::Recover { node, at } => e.push(*at, Item::Recover(scenario.node(node).unwrap_or(0))),
                _ => {}
            }
        }
        e
    }

    fn push(&mut self, time: Time, item: Item) {
        self.seq += 1;
        self.queue.push(Queued { time, seq: self.seq, item });
    }

    fn run(&mut self) {
        if !self.scenario.schedule.is_empty() {
            self.run_scripted();
            self.record.in_flight = self.pool.clone();
            return;
        }
        while let Some(Queued { time, item, .. }) = self.queue.pop() {
            if time > self.scenario.until {
                self.queue.push(Queued { time, seq: 0, item });
                break;
            }
            self.step(time, item);
        }
        // What the run's end cuts short was still on its way.
        let due = self.queue.drain().filter_map(|q| match q.item {
            Item::Deliver(m) => Some(m),
            _ => None,
        });
        let mut in_flight: Vec<usize> = due.collect();
        in_flight.sort_unstable();
        self.record.in_flight = in_flight;
    }

    /// Starts every node at 0, then applies the schedule's steps at 1, 2, ...
    fn run_scripted(&mut self) {
        while let Some(Queued { item, .. }) = self.queue.pop() {
            self.step(0.0, item);
        }
        let steps = self.scenario.schedule.clone();
        for (i, step) in steps.iter().enumerate() {
            self.scripted(step, (i + 1) as Time);
        }
    }

    fn scripted(&mut self, step: &Step, now: Time) {
        let id = |name: &str| self.scenario.node(name).unwrap_or(0);
        let oldest = |e: &Self, from: &str, to: &str| {
            let (f, t) = (id(from), id(to));
            e.pool.iter().position(|&m| e.record.messages[m].from == f && e.record.messages[m].to == t)
        };
        match step {
            Step::Deliver { from, to } => {
                if let Some(i) = oldest(self, from, to) {
                    let m = self.pool.remove(i);
                    self.step(now, Item::Deliver(m));
                }
            }
            Step::Drop { from, to } => {
                if let Some(i) = oldest(self, from, to) {
                    self.pool.remove(i);
                }
            }
            Step::Crash { node } => self.step(now, Item::Crash(id(node))),
            Step::Timeout { node, timer } => {
                let n = id(node);
                let armed =
                    self.timers[n].iter().find(|(name, _)| **name == timer.as_str()).map(|(k, g)| (*k, *g));
                if let Some((name, generation)) = armed {
                    self.step(now, Item::Timer(n, name, generation));
                    // Fired: only a new timer of that name can fire again.
                    if self.timers[n].get(name) == Some(&generation) {
                        self.timers[n].remove(name);
                    }
                }
            }
            Step::Partition { groups } => {
                let side = |n: NodeId| groups.iter().position(|g| g.iter().any(|x| id(x) == n));
                self.sides = Some((0..self.nodes.len()).map(side).collect());
            }
        }
    }

    fn step(&mut self, now: Time, item: Item) {
        let mut out = Vec::new();
        match item {
            Item::Start(n) if self.record.alive[n] => {
                self.nodes[n].start(&mut out);
                self.handled(n, now, What::Start, out);
            }
            Item::Deliver(m) => {
                let (from, to) = (self.record.messages[m].from, self.record.messages[m].to);
                if self.record.alive[to] {
                    let msg = self.payloads[m].clone();
                    self.nodes[to].receive(from, &msg, &mut out);
                    let e = self.handled(to, now, What::Receive(m), out);
                    self.record.messages[m].received = Some(e);
                }
            }
            // A timer counts only if not replaced or cleared by a crash.
            Item::Timer(n, name, generation)
                if self.record.alive[n] && self.timers[n].get(name) == Some(&generation) =>
            {
                self.nodes[n].timeout(name, &mut out);
                // A timer that finds nothing to do is not worth an event.
                if !out.is_empty() {
                    self.handled(n, now, What::Timeout(name), out);
                }
            }
            Item::Crash(n) if self.record.alive[n] => {
                self.record.alive[n] = false;
                self.timers[n].clear();
                self.record.timelines[n].push((now, Status::Crashed));
                self.record.events.push(SimEvent { node: n, time: now, what: What::Crash, decided: None });
            }
            Item::Recover(n) if !self.record.alive[n] && self.model.nodes == Failures::CrashRecovery => {
                self.record.alive[n] = true;
                self.nodes[n] = self.nodes[n].reset();
                let back = match self.record.decisions[n] {
                    Some((Decision::Commit, _)) => Status::Committed,
                    Some((Decision::Abort, _)) => Status::Aborted,
                    None => Status::Working,
                };
                self.record.timelines[n].push((now, back));
                let log = self.record.logs[n].clone();
                self.nodes[n].recover(&log, &mut out);
                self.handled(n, now, What::Recover, out);
            }
            _ => {}
        }
    }

    /// Records the handler's event and applies its effects; returns the
    /// event's index.
    fn handled(&mut self, n: NodeId, now: Time, what: What, out: Vec<Effect<N::Msg>>) -> usize {
        let event = self.record.events.len();
        self.record.events.push(SimEvent { node: n, time: now, what, decided: None });
        let mut sent = Vec::new();
        for effect in out {
            match effect {
                Effect::Send { to, msg } => sent.extend(self.send(n, to, msg, now)),
                Effect::Timer { name, after } => {
                    let generation = self.timers[n].get(name).map_or(1, |g| g + 1);
                    self.timers[n].insert(name, generation);
                    // A scripted run fires timers only when a step says so.
                    if self.scenario.schedule.is_empty() {
                        self.push(now + after, Item::Timer(n, name, generation));
                    }
                }
                Effect::Persist(record) => self.record.logs[n].push(record),
                Effect::Decide(d) => {
                    if self.record.decisions[n].is_none() {
                        self.record.decisions[n] = Some((d, now));
                        self.record.events[event].decided = Some(d);
                    }
                }
                Effect::Enter(status) => {
                    if self.record.timelines[n].last().map(|&(_, s)| s) != Some(status) {
                        self.record.timelines[n].push((now, status));
                    }
                }
            }
        }
        if !sent.is_empty() {
            self.record.events.push(SimEvent { node: n, time: now, what: What::Send(sent), decided: None });
        }
        event
    }

    /// Sends `msg`; returns the message records made (none when the sender
    /// sends to itself, two when the link duplicates it).
    fn send(&mut self, from: NodeId, to: NodeId, msg: N::Msg, now: Time) -> Vec<usize> {
        if from == to {
            return Vec::new();
        }
        if !self.scenario.schedule.is_empty() {
            return vec![self.send_scripted(from, to, msg, now)];
        }
        let count = self.counts.entry((from, to)).or_insert(0);
        *count += 1;
        let nth = *count;
        let mut delays = self.model.transit(now, &mut self.rng);
        for fault in &self.scenario.faults {
            match fault {
                Fault::Drop { from: f, to: t, nth: k } if self.is(f, from) && self.is(t, to) && *k == nth => {
                    delays.clear()
                }
                Fault::Delay { from: f, to: t, nth: k, by }
                    if self.is(f, from) && self.is(t, to) && *k == nth =>
                {
                    delays.iter_mut().for_each(|d| *d += by)
                }
                Fault::Partition { groups, from: start, until }
                    if (*start..*until).contains(&now) && self.apart(groups, from, to) =>
                {
                    delays.clear()
                }
                _ => {}
            }
        }
        // A lost message is still drawn, going nowhere.
        let copies = delays.len().max(1);
        (0..copies)
            .map(|i| {
                let m = self.record.messages.len();
                let label = msg.label();
                self.record.messages.push(SimMessage { from, to, label, sent: now, nth, received: None });
                self.payloads.push(msg.clone());
                if let Some(&d) = delays.get(i) {
                    self.push(now + d, Item::Deliver(m));
                }
                m
            })
            .collect()
    }

    /// A scripted send waits in the pool for a step to deliver it, unless a
    /// partition in force cuts it off.
    fn send_scripted(&mut self, from: NodeId, to: NodeId, msg: N::Msg, now: Time) -> usize {
        let m = self.record.messages.len();
        let count = self.counts.entry((from, to)).or_insert(0);
        *count += 1;
        let nth = *count;
        self.record.messages.push(SimMessage {
            from,
            to,
            label: msg.label(),
            sent: now,
            nth,
            received: None,
        });
        self.payloads.push(msg);
        let cut = self.sides.as_ref().is_some_and(|s| s[from] != s[to]);
        if !cut {
            self.pool.push(m);
        }
        m
    }

    fn is(&self, name: &str, node: NodeId) -> bool {
        self.scenario.node(name).ok() == Some(node)
    }

    /// True when `a` and `b` are in different groups of a partition (a
    /// node in no group is cut off from everyone in one).
    fn apart(&self, groups: &[Vec<String>], a: NodeId, b: NodeId) -> bool {
        let side = |n: NodeId| groups.iter().position(|g| g.iter().any(|name| self.is(name, n)));
        side(a) != side(b)
    }
}
