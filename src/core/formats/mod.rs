//! Reading and writing traces.

pub mod trace_json;

pub use trace_json::{parse_trace, write_trace};
