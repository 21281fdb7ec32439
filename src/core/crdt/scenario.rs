//! A CRDT trace ready to run: a trace in the CRDT trace format (see
//! `formats::crdt_trace`) whose type is named and whose every op sits on a
//! local event and is one the type takes.

use super::{Kind, Op};
use crate::core::error::{At, TraceError};
use crate::core::formats::crdt_trace::{kind_names, read_extras, ExtrasError};
use crate::core::formats::parse_trace_with_times;
use crate::core::known_fields;
use crate::core::trace::Trace;
use serde_json::Value;
use std::fmt;

/// A trace to run a CRDT over.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// Replicas, operations and gossip.
    pub trace: Trace,
    /// Each event's `"time"`, if the file gives them.
    pub times: Vec<Option<f64>>,
    /// The type.
    pub kind: Kind,
    /// Each event's operation, by event index.
    pub ops: Vec<Option<Op>>,
}

/// Why a CRDT trace was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioError {
    /// The trace itself is invalid.
    Trace(TraceError),
    /// No `"crdt"`, or one that names no type.
    Kind(String),
    /// A key this format does not have (a misspelt `"op"` would leave its
    /// event without an operation).
    Field(String),
    /// An event's `"op"` is malformed or does not fit.
    Op {
        /// The event.
        at: At,
        /// What is wrong.
        problem: String,
    },
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Trace(e) => write!(f, "{e}"),
            ScenarioError::Kind(problem) | ScenarioError::Field(problem) => f.write_str(problem),
            ScenarioError::Op { at, problem } => write!(f, "{at}: {problem}"),
        }
    }
}

impl From<TraceError> for ScenarioError {
    fn from(e: TraceError) -> Self {
        ScenarioError::Trace(e)
    }
}

impl From<ExtrasError> for ScenarioError {
    fn from(e: ExtrasError) -> Self {
        match e {
            ExtrasError::Kind(problem) => ScenarioError::Kind(problem),
            ExtrasError::Op { at, problem } => ScenarioError::Op { at, problem },
        }
    }
}

impl Scenario {
    /// Reads and checks a CRDT trace: the trace, its type, that it has no
    /// key the format does not (see [`check_fields`]), and that every op
    /// parses, sits on a local event and is one the type takes.
    pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
        let (trace, times) = parse_trace_with_times(text)?;
        check_fields(text)?;
        let (kind, ops) = read_extras(text, &trace)?;
        let kind = kind.ok_or_else(|| {
            ScenarioError::Kind(format!("no \"crdt\": name the type, one of {}", kind_names()))
        })?;
        for (e, op) in ops.iter().enumerate() {
            if let Some(op) = op {
                let at = At { id: trace.event_id(e as u32).into(), index: e };
                check_op(&trace, e, op, kind).map_err(|problem| ScenarioError::Op { at, problem })?;
            }
        }
        Ok(Scenario { trace, times, kind, ops })
    }
}

/// Every key the trace format and the editor's saved files have ever had
/// at the top level and on an event: a CRDT run refuses any other, naming
/// the one it is closest to. (The editor's documents stay tolerant of
/// unknown keys, as the trace format promises, so a file a later version
/// wrote still opens; a run is an experiment, and a misspelt `"op"` would
/// silently change it.)
const TOP_FIELDS: &[&str] = &["format", "title", "about", "lab", "crdt", "processes", "events"];
const EVENT_FIELDS: &[&str] = &[
    "id", "process", "kind", "label", "message", "messages", "sends", "child", "from", "time", "op", "fields",
];

fn check_fields(text: &str) -> Result<(), ScenarioError> {
    let Ok(Value::Object(top)) = serde_json::from_str::<Value>(text) else { return Ok(()) };
    known_fields::check(&top, TOP_FIELDS, "the CRDT trace").map_err(ScenarioError::Field)?;
    let events = top.get("events").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    for (i, event) in events.iter().enumerate() {
        if let Value::Object(event) = event {
            known_fields::check(event, EVENT_FIELDS, &format!("events[{i}]"))
                .map_err(ScenarioError::Field)?;
        }
    }
    Ok(())
}

/// An op must sit on a local event and be one `kind` takes.
pub fn check_op(trace: &Trace, e: usize, op: &Op, kind: Kind) -> Result<(), String> {
    if trace.kind(e as u32) != crate::core::trace::EventKind::Local {
        return Err(format!(
            "only a local event carries an op (this is a {} event)",
            trace.kind(e as u32).as_str()
        ));
    }
    let fits = match kind {
        Kind::GCounter => matches!(op, Op::Inc),
        Kind::PnCounter | Kind::OpCounter => matches!(op, Op::Inc | Op::Dec),
        Kind::GSet => matches!(op, Op::Add(_)),
        Kind::TwoPSet | Kind::OrSet | Kind::OpOrSet => matches!(op, Op::Add(_) | Op::Remove(_)),
        Kind::LwwRegister | Kind::MvRegister => matches!(op, Op::Write(_)),
    };
    if fits {
        Ok(())
    } else {
        Err(format!("\"{op}\" is not an operation of a {}; it takes {}", kind.name(), kind.operations()))
    }
}
