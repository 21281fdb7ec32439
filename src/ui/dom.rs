//! Small DOM helpers for the canvas.

use wasm_bindgen::JsCast;
use web_sys::{Element, SvgGraphicsElement};

/// A client point (CSS pixels) in the user coordinates of `svg`, an SVG
/// element (its transforms, CSS ones included, are taken into account).
pub fn svg_point(svg: &SvgGraphicsElement, client: (i32, i32)) -> Option<(f32, f32)> {
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

/// Puts the cursor in the form field with this id.
pub fn focus_field(id: &str) {
    let field = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(el) = field.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// True when keys typed now go into a form field.
pub fn typing_in_field() -> bool {
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    active.is_some_and(|a| {
        matches!(a.tag_name().to_ascii_lowercase().as_str(), "input" | "textarea" | "select")
    })
}

/// Offers `text` as a file download called `name`, through an object URL
/// (a download is no image, so the page's CSP has no say; a `data:` URL
/// of more than a few MB is silently dropped by Chromium).
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let url = object_url(mime, text).ok_or("the browser would not hold the file in memory")?;
    let clicked = download_url(name, &url);
    // The click has started the download; the URL can go.
    let _ = web_sys::Url::revoke_object_url(&url);
    clicked
}

/// `text` as a `blob:` URL, to be revoked once used.
fn object_url(mime: &str, text: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// The largest PNG drawn: Chromium refuses canvases past 16,384 pixels a
/// side, and 50 million pixels (200 MB of image) is past what a tab should
/// hold for an export.
const PNG_SIDE: f64 = 16_384.0;
const PNG_AREA: f64 = 50e6;

/// Draws an SVG picture (`width` x `height` at 1x) on a canvas at `scale`
/// and offers it as a PNG download called `name`; `failed` hears why when
/// it cannot be made. The picture is drawn from a `blob:` URL, so the
/// page's CSP must allow `img-src blob:` (see the README's hosting notes).
pub fn download_png(
    name: &str,
    svg: &str,
    width: f32,
    height: f32,
    scale: f64,
    failed: impl Fn(String) + 'static,
) {
    let (w, h) = ((width as f64 * scale).round(), (height as f64 * scale).round());
    if !(w.is_finite() && h.is_finite())
        || w < 1.0
        || h < 1.0
        || w > PNG_SIDE
        || h > PNG_SIDE
        || w * h > PNG_AREA
    {
        return failed(format!(
            "PNG export failed: at {scale}x the picture would be {w} × {h} pixels, more than the browser can draw \
             (at most {PNG_SIDE} pixels a side and {} million pixels); choose a smaller scale, or ⤓ SVG.",
            PNG_AREA / 1e6
        ));
    }
    let (Ok(image), Some(url)) = (web_sys::HtmlImageElement::new(), object_url("image/svg+xml", svg)) else {
        return failed("PNG export failed: the browser would not hold the picture in memory.".into());
    };
    let failed: std::rc::Rc<dyn Fn(String)> = std::rc::Rc::new(failed);
    let src = url.clone();
    let (name, source, drawn_url, fail) = (name.to_string(), image.clone(), url.clone(), failed.clone());
    let onload = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&drawn_url);
        if let Err(why) = draw_png(&source, &name, (w, h), scale, fail.clone()) {
            fail(format!("PNG export failed: {why}."));
        }
    });
    let svg = svg.to_string();
    let onerror = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
        failed(format!("PNG export failed: {}.", image_refused(&svg)));
    });
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_onerror(Some(onerror.unchecked_ref()));
    image.set_src(&src);
}

/// Why an SVG picture would not load as an image: it is not well-formed
/// XML (the parser's words), or else the page's policy refused it.
fn image_refused(svg: &str) -> String {
    let error = parse_svg(svg)
        .and_then(|d| d.get_elements_by_tag_name("parsererror").item(0))
        .and_then(|e| e.text_content());
    match error {
        Some(e) => format!(
            "the picture's SVG is not well-formed ({})",
            crate::core::formats::text::clip(e.trim(), 160)
        ),
        None => "the browser would not draw the picture as an image; a Content-Security-Policy must allow \
                 img-src blob: for PNG export (⤓ SVG needs nothing)"
            .to_string(),
    }
}

/// `svg` parsed as XML (never as HTML): a document, or one holding a
/// `parsererror` when it is not well-formed.
fn parse_svg(svg: &str) -> Option<web_sys::Document> {
    web_sys::DomParser::new().ok()?.parse_from_string(svg, web_sys::SupportedType::ImageSvgXml).ok()
}

/// Draws the loaded picture on a `size` canvas and downloads it as a PNG,
/// through a `blob:` URL (Chromium drops a `data:` download of more than a
/// few MB without a word, and a large diagram at 3x is more).
fn draw_png(
    image: &web_sys::HtmlImageElement,
    name: &str,
    size: (f64, f64),
    scale: f64,
    failed: std::rc::Rc<dyn Fn(String)>,
) -> Result<(), String> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let canvas: web_sys::HtmlCanvasElement =
        created(&document, "canvas").ok_or("the browser has no canvas")?;
    canvas.set_width(size.0 as u32);
    canvas.set_height(size.1 as u32);
    let context = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        .ok_or("the browser would not make a canvas of that size")?;
    let _ = context.scale(scale, scale);
    context
        .draw_image_with_html_image_element(image, 0.0, 0.0)
        .map_err(|_| "the picture could not be drawn")?;
    let name = name.to_string();
    let encoded = wasm_bindgen::closure::Closure::once_into_js(move |blob: wasm_bindgen::JsValue| {
        // The browser hands over null for a canvas it could not encode.
        let url =
            blob.dyn_ref::<web_sys::Blob>().and_then(|b| web_sys::Url::create_object_url_with_blob(b).ok());
        let Some(url) = url else {
            return failed("PNG export failed: the browser could not encode the PNG.".into());
        };
        if let Err(why) = download_url(&name, &url) {
            failed(format!("PNG export failed: {why}."));
        }
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    canvas
        .to_blob_with_type(encoded.unchecked_ref(), "image/png")
        .map_err(|_| "the canvas could not be encoded")?;
    Ok(())
}

/// A new `<tag>` element of `document`, as the element type it is.
fn created<T: JsCast>(document: &web_sys::Document, tag: &str) -> Option<T> {
    document.create_element(tag).ok()?.dyn_into().ok()
}

fn download_url(name: &str, url: &str) -> Result<(), String> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let link: web_sys::HtmlAnchorElement = created(&document, "a").ok_or("no link could be made")?;
    link.set_href(url);
    link.set_download(name);
    let body = document.body().ok_or("no page body")?;
    body.append_child(&link).map_err(|_| "no link could be added")?;
    link.click();
    let _ = body.remove_child(&link);
    Ok(())
}

/// Our own SVG text as a DOM node, parsed as XML (never as HTML), for
/// pictures shown inline where a `data:` image would need the page's CSP
/// to allow it. Its ids get `prefix`, so its markers and patterns are not
/// confused with the page's or another picture's.
pub fn svg_node(svg: &str, prefix: &str) -> Option<web_sys::Node> {
    let root = parse_svg(&prefixed_ids(svg, prefix))?.document_element().filter(|r| r.tag_name() == "svg")?;
    let document = web_sys::window()?.document()?;
    document.import_node_with_deep(&root, true).ok()
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

/// `svg` with each `id="x"` and each `url(#x)` reference renamed `prefix-x`.
fn prefixed_ids(svg: &str, prefix: &str) -> String {
    let mut ids = Vec::new();
    let mut rest = svg;
    while let Some(at) = rest.find(" id=\"") {
        rest = &rest[at + 5..];
        let Some(end) = rest.find('"') else { break };
        ids.push(&rest[..end]);
        rest = &rest[end..];
    }
    let mut out = svg.to_string();
    for id in ids {
        out = out
            .replace(&format!(" id=\"{id}\""), &format!(" id=\"{prefix}-{id}\""))
            .replace(&format!("url(#{id})"), &format!("url(#{prefix}-{id})"));
    }
    out
}

/// Calls `f` once after `ms` milliseconds, unless the returned guard is
/// dropped first.
pub fn timeout(ms: i32, f: impl FnOnce() + 'static) -> impl Drop {
    use wasm_bindgen::prelude::*;
    // The closure is kept alive by the guard until the timer is cleared.
    struct Guard(i32, #[allow(dead_code)] Closure<dyn FnMut()>);
    impl Drop for Guard {
        fn drop(&mut self) {
            if let Some(w) = web_sys::window() {
                w.clear_timeout_with_handle(self.0);
            }
        }
    }
    let mut f = Some(f);
    let closure = Closure::<dyn FnMut()>::new(move || {
        if let Some(f) = f.take() {
            f()
        }
    });
    let id = web_sys::window()
        .and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(closure.as_ref().unchecked_ref(), ms).ok()
        })
        .unwrap_or(0);
    Guard(id, closure)
}
