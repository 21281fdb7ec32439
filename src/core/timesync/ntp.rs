//! NTP, the client side of RFC 5905 in full, on every node with a `sync`
//! entry (a secondary server is a client of its own servers too):
//!
//! 1. **Poll** (§13): every poll interval, shift each association's reach
//!    register, feed its filter a dummy after three silent polls, and send
//!    each server a request stamped T1.
//! 2. **On-wire** (§8): on a reply, stamp T4, make the duplicate and bogus
//!    checks, compute θ and δ; a reply from an unsynchronised server
//!    (stratum 16, Figure 22's test 6) sets the reach bit but gives no sample.
//! 3. **Filter** (§10): shift the sample (θ, max(δ, ρ), ε = 2ρ + PHI·(T4 −
//!    T1)) in, choose the least delay, use it only if it is new.
//! 4. **Select, cluster, combine** (§11.2): over the servers fit to
//!    synchronise with (reachable, stratum below 16, root distance within
//!    MAXDIST + PHI·poll, the accept() rules of Appendix A.5.5.3).
//! 5. **Discipline** (§11.3), when the system peer's sample is newer than
//!    the last one used (§11.2.3); then the node's own stratum is its
//!    system peer's + 1, its root delay and dispersion grow by the peer's.
//!    A step resets every association and leaves the node unsynchronised
//!    until its next update (§11.2.3, as ntpd's clear_all does).
//!
//! `"mode": "ntpdate"` is the contrast: four samples from each server two
//! seconds apart, then one selection and one step of the combined offset
//! whatever its size (ntpdate -b: no step, stepout or panic threshold),
//! and the program ends, leaving the clock to drift.

use super::constants::rfc::{MAXDIST, MAXSTRAT, MINDISP, PHI, PRECISION};
use super::discipline::{secs, Decision, Discipline, Kind};
use super::filter::{Chosen, Filter, Sample};
use super::onwire::{Check, OnWire, Stamps};
use super::report::{FilterRun, Selection};
use super::scenario::{Mode, Scenario};
use super::select::{self, Candidate};
use super::world::{Handlers, Payload, ServerInfo, Timer, World};
use crate::core::sim::NodeId;

/// ntpdate's samples per server, and their spacing in seconds.
const NTPDATE_SAMPLES: u32 = 4;
const NTPDATE_SPACING: f64 = 2.0;

/// One association: a client's view of one server.
#[derive(Clone, Debug)]
struct Peer {
    server: NodeId,
    wire: OnWire,
    /// RFC 5905's reach register: a bit per poll, set by a valid reply.
    reach: u8,
    filter: Filter,
    /// The epoch of the last sample used (p.t).
    used: Option<f64>,
    /// The filter's statistics from that sample, and the client's total
    /// correction then.
    stats: Option<(Chosen, f64)>,
    /// What its last valid reply said.
    stratum: u32,
    root_delay: f64,
    root_dispersion: f64,
}

/// The system variables of a node that syncs (§11.1).
#[derive(Clone, Copy, Debug)]
struct System {
    synced: bool,
    stratum: u32,
    root_delay: f64,
    root_dispersion: f64,
    /// The epoch of the last update used (s.t).
    used: Option<f64>,
}

const UNSYNCED: System =
    System { synced: false, stratum: MAXSTRAT, root_delay: 0.0, root_dispersion: 0.0, used: None };

#[derive(Clone, Debug)]
struct Client {
    peers: Vec<Peer>,
    discipline: Discipline,
    mode: Mode,
    system: System,
    polls: u32,
}

/// NTP over a scenario's nodes.
pub(crate) struct Ntp {
    /// The clients, by node; none for a node that syncs to no one.
    clients: Vec<Option<Client>>,
    /// The stratum of each node that syncs to no one (none: unsynchronised).
    strata: Vec<Option<u32>>,
}

/// What selection found.
struct Found {
    record: Selection,
    /// The system peer (an index into the peers) and Θ.
    result: Option<(usize, f64)>,
}

impl Ntp {
    pub fn new(s: &Scenario) -> Ntp {
        let client = |n: usize| {
            let node = &s.nodes[n];
            let peer = |&server: &NodeId| Peer {
                server,
                wire: OnWire::default(),
                reach: 0,
                filter: Filter::default(),
                used: None,
                stats: None,
                stratum: MAXSTRAT,
                root_delay: 0.0,
                root_dispersion: 0.0,
            };
            Client {
                peers: s.sync[n].iter().map(peer).collect(),
                discipline: Discipline::new(s.constants.clone(), s.poll, node.panic_override),
                mode: node.mode,
                system: UNSYNCED,
                polls: 0,
            }
        };
        Ntp {
            clients: (0..s.nodes.len()).map(|n| (!s.sync[n].is_empty()).then(|| client(n))).collect(),
            strata: s.nodes.iter().map(|n| n.stratum).collect(),
        }
    }

    /// Each node's first status.
    pub fn first(&self) -> Vec<&'static str> {
        self.clients.iter().map(|c| if c.is_some() { "unsynchronised" } else { "free" }).collect()
    }

    fn client(&mut self, n: NodeId) -> &mut Client {
        self.clients[n].as_mut().expect("only clients poll and hear replies")
    }

    /// §13: shift the reach registers, feed silent associations a dummy,
    /// send every server a request.
    fn poll(&mut self, w: &mut World<'_>, n: NodeId) {
        let mut update = false;
        for k in 0..self.client(n).peers.len() {
            let p = &mut self.client(n).peers[k];
            p.reach <<= 1;
            if p.reach & 0b111 == 0 && p.filter.stages.iter().any(Sample::valid) {
                update |= self.filter(w, n, k, Sample::dummy());
            }
        }
        if update {
            self.select(w, n);
        }
        if w.exited[n] {
            return;
        }
        let t1 = w.stamp(n);
        let c = self.client(n);
        c.polls += 1;
        let servers: Vec<NodeId> = c
            .peers
            .iter_mut()
            .map(|p| {
                p.wire.sent(t1);
                p.server
            })
            .collect();
        let (mode, polls, poll) = (c.mode, c.polls, c.discipline.poll);
        for server in servers {
            w.send(n, server, Payload::Request { t1 });
        }
        match mode {
            Mode::Ntpd => w.set_timer(n, Timer::Poll, poll),
            Mode::Ntpdate if polls < NTPDATE_SAMPLES => w.set_timer(n, Timer::Poll, NTPDATE_SPACING),
            Mode::Ntpdate => w.set_timer(n, Timer::Decide, NTPDATE_SPACING),
        }
    }

    /// §8 and §10 on a reply.
    fn reply(&mut self, w: &mut World<'_>, n: NodeId, m: usize) {
        let msg = &w.messages[m];
        let (server, payload) = (msg.from, msg.payload.clone());
        let Payload::Reply { t1, t2, t3, info, .. } = payload else { return };
        let Some(k) = self.client(n).peers.iter().position(|p| p.server == server) else { return };
        let t4 = w.stamp(n);
        let check = self.client(n).peers[k].wire.receive(t1, t3);
        let unsynced = info.stratum >= MAXSTRAT;
        let discarded = check.word().or(unsynced.then_some("unsynchronised"));
        let stamps = Stamps { t1, t2, t3, t4 };
        let (offset, delay) = (stamps.offset(), stamps.delay());
        w.exchange(m, t4, (offset, delay), None, discarded);
        if check != Check::Valid {
            return;
        }
        let p = &mut self.client(n).peers[k];
        p.reach |= 1;
        (p.stratum, p.root_delay, p.root_dispersion) = (info.stratum, info.root_delay, info.root_dispersion);
        if unsynced {
            return;
        }
        let sample = Sample {
            offset,
            delay: delay.max(PRECISION),
            dispersion: 2.0 * PRECISION + PHI * (t4 - t1).max(0.0),
            epoch: w.counter(n),
            at: w.now,
            correction: w.clocks[n].correction(w.now),
        };
        if self.filter(w, n, k, sample) {
            self.select(w, n);
        }
    }

    /// Runs association `k`'s filter with `sample`. The peer variables
    /// follow every run (as Appendix A.5.2 and ntpd set them before the
    /// check); true when selection should run: the chosen sample is new
    /// ("use a sample only once", §10), or the node is not yet
    /// synchronised ("anything goes before first synchronized",
    /// A.5.2: the discipline still never takes a sample twice).
    fn filter(&mut self, w: &mut World<'_>, n: NodeId, k: usize, sample: Sample) -> bool {
        let (now, correction) = (w.counter(n), w.clocks[n].correction(w.now));
        let synced = self.client(n).system.synced;
        let p = &mut self.client(n).peers[k];
        p.filter.shift(sample, now);
        let chosen = p.filter.choose(correction);
        let fresh = chosen.is_some_and(|c| p.used.is_none_or(|t| c.epoch > t));
        p.stats = chosen.map(|c| (c, correction));
        if let (true, Some(c)) = (fresh, chosen) {
            p.used = Some(c.epoch);
        }
        let run = FilterRun {
            node: n,
            server: p.server,
            at: w.now,
            samples: p.filter.stages.to_vec(),
            chosen,
            used: fresh,
        };
        w.out.filters.push(run);
        chosen.is_some() && (fresh || !synced)
    }

    /// The root distance λ of association `p` at counter `now` (Appendix
    /// A.5.5.2: half the root delay, the root dispersion, the dispersion
    /// grown since the sample, and the jitter).
    fn distance(p: &Peer, c: &Chosen, now: f64) -> f64 {
        let aged = PHI * (now - p.used.unwrap_or(now)).max(0.0);
        (p.root_delay + c.delay).max(MINDISP) / 2.0 + p.root_dispersion + c.dispersion + aged + c.jitter
    }

    /// Why association `p` is unfit to synchronise with, if it is.
    fn unfit(p: &Peer, now: f64, poll: f64) -> Result<(Chosen, f64), String> {
        if p.reach == 0 {
            return Err("unreachable".into());
        }
        if p.stratum >= MAXSTRAT {
            return Err("stratum 16 (unsynchronised)".into());
        }
        let Some((c, _)) = p.stats else { return Err("no valid sample".into()) };
        let lambda = Ntp::distance(p, &c, now);
        let limit = MAXDIST + PHI * poll;
        if lambda > limit {
            return Err(format!("root distance {} > {}", secs(lambda), secs(limit)));
        }
        Ok((c, lambda))
    }

    /// §11.2 over node `n`'s associations.
    fn find(&self, w: &World<'_>, n: NodeId) -> Found {
        let c = self.clients[n].as_ref().expect("a client");
        let (now, correction) = (w.counter(n), w.clocks[n].correction(w.now));
        let mut record = Selection {
            node: n,
            at: w.now,
            candidates: Vec::new(),
            unfit: Vec::new(),
            interval: None,
            truechimers: Vec::new(),
            falsetickers: Vec::new(),
            survivors: Vec::new(),
            offset: None,
            jitter: None,
            poll: c.discipline.poll,
            stratum: c.system.stratum,
        };
        let mut index = Vec::new();
        for (k, p) in c.peers.iter().enumerate() {
            match Ntp::unfit(p, now, c.discipline.poll) {
                Err(why) => record.unfit.push((p.server, why)),
                Ok((chosen, lambda)) => {
                    // The offset as of now: less what the node slewed since.
                    let then = p.stats.map_or(correction, |(_, x)| x);
                    let offset = chosen.offset - (correction - then);
                    let candidate =
                        Candidate { offset, distance: lambda, jitter: chosen.jitter, stratum: p.stratum };
                    record.candidates.push((p.server, candidate));
                    index.push(k);
                }
            }
        }
        let candidates: Vec<Candidate> = record.candidates.iter().map(|&(_, c)| c).collect();
        let rule = w.s.constants.truechimers;
        let Some((l, u, _)) = select::intersect(&candidates, rule) else {
            return Found { record, result: None };
        };
        record.interval = Some((l, u));
        let mut trues = Vec::new();
        for (i, t) in select::truechimers(&candidates, (l, u), rule).into_iter().enumerate() {
            let server = record.candidates[i].0;
            if t {
                record.truechimers.push(server);
                trues.push(i);
            } else {
                record.falsetickers.push(server);
            }
        }
        if (trues.len() as u64) < w.s.constants.min_truechimers {
            return Found { record, result: None };
        }
        let cluster = select::cluster(&candidates, &trues);
        let (theta, peer_jitter) = select::combine(&candidates, &cluster.survivors);
        record.survivors = cluster.survivors.iter().map(|&i| record.candidates[i].0).collect();
        record.offset = Some(theta);
        record.jitter = Some((cluster.jitter.powi(2) + peer_jitter.powi(2)).sqrt());
        Found { record, result: Some((index[cluster.survivors[0]], theta)) }
    }

    /// Selection after a new sample, then the discipline if the system
    /// peer's sample is newer than the last update used.
    fn select(&mut self, w: &mut World<'_>, n: NodeId) {
        let Found { mut record, result } = self.find(w, n);
        let c = self.client(n);
        if let (Mode::Ntpd, Some((k, theta))) = (c.mode, result) {
            let epoch = c.peers[k].used;
            if c.system.used.is_none_or(|t| epoch.is_some_and(|e| e > t)) {
                c.system.used = epoch;
                let decision = c.discipline.update(theta, w.counter(n));
                self.apply(w, n, k, decision);
            }
        }
        record.poll = self.client(n).discipline.poll;
        record.stratum = self.client(n).system.stratum;
        w.out.selections.push(record);
    }

    /// Acts on a decision; after a slew the node takes its stratum and
    /// root statistics from system peer `k` (§11.2.3, Figure 25).
    fn apply(&mut self, w: &mut World<'_>, n: NodeId, k: usize, decision: Decision) {
        let kind = decision.kind;
        let theta = decision.amount;
        w.adjust(n, decision);
        let c = self.client(n);
        match kind {
            Kind::Step => {
                // Every association starts over (ntpd's clear_all): a reply
                // in flight was stamped on the clock before the step, and is
                // now bogus.
                for p in &mut c.peers {
                    (p.filter, p.used, p.stats, p.wire) = (Filter::default(), None, None, OnWire::default());
                }
                c.system = UNSYNCED;
                w.show(n, "unsynchronised");
            }
            Kind::Slew => {
                let p = &c.peers[k];
                let (stats, _) = p.stats.expect("the system peer has a sample");
                c.system = System {
                    synced: true,
                    stratum: (p.stratum + 1).min(MAXSTRAT),
                    root_delay: p.root_delay + stats.delay,
                    root_dispersion: p.root_dispersion
                        + (stats.dispersion + stats.jitter + theta.abs()).max(MINDISP),
                    used: c.system.used,
                };
                w.show(n, "synchronised");
            }
            Kind::None => w.show(n, "spike"),
            Kind::Panic => {}
        }
    }

    /// ntpdate: one selection, one step, and the program ends.
    fn decide(&mut self, w: &mut World<'_>, n: NodeId) {
        let Found { record, result } = self.find(w, n);
        let decision = match result {
            Some((_, theta)) => Decision::new(
                Kind::Step,
                theta,
                format!("ntpdate: one step of the combined offset after {NTPDATE_SAMPLES} samples from each server (no step, stepout or panic threshold)"),
            ),
            None => Decision::new(Kind::None, 0.0, "ntpdate: no server fit to synchronise with; the clock is left alone".into()),
        };
        w.adjust(n, decision);
        w.out.selections.push(record);
        w.exit(n);
    }
}

impl Handlers for Ntp {
    fn start(&mut self, w: &mut World<'_>, n: NodeId) {
        if self.clients[n].is_some() {
            self.poll(w, n);
        }
    }

    fn timer(&mut self, w: &mut World<'_>, n: NodeId, timer: Timer) {
        match timer {
            Timer::Poll => self.poll(w, n),
            Timer::Decide => self.decide(w, n),
            _ => {}
        }
    }

    fn receive(&mut self, w: &mut World<'_>, m: usize) {
        let to = w.messages[m].to;
        if self.clients[to].is_some() {
            self.reply(w, to, m);
        }
    }

    fn info(&self, w: &World<'_>, n: NodeId) -> ServerInfo {
        match &self.clients[n] {
            Some(c) if c.system.synced => {
                let since = w.counter(n) - c.system.used.unwrap_or(w.counter(n));
                ServerInfo {
                    stratum: c.system.stratum,
                    root_delay: c.system.root_delay,
                    root_dispersion: c.system.root_dispersion + PHI * since.max(0.0),
                }
            }
            Some(_) => ServerInfo { stratum: MAXSTRAT, root_delay: 0.0, root_dispersion: 0.0 },
            None => ServerInfo {
                stratum: self.strata[n].unwrap_or(MAXSTRAT),
                root_delay: 0.0,
                root_dispersion: PRECISION,
            },
        }
    }
}
