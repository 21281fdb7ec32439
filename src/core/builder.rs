//! Building and validating a [`Trace`].
//!
//! Events are added in input order; those of one process happen in the order
//! they are added. `build` checks the message structure and that
//! happened-before is acyclic, then fixes one linear extension of it.

use super::csr::Csr;
use super::error::{At, TraceError};
use super::interner::Interner;
use super::trace::{EventIdx, EventKind, ProcessIdx, Trace, Via, NONE};
use std::collections::VecDeque;

/// The most events (and processes) a trace may have: indices are `u32`,
/// with `u32::MAX` kept for "none".
pub const MAX_EVENTS: usize = u32::MAX as usize - 1;

/// One event as it appears in the input.
#[derive(Clone, Copy, Debug)]
pub struct EventSpec<'a> {
    /// Unique, non-empty id.
    pub id: &'a str,
    /// The declared process it happens on.
    pub process: &'a str,
    /// Local, send or receive.
    pub kind: EventKind,
    /// The action it performs, if any.
    pub label: Option<&'a str>,
    /// Messages it sends (kind send) or receives (kind receive).
    pub messages: &'a [&'a str],
    /// The process it starts (kind fork) or retires (kind join).
    pub partner: Option<&'a str>,
    /// Messages a receive event also sends. Lamport's model keeps sending
    /// and receiving apart, but real logs (ShiViz's) have events that do
    /// both: they merge what arrived, then send with the merged clock.
    pub also_sends: &'a [&'a str],
}

impl<'a> EventSpec<'a> {
    /// A local, send or receive event with no label.
    pub fn new(id: &'a str, process: &'a str, kind: EventKind, messages: &'a [&'a str]) -> Self {
        Self { id, process, kind, label: None, messages, partner: None, also_sends: &[] }
    }
}

/// Accumulates processes and events, then validates them into a [`Trace`].
#[derive(Default)]
pub struct TraceBuilder {
    trace: Trace,
    /// (event, message) as each event lists them, so an event that receives
    /// several messages delivers them in the order it names them.
    sent: Vec<(EventIdx, u32)>,
    received: Vec<(EventIdx, u32)>,
}

impl Default for Trace {
    fn default() -> Self {
        Trace {
            processes: Interner::new(),
            event_ids: Interner::new(),
            event_process: Vec::new(),
            event_kind: Vec::new(),
            event_action: Vec::new(),
            event_seq: Vec::new(),
            event_partner: Vec::new(),
            process_fork: Vec::new(),
            process_join: Vec::new(),
            dynamic: false,
            actions: Interner::new(),
            process_events: Vec::new(),
            message_ids: Interner::new(),
            message_send: Vec::new(),
            message_receive: Vec::new(),
            sends: Csr::default(),
            receives: Csr::default(),
            linear: Vec::new(),
        }
    }
}

impl TraceBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Pre-sizes storage for `events` events.
    pub fn with_capacity(events: usize) -> Self {
        let mut b = Self::new();
        let t = &mut b.trace;
        t.event_ids = Interner::with_capacity(events, events * 6);
        t.event_process.reserve(events);
        t.event_kind.reserve(events);
        t.event_action.reserve(events);
        t.event_seq.reserve(events);
        t.event_partner.reserve(events);
        b
    }

    /// Declares a process.
    pub fn process(&mut self, name: &str) -> Result<u32, TraceError> {
        let index = self.trace.processes.len();
        if index >= MAX_EVENTS {
            return Err(TraceError::TooLarge { what: format!("more than {MAX_EVENTS} processes") });
        }
        if name.is_empty() {
            return Err(TraceError::EmptyProcessName { index });
        }
        let (p, new) = self.trace.processes.intern(name);
        if !new {
            return Err(TraceError::DuplicateProcess { name: name.into() });
        }
        let t = &mut self.trace;
        t.process_events.push(Vec::new());
        t.process_fork.push(NONE);
        t.process_join.push(NONE);
        Ok(p)
    }

    /// Adds the next event; it happens after the earlier events of its process.
    pub fn event(&mut self, spec: &EventSpec<'_>) -> Result<EventIdx, TraceError> {
        let t = &mut self.trace;
        let index = t.event_process.len();
        let at = || At { id: spec.id.into(), index };
        // Indices are u32 with u32::MAX for "none", and every clock counter
        // is at most the number of events: capping events here is what
        // keeps those counters from ever passing u32::MAX.
        if index >= MAX_EVENTS {
            return Err(TraceError::TooLarge { what: format!("more than {MAX_EVENTS} events") });
        }
        if spec.id.is_empty() {
            return Err(TraceError::EmptyEventId { index });
        }
        let p = t
            .processes
            .get(spec.process)
            .ok_or_else(|| TraceError::UnknownProcess { at: at(), process: spec.process.into() })?;
        check_message_count(spec, at)?;
        let partner = self.partner(p, spec, at)?;
        let t = &mut self.trace;
        let (e, new) = t.event_ids.intern(spec.id);
        if !new {
            return Err(TraceError::DuplicateEventId { at: at(), first_index: e as usize });
        }
        match spec.kind {
            EventKind::Fork => t.process_fork[partner as usize] = e,
            EventKind::Join => t.process_join[partner as usize] = e,
            _ => {}
        }
        t.dynamic |= partner != NONE;
        let sending = spec.kind == EventKind::Send;
        for m in spec.messages {
            self.link(e, sending, m, at)?;
        }
        for m in spec.also_sends {
            self.link(e, true, m, at)?;
        }
        let t = &mut self.trace;
        t.event_process.push(p);
        t.event_kind.push(spec.kind);
        t.event_action.push(spec.label.map_or(NONE, |l| t.actions.intern(l).0));
        t.event_seq.push(t.process_events[p as usize].len() as u32);
        t.event_partner.push(partner);
        t.process_events[p as usize].push(e);
        Ok(e)
    }

    /// The process a fork starts or a join retires (NONE for other kinds):
    /// declared, not the event's own, and started or retired only once.
    fn partner(&self, p: ProcessIdx, spec: &EventSpec<'_>, at: impl Fn() -> At) -> Result<u32, TraceError> {
        let t = &self.trace;
        let fail = |problem: String| Err(TraceError::ForkJoin { at: at(), problem });
        let (field, verb, taken) = match spec.kind {
            EventKind::Fork => ("child", "forks", &t.process_fork),
            EventKind::Join => ("from", "joins", &t.process_join),
            _ if spec.partner.is_some() => {
                return fail("only a fork names a \"child\" and only a join names a \"from\"".into())
            }
            _ => return Ok(NONE),
        };
        let Some(name) = spec.partner else {
            return fail(format!("a {} event must name a process in \"{field}\"", spec.kind.as_str()));
        };
        let Some(c) = t.processes.get(name) else {
            return fail(format!("{verb} \"{name}\", which is not in \"processes\""));
        };
        if c == p {
            return fail(format!("{verb} its own process \"{name}\""));
        }
        match taken[c as usize] {
            NONE => Ok(c),
            first => {
                fail(format!("{verb} \"{name}\", which \"{}\" already {verb}", t.event_ids.resolve(first)))
            }
        }
    }

    /// Records that event `e` sends or receives message `m`.
    fn link(&mut self, e: EventIdx, sending: bool, m: &str, at: impl Fn() -> At) -> Result<(), TraceError> {
        let t = &mut self.trace;
        if m.is_empty() {
            return Err(TraceError::EmptyMessageId { at: at() });
        }
        let (mi, new) = t.message_ids.intern(m);
        if new {
            t.message_send.push(NONE);
            t.message_receive.push(NONE);
        }
        let slot =
            if sending { &mut t.message_send[mi as usize] } else { &mut t.message_receive[mi as usize] };
        if *slot != NONE {
            let (message, first, at) = (m.to_string(), t.event_ids.resolve(*slot).to_string(), at());
            return Err(if sending {
                TraceError::SentTwice { message, first, at }
            } else {
                TraceError::ReceivedTwice { message, first, at }
            });
        }
        *slot = e;
        if sending { &mut self.sent } else { &mut self.received }.push((e, mi));
        Ok(())
    }

    /// Validates the whole trace and returns it.
    pub fn build(mut self) -> Result<Trace, TraceError> {
        let t = &mut self.trace;
        if let Some(m) = t.message_send.iter().position(|&s| s == NONE) {
            let r = t.message_receive[m];
            return Err(TraceError::NeverSent {
                message: t.message_ids.resolve(m as u32).into(),
                at: At { id: t.event_ids.resolve(r).into(), index: r as usize },
            });
        }
        let n = t.event_process.len();
        t.sends = Csr::from_pairs(n, self.sent.iter().copied());
        t.receives = Csr::from_pairs(n, self.received.iter().copied());
        t.linear = linear_extension(t)?;
        Ok(self.trace)
    }
}

fn check_message_count(spec: &EventSpec<'_>, at: impl Fn() -> At) -> Result<(), TraceError> {
    let problem = match (spec.kind, spec.messages.is_empty()) {
        (EventKind::Local, false) => "a local event sends or receives no message",
        (EventKind::Send, true) => "a send event must name the message it sends",
        (EventKind::Receive, true) => "a receive event must name the message it receives",
        (EventKind::Fork | EventKind::Join, false) => "a fork or join event sends or receives no message",
        (kind, _) if kind != EventKind::Receive && !spec.also_sends.is_empty() => {
            "only a receive event may also send (\"sends\")"
        }
        _ => return Ok(()),
    };
    Err(TraceError::MessageMismatch { at: at(), problem })
}

/// Kahn's algorithm over program order and messages. Events whose
/// predecessors never all finish lie on (or behind) a cycle, which is then
/// named.
fn linear_extension(t: &Trace) -> Result<Vec<EventIdx>, TraceError> {
    let n = t.event_count();
    let mut waiting: Vec<u32> = (0..n as u32)
        .map(|e| {
            let mut count = (t.seq(e) > 0) as u32;
            t.for_each_cause(e, |_, _| count += 1);
            count
        })
        .collect();
    let mut ready: VecDeque<EventIdx> = t
        .process_events
        .iter()
        .filter_map(|es| es.first().copied())
        .filter(|&e| waiting[e as usize] == 0)
        .collect();
    let mut order = Vec::with_capacity(n);
    while let Some(e) = ready.pop_front() {
        order.push(e);
        let mut release = |s: EventIdx| {
            waiting[s as usize] -= 1;
            if waiting[s as usize] == 0 {
                ready.push_back(s);
            }
        };
        t.successor(e).into_iter().for_each(&mut release);
        t.for_each_effect(e, release);
    }
    if order.len() == n {
        return Ok(order);
    }
    let stuck = (0..n as u32).find(|&e| waiting[e as usize] > 0).expect("some event is unfinished");
    Err(TraceError::CausalCycle { cycle: describe_cycle(t, &waiting, stuck) })
}

/// Walks backwards from an unfinished event through unfinished predecessors
/// (one always exists) until an event repeats: that stretch is a cycle.
fn describe_cycle(t: &Trace, waiting: &[u32], start: EventIdx) -> String {
    let unfinished = |e: EventIdx| waiting[e as usize] > 0;
    let mut path: Vec<(EventIdx, Option<Via>)> = Vec::new(); // (event, edge into its successor)
    let mut seen = vec![usize::MAX; t.event_count()];
    let mut e = start;
    while seen[e as usize] == usize::MAX {
        seen[e as usize] = path.len();
        let by_cause = t.causes(e).find(|&(s, _)| unfinished(s)).map(|(s, via)| (s, Some(via)));
        let step = by_cause.or_else(|| t.predecessor(e).filter(|&p| unfinished(p)).map(|p| (p, None)));
        let (prev, via) = step.expect("an unfinished event has an unfinished predecessor");
        path.push((prev, via));
        e = prev;
    }
    // path[seen[e]..] leads backwards from e to e again: print it forwards.
    forwards(t, &path[seen[e as usize]..], e)
}

fn edge(t: &Trace, via: Option<Via>) -> String {
    match via {
        None => " -> ".into(),
        Some(Via::Message(m)) => format!(" -{}-> ", t.message_id(m)),
        Some(Via::Fork) => " -fork-> ".into(),
        Some(Via::Join) => " -join-> ".into(),
    }
}

/// `back[i] = (x, m)`: x happens before the event reached just before it in
/// the backward walk (e for i = 0), through message m or program order. The
/// last x is e again. Printed forwards: `e -> ... -m-> e`.
fn forwards(t: &Trace, back: &[(EventIdx, Option<Via>)], e: EventIdx) -> String {
    let mut text = t.event_id(e).to_string();
    for i in (0..back.len()).rev() {
        let target = if i == 0 { e } else { back[i - 1].0 };
        text.push_str(&edge(t, back[i].1));
        text.push_str(t.event_id(target));
    }
    text
}
