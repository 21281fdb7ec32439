//! `lightcone simulate`: a scenario's run as JSON (trace, decisions,
//! properties, metrics, states).

use crate::output::{json, Input, Out};
use lightcone::core::sim::outcome;
use lightcone::core::sim::scenario::Scenario;

#[derive(clap::Args)]
pub struct Args {
    /// Scenario JSON file ("-" for standard input).
    file: String,
}

pub fn run(a: Args, input: &Input, out: &mut Out<'_>) -> Result<(), String> {
    let scenario = Scenario::parse(&input.read(&a.file)?).map_err(|e| format!("{}: {e}", a.file))?;
    let run = outcome::run(&scenario);
    if let Some(why) = run.stopped_short(scenario.until) {
        return Err(format!("{}: {why}", a.file));
    }
    json(out, &run.to_json())
}
