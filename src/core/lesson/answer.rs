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
        (Expected::Lamport(want), Given::Text(text)) => {
            match crate::core::quiz::reading::read_lamport(text) {
                Ok(n) => mark.right = n == *want,
                Err(why) => mark.unreadable = Some(why),
            }
        }
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

/// A typed vector clock, read as the quiz reads one (`[2,1,0]`, `A:2 B:1`
/// and the like; see [`crate::core::quiz::reading`]).
pub fn parse_vector(text: &str, trace: &Trace) -> Result<Vec<u64>, String> {
    let names: Vec<&str> = (0..trace.process_count() as u32).map(|p| trace.process_name(p)).collect();
    crate::core::quiz::reading::read_vector(text, &names)
}
