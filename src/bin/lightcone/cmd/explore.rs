//! `lightcone explore`: every schedule of a scenario's protocol within
//! bounds, each declared property's verdict and a replayable
//! counterexample. Bounds default to what the scenario's faults suggest.

use crate::output::{json, Input, Out};
use lightcone::core::sim::explore::{explore, sweep, Bounds};
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
    /// Memory the search may use at most: MiB, or with a unit (512M, 2G, 4GiB); past it the
    /// report says "memory_cut".
    #[arg(long, value_name = "SIZE", default_value = "1GiB", value_parser = memory)]
    max_memory: usize,
    /// A VR or PBFT scenario: try every assignment of a Byzantine behaviour (silent, equivocate,
    /// replay, lie) to up to K replicas (1 to f + 1), each searched within the same bounds, in place
    /// of the scenario's own replicas' behaviours; stops at the first that breaks safety. The report
    /// adds "byzantine_any", "assignments", "tried" (per assignment its verdicts) and "byzantine"
    /// (the counterexample's assignment).
    #[arg(long, value_name = "K")]
    byzantine_any: Option<usize>,
}

/// `--max-memory`'s value in bytes: a whole number of MiB, or of K, M or G
/// (KiB, MiB, GiB; binary either way); neither zero nor past what a `usize`
/// holds.
fn memory(text: &str) -> Result<usize, String> {
    let digits = text.trim().trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if digits.trim().is_empty() {
        return Err(format!("{text:?} is not a size"));
    }
    let unit = text.trim()[digits.len()..].to_ascii_lowercase();
    let shift = match unit.trim_end_matches("ib").trim_end_matches('b') {
        "k" => 10,
        "" | "m" => 20,
        "g" => 30,
        _ => return Err(format!("unknown unit {unit:?} (use K, M or G)")),
    };
    let too_many = || format!("{text} is more bytes than this machine can count");
    let digits = digits.trim();
    let n: usize = match digits.parse() {
        Ok(n) => n,
        Err(_) if digits.bytes().all(|b| b.is_ascii_digit()) => return Err(too_many()),
        Err(_) => return Err(format!("{text:?} is not a size")),
    };
    if n == 0 {
        return Err("0 leaves the search no memory".to_string());
    }
    n.checked_mul(1 << shift).ok_or_else(too_many)
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
        memory: a.max_memory,
        ..from_scenario
    };
    if let Some(k) = a.byzantine_any {
        return json(out, &sweep(&scenario, &bounds, k)?.to_json(&scenario, &bounds));
    }
    json(out, &explore(&scenario, &bounds).to_json(&scenario, &bounds))
}
