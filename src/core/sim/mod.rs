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
//! - [`interpret`]: the one effect interpreter; [`engine`]: timed runs, with
//!   [`service`]: nodes that take time to handle events;
//!   [`world`] and [`script`]: the untimed world, scripted replays;
//!   [`explore`]: the model checker; [`record`]: what a run leaves;
//!   [`outcome`]: a run as a trace and a report.
//! - [`scenario`]: scenarios as JSON, and the one place protocols are named.
//! - Protocols: [`commit`] (2PC and 3PC), [`broadcast`] (the example),
//!   [`snapshot`] (Chandy–Lamport and Lai–Yang on a token bank), [`vr`]
//!   (Viewstamped Replication of a key-value store), [`pbft`] (PBFT);
//!   [`compare`]: VR and PBFT side by side.
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
pub mod compare;
pub mod context;
pub mod engine;
pub mod env;
pub mod explore;
pub mod interpret;
pub mod marks;
pub mod model;
pub mod outcome;
pub mod pbft;
pub mod property;
pub mod protocol;
pub mod record;
pub mod scenario;
pub mod script;
pub mod service;
pub mod snapshot;
pub mod vr;
pub mod workload;
pub mod world;

pub use context::{Ctx, Effect};
pub use protocol::{Label, Protocol, Word};

/// A node, by index (for 2PC and 3PC the coordinator is 0, participants
/// 1..=n).
pub type NodeId = usize;
/// Simulated time.
pub type Time = f64;

/// The shortest duration a scenario may give (a timeout, a delay, a
/// fault's extra delay), in time units. Past 10,000 units a step of
/// 1e-300 is lost in rounding (`now + d == now`) and a timer that re-arms
/// with it never lets time move on; this is far above rounding for any run.
pub const RESOLUTION: Time = 0.001;

/// Checks a duration called `name`: at least [`RESOLUTION`], or 0 when
/// `zero` (nothing extra). The message names the field and the rule.
pub fn check_duration(name: &str, d: Time, zero: bool) -> Result<(), String> {
    if d.is_finite() && (d >= RESOLUTION || (zero && d == 0.0)) {
        return Ok(());
    }
    let or_zero = if zero { " (or 0)" } else { "" };
    Err(format!("\"{name}\" is {d:?}; a duration is at least {RESOLUTION}{or_zero}"))
}
