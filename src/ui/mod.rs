//! The browser app: Yew components that draw what the core computes and
//! turn input into core edits. No causality logic lives here.

mod app;
mod autosave;
mod canvas;
mod canvas_input;
mod canvas_lab;
mod chart;
mod cut;
mod decorations;
mod diagram_head;
mod diagram_layer;
mod dom;
mod export;
mod gallery;
mod generator;
mod help;
mod import_dialog;
mod inspector;
mod itc_panel;
mod js_api;
mod js_explore;
mod keys;
mod labs;
mod legend;
mod lesson;
mod menu;
mod notice;
mod overview;
mod playback_bar;
mod playback_state;
mod presets;
mod processes;
mod quiz;
mod scene;
mod share_link;
mod shared;
mod start;
mod state;
mod storage;
mod summary;
mod toolbar;
mod tooltip;
mod view_model;

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
