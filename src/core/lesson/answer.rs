//! Predictions: the right answer, computed from the diagram the step
//! shows (so a lesson cannot state a wrong one), and a student's answer
//! marked against it.

use super::condition::Subject;
use super::format::{Answer, EventSet, Prediction, Related};
use crate::core::{EventIdx, Trace};
use std::collections::BTreeSet;

/// A prediction's right answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    /// These events, in trace order.
    Events(Vec<EventIdx>),
    /// A Lamport time.
    Lamport(u64),
    /// Every process's entry, in the trace's process order.
    Vector(Vec<u64>),
    /// The right option's index.
    Choose(usize),
}

/// What the student answered.
#[derive(Clone, Debug, PartialEq)]
pub enum Given {
    /// Events picked on the diagram.
    Events(BTreeSet<EventIdx>),
    /// A typed answer.
    Text(String),
    /// The option's index.
    Choice(usize),
}

/// A marked answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// Whether it is right.
    pub right: bool,
    /// The right answer, in words.
    pub answer: String,
    /// Events that should have been picked and were not.
    pub missed: Vec<EventIdx>,
    /// Events picked that should not have been.
    pub extra: Vec<EventIdx>,
    /// Why a typed answer could not be read, if it could not.
    pub unreadable: Option<String>,
}

/// The right answer to `p` on the diagram `s`, or what it names that is
/// not there.
pub fn expected(p: &Prediction, s: &Subject) -> Result<Expected, String> {
    let t = s.trace;
    let event = |id: &str| {
        t.event_by_id(id).ok_or_else(|| format!("there is no event \"{}\" in the diagram", super::clip(id)))
    };
    Ok(match p.answer() {
        Answer::Events(EventSet::Listed(ids)) => {
            let mut events = ids.iter().map(|id| event(id)).collect::<Result<Vec<_>, _>>()?;
            events.sort_unstable();
            events.dedup();
            Expected::Events(events)
        }
        Answer::Events(EventSet::Computed(related)) => {
            let causality = s.analysis.causality(t);
            let mut events = match related {
                Related::ConcurrentWith(id) => causality.concurrent_with(event(id)?),
                Related::Before(id) => causality.past(event(id)?),
                Related::After(id) => causality.future(event(id)?),
            };
            events.sort_unstable();
            Expected::Events(events)
        }
        Answer::Lamport(id) => Expected::Lamport(s.analysis.lamport.time(event(id)?)),
        Answer::Vector(id) => {
            let e = event(id)?;
            Expected::Vector(
                (0..t.process_count() as u32).map(|p| u64::from(s.analysis.vectors.entry(e, p))).collect(),
            )
        }
        Answer::Choose(c) => Expected::Choose(c.answer),
    })
}

/// Marks `given` against `expected`; `options` are a choice's words.
pub fn mark(expected: &Expected, given: &Given, trace: &Trace, options: &[String]) -> Mark {
    let mut mark = Mark {
        right: false,
        answer: words(expected, trace, options),
        missed: vec![],
        extra: vec![],
        unreadable: None,
    };
    match (expected, given) {
        (Expected::Events(want), Given::Events(picked)) => {
            mark.missed = want.iter().copied().filter(|e| !picked.contains(e)).collect();
            mark.extra = picked.iter().copied().filter(|e| want.binary_search(e).is_err()).collect();
            mark.right = mark.missed.is_empty() && mark.extra.is_empty();
        }
        (Expected::Lamport(want), Given::Text(text)) => match text.trim().parse::<u64>() {
            Ok(n) => mark.right = n == *want,
            Err(_) => {
                mark.unreadable = Some(format!("\"{}\" is not a whole number", super::clip(text.trim())))
            }
        },
        (Expected::Vector(want), Given::Text(text)) => match parse_vector(text, trace) {
            Ok(v) => mark.right = v == *want,
            Err(why) => mark.unreadable = Some(why),
        },
        (Expected::Choose(want), Given::Choice(c)) => mark.right = c == want,
        _ => mark.unreadable = Some("the answer is of another kind than the question asks".into()),
    }
    mark
}

/// The right answer in words: ids, a number, `[2,1,0]`, an option.
pub fn words(expected: &Expected, trace: &Trace, options: &[String]) -> String {
    match expected {
        Expected::Events(events) if events.is_empty() => "no event".into(),
        Expected::Events(events) => events.iter().map(|&e| trace.event_id(e)).collect::<Vec<_>>().join(", "),
        Expected::Lamport(n) => n.to_string(),
        Expected::Vector(v) => format!("[{}]", v.iter().map(u64::to_string).collect::<Vec<_>>().join(",")),
        Expected::Choose(i) => options.get(*i).cloned().unwrap_or_default(),
    }
}

/// A typed vector clock: `[2,1,0]`, `2,1,0` or `2 1 0` (in the trace's
/// process order), or by name, `A:2 B:1`, `{A:2, B:1}` or `A=2,B=1`
/// (entries not named are 0).
pub fn parse_vector(text: &str, trace: &Trace) -> Result<Vec<u64>, String> {
    let n = trace.process_count();
    let inner = text.trim().trim_start_matches(['[', '{', '(']).trim_end_matches([']', '}', ')']);
    let parts: Vec<&str> = inner.split([',', ' ', ';']).map(str::trim).filter(|p| !p.is_empty()).collect();
    let names: Vec<&str> = (0..n as u32).map(|p| trace.process_name(p)).collect();
    let expected = format!(
        "write it as [{}] (one number per process, in the order {}) or as {}:1 …",
        vec!["n"; n].join(","),
        names.join(", "),
        names[0]
    );
    if parts.is_empty() {
        return Err(format!("nothing to read; {expected}"));
    }
    if parts.iter().any(|p| p.contains([':', '='])) {
        let mut v = vec![0u64; n];
        for part in parts {
            let (name, value) = part
                .split_once([':', '='])
                .ok_or_else(|| format!("\"{}\" has no name; {expected}", super::clip(part)))?;
            let p = names
                .iter()
                .position(|&x| x == name.trim())
                .ok_or_else(|| format!("there is no process \"{}\"; {expected}", super::clip(name.trim())))?;
            v[p] = value.trim().parse().map_err(|_| {
                format!("\"{}\" is not a whole number; {expected}", super::clip(value.trim()))
            })?;
        }
        return Ok(v);
    }
    if parts.len() != n {
        return Err(format!("{} numbers for {n} processes; {expected}", parts.len()));
    }
    parts
        .iter()
        .map(|p| {
            p.parse::<u64>().map_err(|_| format!("\"{}\" is not a whole number; {expected}", super::clip(p)))
        })
        .collect()
}
