//! Logical clocks over a trace: Lamport scalar clocks (with the rule variants
//! the course notes argue about) and Fidge/Mattern vector clocks.

pub mod lamport;
pub mod vector;

pub use lamport::{LamportClocks, LamportRule, ReceiveRule, Violation};
pub use vector::{compare, Order, VectorClocks};
