//! One file per command: its arguments and what it does.

pub mod analyze;
pub mod crdt;
pub mod cut;
pub mod cuts;
pub mod explore;
pub mod export;
pub mod generate;
pub mod import;
pub mod lesson;
pub mod measure;
pub mod quiz;
pub mod relation;
pub mod render;
pub mod simulate;
pub mod timesync;
