//! `lightcone cut`: whether a cut (a prefix of every process's line) is
//! consistent, and every edge that crosses it backwards.

use crate::output::{written, Input, Out};
use lightcone::core::cut::{parse_frontier, verdict};
use lightcone::core::formats::json_out::json_str;
use lightcone::core::formats::text::json_terminal_safe;
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    /// Trace JSON file ("-" for standard input).
    file: String,
    /// Events inside per process, as A=2,B=3 (a process not named has none).
    #[arg(long, value_name = "PROCESS=COUNT,...", allow_hyphen_values = true)]
    frontier: String,
}

pub fn run(a: Args, input: &Input, out: &mut Out<'_>) -> Result<(), String> {
    let trace = input.load(&a.file)?;
    let cut = parse_frontier(&trace, &a.frontier).map_err(|e| format!("--frontier {e}"))?;
    let v = verdict(&trace, &cut);
    let id = |e| json_str(trace.event_id(e));
    let violations: Vec<String> = v
        .violations
        .iter()
        .map(|x| {
            let message = x.message().map_or("null".into(), |m| json_str(trace.message_id(m)));
            format!("{{\"message\": {message}, \"send\": {}, \"receive\": {}}}", id(x.cause), id(x.effect))
        })
        .collect();
    let frontier: Vec<String> = cut
        .frontier
        .iter()
        .enumerate()
        .map(|(p, n)| format!("{}: {n}", json_str(trace.process_name(p as u32))))
        .collect();
    let text = format!(
        "{{\"consistent\": {}, \"violations\": [{}], \"frontier\": {{{}}}}}\n",
        v.consistent,
        violations.join(", "),
        frontier.join(", ")
    );
    written(out.write_all(json_terminal_safe(&text).as_bytes()))
}
