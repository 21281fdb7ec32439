//! Lamport clocks (L. Lamport, "Time, Clocks, and the Ordering of Events in a
//! Distributed System", CACM 1978).
//!
//! The classic rules: a local or send event ticks its process's counter by
//! one; a receive sets it to max(local, message) + 1. Then a -> b implies
//! L(a) < L(b) (the clock condition). Course notes disagree on the receive
//! rule: one set of slides says max(local, message) with no tick, another
//! max(local, message + 1); both break the condition somewhere, and
//! [`LamportClocks::violations`] lists exactly where. The tick may also be a
//! per-process step (any step of at least 1 keeps the condition).

use crate::core::error::{At, TraceError};
use crate::core::trace::{EventIdx, EventKind, Trace, Via};
use serde::{Deserialize, Serialize};

/// How a receive event combines the local clock with the message's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReceiveRule {
    /// max(local, message) + step: Lamport's rule.
    #[default]
    Classic,
    /// max(local, message): no tick on receive.
    Max,
    /// max(local, message + step): only the message's time is ticked.
    MessagePlusOne,
}

impl ReceiveRule {
    /// All rules, classic first.
    pub const ALL: [ReceiveRule; 3] = [ReceiveRule::Classic, ReceiveRule::Max, ReceiveRule::MessagePlusOne];

    /// The rule's name on the command line and in the trace format.
    pub fn name(self) -> &'static str {
        match self {
            ReceiveRule::Classic => "classic",
            ReceiveRule::Max => "max",
            ReceiveRule::MessagePlusOne => "message-plus-one",
        }
    }

    /// The rule by name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.name() == name)
    }

    /// The rule as a formula, for people.
    pub fn formula(self) -> &'static str {
        match self {
            ReceiveRule::Classic => "max(local, message) + 1",
            ReceiveRule::Max => "max(local, message)",
            ReceiveRule::MessagePlusOne => "max(local, message + 1)",
        }
    }
}

/// A Lamport clock variant: the receive rule and each process's tick.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LamportRule {
    /// How receives combine clocks.
    pub receive: ReceiveRule,
    /// Tick per process (by process index); missing entries tick by 1.
    pub steps: Vec<u64>,
}

impl LamportRule {
    /// The classic rule with every step 1.
    pub fn classic() -> Self {
        Self::default()
    }

    /// The tick of process `p`.
    pub fn step(&self, p: u32) -> u64 {
        self.steps.get(p as usize).copied().unwrap_or(1)
    }
}

/// An edge of happened-before whose clocks break L(a) < L(b).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The earlier event.
    pub before: EventIdx,
    /// The later event.
    pub after: EventIdx,
    /// The message, fork or join joining them, or `None` for program order.
    pub via: Option<Via>,
}

/// Every event's Lamport time under one rule.
#[derive(Clone, Debug, PartialEq)]
pub struct LamportClocks {
    rule: LamportRule,
    times: Vec<u64>,
}

impl LamportClocks {
    /// Computes the clocks in one pass over a linear extension. A time that
    /// would pass 2^64 - 1 (possible only with huge steps) is refused,
    /// naming the event, rather than wrapping round.
    pub fn compute(trace: &Trace, rule: &LamportRule) -> Result<Self, TraceError> {
        let mut times = vec![0u64; trace.event_count()];
        for &e in trace.linear_extension() {
            let local = trace.predecessor(e).map_or(0, |p| times[p as usize]);
            // A fork or join passes its clock on like a message.
            let mut message: Option<u64> = None;
            trace.for_each_cause(e, |s, _| message = message.max(Some(times[s as usize])));
            let p = trace.process_of(e);
            times[e as usize] = next_time(rule, p, local, message).ok_or_else(|| TraceError::Overflow {
                at: At { id: trace.event_id(e).into(), index: e as usize },
                what: format!(
                    "its Lamport time would pass 2^64 - 1 ({}) with a step of {} on {}",
                    u64::MAX,
                    rule.step(p),
                    trace.process_name(p)
                ),
            })?;
        }
        Ok(Self { rule: rule.clone(), times })
    }

    /// The clocks under the classic rule with every step 1, which cannot
    /// overflow: a time is at most the number of events, below 2^32.
    pub fn classic(trace: &Trace) -> Self {
        Self::compute(trace, &LamportRule::classic()).expect("steps of 1 keep times below the event count")
    }

    /// The rule these clocks follow.
    pub fn rule(&self) -> &LamportRule {
        &self.rule
    }

    /// L(e).
    pub fn time(&self, e: EventIdx) -> u64 {
        self.times[e as usize]
    }

    /// All times, by event index.
    pub fn times(&self) -> &[u64] {
        &self.times
    }

    /// The edges (program order, messages, forks and joins; each pair of
    /// events once) where L(a) < L(b) fails. The
    /// clock condition holds for all of happened-before exactly when this is
    /// empty, since `<` is transitive and happened-before is the transitive
    /// closure of these edges.
    pub fn violations(&self, trace: &Trace) -> Vec<Violation> {
        let mut found = Vec::new();
        for e in 0..trace.event_count() as EventIdx {
            if let Some(p) = trace.predecessor(e).filter(|&p| self.time(p) >= self.time(e)) {
                found.push(Violation { before: p, after: e, via: None });
            }
            // Program order, a message, a fork or a join may link the same
            // two events (a process messaging itself, or joining the child
            // it has just forked): each broken pair is reported once.
            let predecessor = trace.predecessor(e);
            let mut causes: [Option<EventIdx>; 4] = [predecessor, None, None, None];
            let mut extra: Vec<EventIdx> = Vec::new();
            trace.for_each_cause(e, |s, via| {
                let seen = causes.contains(&Some(s)) || extra.contains(&s);
                match causes.iter_mut().find(|c| c.is_none()) {
                    Some(free) => *free = Some(s),
                    None => extra.push(s),
                }
                if !seen && self.time(s) >= self.time(e) {
                    found.push(Violation { before: s, after: e, via: Some(via) });
                }
            });
        }
        found
    }

    /// How L(e) came about, e.g. `receive of m2: max(3, 5) + 1 = 6`.
    pub fn derivation(&self, trace: &Trace, e: EventIdx) -> String {
        let step = self.rule.step(trace.process_of(e));
        let local = trace.predecessor(e).map_or(0, |p| self.time(p));
        let now = self.time(e);
        let causes: Vec<(EventIdx, Via)> = trace.causes(e).collect();
        if causes.is_empty() {
            let what = match trace.kind(e) {
                EventKind::Local => "local event",
                kind => kind.as_str(),
            };
            return format!("{what}: {local} + {step} = {now}");
        }
        let messages: Vec<&str> = trace.received_by(e).iter().map(|&m| trace.message_id(m)).collect();
        let mut names: Vec<String> = Vec::new();
        if !messages.is_empty() {
            names.push(format!("receive of {}", messages.join(", ")));
        }
        names.extend(causes.iter().filter_map(|&(s, via)| link_name(trace, s, e, via)));
        let incoming: Vec<String> = causes.iter().map(|&(s, _)| self.time(s).to_string()).collect();
        let args = incoming.join(", ");
        let message = if incoming.len() == 1 { args.clone() } else { format!("max({args})") };
        let formula = match self.rule.receive {
            ReceiveRule::Classic => format!("max({local}, {args}) + {step}"),
            ReceiveRule::Max => format!("max({local}, {args})"),
            ReceiveRule::MessagePlusOne => format!("max({local}, {message} + {step})"),
        };
        format!("{}: {formula} = {now}", names.join(", "))
    }
}

/// How a fork or join reaches its event, in words: `forked by a3`, `join of
/// C`; `None` for a message.
fn link_name(trace: &Trace, s: EventIdx, e: EventIdx, via: Via) -> Option<String> {
    match via {
        Via::Message(_) => None,
        Via::Fork => Some(format!("forked by {}", trace.event_id(s))),
        Via::Join => Some(format!("join of {}", trace.process_name(trace.partner(e).unwrap_or(0)))),
    }
}

/// The next time under `rule`; `None` past `u64::MAX`.
fn next_time(rule: &LamportRule, p: u32, local: u64, message: Option<u64>) -> Option<u64> {
    let step = rule.step(p);
    match (message, rule.receive) {
        (None, _) => local.checked_add(step),
        (Some(m), ReceiveRule::Classic) => local.max(m).checked_add(step),
        (Some(m), ReceiveRule::Max) => Some(local.max(m)),
        (Some(m), ReceiveRule::MessagePlusOne) => Some(local.max(m.checked_add(step)?)),
    }
}
