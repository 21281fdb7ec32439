//! The trace: named processes, events in per-process order, and messages
//! from a send event to a receive event.
//!
//! An *event* happens once; its optional label names the *action* it
//! performs, and many events may perform the same action ("cross the
//! street"). An event may send several messages (broadcast) and receive
//! several (gather). A message that was sent but never received is lost or
//! still in flight.
//!
//! Storage is struct-of-arrays with interned ids, so a trace of millions of
//! events stays compact. Build one with [`crate::core::TraceBuilder`], which
//! validates it; a `Trace` is always valid and acyclic.

use super::csr::Csr;
use super::interner::Interner;
use serde::{Deserialize, Serialize};

/// Index of a process, in declaration order.
pub type ProcessIdx = u32;
/// Index of an event, in input order.
pub type EventIdx = u32;
/// Index of a message, in order of first mention.
pub type MessageIdx = u32;

/// Marks an absent index (a lost message's receive, an unlabelled event).
pub(crate) const NONE: u32 = u32::MAX;

/// What an event does besides happening.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    /// An internal step of its process.
    Local,
    /// Sends one or more messages.
    Send,
    /// Receives one or more messages.
    Receive,
}

impl EventKind {
    /// The kind's name in the trace format.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Local => "local",
            EventKind::Send => "send",
            EventKind::Receive => "receive",
        }
    }
}

/// A validated, acyclic trace.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    pub(crate) processes: Interner,
    pub(crate) event_ids: Interner,
    pub(crate) event_process: Vec<ProcessIdx>,
    pub(crate) event_kind: Vec<EventKind>,
    pub(crate) event_action: Vec<u32>,
    pub(crate) event_seq: Vec<u32>,
    pub(crate) actions: Interner,
    pub(crate) process_events: Vec<Vec<EventIdx>>,
    pub(crate) message_ids: Interner,
    pub(crate) message_send: Vec<EventIdx>,
    pub(crate) message_receive: Vec<EventIdx>,
    pub(crate) sends: Csr,
    pub(crate) receives: Csr,
    pub(crate) linear: Vec<EventIdx>,
}

impl Trace {
    /// Number of processes.
    pub fn process_count(&self) -> usize {
        self.processes.len()
    }

    /// Number of events.
    pub fn event_count(&self) -> usize {
        self.event_process.len()
    }

    /// Number of messages, received or not.
    pub fn message_count(&self) -> usize {
        self.message_send.len()
    }

    /// The name of process `p`.
    pub fn process_name(&self, p: ProcessIdx) -> &str {
        self.processes.resolve(p)
    }

    /// The process named `name`.
    pub fn process_by_name(&self, name: &str) -> Option<ProcessIdx> {
        self.processes.get(name)
    }

    /// The events of process `p`, in the order they happened.
    pub fn process_events(&self, p: ProcessIdx) -> &[EventIdx] {
        &self.process_events[p as usize]
    }

    /// The id of event `e`.
    pub fn event_id(&self, e: EventIdx) -> &str {
        self.event_ids.resolve(e)
    }

    /// The event whose id is `id`.
    pub fn event_by_id(&self, id: &str) -> Option<EventIdx> {
        self.event_ids.get(id)
    }

    /// The process event `e` happens on.
    pub fn process_of(&self, e: EventIdx) -> ProcessIdx {
        self.event_process[e as usize]
    }

    /// The position of `e` on its process, counting from 0.
    pub fn seq(&self, e: EventIdx) -> u32 {
        self.event_seq[e as usize]
    }

    /// The kind of event `e`.
    pub fn kind(&self, e: EventIdx) -> EventKind {
        self.event_kind[e as usize]
    }

    /// The action event `e` performs, if labelled.
    pub fn label(&self, e: EventIdx) -> Option<&str> {
        match self.event_action[e as usize] {
            NONE => None,
            a => Some(self.actions.resolve(a)),
        }
    }

    /// The distinct actions, in order of first use.
    pub fn actions(&self) -> impl Iterator<Item = &str> + '_ {
        self.actions.iter()
    }

    /// The event just before `e` on its process.
    pub fn predecessor(&self, e: EventIdx) -> Option<EventIdx> {
        let seq = self.seq(e) as usize;
        (seq > 0).then(|| self.process_events[self.process_of(e) as usize][seq - 1])
    }

    /// The event just after `e` on its process.
    pub fn successor(&self, e: EventIdx) -> Option<EventIdx> {
        let events = &self.process_events[self.process_of(e) as usize];
        events.get(self.seq(e) as usize + 1).copied()
    }

    /// The messages event `e` sends.
    pub fn sent_by(&self, e: EventIdx) -> &[MessageIdx] {
        self.sends.row(e)
    }

    /// The messages event `e` receives.
    pub fn received_by(&self, e: EventIdx) -> &[MessageIdx] {
        self.receives.row(e)
    }

    /// The id of message `m`.
    pub fn message_id(&self, m: MessageIdx) -> &str {
        self.message_ids.resolve(m)
    }

    /// The message whose id is `id`.
    pub fn message_by_id(&self, id: &str) -> Option<MessageIdx> {
        self.message_ids.get(id)
    }

    /// The event that sends message `m`.
    pub fn send_of(&self, m: MessageIdx) -> EventIdx {
        self.message_send[m as usize]
    }

    /// The event that receives message `m`; `None` if it was lost or is
    /// still in flight.
    pub fn receive_of(&self, m: MessageIdx) -> Option<EventIdx> {
        match self.message_receive[m as usize] {
            NONE => None,
            r => Some(r),
        }
    }

    /// All events in one linear extension of happened-before (each event
    /// after everything that happened before it).
    pub fn linear_extension(&self) -> &[EventIdx] {
        &self.linear
    }
}
