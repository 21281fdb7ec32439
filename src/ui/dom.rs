//! Small DOM helpers for the canvas.

use wasm_bindgen::JsCast;
use web_sys::{Element, SvgsvgElement};

/// A client point (CSS pixels) in the SVG's user coordinates.
pub fn svg_point(svg: &SvgsvgElement, client: (i32, i32)) -> Option<(f32, f32)> {
    let m = svg.get_screen_ctm()?.inverse().ok()?;
    let (x, y) = (client.0 as f32, client.1 as f32);
    Some((m.a() * x + m.c() * y + m.e(), m.b() * x + m.d() * y + m.f()))
}

/// The `data-*` id of the nearest element (from `target` up) carrying
/// `attribute`, e.g. `data-event-id`.
pub fn closest_id(target: Option<web_sys::EventTarget>, attribute: &str) -> Option<String> {
    let element: Element = target?.dyn_into().ok()?;
    element.closest(&format!("[{attribute}]")).ok()??.get_attribute(attribute)
}

/// Moves keyboard focus to the element with `data-event-id="id"`.
pub fn focus_event(id: &str) {
    let document = web_sys::window().and_then(|w| w.document());
    let selector = format!("[data-event-id=\"{}\"]", id.replace('\\', "\\\\").replace('"', "\\\""));
    if let Some(el) = document.and_then(|d| d.query_selector(&selector).ok().flatten()) {
        if let Ok(el) = el.dyn_into::<web_sys::SvgElement>() {
            let _ = el.focus();
        }
    }
}

/// True when keys typed now go into a form field.
pub fn typing_in_field() -> bool {
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    active.is_some_and(|a| {
        matches!(a.tag_name().to_ascii_lowercase().as_str(), "input" | "textarea" | "select")
    })
}

/// Offers `text` as a file download called `name`: a data URL on a
/// temporary link (no object URL, which the page's CSP would need to allow).
pub fn download(name: &str, mime: &str, text: &str) {
    let mut url = format!("data:{mime};charset=utf-8,");
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(link) = document.create_element("a") else { return };
    let Ok(link) = link.dyn_into::<web_sys::HtmlAnchorElement>() else { return };
    link.set_href(&url);
    link.set_download(name);
    if let Some(body) = document.body() {
        let _ = body.append_child(&link);
        link.click();
        let _ = body.remove_child(&link);
    }
}
