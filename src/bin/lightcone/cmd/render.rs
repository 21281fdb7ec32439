//! `lightcone render`: a trace as a self-contained SVG.

use crate::output::{text, Input, Out};
use lightcone::core::formats::parse_trace_with_times;
use lightcone::core::layout::Orientation;
use lightcone::core::render::{self, Labels};

#[derive(clap::Args)]
pub struct Args {
    /// Trace JSON file ("-" for standard input); events' "time"s place them, else their depth.
    file: String,
    /// Output file ("-" for standard output).
    #[arg(short, long, default_value = "-")]
    output: String,
    /// Clock labels: none, lamport, vector or itc.
    #[arg(long, default_value = "vector")]
    labels: String,
    /// Time runs down instead of across.
    #[arg(long)]
    vertical: bool,
    /// Light text on a dark background.
    #[arg(long)]
    dark: bool,
}

pub fn run(a: Args, input: &Input, out: &mut Out<'_>) -> Result<(), String> {
    let labels = Labels::from_name(&a.labels).ok_or_else(|| {
        format!("unknown --labels \"{}\" (expected none, lamport, vector or itc)", a.labels)
    })?;
    let (trace, given) =
        parse_trace_with_times(&input.read(&a.file)?).map_err(|e| format!("{}: {e}", a.file))?;
    let times: Option<Vec<f64>> = given.iter().copied().collect();
    let orientation = if a.vertical { Orientation::Vertical } else { Orientation::Horizontal };
    let options = render::Options { labels, orientation, dark: a.dark, ..Default::default() };
    let svg = render::svg(&trace, times.as_deref(), &options).map_err(|e| format!("{}: {e}", a.file))?;
    text(out, &a.output, &svg)
}
