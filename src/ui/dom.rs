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

/// `text` as a `data:` URL.
pub fn data_url(mime: &str, text: &str) -> String {
    let mut url = format!("data:{mime};charset=utf-8,");
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Offers `text` as a file download called `name`: a data URL on a
/// temporary link (no object URL, which the page's CSP would need to allow).
pub fn download(name: &str, mime: &str, text: &str) {
    download_url(name, &data_url(mime, text));
}

/// Draws an SVG picture (`width` x `height` at 1x) on a canvas at `scale`
/// and offers it as a PNG download called `name`.
pub fn download_png(name: &str, svg: &str, width: f32, height: f32, scale: f64) {
    let Ok(image) = web_sys::HtmlImageElement::new() else { return };
    let (name, source) = (name.to_string(), image.clone());
    let onload = wasm_bindgen::closure::Closure::once_into_js(move || {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let Some(canvas) = document
            .create_element("canvas")
            .ok()
            .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            return;
        };
        canvas.set_width((width as f64 * scale).round() as u32);
        canvas.set_height((height as f64 * scale).round() as u32);
        let context = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok());
        let Some(context) = context else { return };
        let _ = context.scale(scale, scale);
        let _ = context.draw_image_with_html_image_element(&source, 0.0, 0.0);
        if let Ok(url) = canvas.to_data_url_with_type("image/png") {
            download_url(&name, &url);
        }
    });
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_src(&data_url("image/svg+xml", svg));
}

fn download_url(name: &str, url: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(link) = document.create_element("a") else { return };
    let Ok(link) = link.dyn_into::<web_sys::HtmlAnchorElement>() else { return };
    link.set_href(url);
    link.set_download(name);
    if let Some(body) = document.body() {
        let _ = body.append_child(&link);
        link.click();
        let _ = body.remove_child(&link);
    }
}

/// Reads a file the user chose or dropped as text, then calls `then` with
/// it, or with a message naming the problem (too big, unreadable).
pub fn read_file(file: web_sys::File, then: impl FnOnce(Result<String, String>) + 'static) {
    let limit = crate::core::editor::document::MAX_TEXT as f64;
    if file.size() > limit {
        let mb = (file.size() / 1_048_576.0).round();
        return then(Err(format!(
            "{} is {mb} MB; the editor opens at most {} MB",
            file.name(),
            limit / 1_048_576.0
        )));
    }
    read_text(file, then);
}

/// Reads several files as (name, text), in the order given, then calls
/// `then` once: with all of them, or with the first problem. `limited`
/// applies [`read_file`]'s size check to each.
pub fn read_texts(
    files: Vec<web_sys::File>,
    limited: bool,
    then: impl FnOnce(Result<Vec<(String, String)>, String>) + 'static,
) {
    use std::cell::RefCell;
    use std::rc::Rc;
    let count = files.len();
    let texts = Rc::new(RefCell::new(vec![None; count]));
    let then = Rc::new(RefCell::new(Some(then)));
    for (i, file) in files.into_iter().enumerate() {
        let (texts, then, name) = (texts.clone(), then.clone(), file.name());
        let done = move |text: Result<String, String>| {
            let finish = |result| {
                if let Some(then) = then.borrow_mut().take() {
                    then(result);
                }
            };
            match text {
                Err(e) => finish(Err(e)),
                Ok(text) => {
                    let mut texts = texts.borrow_mut();
                    texts[i] = Some((name, text));
                    if texts.iter().all(Option::is_some) {
                        finish(Ok(texts.iter_mut().filter_map(Option::take).collect()));
                    }
                }
            }
        };
        if limited {
            read_file(file, done);
        } else {
            read_text(file, done);
        }
    }
}

/// Reads a file as text with no size check (the caller has made one).
pub fn read_text(file: web_sys::File, then: impl FnOnce(Result<String, String>) + 'static) {
    let Ok(reader) = web_sys::FileReader::new() else {
        return then(Err("this browser cannot read files".into()));
    };
    let (name, source) = (file.name(), reader.clone());
    let onload = wasm_bindgen::closure::Closure::once_into_js(move || {
        match source.result().ok().and_then(|r| r.as_string()) {
            Some(text) => then(Ok(text)),
            None => then(Err(format!("{name} could not be read as text"))),
        }
    });
    reader.set_onload(Some(onload.unchecked_ref()));
    if reader.read_as_text(&file).is_err() {
        web_sys::console::error_1(&"reading a file failed".into());
    }
}

/// Sets the page's theme (`None`: follow the system).
pub fn set_theme(dark: Option<bool>) {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element());
    if let Some(root) = root {
        let _ = match dark {
            Some(dark) => root.set_attribute("data-theme", if dark { "dark" } else { "light" }),
            None => root.remove_attribute("data-theme"),
        };
    }
}
