//! Autosave: the diagram and view settings in localStorage, restored on
//! reload. A saved diagram that cannot be read is copied under another key
//! (one per unreadable diagram, none overwriting another) and the user is
//! told; when no copy fits, it stays where it is and is not saved over.

use super::scene::Scene;
use super::state::{ClockLabels, View};
use crate::core::clocks::ReceiveRule;
use crate::core::layout::Orientation;
use std::rc::Rc;
use web_sys::Storage;

pub const DOCUMENT: &str = "lightcone.document";
pub const UNREADABLE: &str = "lightcone.document.unreadable";
const VIEW: &str = "lightcone.view";

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// A saved diagram that could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct Unreadable {
    /// What the user is told: why, and where the text is now.
    pub notice: String,
    /// A copy of it was kept under another key (else it stays where it
    /// was, and must not be saved over).
    pub kept: bool,
}

/// The saved diagram: `Ok(None)` when there is none.
pub fn load_document() -> Result<Option<Rc<Scene>>, Unreadable> {
    let Some(text) = storage().and_then(|s| s.get_item(DOCUMENT).ok().flatten()) else { return Ok(None) };
    Scene::parse(&text).map(Some).map_err(|error| {
        let error = crate::core::formats::text::clip(&error, 200);
        match keep_unreadable(&text) {
            Some(key) => Unreadable {
                notice: format!(
                    "Your saved diagram could not be restored ({error}); it is kept in localStorage as \"{key}\"."
                ),
                kept: true,
            },
            None => Unreadable {
                notice: format!(
                    "Your saved diagram could not be restored ({error}), and the browser has no room to keep a \
                     copy of it; it stays in localStorage as \"{DOCUMENT}\", and this tab will not save over it \
                     (⤓ Save keeps what you make here)."
                ),
                kept: false,
            },
        }
    })
}

/// Keeps `text` under the first free key of [`unreadable_key`]'s series (or
/// the one that already holds the same text): every unreadable copy that
/// fits is kept, none overwrites another. The key, or `None` when the
/// browser refused to store it.
fn keep_unreadable(text: &str) -> Option<String> {
    let s = storage()?;
    for n in 1..=MAX_UNREADABLE {
        let key = unreadable_key(n);
        match s.get_item(&key).ok().flatten() {
            Some(held) if held == text => return Some(key),
            Some(_) => continue,
            None => return s.set_item(&key, text).ok().map(|()| key),
        }
    }
    None
}

/// How many unreadable copies are kept before the page stops keeping more
/// (and then leaves the saved diagram where it is).
const MAX_UNREADABLE: usize = 20;

/// `lightcone.document.unreadable`, then `….unreadable.2`, `….unreadable.3`…
pub fn unreadable_key(n: usize) -> String {
    if n <= 1 {
        UNREADABLE.to_string()
    } else {
        format!("{UNREADABLE}.{n}")
    }
}

/// Saves the diagram; says why not when the browser refuses (a big
/// imported log can exceed localStorage's quota of a few MB).
pub fn save_document(scene: &Scene) -> Result<(), String> {
    let Some(s) = storage() else { return Ok(()) };
    let text = scene.document.to_json(&scene.placed);
    s.set_item(DOCUMENT, &text).map_err(|_| {
        format!(
            "This diagram ({:.1} MB) is too big for the browser to keep across a reload; use ⤓ Save to keep it.",
            text.len() as f64 / 1_048_576.0
        )
    })
}

pub fn load_view() -> View {
    parse_view(&storage().and_then(|s| s.get_item(VIEW).ok().flatten()).unwrap_or_default())
}

/// View settings from their text form (unknown parts are ignored).
pub fn parse_view(text: &str) -> View {
    let mut view = View::default();
    for pair in text.split(';') {
        match pair.split_once('=') {
            Some(("labels", v)) => view.labels = ClockLabels::from_name(v),
            Some(("rule", v)) => view.rule = ReceiveRule::from_name(v).unwrap_or_default(),
            Some(("orientation", "vertical")) => view.orientation = Orientation::Vertical,
            Some(("dark", v)) => view.dark = Some(v == "1"),
            _ => {}
        }
    }
    view
}

pub fn save_view(view: &View) {
    if let Some(s) = storage() {
        let _ = s.set_item(VIEW, &view_text(view));
    }
}

/// View settings as text: `labels=vector;rule=classic;orientation=horizontal`.
pub fn view_text(view: &View) -> String {
    let mut text = format!(
        "labels={};rule={};orientation={}",
        view.labels.name(),
        view.rule.name(),
        if view.orientation == Orientation::Vertical { "vertical" } else { "horizontal" }
    );
    if let Some(dark) = view.dark {
        text.push_str(if dark { ";dark=1" } else { ";dark=0" });
    }
    text
}

/// The step a lesson was left at, if the browser kept it.
pub fn lesson_step(name: &str) -> Option<usize> {
    storage()?.get_item(&lesson_key(name)).ok()??.parse().ok()
}

/// Keeps the step a lesson is at, for the next visit (a private window
/// or a full storage keeps nothing, which loses only the place).
pub fn save_lesson_step(name: &str, step: usize) {
    if let Some(s) = storage() {
        let _ = s.set_item(&lesson_key(name), &step.to_string());
    }
}

fn lesson_key(name: &str) -> String {
    format!("lightcone.lesson.{name}")
}
