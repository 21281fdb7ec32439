//! The untimed world of scripted replays and the explorer: every node, the
//! messages in flight (a multiset, oldest first), the pending timers, the
//! partition in force, and the faults used so far. Steps change it one at a
//! time; a scripted replay also records what happened, the explorer only
//! fingerprints the states it reaches.
//!
//! Two worlds that differ only in the order of their messages in flight or
//! of their timers are the same state: the fingerprint hashes them as
//! multisets.

use super::env::Env;
use super::interpret::{Call, Network, Nodes};
use super::protocol::{Label, Protocol, Word};
use super::record::{PartitionSpan, Recorder, What};
use super::{NodeId, Time};
use foldhash::quality::FixedState;
use rand_pcg::Pcg64Mcg;
use std::hash::{BuildHasher, Hash, Hasher};

/// A message in flight.
#[derive(Clone, Debug)]
pub struct Envelope<M> {
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// The message.
    pub msg: M,
    /// Its id in the record (scripted replays only; not part of the state).
    id: usize,
}

impl<M: PartialEq> PartialEq for Envelope<M> {
    fn eq(&self, other: &Self) -> bool {
        (self.from, self.to) == (other.from, other.to) && self.msg == other.msg
    }
}

impl<M: Hash> Hash for Envelope<M> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (self.from, self.to, &self.msg).hash(h);
    }
}

/// Faults used so far on the way to a state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Used {
    /// Crashes.
    pub crashes: usize,
    /// Dropped messages.
    pub drops: usize,
    /// Recoveries.
    pub recoveries: usize,
}

/// The network of an untimed world: what is in flight, what timers are
/// pending, which partition is in force.
pub struct Pool<P: Protocol> {
    /// Messages in flight, oldest first.
    pub flight: Vec<Envelope<P::Msg>>,
    /// Pending timers, oldest first.
    pub timers: Vec<(NodeId, P::Timer)>,
    /// Each node's side of the partition in force.
    pub sides: Option<Vec<u8>>,
    now: Time,
    rec: Option<Box<Recorder>>,
}

impl<P: Protocol> Clone for Pool<P> {
    fn clone(&self) -> Self {
        Pool {
            flight: self.flight.clone(),
            timers: self.timers.clone(),
            sides: self.sides.clone(),
            now: self.now,
            rec: self.rec.clone(),
        }
    }
}

impl<P: Protocol> Network<P> for Pool<P> {
    fn send(&mut self, from: NodeId, to: NodeId, msg: P::Msg) {
        let cut = self.sides.as_ref().is_some_and(|s| s[from] != s[to]);
        let id = match &mut self.rec {
            Some(rec) => {
                let nth = rec.nth(from, to);
                let m = rec.message(from, to, (msg.label(), msg.fields()), self.now, nth);
                rec.record.messages[m].lost = cut;
                m
            }
            None => 0,
        };
        if !cut {
            self.flight.push(Envelope { from, to, msg, id });
        }
    }

    fn set_timer(&mut self, node: NodeId, timer: P::Timer, _after: Time) {
        if !self.timers.contains(&(node, timer)) {
            self.timers.push((node, timer));
        }
    }

    fn cancel_timer(&mut self, node: NodeId, timer: P::Timer) {
        self.timers.retain(|&t| t != (node, timer));
    }

    fn decided(&mut self, node: NodeId, decision: P::Decision) {
        if let Some(rec) = &mut self.rec {
            rec.decided(node, decision.word(), self.now);
        }
    }

    fn show(&mut self, node: NodeId, status: P::Status) {
        if let Some(rec) = &mut self.rec {
            rec.show(node, self.now, status.word());
        }
    }

    fn note(&mut self, node: NodeId, note: crate::core::sim::record::Note) {
        if let Some(rec) = &mut self.rec {
            rec.note(node, note);
        }
    }

    fn settle(&mut self, node: NodeId, key: u64) {
        if let Some(rec) = &mut self.rec {
            rec.settle(node, key);
        }
    }
}

/// One state of the untimed world.
pub struct World<P: Protocol> {
    /// Every node.
    pub nodes: Nodes<P>,
    /// The network.
    pub net: Pool<P>,
    /// Faults used so far.
    pub used: Used,
    /// How many of its inputs each node has been given.
    pub given: Vec<usize>,
}

impl<P: Protocol> Clone for World<P> {
    fn clone(&self) -> Self {
        World { nodes: self.nodes.clone(), net: self.net.clone(), used: self.used, given: self.given.clone() }
    }
}

impl<P: Protocol> World<P> {
    /// Every node started, at time 0; `record` keeps a record of the run.
    pub fn start(env: &Env<'_, P>, record: bool) -> Self {
        let first = (0..env.len()).map(|n| env.protocol.first_status(n).word()).collect();
        let mut w = World {
            nodes: Nodes::new(env),
            net: Pool {
                flight: Vec::new(),
                timers: Vec::new(),
                sides: None,
                now: 0.0,
                rec: record.then(|| Box::new(Recorder::new(first))),
            },
            used: Used::default(),
            given: vec![0; env.len()],
        };
        for n in 0..env.len() {
            w.handle(env, n, Call::Start, What::Start);
        }
        w
    }

    /// The record kept so far (a world started with `record`).
    pub(crate) fn into_record(self) -> Option<super::record::Record> {
        self.net.rec.map(|r| (*r).finish())
    }

    /// Sets the time of the steps that follow (scripted steps happen at 1,
    /// 2, ...).
    pub fn at(&mut self, now: Time) {
        self.net.now = now;
    }

    /// The index in flight of the message from `from` to `to` that
    /// overtakes `overtaking` older ones on that channel.
    pub fn on_channel(&self, from: NodeId, to: NodeId, overtaking: usize) -> Option<usize> {
        let mut on = self.net.flight.iter().enumerate().filter(|(_, e)| (e.from, e.to) == (from, to));
        on.nth(overtaking).map(|(i, _)| i)
    }

    /// True when nothing is in flight.
    pub fn quiet(&self) -> bool {
        self.net.flight.is_empty()
    }

    /// Runs node `n`'s handler and applies its effects, recording the event
    /// (a timer that finds nothing to do is not worth one).
    fn handle(&mut self, env: &Env<'_, P>, n: NodeId, call: Call<'_, P>, what: What) -> Option<usize> {
        let now = self.net.now;
        // Its own generator per handler call, so a step does the same
        // whichever path led to it.
        let seed = u128::from(env.seed) << 64 | u128::from(now.to_bits() ^ (n as u64).rotate_left(32));
        let mut rng = Pcg64Mcg::new(seed ^ 0x005e_ed0f_5c4e_d01e);
        let timer = matches!(call, Call::Timer(_));
        let noting = self.net.rec.is_some();
        let effects = self.nodes.call(env, n, call, env.clocks[n].read(now), &mut rng, noting);
        let event = match &mut self.net.rec {
            Some(rec) if !(timer && effects.is_empty()) => {
                Some(rec.begin(n, now, env.clocks[n].read(now), what))
            }
            _ => None,
        };
        self.nodes.apply(env, n, effects, &mut self.net);
        if let Some(rec) = &mut self.net.rec {
            rec.end();
            if let Some(e) = event {
                rec.shown(e, env.protocol.shown(&self.nodes.nodes[n].state));
            }
        }
        event
    }

    /// Delivers message `i` in flight (to nothing, if its receiver is down).
    pub fn deliver(&mut self, env: &Env<'_, P>, i: usize) {
        let e = self.net.flight.remove(i);
        if !self.nodes.nodes[e.to].up {
            return self.lose(e.id);
        }
        let event = self.handle(env, e.to, Call::Msg(e.from, &e.msg), What::Receive(e.id));
        if let Some(rec) = &mut self.net.rec {
            rec.record.messages[e.id].received = event;
        }
    }

    /// Loses message `i` in flight.
    pub fn drop_message(&mut self, i: usize) {
        let e = self.net.flight.remove(i);
        self.used.drops += 1;
        self.lose(e.id);
    }

    fn lose(&mut self, id: usize) {
        if let Some(rec) = &mut self.net.rec {
            rec.record.messages[id].lost = true;
        }
    }

    /// Node `n` crashes: its timers go, its memory will not come back.
    pub fn crash(&mut self, env: &Env<'_, P>, n: NodeId) {
        if !self.nodes.nodes[n].up {
            return;
        }
        self.nodes.nodes[n].up = false;
        self.net.timers.retain(|&(m, _)| m != n);
        self.used.crashes += 1;
        if let Some(rec) = &mut self.net.rec {
            rec.crash(n, self.net.now, env.clocks[n].read(self.net.now));
        }
    }

    /// Node `n` recovers from its stable storage (crash-recovery only).
    pub fn recover(&mut self, env: &Env<'_, P>, n: NodeId) {
        if self.nodes.nodes[n].up || !env.recovery {
            return;
        }
        self.used.recoveries += 1;
        if let Some(rec) = &mut self.net.rec {
            rec.record.alive[n] = true;
        }
        self.handle(env, n, Call::Recover, What::Recover);
    }

    /// Node `n`'s pending `timer` fires.
    pub fn fire(&mut self, env: &Env<'_, P>, n: NodeId, timer: P::Timer) {
        self.net.timers.retain(|&t| t != (n, timer));
        if self.nodes.nodes[n].up {
            self.handle(env, n, Call::Timer(timer), What::Timeout(timer.label()));
        }
    }

    /// From now on messages between different sides are lost, those in
    /// flight included.
    pub fn partition(&mut self, sides: Vec<u8>) {
        let (kept, cut): (Vec<_>, Vec<_>) =
            std::mem::take(&mut self.net.flight).into_iter().partition(|e| sides[e.from] == sides[e.to]);
        self.net.flight = kept;
        cut.into_iter().for_each(|e| self.lose(e.id));
        if let Some(rec) = &mut self.net.rec {
            let groups = (0..=sides.iter().copied().max().unwrap_or(0))
                .map(|s| (0..sides.len()).filter(|&n| sides[n] == s).collect())
                .collect();
            rec.record.partitions.push(PartitionSpan { sides: groups, from: self.net.now, until: None });
        }
        self.net.sides = Some(sides);
    }

    /// Node `n` is given `input` (its next one).
    pub fn input(&mut self, env: &Env<'_, P>, n: NodeId, input: &P::Input) {
        self.given[n] += 1;
        if self.nodes.nodes[n].up {
            self.handle(env, n, Call::Input(input), What::Input(input.label()));
        }
    }

    /// A fingerprint equal for equal states (in-flight messages and timers
    /// as multisets), the same on every run and machine.
    pub fn fingerprint(&self) -> u64 {
        let build = FixedState::with_seed(0x116e_7c0e);
        let mut h = build.build_hasher();
        self.nodes.hash(&mut h);
        hash_bag(&self.net.flight, &build, &mut h);
        hash_bag(&self.net.timers, &build, &mut h);
        (&self.net.sides, self.used, &self.given).hash(&mut h);
        h.finish()
    }
}

/// Hashes `items` as a multiset: their own hashes, sorted.
fn hash_bag<T: Hash>(items: &[T], build: &FixedState, h: &mut impl Hasher) {
    let mut each: Vec<u64> = items.iter().map(|x| build.hash_one(x)).collect();
    each.sort_unstable();
    each.hash(h);
}
