//! The pure core: traces, clocks, causality, formats and layout.
//!
//! Nothing here may depend on a web or JavaScript binding crate (the list is
//! in tests/core_boundary.rs, which enforces it), so every piece is testable
//! natively and deterministic from its inputs.

pub mod analysis;
pub mod builder;
pub mod causality;
pub mod chart;
pub mod clocks;
pub mod crdt;
mod csr;
pub mod cut;
pub mod diagram;
pub mod editor;
pub mod error;
pub mod explain;
pub mod formats;
pub mod generate;
pub mod interner;
pub mod known_fields;
pub mod layout;
pub mod lesson;
pub mod library;
pub mod quiz;
pub mod render;
pub mod share;
pub mod sim;
pub mod timesync;
pub mod trace;

pub use analysis::Analysis;
pub use builder::{EventSpec, TraceBuilder};
pub use causality::{Causality, Cone, Hop, Relation};
pub use error::TraceError;
pub use trace::{EventIdx, EventKind, MessageIdx, ProcessIdx, Trace};
