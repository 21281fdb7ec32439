//! The time lab: a clock-synchronisation scenario's run (Cristian,
//! Berkeley, NTP) is the diagram. Beside it: the constants in force, each
//! exchange's four timestamps with its computed offset and true error,
//! NTP's selection, the adjustments, each node's metrics and a plot of
//! every clock's offset from true time. Dragging an end of a leg fixes
//! that message's delay and re-runs.
//!
//! - mod.rs: the lab's state (the scenario as JSON, its run, the diagram
//!   it took over) and its actions
//! - run.rs: re-parsing and re-running the scenario; drags of a leg
//! - legs.rs: which messages carry which exchange
//! - clocks.rs: each node's clock as the diagram's local-time scale
//! - panel.rs, exchanges.rs: the panel; plot.rs: the offset plot
//! - card.rs: a preset as a gallery card

mod card;
mod clocks;
mod exchanges;
mod legs;
mod panel;
mod plot;
mod run;

pub use card::card;
pub use panel::TimeLabPanel;

use super::host::TakenOver;
use super::Host;
use crate::core::library::TIMESYNC;
use crate::core::timesync::Run;
use crate::ui::notice::Notice;
use serde_json::Value;
use std::rc::Rc;

/// Axis units per second between events on the lab's diagram: a 90 ms
/// leg is 2.25 units, a 10 ms one the least width (0.5), and a quiet
/// stretch over 120 ms a break.
pub const SCALE: f64 = 25.0;

/// The lab's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimeState {
    /// The scenario and its run, while the lab is on.
    pub lab: Option<TimeLab>,
    /// The diagram shown before the lab took over the canvas, given back
    /// when another lab is chosen.
    before: TakenOver,
}

/// The lab's scenario and its run.
#[derive(Clone, Debug)]
pub struct TimeLab {
    /// The preset it started from.
    pub preset: String,
    /// The scenario as the user's changes left it (re-read on each change).
    pub scenario: Rc<Value>,
    /// Its run.
    pub run: Rc<Run>,
    /// Each exchange's request and reply, as message indices of the run.
    pub legs: Rc<Vec<legs::Legs>>,
    /// The message whose leg was dragged last, as (sender, receiver, nth):
    /// its exchange stays in the panel, so its new error can be read.
    pub dragged: Option<(usize, usize, usize)>,
}

impl PartialEq for TimeLab {
    fn eq(&self, other: &Self) -> bool {
        self.preset == other.preset
            && Rc::ptr_eq(&self.scenario, &other.scenario)
            && Rc::ptr_eq(&self.run, &other.run)
            && self.dragged == other.dragged
    }
}

/// What the lab's panel asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Opens a preset by name.
    Open(String),
    /// Re-runs the same scenario under the named constants.
    Constants(String),
}

impl TimeState {
    pub fn reduce(&mut self, host: &mut impl Host, action: Action) {
        match action {
            Action::Open(name) => self.open(host, &name),
            Action::Constants(name) => {
                let name = Value::String(name);
                self.change(host, move |s| s["constants"] = name)
            }
        }
    }

    /// Choosing the lab opens its first preset.
    pub fn enter(&mut self, host: &mut impl Host) {
        self.open(host, TIMESYNC[0].0);
    }

    /// Choosing another lab gives back the diagram the lab took over.
    pub fn leave(&mut self, host: &mut impl Host) {
        self.forget();
        self.before.give_back(host);
    }

    /// Another diagram loaded: the lab closes, and has nothing to give back.
    pub fn close(&mut self) {
        self.forget();
        self.before.clear();
    }

    /// The run shown is no longer the lab's (undo went back past it).
    pub fn forget(&mut self) {
        self.lab = None;
    }

    /// Opens the preset `name`, keeping the diagram it replaces to give back.
    pub fn open(&mut self, host: &mut impl Host, name: &str) {
        let Some(value) = preset(name) else {
            return host.notice(Notice::error(format!("There is no time-lab preset called {name}.")));
        };
        self.before.keep(host, self.lab.is_some());
        host.start_over();
        self.run(host, name.to_string(), value, None);
    }
}

/// The preset `name`'s scenario, as JSON.
fn preset(name: &str) -> Option<Value> {
    let text = crate::core::library::timesync(name)?;
    serde_json::from_str(text).ok()
}

/// Every preset: (name, title).
pub fn presets() -> Vec<(&'static str, String)> {
    TIMESYNC
        .iter()
        .map(|&(name, _)| {
            let title = preset(name).and_then(|v| v["title"].as_str().map(str::to_string));
            (name, title.unwrap_or_else(|| name.to_string()))
        })
        .collect()
}
