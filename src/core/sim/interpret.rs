//! Running a handler and applying its effects: the one interpreter that
//! timed runs, scripted replays and the explorer share. What differs
//! between them is only where sends and timers go, a [`Network`].

use super::byzantine::{outgoing, Replays};
use super::context::{Ctx, Effect};
use super::env::Env;
use super::protocol::Protocol;
use super::{NodeId, Time};
use rand_pcg::Pcg64Mcg;
use std::hash::{Hash, Hasher};

/// One node as the simulator holds it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Node<State, Storage, Decision> {
    /// Volatile state.
    pub state: State,
    /// Stable storage.
    pub storage: Storage,
    /// Up, or crashed.
    pub up: bool,
    /// Its first decision.
    pub decided: Option<Decision>,
}

/// A node of protocol `P`.
pub type NodeOf<P> = Node<<P as Protocol>::State, <P as Protocol>::Storage, <P as Protocol>::Decision>;

/// What a handler is called for.
pub enum Call<'a, P: Protocol> {
    /// The node starts.
    Start,
    /// A message arrives from a node.
    Msg(NodeId, &'a P::Msg),
    /// A timer fires.
    Timer(P::Timer),
    /// An input is injected.
    Input(&'a P::Input),
    /// The node recovers from a crash.
    Recover,
}

/// Where a handler's sends and timers go, and who hears of its decisions
/// and statuses.
pub trait Network<P: Protocol> {
    /// Node `from` sends `msg` to `to` (never to itself).
    fn send(&mut self, from: NodeId, to: NodeId, msg: P::Msg);
    /// Node `node` sets `timer` to fire after `after` units of local time.
    fn set_timer(&mut self, node: NodeId, timer: P::Timer, after: Time);
    /// Node `node` cancels `timer`.
    fn cancel_timer(&mut self, node: NodeId, timer: P::Timer);
    /// Node `node` made its first decision.
    fn decided(&mut self, node: NodeId, decision: P::Decision) {
        let _ = (node, decision);
    }
    /// Node `node` shows `status`.
    fn show(&mut self, node: NodeId, status: P::Status) {
        let _ = (node, status);
    }
    /// Node `node` notes `note` at its event (see [`Ctx::note`]).
    fn note(&mut self, node: NodeId, note: super::record::Note) {
        let _ = (node, note);
    }
    /// Node `node` settles its running count `key`.
    fn settle(&mut self, node: NodeId, key: u64) {
        let _ = (node, key);
    }
}

/// Every node, and what replaying Byzantine nodes remember.
pub struct Nodes<P: Protocol> {
    /// The nodes, by id.
    pub nodes: Vec<NodeOf<P>>,
    /// The last message each replaying node sent each peer.
    pub replays: Replays<P::Msg>,
}

// By hand: derived impls would ask the protocol's configuration for them.
impl<P: Protocol> Clone for Nodes<P> {
    fn clone(&self) -> Self {
        Nodes { nodes: self.nodes.clone(), replays: self.replays.clone() }
    }
}

impl<P: Protocol> Hash for Nodes<P> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (&self.nodes, &self.replays).hash(h);
    }
}

impl<P: Protocol> Nodes<P> {
    /// Every node as configured, up, with empty storage.
    pub fn new(env: &Env<'_, P>) -> Self {
        let node = |id| Node {
            state: env.protocol.init(id),
            storage: P::Storage::default(),
            up: true,
            decided: None,
        };
        Nodes { nodes: (0..env.len()).map(node).collect(), replays: Replays::default() }
    }

    /// Runs node `n`'s handler for `call` at local time `now`; returns its
    /// effects, not yet applied (notes among them only when `noting`). A recovering node comes up with its state
    /// rebuilt from the configuration, and shows its first status unless
    /// its handler shows another.
    pub fn call(
        &mut self,
        env: &Env<'_, P>,
        n: NodeId,
        call: Call<'_, P>,
        now: Time,
        rng: &mut Pcg64Mcg,
        noting: bool,
    ) -> Vec<Effect<P>> {
        let p = env.protocol;
        let node = &mut self.nodes[n];
        if let Call::Recover = call {
            node.up = true;
            node.state = p.init(n);
        }
        let mut ctx = Ctx::new(n, now, rng, &node.storage).noting(noting);
        let state = &mut node.state;
        match call {
            Call::Start => p.on_start(state, &mut ctx),
            Call::Msg(from, msg) => p.on_msg(state, from, msg, &mut ctx),
            Call::Timer(timer) => p.on_timer(state, timer, &mut ctx),
            Call::Input(input) => p.on_input(state, input, &mut ctx),
            Call::Recover => p.on_recover(state, &mut ctx),
        }
        let mut effects = ctx.into_effects();
        if matches!(call, Call::Recover) && !effects.iter().any(|e| matches!(e, Effect::Show(_))) {
            effects.insert(0, Effect::Show(p.first_status(n)));
        }
        effects
    }

    /// Applies node `n`'s effects in order: storage and decisions here,
    /// sends (as its Byzantine behaviour rewrites them) and timers through
    /// `net`.
    pub fn apply(&mut self, env: &Env<'_, P>, n: NodeId, effects: Vec<Effect<P>>, net: &mut impl Network<P>) {
        for effect in effects {
            match effect {
                Effect::Send { to, msg } if to != n => {
                    for msg in outgoing(env.protocol, env.byzantine[n], n, to, msg, &mut self.replays) {
                        net.send(n, to, msg);
                    }
                }
                Effect::Send { .. } => {}
                Effect::SetTimer { timer, after } => net.set_timer(n, timer, after),
                Effect::CancelTimer(timer) => net.cancel_timer(n, timer),
                Effect::Save(storage) => self.nodes[n].storage = storage,
                Effect::Decide(d) => {
                    if self.nodes[n].decided.is_none() {
                        self.nodes[n].decided = Some(d);
                        net.decided(n, d);
                    }
                }
                Effect::Show(status) => net.show(n, status),
                Effect::Note(note) => net.note(n, note),
                Effect::Settle(key) => net.settle(n, key),
            }
        }
    }
}
