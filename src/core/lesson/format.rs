//! The lesson file's shape. Read strictly: an unknown key is refused with
//! its place, so a misspelt `"captoin"` is not silently a step without
//! words.

use super::condition::Condition;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The format this version reads and writes (`"format"` at the top level).
pub const FORMAT: &str = "lightcone-lesson/1";
/// The most steps a lesson may have (a lecture is not a thousand slides;
/// a hostile file is refused before its steps are loaded).
pub const MAX_STEPS: usize = 200;
/// The longest caption, question or hint, in characters.
pub const MAX_TEXT: usize = 4000;

/// A lesson: a title, an abstract, and its steps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// Always [`FORMAT`].
    pub format: String,
    /// The lesson's name.
    pub title: String,
    /// A sentence or two on what the lesson teaches (the gallery shows it).
    #[serde(rename = "abstract")]
    pub summary: String,
    /// Its steps, in order.
    pub steps: Vec<Step>,
}

/// One step: a diagram in a lab, with words, and optionally a question or
/// something to do.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// A few words, shown over the caption and on the step dots' tooltips.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The diagram; absent: the previous step's (as the lesson gives it,
    /// not as the student left it, so every step opens the same way from
    /// its number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagram: Option<Diagram>,
    /// `causality`, `itc`, `crdt`, `commit`, `snapshot`, `time` or
    /// `replication`; absent: the diagram's own (a preset's `"lab"`, for a
    /// scenario the commit lab, or the snapshot lab for a token bank's, the
    /// replication lab for a replica group's (VR or PBFT), the time lab for a
    /// timesync preset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lab: Option<String>,
    #[serde(default, skip_serializing_if = "StepView::is_empty")]
    /// The clock labels and rule the step sets.
    pub view: StepView,
    /// Plain text with `*emphasis*`, `` `code` `` and line breaks.
    pub caption: String,
    #[serde(default, skip_serializing_if = "Highlight::is_empty")]
    /// What to draw attention to.
    pub highlight: Highlight,
    /// Events to select: the first shows its light cone, a second its
    /// relation to the first with the proof.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub select: Vec<String>,
    /// A cut to draw: each process's events inside, by name (processes
    /// not named: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cut: Option<BTreeMap<String, u32>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// A question to answer before the reveal.
    pub prediction: Option<Prediction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Something to do on the diagram.
    pub task: Option<Task>,
}

/// Where a step's diagram comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Diagram {
    /// A preset of `www/presets/`, by file name without `.json`.
    Preset(String),
    /// A run lab's scenario of `www/scenarios/` (commit, snapshot or
    /// replication), by name: its run.
    Scenario(String),
    /// An inline trace (the trace format, optionally with times).
    Trace(serde_json::Value),
    /// An inline scenario (the simulator's format): its run.
    Simulate(serde_json::Value),
    /// A time-lab preset of `www/timesync/`, by name: its run, in the time
    /// lab.
    Timesync(String),
}

/// The view a step sets; what it leaves out stays as the student has it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepView {
    /// The clock labels: `none`, `lamport`, `vector`, `itc` or `crdt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<String>,
    /// The Lamport receive rule: `classic`, `max` or `message-plus-one`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

impl StepView {
    /// Whether it sets nothing.
    pub fn is_empty(&self) -> bool {
        self.labels.is_none() && self.rule.is_none()
    }
}

/// What a step draws attention to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Highlight {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    /// Events, by id.
    pub events: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    /// Messages, by id.
    pub messages: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    /// Processes, by name.
    pub processes: Vec<String>,
}

impl Highlight {
    /// Whether it sets nothing.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty() && self.messages.is_empty() && self.processes.is_empty()
    }
}

/// A question answered before the reveal. It has exactly one of
/// `events`, `lamport`, `vector` and `choose`: how the student answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prediction {
    /// The question, in the caption's markup.
    pub question: String,
    /// What the reveal says: why the answer is what it is.
    pub why: String,
    /// Events, picked by clicking them on the diagram.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<EventSet>,
    /// An event's Lamport time under the step's rule, typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lamport: Option<String>,
    /// An event's vector clock, typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vector: Option<String>,
    /// One of a few options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choose: Option<Choice>,
}

/// How a prediction is answered.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Answer<'a> {
    /// Events to pick.
    Events(&'a EventSet),
    /// The event whose Lamport time is asked.
    Lamport(&'a str),
    /// The event whose vector clock is asked.
    Vector(&'a str),
    /// Options.
    Choose(&'a Choice),
}

impl Prediction {
    /// Its answer; [`Lesson::parse`] made sure there is exactly one.
    pub fn answer(&self) -> Answer<'_> {
        match (&self.events, &self.lamport, &self.vector, &self.choose) {
            (Some(e), _, _, _) => Answer::Events(e),
            (_, Some(l), _, _) => Answer::Lamport(l),
            (_, _, Some(v), _) => Answer::Vector(v),
            (_, _, _, Some(c)) => Answer::Choose(c),
            _ => unreachable!("a parsed prediction has an answer"),
        }
    }

    fn answers(&self) -> usize {
        [self.events.is_some(), self.lamport.is_some(), self.vector.is_some(), self.choose.is_some()]
            .iter()
            .filter(|&&a| a)
            .count()
    }
}

/// A set of events: listed, or computed from the diagram.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EventSet {
    /// These events, by id.
    Listed(Vec<String>),
    /// The events related to one in a given way.
    Computed(Related),
}

/// The events related to one event in a given way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Related {
    /// Every event concurrent with it.
    ConcurrentWith(String),
    /// Every event that happened before it (its past).
    Before(String),
    /// Every event it happened before (its future).
    After(String),
}

/// Options, and which one is right.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The options' words.
    pub options: Vec<String>,
    /// The right option's index, from 0.
    pub answer: usize,
}

/// Something to do on the diagram.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// What to do, in the caption's markup.
    #[serde(rename = "do")]
    pub goal: String,
    /// What makes it done.
    pub check: Condition,
    /// Shown after a wrong try.
    pub hint: String,
    /// A way to do it, for `lesson check` (else it searches for one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solution: Option<Solution>,
    /// Said once it is done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<String>,
}

/// A way to do a task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Solution {
    /// Events moved to new times, by id (a drag along the line).
    Moves(BTreeMap<String, f64>),
    /// The diagram as it should end up (the trace format).
    Trace(serde_json::Value),
    /// Faults added to the step's scenario (the simulator's format).
    Faults(Vec<serde_json::Value>),
    /// The cut to draw: each process's events inside, by name.
    Cut(BTreeMap<String, u32>),
}

impl Lesson {
    /// Reads a lesson; errors name the line and column, or the step and
    /// field.
    pub fn parse(text: &str) -> Result<Lesson, String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lesson: Lesson = serde_json::from_str(text).map_err(|e| {
            format!("line {}, column {}: {}", e.line(), e.column(), super::diagram::clean(&e.to_string()))
        })?;
        lesson.check_shape()?;
        Ok(lesson)
    }

    /// Whether `text` looks like a lesson (its `"format"` says so), so Open…
    /// and a drop can tell a lesson from a diagram before reading it.
    pub fn is_lesson(text: &str) -> bool {
        #[derive(Deserialize)]
        struct Head {
            #[serde(default)]
            format: serde_json::Value,
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        serde_json::from_str::<Head>(text)
            .ok()
            .and_then(|h| h.format.as_str().map(|f| f.starts_with("lightcone-lesson")))
            .unwrap_or(false)
    }

    /// The lesson as pretty JSON, in the file's format.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a lesson serialises")
    }

    /// What the format alone requires: the version, some steps (not too
    /// many), a first step with a diagram, texts of bounded length.
    fn check_shape(&self) -> Result<(), String> {
        if self.format != FORMAT {
            return Err(format!(
                "format: this file's format is \"{}\"; this version of Lightcone reads \"{FORMAT}\"",
                crate::core::formats::text::clip(&self.format, 40)
            ));
        }
        if self.steps.is_empty() {
            return Err("steps: a lesson needs at least one step".into());
        }
        if self.steps.len() > MAX_STEPS {
            return Err(format!("steps: {} steps; a lesson has at most {MAX_STEPS}", self.steps.len()));
        }
        if self.steps[0].diagram.is_none() {
            return Err("steps[0].diagram: the first step must name its diagram".into());
        }
        for (i, step) in self.steps.iter().enumerate() {
            step.check_shape().map_err(|e| format!("steps[{i}].{e}"))?;
        }
        Ok(())
    }
}

impl Step {
    fn check_shape(&self) -> Result<(), String> {
        let mut texts = vec![("caption", &self.caption)];
        if let Some(p) = &self.prediction {
            texts.extend([("prediction.question", &p.question), ("prediction.why", &p.why)]);
            if p.answers() != 1 {
                return Err(format!(
                    "prediction: {} answers; give exactly one of events, lamport, vector, choose",
                    p.answers()
                ));
            }
            if let Some(c) = &p.choose {
                if c.options.len() < 2 || c.answer >= c.options.len() {
                    return Err(format!(
                        "prediction.choose: {} options with answer {}; give at least two options and the index \
                         (from 0) of the right one",
                        c.options.len(),
                        c.answer
                    ));
                }
            }
        }
        if let Some(t) = &self.task {
            texts.extend([("task.do", &t.goal), ("task.hint", &t.hint)]);
        }
        if self.prediction.is_some() && self.task.is_some() {
            return Err("task: a step has a prediction or a task, not both".into());
        }
        for (field, text) in texts {
            if text.chars().count() > MAX_TEXT {
                return Err(format!("{field}: longer than {MAX_TEXT} characters"));
            }
        }
        if self.select.len() > 2 {
            return Err("select: at most two events (the selected one and a second)".into());
        }
        if let Some(lab) = &self.lab {
            if !LABS.contains(&lab.as_str()) {
                return Err(format!("lab: \"{}\" is not one of {}", super::clip(lab), LABS.join(", ")));
            }
        }
        if let Some(labels) = &self.view.labels {
            if !LABELS.contains(&labels.as_str()) {
                return Err(format!(
                    "view.labels: \"{}\" is not one of {}",
                    super::clip(labels),
                    LABELS.join(", ")
                ));
            }
        }
        if let Some(rule) = &self.view.rule {
            if crate::core::clocks::ReceiveRule::from_name(rule).is_none() {
                return Err(format!(
                    "view.rule: \"{}\" is not one of classic, max, message-plus-one",
                    super::clip(rule)
                ));
            }
        }
        Ok(())
    }

    /// The step's Lamport receive rule (classic unless it names another).
    pub fn rule(&self) -> crate::core::clocks::ReceiveRule {
        self.view.rule.as_deref().and_then(crate::core::clocks::ReceiveRule::from_name).unwrap_or_default()
    }
}

/// The labs a step may name.
pub const LABS: [&str; 7] = ["causality", "itc", "crdt", "commit", "snapshot", "time", "replication"];
/// The clock labels a step may ask for.
pub const LABELS: [&str; 5] = ["none", "lamport", "vector", "itc", "crdt"];
