//! `lightcone relation`: how event A relates to event B, with its proof.

use crate::output::{written, Input, Out};
use lightcone::core::clocks::VectorClocks;
use lightcone::core::formats::text::escape_for_terminal;
use lightcone::core::{explain, Causality};
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    /// Trace JSON file ("-" for standard input).
    file: String,
    /// First event id.
    a: String,
    /// Second event id.
    b: String,
}

pub fn run(a: Args, input: &Input, out: &mut Out<'_>) -> Result<(), String> {
    let trace = input.load(&a.file)?;
    let find =
        |id: &str| trace.event_by_id(id).ok_or_else(|| format!("{}: no event has id \"{id}\"", a.file));
    let (ea, eb) = (find(&a.a)?, find(&a.b)?);
    // Only the vector clocks answer it (stored sparsely for many processes).
    let vectors = VectorClocks::compute(&trace).map_err(|e| format!("{}: {e}", a.file))?;
    let relation = Causality::new(&trace, &vectors).relation(ea, eb);
    // One line per step whatever the ids hold, so the first line is always
    // the relation.
    let lines: Vec<String> = explain::relation(&trace, ea, eb, &relation)
        .iter()
        .map(|l| escape_for_terminal(l).into_owned())
        .collect();
    written(writeln!(out, "{}", lines.join("\n")))
}
