//! `lightcone lesson check`: whether a lesson works as written.

use crate::output::{self, Input, Out};
use lightcone::core::formats::text::escape_for_terminal;
use lightcone::core::lesson::{check, Lesson};

#[derive(clap::Args)]
#[command(subcommand_required = true, arg_required_else_help = false)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Checks a lesson file: every step loads, every id exists, every task and prediction can be satisfied.
    Check {
        /// Lesson JSON file (format "lightcone-lesson/1"; "-" for standard input).
        file: String,
    },
}

pub fn run(a: Args, input: &Input, out: &mut Out<'_>) -> Result<(), String> {
    let Command::Check { file } = a.command;
    let lesson = Lesson::parse(&input.read(&file)?).map_err(|e| format!("{file}: {e}"))?;
    match check(&lesson) {
        Ok(report) => {
            let mut text = report.join("\n");
            text.push('\n');
            output::text(out, "-", &text)
        }
        Err(problems) => {
            // Every problem on a line of its own, as the CLI writes a
            // failure; the last is the error the command returns.
            let (last, rest) = problems.split_last().expect("a failed check has a problem");
            for p in rest {
                eprintln!("lightcone: {}", escape_for_terminal(&format!("{file}: {p}")));
            }
            Err(format!("{file}: {last}"))
        }
    }
}
