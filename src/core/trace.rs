//! The trace: named processes, events in per-process order, and messages
//! from a send event to a receive event.
//!
//! An *event* happens once; its optional label names the *action* it
//! performs, and many events may perform the same action ("cross the
//! street"). An event may send several messages (broadcast) and receive
//! several (gather). A message that was sent but never received is lost or
//! still in flight.
//!
//! Processes may come and go: a *fork* event starts a new process, whose
//! history begins with the fork, and a *join* event retires a process into
//! the one that joins it, which inherits its history. A process that no fork
//! starts is *initial*: it exists from the beginning.
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
    /// Starts a new process (its child), whose first event follows it.
    Fork,
    /// Retires a process into this one: that process's last event precedes it.
    Join,
}

impl EventKind {
    /// The kind's name in the trace format.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Local => "local",
            EventKind::Send => "send",
            EventKind::Receive => "receive",
            EventKind::Fork => "fork",
            EventKind::Join => "join",
        }
    }
}

/// How one event directly precedes an event of another process (or of the
/// same one, for a join of a process that never did anything).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Via {
    /// The earlier event sends this message; the later receives it.
    Message(MessageIdx),
    /// The earlier event forks the later one's process.
    Fork,
    /// The later event joins the earlier one's process, retiring it.
    Join,
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
    /// The child of a fork, the retiree of a join, NONE for other events.
    pub(crate) event_partner: Vec<ProcessIdx>,
    /// The fork that starts each process, NONE for an initial process.
    pub(crate) process_fork: Vec<EventIdx>,
    /// The join that retires each process, NONE while it lives on.
    pub(crate) process_join: Vec<EventIdx>,
    /// Some process forks or joins (so `causes` must look beyond messages).
    pub(crate) dynamic: bool,
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
        present(self.message_receive[m as usize])
    }

    /// The process a fork starts or a join retires.
    pub fn partner(&self, e: EventIdx) -> Option<ProcessIdx> {
        present(self.event_partner[e as usize])
    }

    /// The fork that starts process `p`; `None` for an initial process.
    pub fn forked_by(&self, p: ProcessIdx) -> Option<EventIdx> {
        present(self.process_fork[p as usize])
    }

    /// The join that retires process `p`, if any.
    pub fn joined_by(&self, p: ProcessIdx) -> Option<EventIdx> {
        present(self.process_join[p as usize])
    }

    /// True when some process forks or joins: the set of processes changes.
    pub fn is_dynamic(&self) -> bool {
        self.dynamic
    }

    /// The last event of process `p` as far as causality goes: its last
    /// event, or the fork that started it if it has none.
    pub fn last_of(&self, p: ProcessIdx) -> Option<EventIdx> {
        self.process_events[p as usize].last().copied().or_else(|| self.forked_by(p))
    }

    /// The events that directly precede `e` other than its predecessor on
    /// its process: the senders of the messages it receives, the fork that
    /// started its process (for a first event), the retired process's last
    /// event (for a join).
    pub fn causes(&self, e: EventIdx) -> impl Iterator<Item = (EventIdx, Via)> + '_ {
        let messages = self.received_by(e).iter().map(|&m| (self.send_of(m), Via::Message(m)));
        messages.chain(self.link_causes(e).into_iter().flatten())
    }

    /// The events `e` directly precedes other than its successor on its
    /// process: the receivers of its messages, the first event of the
    /// process it forks, the join that retires its process (if `e` is that
    /// process's last event).
    pub fn effects(&self, e: EventIdx) -> impl Iterator<Item = EventIdx> + '_ {
        let receivers = self.sent_by(e).iter().filter_map(|&m| self.receive_of(m));
        receivers.chain(self.link_effects(e).into_iter().flatten())
    }

    /// Calls `f` on each of [`Trace::causes`]: internal iteration, which
    /// compiles to a plain loop on the hot paths (clocks, orders).
    #[inline]
    pub fn for_each_cause(&self, e: EventIdx, mut f: impl FnMut(EventIdx, Via)) {
        for &m in self.received_by(e) {
            f(self.send_of(m), Via::Message(m));
        }
        for (s, via) in self.link_causes(e).into_iter().flatten() {
            f(s, via);
        }
    }

    /// Calls `f` on each of [`Trace::effects`], as [`Trace::for_each_cause`].
    #[inline]
    pub fn for_each_effect(&self, e: EventIdx, mut f: impl FnMut(EventIdx)) {
        for &m in self.sent_by(e) {
            if let Some(r) = self.receive_of(m) {
                f(r);
            }
        }
        for x in self.link_effects(e).into_iter().flatten() {
            f(x);
        }
    }

    /// The fork and join edges into `e` (none in most traces, at the cost
    /// of one test).
    #[inline]
    fn link_causes(&self, e: EventIdx) -> [Option<(EventIdx, Via)>; 2] {
        if !self.dynamic {
            return [None, None];
        }
        let fork = (self.seq(e) == 0).then(|| self.forked_by(self.process_of(e))).flatten();
        let join = self.partner(e).filter(|_| self.kind(e) == EventKind::Join).and_then(|c| self.last_of(c));
        [fork.map(|f| (f, Via::Fork)), join.map(|j| (j, Via::Join))]
    }

    /// The fork and join edges out of `e`.
    #[inline]
    fn link_effects(&self, e: EventIdx) -> [Option<EventIdx>; 2] {
        if !self.dynamic {
            return [None, None];
        }
        let child = self.partner(e).filter(|_| self.kind(e) == EventKind::Fork);
        let fork = child.and_then(|c| self.process_events[c as usize].first().copied().or(self.joined_by(c)));
        let p = self.process_of(e);
        let join = self.joined_by(p).filter(|_| self.last_of(p) == Some(e));
        [fork, join]
    }

    /// All events in one linear extension of happened-before (each event
    /// after everything that happened before it).
    pub fn linear_extension(&self) -> &[EventIdx] {
        &self.linear
    }
}

/// An index stored with [`NONE`] for "absent", as an option.
fn present(index: u32) -> Option<u32> {
    (index != NONE).then_some(index)
}
