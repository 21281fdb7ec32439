//! Conflict-free replicated data types (Shapiro, Preguiça, Baquero and
//! Zawirski, "Conflict-free Replicated Data Types", SSS 2011, and the
//! companion report "A comprehensive study of CRDTs", INRIA RR-7506).
//!
//! State-based types ([`StateCrdt`], CvRDTs) ship their whole state and
//! merge it with a join: any gossip that eventually delivers something from
//! everyone converges, even with loss, duplication and reordering.
//! Op-based types ([`OpCrdt`], CmRDTs) ship small operations but need every
//! operation delivered exactly once, in causal order. In both, an operation
//! is first *prepared* from the current state without changing it, then
//! applied (as in the rust-crdt crate's `update` / `apply`).

pub mod anti_entropy;
pub mod g_counter;
pub mod g_set;
pub mod gossip;
pub mod kind;
pub mod lab_work;
pub mod lww_register;
pub mod mv_register;
pub mod op_counter;
pub mod op_or_set;
pub mod or_set;
pub mod pn_counter;
pub mod scenario;
pub mod two_p_set;
pub mod updates;
pub mod values;

pub use crate::core::formats::crdt_trace::{Kind, Op};
pub use gossip::{run, Delivery, Run};
pub use scenario::Scenario;

use core::fmt;
use serde::Serialize;

/// A replica: a process of the trace, by index.
pub type Replica = u32;

/// What a replica shows: its query's answer.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Value {
    /// A counter's total.
    Counter(i64),
    /// A set's elements, sorted.
    Set(Vec<String>),
    /// A last-writer-wins register's value; `None` before any write.
    Register(Option<String>),
    /// A multi-value register's concurrent values, sorted.
    Values(Vec<String>),
}

impl Value {
    /// The value as JSON: an integer, a sorted array of strings, a string or
    /// null.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Counter(n) => serde_json::json!(n),
            Value::Set(xs) | Value::Values(xs) => serde_json::json!(xs),
            Value::Register(v) => serde_json::json!(v),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Counter(n) => write!(f, "{n}"),
            Value::Set(xs) => write!(f, "{{{}}}", xs.join(",")),
            Value::Values(xs) => write!(f, "[{}]", xs.join("|")),
            Value::Register(Some(v)) => f.write_str(v),
            Value::Register(None) => f.write_str("⊥"),
        }
    }
}

/// Where an operation happens: the information a type may use to prepare
/// it. Tags and timestamps come from the trace, so runs are deterministic.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The replica performing the operation.
    pub replica: Replica,
    /// How many replicas there are (processes of the trace).
    pub replicas: usize,
    /// A tag unique to this operation in the whole run (the event's id).
    pub tag: &'a str,
    /// The Lamport time of the operation's event.
    pub lamport: u64,
    /// The replica's name (the process name), LWW's tie-break.
    pub name: &'a str,
}

/// An operation that does not fit the type (e.g. `add x` on a counter).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpError {
    /// What is wrong.
    pub problem: String,
}

impl fmt::Display for OpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problem)
    }
}

impl OpError {
    /// `op` is not an operation of the type called `type_name`.
    pub fn mismatch(op: &Op, type_name: &str, expected: &str) -> Self {
        OpError { problem: format!("\"{op}\" is not an operation of a {type_name}; it takes {expected}") }
    }
}

/// The size of `x` as compact JSON, in bytes: the payload measure used for
/// both states and operations, so the two compare fairly.
pub fn json_size<T: Serialize>(x: &T) -> usize {
    serde_json::to_vec(x).map_or(0, |bytes| bytes.len())
}

/// A state-based CRDT (CvRDT): states form a join semilattice, updates only
/// go up in it, and `merge` is the join (commutative, associative,
/// idempotent).
pub trait StateCrdt: Clone + PartialEq + fmt::Debug + Serialize {
    /// What an operation changes, computed before changing anything.
    type Update: Clone + fmt::Debug;
    /// The type's name in the trace format, e.g. "g-counter".
    const NAME: &'static str;
    /// The initial state of a run with `replicas` replicas.
    fn new(replicas: usize) -> Self;
    /// The update `op` makes here, from the current state, which it does not
    /// change; an error when `op` is not one of the type's.
    fn prepare(&self, op: &Op, cx: &Context<'_>) -> Result<Self::Update, OpError>;
    /// Applies a prepared update.
    fn apply(&mut self, update: Self::Update);
    /// The join of this state and `other`, in place.
    fn merge(&mut self, other: &Self);
    /// The lattice order: true when `other` includes everything this state
    /// knows (then `merge(other)` gives `other`).
    fn leq(&self, other: &Self) -> bool;
    /// The query: what the replica shows.
    fn value(&self) -> Value;
}

/// An op-based CRDT (CmRDT): an operation is prepared at its source (which
/// may read the state there), then its effect is applied at every replica.
/// Concurrent effects commute; effects must be delivered exactly once and in
/// causal order.
pub trait OpCrdt: Clone + PartialEq + fmt::Debug {
    /// An operation's effect, as shipped in a message.
    type Effect: Clone + fmt::Debug + PartialEq + Serialize;
    /// The type's name in the trace format, e.g. "op-counter".
    const NAME: &'static str;
    /// The initial state of a run with `replicas` replicas.
    fn new(replicas: usize) -> Self;
    /// The effect `op` has, from the state at its source, which it does not
    /// change; an error when `op` is not one of the type's.
    fn prepare(&self, op: &Op, cx: &Context<'_>) -> Result<Self::Effect, OpError>;
    /// Applies an effect (at the source too).
    fn effect(&mut self, effect: &Self::Effect);
    /// The query: what the replica shows.
    fn value(&self) -> Value;
}
