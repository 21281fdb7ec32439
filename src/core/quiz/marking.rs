//! Marking a student's answers, item by item, with the reason for each
//! mistake in the words the editor uses: a wrong clock gets its
//! derivation, a wrongly marked or missed concurrent event its witness, a
//! wrong order the first place it goes wrong. The page and a grader mark
//! by this one function, so they agree.

use super::answers::Clocks;
use super::question::Kind;
use super::reading::{read_lamport, read_vector};
use crate::core::causality::{Causality, Relation};
use crate::core::diagram::texts::vector_text;
use crate::core::explain;
use crate::core::trace::{EventIdx, Trace};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What a student gave, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Given {
    /// Each event's Lamport clock, by event id.
    #[serde(default)]
    pub lamport: BTreeMap<String, String>,
    /// Each event's vector clock, by event id (see [`super::reading`] for
    /// the forms it may take).
    #[serde(default)]
    pub vector: BTreeMap<String, String>,
    /// The events marked concurrent with the chosen one.
    #[serde(default)]
    pub concurrent: BTreeSet<String>,
    /// The events in the order given.
    #[serde(default)]
    pub order: Vec<String>,
}

/// How one clock was answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mark {
    /// The right clock.
    Right,
    /// A wrong clock, or text that cannot be read as one.
    Wrong {
        /// The right clock, as text.
        expected: String,
        /// How the right clock comes about (and, for unreadable text, why
        /// it could not be read).
        explanation: String,
    },
    /// Nothing given.
    Missing,
}

/// How one event was answered in the concurrency question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pick {
    /// Concurrent, and marked so.
    Marked,
    /// Not concurrent, and left unmarked.
    Unmarked,
    /// Marked, but not concurrent (or not an event of the diagram).
    WronglyMarked {
        /// Why not: the chain of happened-before between the two.
        explanation: String,
    },
    /// Concurrent, but not marked.
    Missed {
        /// Why it is: the vector entries neither event has seen.
        explanation: String,
    },
}

impl Pick {
    /// True when the event was answered rightly.
    pub fn is_right(&self) -> bool {
        matches!(self, Pick::Marked | Pick::Unmarked)
    }
}

/// One item of a question: an event and how it was answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item<M> {
    /// The event's id (or, for a wrongly marked id that is no event, the
    /// id as given).
    pub event: String,
    /// How it was answered.
    pub mark: M,
}

/// Where a given order first goes wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Departure {
    /// The position, from 0.
    pub index: usize,
    /// The event that belongs there (`None` past the end of the order).
    pub expected: Option<String>,
    /// The event given there (`None` when the given order stops short).
    pub given: Option<String>,
    /// Why the expected event comes there, in words.
    pub reason: String,
}

/// How the order question was answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderMark {
    /// Positions holding the right event.
    pub right: usize,
    /// Positions in the order: the number of events.
    pub total: usize,
    /// The first wrong position; `None` when the order is right.
    pub departure: Option<Departure>,
}

/// Right items over all items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Score {
    /// Items answered rightly.
    pub right: usize,
    /// Items in all.
    pub total: usize,
}

impl Score {
    /// True when every item is right.
    pub fn perfect(self) -> bool {
        self.right == self.total
    }
}

/// A marked quiz: every item of every question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marking {
    /// Every event's Lamport clock, in trace event order.
    pub lamport: Vec<Item<Mark>>,
    /// Every event's vector clock, in trace event order.
    pub vector: Vec<Item<Mark>>,
    /// Every event but the chosen one, in trace event order; then any id
    /// marked that is the chosen event or no event at all.
    pub concurrent: Vec<Item<Pick>>,
    /// The order.
    pub order: OrderMark,
}

impl Marking {
    /// The score of one question.
    pub fn score(&self, kind: Kind) -> Score {
        let clocks = |items: &[Item<Mark>]| Score {
            right: items.iter().filter(|i| i.mark == Mark::Right).count(),
            total: items.len(),
        };
        match kind {
            Kind::Lamport => clocks(&self.lamport),
            Kind::Vector => clocks(&self.vector),
            Kind::Concurrent => Score {
                right: self.concurrent.iter().filter(|i| i.mark.is_right()).count(),
                total: self.concurrent.len(),
            },
            Kind::Order => Score { right: self.order.right, total: self.order.total },
        }
    }

    /// The score over all questions: every item counts once.
    pub fn overall(&self) -> Score {
        Kind::ALL.into_iter().map(|k| self.score(k)).fold(Score { right: 0, total: 0 }, |a, s| Score {
            right: a.right + s.right,
            total: a.total + s.total,
        })
    }

    /// True when every item of every question is right.
    pub fn perfect(&self) -> bool {
        self.overall().perfect()
    }
}

/// Marks `given` against `trace`, whose concurrency question is about
/// `chosen` (if it has one).
pub(super) fn mark(trace: &Trace, clocks: &Clocks, chosen: Option<EventIdx>, given: &Given) -> Marking {
    let events = 0..trace.event_count() as EventIdx;
    let item = |e: EventIdx, mark| Item { event: trace.event_id(e).to_string(), mark };
    Marking {
        lamport: events.clone().map(|e| item(e, lamport_mark(trace, clocks, e, given))).collect(),
        vector: events.map(|e| item(e, vector_mark(trace, clocks, e, given))).collect(),
        concurrent: chosen.map_or_else(Vec::new, |x| concurrent_marks(trace, clocks, x, &given.concurrent)),
        order: order_mark(trace, clocks, &given.order),
    }
}

/// The text given for `e`, or `None` when nothing (or only space) was.
fn typed<'g>(answers: &'g BTreeMap<String, String>, trace: &Trace, e: EventIdx) -> Option<&'g str> {
    answers.get(trace.event_id(e)).map(|t| t.trim()).filter(|t| !t.is_empty())
}

fn lamport_mark(trace: &Trace, clocks: &Clocks, e: EventIdx, given: &Given) -> Mark {
    let Some(text) = typed(&given.lamport, trace, e) else { return Mark::Missing };
    let right = clocks.lamport.time(e);
    let derivation = clocks.lamport.derivation(trace, e);
    let explanation = match read_lamport(text) {
        Ok(n) if n == right => return Mark::Right,
        Ok(_) => derivation,
        Err(_) => format!("could not read \"{text}\" as a whole number; {derivation}"),
    };
    Mark::Wrong { expected: right.to_string(), explanation }
}

fn vector_mark(trace: &Trace, clocks: &Clocks, e: EventIdx, given: &Given) -> Mark {
    let Some(text) = typed(&given.vector, trace, e) else { return Mark::Missing };
    let names: Vec<&str> = (0..trace.process_count() as u32).map(|p| trace.process_name(p)).collect();
    let right: Vec<u64> = clocks.vectors.of(e).entries().map(u64::from).collect();
    let derivation = explain::vector_derivation(trace, &clocks.vectors, e);
    let explanation = match read_vector(text, &names) {
        Ok(v) if v == right => return Mark::Right,
        Ok(_) => derivation,
        Err(why) => format!("could not read \"{text}\": {why}; {}. {derivation}", vector_forms(&names)),
    };
    Mark::Wrong { expected: vector_text(clocks.vectors.of(e)), explanation }
}

/// The forms a vector may be typed in, for these processes.
fn vector_forms(names: &[&str]) -> String {
    let ones: Vec<&str> = (0..names.len()).map(|i| if i == 0 { "1" } else { "0" }).collect();
    let named: Vec<String> =
        names.iter().take(2).enumerate().map(|(i, n)| format!("{n}:{}", ones[i])).collect();
    format!(
        "write one number per process in the order {}, like [{}], or name the entries, like {}",
        names.join(", "),
        ones.join(","),
        named.join(" ")
    )
}

fn concurrent_marks(
    trace: &Trace,
    clocks: &Clocks,
    x: EventIdx,
    marked: &BTreeSet<String>,
) -> Vec<Item<Pick>> {
    let causality = Causality::new(trace, &clocks.vectors);
    let xid = trace.event_id(x);
    let mut items: Vec<Item<Pick>> = (0..trace.event_count() as EventIdx)
        .filter(|&y| y != x)
        .map(|y| {
            let yid = trace.event_id(y);
            let relation = causality.relation(x, y);
            let witness = explain::relation(trace, x, y, &relation)[1..].join("; ");
            let mark = match (marked.contains(yid), &relation) {
                (true, Relation::Concurrent(_)) => Pick::Marked,
                (false, Relation::Concurrent(_)) => {
                    Pick::Missed { explanation: format!("{xid} and {yid} are concurrent: {witness}") }
                }
                (false, _) => Pick::Unmarked,
                (true, Relation::After(_)) => {
                    Pick::WronglyMarked { explanation: format!("{yid} happened before {xid}: {witness}") }
                }
                (true, _) => {
                    Pick::WronglyMarked { explanation: format!("{xid} happened before {yid}: {witness}") }
                }
            };
            Item { event: yid.to_string(), mark }
        })
        .collect();
    for id in marked {
        let explanation = match trace.event_by_id(id) {
            Some(y) if y == x => {
                format!("{xid} is the event asked about; no event is concurrent with itself")
            }
            Some(_) => continue,
            None => format!("there is no event \"{id}\""),
        };
        items.push(Item { event: id.clone(), mark: Pick::WronglyMarked { explanation } });
    }
    items
}

fn order_mark(trace: &Trace, clocks: &Clocks, given: &[String]) -> OrderMark {
    let answer: Vec<&str> = crate::core::analysis::total_order(trace, &clocks.lamport)
        .into_iter()
        .map(|e| trace.event_id(e))
        .collect();
    let right = answer.iter().zip(given).filter(|(a, g)| **a == g.as_str()).count();
    let departure = (0..answer.len().max(given.len()))
        .find(|&i| answer.get(i).copied() != given.get(i).map(String::as_str))
        .map(|index| {
            let (expected, got) = (answer.get(index).copied(), given.get(index).map(String::as_str));
            Departure {
                index,
                expected: expected.map(str::to_string),
                given: got.map(str::to_string),
                reason: departure_reason(trace, clocks, given, index, expected, got),
            }
        });
    OrderMark { right, total: answer.len(), departure }
}

/// Why `expected` and not `got` comes at position `index` (the positions
/// before it being right).
fn departure_reason(
    trace: &Trace,
    clocks: &Clocks,
    given: &[String],
    index: usize,
    expected: Option<&str>,
    got: Option<&str>,
) -> String {
    let time = |id: &str| trace.event_by_id(id).map_or(0, |e| clocks.lamport.time(e));
    let Some(got) = got else {
        let x = expected.unwrap_or_default();
        return format!("the order stops after {index} events; {x} comes next, with L({x}) = {}", time(x));
    };
    let Some(y) = trace.event_by_id(got) else { return format!("there is no event \"{got}\"") };
    if let Some(j) = given[..index].iter().position(|g| g == got) {
        return format!("{got} is already at position {}", j + 1);
    }
    let Some(x) = expected.and_then(|x| trace.event_by_id(x)) else {
        return format!("the order has {index} events; {got} is one too many");
    };
    let (xid, lx, ly) = (trace.event_id(x), clocks.lamport.time(x), clocks.lamport.time(y));
    let (p, q) = (trace.process_of(x), trace.process_of(y));
    if lx != ly {
        let sign = if lx < ly { "<" } else { ">" };
        format!("{xid} comes before {got}: L({xid}) = {lx} {sign} L({got}) = {ly}")
    } else if p != q {
        let (p, q) = (trace.process_name(p), trace.process_name(q));
        format!("L({xid}) = L({got}) = {lx}, and a tie goes by process order: {p} comes before {q}")
    } else {
        format!("{xid} comes before {got} on {}", trace.process_name(p))
    }
}
