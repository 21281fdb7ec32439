//! `lightcone import --shiviz`: ShiViz/GoVector logs into the trace format.

use crate::output::{written, Input, Out};
use lightcone::core::formats::text::escape_for_terminal;
use lightcone::core::formats::{shiviz, write_trace_with, Extras};

#[derive(clap::Args)]
pub struct Args {
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
}

pub fn run(a: Args, input: &Input, out: &mut Out<'_>) -> Result<(), String> {
    let texts = read_all(&a.files, input)?;
    let format = shiviz::Format { regex: a.regex, delimiter: a.delimiter };
    let imported = shiviz::import(texts, &format, input.max_bytes).map_err(|mut e| {
        if let [one] = a.files.as_slice() {
            e.file = e.file.or_else(|| Some(one.clone()));
        }
        e.to_string()
    })?;
    let x = pick_execution(&imported, a.execution.as_deref())?;
    let fields: Vec<Vec<(String, String)>> = x.entries.iter().map(shiviz::LogEntry::fields).collect();
    let extras = Extras { fields: fields.iter().map(Vec::as_slice).collect(), ..Extras::default() };
    written(write_trace_with(&x.trace, None, &extras, out))
}

/// Every log, the limit shared by all of them: the next file is read
/// within what the ones before left.
fn read_all(files: &[String], input: &Input) -> Result<Vec<(String, String)>, String> {
    let mut left = input.max_bytes;
    let mut texts = Vec::with_capacity(files.len());
    for file in files {
        let text = input.read_within(file, left)?;
        left -= text.len().min(left);
        texts.push((file.clone(), text));
    }
    Ok(texts)
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
                let note = format!(
                    "the log holds {} executions ({}); printing the first (choose with --execution)",
                    all.len(),
                    names.join(", ")
                );
                eprintln!("lightcone: {}", escape_for_terminal(&note));
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
