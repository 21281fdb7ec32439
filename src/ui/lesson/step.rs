//! The lesson's actions on the page's state: each step opens its diagram
//! (a trace in place of the diagram, or a scenario's run in its run lab:
//! commit, snapshot, or replication for VR), its lab, its labels and rule,
//! and its selection.

use super::{Action, Answering, Before, LessonState};
use crate::core::clocks::ReceiveRule;
use crate::core::editor::History;
use crate::core::lesson::Diagram;
use crate::core::sim::scenario::Scenario;
use crate::ui::labs::{commit, Lab};
use crate::ui::notice::Notice;
use crate::ui::scene::Scene;
use crate::ui::state::{Action as AppAction, AppState, ClockLabels};
use std::rc::Rc;

/// The state after a lesson action.
pub fn reduce(state: AppState, action: Action) -> AppState {
    let Some(lesson) = state.lesson.clone() else {
        return match action {
            Action::Open(name, l, step) => {
                // A quiz gives its diagram back first.
                let state = if state.quiz.is_some() {
                    state.reduce(AppAction::Quiz(crate::ui::quiz::Action::Close))
                } else {
                    state
                };
                let before = Before::of(&state);
                let mut s = state;
                s.lesson = Some(LessonState::new(name, l, before));
                show(s, step)
            }
            _ => state,
        };
    };
    let mut s = state;
    let answer = &mut s.lesson.as_mut().expect("a lesson is open").answer;
    match action {
        Action::Open(name, l, step) => {
            let before = lesson.before();
            s.lesson = Some(LessonState::new(name, l, before));
            return show(s, step);
        }
        Action::Go(step) => return show(s, step),
        Action::Turn(next) => {
            let step = if next { lesson.step + 1 } else { lesson.step.saturating_sub(1) };
            if step >= lesson.lesson.steps.len() || (!next && lesson.step == 0) {
                return s;
            }
            return show(s, step);
        }
        Action::Pick(id) => {
            if lesson.picking() && !answer.picked.remove(&id) {
                answer.picked.insert(id);
            }
        }
        Action::Type(text) => answer.typed = text,
        Action::Choose(i) => answer.chosen = Some(i),
        Action::Reveal => {
            answer.revealed = true;
            // The reveal shows the step's selection, else the light cone
            // of the event asked about.
            let step = lesson.current();
            match step.prediction.as_ref().and_then(subject_event) {
                _ if !step.select.is_empty() => s.select_events(&step.select),
                Some(id) => s.select_events(&[id]),
                None => {}
            }
        }
        Action::Check(done) => answer.tries += u32::from(!done),
        Action::Close => {
            s.lesson = None;
            lesson.before().restore(&mut s);
        }
    }
    s
}

/// The event a prediction is about, whose light cone the reveal shows.
fn subject_event(p: &crate::core::lesson::Prediction) -> Option<String> {
    use crate::core::lesson::format::{EventSet, Related};
    match (&p.events, &p.lamport, &p.vector) {
        (
            Some(EventSet::Computed(Related::ConcurrentWith(id) | Related::Before(id) | Related::After(id))),
            _,
            _,
        ) => Some(id.clone()),
        (_, Some(id), _) | (_, _, Some(id)) => Some(id.clone()),
        _ => None,
    }
}

/// `s` at lesson step `k`: its diagram, lab, view and selection, with a
/// fresh history (Undo undoes the student's edits in this step only).
fn show(mut s: AppState, k: usize) -> AppState {
    let Some(lesson) = s.lesson.as_mut() else { return s };
    let k = k.min(lesson.lesson.steps.len() - 1);
    lesson.step = k;
    lesson.answer = Answering::default();
    let l = lesson.lesson.clone();
    let step = &l.steps[k];
    let error;
    (s, error) = open_diagram(s, l.diagram_of(k).diagram);
    if let Some(error) = error {
        s.notice = Some(Notice::error(format!("Lesson step {}: {error}", k + 1)));
        return s;
    }
    s.history = History::new(s.scene().clone());
    if let Some(lab) = step.lab.as_deref().and_then(Lab::from_name) {
        s = s.reduce(AppAction::SetLab(lab));
    }
    let mut view = s.view;
    if let Some(labels) = &step.view.labels {
        view.labels = ClockLabels::from_name(labels);
    }
    view.rule = step.view.rule.as_deref().and_then(ReceiveRule::from_name).unwrap_or_default();
    s.view = view;
    s.ticks.clear();
    // A selection would show the answer to an open question: it waits
    // for the reveal.
    if step.prediction.is_none() {
        s.select_events(&step.select);
    }
    // The step's cut, and for a task about a cut, clicks that move it.
    let task_cut = step.task.as_ref().is_some_and(|t| t.check.needs_cut());
    if step.cut.is_some() || task_cut {
        // Else the diagram's own (a preset's), if any.
        let frontier = step.cut.clone().unwrap_or_else(|| s.cut.frontier.clone());
        s.cut = crate::ui::cut::CutState { frontier, drawing: task_cut };
    }
    if !s.notice.as_ref().is_some_and(|n| n.error) {
        s.notice = None;
    }
    s
}

/// Opens a step's diagram: a trace in place of the one shown, a
/// scenario's run in the commit, snapshot or replication lab (the one
/// `Lab::of_scenario` names, as the core's `Loaded::lab` does), or a
/// time-lab preset's run in the time lab; or says why it cannot.
fn open_diagram(s: AppState, diagram: &Diagram) -> (AppState, Option<String>) {
    if let Diagram::Timesync(name) = diagram {
        if let Err(e) = diagram.text() {
            return (s, Some(e));
        }
        let open = crate::ui::labs::time::Action::Open(name.clone());
        return (s.reduce(AppAction::Time(open)), None);
    }
    let (text, scenario) = match diagram.text() {
        Ok(t) => t,
        Err(e) => return (s, Some(e)),
    };
    if scenario {
        return match Scenario::parse(&text) {
            Ok(sc) => (s.reduce(AppAction::Commit(commit::Action::Open(Rc::new(sc)))), None),
            Err(e) => (s, Some(e)),
        };
    }
    match Scene::parse(&text) {
        Ok(scene) => {
            let mut s = s.reduce(AppAction::Replace(scene, String::new()));
            s.loaded += 1;
            (s, None)
        }
        Err(e) => (s, Some(e)),
    }
}
