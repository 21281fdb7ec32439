//! `lightcone analyze`: every event's clocks, the concurrent pairs, the
//! total order and the clock condition, as JSON.

use crate::output::{written, Input, Out};
use lightcone::core::clocks::{ItcClocks, LamportRule, ReceiveRule};
use lightcone::core::{Analysis, Trace, TraceError};

#[derive(clap::Args)]
pub struct Args {
    /// Trace JSON file ("-" for standard input).
    file: String,
    /// Lamport receive rule: classic, max or message-plus-one.
    #[arg(long, default_value = "classic")]
    receive: String,
    /// A process's Lamport tick, as PROCESS=N (repeatable; default 1).
    #[arg(long = "step", value_name = "PROCESS=N")]
    steps: Vec<String>,
}

pub fn run(a: Args, input: &Input, out: &mut Out<'_>) -> Result<(), String> {
    let trace = input.load(&a.file)?;
    let rule = lamport_rule(&trace, &a.receive, &a.steps)?;
    // Sizes first: nothing is computed for a report that cannot be written.
    let refused = |e: TraceError| format!("{}: {e}", a.file);
    Analysis::check_report_size(&trace).map_err(refused)?;
    ItcClocks::check_nesting(&trace).map_err(refused)?;
    let analysis = Analysis::run(&trace, &rule).map_err(refused)?;
    written(analysis.write_json(&trace, out))
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
