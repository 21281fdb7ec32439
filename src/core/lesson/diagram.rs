//! A step's diagram, resolved: a trace (a preset or inline) to edit, or a
//! scenario (by name or inline) and its run. A step without a diagram
//! shows the previous step's.

use super::format::{Diagram, Lesson};
use crate::core::editor::{Document, Placed};
use crate::core::sim::outcome::{run, Outcome};
use crate::core::sim::scenario::Scenario;
use crate::core::Trace;

/// A step's diagram: which step names it, and how.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepDiagram<'a> {
    /// The step that names the diagram (this one or an earlier one).
    pub from: usize,
    /// The diagram it names.
    pub diagram: &'a Diagram,
}

/// A diagram, loaded.
#[derive(Debug)]
pub enum Loaded {
    /// A trace: its text (what the page opens), document and placement,
    /// and the lab the trace asks for (`"lab"`), if any.
    Trace {
        /// The trace's JSON.
        text: String,
        /// The editor's document.
        document: Box<Document>,
        /// Its trace and times.
        placed: Box<Placed>,
        /// The lab the trace names.
        lab: Option<String>,
    },
    /// A time-lab preset's run (its trace; conditions on it are not
    /// offered, so its steps ask predictions).
    Time {
        /// The run as the framework's outcome.
        outcome: Box<Outcome>,
    },
    /// A scenario's run.
    Run {
        /// The scenario.
        scenario: Box<Scenario>,
        /// Its run.
        outcome: Box<Outcome>,
    },
}

impl Lesson {
    /// Step `i`'s diagram (the nearest step at or before it that names one).
    pub fn diagram_of(&self, i: usize) -> StepDiagram<'_> {
        let i = i.min(self.steps.len().saturating_sub(1));
        (0..=i)
            .rev()
            .find_map(|j| self.steps[j].diagram.as_ref().map(|diagram| StepDiagram { from: j, diagram }))
            .expect("a parsed lesson's first step names its diagram")
    }
}

impl Diagram {
    /// The diagram's text: a trace's or a scenario's JSON, and whether it
    /// is a scenario.
    pub fn text(&self) -> Result<(String, bool), String> {
        match self {
            Diagram::Preset(name) => {
                crate::core::library::preset(name).map(|t| (t.to_string(), false)).ok_or_else(|| {
                    format!("diagram.preset: there is no preset called \"{}\"", super::clip(name))
                })
            }
            Diagram::Scenario(name) => {
                crate::core::library::scenario(name).map(|t| (t.to_string(), true)).ok_or_else(|| {
                    format!("diagram.scenario: there is no scenario called \"{}\"", super::clip(name))
                })
            }
            Diagram::Timesync(name) => timesync_text(name).map(|t| (t.to_string(), false)),
            Diagram::Trace(v) => Ok((v.to_string(), false)),
            Diagram::Simulate(v) => Ok((v.to_string(), true)),
        }
    }

    /// Loads the diagram: parses and places a trace, or runs a scenario.
    pub fn load(&self) -> Result<Loaded, String> {
        if let Diagram::Timesync(name) = self {
            let s = crate::core::timesync::Scenario::parse(timesync_text(name)?)
                .map_err(|e| format!("diagram.timesync: {e}"))?;
            let run = crate::core::timesync::run(&s);
            return Ok(Loaded::Time { outcome: Box::new(run.outcome) });
        }
        let (text, scenario) = self.text()?;
        if scenario {
            let s = Scenario::parse(&text).map_err(|e| format!("diagram: {e}"))?;
            let outcome = run(&s);
            return Ok(Loaded::Run { scenario: Box::new(s), outcome: Box::new(outcome) });
        }
        let document = Document::parse(&text).map_err(|e| format!("diagram: {e}"))?;
        let placed = document.place().map_err(|e| format!("diagram: {e}"))?;
        #[derive(serde::Deserialize)]
        struct Hint {
            #[serde(default)]
            lab: serde_json::Value,
        }
        let lab = serde_json::from_str::<Hint>(&text).ok().and_then(|h| h.lab.as_str().map(str::to_string));
        Ok(Loaded::Trace { text, document: Box::new(document), placed: Box::new(placed), lab })
    }
}

impl Loaded {
    /// The diagram as a trace (a run's, for a scenario).
    pub fn trace(&self) -> &Trace {
        match self {
            Loaded::Trace { placed, .. } => &placed.trace,
            Loaded::Run { outcome, .. } | Loaded::Time { outcome } => &outcome.trace,
        }
    }

    /// The lab it opens in when the step names none.
    pub fn lab(&self) -> &str {
        match self {
            Loaded::Trace { lab, .. } => {
                lab.as_deref().filter(|l| super::format::LABS.contains(l)).unwrap_or("causality")
            }
            Loaded::Time { .. } => "time",
            Loaded::Run { scenario, .. } if scenario.protocol.bank().is_some() => "snapshot",
            Loaded::Run { scenario, .. }
                if scenario.protocol.vr().is_some() || scenario.protocol.pbft().is_some() =>
            {
                "replication"
            }
            Loaded::Run { .. } => "commit",
        }
    }

    /// The editor's document (of a trace) and the run (of a scenario).
    pub fn parts(&self) -> (Option<&Document>, Option<&Outcome>) {
        match self {
            Loaded::Trace { document, .. } => (Some(&**document), None),
            Loaded::Run { outcome, .. } => (None, Some(&**outcome)),
            Loaded::Time { .. } => (None, None),
        }
    }
}

/// serde's message without its " at line L column C" (the caller says
/// where).
pub(super) fn clean(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// A time-lab preset's text by name.
fn timesync_text(name: &str) -> Result<&'static str, String> {
    crate::core::library::timesync(name).ok_or_else(|| {
        format!("diagram.timesync: there is no time-lab preset called \"{}\"", super::clip(name))
    })
}
