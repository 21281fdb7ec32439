//! How the page starts: what the address asks for (`?embed`, `&edit`,
//! `&step=N`, `&present`, `?preset=NAME`, `?scenario=NAME`, `?timesync=NAME`, `?lab=NAME`,
//! `?lesson=NAME&step=K`, `?quiz&level=L&seed=N`, a share link's `#d=` or
//! a lesson link's `#l=`), else the autosaved diagram, else the first
//! example with a greeting; and the playback timer.

use super::labs::Lab;
use super::lesson::Action as LessonAction;
use super::notice::Notice;
use super::playback_state::Playback;
use super::presets::{by_name, PRESETS};
use super::quiz::Action as QuizAction;
use super::scene::Scene;
use super::state::{Action, AppState, Autosave, Embed};
use super::storage;
use crate::core::editor::playback::Playhead;
use crate::core::editor::History;
use crate::core::lesson::Lesson;
use crate::core::quiz::Level;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The address's query parameters, as (name, value) pairs.
fn params() -> Vec<(String, String)> {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let decode =
                |s: &str| js_sys::decode_uri_component(&s.replace('+', " ")).ok().and_then(|v| v.as_string());
            (decode(k).unwrap_or_default(), decode(v).unwrap_or_default())
        })
        .collect()
}

/// The state on page load, as the address says.
pub fn initial_state() -> AppState {
    let params = params();
    let has = |name: &str| params.iter().any(|(k, _)| k == name);
    let value = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let embed = has("embed");
    let mut state = loaded_state(embed);
    if let Some(name) = value("preset") {
        state = opened(state, by_name(&name).map(|p| p.text), &name, "preset");
    }
    if let Some(name) = value("scenario") {
        let text = crate::core::library::scenario(&name);
        state = match text.and_then(|t| crate::core::sim::scenario::Scenario::parse(t).ok()) {
            Some(s) => state.reduce(Action::Commit(super::labs::commit::Action::Open(Rc::new(s)))),
            None => refused(state, &name, "scenario"),
        };
    }
    if let Some(name) = value("timesync") {
        state = match crate::core::library::timesync(&name) {
            Some(_) => state.reduce(Action::Time(super::labs::time::Action::Open(name))),
            None => refused(state, &name, "time-lab preset"),
        };
    }
    if let Some(lab) = value("lab").and_then(|l| Lab::from_name(&l)) {
        state = state.reduce(Action::SetLab(lab));
    }
    let lesson = value("lesson");
    if let Some(name) = &lesson {
        let step = value("step").and_then(|v| v.parse::<usize>().ok());
        state = open_lesson(state, name, step);
    }
    if let Some(linked) = super::share_link::lesson_from_location() {
        state = match linked {
            Ok((lesson, step)) => {
                let name = lesson_name(&lesson.title);
                state.reduce(Action::Lesson(LessonAction::Open(name, Rc::new(lesson), step)))
            }
            Err(e) => {
                state.notice = Some(Notice::error(format!("The link's lesson could not be opened: {e}")));
                state
            }
        };
    }
    if has("quiz") {
        let level = value("level").and_then(|l| l.parse::<u8>().ok()).and_then(Level::from_number);
        let seed = value("seed").and_then(|s| s.parse::<u64>().ok()).unwrap_or(1);
        state = state.reduce(Action::Quiz(QuizAction::Open(
            seed,
            level.unwrap_or(Level::One),
            super::quiz::now(),
        )));
    }
    state.welcome &= !embed
        && value("preset").is_none()
        && value("scenario").is_none()
        && value("timesync").is_none()
        && state.lesson.is_none()
        && state.quiz.is_none();
    state.present = has("present");
    if embed {
        state.embed = Some(Embed { editable: has("edit") });
        if !state.notice.as_ref().is_some_and(|n| n.error) {
            state.notice = None;
        }
        if let Some(step) = value("step").and_then(|v| v.parse::<usize>().ok()).filter(|_| lesson.is_none()) {
            let shown = step.min(state.scene().placed.trace.event_count());
            state.playback = Some(Playback { head: Playhead { shown, progress: 0.0 }, playing: false });
        }
    }
    state
}

/// `state` with the shipped lesson `name` open at `step` (else where the
/// student left it, else its first), or a notice that there is no such one.
fn open_lesson(state: AppState, name: &str, step: Option<usize>) -> AppState {
    let parsed = crate::core::library::lesson(name).map(Lesson::parse);
    match parsed {
        Some(Ok(lesson)) => {
            let step = step.or_else(|| storage::lesson_step(name)).unwrap_or(0);
            state.reduce(Action::Lesson(LessonAction::Open(name.to_string(), Rc::new(lesson), step)))
        }
        Some(Err(e)) => {
            let mut state = state;
            state.notice = Some(Notice::error(format!("The lesson \"{name}\" could not be read: {e}")));
            state
        }
        None => refused(state, name, "lesson"),
    }
}

/// A name for a lesson that is not a shipped file (opened or linked): its
/// title's words in lower case, joined by hyphens.
pub fn lesson_name(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let name = words.join("-");
    crate::core::formats::text::clip(if name.is_empty() { "lesson" } else { &name }, 60).into_owned()
}

/// `state` with the preset `text` (called `name`) opened, or a notice that
/// there is no such one.
fn opened(state: AppState, text: Option<&str>, name: &str, what: &str) -> AppState {
    match text.map(Scene::parse) {
        Some(Ok(scene)) => state.reduce(Action::Replace(scene, String::new())),
        _ => refused(state, name, what),
    }
}

fn refused(mut state: AppState, name: &str, what: &str) -> AppState {
    let clipped = crate::core::formats::text::clip(name, 40);
    let text = format!("There is no {what} called \"{clipped}\"; the page opened as usual.");
    state.notice = Some(Notice { text, error: true });
    state
}

/// The diagram in the link, else the autosaved diagram, else the first
/// example. An embed never shows the viewer's own saved diagram; a link
/// opened in the page keeps it one Undo away, and saved until the link's
/// diagram is changed.
fn loaded_state(embed: bool) -> AppState {
    let linked = super::share_link::from_location();
    let broken = match linked {
        Some(Ok((scene, view))) if embed => return AppState::new(scene, view, None),
        Some(Ok((scene, view))) => return linked_state(scene, view),
        Some(Err(e)) => Some(Notice::error(format!("The link's diagram could not be opened: {e}"))),
        None => None,
    };
    let mut state = if embed { first_example(storage::load_view(), None) } else { autosaved_state() };
    if let Some(broken) = broken {
        state.notice = Some(match state.notice.take() {
            // An unreadable saved diagram is news too.
            Some(earlier) => Notice::error(format!("{} {}", broken.text, earlier.text)),
            None => broken,
        });
        state.welcome = false;
    }
    state
}

/// A share link's diagram over the viewer's own: theirs is one Undo away
/// and is not saved over until they change the link's.
fn linked_state(scene: Rc<Scene>, view: super::state::View) -> AppState {
    let mut state = AppState::new(scene.clone(), view, None);
    state.autosave = Autosave::Changed(scene.clone());
    match storage::load_document() {
        Ok(Some(own)) => {
            state.history = History::new(own);
            state.history.push(scene);
            state.notice = Some(Notice::note(
                "Opened the diagram from the link. Undo (Ctrl+Z) brings back yours, which stays saved until you \
                 change this one.",
            ));
        }
        Ok(None) => {}
        Err(unreadable) => {
            if !unreadable.kept {
                state.autosave = Autosave::Off;
            }
            state.notice = Some(Notice::error(unreadable.notice));
        }
    }
    state
}

fn first_example(view: super::state::View, notice: Option<Notice>) -> AppState {
    let scene = Scene::parse(PRESETS[0].text).expect("presets are valid");
    AppState::new(scene, view, notice)
}

fn autosaved_state() -> AppState {
    match storage::load_document() {
        Ok(Some(scene)) => AppState::new(scene, storage::load_view(), None),
        Ok(None) => {
            // A first visit: the first example, and a greeting.
            let mut state = first_example(storage::load_view(), None);
            state.welcome = true;
            state
        }
        Err(unreadable) => {
            let mut state = first_example(storage::load_view(), Some(Notice::error(unreadable.notice)));
            if !unreadable.kept {
                // The example must not replace what could not be copied.
                state.autosave = Autosave::Off;
            }
            state
        }
    }
}

/// Dispatches `Tick` with the real elapsed seconds, 30 times a second.
pub fn ticks(dispatch: yew::UseReducerDispatcher<AppState>) -> (i32, Closure<dyn Fn()>) {
    let last = Rc::new(RefCell::new(js_sys::Date::now()));
    let closure = Closure::<dyn Fn()>::new(move || {
        let now = js_sys::Date::now();
        let dt = (now - *last.borrow()) / 1000.0;
        *last.borrow_mut() = now;
        dispatch.dispatch(Action::Playback(super::playback_state::Control::Tick(dt.min(0.25))));
    });
    let id = web_sys::window()
        .and_then(|w| {
            w.set_interval_with_callback_and_timeout_and_arguments_0(closure.as_ref().unchecked_ref(), 33)
                .ok()
        })
        .unwrap_or(0);
    (id, closure)
}
