//! The ShiViz log format (Beschastnikh et al., "Debugging distributed
//! systems", CACM 2016; GoVector writes it): a regular expression with
//! named groups `host`, `clock` and `event` picks events out of a log, where
//! `clock` is a JSON vector timestamp such as `{"alice":3, "bob":1}`. Other
//! named groups become fields of the event. An optional delimiter
//! expression splits a log into several executions, each labelled by the
//! delimiter's `trace` group.
//!
//! Importing follows ShiViz's rules: every host appears in its own clock,
//! whose own entry counts that host's events from 1 in steps of 1, and
//! every host a clock names has events in the execution. Messages are
//! derived from the clocks: an event receives from each other host whose
//! entry grew since its host's previous event, keeping only the edges that
//! no other edge implies (the transitive reduction). Beyond ShiViz, the
//! clocks must then equal what the vector clock algorithm computes from
//! those messages, so an impossible log is refused rather than drawn.

mod clock;
mod execution;
mod export;
mod js_regex;
mod scan;
mod search;

pub use execution::{build, Imported, LogEntry};
pub use export::write_shiviz;
pub use js_regex::{compile, translate};
pub use scan::{Execution, LogEvent, Scanner, MAX_EVENTS, MAX_EXECUTIONS};
pub use search::{MAX_WINDOW, WORK_PER_BYTE, WORK_SLACK};

use std::fmt;

/// GoVector's default log: a `host {clock}` line, then the event's line.
pub const GOVECTOR_REGEX: &str = r"(?<host>\S*) (?<clock>{.*})\n(?<event>.*)";

/// Named expressions offered by the import dialog: (name, regex, delimiter).
pub const PRESETS: &[(&str, &str, &str)] = &[
    ("GoVector (host {clock} / event)", GOVECTOR_REGEX, ""),
    ("Event line, then host {clock}", r"(?<event>.*)\n(?<host>\S*) (?<clock>{.*})", ""),
    ("GoVector, executions split by === name ===", GOVECTOR_REGEX, r"^=== (?<trace>.*) ===$"),
    (
        "TLA+ TLC trace (Host / Clock variables)",
        // A named host only: the initial state's Host "--" is no event.
        r#"^State [0-9]+: <(?<event>\w*) .*>\n\/\\ Host = (?<host>\w+)\n\/\\ Clock = "(?<clock>.*)""#,
        r"^=== (?<trace>.*) ===$",
    ),
];

/// How to read a log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Format {
    /// The event expression, in JavaScript syntax.
    pub regex: String,
    /// The execution delimiter, if any.
    pub delimiter: Option<String>,
}

impl Default for Format {
    fn default() -> Self {
        Self { regex: GOVECTOR_REGEX.into(), delimiter: None }
    }
}

/// Why a log cannot be imported, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShivizError {
    /// The file, when several were given.
    pub file: Option<String>,
    /// The 1-based line the problem is on.
    pub line: Option<u32>,
    /// What is wrong.
    pub message: String,
}

impl ShivizError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self { file: None, line: None, message: message.into() }
    }

    pub(crate) fn at(file: Option<&str>, line: u32, message: impl Into<String>) -> Self {
        Self { file: file.map(Into::into), line: Some(line), message: message.into() }
    }
}

impl fmt::Display for ShivizError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}, line {line}: {}", self.message),
            (None, Some(line)) => write!(f, "line {line}: {}", self.message),
            (Some(file), None) => write!(f, "{file}: {}", self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ShivizError {}

/// Reads whole logs at once (the CLI; the page scans in slices with a
/// [`Scanner`]). Several files are merged: executions with the same label
/// become one, so separate raw logs of one run make one execution.
pub fn import(
    files: Vec<(String, String)>,
    format: &Format,
    max_bytes: usize,
) -> Result<Vec<Imported>, ShivizError> {
    let mut scanner = Scanner::new(files, format, max_bytes)?;
    while !scanner.step(usize::MAX)? {}
    scanner.finish()?.iter().map(build).collect()
}
