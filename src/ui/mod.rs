//! The browser app: Yew components that draw what the core computes. No
//! causality logic lives here; components render and dispatch.

mod app;
mod diagram;
mod presets;

/// Renders the app into the page's `#app` element (or the body).
pub fn mount() {
    let document = web_sys::window().and_then(|w| w.document()).expect("a browser document");
    match document.get_element_by_id("app") {
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}
