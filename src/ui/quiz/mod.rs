//! A quiz on the page (`?quiz&level=L&seed=N`): a diagram drawn from the
//! seed, its clocks hidden, and four questions (every Lamport clock, every
//! vector clock, the events concurrent with one, Lamport's total order).
//! Clocks are typed beside each event's id and shown on the diagram as
//! typed; the concurrency and order questions are answered by clicking
//! events. "Check my answers" marks every item by the core's marking (the
//! one `lightcone quiz` graders use) and explains each wrong one.
//!
//! - mod.rs: the quiz's state and actions
//! - panel.rs: the questions, the answers and the marks

pub mod panel;

use crate::core::quiz::{Given, Kind, Level, Marking, Quiz};
use std::rc::Rc;

/// The quiz on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct QuizState {
    pub quiz: Rc<Quiz>,
    /// The question shown.
    pub tab: Kind,
    pub given: Given,
    /// The marks, once checked (until an answer changes).
    pub marking: Option<Rc<Marking>>,
    /// When the quiz started and, once checked, how long it took (ms).
    pub started: f64,
    pub took: Option<f64>,
    /// An event whose answer field is to take focus (a click on it), with
    /// a counter so each click is a new request.
    pub focus: Option<(u64, String)>,
}

/// What the quiz's controls ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A quiz from a seed at a level; the time it started (ms).
    Open(u64, Level, f64),
    Tab(Kind),
    /// An event's typed Lamport or vector clock.
    Type(Kind, String, String),
    /// A click on an event: marks it concurrent (or not), appends it to
    /// the order, or focuses its field, as the question shown asks.
    Click(String),
    /// Takes the last event off the order; `true`: clears it.
    Unorder(bool),
    /// Marks every answer; the time now (ms).
    Check(f64),
    Close,
}

impl QuizState {
    pub fn new(seed: u64, level: Level, now: f64) -> Self {
        QuizState {
            quiz: Rc::new(Quiz::generate(seed, level)),
            tab: Kind::Lamport,
            given: Given::default(),
            marking: None,
            started: now,
            took: None,
            focus: None,
        }
    }

    /// The state after `action` (`Open` and `Close` are the page's).
    pub fn reduce(&mut self, action: Action) {
        let changed = matches!(action, Action::Type(..) | Action::Click(_) | Action::Unorder(_));
        match action {
            Action::Tab(kind) => self.tab = kind,
            Action::Type(kind, id, text) => {
                let answers =
                    if kind == Kind::Lamport { &mut self.given.lamport } else { &mut self.given.vector };
                answers.insert(id, text);
            }
            Action::Click(id) => match self.tab {
                Kind::Concurrent => {
                    if !self.given.concurrent.remove(&id) {
                        self.given.concurrent.insert(id);
                    }
                }
                Kind::Order => {
                    if !self.given.order.contains(&id) {
                        self.given.order.push(id);
                    }
                }
                Kind::Lamport | Kind::Vector => {
                    self.focus = Some((self.focus.as_ref().map_or(0, |f| f.0 + 1), id));
                }
            },
            Action::Unorder(all) => {
                if all {
                    self.given.order.clear();
                } else {
                    self.given.order.pop();
                }
            }
            Action::Check(now) => {
                self.marking = Some(Rc::new(self.quiz.mark(&self.given)));
                self.took = Some(now - self.started);
            }
            Action::Open(..) | Action::Close => {}
        }
        if changed {
            self.marking = None;
        }
    }

    /// What a question's event labels show: the typed clocks (or `?`).
    pub fn typed(&self, kind: Kind, id: &str) -> String {
        let answers = if kind == Kind::Lamport { &self.given.lamport } else { &self.given.vector };
        answers.get(id).map(|t| t.trim()).filter(|t| !t.is_empty()).unwrap_or("?").to_string()
    }
}

/// The time now, in ms (for the quiz's clock).
pub fn now() -> f64 {
    js_sys::Date::now()
}

impl QuizState {
    /// What the quiz marks on the diagram for the question shown: the
    /// chosen event and the picks; once checked, each answer's mark.
    pub fn marks(&self, trace: &crate::core::Trace) -> crate::ui::lesson::marks::LessonMarks {
        use crate::core::quiz::{Mark, Pick};
        use crate::ui::lesson::marks::{EventMark, LessonMarks};
        let mut m = LessonMarks {
            events: vec![None; trace.event_count()],
            messages: vec![false; trace.message_count()],
            processes: vec![false; trace.process_count()],
        };
        let mut set = |id: &str, mark: EventMark| {
            if let Some(e) = trace.event_by_id(id) {
                m.events[e as usize] = Some(mark);
            }
        };
        let marking = self.marking.as_deref();
        match self.tab {
            Kind::Concurrent => {
                // The quiz's own trace: the page's may list events in another order.
                if let Some(chosen) = self.quiz.chosen() {
                    set(self.quiz.trace.event_id(chosen), EventMark::Highlight);
                }
                match marking {
                    None => self.given.concurrent.iter().for_each(|id| set(id, EventMark::Picked)),
                    Some(marking) => {
                        for item in &marking.concurrent {
                            match item.mark {
                                Pick::Marked => set(&item.event, EventMark::Right),
                                Pick::WronglyMarked { .. } => set(&item.event, EventMark::Wrong),
                                Pick::Missed { .. } => set(&item.event, EventMark::Missed),
                                Pick::Unmarked => {}
                            }
                        }
                    }
                }
            }
            Kind::Lamport | Kind::Vector => {
                let items =
                    marking.map(|mk| if self.tab == Kind::Lamport { &mk.lamport } else { &mk.vector });
                for item in items.into_iter().flatten() {
                    let mark = match item.mark {
                        Mark::Right => EventMark::Right,
                        Mark::Wrong { .. } => EventMark::Wrong,
                        Mark::Missing => EventMark::Missed,
                    };
                    set(&item.event, mark);
                }
            }
            Kind::Order => {
                self.given.order.iter().for_each(|id| set(id, EventMark::Picked));
                if let Some(d) = marking.and_then(|mk| mk.order.departure.as_ref()) {
                    if let Some(id) = &d.given {
                        set(id, EventMark::Wrong);
                    }
                }
            }
        }
        m
    }
}

/// Keeps the address saying which quiz is on screen (`?quiz&level=L&seed=N`),
/// so a lecturer can copy it and a class gets the same quiz.
#[yew::hook]
pub fn use_quiz_address(quiz: Option<(u64, u8)>) {
    yew::use_effect_with(quiz, |quiz| {
        let Some(w) = web_sys::window() else { return };
        let (Ok(history), Ok(path)) = (w.history(), w.location().pathname()) else { return };
        let search = w.location().search().unwrap_or_default();
        let url = match quiz {
            Some((seed, level)) => format!("{path}?quiz&level={level}&seed={seed}"),
            None if search.contains("quiz") => path,
            None => return,
        };
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    });
}
