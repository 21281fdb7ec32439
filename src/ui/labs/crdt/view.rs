//! What the CRDT lab shows, computed from the diagram: the chosen type's
//! run and, side by side, its counterpart's (state vs op based, or LWW vs
//! MV), under the chosen delivery; and the labels they put on it.

use crate::core::crdt::gossip::initial;
use crate::core::crdt::lab_work::check_lab_work;
use crate::core::crdt::scenario::check_op;
use crate::core::crdt::{run, Delivery, Kind, Op, Run};
use crate::core::diagram::texts::Texts;
use crate::core::{EventIdx, ProcessIdx};
use crate::ui::scene::Scene;

/// One type's run over the diagram, or why it cannot run.
#[derive(Debug, PartialEq)]
pub struct Side {
    pub kind: Kind,
    pub run: Result<Run, String>,
}

/// Both runs.
#[derive(Debug, PartialEq)]
pub struct CrdtView {
    pub main: Side,
    pub other: Option<Side>,
    pub causal: bool,
}

impl CrdtView {
    /// The lab's runs, when the diagram has a CRDT type.
    pub fn compute(scene: &Scene, causal: bool) -> Option<CrdtView> {
        let kind = scene.document.crdt?;
        let ops: Vec<Option<Op>> = scene.document.events.iter().map(|e| e.op.clone()).collect();
        let delivery = if causal { Delivery::Causal } else { Delivery::Immediate };
        let side = |kind: Kind| Side { kind, run: run_checked(scene, kind, &ops, delivery) };
        Some(CrdtView { main: side(kind), other: kind.counterpart().map(side), causal })
    }

    /// The value text of every event in the main run (the diagram's labels).
    pub fn value_text(&self, e: EventIdx) -> Option<String> {
        self.main.run.as_ref().ok().map(|r| r.values.get(e).to_string())
    }

    /// Payload sizes of message `m`: main run, then the counterpart's.
    pub fn payload(&self, m: u32) -> Option<String> {
        let bytes = |s: &Side| s.run.as_ref().ok().map(|r| r.payload[m as usize]);
        let main = bytes(&self.main)?;
        Some(match self.other.as_ref().and_then(bytes) {
            Some(other) => format!("{main} B / {other} B"),
            None => format!("{main} B"),
        })
    }
}

/// Runs `kind`, refusing ops the type does not take with the event named.
fn run_checked(scene: &Scene, kind: Kind, ops: &[Option<Op>], delivery: Delivery) -> Result<Run, String> {
    let trace = &scene.placed.trace;
    check_lab_work(kind, trace.event_count(), ops)?;
    for (e, op) in ops.iter().enumerate() {
        if let Some(op) = op {
            check_op(trace, e, op, kind).map_err(|p| format!("{}: {p}", trace.event_id(e as u32)))?;
        }
    }
    run(trace, kind, ops, delivery).map_err(|e| e.to_string())
}

/// Each replica's latest event among the first `upto` (events are in time
/// order), for the convergence indicator at a step.
pub fn latest(scene: &Scene, upto: usize) -> Vec<Option<EventIdx>> {
    let trace = &scene.placed.trace;
    (0..trace.process_count() as ProcessIdx)
        .map(|p| trace.process_events(p).iter().rev().copied().find(|&e| (e as usize) < upto))
        .collect()
}

/// A replica's value at a step, and how many updates it has seen.
pub fn replica_now(run: &Run, at: Option<EventIdx>) -> (String, usize) {
    match at {
        Some(e) => (run.values.get(e).to_string(), run.sets.len_of(run.seen[e as usize])),
        None => (initial(run.kind).to_string(), 0),
    }
}

/// What the two values at an event are, for the legend.
pub fn values_key(v: &CrdtView) -> String {
    match &v.other {
        Some(o) => format!("value above: {}; below: {}", v.main.kind.title(), o.kind.title()),
        None => format!("value above: {}", v.main.kind.title()),
    }
}

/// What the numbers beside the arrows are, for the legend.
pub fn payload_key(v: &CrdtView) -> String {
    match &v.other {
        Some(o) => format!("B: bytes sent, {} / {}", v.main.kind.title(), o.kind.title()),
        None => format!("B: bytes sent, {}", v.main.kind.title()),
    }
}

impl CrdtView {
    /// The counterpart run's value after event `e`, drawn below it.
    pub fn other_text(&self, e: EventIdx) -> Option<String> {
        self.other.as_ref()?.run.as_ref().ok().map(|r| r.values.get(e).to_string())
    }

    /// Events where either run diverges.
    pub fn diverged(&self, trace: &crate::core::Trace) -> Vec<EventIdx> {
        let mut all: Vec<EventIdx> = [Some(&self.main), self.other.as_ref()]
            .into_iter()
            .flatten()
            .filter_map(|s| s.run.as_ref().ok())
            .flat_map(|r| r.diverged_events(trace))
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

impl CrdtView {
    /// Puts the runs on the diagram's labels: each message's payload
    /// sizes, each event's operation after its action and, with `values`,
    /// each event's replica value (the counterpart's below it).
    pub fn label(&self, scene: &Scene, texts: &mut Texts, values: bool) {
        let t = &scene.placed.trace;
        let n = t.event_count() as EventIdx;
        if values {
            texts.clock = (0..n).map(|e| self.value_text(e).map(|v| vec![v])).collect();
            texts.values = true;
            texts.below = (0..n).map(|e| self.other_text(e)).collect();
        }
        texts.payload = (0..t.message_count() as u32).map(|m| self.payload(m)).collect();
        for (e, event) in scene.document.events.iter().enumerate() {
            if let Some(op) = &event.op {
                let action = &mut texts.action[e];
                *action = Some(match action.take() {
                    Some(l) => format!("{l} · {op}"),
                    None => op.to_string(),
                });
            }
        }
    }
}
