//! Autosave: the diagram and view settings in localStorage, restored on
//! reload. A saved diagram that cannot be read is kept under another key,
//! never overwritten, and the user is told.

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

/// The saved diagram: `Ok(None)` when there is none.
pub fn load_document() -> Result<Option<Rc<Scene>>, String> {
    let Some(text) = storage().and_then(|s| s.get_item(DOCUMENT).ok().flatten()) else { return Ok(None) };
    Scene::parse(&text).map(Some).map_err(|error| {
        if let Some(s) = storage() {
            let _ = s.set_item(UNREADABLE, &text);
        }
        format!("Your saved diagram could not be restored ({error}); it is kept in localStorage as \"{UNREADABLE}\".")
    })
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
