//! `lightcone export --shiviz`: a trace as a GoVector log.

use crate::output::{text, Input, Out};
use lightcone::core::formats::shiviz;

#[derive(clap::Args)]
pub struct Args {
    /// Trace JSON file ("-" for standard input).
    file: String,
    /// Write the ShiViz format.
    #[arg(long, required = true)]
    shiviz: bool,
    /// Output file ("-" for standard output).
    #[arg(short, long, default_value = "-")]
    output: String,
}

pub fn run(a: Args, input: &Input, out: &mut Out<'_>) -> Result<(), String> {
    let trace = input.load(&a.file)?;
    let log = shiviz::write_shiviz(&trace).map_err(|e| format!("{}: {e}", a.file))?;
    text(out, &a.output, &log)
}
