//! Cuts on any diagram: a frontier (how many events of each process are
//! inside), drawn as a line across the process lines. "Draw a cut" turns a
//! drag on the diagram into a cut line, and a click on an event moves its
//! process's frontier to just after it (or, on the last event inside, to
//! just before it). The core says whether the cut is consistent, which
//! messages come from its future, and the consistent cuts nearest it.
//!
//! - mod.rs: the cut's state and actions, and what it puts on the canvas
//! - panel.rs: the verdict, the frontier's vector and the rule, the fixes
//! - lattice_view.rs: the lattice of consistent cuts, for small diagrams

mod lattice_view;
pub mod panel;

use crate::core::cut::{self, Cut};
use crate::core::{MessageIdx, Trace};
use crate::ui::canvas_lab::{LabCanvas, Rectangle};
use std::collections::BTreeMap;
use yew::prelude::*;

/// The cut on the diagram, by process name (so it outlives edits: a count
/// past a line's end is read as the whole line).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CutState {
    /// Events inside, by process name.
    pub frontier: BTreeMap<String, u32>,
    /// A drag draws a cut line and clicks on events move the frontier.
    pub drawing: bool,
}

/// What the cut's controls and gestures ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Draw mode on or off (on with no cut yet: the cut at the middle).
    Draw(bool),
    /// A line drawn across the diagram: where it crosses each line.
    Line(Vec<(String, f64)>),
    /// A click on an event (by id).
    Click(String),
    /// Replaces the frontier (a suggested consistent cut).
    Set(BTreeMap<String, u32>),
    Clear,
}

impl CutState {
    /// The cut on `trace`.
    pub fn cut(&self, trace: &Trace) -> Cut {
        let frontier = (0..trace.process_count() as u32)
            .map(|p| {
                let len = trace.process_events(p).len() as u32;
                self.frontier.get(trace.process_name(p)).copied().unwrap_or(0).min(len)
            })
            .collect();
        Cut { frontier }
    }

    /// The frontier of `cut` by process name.
    pub fn named(trace: &Trace, cut: &Cut) -> BTreeMap<String, u32> {
        cut.frontier.iter().enumerate().map(|(p, &n)| (trace.process_name(p as u32).to_string(), n)).collect()
    }

    /// The state after `action` on the diagram `trace` with display `times`.
    pub fn reduce(&mut self, action: Action, trace: &Trace, times: &[f64]) {
        match action {
            Action::Draw(on) => {
                self.drawing = on;
                if on && self.frontier.is_empty() {
                    // A first cut: every line halved, to drag or click from.
                    let half = |p: u32| trace.process_events(p).len() as u32 / 2;
                    self.frontier = (0..trace.process_count() as u32)
                        .map(|p| (trace.process_name(p).to_string(), half(p)))
                        .collect();
                }
            }
            Action::Line(crossings) => {
                for (name, time) in crossings {
                    let Some(p) = trace.process_by_name(&name) else { continue };
                    let inside =
                        trace.process_events(p).iter().filter(|&&e| times[e as usize] < time).count();
                    self.frontier.insert(name, inside as u32);
                }
            }
            Action::Click(id) => {
                let Some(e) = trace.event_by_id(&id) else { return };
                let p = trace.process_of(e);
                let seq = trace.process_events(p).iter().position(|&x| x == e).unwrap_or(0) as u32;
                let name = trace.process_name(p).to_string();
                let now = self.frontier.get(&name).copied().unwrap_or(0);
                // The last event inside goes out; any other becomes the last inside.
                self.frontier.insert(name, if now == seq + 1 { seq } else { seq + 1 });
            }
            Action::Set(frontier) => self.frontier = frontier,
            Action::Clear => *self = CutState::default(),
        }
    }
}

/// What the diagram draws of the cut: its frontier by process index, its
/// verdict, and the messages that come from its future.
#[derive(Clone, Debug, PartialEq)]
pub struct CutMarks {
    pub frontier: Vec<u32>,
    pub consistent: bool,
    /// Messages received inside but sent outside.
    pub violations: Vec<MessageIdx>,
}

impl CutMarks {
    pub fn new(trace: &Trace, state: &CutState) -> Self {
        let c = state.cut(trace);
        let v = cut::verdict(trace, &c);
        let mut violations: Vec<MessageIdx> = v.violations.iter().filter_map(|x| x.message()).collect();
        violations.sort_unstable();
        violations.dedup();
        CutMarks { frontier: c.frontier, consistent: v.consistent, violations }
    }
}

impl CutMarks {
    /// The verdict over the diagram, in a few words.
    pub fn verdict(&self, trace: &Trace) -> (String, bool) {
        if self.consistent {
            return ("✓ consistent cut".into(), true);
        }
        let ids: Vec<&str> = self.violations.iter().map(|&m| trace.message_id(m)).collect();
        let text = match ids.len() {
            0 => "✗ inconsistent cut: an event inside follows one outside".to_string(),
            1 => format!("✗ inconsistent cut: {} comes from the future", ids[0]),
            _ => format!("✗ inconsistent cut: {} come from the future", ids.join(", ")),
        };
        (text, false)
    }
}

/// What the cut adds to the canvas while drawing: a drag is a cut line.
#[hook]
pub fn use_canvas(drawing: bool, on: &Callback<Action>) -> LabCanvas {
    let rectangle = use_memo((drawing, on.clone()), |(drawing, on)| {
        let on = on.clone();
        drawing.then(|| Callback::from(move |r: Rectangle| on.emit(Action::Line(r.crossings))))
    });
    LabCanvas { rectangle: (*rectangle).clone(), line: true, ..LabCanvas::default() }
}
