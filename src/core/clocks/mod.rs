//! Logical clocks over a trace: Lamport scalar clocks (with the rule variants
//! the course notes argue about) and Fidge/Mattern vector clocks.

pub mod itc;
pub mod itc_clocks;
pub mod lamport;
pub mod vector;

pub use itc::{EventTree, Id, ItcError, ItcErrorKind, Position, Stamp};
pub use itc_clocks::ItcClocks;
pub use lamport::{LamportClocks, LamportRule, ReceiveRule, Violation};
pub use vector::{compare, Order, Row, VectorClocks};
