//! Whether a cut is consistent (closed under happened-before), and every
//! edge that crosses it backwards: a cause outside, its effect inside.

use super::Cut;
use crate::core::trace::{EventIdx, MessageIdx, Trace, Via};

/// One edge into the cut from outside: `cause` directly precedes `effect`,
/// which is inside while `cause` is not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Violation {
    /// The earlier event, outside the cut: a message's send, a fork, or the
    /// retired process's last event (its fork if it did nothing).
    pub cause: EventIdx,
    /// The later event, inside: the receive, the forked process's first
    /// event, or the join.
    pub effect: EventIdx,
    /// The edge: usually a message (one received inside, sent outside).
    pub via: Via,
}

impl Violation {
    /// The message, for a message edge.
    pub fn message(&self) -> Option<MessageIdx> {
        match self.via {
            Via::Message(m) => Some(m),
            Via::Fork | Via::Join => None,
        }
    }

    /// `message`, `fork` or `join`.
    pub fn kind(&self) -> &'static str {
        match self.via {
            Via::Message(_) => "message",
            Via::Fork => "fork",
            Via::Join => "join",
        }
    }
}

/// Whether a cut is consistent, and why not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// True when the cut is closed under happened-before.
    pub consistent: bool,
    /// Every edge from outside the cut into it, by the effect's process,
    /// then its position, then the order of [`Trace::causes`].
    pub violations: Vec<Violation>,
}

/// Judges `cut`: consistent exactly when no direct cause of an event inside
/// lies outside (program order holds within prefixes, and closure under the
/// direct edges is closure under happened-before). Costs the events inside
/// and their edges.
pub fn verdict(trace: &Trace, cut: &Cut) -> Verdict {
    let mut violations = Vec::new();
    for (p, &n) in cut.frontier.iter().enumerate() {
        for &effect in &trace.process_events(p as u32)[..n as usize] {
            trace.for_each_cause(effect, |cause, via| {
                if !cut.contains(trace, cause) {
                    violations.push(Violation { cause, effect, via });
                }
            });
        }
    }
    Verdict { consistent: violations.is_empty(), violations }
}
