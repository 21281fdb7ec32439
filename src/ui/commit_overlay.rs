//! What the commit lab draws on its run: each node's time down, its time
//! blocked, its decision (and the decisions that disagree), and the
//! partitions, in the diagram's lab-neutral terms.

use super::commit_lab::CommitLab;
use crate::core::diagram::overlay::{Decision, Interval, Overlay, Partition};
use crate::core::sim::scenario::{Fault, Step};
use crate::core::sim::{Decision as SimDecision, Status};
use crate::core::EventIdx;

/// When the run ends: its `until`, or a step after the last scripted one.
pub fn run_end(lab: &CommitLab) -> f64 {
    let s = &lab.scenario;
    if s.schedule.is_empty() {
        s.until
    } else {
        s.schedule.len() as f64 + 1.0
    }
}

/// The overlay of the lab's run, drawn on `trace` (the run's trace as the
/// diagram holds it: events in time order, so found by id).
pub fn commit_overlay(lab: &CommitLab, trace: &crate::core::Trace) -> Overlay {
    let o = &lab.outcome;
    let s = &lab.scenario;
    let record = &o.record;
    let end = run_end(lab);
    let mut overlay = Overlay { end: Some(end), ..Overlay::default() };
    for (n, line) in record.timelines.iter().enumerate() {
        for (i, &(t, status)) in line.iter().enumerate() {
            let until = line.get(i + 1).map(|next| next.0);
            let interval = Interval { process: n as u32, from: t, until };
            match status {
                Status::Crashed => overlay.down.push(interval),
                Status::Uncertain => overlay.blocked.push(interval),
                _ => {}
            }
        }
    }
    let event = |i: usize| trace.event_by_id(o.trace.event_id(i as EventIdx));
    for (i, e) in record.events.iter().enumerate() {
        if let (Some(d), Some(at)) = (e.decided, event(i)) {
            let d = if d == SimDecision::Commit { Decision::Commit } else { Decision::Abort };
            overlay.decisions.push((at, d));
        }
    }
    // Every undelivered message has a known receiver: its stub points there.
    for (m, msg) in record.messages.iter().enumerate() {
        let id = o.trace.message_id(m as u32);
        if let (None, Some(at)) = (msg.received, trace.message_by_id(id)) {
            overlay.lost.push((at, msg.to as u32));
        }
    }
    if !o.atomicity {
        overlay.conflicts = overlay.decisions.iter().map(|d| d.0).collect();
    }
    let side = |names: &Vec<String>| -> Vec<u32> {
        names.iter().filter_map(|n| s.node(n).ok()).map(|n| n as u32).collect()
    };
    for f in &s.faults {
        if let Fault::Partition { groups, from, until } = f {
            if s.schedule.is_empty() {
                overlay.partitions.push(Partition {
                    sides: groups.iter().map(side).collect(),
                    from: *from,
                    until: *until,
                });
            }
        }
    }
    for (k, step) in s.schedule.iter().enumerate() {
        if let Step::Partition { groups } = step {
            overlay.partitions.push(Partition {
                sides: groups.iter().map(side).collect(),
                from: k as f64 + 1.0,
                until: end,
            });
        }
    }
    overlay
}
