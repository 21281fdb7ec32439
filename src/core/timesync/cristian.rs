//! Cristian's algorithm (F. Cristian, "Probabilistic clock
//! synchronization", Distributed Computing 3(3), 1989): the client asks
//! its server the time; the server answers with its clock T; the client,
//! having measured the round trip RTT on its own clock, sets its clock to
//! T + RTT/2, assuming the answer took half the round trip to come back.
//!
//! It is right to within ±(RTT/2 − min), where min is the least one-way
//! delay: the answer took at least min and at most RTT − min to arrive.
//! The shorter the round trip, the tighter the bound, so with several tries
//! a round keeps the one with the shortest RTT (Cristian's probabilistic
//! part: retry until the round trip is short enough).
//!
//! Here a client runs a round every `poll` seconds: `tries` requests one
//! after another (the next as soon as a reply arrives, or after `timeout`
//! without one), then one step to the estimate of the shortest round trip.
//! `min` is the scenario's `min_delay`, or else the smaller lower bound of
//! the two links' delays. Each exchange reports its offset (T + RTT/2 −
//! T4), its delay (the RTT) and its accuracy.

use super::discipline::{secs, Decision, Kind};
use super::scenario::Scenario;
use super::world::{Handlers, Payload, ServerInfo, Timer, World};
use crate::core::sim::NodeId;

/// The best try of a round so far.
#[derive(Clone, Copy, Debug)]
struct Best {
    offset: f64,
    rtt: f64,
    accuracy: f64,
    try_no: u64,
}

#[derive(Clone, Debug)]
struct Client {
    server: NodeId,
    min: f64,
    asked: u64,
    waiting: Option<f64>,
    best: Option<Best>,
}

/// Cristian's clients over a scenario's nodes.
pub(crate) struct Cristian {
    clients: Vec<Option<Client>>,
    tries: u64,
}

/// The least one-way delay between `a` and `b` by the links.
pub(crate) fn least_delay(s: &Scenario, a: NodeId, b: NodeId) -> f64 {
    s.min_delay.unwrap_or_else(|| s.link(a, b).delay.0.min(s.link(b, a).delay.0))
}

impl Cristian {
    pub fn new(s: &Scenario) -> Cristian {
        let client = |n: NodeId| {
            let server = s.sync[n][0];
            Client { server, min: least_delay(s, n, server), asked: 0, waiting: None, best: None }
        };
        let clients = (0..s.nodes.len()).map(|n| (!s.sync[n].is_empty()).then(|| client(n))).collect();
        Cristian { clients, tries: s.tries }
    }

    /// Each node's first status.
    pub fn first(&self) -> Vec<&'static str> {
        self.clients.iter().map(|c| if c.is_some() { "unsynchronised" } else { "free" }).collect()
    }

    fn round(&mut self, w: &mut World<'_>, n: NodeId) {
        if let Some(c) = self.clients[n].as_mut() {
            (c.asked, c.best) = (0, None);
            self.ask(w, n);
            w.set_timer(n, Timer::Poll, w.s.poll);
        }
    }

    fn ask(&mut self, w: &mut World<'_>, n: NodeId) {
        let t1 = w.stamp(n);
        let Some(c) = self.clients[n].as_mut() else { return };
        c.asked += 1;
        c.waiting = Some(t1);
        w.send(n, c.server, Payload::Request { t1 });
        w.set_timer(n, Timer::Try, w.s.timeout);
    }

    /// The next try, or the end of the round.
    fn next(&mut self, w: &mut World<'_>, n: NodeId) {
        let Some(c) = self.clients[n].as_mut() else { return };
        c.waiting = None;
        if c.asked < self.tries {
            return self.ask(w, n);
        }
        let decision = match c.best {
            Some(b) => Decision::new(
                Kind::Step,
                b.offset,
                format!(
                    "Cristian: set to T + RTT/2 from the shortest round trip of {} (try {}, RTT {}), right to ±(RTT/2 − min) = ±{}",
                    self.tries,
                    b.try_no,
                    secs(b.rtt),
                    secs(b.accuracy)
                ),
            ),
            None => Decision::new(Kind::None, 0.0, format!("Cristian: no reply in {} tries", self.tries)),
        };
        w.adjust(n, decision);
        w.show(n, "synchronised");
    }

    fn reply(&mut self, w: &mut World<'_>, n: NodeId, m: usize) {
        let Payload::Reply { t1, .. } = w.messages[m].payload else { return };
        let Some(c) = self.clients[n].as_mut() else { return };
        let t4 = w.stamp(n);
        let stamps = w.stamps(m, t4);
        let (offset, rtt) = (stamps.cristian_offset(), stamps.round_trip());
        let accuracy = rtt / 2.0 - c.min;
        if c.waiting != Some(t1) {
            // An answer to a try given up on: the client has moved on.
            w.exchange(m, t4, (offset, rtt), Some(accuracy), Some("late"));
            return;
        }
        w.exchange(m, t4, (offset, rtt), Some(accuracy), None);
        if c.best.is_none_or(|b| rtt < b.rtt) {
            c.best = Some(Best { offset, rtt, accuracy, try_no: c.asked });
        }
        w.cancel_timer(n, Timer::Try);
        self.next(w, n);
    }
}

impl Handlers for Cristian {
    fn start(&mut self, w: &mut World<'_>, n: NodeId) {
        self.round(w, n);
    }

    fn timer(&mut self, w: &mut World<'_>, n: NodeId, timer: Timer) {
        match timer {
            Timer::Poll => self.round(w, n),
            Timer::Try => self.next(w, n),
            _ => {}
        }
    }

    fn receive(&mut self, w: &mut World<'_>, m: usize) {
        let to = w.messages[m].to;
        self.reply(w, to, m);
    }

    fn info(&self, _: &World<'_>, _: NodeId) -> ServerInfo {
        ServerInfo { stratum: 1, root_delay: 0.0, root_dispersion: 0.0 }
    }
}
