//! `lightcone quiz`: a causality quiz drawn from a seed, with its diagram,
//! questions and every answer, as JSON.

use crate::output::{written, Out};
use lightcone::core::quiz::{Level, Quiz};
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    /// The seed: the same seed and level always give the same quiz.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// How hard: 1 (3 processes, 8 events), 2 (4, 13) or 3 (5, 20).
    #[arg(long, default_value = "1")]
    level: Level,
}

pub fn run(a: Args, out: &mut Out<'_>) -> Result<(), String> {
    written(out.write_all(Quiz::generate(a.seed, a.level).to_json().as_bytes()))
}
