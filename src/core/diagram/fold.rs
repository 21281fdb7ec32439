//! Runs of quiet events drawn as one numbered mark, as ShiViz collapses a
//! log's local events: a run starts at a local event and goes on through
//! every following event on its process that is local, or sends only
//! messages nobody receives (a participant timing out and asking a
//! crashed coordinator, again and again). It stops at anything another
//! process hears of. A run of two or more local events collapses unless it
//! was expanded; nothing a reader could follow to another line is hidden.

use crate::core::trace::{EventIdx, EventKind, ProcessIdx, Trace};
use std::collections::HashSet;

/// One collapsed run.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// Its process.
    pub process: ProcessIdx,
    /// Its events, in order; the first stands for them all.
    pub events: Vec<EventIdx>,
    /// How many of them are local (the repetitions its mark counts).
    pub locals: usize,
    /// The action every local event shares, if they share one.
    pub action: Option<String>,
}

impl Group {
    /// The event whose mark stands for the run.
    pub fn first(&self) -> EventIdx {
        self.events[0]
    }

    /// The mark's count: "×7".
    pub fn count(&self) -> String {
        format!("×{}", self.locals)
    }
}

/// Every collapsed run of a trace.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Folds {
    /// The runs.
    pub groups: Vec<Group>,
    /// Each event's run, if it is in one.
    of: Vec<Option<u32>>,
}

/// The fewest local events a run must have to collapse.
pub const MIN_RUN: usize = 2;

impl Folds {
    /// Nothing collapsed.
    pub fn none(trace: &Trace) -> Folds {
        Folds { groups: Vec::new(), of: vec![None; trace.event_count()] }
    }

    /// Every run of `trace`, except those with an event whose id is in
    /// `expanded` (a run opened by a click on it, or holding the selected
    /// event).
    pub fn runs(trace: &Trace, expanded: &HashSet<String>) -> Folds {
        let mut folds = Folds::none(trace);
        for p in 0..trace.process_count() as ProcessIdx {
            let events = trace.process_events(p);
            let mut i = 0;
            while i < events.len() {
                let len = run_length(trace, &events[i..]);
                let group = &events[i..i + len];
                let locals = group.iter().filter(|&&e| trace.kind(e) == EventKind::Local).count();
                let open = group.iter().any(|&e| expanded.contains(trace.event_id(e)));
                if locals >= MIN_RUN && !open {
                    folds.add(trace, p, group.to_vec(), locals);
                }
                i += len.max(1);
            }
        }
        folds
    }

    fn add(&mut self, trace: &Trace, process: ProcessIdx, events: Vec<EventIdx>, locals: usize) {
        let mut labels =
            events.iter().filter(|&&e| trace.kind(e) == EventKind::Local).map(|&e| trace.label(e));
        let first = labels.next().flatten();
        let action = first.filter(|a| labels.all(|l| l == Some(a))).map(str::to_string);
        let g = self.groups.len() as u32;
        for &e in &events {
            self.of[e as usize] = Some(g);
        }
        self.groups.push(Group { process, events, locals, action });
    }

    /// The run `e` is in.
    pub fn group_of(&self, e: EventIdx) -> Option<&Group> {
        self.of.get(e as usize).copied().flatten().map(|g| &self.groups[g as usize])
    }

    /// True when `e` is collapsed into a run whose mark is another event's.
    pub fn is_hidden(&self, e: EventIdx) -> bool {
        self.group_of(e).is_some_and(|g| g.first() != e)
    }

    /// The event whose mark shows `e`.
    pub fn shown_as(&self, e: EventIdx) -> EventIdx {
        self.group_of(e).map_or(e, Group::first)
    }

    /// How many events the runs hide.
    pub fn hidden_count(&self) -> usize {
        self.groups.iter().map(|g| g.events.len() - 1).sum()
    }

    /// Happened-before depth with every run counted as one event, so a
    /// diagram laid out by depth (an imported log) gets shorter when its
    /// runs collapse.
    pub fn depth_times(&self, trace: &Trace) -> Vec<f64> {
        let mut depth = vec![0u32; trace.event_count()];
        for &e in trace.linear_extension() {
            let shown = self.shown_as(e);
            depth[e as usize] = if shown != e {
                depth[shown as usize]
            } else {
                let mut d = trace.predecessor(e).map_or(0, |p| depth[p as usize]);
                trace.for_each_cause(e, |c, _| d = d.max(depth[c as usize]));
                d + 1
            };
        }
        depth.into_iter().map(f64::from).collect()
    }
}

/// How many of `events` (one process's, from some point) form a run: a
/// local event, then every following quiet one. 1 when the first is not
/// local.
fn run_length(trace: &Trace, events: &[EventIdx]) -> usize {
    if trace.kind(events[0]) != EventKind::Local {
        return 1;
    }
    1 + events[1..].iter().take_while(|&&e| quiet(trace, e)).count()
}

/// Local, or sending only messages that nobody receives.
fn quiet(trace: &Trace, e: EventIdx) -> bool {
    match trace.kind(e) {
        EventKind::Local => true,
        EventKind::Send => trace.sent_by(e).iter().all(|&m| trace.receive_of(m).is_none()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::formats::parse_trace;

    const TRACE: &str = r#"{"processes": ["A", "B"], "events": [
        {"id": "a1", "process": "A", "kind": "local", "label": "timeout"},
        {"id": "a2", "process": "A", "kind": "send", "message": "lost1"},
        {"id": "a3", "process": "A", "kind": "local", "label": "timeout"},
        {"id": "a4", "process": "A", "kind": "send", "message": "m1"},
        {"id": "a5", "process": "A", "kind": "local", "label": "x"},
        {"id": "b1", "process": "B", "kind": "local"},
        {"id": "b2", "process": "B", "kind": "receive", "message": "m1"},
        {"id": "b3", "process": "B", "kind": "local", "label": "p"},
        {"id": "b4", "process": "B", "kind": "local", "label": "q"},
        {"id": "b5", "process": "B", "kind": "local", "label": "r"}]}"#;

    #[test]
    fn quiet_runs_collapse_and_anything_heard_elsewhere_stays() {
        let t = parse_trace(TRACE).unwrap();
        let f = Folds::runs(&t, &HashSet::new());
        let ids = |g: &Group| g.events.iter().map(|&e| t.event_id(e)).collect::<Vec<_>>();
        assert_eq!(f.groups.len(), 2);
        assert_eq!(ids(&f.groups[0]), ["a1", "a2", "a3"], "a4's message arrives: it ends the run");
        assert_eq!((f.groups[0].count(), f.groups[0].action.as_deref()), ("×2".into(), Some("timeout")));
        assert_eq!(ids(&f.groups[1]), ["b3", "b4", "b5"]);
        assert_eq!(f.groups[1].action, None, "different actions");
        let a3 = t.event_by_id("a3").unwrap();
        assert!(f.is_hidden(a3) && !f.is_hidden(t.event_by_id("a1").unwrap()));
        assert_eq!(f.shown_as(a3), t.event_by_id("a1").unwrap());
        assert_eq!(f.hidden_count(), 4);
    }

    #[test]
    fn an_expanded_run_stays_open_and_depth_shrinks_with_collapsed_runs() {
        let t = parse_trace(TRACE).unwrap();
        let open: HashSet<String> = ["b3".to_string()].into();
        assert_eq!(Folds::runs(&t, &open).groups.len(), 1);
        let depth = Folds::runs(&t, &HashSet::new()).depth_times(&t);
        let at = |id: &str| depth[t.event_by_id(id).unwrap() as usize];
        assert_eq!((at("a1"), at("a3"), at("a4")), (1.0, 1.0, 2.0), "a1..a3 count as one step");
        assert_eq!(at("b2"), 3.0);
        assert_eq!(Folds::none(&t).depth_times(&t), crate::core::layout::depth_times(&t));
    }
}
