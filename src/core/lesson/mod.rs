//! Lessons: a path through the labs, step by step, on the live diagram.
//!
//! A lesson is a JSON file (`www/lessons/NAME.json`, format
//! `"lightcone-lesson/1"`, documented in docs/lessons.md): a title, an
//! abstract and steps. Each step names a diagram (a preset, a commit-lab
//! scenario, or an inline trace or scenario), the lab and view to show it
//! in, a caption in a small safe markup, what to highlight, and optionally
//! a prediction (answered before the reveal) or a task (done on the
//! diagram, checked by a condition on the resulting trace or run).
//!
//! - format.rs: the file's shape, read strictly (unknown keys refused)
//! - markup.rs: captions as text spans (never HTML)
//! - condition.rs: tasks' conditions, evaluated on a trace or a run
//! - replication.rs: the conditions on a replica group's run (VR)
//! - answer.rs: predictions' right answers, and marking a student's
//! - diagram.rs: a step's diagram, resolved to a trace or a run
//! - check.rs: `lesson check`, whether every step works as written

pub mod answer;
pub mod check;
pub mod condition;
pub mod diagram;
pub mod format;
pub mod markup;
pub mod replication;

pub use answer::{Expected, Mark};
pub use check::{check, Problem};
pub use condition::{Bounds, Condition, ReplicaIs, Subject};
pub use diagram::{Loaded, StepDiagram};
pub use format::{Choice, Diagram, Highlight, Lesson, Prediction, Step, StepView, Task, FORMAT};

/// A name or word from the file, shortened for a message.
fn clip(s: &str) -> String {
    crate::core::formats::text::clip(s, 40).into_owned()
}
