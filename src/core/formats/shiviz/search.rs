//! The next match of an expression, with the scan's work bounded.
//!
//! The engine is linear in the text it is given, but a leftmost-first
//! search may read far past the match it returns: `…(?:[\s\S]*QQQ)?` looks
//! for `QQQ` to the end of the log after every event, so a scan that hands
//! the engine the rest of the log each time does work quadratic in its
//! length. Here each search is given a window of the log that starts small
//! and doubles while the answer could depend on what lies beyond it (no
//! match, or one that reaches the window's last line), so a search costs
//! about twice the stretch it needs. Every byte given to the engine is
//! counted against a budget proportional to the log, which ends any scan
//! whose windows keep growing with a refusal, never a freeze.

use regex_lite::{Captures, Regex};

/// The smallest first window a search is given (then up to the next line
/// end); it starts at twice what the previous search needed.
const FIRST_WINDOW: usize = 32;
/// Windows grow up to about this; a match must lie within one.
pub const MAX_WINDOW: usize = 1 << 20;
/// The work budget: this many bytes examined per byte of log, plus
/// [`WORK_SLACK`]. The shared ShiViz logs need at most 4.6, with a greedy
/// optional tail on their expressions too (tests/shiviz_logs.rs).
pub const WORK_PER_BYTE: usize = 16;
/// Work every log may spend, however small.
pub const WORK_SLACK: usize = 16 << 20;

/// Bytes handed to the engine so far, and how many may be.
#[derive(Clone, Debug)]
pub struct Work {
    /// Bytes given to the engine so far, over all searches.
    pub spent: usize,
    /// The most that may be.
    pub budget: usize,
}

impl Work {
    /// The budget for a log of `bytes`.
    pub fn for_log(bytes: usize) -> Self {
        Self { spent: 0, budget: bytes.saturating_mul(WORK_PER_BYTE).saturating_add(WORK_SLACK) }
    }
}

/// Why a search stopped without an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The scan has used its whole work budget.
    OverBudget,
    /// A match starting at this byte runs past [`MAX_WINDOW`].
    TooLong(usize),
}

/// The leftmost-first match of `regex` in `text[from..end]` (the engine
/// sees `text` before `from` for `^` and `\b`), found within windows of at
/// most about [`MAX_WINDOW`]: a match longer than half of one may be missed
/// where no window holds it whole, and one still reaching the end of the
/// largest window is refused. `hint` is how far the previous search went
/// (0 at first): windows start at twice that.
pub fn next_match<'t>(
    regex: &Regex,
    text: &'t str,
    (from, end): (usize, usize),
    hint: usize,
    work: &mut Work,
) -> Result<Option<Captures<'t>>, Refusal> {
    if from > end {
        return Ok(None); // past an empty match at the very end
    }
    let mut pos = from;
    let mut window = hint.saturating_mul(2).clamp(FIRST_WINDOW, MAX_WINDOW);
    loop {
        let stop = window_end(text, pos, window, end);
        work.spent = work.spent.saturating_add(stop - pos);
        if work.spent > work.budget {
            return Err(Refusal::OverBudget);
        }
        let found = regex.captures_at(&text[..stop], pos);
        let whole = stop == end || found.as_ref().is_some_and(|c| settled(text, c, pos, stop));
        if whole {
            return Ok(found);
        }
        if stop - pos < MAX_WINDOW {
            window = 2 * (stop - pos);
            continue;
        }
        // Nothing within the largest window: no match starts in its first
        // half (unless longer than half a window), so look on from there.
        if let Some(c) = found {
            return Err(Refusal::TooLong(c.get(0).map_or(pos, |m| m.start())));
        }
        pos = boundary(text, pos + (stop - pos) / 2);
    }
}

/// Where a window from `pos` ends: the first line end at least `window`
/// bytes on (a line end keeps `$` and `\b` there as in the whole text),
/// else, on a long line, `2 * window` on; never past `end`.
fn window_end(text: &str, pos: usize, window: usize, end: usize) -> usize {
    let soon = pos.saturating_add(window).min(end);
    let late = pos.saturating_add(2 * window).min(end);
    match text.as_bytes()[soon..late].iter().position(|&b| b == b'\n') {
        Some(i) => soon + i,
        None => boundary(text, late),
    }
}

/// True when what lies past the window could not have changed the match:
/// it ends before the window's last line, or, where the window cuts a
/// long line, in the window's first half (so a greedy `.*` that ran to the
/// cut is looked at again). That holds for every expression whose parts
/// stop at a line end or soon after; a part such as `[\s\S]*QQQ`, which
/// could reach any distance, sees only the window.
fn settled(text: &str, c: &Captures<'_>, pos: usize, stop: usize) -> bool {
    let end = c.get(0).map_or(stop, |m| m.end());
    let bytes = text.as_bytes();
    let cut_in_a_line = bytes.get(stop).is_some_and(|&b| b != b'\n');
    bytes[end..stop].contains(&b'\n') || (cut_in_a_line && stop - end >= (stop - pos) / 2)
}

/// `at`, or the char boundary just after it.
pub fn boundary(text: &str, mut at: usize) -> usize {
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::formats::shiviz::js_regex::compile;

    /// Where the next search starts after a match: its end, or past the
    /// next character when it is empty.
    fn after(text: &str, start: usize, end: usize) -> usize {
        if start < end {
            return end;
        }
        end + text[end..].chars().next().map_or(1, char::len_utf8)
    }

    /// Every match from the start, as the scan takes them (an empty match
    /// steps one character on).
    fn all(pattern: &str, text: &str, work: &mut Work) -> Result<Vec<(usize, usize)>, Refusal> {
        let regex = compile(pattern).unwrap();
        let mut spans = Vec::new();
        let (mut pos, mut hint) = (0, 0);
        while pos <= text.len() {
            let Some(c) = next_match(&regex, text, (pos, text.len()), hint, work)? else { break };
            let m = c.get(0).unwrap();
            hint = m.end() - pos;
            spans.push((m.start(), m.end()));
            pos = after(text, m.start(), m.end());
        }
        Ok(spans)
    }

    /// The same, with the engine given the whole rest of the text each
    /// time: what JavaScript's `exec` loop finds.
    fn unbounded(pattern: &str, text: &str) -> Vec<(usize, usize)> {
        let regex = compile(pattern).unwrap();
        let mut spans = Vec::new();
        let mut pos = 0;
        while let Some(m) = (pos <= text.len()).then(|| regex.find_at(text, pos)).flatten() {
            spans.push((m.start(), m.end()));
            pos = after(text, m.start(), m.end());
        }
        spans
    }

    /// The windowed matches are the unbounded ones (told briefly: there
    /// may be thousands).
    fn same(windowed: Result<Vec<(usize, usize)>, Refusal>, unbounded: Vec<(usize, usize)>, what: &str) {
        let windowed = windowed.unwrap_or_else(|r| panic!("{what}: {r:?}"));
        let first_difference = windowed.iter().zip(&unbounded).position(|(a, b)| a != b);
        assert!(
            windowed.len() == unbounded.len() && first_difference.is_none(),
            "{what}: {} matches against {}, first difference at {first_difference:?}",
            windowed.len(),
            unbounded.len()
        );
        assert!(!unbounded.is_empty(), "{what}: the case finds nothing");
    }

    fn govector_log(events: usize) -> String {
        (1..=events).map(|n| format!("alice {{\"alice\":{n}}}\nevent number {n} happened\n")).collect()
    }

    #[test]
    fn windows_find_what_the_whole_text_finds() {
        let log = govector_log(2_000);
        let junk = format!("{}\n{log}trailing words\n", "junk ".repeat(100_000));
        let long_event = format!("{log}bob {{\"bob\":1}}\n{}\n{log}", "y".repeat(300_000));
        let blank_lines = "a\n\nb\n\n".to_string();
        for (pattern, text) in [
            (r"(?<host>\S*) (?<clock>{.*})\n(?<event>.*)", &log),
            (r"(?<host>\S*) (?<clock>{.*})\n(?<event>.*)", &junk),
            (r"(?<host>\S*) (?<clock>{.*})\n(?<event>.*)", &long_event),
            // Multi-line events: a lazy body up to the next header.
            (r"(?<event>[\s\S]*?)\n(?<host>\S*) (?<clock>{.*})", &log),
            (r"(?:^.*\n)*?(?<host>bob) (?<clock>{.*})", &long_event),
            // A greedy part to the end takes everything, as it would.
            (r"alice (?<clock>{.*})[\s\S]*", &log),
            (r"^$", &blank_lines),
            (r"\bnumber\b", &log),
        ] {
            let mut work = Work::for_log(text.len());
            same(all(pattern, text, &mut work), unbounded(pattern, text), pattern);
        }
    }

    #[test]
    fn a_greedy_optional_tail_costs_a_window_per_match_not_the_rest_of_the_log() {
        // 368 KB of events; the tail looks for QQQ, which never comes.
        let log = govector_log(8_000);
        let pattern = r"(?<host>\S*) (?<clock>{.*})\n(?<event>.*)(?:[\s\S]*QQQ)?";
        let mut work = Work::for_log(log.len());
        let found = all(pattern, &log, &mut work);
        same(found, unbounded(r"(?<host>\S*) (?<clock>{.*})\n(?<event>.*)", &log), pattern);
        // Handing the engine the rest of the log each time would be
        // 8,000 / 2 times the log.
        assert!(work.spent < 20 * log.len(), "{} for {}", work.spent, log.len());
    }

    #[test]
    fn work_past_the_budget_is_refused() {
        let log = govector_log(100);
        let mut work = Work { spent: 0, budget: log.len() / 2 };
        assert_eq!(
            all(r"(?<host>\S*) (?<clock>{.*})\n(?<event>.*)", &log, &mut work),
            Err(Refusal::OverBudget)
        );
    }

    #[test]
    fn a_match_longer_than_the_largest_window_is_refused_where_it_starts() {
        let text = format!("ab\nSTART{}", "x\n".repeat(MAX_WINDOW));
        let mut work = Work::for_log(text.len());
        assert_eq!(all(r"START[\s\S]*", &text, &mut work), Err(Refusal::TooLong(3)));
        // A long stretch with no match at all is read through, not refused.
        let quiet = format!("{}hit\n", "x\n".repeat(3 * MAX_WINDOW));
        let mut work = Work::for_log(quiet.len());
        assert_eq!(all("hit", &quiet, &mut work), Ok(vec![(6 * MAX_WINDOW, 6 * MAX_WINDOW + 3)]));
        assert!(work.spent < 4 * quiet.len(), "{}", work.spent);
    }

    #[test]
    fn events_sharing_one_long_line_cost_their_own_length() {
        let line: String = (0..100_000).map(|n| format!("A {{\"A\":{n}}} x; ")).collect();
        let mut work = Work::for_log(line.len());
        let pattern = r"(?<host>A) (?<clock>{[^}]*}) (?<event>x);";
        same(all(pattern, &line, &mut work), unbounded(pattern, &line), pattern);
        assert!(work.spent < 6 * line.len(), "{} for {}", work.spent, line.len());
        // A greedy clock on that line is one match to the line's end, as
        // in JavaScript; here past the largest window, so refused.
        let mut work = Work::for_log(line.len());
        assert_eq!(all(r"(?<host>A) (?<clock>{.*})", &line, &mut work), Err(Refusal::TooLong(0)));
        let short = &line[..line.len() / 10];
        let mut work = Work::for_log(short.len());
        same(all(r"A (?<clock>{.*})", short, &mut work), unbounded(r"A (?<clock>{.*})", short), "greedy");
    }

    #[test]
    fn a_search_from_past_the_end_finds_nothing() {
        // A delimiter's empty match at the end of a log leaves the next
        // search one character past it (found by tests/loaders_fuzz.rs).
        let regex = compile("^").unwrap();
        let mut work = Work::for_log(4);
        assert!(next_match(&regex, "ab\n", (4, 3), 0, &mut work).unwrap().is_none());
    }

    #[test]
    fn windows_cut_long_lines_at_char_boundaries() {
        let text = format!("{}é{}hit", "a".repeat(FIRST_WINDOW * 2 - 1), "é".repeat(FIRST_WINDOW * 8));
        let mut work = Work::for_log(text.len());
        same(all("hit", &text, &mut work), unbounded("hit", &text), "hit");
    }
}
