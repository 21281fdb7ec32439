//! Tasks' conditions: what must be true of the diagram (a trace, with its
//! clocks under the step's rule) or of a run lab's run (commit, snapshot,
//! replication) once the task is done. Each names what it looks at, so an
//! unknown id is an error that `lesson check` reports, not a task that can
//! never be done. Those on a replica group's run are in replication.rs.

use super::replication;
use crate::core::causality::Relation;
use crate::core::crdt::{run, Delivery};
use crate::core::cut::Cut;
use crate::core::editor::Document;
use crate::core::sim::outcome::Outcome;
use crate::core::{Analysis, EventIdx, Trace};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A condition on the diagram or the run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// Event `a` stands to `b` as `is` says: `before`, `after`,
    /// `concurrent` or `same`.
    Relation {
        /// The first event's id.
        a: String,
        /// The second event's id.
        b: String,
        /// The relation's word.
        is: String,
    },
    /// An event's Lamport time is `is` (or within `at_least`, `at_most`).
    Lamport {
        /// The event's id.
        event: String,
        /// Exactly this time.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        is: Option<u64>,
        /// At least this time.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at_least: Option<u64>,
        /// At most this time.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at_most: Option<u64>,
    },
    /// An event's vector clock is exactly this (unnamed entries 0).
    Vector {
        /// The event's id.
        event: String,
        /// Entries by process name.
        is: BTreeMap<String, u64>,
    },
    /// The clock condition (a → b implies L(a) < L(b)) `holds` or is
    /// `broken` under the step's rule.
    ClockCondition(String),
    /// The number of concurrent pairs is within bounds.
    ConcurrentPairs {
        /// At least this many pairs.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at_least: Option<u64>,
        /// At most this many pairs.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at_most: Option<u64>,
    },
    /// The CRDT lab's run (`main`: the diagram's type; `counterpart`: the
    /// one beside it) has replicas that diverged, or none.
    Replicas {
        /// `main` or `counterpart`.
        run: String,
        /// Whether some replicas diverged.
        diverged: bool,
    },
    /// A protocol property of the run `holds` or is `violated` (the
    /// simulator's names: atomicity, termination, validity, …; VR's
    /// agreement, durability, linearizable, liveness).
    Property {
        /// The property's name.
        name: String,
        /// `holds` or `violated`.
        is: String,
    },
    /// A node's decision: `commit`, `abort` (any word the protocol
    /// decides), or `none`.
    Decision {
        /// The node's name.
        node: String,
        /// The decision's word.
        is: String,
    },
    /// The node crashed at some time in the run.
    Crashed(String),
    /// A replica of a replica group's run (VR) as the run ends: its
    /// view-number, status, op-number and commit-number (Fig. 2), and
    /// whether it is up; what it leaves out may be anything.
    Replica(ReplicaIs),
    /// The number of the latest view started in a replica group's run
    /// (view 0 from the start, a later one once its primary sends
    /// STARTVIEW, §4.2).
    View(Bounds),
    /// The replica that is primary of the latest view started.
    Primary(String),
    /// How many client requests a replica group's run answered.
    Requests(Bounds),
    /// The node sent a message with this label (e.g. `pre-commit`).
    Sent {
        /// The sender's name.
        node: String,
        /// The message's label.
        label: String,
    },
    /// The cut drawn on the diagram (none drawn: the condition does not
    /// hold) is consistent or not, and holds or leaves out these events.
    Cut {
        /// Consistent (`true`) or inconsistent (`false`); absent: either.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        consistent: Option<bool>,
        /// Events inside it, by id.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        inside: Vec<String>,
        /// Events outside it, by id.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        outside: Vec<String>,
    },
    /// Every one of these holds.
    All(Vec<Condition>),
    /// At least one of these holds.
    Any(Vec<Condition>),
    /// This does not hold.
    Not(Box<Condition>),
}

/// A replica's state that a [`Condition::Replica`] asks for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplicaIs {
    /// The replica's name (`R1`, `R2`, …).
    pub node: String,
    /// Its view-number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<u64>,
    /// `normal`, `view-change` or `recovering`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Its op-number: the entries in its log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op_number: Option<u64>,
    /// Its commit-number: the entries it knows committed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit_number: Option<u64>,
    /// Up (`true`) or crashed as the run ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up: Option<bool>,
}

/// Bounds on a count: exactly `is`, or within `at_least` and `at_most`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    /// Exactly this many.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is: Option<u64>,
    /// At least this many.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<u64>,
    /// At most this many.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<u64>,
}

impl Bounds {
    /// Whether `n` is within them.
    pub fn admit(&self, n: u64) -> bool {
        self.is.is_none_or(|v| n == v)
            && self.at_least.is_none_or(|v| n >= v)
            && self.at_most.is_none_or(|v| n <= v)
    }
}

/// What a condition is evaluated on.
#[derive(Clone, Copy)]
pub struct Subject<'a> {
    /// The diagram's trace.
    pub trace: &'a Trace,
    /// The trace's clocks, under the step's Lamport rule.
    pub analysis: &'a Analysis,
    /// The editor's document, for the CRDT lab's operations.
    pub document: Option<&'a Document>,
    /// A run lab's run (commit, snapshot, replication), when the diagram
    /// is one.
    pub run: Option<&'a Outcome>,
    /// The cut drawn on the diagram, if any.
    pub cut: Option<&'a Cut>,
}

impl Condition {
    /// Whether the condition holds, or what it names that is not there.
    pub fn holds(&self, s: &Subject) -> Result<bool, String> {
        match self {
            Condition::Relation { a, b, is } => {
                let (ea, eb) = (event(s.trace, a)?, event(s.trace, b)?);
                let relation = s.analysis.causality(s.trace).relation(ea, eb);
                check_word(is, &["before", "after", "concurrent", "same"], "relation.is")?;
                Ok(relation.word() == is)
            }
            Condition::Lamport { event: id, is, at_least, at_most } => {
                let t = s.analysis.lamport.time(event(s.trace, id)?);
                Ok(is.is_none_or(|v| t == v)
                    && at_least.is_none_or(|v| t >= v)
                    && at_most.is_none_or(|v| t <= v))
            }
            Condition::Vector { event: id, is } => {
                let e = event(s.trace, id)?;
                for name in is.keys() {
                    process(s.trace, name)?;
                }
                Ok((0..s.trace.process_count() as u32).all(|p| {
                    let want = is.get(s.trace.process_name(p)).copied().unwrap_or(0);
                    u64::from(s.analysis.vectors.entry(e, p)) == want
                }))
            }
            Condition::ClockCondition(word) => {
                check_word(word, &["holds", "broken"], "clock_condition")?;
                Ok(s.analysis.lamport.violations(s.trace).is_empty() == (word == "holds"))
            }
            Condition::ConcurrentPairs { at_least, at_most } => {
                let n = s.analysis.causality(s.trace).concurrent_pairs();
                Ok(at_least.is_none_or(|v| n >= v) && at_most.is_none_or(|v| n <= v))
            }
            Condition::Replicas { run: which, diverged } => {
                replicas_diverged(s, which).map(|d| d == *diverged)
            }
            Condition::Property { name, is } => {
                check_word(is, &["holds", "violated"], "property.is")?;
                let run = needs_run(s, "property")?;
                let p = run.properties.iter().find(|p| p.name == name).ok_or_else(|| {
                    let names: Vec<&str> = run.properties.iter().map(|p| p.name).collect();
                    format!(
                        "property: the run has no property \"{}\" (it has {})",
                        super::clip(name),
                        names.join(", ")
                    )
                })?;
                Ok(p.holds == (is == "holds"))
            }
            Condition::Decision { node: name, is } => {
                let run = needs_run(s, "decision")?;
                let n = node(run, name)?;
                Ok(run.record.decisions[n].map_or("none", |(word, _)| word) == is)
            }
            Condition::Crashed(name) => {
                let run = needs_run(s, "crashed")?;
                let n = node(run, name)?;
                let crashed = crate::core::sim::record::CRASHED;
                Ok(run.record.timelines[n].iter().any(|&(_, word)| word == crashed))
            }
            Condition::Replica(want) => replication::replica(needs_run(s, "replica")?, want),
            Condition::View(bounds) => replication::view(needs_run(s, "view")?, bounds),
            Condition::Primary(name) => replication::primary(needs_run(s, "primary")?, name),
            Condition::Requests(bounds) => replication::requests(needs_run(s, "requests")?, bounds),
            Condition::Sent { node: name, label } => {
                let run = needs_run(s, "sent")?;
                let n = node(run, name)?;
                Ok(run.record.messages.iter().any(|m| m.from == n && m.label == *label))
            }
            Condition::Cut { consistent, inside, outside } => {
                let named = |ids: &[String], field: &str| -> Result<Vec<EventIdx>, String> {
                    ids.iter().map(|id| event(s.trace, id).map_err(|e| format!("{field}: {e}"))).collect()
                };
                let (inside, outside) = (named(inside, "cut.inside")?, named(outside, "cut.outside")?);
                let Some(c) = s.cut else { return Ok(false) };
                Ok(consistent.is_none_or(|want| crate::core::cut::verdict(s.trace, c).consistent == want)
                    && inside.iter().all(|&e| c.contains(s.trace, e))
                    && outside.iter().all(|&e| !c.contains(s.trace, e)))
            }
            Condition::All(all) => all.iter().try_fold(true, |ok, c| Ok(c.holds(s)? && ok)),
            Condition::Any(any) => any.iter().try_fold(false, |ok, c| Ok(c.holds(s)? || ok)),
            Condition::Not(c) => c.holds(s).map(|h| !h),
        }
    }

    /// Whether it is about a run lab's run (else about a trace).
    pub fn needs_run(&self) -> bool {
        match self {
            Condition::Property { .. }
            | Condition::Decision { .. }
            | Condition::Crashed(_)
            | Condition::Replica(_)
            | Condition::View(_)
            | Condition::Primary(_)
            | Condition::Requests(_)
            | Condition::Sent { .. } => true,
            Condition::All(cs) | Condition::Any(cs) => cs.iter().any(Condition::needs_run),
            Condition::Not(c) => c.needs_run(),
            _ => false,
        }
    }
}

impl Condition {
    /// Whether it is about the cut drawn.
    pub fn needs_cut(&self) -> bool {
        match self {
            Condition::Cut { .. } => true,
            Condition::All(cs) | Condition::Any(cs) => cs.iter().any(Condition::needs_cut),
            Condition::Not(c) => c.needs_cut(),
            _ => false,
        }
    }
}

fn event(trace: &Trace, id: &str) -> Result<EventIdx, String> {
    trace.event_by_id(id).ok_or_else(|| format!("there is no event \"{}\" in the diagram", super::clip(id)))
}

fn process(trace: &Trace, name: &str) -> Result<u32, String> {
    trace
        .process_by_name(name)
        .ok_or_else(|| format!("there is no process \"{}\" in the diagram", super::clip(name)))
}

fn node(run: &Outcome, name: &str) -> Result<usize, String> {
    run.names.iter().position(|n| n == name).ok_or_else(|| {
        format!("there is no node \"{}\" in the run (it has {})", super::clip(name), run.names.join(", "))
    })
}

fn needs_run<'a>(s: &Subject<'a>, what: &str) -> Result<&'a Outcome, String> {
    s.run.ok_or_else(|| format!("{what}: this step's diagram is not a scenario's run"))
}

pub(super) fn check_word(word: &str, words: &[&str], field: &str) -> Result<(), String> {
    if words.contains(&word) {
        Ok(())
    } else {
        Err(format!("{field}: \"{}\" is not one of {}", super::clip(word), words.join(", ")))
    }
}

/// Whether the CRDT run `which` over the diagram (each message delivered
/// as drawn, as the lab runs it by default) left diverged replicas.
fn replicas_diverged(s: &Subject, which: &str) -> Result<bool, String> {
    check_word(which, &["main", "counterpart"], "replicas.run")?;
    let doc = s.document.ok_or("replicas: this step's diagram is not a CRDT diagram")?;
    let main = doc.crdt.ok_or("replicas: this step's diagram names no CRDT type")?;
    let kind = if which == "main" {
        main
    } else {
        main.counterpart().ok_or_else(|| format!("replicas: {} has no counterpart run", main.title()))?
    };
    let ops: Vec<_> = doc.events.iter().map(|e| e.op.clone()).collect();
    let run = run(s.trace, kind, &ops, Delivery::Immediate).map_err(|e| format!("replicas: {e}"))?;
    Ok(!run.diverged_events(s.trace).is_empty())
}

/// A relation's word, for answers and reveals.
pub fn relation_word(r: &Relation) -> &'static str {
    r.word()
}
