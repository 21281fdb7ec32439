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
