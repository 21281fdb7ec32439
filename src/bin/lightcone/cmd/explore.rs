//! `lightcone explore`: every schedule of a scenario's protocol within
//! bounds, each declared property's verdict and a replayable
//! counterexample. Bounds default to what the scenario's faults suggest.

use crate::output::{json, Input, Out};
use lightcone::core::sim::explore::{explore, Bounds};
use lightcone::core::sim::scenario::Scenario;

#[derive(clap::Args)]
pub struct Args {
    /// Scenario JSON file ("-" for standard input).
    file: String,
    /// Crashes at most (default: as many as the scenario's faults, or 1 if it has none).
    #[arg(long)]
    crashes: Option<usize>,
    /// Dropped messages at most (default: as many as the scenario drops).
    #[arg(long)]
    drops: Option<usize>,
    /// Partitions at most, 0 or 1 (default: 1 if the scenario has one).
    #[arg(long)]
    partitions: Option<usize>,
    /// Recoveries at most, crash-recovery nodes only (default: as many as the scenario has).
    #[arg(long)]
    recoveries: Option<usize>,
    /// Steps per schedule at most.
    #[arg(long, default_value_t = 60)]
    depth: usize,
    /// Count states that differ only by renaming interchangeable nodes once.
    #[arg(long)]
    symmetry: bool,
}

pub fn run(a: Args, input: &Input, out: &mut Out<'_>) -> Result<(), String> {
    let scenario = Scenario::parse(&input.read(&a.file)?).map_err(|e| format!("{}: {e}", a.file))?;
    let from_scenario = Bounds::for_scenario(&scenario);
    let bounds = Bounds {
        crashes: a.crashes.unwrap_or(from_scenario.crashes),
        drops: a.drops.unwrap_or(from_scenario.drops),
        partitions: a.partitions.unwrap_or(from_scenario.partitions).min(1),
        recoveries: a.recoveries.unwrap_or(from_scenario.recoveries),
        depth: a.depth,
        symmetry: a.symmetry,
        ..from_scenario
    };
    json(out, &explore(&scenario, &bounds).to_json(&scenario, &bounds))
}
