//! Breadth-first search over the untimed world, with the moves it may
//! make, the fair run that decides liveness, and paths kept as parent
//! links (a path is rebuilt only for a counterexample).

use super::budget::{heap_bytes, table_bytes};
use super::symmetry::Symmetry;
use super::{Bounds, Finding, Found, Verdict};
use crate::core::sim::env::Env;
use crate::core::sim::property::{Kind, Property, View};
use crate::core::sim::protocol::{Label, Protocol};
use crate::core::sim::scenario::Step;
use crate::core::sim::world::World;
use crate::core::sim::NodeId;
use hashbrown::HashSet;
use std::collections::VecDeque;

/// Each node's inputs, in order, with the JSON that names each in a step.
pub type Inputs<P> = Vec<Vec<(serde_json::Value, <P as Protocol>::Input)>>;

/// One move of the world, by node ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Move<T> {
    /// Deliver message `i` in flight, from `from` to `to`, overtaking
    /// `overtaking` older ones on its channel.
    Deliver {
        /// Index in flight.
        i: usize,
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// Older messages on the channel it overtakes.
        overtaking: usize,
    },
    /// Lose message `i` in flight (fields as for `Deliver`).
    Drop {
        /// Index in flight.
        i: usize,
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// Older messages on the channel it overtakes.
        overtaking: usize,
    },
    /// A node crashes.
    Crash(NodeId),
    /// A crashed node recovers.
    Recover(NodeId),
    /// A node's pending timer fires.
    Timeout(NodeId, T),
    /// The nodes split: bit i of the mask is node i's side.
    Partition(u32),
    /// A node gets its next input.
    Input(NodeId),
}

struct Search<'e, 'p, P: Protocol> {
    env: &'e Env<'p, P>,
    inputs: &'e Inputs<P>,
    bounds: Bounds,
    sync: bool,
    properties: Vec<Property<P>>,
    symmetry: Option<Symmetry>,
}

/// A state waiting to be expanded: the world, the last move of its path
/// (an index into the move arena), its depth.
pub(super) type Pending<P> = (World<P>, Option<u32>, usize);

/// What stopped a search short of the whole space within its bounds.
#[derive(Default)]
struct Cut {
    /// The bound on states.
    states: bool,
    /// The memory budget.
    memory: bool,
    /// Some path reached the depth bound with more to do.
    depth: bool,
    /// A safety property was violated.
    stopped: bool,
}

/// Searches every schedule of `env`'s protocol within `bounds`; `sync`:
/// timing is synchronous.
pub fn search<P: Protocol>(env: &Env<'_, P>, inputs: &Inputs<P>, bounds: &Bounds, sync: bool) -> Verdict {
    Search::new(env, inputs, bounds, sync).run()
}

/// The named steps enabled after following `path`, or `None` if `path`
/// cannot be followed.
pub fn enabled<P: Protocol>(
    env: &Env<'_, P>,
    inputs: &Inputs<P>,
    bounds: &Bounds,
    sync: bool,
    path: &[Step],
) -> Option<Vec<Step>> {
    let s = Search::new(env, inputs, bounds, sync);
    let mut world = World::start(env, false);
    for step in path {
        let mv = s.moves(&world).into_iter().find(|m| s.step(&world, m) == *step)?;
        world = s.next(&world, &mv);
    }
    let mut steps: Vec<Step> = Vec::new();
    for mv in s.moves(&world) {
        let step = s.step(&world, &mv);
        if !steps.contains(&step) {
            steps.push(step);
        }
    }
    Some(steps)
}

impl<'e, 'p, P: Protocol> Search<'e, 'p, P> {
    fn new(env: &'e Env<'p, P>, inputs: &'e Inputs<P>, bounds: &Bounds, sync: bool) -> Self {
        let symmetry = if bounds.symmetry { Symmetry::new(env) } else { None };
        Search { env, inputs, bounds: *bounds, sync, properties: env.protocol.properties(), symmetry }
    }

    fn key(&self, w: &World<P>) -> u64 {
        match &self.symmetry {
            Some(s) => s.fingerprint(self.env, w),
            None => w.fingerprint(),
        }
    }

    fn holds(&self, p: &Property<P>, w: &World<P>) -> bool {
        (p.holds)(self.env.protocol, &View { nodes: &w.nodes.nodes, byzantine: &self.env.byzantine })
    }

    fn run(&self) -> Verdict {
        let start = World::start(self.env, false);
        let mut seen: HashSet<u64> = HashSet::new();
        seen.insert(self.key(&start));
        // Moves, not named steps: a counterexample's steps are named by
        // replaying its moves, so the arena holds no strings.
        let mut arena: Vec<(Option<u32>, Move<P::Timer>)> = Vec::new();
        let mut waiting = heap_bytes(&start);
        let mut queue: VecDeque<Pending<P>> = VecDeque::from([(start, None, 0)]);
        let mut found: Vec<Option<Option<u32>>> = vec![None; self.properties.len()];
        let mut cut = Cut::default();
        while let Some((world, at, depth)) = queue.pop_front() {
            waiting -= heap_bytes(&world);
            if let Some(k) = self.broken_safety(&world, &found) {
                found[k] = Some(at);
                cut.stopped = true;
                break;
            }
            self.check_liveness(&world, at, &mut found);
            let moves = self.moves(&world);
            if depth >= self.bounds.depth {
                cut.depth |= !moves.is_empty();
                continue;
            }
            for mv in moves {
                if seen.len() >= self.bounds.states {
                    cut.states = true;
                    break;
                }
                let bytes = table_bytes::<P>(seen.capacity(), arena.capacity(), queue.capacity(), waiting);
                // Once over budget, no state is added again, though the
                // queue shrinks: the search stays a prefix of the whole.
                if cut.memory || bytes >= self.bounds.memory {
                    cut.memory = true;
                    break;
                }
                let next = self.next(&world, &mv);
                if seen.insert(self.key(&next)) {
                    arena.push((at, mv));
                    waiting += heap_bytes(&next);
                    queue.push_back((next, Some(arena.len() as u32 - 1), depth + 1));
                }
            }
        }
        self.verdict(seen.len(), &arena, found, cut)
    }

    /// Each property's finding, once the search is over.
    fn verdict(
        &self,
        states: usize,
        arena: &[(Option<u32>, Move<P::Timer>)],
        found: Vec<Option<Option<u32>>>,
        cut: Cut,
    ) -> Verdict {
        let complete = !(cut.states || cut.memory || cut.depth || cut.stopped);
        let properties = self
            .properties
            .iter()
            .zip(found)
            .map(|(p, at)| Found {
                name: p.name,
                kind: p.kind,
                broken: p.broken,
                finding: match at {
                    Some(at) => Finding::Violated(self.path(arena, at)),
                    None if complete => Finding::Holds,
                    None => Finding::Unknown,
                },
            })
            .collect();
        let truncated = cut.states || cut.memory;
        Verdict { states, truncated, memory_cut: cut.memory, depth_cut: cut.depth, properties }
    }

    /// The named steps from the start to the arena's entry `at`: its moves,
    /// replayed from the start so each is named in the world it left.
    fn path(&self, arena: &[(Option<u32>, Move<P::Timer>)], mut at: Option<u32>) -> Vec<Step> {
        let mut moves = Vec::new();
        while let Some(i) = at {
            let (parent, mv) = &arena[i as usize];
            moves.push(mv);
            at = *parent;
        }
        let mut world = World::start(self.env, false);
        let mut steps = Vec::with_capacity(moves.len());
        for mv in moves.into_iter().rev() {
            steps.push(self.step(&world, mv));
            world = self.next(&world, mv);
        }
        steps
    }

    /// The first safety property `w` violates.
    fn broken_safety(&self, w: &World<P>, found: &[Option<Option<u32>>]) -> Option<usize> {
        let safety = |(k, p): &(usize, &Property<P>)| p.kind == Kind::Always && found[*k].is_none();
        self.properties.iter().enumerate().filter(safety).find(|(_, p)| !self.holds(p, w)).map(|(k, _)| k)
    }

    /// From a quiet state, a liveness property that a fair run never
    /// brings about is violated by the path here.
    fn check_liveness(&self, w: &World<P>, at: Option<u32>, found: &mut [Option<Option<u32>>]) {
        if !w.quiet() {
            return;
        }
        for (k, p) in self.properties.iter().enumerate() {
            if p.kind != Kind::Always && found[k].is_none() && !self.holds(p, w) && self.stuck(w, p) {
                found[k] = Some(at);
            }
        }
    }

    /// Lets the protocol run on with no more faults: deliver what is in
    /// flight, else fire the oldest timer, else give the next input. Stuck
    /// when `p` still fails on coming back to a state it has been in, on
    /// running out of moves, or after 500 steps.
    fn stuck(&self, w: &World<P>, p: &Property<P>) -> bool {
        let mut w = w.clone();
        let mut been: HashSet<u64> = HashSet::new();
        for _ in 0..500 {
            if self.holds(p, &w) {
                return false;
            }
            if !been.insert(w.fingerprint()) {
                return true;
            }
            let up = |n: NodeId| w.nodes.nodes[n].up;
            if !w.quiet() {
                w.deliver(self.env, 0);
            } else if let Some(&(n, t)) = w.net.timers.iter().find(|&&(n, _)| up(n)) {
                w.fire(self.env, n, t);
            } else if let Some(n) = (0..self.env.len()).find(|&n| w.given[n] < self.inputs[n].len()) {
                let input = &self.inputs[n][w.given[n]].1;
                w.input(self.env, n, input);
            } else {
                return true;
            }
        }
        true
    }

    /// Every move enabled in `w`.
    fn moves(&self, w: &World<P>) -> Vec<Move<P::Timer>> {
        let mut moves = Vec::new();
        self.message_moves(w, &mut moves);
        let up = |n: NodeId| w.nodes.nodes[n].up;
        if !self.sync || w.quiet() {
            moves.extend(w.net.timers.iter().filter(|(n, _)| up(*n)).map(|&(n, t)| Move::Timeout(n, t)));
        }
        let n = self.env.len();
        if w.used.crashes < self.bounds.crashes {
            moves.extend((0..n).filter(|&i| up(i)).map(Move::Crash));
        }
        if self.env.recovery && w.used.recoveries < self.bounds.recoveries {
            moves.extend((0..n).filter(|&i| !up(i)).map(Move::Recover));
        }
        if self.bounds.partitions > 0 && w.net.sides.is_none() && n > 1 {
            moves.extend((1..(1u32 << (n - 1))).map(Move::Partition));
        }
        moves.extend((0..n).filter(|&i| w.given[i] < self.inputs[i].len()).map(Move::Input));
        moves
    }

    /// Deliveries and drops: identical messages on a channel lead to the
    /// same states, so only the oldest of them is tried; FIFO channels
    /// offer only their oldest message.
    fn message_moves(&self, w: &World<P>, moves: &mut Vec<Move<P::Timer>>) {
        let flight = &w.net.flight;
        for (i, e) in flight.iter().enumerate() {
            let earlier = &flight[..i];
            let overtaking = earlier.iter().filter(|x| (x.from, x.to) == (e.from, e.to)).count();
            if (self.env.fifo && overtaking > 0) || earlier.contains(e) {
                continue;
            }
            moves.push(Move::Deliver { i, from: e.from, to: e.to, overtaking });
            if w.used.drops < self.bounds.drops {
                moves.push(Move::Drop { i, from: e.from, to: e.to, overtaking });
            }
        }
    }

    /// The state `mv` leads to from `w`.
    fn next(&self, w: &World<P>, mv: &Move<P::Timer>) -> World<P> {
        let mut next = w.clone();
        let env = self.env;
        match *mv {
            Move::Deliver { i, .. } => next.deliver(env, i),
            Move::Drop { i, .. } => next.drop_message(i),
            Move::Crash(n) => next.crash(env, n),
            Move::Recover(n) => next.recover(env, n),
            Move::Timeout(n, t) => next.fire(env, n, t),
            Move::Partition(mask) => next.partition(sides(mask, env.len())),
            Move::Input(n) => {
                let input = &self.inputs[n][w.given[n]].1;
                next.input(env, n, input);
            }
        }
        next
    }

    /// `mv` as a named step, as a scripted run replays it.
    fn step(&self, w: &World<P>, mv: &Move<P::Timer>) -> Step {
        let name = |n: NodeId| self.env.names[n].clone();
        match *mv {
            Move::Deliver { from, to, overtaking, .. } => {
                Step::Deliver { from: name(from), to: name(to), overtaking }
            }
            Move::Drop { from, to, overtaking, .. } => {
                Step::Drop { from: name(from), to: name(to), overtaking }
            }
            Move::Crash(n) => Step::Crash { node: name(n) },
            Move::Recover(n) => Step::Recover { node: name(n) },
            Move::Timeout(n, t) => Step::Timeout { node: name(n), timer: t.label() },
            Move::Partition(mask) => {
                let sides = sides(mask, self.env.len());
                let group = |s: u8| (0..sides.len()).filter(|&i| sides[i] == s).map(name).collect();
                Step::Partition { groups: vec![group(0), group(1)] }
            }
            Move::Input(n) => Step::Input { node: name(n), input: self.inputs[n][w.given[n]].0.clone() },
        }
    }
}

/// Each node's side under a partition mask.
fn sides(mask: u32, n: usize) -> Vec<u8> {
    (0..n).map(|i| ((mask >> i) & 1) as u8).collect()
}
