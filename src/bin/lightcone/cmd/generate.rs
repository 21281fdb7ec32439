//! `lightcone generate`: a random trace, reproducible from its seed.

use crate::output::{written, Out};
use lightcone::core::formats::write_trace;
use lightcone::core::generate::{random_trace, Settings};
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = 4)]
    processes: usize,
    #[arg(long, default_value_t = 24)]
    events: usize,
    #[arg(long, default_value_t = 0.5)]
    message_probability: f64,
    #[arg(long, default_value_t = 0.0)]
    loss_probability: f64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub fn run(a: Args, out: &mut Out<'_>) -> Result<(), String> {
    let settings = Settings {
        processes: a.processes,
        events: a.events,
        message_probability: a.message_probability,
        loss_probability: a.loss_probability,
        seed: a.seed,
    };
    let trace = random_trace(&settings).map_err(|e| format!("generate: {e}"))?;
    written(out.write_all(write_trace(&trace).as_bytes()))
}
