//! A deterministic simulator for distributed protocols, and the protocols
//! that run on it.
//!
//! # Layout
//! - [`protocol`]: what a protocol is (messages, timers, inputs, storage,
//!   state, handlers, properties, metrics); [`context`]: what a handler sees
//!   and the effects it returns; [`property`]: safety and liveness
//!   properties, metrics.
//! - [`model`]: the system model (links, FIFO, failures, timing, clocks,
//!   Byzantine nodes); [`clock`]: drifting physical clocks; [`byzantine`]:
//!   adversaries and signatures; [`mod@env`]: a protocol in its model.
//! - [`interpret`]: the one effect interpreter; [`engine`]: timed runs;
//!   [`world`] and [`script`]: the untimed world, scripted replays;
//!   [`explore`]: the model checker; [`record`]: what a run leaves;
//!   [`outcome`]: a run as a trace and a report.
//! - [`scenario`]: scenarios as JSON, and the one place protocols are named.
//! - Protocols: [`commit`] (2PC and 3PC), [`broadcast`] (the example).
//!
//! Nodes are state machines: handlers change their state and return
//! effects as data (send, set a timer, save to stable storage, decide, show
//! a status). Faults (crash, recover, drop, delay, partition, a Byzantine
//! behaviour) and inputs are actions the engine applies like any other.
//! Events are ordered by (time, insertion order) and every random choice
//! comes from a seeded PCG generator, so a scenario replays identically
//! everywhere.

pub mod broadcast;
pub mod byzantine;
pub mod clock;
pub mod commit;
pub mod context;
pub mod engine;
pub mod env;
pub mod explore;
pub mod interpret;
pub mod marks;
pub mod model;
pub mod outcome;
pub mod property;
pub mod protocol;
pub mod record;
pub mod scenario;
pub mod script;
pub mod world;

pub use context::{Ctx, Effect};
pub use protocol::{Label, Protocol, Word};

/// A node, by index (for 2PC and 3PC the coordinator is 0, participants
/// 1..=n).
pub type NodeId = usize;
/// Simulated time.
pub type Time = f64;
