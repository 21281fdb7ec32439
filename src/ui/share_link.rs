//! Share links: the whole diagram and its view settings packed into the
//! URL fragment (`#d=...`, see `core::share`); opening the link restores
//! exactly what was shown.

use super::scene::Scene;
use super::state::View;
use super::storage::{parse_view, view_text};
use crate::core::share;
use std::rc::Rc;

/// The page's address without its fragment, plus the diagram's.
pub fn link(scene: &Scene, view: &View) -> String {
    let saved = scene.document.to_saved_json(&scene.placed);
    // The view rides along as a string field the trace parser ignores.
    let text = saved.replacen('{', &format!("{{\"view\": \"{}\", ", view_text(view)), 1);
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    format!("{base}#d={}", share::encode(&text))
}

/// The diagram and view in the page's own link, if it has one. The
/// fragment is then taken off the address, so a reload shows the autosaved
/// diagram with the user's later edits, not the link's again.
pub fn from_location() -> Option<Result<(Rc<Scene>, View), String>> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    let packed = hash.strip_prefix("#d=")?;
    let unpacked = unpack(packed);
    if let (Ok(history), Ok(href)) = (window.history(), window.location().href()) {
        let base = href.split('#').next().unwrap_or_default().to_string();
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&base));
    }
    Some(unpacked)
}

/// Copies the link to the clipboard; returns it.
pub fn copy(scene: &Scene, view: &View) -> String {
    let url = link(scene, view);
    if let Some(window) = web_sys::window() {
        // The promise is left to settle: the notice shows the link anyway.
        let _ = window.navigator().clipboard().write_text(&url);
    }
    url
}

fn unpack(packed: &str) -> Result<(Rc<Scene>, View), String> {
    let text = share::decode(packed)?;
    let scene = Scene::parse(&text)?;
    #[derive(serde::Deserialize)]
    struct Head {
        #[serde(default)]
        view: Option<String>,
    }
    let view = serde_json::from_str::<Head>(&text).ok().and_then(|h| h.view).map(|v| parse_view(&v));
    Ok((scene, view.unwrap_or_default()))
}

/// A link that opens `lesson` at `step`: the lesson's JSON packed into the
/// fragment (`#l=...`, then `~K` for a step after the first).
pub fn lesson_link(lesson: &crate::core::lesson::Lesson, step: usize) -> String {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    let at = if step > 0 { format!("~{step}") } else { String::new() };
    format!("{base}#l={}{at}", share::encode(&lesson.to_json()))
}

/// The lesson in the page's own link, if it has one, and its step; the
/// fragment is then taken off the address, as a diagram link's is.
pub fn lesson_from_location() -> Option<Result<(crate::core::lesson::Lesson, usize), String>> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    let packed = hash.strip_prefix("#l=")?;
    let (packed, step) = match packed.split_once('~') {
        Some((p, k)) => (
            p,
            k.parse::<usize>().map_err(|_| {
                format!("the step \"{}\" is not a number", crate::core::formats::text::clip(k, 20))
            }),
        ),
        None => (packed, Ok(0)),
    };
    let unpacked = step.and_then(|step| {
        let text = share::decode(packed)?;
        crate::core::lesson::Lesson::parse(&text).map(|l| (l, step))
    });
    if let (Ok(history), Ok(href)) = (window.history(), window.location().href()) {
        let base = href.split('#').next().unwrap_or_default().to_string();
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&base));
    }
    Some(unpacked)
}
