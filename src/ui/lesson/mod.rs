//! A lesson on the page: its steps, one at a time, on the live diagram.
//! Each step opens its diagram the same way whatever came before (so
//! `?lesson=NAME&step=K`, a presenter's remote and a slide deck's
//! `postMessage` all land on the same view), with its lab, labels and
//! selection; the student's edits during a step are undoable on their own;
//! closing the lesson gives back the diagram and history from before it.
//!
//! - mod.rs: the lesson's state and its actions
//! - step.rs: opening a step's diagram, lab and view
//! - panel.rs: the caption, the step controls, the prediction and the task
//! - marks.rs: what the step marks on the diagram (highlights, picks, the
//!   reveal's right and wrong)
//! - frame.rs: `postMessage` from a parent page, and progress kept locally

pub mod frame;
pub mod marks;
pub mod panel;
mod step;

use super::scene::Scene;
use crate::core::editor::History;
use crate::core::lesson::Lesson;
use std::collections::BTreeSet;
use std::rc::Rc;

/// The lesson on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonState {
    /// Its name: a shipped lesson's file name without `.json`, else the
    /// opened file's.
    pub name: String,
    pub lesson: Rc<Lesson>,
    pub step: usize,
    pub answer: Answering,
    /// What the page showed before the lesson, given back when it closes.
    before: Rc<Before>,
}

/// The diagrams and history, the lab and the view from before a lesson.
#[derive(Clone, Debug, PartialEq)]
pub struct Before {
    pub history: History<Rc<Scene>>,
    pub commit: crate::ui::labs::commit::CommitState,
    pub lab: crate::ui::labs::Lab,
    pub view: crate::ui::state::View,
}

/// The student's answer to the step's prediction, or tries at its task.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answering {
    /// Events picked (by id) for an events prediction.
    pub picked: BTreeSet<String>,
    /// A typed answer.
    pub typed: String,
    /// A chosen option.
    pub chosen: Option<usize>,
    /// The prediction's answer is shown.
    pub revealed: bool,
    /// Checks of the task that found it not done yet (the hint shows
    /// after the first).
    pub tries: u32,
}

/// What the lesson's controls ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Opens a lesson (by name) at a step.
    Open(String, Rc<Lesson>, usize),
    /// Goes to a step (clamped to the lesson's).
    Go(usize),
    /// The next step (`true`) or the previous one.
    Turn(bool),
    /// Picks an event for the prediction, or unpicks it.
    Pick(String),
    Type(String),
    Choose(usize),
    /// Shows the prediction's answer, with the student's marked.
    Reveal,
    /// Checks the task on the diagram as it is now: the flag says whether
    /// its condition holds (the panel shows that live; a check that finds
    /// it not done counts a try).
    Check(bool),
    Close,
}

impl Before {
    /// What `s` shows now, to give back later.
    pub fn of(s: &crate::ui::state::AppState) -> Rc<Before> {
        Rc::new(Before { history: s.history.clone(), commit: s.commit.clone(), lab: s.lab, view: s.view })
    }

    /// `s` showing this again: the diagrams and history, lab and view.
    pub fn restore(&self, s: &mut crate::ui::state::AppState) {
        s.history = self.history.clone();
        s.commit = self.commit.clone();
        s.lab = self.lab;
        s.view = self.view;
        s.loaded += 1;
        s.playback = None;
        s.select_events(&[]);
    }
}

impl LessonState {
    pub fn new(name: String, lesson: Rc<Lesson>, before: Rc<Before>) -> Self {
        LessonState { name, lesson, step: 0, answer: Answering::default(), before }
    }

    /// The step on screen.
    pub fn current(&self) -> &crate::core::lesson::Step {
        &self.lesson.steps[self.step]
    }

    /// What to give back when the lesson closes.
    pub fn before(&self) -> Rc<Before> {
        self.before.clone()
    }

    /// Whether clicks on events pick them (an events prediction before
    /// its reveal).
    pub fn picking(&self) -> bool {
        !self.answer.revealed && self.current().prediction.as_ref().is_some_and(|p| p.events.is_some())
    }

    /// The event whose clock an open prediction asks for (its label
    /// shows `?` until the reveal).
    pub fn asked_clock(&self) -> Option<String> {
        let p = self.current().prediction.as_ref().filter(|_| !self.answer.revealed)?;
        p.lamport.clone().or_else(|| p.vector.clone())
    }

    /// Whether a prediction waits for its answer: the diagram must not
    /// give it away (no selection, the asked clock hidden).
    pub fn asking(&self) -> bool {
        !self.answer.revealed && self.current().prediction.is_some()
    }
}

pub use step::reduce;
