//! Reading and writing traces.

pub mod crdt_trace;
pub mod json_out;
pub mod shiviz;
pub mod text;
pub mod trace_json;
pub mod trace_shape;

pub use trace_json::{
    parse_trace, parse_trace_with_times, write_trace, write_trace_to, write_trace_with, Extras,
};
