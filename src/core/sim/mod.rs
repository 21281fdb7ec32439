//! A deterministic discrete-event simulator for protocols, and the commit
//! protocols that run on it.
//!
//! Nodes are state machines: they handle a start, messages, timers and a
//! recovery, and return effects as data (send, set a timer, write to stable
//! storage, decide, enter a state). Faults (crash, recover, drop, delay,
//! partition) are actions the engine applies like any other. Events are
//! ordered by (time, insertion order) and every random choice comes from a
//! seeded PCG generator, so a scenario replays identically everywhere.

pub mod engine;
pub mod explore;
pub mod marks;
pub mod model;
pub mod outcome;
pub mod scenario;
pub mod three_pc;
pub mod two_pc;

use serde::{Deserialize, Serialize};

/// A node, by index: the coordinator is 0, participants 1..=n.
pub type NodeId = usize;
/// Simulated time.
pub type Time = f64;

/// A participant's vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Vote {
    /// Ready to commit.
    Yes,
    /// Must abort.
    No,
}

/// A commit protocol's outcome at a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// The transaction commits.
    Commit,
    /// The transaction aborts.
    Abort,
}

/// What a node is doing, for the state timelines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Running, nothing promised yet.
    Working,
    /// Voted yes (or, in 3PC, pre-committed) and waiting for the outcome.
    Prepared,
    /// Waited too long for the outcome and cannot decide alone: blocked.
    Uncertain,
    /// Decided commit.
    Committed,
    /// Decided abort.
    Aborted,
    /// Crashed.
    Crashed,
}

/// What a handler asks the engine to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect<M> {
    /// Send a message.
    Send {
        /// The receiver.
        to: NodeId,
        /// The message.
        msg: M,
    },
    /// Call `timeout(name)` after `after` time units (replacing a pending
    /// timer of that name).
    Timer {
        /// The timer's name.
        name: &'static str,
        /// Delay.
        after: Time,
    },
    /// Append a record to stable storage (survives crashes).
    Persist(String),
    /// Decide.
    Decide(Decision),
    /// Enter a state (for the timeline).
    Enter(Status),
}

/// A message type: how it is labelled on the diagram.
pub trait Message: Clone + std::fmt::Debug {
    /// A short label, e.g. "vote-request", "vote yes".
    fn label(&self) -> String;
}

/// A node's behaviour. Handlers return effects; none may block.
pub trait Node {
    /// Its messages.
    type Msg: Message;
    /// The node comes up for the first time.
    fn start(&mut self, out: &mut Vec<Effect<Self::Msg>>);
    /// A message arrives.
    fn receive(&mut self, from: NodeId, msg: &Self::Msg, out: &mut Vec<Effect<Self::Msg>>);
    /// A timer fires.
    fn timeout(&mut self, name: &'static str, out: &mut Vec<Effect<Self::Msg>>);
    /// The node comes back after a crash with only its stable log (its
    /// volatile state is reset by the engine before this call).
    fn recover(&mut self, log: &[String], out: &mut Vec<Effect<Self::Msg>>);
    /// A fresh copy of the node as it was configured (volatile state lost).
    fn reset(&self) -> Self;
}
