//! Why an edit or a loaded document was refused, in a short sentence.

use crate::core::error::TraceError;
use core::fmt;

/// A refused edit or an invalid document.
#[derive(Clone, Debug, PartialEq)]
pub enum EditError {
    /// The trace itself is invalid (including a causal cycle).
    Trace(TraceError),
    /// The CRDT type or an operation is malformed.
    Crdt(String),
    /// An event's log fields are malformed.
    Fields(String),
    /// A message would be received earlier than it is sent.
    ArrivesBeforeSent {
        /// The message.
        message: String,
        /// Its send time.
        sent: f64,
        /// Its receive time.
        arrives: f64,
    },
    /// Two events of one process at the same time.
    SameTime {
        /// The process.
        process: String,
        /// The events.
        events: (String, String),
    },
    /// An event would both send and receive.
    SendsAndReceives {
        /// The event.
        event: String,
    },
    /// A message from a process to itself.
    ToItself {
        /// The process.
        process: String,
    },
    /// Some events have a time and others do not.
    MissingTime {
        /// The first event without one.
        event: String,
    },
    /// Times contradict the order of a process's events.
    TimesOutOfOrder {
        /// The event whose time is too early.
        event: String,
        /// The event before it on its process.
        after: String,
    },
    /// A time that is negative, infinite or not a number.
    BadTime {
        /// The event.
        event: String,
    },
    /// No event, message or process has this id.
    Unknown {
        /// "event", "message" or "process".
        what: &'static str,
        /// The id.
        id: String,
    },
    /// A process name is taken.
    NameTaken {
        /// The name.
        name: String,
    },
    /// A name is empty.
    EmptyName,
    /// A forked process would do something before (or at) its fork.
    BeforeFork {
        /// The forked process.
        process: String,
        /// Its first event.
        event: String,
        /// The fork.
        fork: String,
    },
    /// A retired process would do something after (or at) its join.
    AfterJoin {
        /// The retired process.
        process: String,
        /// Its last event (or its fork).
        event: String,
        /// The join.
        join: String,
    },
    /// A fork or join that cannot be made, and why.
    Lifecycle {
        /// What is wrong.
        problem: String,
    },
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use EditError::*;
        match self {
            Trace(TraceError::CausalCycle { cycle }) => write!(f, "causality would be cyclic: {cycle}"),
            Trace(e) => write!(f, "{e}"),
            Crdt(problem) | Fields(problem) => f.write_str(problem),
            ArrivesBeforeSent { message, sent, arrives } => {
                write!(f, "{message} would arrive (at {arrives}) before it is sent (at {sent})")
            }
            SameTime { process, events: (a, b) } => {
                write!(f, "{a} and {b} would happen at the same time on {process}")
            }
            SendsAndReceives { event } => {
                write!(f, "{event} would both send and receive; use a separate event")
            }
            ToItself { process } => write!(f, "a message must go to another process than {process}"),
            MissingTime { event } => write!(f, "event \"{event}\" has no \"time\" while others do"),
            TimesOutOfOrder { event, after } => {
                write!(f, "event \"{event}\" has an earlier \"time\" than \"{after}\", which comes before it")
            }
            BadTime { event } => write!(f, "event \"{event}\" has a negative or non-finite \"time\""),
            Unknown { what, id } => write!(f, "no {what} is called \"{id}\""),
            NameTaken { name } => write!(f, "there is already a process called \"{name}\""),
            EmptyName => write!(f, "a name cannot be empty"),
            BeforeFork { process, event, fork } => {
                write!(f, "{event} would happen on {process} before {fork} forks {process}")
            }
            AfterJoin { process, event, join } => {
                write!(f, "{event} would happen on {process} after {join} retires {process}")
            }
            Lifecycle { problem } => write!(f, "{problem}"),
        }
    }
}

impl std::error::Error for EditError {}

impl From<crate::core::formats::crdt_trace::ExtrasError> for EditError {
    fn from(e: crate::core::formats::crdt_trace::ExtrasError) -> Self {
        EditError::Crdt(e.to_string())
    }
}

impl From<TraceError> for EditError {
    fn from(e: TraceError) -> Self {
        EditError::Trace(e)
    }
}
