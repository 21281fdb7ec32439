//! The commands, their arguments and their output.

use clap::{Parser, Subcommand};
use lightcone::core::clocks::{LamportRule, ReceiveRule};
use lightcone::core::crdt::{self, Delivery, Scenario};
use lightcone::core::formats::shiviz;
use lightcone::core::formats::text::utf8;
use lightcone::core::formats::{parse_trace, parse_trace_with_times, write_trace, write_trace_with, Extras};
use lightcone::core::generate::{random_trace, Settings};
use lightcone::core::layout::Orientation;
use lightcone::core::render::{self, Labels};
use lightcone::core::sim::explore::{explore, Bounds};
use lightcone::core::sim::{self, scenario::Scenario as SimScenario};
use lightcone::core::{explain, Analysis, Trace};
use std::io::{Read, Write};
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
    Analyze {
        /// Trace JSON file ("-" for standard input).
        file: String,
        /// Lamport receive rule: classic, max or message-plus-one.
        #[arg(long, default_value = "classic")]
        receive: String,
        /// A process's Lamport tick, as PROCESS=N (repeatable; default 1).
        #[arg(long = "step", value_name = "PROCESS=N")]
        steps: Vec<String>,
    },
    /// How event A relates to event B (before, after, concurrent or same), with proof.
    Relation {
        /// Trace JSON file ("-" for standard input).
        file: String,
        /// First event id.
        a: String,
        /// Second event id.
        b: String,
    },
    /// Every replica's CRDT value after every event of a gossip trace, as JSON.
    Crdt {
        /// CRDT trace JSON file: the trace plus "crdt" and an "op" on local events ("-" for standard input).
        file: String,
        /// Op-based types: hold operations until causally ready and drop copies already delivered.
        #[arg(long)]
        causal: bool,
    },
    /// Runs a commit-lab scenario (2PC or 3PC under a system model and faults), as JSON.
    Simulate {
        /// Scenario JSON file ("-" for standard input).
        file: String,
    },
    /// Searches every schedule of a scenario's protocol within bounds for a counterexample, as JSON.
    Explore {
        /// Scenario JSON file ("-" for standard input).
        file: String,
        /// Crashes at most (crash-stop).
        #[arg(long, default_value_t = 1)]
        crashes: usize,
        /// Dropped messages at most.
        #[arg(long, default_value_t = 0)]
        drops: usize,
        /// Partitions at most (0 or 1).
        #[arg(long, default_value_t = 0)]
        partitions: usize,
        /// Steps per schedule at most.
        #[arg(long, default_value_t = 60)]
        depth: usize,
    },
    /// Draws a trace as a self-contained SVG (for slides and papers).
    Render {
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
    },
    /// Reads ShiViz/GoVector logs into the trace format; several raw logs of one run merge into one execution.
    Import {
        /// Log files ("-" for standard input).
        #[arg(required = true)]
        files: Vec<String>,
        /// The logs are in the ShiViz format (named groups host, clock and event).
        #[arg(long, required = true)]
        shiviz: bool,
        /// The event expression, in JavaScript syntax (ShiViz's), applied to the whole log.
        #[arg(long, default_value = shiviz::GOVECTOR_REGEX)]
        regex: String,
        /// An expression that separates executions; its "trace" group names them.
        #[arg(long)]
        delimiter: Option<String>,
        /// The execution to print when there are several: its number (from 1) or its name.
        #[arg(long)]
        execution: Option<String>,
        /// The most log text to read, in MB.
        #[arg(long, default_value_t = 1024)]
        max_mb: usize,
    },
    /// Writes a trace as a ShiViz/GoVector log (open it in ShiViz with its default expression).
    Export {
        /// Trace JSON file ("-" for standard input).
        file: String,
        /// Write the ShiViz format.
        #[arg(long, required = true)]
        shiviz: bool,
        /// Output file ("-" for standard output).
        #[arg(short, long, default_value = "-")]
        output: String,
    },
    /// A random trace in the trace format, reproducible from its seed.
    Generate {
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
    },
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
    let written = match command {
        Command::Analyze { file, receive, steps } => {
            let trace = load(&file)?;
            let rule = lamport_rule(&trace, &receive, &steps)?;
            Analysis::run(&trace, &rule).write_json(&trace, &mut out)
        }
        Command::Relation { file, a, b } => {
            let trace = load(&file)?;
            let find =
                |id: &str| trace.event_by_id(id).ok_or_else(|| format!("{file}: no event has id \"{id}\""));
            let (ea, eb) = (find(&a)?, find(&b)?);
            let analysis = Analysis::run(&trace, &LamportRule::classic());
            let relation = analysis.causality(&trace).relation(ea, eb);
            writeln!(out, "{}", explain::relation(&trace, ea, eb, &relation).join("\n"))
        }
        Command::Crdt { file, causal } => {
            let text = read(&file)?;
            let scenario = Scenario::parse(&text).map_err(|e| format!("{file}: {e}"))?;
            let delivery = if causal { Delivery::Causal } else { Delivery::Immediate };
            let run = crdt::run(&scenario.trace, scenario.kind, &scenario.ops, delivery)
                .map_err(|e| format!("{file}: {e}"))?;
            out.write_all(crdt_report(&scenario.trace, &run).as_bytes())
        }
        Command::Simulate { file } => {
            let scenario = SimScenario::parse(&read(&file)?).map_err(|e| format!("{file}: {e}"))?;
            let report = sim::outcome::run(&scenario).to_json();
            let mut text = serde_json::to_string_pretty(&report).expect("a report serialises");
            text.push('\n');
            out.write_all(text.as_bytes())
        }
        Command::Explore { file, crashes, drops, partitions, depth } => {
            let scenario = SimScenario::parse(&read(&file)?).map_err(|e| format!("{file}: {e}"))?;
            let bounds = Bounds { crashes, drops, partitions: partitions.min(1), depth, ..Bounds::default() };
            let verdict = explore(&scenario, &bounds);
            let report = serde_json::json!({
                "atomicity": if verdict.violation.is_some() { "violated" } else { "holds" },
                "blocking": if verdict.blocking.is_some() { "possible" } else { "impossible" },
                "states": verdict.states,
                "truncated": verdict.truncated,
                "bounds": {"crashes": crashes, "drops": drops, "partitions": partitions.min(1), "depth": depth},
                "counterexample": verdict.counterexample(&scenario),
            });
            let mut text = serde_json::to_string_pretty(&report).expect("a report serialises");
            text.push('\n');
            out.write_all(text.as_bytes())
        }
        Command::Render { file, output, labels, vertical, dark } => {
            let labels = Labels::from_name(&labels).ok_or_else(|| {
                format!("unknown --labels \"{labels}\" (expected none, lamport, vector or itc)")
            })?;
            let (trace, given) = parse_trace_with_times(&read(&file)?).map_err(|e| format!("{file}: {e}"))?;
            let times: Option<Vec<f64>> = given.iter().copied().collect();
            let orientation = if vertical { Orientation::Vertical } else { Orientation::Horizontal };
            let picture = render::svg(
                &trace,
                times.as_deref(),
                &render::Options { labels, orientation, dark, ..Default::default() },
            );
            if output == "-" {
                out.write_all(picture.as_bytes())
            } else {
                std::fs::write(&output, picture).map_err(|e| format!("{output}: cannot write: {e}"))?;
                Ok(())
            }
        }
        Command::Import { files, shiviz: _, regex, delimiter, execution, max_mb } => {
            let texts =
                files.iter().map(|f| read(f).map(|t| (f.clone(), t))).collect::<Result<Vec<_>, _>>()?;
            let format = shiviz::Format { regex, delimiter };
            let imported = shiviz::import(texts, &format, max_mb << 20).map_err(|mut e| {
                if let [one] = files.as_slice() {
                    e.file = e.file.or_else(|| Some(one.clone()));
                }
                e.to_string()
            })?;
            let x = pick_execution(&imported, execution.as_deref())?;
            let fields: Vec<Vec<(String, String)>> = x.entries.iter().map(shiviz::LogEntry::fields).collect();
            let extras = Extras { fields: fields.iter().map(Vec::as_slice).collect(), ..Extras::default() };
            write_trace_with(&x.trace, None, &extras, &mut out)
        }
        Command::Export { file, shiviz: _, output } => {
            let trace = load(&file)?;
            let log = shiviz::write_shiviz(&trace);
            if output == "-" {
                out.write_all(log.as_bytes())
            } else {
                std::fs::write(&output, log).map_err(|e| format!("{output}: cannot write: {e}"))?;
                Ok(())
            }
        }
        Command::Generate { processes, events, message_probability, loss_probability, seed } => {
            let settings = Settings { processes, events, message_probability, loss_probability, seed };
            out.write_all(write_trace(&random_trace(&settings)).as_bytes())
        }
    };
    written.and_then(|()| out.flush()).map_err(|e| format!("cannot write output: {e}"))
}

/// The execution asked for, or the only one; with several and no choice,
/// the first, naming the others on stderr.
fn pick_execution<'a>(
    all: &'a [shiviz::Imported],
    choice: Option<&str>,
) -> Result<&'a shiviz::Imported, String> {
    let names: Vec<String> =
        all.iter().enumerate().map(|(i, x)| format!("{} \"{}\"", i + 1, x.label)).collect();
    match choice {
        None => {
            if all.len() > 1 {
                eprintln!(
                    "lightcone: the log holds {} executions ({}); printing the first (choose with --execution)",
                    all.len(),
                    names.join(", ")
                );
            }
            Ok(&all[0])
        }
        Some(c) => {
            let by_number = c.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| all.get(i));
            by_number.or_else(|| all.iter().find(|x| x.label == c)).ok_or_else(|| {
                format!("--execution \"{c}\": no such execution (there are {})", names.join(", "))
            })
        }
    }
}

/// Reads and validates a trace; errors name the file and the place.
fn load(file: &str) -> Result<Trace, String> {
    parse_trace(&read(file)?).map_err(|e| format!("{file}: {e}"))
}

/// A file's (or standard input's) text, which must be UTF-8.
fn read(file: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    let read = if file == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(file).and_then(|mut f| f.read_to_end(&mut bytes)).map(|_| ())
    };
    read.map_err(|e| format!("{file}: cannot read: {e}"))?;
    utf8(&bytes).map(str::to_string).map_err(|e| format!("{file}: {e}"))
}

/// `{"events": [{"id", "value"}, ...], "final": {process: value}}`, events
/// in input order.
fn crdt_report(trace: &Trace, run: &crdt::Run) -> String {
    let events: Vec<serde_json::Value> = (0..trace.event_count())
        .map(|e| serde_json::json!({"id": trace.event_id(e as u32), "value": run.values[e].to_json()}))
        .collect();
    let finals: serde_json::Map<String, serde_json::Value> = (0..trace.process_count())
        .map(|p| (trace.process_name(p as u32).to_string(), run.finals[p].to_json()))
        .collect();
    let mut text = serde_json::to_string_pretty(&serde_json::json!({"events": events, "final": finals}))
        .expect("a report serialises");
    text.push('\n');
    text
}

fn lamport_rule(trace: &Trace, receive: &str, steps: &[String]) -> Result<LamportRule, String> {
    let names: Vec<&str> = ReceiveRule::ALL.iter().map(|r| r.name()).collect();
    let receive = ReceiveRule::from_name(receive).ok_or_else(|| {
        format!("unknown receive rule \"{receive}\" (expected one of {})", names.join(", "))
    })?;
    let mut rule = LamportRule { receive, steps: vec![1; trace.process_count()] };
    for step in steps {
        let (process, n) =
            step.split_once('=').ok_or_else(|| format!("--step \"{step}\": expected PROCESS=N"))?;
        let p = trace
            .process_by_name(process)
            .ok_or_else(|| format!("--step \"{step}\": unknown process \"{process}\""))?;
        rule.steps[p as usize] =
            n.parse().map_err(|_| format!("--step \"{step}\": \"{n}\" is not a whole number"))?;
    }
    Ok(rule)
}
