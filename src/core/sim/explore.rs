//! The explorer: a bounded exhaustive search, in the manner of a model
//! checker, over everything the network and the failures may do to a
//! scenario's protocol: which message is delivered next, which is dropped
//! (at most `drops`), which node crashes (at most `crashes`, crash-stop),
//! whether a partition splits the nodes (at most `partitions`, never
//! healing), and when timers fire. With synchronous timing a timer fires
//! only when no message is in flight (a timeout then means the message is
//! not coming, as a perfect failure detector would say); otherwise it may
//! fire at any point.
//!
//! It looks for a state where two nodes decided differently (atomicity
//! violated) and for a quiet state from which, with no further faults, some
//! live node never decides (blocked forever); the path to one is a
//! counterexample, returned as a scripted scenario that replays it.

use super::model::Timing;
use super::scenario::{Protocol, Scenario, Step};
use super::{three_pc, two_pc, Decision, Effect, Node, NodeId};
use std::collections::{HashSet, VecDeque};

/// How far to look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    /// Crashes at most.
    pub crashes: usize,
    /// Dropped messages at most.
    pub drops: usize,
    /// Partitions at most (0 or 1).
    pub partitions: usize,
    /// Steps per path at most.
    pub depth: usize,
    /// States at most, so a search always ends.
    pub states: usize,
}

impl Default for Bounds {
    fn default() -> Self {
        Bounds { crashes: 1, drops: 0, partitions: 0, depth: 60, states: 2_000_000 }
    }
}

/// What the search found.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// Distinct states explored.
    pub states: usize,
    /// A path that violates atomicity, if any.
    pub violation: Option<Vec<Step>>,
    /// A path after which some live node can never decide, if any.
    pub blocking: Option<Vec<Step>>,
    /// True when the bounds on states cut the search short.
    pub truncated: bool,
}

impl Verdict {
    /// The counterexample to show: a violation first, else a blocking run,
    /// as a scripted copy of `scenario`.
    pub fn counterexample(&self, scenario: &Scenario) -> Option<Scenario> {
        let steps = self.violation.as_ref().or(self.blocking.as_ref())?;
        Some(Scenario {
            title: Some(format!("Counterexample found by the explorer ({} steps)", steps.len())),
            about: Some(if self.violation.is_some() {
                "A schedule under which nodes decide differently: atomicity is violated.".into()
            } else {
                "A schedule after which some node can never decide: it is blocked.".into()
            }),
            faults: Vec::new(),
            schedule: steps.clone(),
            until: steps.len() as f64 + 1.0,
            ..scenario.clone()
        })
    }
}

/// The steps enabled after `scenario`'s schedule (a model checker's "what
/// can happen next"), or `None` if the schedule itself cannot be followed.
pub fn enabled(scenario: &Scenario, bounds: &Bounds) -> Option<Vec<Step>> {
    let sync = matches!(scenario.model.timing, Timing::Synchronous { .. });
    match scenario.protocol {
        Protocol::TwoPc => Search::new(two_pc::nodes(scenario), bounds, sync).enabled(&scenario.schedule),
        Protocol::ThreePc => Search::new(three_pc::nodes(scenario), bounds, sync).enabled(&scenario.schedule),
    }
}

/// Searches `scenario`'s protocol within `bounds`.
pub fn explore(scenario: &Scenario, bounds: &Bounds) -> Verdict {
    let sync = matches!(scenario.model.timing, Timing::Synchronous { .. });
    match scenario.protocol {
        Protocol::TwoPc => Search::new(two_pc::nodes(scenario), bounds, sync).run(),
        Protocol::ThreePc => Search::new(three_pc::nodes(scenario), bounds, sync).run(),
    }
}

/// One global state: every node, what is in flight, pending timers, the
/// faults used so far.
#[derive(Clone)]
struct World<N: Node> {
    nodes: Vec<N>,
    alive: Vec<bool>,
    decided: Vec<Option<Decision>>,
    logs: Vec<Vec<String>>,
    flight: Vec<(NodeId, NodeId, N::Msg)>,
    timers: Vec<(NodeId, &'static str)>,
    sides: Option<Vec<usize>>,
    crashes: usize,
    drops: usize,
}

impl<N: Node + Clone + std::fmt::Debug> World<N> {
    /// A key equal for equal states (messages in flight as a multiset).
    fn key(&self) -> String {
        let mut flight: Vec<String> = self.flight.iter().map(|m| format!("{m:?}")).collect();
        flight.sort();
        let mut timers = self.timers.clone();
        timers.sort();
        format!(
            "{:?}|{:?}|{:?}|{:?}|{flight:?}|{timers:?}|{:?}|{}|{}",
            self.nodes, self.alive, self.decided, self.logs, self.sides, self.crashes, self.drops
        )
    }

    /// Applies a handler's effects at node `n`.
    fn apply(&mut self, n: NodeId, out: Vec<Effect<N::Msg>>) {
        for effect in out {
            match effect {
                Effect::Send { to, msg } if to != n => {
                    let cut = self.sides.as_ref().is_some_and(|s| s[n] != s[to]);
                    if !cut {
                        self.flight.push((n, to, msg));
                    }
                }
                Effect::Timer { name, .. } if !self.timers.contains(&(n, name)) => {
                    self.timers.push((n, name))
                }
                Effect::Persist(record) => self.logs[n].push(record),
                Effect::Decide(d) => {
                    self.decided[n].get_or_insert(d);
                }
                _ => {}
            }
        }
    }

    fn disagree(&self) -> bool {
        let d: Vec<Decision> = self.decided.iter().flatten().copied().collect();
        d.contains(&Decision::Commit) && d.contains(&Decision::Abort)
    }

    fn undecided_alive(&self) -> bool {
        (0..self.nodes.len()).any(|n| self.alive[n] && self.decided[n].is_none())
    }
}

struct Search<N: Node> {
    start: World<N>,
    bounds: Bounds,
    sync: bool,
}

impl<N: Node + Clone + std::fmt::Debug> Search<N> {
    fn new(nodes: Vec<N>, bounds: &Bounds, sync: bool) -> Self {
        let n = nodes.len();
        let mut start = World {
            nodes,
            alive: vec![true; n],
            decided: vec![None; n],
            logs: vec![Vec::new(); n],
            flight: Vec::new(),
            timers: Vec::new(),
            sides: None,
            crashes: 0,
            drops: 0,
        };
        for node in 0..n {
            let mut out = Vec::new();
            start.nodes[node].start(&mut out);
            start.apply(node, out);
        }
        Search { start, bounds: *bounds, sync }
    }

    fn run(&self) -> Verdict {
        let mut seen: HashSet<String> = HashSet::new();
        let mut queue: VecDeque<(World<N>, Vec<Step>)> = VecDeque::new();
        seen.insert(self.start.key());
        queue.push_back((self.start.clone(), Vec::new()));
        let mut verdict = Verdict { states: 1, violation: None, blocking: None, truncated: false };
        while let Some((world, path)) = queue.pop_front() {
            if world.disagree() {
                verdict.violation = Some(path);
                break;
            }
            if verdict.blocking.is_none()
                && world.flight.is_empty()
                && world.undecided_alive()
                && self.stuck(&world)
            {
                verdict.blocking = Some(path.clone());
            }
            if path.len() >= self.bounds.depth {
                continue;
            }
            for (step, next) in self.successors(&world) {
                if seen.len() >= self.bounds.states {
                    verdict.truncated = true;
                    break;
                }
                if seen.insert(next.key()) {
                    let mut longer = path.clone();
                    longer.push(step);
                    queue.push_back((next, longer));
                }
            }
        }
        verdict.states = seen.len();
        verdict
    }

    /// Follows `path` from the start, then lists what may happen next.
    fn enabled(&self, path: &[Step]) -> Option<Vec<Step>> {
        let mut world = self.start.clone();
        for step in path {
            world = self.successors(&world).into_iter().find(|(s, _)| s == step)?.1;
        }
        let mut steps: Vec<Step> = Vec::new();
        for (step, _) in self.successors(&world) {
            if !steps.contains(&step) {
                steps.push(step);
            }
        }
        Some(steps)
    }

    fn name(&self, n: NodeId) -> String {
        if n == 0 {
            "C".into()
        } else {
            format!("P{n}")
        }
    }

    /// Every step enabled in `w`, with the state it leads to.
    fn successors(&self, w: &World<N>) -> Vec<(Step, World<N>)> {
        let mut next = Vec::new();
        let mut tried: HashSet<String> = HashSet::new();
        for (i, (from, to, msg)) in w.flight.iter().enumerate() {
            // Identical messages between the same nodes lead to the same states.
            if !tried.insert(format!("{from}{to}{msg:?}")) {
                continue;
            }
            let (f, t) = (self.name(*from), self.name(*to));
            next.push((Step::Deliver { from: f.clone(), to: t.clone() }, self.deliver(w, i)));
            if w.drops < self.bounds.drops {
                let mut dropped = w.clone();
                dropped.flight.remove(i);
                dropped.drops += 1;
                next.push((Step::Drop { from: f, to: t }, dropped));
            }
        }
        if !self.sync || w.flight.is_empty() {
            for &(n, name) in &w.timers {
                if w.alive[n] {
                    next.push((
                        Step::Timeout { node: self.name(n), timer: name.into() },
                        self.fire(w, n, name),
                    ));
                }
            }
        }
        if w.crashes < self.bounds.crashes {
            for n in (0..w.nodes.len()).filter(|&n| w.alive[n]) {
                let mut crashed = w.clone();
                crashed.alive[n] = false;
                crashed.crashes += 1;
                crashed.timers.retain(|&(m, _)| m != n);
                next.push((Step::Crash { node: self.name(n) }, crashed));
            }
        }
        if self.bounds.partitions > 0 && w.sides.is_none() {
            next.extend(self.partitions(w));
        }
        next
    }

    /// Every split of the nodes into two non-empty sides.
    fn partitions(&self, w: &World<N>) -> Vec<(Step, World<N>)> {
        let n = w.nodes.len();
        (1..(1u32 << (n - 1)))
            .map(|mask| {
                let sides: Vec<usize> = (0..n).map(|i| ((mask >> i) & 1) as usize).collect();
                let group =
                    |s: usize| (0..n).filter(|&i| sides[i] == s).map(|i| self.name(i)).collect::<Vec<_>>();
                let mut split = w.clone();
                split.flight.retain(|(a, b, _)| sides[*a] == sides[*b]);
                split.sides = Some(sides.clone());
                (Step::Partition { groups: vec![group(0), group(1)] }, split)
            })
            .collect()
    }

    fn deliver(&self, w: &World<N>, i: usize) -> World<N> {
        let mut next = w.clone();
        let (from, to, msg) = next.flight.remove(i);
        if next.alive[to] {
            let mut out = Vec::new();
            next.nodes[to].receive(from, &msg, &mut out);
            next.apply(to, out);
        }
        next
    }

    fn fire(&self, w: &World<N>, n: NodeId, name: &'static str) -> World<N> {
        let mut next = w.clone();
        next.timers.retain(|&t| t != (n, name));
        let mut out = Vec::new();
        next.nodes[n].timeout(name, &mut out);
        next.apply(n, out);
        next
    }

    /// From a quiet state, lets the protocol run on with no more faults:
    /// deliver what is in flight, else fire the oldest timer. Stuck when it
    /// comes back to a state it has been in, or runs out of steps, with a
    /// live node still undecided.
    fn stuck(&self, w: &World<N>) -> bool {
        let mut w = w.clone();
        let mut been: HashSet<String> = HashSet::new();
        for _ in 0..500 {
            if !w.undecided_alive() {
                return false;
            }
            if !been.insert(w.key()) {
                return true;
            }
            w = if !w.flight.is_empty() {
                self.deliver(&w, 0)
            } else if let Some(&(n, name)) = w.timers.iter().find(|&&(n, _)| w.alive[n]) {
                self.fire(&w, n, name)
            } else {
                return true;
            };
        }
        true
    }
}
