//! The time lab's own discrete-event simulation: a queue of starts,
//! timers and deliveries ordered by (true time, insertion order), links
//! that draw each message's delay (and loss, and duplication) from the
//! seeded generator, the faults on messages, every node's correctable
//! clock, and the framework's [`Recorder`], so a run leaves the same
//! [`crate::core::sim::record::Record`] as any protocol's and the page
//! draws it the same way.
//!
//! Why not the framework's engine: its links have one delay for every
//! channel (at least 0.1), its clocks are physical clocks no handler can
//! correct, and its events record the physical reading. Time
//! synchronisation needs millisecond delays per direction, clocks that
//! steps and slews change while the run goes, and the corrected reading on
//! every event.
//!
//! An algorithm is a set of [`Handlers`]; it reads clocks, sends, sets
//! timers and adjusts clocks only through the [`World`]. Every server
//! answers requests the same way ([`World::answer`]).

use super::clock::SoftClock;
use super::discipline::{secs, Decision, Kind};
use super::faults::{Fault, Faults};
use super::onwire::Stamps;
use super::report::{Adjustment, Exchange, FilterRun, Round, Selection};
use super::scenario::Scenario;
use crate::core::sim::clock::Clock;
use crate::core::sim::model::uniform;
use crate::core::sim::record::{Recorder, What};
use crate::core::sim::{NodeId, Time};
use rand_pcg::Pcg64Mcg;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

/// The most events a run records (the scenario check expects at most
/// half as many; duplicating links can add more).
pub const MAX_RUN_EVENTS: usize = 200_000;

/// What a server says about itself in a reply (RFC 5905 §7.3).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ServerInfo {
    /// The stratum it announces (16: unsynchronised).
    pub stratum: u32,
    /// Its root delay, s.
    pub root_delay: f64,
    /// Its root dispersion, s.
    pub root_dispersion: f64,
}

/// What a message carries.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Payload {
    /// A request stamped with the client's T1.
    Request { t1: f64 },
    /// A reply: T1 echoed, T2 and T3; `truth` holds the true times of
    /// T1–T3 for the report only (no algorithm reads it).
    Reply { t1: f64, t2: f64, t3: f64, truth: [Time; 3], info: ServerInfo },
    /// A Berkeley master's correction for the receiver.
    Correction { amount: f64 },
}

impl Payload {
    fn label(&self) -> String {
        match self {
            Payload::Request { .. } => "request".into(),
            Payload::Reply { .. } => "reply".into(),
            Payload::Correction { amount } => {
                format!("correction {}{}", if *amount >= 0.0 { "+" } else { "" }, secs(*amount))
            }
        }
    }
}

/// A message sent.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Message {
    pub from: NodeId,
    pub to: NodeId,
    pub payload: Payload,
    /// When it left (true time).
    pub sent: Time,
}

/// A node's timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Timer {
    /// Time to poll (NTP), start a round (Cristian, Berkeley).
    Poll,
    /// A Cristian try heard nothing.
    Try,
    /// A Berkeley round's replies are all in that will come.
    Round,
    /// ntpdate: time to set the clock.
    Decide,
    /// A server's turnaround is over: reply to pending request k.
    Reply(usize),
}

impl Timer {
    fn label(self) -> &'static str {
        match self {
            Timer::Poll => "poll",
            Timer::Try => "no reply",
            Timer::Round => "round ends",
            Timer::Decide => "decide",
            Timer::Reply(_) => "reply",
        }
    }
}

/// What an algorithm does on each kind of event.
pub(crate) trait Handlers {
    /// Node `n` starts (true time 0).
    fn start(&mut self, w: &mut World<'_>, n: NodeId);
    /// One of `n`'s timers fires.
    fn timer(&mut self, w: &mut World<'_>, n: NodeId, timer: Timer);
    /// Message `m` (a reply or a correction) arrives.
    fn receive(&mut self, w: &mut World<'_>, m: usize);
    /// What node `n` says about itself in a reply.
    fn info(&self, w: &World<'_>, n: NodeId) -> ServerInfo;
}

/// The report's sections, filled as the run goes.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Sections {
    pub exchanges: Vec<Exchange>,
    pub filters: Vec<FilterRun>,
    pub selections: Vec<Selection>,
    pub adjustments: Vec<Adjustment>,
    pub rounds: Vec<Round>,
}

/// A request waiting for its server's turnaround.
struct Pending {
    server: NodeId,
    client: NodeId,
    t1: f64,
    t2: f64,
    truth: [Time; 2],
}

#[derive(Clone, Copy, Debug)]
enum Item {
    Start(NodeId),
    Timer(NodeId, Timer, u64),
    Deliver(usize),
}

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
        // A max-heap: reversed, earliest first.
        other.time.total_cmp(&self.time).then(other.seq.cmp(&self.seq))
    }
}

/// Everything a run shares.
pub(crate) struct World<'s> {
    pub s: &'s Scenario,
    pub now: Time,
    pub clocks: Vec<SoftClock>,
    /// Nodes whose software has exited (ntpd's panic, ntpdate done).
    pub exited: Vec<bool>,
    pub out: Sections,
    pub messages: Vec<Message>,
    pub rec: Recorder,
    /// When the run stopped at [`MAX_RUN_EVENTS`], if it did.
    pub stopped: Option<Time>,
    pending: Vec<Pending>,
    queue: BinaryHeap<Queued>,
    seq: u64,
    rng: Pcg64Mcg,
    timers: HashMap<(NodeId, Timer), u64>,
    generation: u64,
    marks: Vec<(NodeId, String)>,
}

impl<'s> World<'s> {
    fn new(s: &'s Scenario, first: Vec<&'static str>) -> World<'s> {
        let mut clocks: Vec<SoftClock> = (s.nodes.iter().enumerate())
            .map(|(n, node)| SoftClock::new(Clock::new(&node.clock, s.seed, n, s.until)))
            .collect();
        for f in &s.faults {
            match *f {
                Fault::Falseticker { node, offset, window } => {
                    clocks[node].fault(window.from, window.until, offset)
                }
                Fault::ClockJump { node, by, at } => clocks[node].fault(at, None, by),
                _ => {}
            }
        }
        let seed = u128::from(s.seed);
        World {
            s,
            now: 0.0,
            exited: vec![false; s.nodes.len()],
            out: Sections::default(),
            messages: Vec::new(),
            rec: Recorder::new(first),
            stopped: None,
            pending: Vec::new(),
            queue: BinaryHeap::new(),
            seq: 0,
            rng: Pcg64Mcg::new(0x7153_c10c_5eed_0001 ^ (seed << 64 | seed)),
            timers: HashMap::new(),
            generation: 0,
            marks: Vec::new(),
            clocks,
        }
    }

    fn push(&mut self, time: Time, item: Item) {
        self.seq += 1;
        self.queue.push(Queued { time, seq: self.seq, item });
    }

    /// Node `n`'s clock read for a timestamp: its clock now, off by up to
    /// its reading jitter.
    pub fn stamp(&mut self, n: NodeId) -> f64 {
        let jitter = self.s.nodes[n].jitter;
        let noise = if jitter > 0.0 { (uniform(&mut self.rng) * 2.0 - 1.0) * jitter } else { 0.0 };
        self.clocks[n].read(self.now) + noise
    }

    /// Node `n`'s monotonic seconds counter now.
    pub fn counter(&self, n: NodeId) -> f64 {
        self.clocks[n].counter(self.now)
    }

    /// Sets `timer` to fire after `after` seconds of `n`'s counter,
    /// replacing a pending one of the same kind.
    pub fn set_timer(&mut self, n: NodeId, timer: Timer, after: f64) {
        let at = self.clocks[n].after(self.now, after);
        self.schedule(n, timer, at);
    }

    fn schedule(&mut self, n: NodeId, timer: Timer, at: Time) {
        self.generation += 1;
        self.timers.insert((n, timer), self.generation);
        self.push(at, Item::Timer(n, timer, self.generation));
    }

    /// Forgets a pending timer.
    pub fn cancel_timer(&mut self, n: NodeId, timer: Timer) {
        self.timers.remove(&(n, timer));
    }

    /// Sends `payload` from `from` to `to`: lost, delivered once or twice,
    /// after the link's delay and any burst of jitter.
    pub fn send(&mut self, from: NodeId, to: NodeId, payload: Payload) {
        let faults = Faults(&self.s.faults);
        let link = self.s.link(from, to);
        let nth = self.rec.nth(from, to);
        let lost = faults.lost(from, to, self.now) || uniform(&mut self.rng) < link.loss;
        let copies = if !lost && uniform(&mut self.rng) < link.duplicate { 2 } else { 1 };
        for _ in 0..copies {
            let m = self.rec.message(from, to, (payload.label(), Default::default()), self.now, nth);
            self.messages.push(Message { from, to, payload: payload.clone(), sent: self.now });
            if lost {
                self.rec.record.messages[m].lost = true;
                continue;
            }
            let (min, max) = link.delay;
            // Drawn even when a fault fixes it, so the rest of the run is unchanged.
            let drawn =
                min + uniform(&mut self.rng) * (max - min) + faults.extra(from, to, self.now, &mut self.rng);
            let delay = faults.fixed(from, to, nth).unwrap_or(drawn);
            let due = self.now + delay;
            self.rec.record.messages[m].due = Some(due);
            self.push(due, Item::Deliver(m));
        }
    }

    /// Server `n` answers request `m`: T2 now, T3 after its turnaround.
    fn answer(&mut self, n: NodeId, m: usize, info: ServerInfo) {
        let Payload::Request { t1 } = self.messages[m].payload else { return };
        let (client, sent) = (self.messages[m].from, self.messages[m].sent);
        let t2 = self.stamp(n);
        self.pending.push(Pending { server: n, client, t1, t2, truth: [sent, self.now] });
        let k = self.pending.len() - 1;
        let processing = self.s.nodes[n].processing;
        if processing > 0.0 {
            self.schedule(n, Timer::Reply(k), self.now + processing);
        } else {
            self.reply(k, info);
        }
    }

    fn reply(&mut self, k: usize, mut info: ServerInfo) {
        let p = &self.pending[k];
        let (server, client, t1, t2, truth) = (p.server, p.client, p.t1, p.t2, p.truth);
        if let Some(stratum) = Faults(&self.s.faults).stratum(server, self.now) {
            info.stratum = stratum;
        }
        let t3 = self.stamp(server);
        let truth = [truth[0], truth[1], self.now];
        self.send(server, client, Payload::Reply { t1, t2, t3, truth, info });
    }

    /// The stamps of reply `m` arriving at T4 = `t4`.
    pub fn stamps(&self, m: usize, t4: f64) -> Stamps {
        match self.messages[m].payload {
            Payload::Reply { t1, t2, t3, .. } => Stamps { t1, t2, t3, t4 },
            _ => Stamps { t1: t4, t2: t4, t3: t4, t4 },
        }
    }

    /// Records the exchange that reply `m` ends (arriving at T4 = `t4`),
    /// with the algorithm's offset and delay.
    pub fn exchange(
        &mut self,
        m: usize,
        t4: f64,
        computed: (f64, f64),
        accuracy: Option<f64>,
        discarded: Option<&'static str>,
    ) {
        let stamps = self.stamps(m, t4);
        let msg = &self.messages[m];
        let Payload::Reply { truth, .. } = msg.payload else { return };
        self.out.exchanges.push(Exchange {
            client: msg.to,
            server: msg.from,
            stamps,
            truth: [truth[0], truth[1], truth[2], self.now],
            offset: computed.0,
            delay: computed.1,
            accuracy,
            discarded,
        });
    }

    /// Node `n` acts on `decision`: steps, slews, exits on a panic, or does
    /// nothing; every decision is reported.
    pub fn adjust(&mut self, n: NodeId, decision: Decision) {
        let sign = if decision.amount >= 0.0 { "+" } else { "" };
        match decision.kind {
            Kind::Step => {
                self.clocks[n].step(self.now, decision.amount);
                self.marks.push((n, format!("step {sign}{}", secs(decision.amount))));
            }
            Kind::Slew => {
                let rate = decision.rate_ppm.unwrap_or(super::constants::MAX_SLEW_PPM);
                self.clocks[n].slew(self.now, decision.amount, rate);
            }
            Kind::Panic => {
                self.exited[n] = true;
                self.marks.push((n, format!("panic: {sign}{} refused; exits", secs(decision.amount))));
                self.show(n, "exited");
            }
            Kind::None => {}
        }
        self.out.adjustments.push(Adjustment { node: n, at: self.now, decision });
    }

    /// Node `n` shows `word` on its timeline from now on.
    pub fn show(&mut self, n: NodeId, word: &'static str) {
        self.rec.show(n, self.now, word);
    }

    /// Node `n`'s software stops: it neither polls nor answers any more.
    pub fn exit(&mut self, n: NodeId) {
        self.exited[n] = true;
        self.show(n, "exited");
    }

    /// Records an event, runs `handle` for it, then records the steps and
    /// panics it caused as local events after it.
    fn event(&mut self, n: NodeId, what: What, handle: impl FnOnce(&mut World<'s>)) {
        let local = self.clocks[n].read(self.now);
        let event = self.rec.begin(n, self.now, local, what.clone());
        if let What::Receive(m) = what {
            self.rec.record.messages[m].received = Some(event);
        }
        handle(self);
        self.rec.end();
        for (node, label) in std::mem::take(&mut self.marks) {
            let local = self.clocks[node].read(self.now);
            self.rec.begin(node, self.now, local, What::Input(label));
            self.rec.end();
        }
    }
}

/// Runs `algorithm` over scenario `s`; `first` is each node's first status.
pub(crate) fn run<'s, A: Handlers>(
    s: &'s Scenario,
    algorithm: &mut A,
    first: Vec<&'static str>,
) -> World<'s> {
    let mut w = World::new(s, first);
    for n in 0..s.nodes.len() {
        w.push(0.0, Item::Start(n));
    }
    while let Some(Queued { time, item, .. }) = w.queue.pop() {
        if time > s.until {
            break;
        }
        if w.rec.record.events.len() >= MAX_RUN_EVENTS {
            w.stopped = Some(time);
            break;
        }
        w.now = time;
        step(&mut w, algorithm, item);
    }
    w.now = s.until;
    for n in 0..s.nodes.len() {
        w.event(n, What::Input("end".into()), |_| {});
    }
    w
}

fn step<A: Handlers>(w: &mut World<'_>, algorithm: &mut A, item: Item) {
    match item {
        Item::Start(n) => w.event(n, What::Start, |w| algorithm.start(w, n)),
        Item::Timer(n, timer, generation) => {
            if w.timers.get(&(n, timer)) != Some(&generation) || w.exited[n] {
                return;
            }
            w.timers.remove(&(n, timer));
            w.event(n, What::Timeout(timer.label().into()), |w| match timer {
                Timer::Reply(k) => w.reply(k, algorithm.info(w, n)),
                _ => algorithm.timer(w, n, timer),
            });
        }
        Item::Deliver(m) => {
            let to = w.messages[m].to;
            if w.exited[to] {
                w.rec.record.messages[m].lost = true;
                return;
            }
            w.event(to, What::Receive(m), |w| match w.messages[m].payload {
                Payload::Request { .. } => w.answer(to, m, algorithm.info(w, to)),
                _ => algorithm.receive(w, m),
            });
        }
    }
}
