//! What each label says: an event's clock in the chosen notation, its
//! action, a second value, a message's payload. Built by the caller (the
//! page adds the CRDT lab's values), placed by [`super::labels`].

use crate::core::clocks::{ItcClocks, LamportClocks, Row, VectorClocks};
use crate::core::formats::text::clip;
use crate::core::trace::{EventIdx, Trace};

/// The most characters of an action drawn beside its dot; longer ones (a
/// log line) are cut with "…". The page shows the whole text on hover.
pub const ACTION_CHARS: usize = 18;

/// The text of every label, by event and by message.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Texts {
    /// Above each event: its clock or value, a line each.
    pub clock: Vec<Option<Vec<String>>>,
    /// Whether `clock` holds replica values rather than clocks.
    pub values: bool,
    /// Below each event: a second value (the counterpart run's).
    pub below: Vec<Option<String>>,
    /// Each event's action, already cut short.
    pub action: Vec<Option<String>>,
    /// What each message carried.
    pub payload: Vec<Option<String>>,
}

impl Texts {
    /// Actions only, no clocks.
    pub fn plain(trace: &Trace) -> Texts {
        Texts {
            clock: vec![None; trace.event_count()],
            values: false,
            below: vec![None; trace.event_count()],
            action: (0..trace.event_count() as EventIdx).map(|e| trace.label(e).map(short_action)).collect(),
            payload: vec![None; trace.message_count()],
        }
    }

    /// With Lamport times.
    pub fn lamport(mut self, lamport: &LamportClocks) -> Texts {
        self.clock =
            (0..self.clock.len() as EventIdx).map(|e| Some(vec![lamport.time(e).to_string()])).collect();
        self
    }

    /// With vector timestamps.
    pub fn vector(mut self, vectors: &VectorClocks) -> Texts {
        self.clock =
            (0..self.clock.len() as EventIdx).map(|e| Some(vec![vector_text(vectors.of(e))])).collect();
        self
    }

    /// With interval tree clock stamps, id above event tree.
    pub fn itc(mut self, itc: &ItcClocks) -> Texts {
        self.clock = (0..self.clock.len() as EventIdx)
            .map(|e| {
                let text = itc.of(e).to_string();
                Some(stamp_lines(&text).into_iter().map(|l| clip(l, CLOCK_CHARS).into_owned()).collect())
            })
            .collect();
        self
    }

    /// The longest action, in characters.
    pub fn widest_action(&self) -> usize {
        self.action.iter().flatten().map(|a| a.chars().count()).max().unwrap_or(0)
    }

    /// The longest line of any clock, in characters.
    pub fn widest_clock(&self) -> usize {
        self.clock.iter().flatten().flatten().map(|l| l.chars().count()).max().unwrap_or(0)
    }
}

/// An action as drawn: cut to [`ACTION_CHARS`].
pub fn short_action(text: &str) -> String {
    clip(text, ACTION_CHARS).into_owned()
}

/// The most characters of one line of a clock label. A vector over
/// thousands of processes, or the ITC stamp at the end of a long chain of
/// forks, would be a line wider than any screen and cost as much to place
/// as all the others: it is cut here with "…" (the inspector and the CLI
/// show it whole). It holds the vector of 64 processes with three-digit
/// counts and the ITC stamp of 32 (each line at most 217 characters over
/// 20,000 generated events).
pub const CLOCK_CHARS: usize = 300;

/// "[1,0,2]", cut to [`CLOCK_CHARS`]: only the entries shown are read.
pub fn vector_text(row: Row<'_>) -> String {
    let mut out = String::with_capacity((row.len() * 2 + 2).min(CLOCK_CHARS + 4));
    out.push('[');
    for (i, x) in row.entries().enumerate() {
        if out.len() >= CLOCK_CHARS {
            out.push('…');
            return out;
        }
        if i > 0 {
            out.push(',');
        }
        out.push_str(itoa::Buffer::new().format(x));
    }
    out.push(']');
    out
}

/// An ITC stamp `(id,event)` as two lines, id above event tree, so long
/// stamps do not spread the diagram; any other text as one line.
pub fn stamp_lines(text: &str) -> Vec<&str> {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 1 => return vec![&text[..=i], &text[i + 1..]],
            _ => {}
        }
    }
    vec![text]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_split_at_their_top_level_comma_and_vectors_print_plainly() {
        assert_eq!(stamp_lines("((1,0),(0,1,0))"), ["((1,0),", "(0,1,0))"]);
        assert_eq!(stamp_lines("(1,0)"), ["(1,", "0)"]);
        assert_eq!(stamp_lines("[1,2]"), ["[1,2]"]);
        assert_eq!(vector_text(Row::Dense(&[1, 0, 12])), "[1,0,12]");
        let wide = vector_text(Row::Sparse { entries: &[(0, 7)], width: 100_000 });
        assert!(wide.starts_with("[7,0,0,") && wide.ends_with('…'), "{wide}");
        assert!((CLOCK_CHARS..CLOCK_CHARS + 12).contains(&(wide.chars().count() - 1)));
        assert_eq!(short_action("INFO-NS-Serve: Accepted connection from 127.0.0.1"), "INFO-NS-Serve: Acc…");
    }
}
