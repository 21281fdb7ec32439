//! Picking events out of log text, a slice at a time so the page can show
//! progress and stay responsive on big logs.

use super::{clock, js_regex, Format, ShivizError};
use crate::core::formats::text::size;
use regex_lite::Regex;
use std::collections::HashMap;

/// One event as logged.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEvent {
    /// The host (process) it happened on.
    pub host: String,
    /// Its vector timestamp's non-zero entries.
    pub clock: Vec<(String, u32)>,
    /// The clock as written.
    pub clock_text: String,
    /// The `event` group: what happened.
    pub text: String,
    /// The other named groups, in the expression's order.
    pub fields: Vec<(String, String)>,
    /// Index of the file it came from.
    pub file: u32,
    /// Its 1-based line in that file (where the match starts).
    pub line: u32,
    /// The line its clock is on, where problems with it are told.
    pub clock_line: u32,
}

/// The events of one execution, from one or several files.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Execution {
    /// The delimiter's `trace` group before it ("" when none).
    pub label: String,
    /// The names of all files given (events refer to them by index).
    pub files: Vec<String>,
    /// Its events, in log order.
    pub events: Vec<LogEvent>,
}

impl Execution {
    /// The file name to put in a message, when there are several files.
    pub(crate) fn file_name(&self, file: u32) -> Option<&str> {
        (self.files.len() > 1).then(|| self.files[file as usize].as_str())
    }
}

/// A stretch of one file that holds one execution.
struct Segment {
    start: usize,
    end: usize,
    /// Index into the scanner's executions.
    execution: usize,
}

/// Scans files for events, a bounded number per [`Scanner::step`].
pub struct Scanner {
    files: Vec<(String, String)>,
    regex: Regex,
    delimiter: Option<Regex>,
    /// Named groups other than host, clock and event.
    fields: Vec<String>,
    executions: Vec<Execution>,
    /// Executions by label, so later files' merge into earlier ones.
    by_label: HashMap<String, usize>,
    file: usize,
    segments: Vec<Segment>,
    segment: usize,
    pos: usize,
    line: u32,
    line_pos: usize,
    done_bytes: usize,
    total_bytes: usize,
}

impl Scanner {
    /// Checks the expressions and the size; scanning starts with `step`.
    /// Windows line ends are read as `\n`, so expressions written for one
    /// work on both.
    pub fn new(files: Vec<(String, String)>, format: &Format, max_bytes: usize) -> Result<Self, ShivizError> {
        let total_bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
        if total_bytes > max_bytes {
            return Err(ShivizError::new(format!(
                "the log is {}; the import limit is {} (raise it to import this log)",
                size(total_bytes),
                size(max_bytes)
            )));
        }
        if files.is_empty() {
            return Err(ShivizError::new("no log was given"));
        }
        let regex = js_regex::compile(&format.regex).map_err(ShivizError::new)?;
        let names: Vec<String> = regex.capture_names().flatten().map(String::from).collect();
        let missing: Vec<&str> =
            ["host", "clock", "event"].into_iter().filter(|g| !names.iter().any(|n| n == g)).collect();
        if !missing.is_empty() {
            return Err(ShivizError::new(format!(
                "the expression needs the named groups host, clock and event; it has no {}",
                missing.join(", no ")
            )));
        }
        let delimiter = match format.delimiter.as_deref().filter(|d| !d.is_empty()) {
            Some(d) => Some(js_regex::compile(d).map_err(|e| ShivizError::new(format!("delimiter: {e}")))?),
            None => None,
        };
        let fields =
            names.into_iter().filter(|n| !matches!(n.as_str(), "host" | "clock" | "event")).collect();
        let files: Vec<(String, String)> =
            files.into_iter().map(|(name, text)| (name, normalize(text))).collect();
        let total_bytes = files.iter().map(|(_, t)| t.len()).sum();
        let mut scanner = Scanner {
            files,
            regex,
            delimiter,
            fields,
            executions: Vec::new(),
            by_label: HashMap::new(),
            file: 0,
            segments: Vec::new(),
            segment: 0,
            pos: 0,
            line: 1,
            line_pos: 0,
            done_bytes: 0,
            total_bytes,
        };
        scanner.open_file();
        Ok(scanner)
    }

    /// The fraction of the text scanned so far.
    pub fn progress(&self) -> f64 {
        if self.total_bytes == 0 {
            return 1.0;
        }
        (self.done_bytes + self.pos.min(self.current_len())) as f64 / self.total_bytes as f64
    }

    /// Events found so far.
    pub fn events_found(&self) -> usize {
        self.executions.iter().map(|e| e.events.len()).sum()
    }

    fn current_len(&self) -> usize {
        self.files.get(self.file).map_or(0, |f| f.1.len())
    }

    /// Splits the current file into executions at the delimiter's matches,
    /// merging with earlier files' executions of the same label.
    fn open_file(&mut self) {
        self.segments.clear();
        self.segment = 0;
        self.pos = 0;
        self.line = 1;
        self.line_pos = 0;
        let Some((_, text)) = self.files.get(self.file) else { return };
        let mut cuts: Vec<(usize, usize, String)> = Vec::new(); // (start, end, label of what follows)
        if let Some(d) = &self.delimiter {
            for c in d.captures_iter(text) {
                let m = c.get(0).expect("group 0 always matches");
                let label = c.name("trace").map_or("", |t| t.as_str()).to_string();
                cuts.push((m.start(), m.end(), label));
            }
        }
        let mut spans = Vec::with_capacity(cuts.len() + 1);
        let mut start = 0;
        let mut label = String::new();
        for (s, e, next) in cuts {
            spans.push((start, s, std::mem::replace(&mut label, next)));
            start = e;
        }
        spans.push((start, text.len(), label));
        // A label repeated within one file is a different execution:
        // "x", "x (2)", "x (3)"…; unlabelled ones are "execution 2"….
        let mut repeats: HashMap<String, usize> = HashMap::new();
        for (start, end, label) in spans {
            if text[start..end].trim().is_empty() {
                continue;
            }
            let n = repeats.entry(label.clone()).or_insert(0);
            *n += 1;
            let unique = match (*n, label.is_empty()) {
                (1, _) => label,
                (n, true) => format!("execution {n}"),
                (n, false) => format!("{label} ({n})"),
            };
            let execution = match self.by_label.get(&unique) {
                Some(&i) => i,
                None => {
                    let files = self.files.iter().map(|f| f.0.clone()).collect();
                    self.by_label.insert(unique.clone(), self.executions.len());
                    self.executions.push(Execution { label: unique, files, events: Vec::new() });
                    self.executions.len() - 1
                }
            };
            self.segments.push(Segment { start, end, execution });
        }
        if let Some(first) = self.segments.first() {
            self.pos = first.start;
        }
    }

    /// Scans up to `budget` more events; true when every file is done.
    pub fn step(&mut self, budget: usize) -> Result<bool, ShivizError> {
        let mut left = budget;
        while left > 0 {
            if self.file >= self.files.len() {
                return Ok(true);
            }
            let Some(segment) = self.segments.get(self.segment) else {
                self.done_bytes += self.current_len();
                self.file += 1;
                self.open_file();
                continue;
            };
            let (start, end, execution) = (segment.start, segment.end, segment.execution);
            self.pos = self.pos.max(start);
            let text = &self.files[self.file].1;
            let found = if self.pos <= end { self.regex.captures_at(&text[..end], self.pos) } else { None };
            let Some(c) = found else {
                self.segment += 1;
                self.pos = self.segments.get(self.segment).map_or(end, |s| s.start);
                continue;
            };
            let m = c.get(0).expect("group 0 always matches");
            if m.is_empty() {
                // An expression that can match nothing: step past it.
                self.pos = m.end() + text[m.end()..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            self.line +=
                text.as_bytes()[self.line_pos..m.start()].iter().filter(|&&b| b == b'\n').count() as u32;
            self.line_pos = m.start();
            let event = self.event(&c)?;
            self.executions[execution].events.push(event);
            self.pos = m.end();
            left -= 1;
        }
        Ok(self.file >= self.files.len())
    }

    fn event(&self, c: &regex_lite::Captures<'_>) -> Result<LogEvent, ShivizError> {
        let file_name = (self.files.len() > 1).then(|| self.files[self.file].0.as_str());
        // Problems with a clock are told at its own line, which need not be
        // where the match starts (an event line may come first).
        let text = self.files[self.file].1.as_bytes();
        let start = c.get(0).map_or(0, |m| m.start());
        let line_of =
            |at: usize| self.line + text[start..at.max(start)].iter().filter(|&&b| b == b'\n').count() as u32;
        let clock_line = line_of(c.name("clock").map_or(start, |m| m.start()));
        let at = |message: String| ShivizError::at(file_name, clock_line, message);
        let group = |name: &str| c.name(name).map_or("", |m| m.as_str());
        let host = group("host");
        if host.is_empty() {
            return Err(at("the expression matched an event with an empty host".into()));
        }
        let clock_text = group("clock");
        let clock = clock::parse(clock_text).map_err(at)?;
        Ok(LogEvent {
            host: host.to_string(),
            clock,
            clock_text: clock_text.to_string(),
            text: group("event").to_string(),
            fields: self.fields.iter().map(|n| (n.clone(), group(n).to_string())).collect(),
            file: self.file as u32,
            line: self.line,
            clock_line,
        })
    }

    /// The executions found; refuses one the expression found nothing in.
    pub fn finish(self) -> Result<Vec<Execution>, ShivizError> {
        if let Some(empty) = self.executions.iter().find(|x| x.events.is_empty()) {
            let name = if empty.label.is_empty() {
                "the log".to_string()
            } else {
                format!("execution \"{}\"", empty.label)
            };
            return Err(ShivizError::new(format!(
                "the expression matches no event in {name}; check it against the log's first lines"
            )));
        }
        if self.executions.is_empty() {
            return Err(ShivizError::new("the log is empty"));
        }
        Ok(self.executions)
    }
}

/// `\r\n` and lone `\r` line ends become `\n`.
fn normalize(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}
