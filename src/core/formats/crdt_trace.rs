//! The CRDT trace format's additions to the trace format: `"crdt": "<type>"`
//! at the top level and an `"op"` on local events (`"inc"`, `"dec"`, `"add
//! x"`, `"remove x"`, `"write v"`). Reading and writing them is the
//! format's business, so the editor keeps a document's annotations without
//! depending on the CRDTs that give them meaning (`core::crdt`).

use crate::core::error::At;
use crate::core::trace::Trace;
use serde::Deserialize;
use std::fmt;

/// One of the lab's CRDT types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// State-based grow-only counter.
    GCounter,
    /// State-based counter with increments and decrements.
    PnCounter,
    /// State-based grow-only set.
    GSet,
    /// State-based two-phase set (removed once, gone for good).
    TwoPSet,
    /// State-based observed-remove set (add wins).
    OrSet,
    /// State-based last-writer-wins register.
    LwwRegister,
    /// State-based multi-value register.
    MvRegister,
    /// Op-based counter.
    OpCounter,
    /// Op-based observed-remove set.
    OpOrSet,
}

impl Kind {
    /// Every type, state-based first.
    pub const ALL: [Kind; 9] = [
        Kind::GCounter,
        Kind::PnCounter,
        Kind::GSet,
        Kind::TwoPSet,
        Kind::OrSet,
        Kind::LwwRegister,
        Kind::MvRegister,
        Kind::OpCounter,
        Kind::OpOrSet,
    ];

    /// The name in the trace format.
    pub fn name(self) -> &'static str {
        match self {
            Kind::GCounter => "g-counter",
            Kind::PnCounter => "pn-counter",
            Kind::GSet => "g-set",
            Kind::TwoPSet => "2p-set",
            Kind::OrSet => "or-set",
            Kind::LwwRegister => "lww-register",
            Kind::MvRegister => "mv-register",
            Kind::OpCounter => "op-counter",
            Kind::OpOrSet => "op-or-set",
        }
    }

    /// The type called `name`.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// An operation a user asks a replica to perform.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Op {
    /// Add one to a counter.
    Inc,
    /// Take one from a counter.
    Dec,
    /// Add an element to a set.
    Add(String),
    /// Remove an element from a set.
    Remove(String),
    /// Write a value to a register.
    Write(String),
}

impl Op {
    /// Reads `inc`, `dec`, `add x`, `remove x` or `write v` (the element or
    /// value is the rest of the text, trimmed, and may not be empty).
    pub fn parse(text: &str) -> Result<Op, String> {
        let text = text.trim();
        let (word, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
        let rest = rest.trim();
        let needs = |what: &str, make: fn(String) -> Op| {
            if rest.is_empty() {
                Err(format!("\"{word}\" needs {what}, as in \"{word} x\""))
            } else {
                Ok(make(rest.to_string()))
            }
        };
        match word {
            "inc" | "dec" if !rest.is_empty() => Err(format!("\"{word}\" takes nothing after it")),
            "inc" => Ok(Op::Inc),
            "dec" => Ok(Op::Dec),
            "add" => needs("an element", Op::Add),
            "remove" => needs("an element", Op::Remove),
            "write" => needs("a value", Op::Write),
            "" => Err("an empty op; expected inc, dec, add x, remove x or write v".into()),
            other => Err(format!("unknown op \"{other}\"; expected inc, dec, add x, remove x or write v")),
        }
    }

    /// The op's family, for type checks: "counter", "set" or "register".
    pub fn family(&self) -> &'static str {
        match self {
            Op::Inc | Op::Dec => "counter",
            Op::Add(_) | Op::Remove(_) => "set",
            Op::Write(_) => "register",
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Inc => f.write_str("inc"),
            Op::Dec => f.write_str("dec"),
            Op::Add(x) => write!(f, "add {x}"),
            Op::Remove(x) => write!(f, "remove {x}"),
            Op::Write(v) => write!(f, "write {v}"),
        }
    }
}

/// Why a trace's CRDT annotations were refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExtrasError {
    /// `"crdt"` names no type (or the text is not an object).
    Kind(String),
    /// An event's `"op"` is malformed.
    Op {
        /// The event.
        at: At,
        /// What is wrong.
        problem: String,
    },
}

impl fmt::Display for ExtrasError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExtrasError::Kind(problem) => f.write_str(problem),
            ExtrasError::Op { at, problem } => write!(f, "{at}: {problem}"),
        }
    }
}

#[derive(Deserialize)]
struct Extra {
    #[serde(default)]
    crdt: Option<String>,
    events: Vec<EventExtra>,
}

#[derive(Deserialize)]
struct EventExtra {
    #[serde(default)]
    op: Option<String>,
}

/// Every type's name, for messages.
pub fn kind_names() -> String {
    Kind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ")
}

/// The `"crdt"` type (if any) and each event's `"op"` (parsed), from the
/// text of a trace that has parsed as `trace`.
pub fn read_extras(text: &str, trace: &Trace) -> Result<(Option<Kind>, Vec<Option<Op>>), ExtrasError> {
    let extra: Extra = serde_json::from_str(text).map_err(|e| ExtrasError::Kind(e.to_string()))?;
    let kind = match extra.crdt.as_deref() {
        None => None,
        Some(name) => Some(Kind::from_name(name).ok_or_else(|| {
            ExtrasError::Kind(format!("unknown \"crdt\" \"{name}\"; expected one of {}", kind_names()))
        })?),
    };
    let mut ops = Vec::with_capacity(trace.event_count());
    for (e, extra) in extra.events.iter().enumerate() {
        let op = match &extra.op {
            None => None,
            Some(text) => Some(Op::parse(text).map_err(|problem| ExtrasError::Op {
                at: At { id: trace.event_id(e as u32).into(), index: e },
                problem,
            })?),
        };
        ops.push(op);
    }
    Ok((kind, ops))
}
