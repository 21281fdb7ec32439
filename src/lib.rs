//! Lightcone: an interactive laboratory for time, causality and agreement in
//! distributed systems.
//!
//! [`core`] is plain, deterministic Rust (no web crates) shared by the native
//! CLI and the browser app. The browser app (`ui`) and the small JavaScript
//! API (`wasm_api`) exist only on `wasm32` and depend on the core, never the
//! reverse; without the `ui` feature the wasm module is the core and its
//! typed JavaScript API alone.
#![warn(missing_docs)]

pub mod core;

#[cfg(all(target_arch = "wasm32", feature = "ui"))]
mod ui;
#[cfg(target_arch = "wasm32")]
pub mod wasm_api;
