//! What a protocol is: its own messages, timers, inputs, stable storage and
//! volatile state, handlers that return effects, and the properties and
//! metrics it declares.
//!
//! The protocol value itself is the configuration (`&self` in every
//! handler): the number of nodes, votes, timeouts. It never changes during a
//! run. Everything that does change lives in [`Protocol::State`] (lost in a
//! crash, rebuilt by [`Protocol::init`]) and [`Protocol::Storage`] (kept
//! across crashes), so no protocol writes a `reset()`.
//!
//! A node is known by its index, [`NodeId`]; the protocol names its nodes
//! once, in [`Protocol::names`], and the scenario, the engine, the explorer
//! and the page all use those names.

use super::byzantine::{Behaviour, Signer};
use super::context::Ctx;
use super::interpret::NodeOf;
use super::property::{Metric, Property};
use super::record::{Record, Shown};
use super::scenario::Input;
use super::{NodeId, Time};
use std::fmt::Debug;
use std::hash::Hash;

/// How a message, timer or input is labelled on the diagram and in
/// scripted steps (a timer's label is what a `timeout` step names).
pub trait Label {
    /// A short label, e.g. "vote?", "outcome".
    fn label(&self) -> String;

    /// Fields a message adds to its send event in `simulate`'s trace (the
    /// snapshot protocols: a transfer's `"amount"`, a marker's
    /// `"marker"`); none by default. Only messages' fields are written.
    fn fields(&self) -> serde_json::Map<String, serde_json::Value> {
        serde_json::Map::new()
    }
}

/// A status or decision as one word, for timelines and JSON.
pub trait Word {
    /// E.g. "prepared", "commit".
    fn word(&self) -> &'static str;
}

/// The decision type of a protocol whose nodes decide nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoDecision {}

impl Word for NoDecision {
    fn word(&self) -> &'static str {
        match *self {}
    }
}

/// The timer type of a protocol that sets none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoTimer {}

impl Label for NoTimer {
    fn label(&self) -> String {
        match *self {}
    }
}

/// The input type of a protocol that takes none.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum NoInput {}

impl Label for NoInput {
    fn label(&self) -> String {
        match *self {}
    }
}

/// A protocol run by the simulator. Handlers never block and never do I/O:
/// they change the node's state and push effects (send, set a timer, save,
/// decide, show a status) through the [`Ctx`]. A protocol owns its data
/// (`'static`), so a search can keep its states between slices
/// ([`super::explore::Exploration`]).
pub trait Protocol: Sized + 'static {
    /// Its messages.
    type Msg: Clone + Debug + Eq + Hash + Label;
    /// Its timers (set with a delay in the node's local time).
    type Timer: Copy + Debug + Eq + Hash + Label;
    /// What a user or workload can inject at a node (a client request,
    /// "start a snapshot").
    type Input: Clone + Debug + Eq + Hash + Label;
    /// Stable storage: survives a crash.
    type Storage: Clone + Debug + Default + Eq + Hash;
    /// Volatile state: lost in a crash, rebuilt from the configuration.
    type State: Clone + Debug + Eq + Hash;
    /// What a node shows itself doing on its timeline.
    type Status: Copy + Debug + Eq + Word;
    /// A node's declared outcome (its first decision is recorded).
    type Decision: Copy + Debug + Eq + Hash + Word;

    /// Node names, by id.
    fn names(&self) -> Vec<String>;

    /// The names as an error message lists them ("C and P1 to P3").
    fn describe_names(&self) -> String {
        self.names().join(", ")
    }

    /// A node's volatile state as configured: at the start, and again when
    /// it recovers from a crash.
    fn init(&self, id: NodeId) -> Self::State;

    /// The status a node starts with.
    fn first_status(&self, id: NodeId) -> Self::Status;

    /// The node comes up for the first time.
    fn on_start(&self, state: &mut Self::State, ctx: &mut Ctx<'_, Self>);

    /// A message arrives from `from`.
    fn on_msg(&self, state: &mut Self::State, from: NodeId, msg: &Self::Msg, ctx: &mut Ctx<'_, Self>);

    /// A timer set earlier fires.
    fn on_timer(&self, state: &mut Self::State, timer: Self::Timer, ctx: &mut Ctx<'_, Self>);

    /// An injected input arrives.
    fn on_input(&self, state: &mut Self::State, input: &Self::Input, ctx: &mut Ctx<'_, Self>) {
        let _ = (state, input, ctx);
    }

    /// The node comes back after a crash: `state` is [`Protocol::init`]'s,
    /// `ctx.storage()` what it saved. Unless it shows a status here, its
    /// timeline shows its first status again.
    fn on_recover(&self, state: &mut Self::State, ctx: &mut Ctx<'_, Self>);

    /// Reads a scenario's `"input"` value.
    fn parse_input(&self, input: &serde_json::Value) -> Result<Self::Input, String> {
        let _ = input;
        Err("this protocol takes no inputs".into())
    }

    /// The `k`th input of a random workload (from 0), as a scenario's
    /// `"input"` would write it; `None`: the protocol takes no inputs.
    fn workload_input(&self, k: usize) -> Option<serde_json::Value> {
        let _ = k;
        None
    }

    /// Reads a scenario's `"workload"` in a form of the protocol's own
    /// (anything but `{"count", "every", ...}`) as inputs, drawing from
    /// `seed`. None by default.
    fn own_workload(&self, spec: &serde_json::Value, seed: u64) -> Result<Vec<Input>, String> {
        let _ = (spec, seed);
        Err("expected {\"count\": N, \"every\": T}".into())
    }

    /// Completes a scenario's inputs before they are read (listed ones,
    /// then a workload's): a protocol may rewrite them (number its
    /// snapshots) and add those its own settings imply (the snapshot
    /// protocols' transfers), drawing from `seed`, at times before `until`.
    /// Nothing by default.
    fn settle_inputs(&self, inputs: &mut Vec<Input>, seed: u64, until: Time) -> Result<(), String> {
        let _ = (inputs, seed, until);
        Ok(())
    }

    /// Sections the protocol adds to `simulate`'s report, from the run's
    /// record and each node's last state (the snapshot protocols:
    /// `"snapshots"`). None by default.
    fn report(&self, record: &Record, nodes: &[NodeOf<Self>]) -> serde_json::Map<String, serde_json::Value> {
        let _ = (record, nodes);
        serde_json::Map::new()
    }

    /// What the diagram shows of a node's state after each of its events
    /// (a replica's viewstamp and log); nothing by default.
    fn shown<'s>(&self, state: &'s Self::State) -> Option<Shown<'s>> {
        let _ = state;
        None
    }

    /// The properties the engine checks on every run and the explorer on
    /// every state.
    fn properties(&self) -> Vec<Property<Self>>;

    /// The metrics of a finished run that stopped at `until`.
    fn metrics(&self, record: &Record, until: Time) -> Vec<Metric> {
        let _ = (record, until);
        Vec::new()
    }

    /// Why this protocol refuses a Byzantine behaviour, if it does (one
    /// that means nothing for it).
    fn refuses(&self, behaviour: Behaviour) -> Option<String> {
        let _ = behaviour;
        None
    }

    /// The message a Byzantine node sends instead of `msg` when it lies or
    /// equivocates (`None`: it has nothing else to say). It may sign only
    /// as itself, with `me`.
    fn forge(&self, msg: &Self::Msg, me: &Signer) -> Option<Self::Msg> {
        let _ = (msg, me);
        None
    }

    /// Groups of interchangeable nodes, for the explorer's symmetry
    /// reduction: renaming nodes within a group never changes what can
    /// happen. Empty: no reduction.
    fn interchangeable(&self) -> Vec<Vec<NodeId>> {
        Vec::new()
    }

    /// `state` with node ids renamed by `map` (old id -> new id). Needed
    /// only by protocols whose state mentions node ids and that declare
    /// [`Protocol::interchangeable`] groups.
    fn rename_state(&self, state: &Self::State, map: &[NodeId]) -> Self::State {
        let _ = map;
        state.clone()
    }

    /// `msg` with node ids renamed by `map`, as [`Protocol::rename_state`].
    fn rename_msg(&self, msg: &Self::Msg, map: &[NodeId]) -> Self::Msg {
        let _ = map;
        msg.clone()
    }
}
