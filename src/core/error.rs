//! Everything that can be wrong with a trace, each naming the offending id.

use core::fmt;

/// Where an event sits in the input: its id and its position in `events`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct At {
    /// The event's id.
    pub id: String,
    /// Its index in the input's `events` array.
    pub index: usize,
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "event \"{}\" (events[{}])", self.id, self.index)
    }
}

/// A reason a trace is invalid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TraceError {
    /// The text is not JSON of the expected shape.
    Json {
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What the parser expected or found.
        message: String,
    },
    /// A process has an empty name.
    EmptyProcessName {
        /// Index in `processes`.
        index: usize,
    },
    /// Two processes share a name.
    DuplicateProcess {
        /// The repeated name.
        name: String,
    },
    /// An event has an empty id.
    EmptyEventId {
        /// Index in `events`.
        index: usize,
    },
    /// Two events share an id.
    DuplicateEventId {
        /// The second event with that id.
        at: At,
        /// Index of the first.
        first_index: usize,
    },
    /// An event names a process that was not declared.
    UnknownProcess {
        /// The event.
        at: At,
        /// The name it used.
        process: String,
    },
    /// A send or receive names no message, or a local event names one.
    MessageMismatch {
        /// The event.
        at: At,
        /// What is wrong.
        problem: &'static str,
    },
    /// A fork or join names no process, an unknown one, its own, or one
    /// already started or retired.
    ForkJoin {
        /// The event.
        at: At,
        /// What is wrong.
        problem: String,
    },
    /// A message or its id is empty.
    EmptyMessageId {
        /// The event naming it.
        at: At,
    },
    /// Two send events send the same message.
    SentTwice {
        /// The message.
        message: String,
        /// The first sender's id.
        first: String,
        /// The second sender.
        at: At,
    },
    /// Two receive events receive the same message.
    ReceivedTwice {
        /// The message.
        message: String,
        /// The first receiver's id.
        first: String,
        /// The second receiver.
        at: At,
    },
    /// A message is received but no event sends it.
    NeverSent {
        /// The message.
        message: String,
        /// The receive event.
        at: At,
    },
    /// Happened-before would be cyclic: the events and messages of one cycle,
    /// written `a1 -> a2 -m2-> b1 -> ... -> a1`.
    CausalCycle {
        /// The cycle, as text.
        cycle: String,
    },
    /// An event's `"time"` lies past what the diagram can draw.
    TimeOutOfRange {
        /// The event.
        at: At,
        /// The time, as written.
        time: String,
    },
    /// The input is larger than a configured cap.
    TooLarge {
        /// What is too large.
        what: String,
    },
    /// A clock at an event would pass the largest value its counter holds.
    Overflow {
        /// The event.
        at: At,
        /// Which clock, and how.
        what: String,
    },
}

impl fmt::Display for TraceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use TraceError::*;
        match self {
            Json { line, column, message } => {
                write!(f, "invalid JSON at line {line}, column {column}: {message}")
            }
            EmptyProcessName { index } => write!(f, "processes[{index}] has an empty name"),
            DuplicateProcess { name } => write!(f, "process \"{name}\" is declared twice"),
            EmptyEventId { index } => write!(f, "events[{index}] has an empty id"),
            DuplicateEventId { at, first_index } => {
                write!(f, "{at}: duplicate id, first used by events[{first_index}]")
            }
            UnknownProcess { at, process } => {
                write!(f, "{at}: unknown process \"{process}\" (not in \"processes\")")
            }
            MessageMismatch { at, problem } => write!(f, "{at}: {problem}"),
            ForkJoin { at, problem } => write!(f, "{at}: {problem}"),
            EmptyMessageId { at } => write!(f, "{at}: a message id is empty"),
            SentTwice { message, first, at } => {
                write!(f, "{at}: message \"{message}\" is sent twice (first by \"{first}\")")
            }
            ReceivedTwice { message, first, at } => {
                write!(f, "{at}: message \"{message}\" is received twice (first by \"{first}\")")
            }
            NeverSent { message, at } => {
                write!(f, "{at}: receives message \"{message}\", which no event sends")
            }
            CausalCycle { cycle } => write!(f, "causal cycle: {cycle} (an event would happen before itself)"),
            TimeOutOfRange { at, time } => write!(
                f,
                "{at}: \"time\" {time} is out of range (times lie between -{range:e} and {range:e})",
                range = crate::core::layout::TIME_RANGE
            ),
            TooLarge { what } => write!(f, "input too large: {what}"),
            Overflow { at, what } => write!(f, "{at}: {what}"),
        }
    }
}

impl std::error::Error for TraceError {}
