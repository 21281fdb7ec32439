//! The commands and their arguments; each command lives in its own file
//! under `cmd/`, and `output.rs` holds what they share (reading files,
//! writing JSON and files).

use crate::cmd;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "lightcone", version, about = "Time, causality and agreement in distributed systems")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lamport and vector clocks, concurrent pairs and the total order, as JSON.
    Analyze(cmd::analyze::Args),
    /// How event A relates to event B (before, after, concurrent or same), with proof.
    Relation(cmd::relation::Args),
    /// Every replica's CRDT value after every event of a gossip trace, as JSON.
    Crdt(cmd::crdt::Args),
    /// Runs a scenario (2PC, 3PC or broadcast under a system model, faults and inputs), as JSON.
    Simulate(cmd::simulate::Args),
    /// Searches every schedule of a scenario's protocol within bounds for a counterexample, as JSON.
    Explore(cmd::explore::Args),
    /// Draws a trace as a self-contained SVG (for slides and papers).
    Render(cmd::render::Args),
    /// Reads ShiViz/GoVector logs into the trace format; several raw logs of one run merge into one execution.
    Import(cmd::import::Args),
    /// Writes a trace as a ShiViz/GoVector log (open it in ShiViz with its default expression).
    Export(cmd::export::Args),
    /// A random trace in the trace format, reproducible from its seed.
    Generate(cmd::generate::Args),
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("lightcone: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<(), String> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match command {
        Command::Analyze(a) => cmd::analyze::run(a, &mut out),
        Command::Relation(a) => cmd::relation::run(a, &mut out),
        Command::Crdt(a) => cmd::crdt::run(a, &mut out),
        Command::Simulate(a) => cmd::simulate::run(a, &mut out),
        Command::Explore(a) => cmd::explore::run(a, &mut out),
        Command::Render(a) => cmd::render::run(a, &mut out),
        Command::Import(a) => cmd::import::run(a, &mut out),
        Command::Export(a) => cmd::export::run(a, &mut out),
        Command::Generate(a) => cmd::generate::run(a, &mut out),
    }?;
    out.flush().map_err(|e| format!("cannot write output: {e}"))
}
