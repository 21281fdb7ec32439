//! `lightcone timesync`: a time-lab scenario's run (Cristian, Berkeley or
//! NTP) as JSON: exchanges, filter and selection (NTP), adjustments,
//! offsets, metrics and the trace (docs/timesync.md).

use crate::output::{json, Input, Out};
use lightcone::core::timesync::{self, Scenario};

#[derive(clap::Args)]
pub struct Args {
    /// Scenario JSON file ("-" for standard input).
    file: String,
}

pub fn run(a: Args, input: &Input, out: &mut Out<'_>) -> Result<(), String> {
    let scenario = Scenario::parse(&input.read(&a.file)?).map_err(|e| format!("{}: {e}", a.file))?;
    let run = timesync::run(&scenario);
    if let Some(why) = run.stopped_short() {
        return Err(format!("{}: {why}", a.file));
    }
    json(out, &run.to_json())
}
