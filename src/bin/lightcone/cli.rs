//! The commands and their arguments; each command lives in its own file
//! under `cmd/`, and `output.rs` holds what they share (reading files,
//! writing JSON and files).

use crate::cmd;
use crate::output::{self, Input, DEFAULT_MAX_MB};
use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, Subcommand};
use lightcone::core::formats::text::escape_for_terminal;
use std::io::Write;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "lightcone", version, about = "Time, causality and agreement in distributed systems")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The most input to read, in MB (all files together); a bigger input is refused unread.
    #[arg(long = "max-mb", value_name = "MB", global = true, default_value = DEFAULT_MAX_MB,
          value_parser = output::max_mb)]
    max_bytes: usize,
}

#[derive(Subcommand)]
enum Command {
    /// Lamport and vector clocks, concurrent pairs and the total order, as JSON.
    Analyze(cmd::analyze::Args),
    /// How event A relates to event B (before, after, concurrent or same), with proof.
    Relation(cmd::relation::Args),
    /// Whether a cut (events inside per process, --frontier A=2,B=3) is consistent, with every violating message, as JSON.
    Cut(cmd::cut::Args),
    /// Counts the consistent cuts (global states), empty and full included; --list lists their frontiers; as JSON.
    Cuts(cmd::cuts::Args),
    /// Every replica's CRDT value after every event of a gossip trace, as JSON.
    Crdt(cmd::crdt::Args),
    /// Runs a scenario (2PC, 3PC, broadcast, snapshots or VR under a system model, faults and inputs), as JSON.
    Simulate(cmd::simulate::Args),
    /// The latency/throughput/availability table of a VR scenario under offered loads and replica counts.
    Measure(cmd::measure::Args),
    /// Runs a time-lab scenario (Cristian, Berkeley or NTP per RFC 5905 over drifting clocks and faults), as JSON.
    Timesync(cmd::timesync::Args),
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
    /// A causality quiz from a seed: its diagram, questions and every answer, as JSON.
    Quiz(cmd::quiz::Args),
    /// Lessons (www/lessons/, format "lightcone-lesson/1"): `lesson check FILE` checks one.
    Lesson(cmd::lesson::Args),
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return argument_error(&e),
    };
    match run(cli.command, &Input { max_bytes: cli.max_bytes }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

/// Every failure: one line on stderr, whatever the message quotes.
fn fail(message: &str) -> ExitCode {
    eprintln!("lightcone: {}", escape_for_terminal(message));
    ExitCode::FAILURE
}

/// Help and the version print as clap writes them (exit 0); every other
/// argument error is one line and exit 1, like any invalid input.
fn argument_error(e: &clap::Error) -> ExitCode {
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let names: Vec<String> = Cli::command().get_subcommands().map(|c| c.get_name().to_string()).collect();
        return fail(&format!("no command given (one of {}; see lightcone --help)", names.join(", ")));
    }
    fail(&one_line(&e.render().to_string()))
}

/// clap's message on one line: its lines up to the usage, without the
/// "error:" prefix, joined; "tip:" lines follow after "; ".
fn one_line(rendered: &str) -> String {
    let mut line = String::new();
    for part in rendered.lines().map(str::trim).take_while(|l| !l.starts_with("Usage:")) {
        let part = part.trim_start_matches("error:").trim();
        if part.is_empty() || part.starts_with("For more information") {
            continue;
        }
        if !line.is_empty() {
            line.push_str(if part.starts_with("tip:") { "; " } else { " " });
        }
        line.push_str(part);
    }
    line.push_str(" (see lightcone --help)");
    line
}

fn run(command: Command, input: &Input) -> Result<(), String> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match command {
        Command::Analyze(a) => cmd::analyze::run(a, input, &mut out),
        Command::Relation(a) => cmd::relation::run(a, input, &mut out),
        Command::Cut(a) => cmd::cut::run(a, input, &mut out),
        Command::Cuts(a) => cmd::cuts::run(a, input, &mut out),
        Command::Crdt(a) => cmd::crdt::run(a, input, &mut out),
        Command::Simulate(a) => cmd::simulate::run(a, input, &mut out),
        Command::Measure(a) => cmd::measure::run(a, input, &mut out),
        Command::Timesync(a) => cmd::timesync::run(a, input, &mut out),
        Command::Explore(a) => cmd::explore::run(a, input, &mut out),
        Command::Render(a) => cmd::render::run(a, input, &mut out),
        Command::Import(a) => cmd::import::run(a, input, &mut out),
        Command::Export(a) => cmd::export::run(a, input, &mut out),
        Command::Generate(a) => cmd::generate::run(a, &mut out),
        Command::Quiz(a) => cmd::quiz::run(a, &mut out),
        Command::Lesson(a) => cmd::lesson::run(a, input, &mut out),
    }?;
    out.flush().map_err(|e| format!("cannot write output: {e}"))
}
