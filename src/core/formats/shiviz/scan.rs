//! Picking events out of log text, a slice at a time so the page can show
//! progress and stay responsive on big logs.

use super::search::{self, Refusal, Work, MAX_WINDOW, WORK_PER_BYTE, WORK_SLACK};
use super::{clock, js_regex, Format, ShivizError};
use crate::core::formats::json_out::json_str;
use crate::core::formats::text::{clip, size};
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

/// The delimiter's matches in the current file so far, while it is split.
struct Split {
    pos: usize,
    /// How far the previous search went.
    hint: usize,
    /// (start, end, label of what follows) of each match.
    cuts: Vec<(usize, usize, String)>,
}

/// The most executions a delimiter may cut the logs into (each is listed
/// for the user to pick from).
pub const MAX_EXECUTIONS: usize = 10_000;
/// The most events read from the logs together.
pub const MAX_EVENTS: usize = 5_000_000;

/// Scans files for events, a bounded amount of work per [`Scanner::step`].
pub struct Scanner {
    files: Vec<(String, String)>,
    format: Format,
    regex: Regex,
    delimiter: Option<Regex>,
    /// Named groups other than host, clock and event.
    fields: Vec<String>,
    executions: Vec<Execution>,
    /// Executions by label, so later files' merge into earlier ones.
    by_label: HashMap<String, usize>,
    file: usize,
    /// Set while the current file is being split at the delimiter.
    split: Option<Split>,
    /// Delimiter matches in all files so far.
    cuts: usize,
    events: usize,
    /// [`MAX_EVENTS`] (lowered by tests).
    max_events: usize,
    segments: Vec<Segment>,
    segment: usize,
    pos: usize,
    line: u32,
    line_pos: usize,
    /// How far the previous event search went (see [`search::next_match`]).
    hint: usize,
    done_bytes: usize,
    total_bytes: usize,
    work: Work,
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
            format: format.clone(),
            regex,
            delimiter,
            fields,
            executions: Vec::new(),
            by_label: HashMap::new(),
            file: 0,
            split: None,
            cuts: 0,
            events: 0,
            max_events: MAX_EVENTS,
            segments: Vec::new(),
            segment: 0,
            pos: 0,
            line: 1,
            line_pos: 0,
            hint: 0,
            done_bytes: 0,
            total_bytes,
            work: Work::for_log(total_bytes),
        };
        scanner.open_file();
        Ok(scanner)
    }

    /// The fraction of the text scanned so far (splitting a file at the
    /// delimiter counts as its first half).
    pub fn progress(&self) -> f64 {
        if self.total_bytes == 0 {
            return 1.0;
        }
        let (len, pos) = (self.current_len(), self.pos.min(self.current_len()));
        let here = match (&self.delimiter, &self.split) {
            (None, _) => pos,
            (Some(_), Some(split)) => split.pos.min(len) / 2,
            (Some(_), None) => (len + pos) / 2,
        };
        (self.done_bytes + here) as f64 / self.total_bytes as f64
    }

    /// Events found so far.
    pub fn events_found(&self) -> usize {
        self.events
    }

    /// Bytes handed to the expression engine so far, and the most that may
    /// be (see [`Work`]).
    pub fn work(&self) -> (usize, usize) {
        (self.work.spent, self.work.budget)
    }

    fn current_len(&self) -> usize {
        self.files.get(self.file).map_or(0, |f| f.1.len())
    }

    /// Starts on the current file: splitting it at the delimiter first if
    /// there is one.
    fn open_file(&mut self) {
        self.segments.clear();
        self.segment = 0;
        self.pos = 0;
        self.line = 1;
        self.line_pos = 0;
        if self.file >= self.files.len() {
            return;
        }
        self.split = Some(Split { pos: 0, hint: 0, cuts: Vec::new() });
        if self.delimiter.is_none() {
            self.cut_into_executions();
        }
    }

    /// Finds the delimiter's next match in the current file (one search);
    /// at the file's end, cuts it into executions.
    fn split_more(&mut self) -> Result<(), ShivizError> {
        let (Some(split), Some(d)) = (self.split.as_mut(), self.delimiter.as_ref()) else { return Ok(()) };
        let (name, text) = &self.files[self.file];
        let file = (self.files.len() > 1).then_some(name.as_str());
        let found = search::next_match(d, text, (split.pos, text.len()), split.hint, &mut self.work);
        let found = found.map_err(|r| refusal(r, "delimiter", &self.format, text, file, &self.work))?;
        let Some(c) = found else {
            self.cut_into_executions();
            return Ok(());
        };
        let m = c.get(0).expect("group 0 always matches");
        self.cuts += 1;
        if self.cuts > MAX_EXECUTIONS {
            return Err(ShivizError::new(format!(
                "the delimiter matches more than {MAX_EXECUTIONS} times; a log is split into at most \
                 {MAX_EXECUTIONS} executions (check that it matches only the lines between executions)"
            )));
        }
        let label = c.name("trace").map_or("", |t| t.as_str()).to_string();
        split.hint = m.end() - split.pos;
        split.cuts.push((m.start(), m.end(), label));
        split.pos = step_past(text, m.start(), m.end());
        Ok(())
    }

    /// Cuts the current file into executions at the delimiter's matches,
    /// merging with earlier files' executions of the same label.
    fn cut_into_executions(&mut self) {
        let Some(split) = self.split.take() else { return };
        let text = &self.files[self.file].1;
        let mut spans = Vec::with_capacity(split.cuts.len() + 1);
        let mut start = 0;
        let mut label = String::new();
        for (s, e, next) in split.cuts {
            spans.push((start, s.max(start), std::mem::replace(&mut label, next)));
            start = e.max(start);
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

    /// Scans on until about `work` more bytes have been given to the
    /// expression engine (at least one search); true when every file is
    /// done. The page calls it with a small amount between frames, so a
    /// slice never runs long whatever the expression; the CLI with
    /// `usize::MAX`.
    pub fn step(&mut self, work: usize) -> Result<bool, ShivizError> {
        let until = self.work.spent.saturating_add(work);
        loop {
            if self.file >= self.files.len() {
                return Ok(true);
            }
            if self.split.is_some() {
                self.split_more()?;
            } else if self.segment < self.segments.len() {
                self.scan_more()?;
            } else {
                self.done_bytes += self.current_len();
                self.file += 1;
                self.open_file();
                continue;
            }
            if self.work.spent >= until {
                return Ok(self.file >= self.files.len());
            }
        }
    }

    /// Looks for the next event in the current segment (one search).
    fn scan_more(&mut self) -> Result<(), ShivizError> {
        let segment = &self.segments[self.segment];
        let (start, end, execution) = (segment.start, segment.end, segment.execution);
        self.pos = self.pos.max(start);
        let text = &self.files[self.file].1;
        let found = if self.pos <= end {
            search::next_match(&self.regex, text, (self.pos, end), self.hint, &mut self.work)
                .map_err(|r| refusal(r, "expression", &self.format, text, self.file_name(), &self.work))?
        } else {
            None
        };
        let Some(c) = found else {
            self.segment += 1;
            self.pos = self.segments.get(self.segment).map_or(end, |s| s.start);
            return Ok(());
        };
        let m = c.get(0).expect("group 0 always matches");
        if m.is_empty() {
            // An expression that can match nothing: step past it.
            self.pos = step_past(text, m.start(), m.end());
            return Ok(());
        }
        self.line += text.as_bytes()[self.line_pos..m.start()].iter().filter(|&&b| b == b'\n').count() as u32;
        self.line_pos = m.start();
        self.hint = m.end() - self.pos;
        self.events += 1;
        if self.events > self.max_events {
            let most = self.max_events;
            return Err(ShivizError::at(
                self.file_name(),
                self.line,
                format!("the logs hold more than {most} events; at most {most} are read"),
            ));
        }
        let event = self.event(&c)?;
        self.pos = m.end();
        self.executions[execution].events.push(event);
        Ok(())
    }

    /// The current file's name for a message, when there are several.
    fn file_name(&self) -> Option<&str> {
        (self.files.len() > 1).then(|| self.files[self.file].0.as_str())
    }

    fn event(&self, c: &regex_lite::Captures<'_>) -> Result<LogEvent, ShivizError> {
        let file_name = self.file_name();
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

/// Where to look on after a match: its end, or past the next character
/// when it is empty.
fn step_past(text: &str, start: usize, end: usize) -> usize {
    if start < end {
        return end;
    }
    end + text[end..].chars().next().map_or(1, char::len_utf8)
}

/// A search's refusal as the user reads it: which expression, where, and
/// the bound it met.
fn refusal(
    r: Refusal,
    which: &str,
    format: &Format,
    text: &str,
    file: Option<&str>,
    work: &Work,
) -> ShivizError {
    let pattern = match which {
        "delimiter" => format.delimiter.as_deref().unwrap_or(""),
        _ => format.regex.as_str(),
    };
    let named = format!("the {which} {}", json_str(&clip(pattern, 60)));
    match r {
        Refusal::OverBudget => ShivizError {
            file: file.map(Into::into),
            line: None,
            message: format!(
                "{named} needs too much work on this log: the scan examined {} for {} of log and stops at \
             {WORK_PER_BYTE} times the log plus {} (a part that can reach any distance, such as \
             [\\s\\S]*, makes every match look to the end of the log; end it at a line instead)",
                size(work.spent),
                size(work.budget.saturating_sub(WORK_SLACK) / WORK_PER_BYTE),
                size(WORK_SLACK)
            ),
        },
        Refusal::TooLong(at) => {
            let line = text.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            ShivizError::at(
                file,
                line,
                format!(
                "a match of {named} runs on past {} of the log; an event's match may be at most that long",
                size(MAX_WINDOW)
            ),
            )
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::formats::shiviz::GOVECTOR_REGEX;

    fn log(events: usize) -> String {
        (1..=events).map(|n| format!("alice {{\"alice\":{n}}}\nalice did thing {n}\n")).collect()
    }

    fn scanner(text: &str, regex: &str, delimiter: Option<&str>) -> Scanner {
        let format = Format { regex: regex.into(), delimiter: delimiter.map(Into::into) };
        Scanner::new(vec![("a.log".into(), text.into())], &format, 64 << 20).unwrap()
    }

    /// The page's slices: each `step` hands the engine about what it was
    /// asked for, even where every match looks on to the end of the log
    /// (before, a slice of 200 events took 200 times the rest of the log).
    #[test]
    fn a_slice_of_work_stays_small_whatever_the_expression() {
        let text = log(8_000);
        let greedy_tail = format!("{GOVECTOR_REGEX}(?:[\\s\\S]*QQQ)?");
        let mut found = Vec::new();
        for regex in [GOVECTOR_REGEX, greedy_tail.as_str()] {
            let mut s = scanner(&text, regex, None);
            let mut steps = 0;
            loop {
                let before = s.work().0;
                let done = s.step(16 << 10).unwrap();
                let spent = s.work().0 - before;
                assert!(spent < (16 << 10) + 1024, "{regex}: a slice spent {spent}");
                steps += 1;
                if done {
                    break;
                }
            }
            assert!(steps > 10, "{steps}");
            found.push(s.events_found());
        }
        assert_eq!(found, [8_000, 8_000]);
    }

    #[test]
    fn a_delimiter_that_matches_everywhere_is_refused_by_count() {
        let text = log(6_000);
        for delimiter in ["(?<trace>)", "^", "\\n", "e"] {
            let mut s = scanner(&text, GOVECTOR_REGEX, Some(delimiter));
            let error = loop {
                match s.step(usize::MAX) {
                    Ok(true) => panic!("{delimiter}: accepted"),
                    Ok(false) => {}
                    Err(e) => break e.to_string(),
                }
            };
            assert!(error.contains("the delimiter matches more than 10000 times"), "{delimiter}: {error}");
            // Refused on the way, not after building every piece.
            assert!(s.executions.len() <= MAX_EXECUTIONS, "{}", s.executions.len());
        }
        // Up to the limit is fine.
        let few: String = (0..50).map(|i| format!("=== run {i} ===\n{}", log(3))).collect();
        let mut s = scanner(&few, GOVECTOR_REGEX, Some(r"^=== (?<trace>.*) ===$"));
        while !s.step(usize::MAX).unwrap() {}
        assert_eq!(s.finish().unwrap().len(), 50);
    }

    #[test]
    fn work_past_the_budget_is_refused_naming_the_expression_and_the_budget() {
        let text = log(1_000);
        let mut s = scanner(&text, GOVECTOR_REGEX, None);
        s.work.budget = text.len();
        let error = loop {
            if let Err(e) = s.step(usize::MAX) {
                break e.to_string();
            }
        };
        assert!(
            error.starts_with(
                r#"the expression "(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)" needs too much work"#
            ),
            "{error}"
        );
        assert!(error.contains("16 times the log plus 16.0 MB"), "{error}");
    }

    #[test]
    fn events_past_the_cap_are_refused_at_their_line() {
        let text = log(10);
        let mut s = scanner(&text, GOVECTOR_REGEX, None);
        s.max_events = 4;
        let error = s.step(usize::MAX).unwrap_err();
        assert_eq!(error.to_string(), "line 9: the logs hold more than 4 events; at most 4 are read");
    }

    #[test]
    fn a_match_past_the_largest_window_is_refused_at_its_line() {
        // The event runs to the end of the log, more than a window away.
        let text = format!("junk\n{}{}", log(2), "y\n".repeat(MAX_WINDOW));
        let mut s = scanner(&text, r"(?<host>\S*) (?<clock>{.*})\n(?<event>[\s\S]*)", None);
        let error = s.step(usize::MAX).unwrap_err().to_string();
        assert!(error.starts_with("line 2: a match of the expression"), "{error}");
        assert!(error.contains("runs on past 1.0 MB"), "{error}");
    }
}
