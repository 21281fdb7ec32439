//! `lightcone cuts`: how many consistent cuts (global states) a trace has,
//! and optionally each one's frontier.

use crate::output::{written, Input, Out};
use lightcone::core::clocks::VectorClocks;
use lightcone::core::cut;
use lightcone::core::formats::json_out::json_str;
use lightcone::core::formats::text::json_terminal_safe;
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    /// Trace JSON file ("-" for standard input).
    file: String,
    /// Stop counting past this many (then "exact" is false and the count is the limit).
    #[arg(long, default_value_t = 1_000_000)]
    limit: u64,
    /// Also list every consistent cut's frontier (refused when there are more than the limit).
    #[arg(long)]
    list: bool,
}

pub fn run(a: Args, input: &Input, out: &mut Out<'_>) -> Result<(), String> {
    let trace = input.load(&a.file)?;
    let vectors = VectorClocks::compute(&trace).map_err(|e| format!("{}: {e}", a.file))?;
    let count = cut::count(&trace, &vectors, a.limit);
    let mut text = format!("{{\"consistent_cuts\": {}, \"exact\": {}", count.count, count.exact);
    if a.list {
        let refused = || {
            format!("{}: more than {} consistent cuts (the --limit); raise it to list them", a.file, a.limit)
        };
        if !count.exact {
            return Err(refused());
        }
        let cuts = cut::all(&trace, &vectors, count.count as usize).ok_or_else(refused)?;
        let names: Vec<String> =
            (0..trace.process_count() as u32).map(|p| json_str(trace.process_name(p))).collect();
        text.push_str(",\n\"cuts\": [");
        for (i, c) in cuts.iter().enumerate() {
            text.push_str(if i == 0 { "\n  {" } else { ",\n  {" });
            for (p, n) in c.frontier.iter().enumerate() {
                text.push_str(&format!("{}{}: {n}", if p == 0 { "" } else { ", " }, names[p]));
            }
            text.push('}');
        }
        text.push_str("\n]");
    }
    text.push_str("}\n");
    written(out.write_all(json_terminal_safe(&text).as_bytes()))
}
