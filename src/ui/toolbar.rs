//! The toolbar: new, presets, undo and redo, and how the diagram is shown.

use super::presets::PRESETS;
use super::state::{Action, AppState, ClockLabels, Scene, View};
use crate::core::clocks::ReceiveRule;
use crate::core::editor::Document;
use crate::core::layout::Orientation;
use crate::core::render::Mark;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub view: View,
    pub scene: std::rc::Rc<super::state::Scene>,
    /// The selected event's light cone and what the search found: the
    /// highlighting the SVG and PNG exports carry.
    pub cone: Option<std::rc::Rc<Vec<&'static str>>>,
    /// The search text and the events it finds.
    pub search: String,
    pub found: std::rc::Rc<Vec<crate::core::EventIdx>>,
    pub can_undo: bool,
    pub can_redo: bool,
    pub dispatch: UseReducerDispatcher<AppState>,
}

fn select_value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlSelectElement>().value()
}

#[component]
pub fn Toolbar(p: &ToolbarProps) -> Html {
    let d = p.dispatch.clone();
    let act = move |a: Action| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(a.clone()))
    };
    let set_view = |f: fn(View, &str) -> View| {
        let (d, view) = (p.dispatch.clone(), p.view);
        Callback::from(move |e: Event| d.dispatch(Action::SetView(f(view, &select_value(&e)))))
    };
    let on_preset = {
        let d = p.dispatch.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<HtmlSelectElement>();
            if let Some(preset) = select.value().parse::<usize>().ok().and_then(|i| PRESETS.get(i)) {
                match Scene::parse(preset.text) {
                    Ok(scene) => {
                        d.dispatch(Action::Replace(scene, format!("Loaded preset: {}", preset.about().title)))
                    }
                    Err(error) => d.dispatch(Action::Notice(Some(super::state::Notice {
                        text: format!("{}: {error}", preset.file),
                        error: true,
                    }))),
                }
            }
            select.set_value("");
        })
    };
    let new = Scene::new(Document::with_processes(&["A", "B", "C"])).expect("an empty diagram is valid");
    let dark = p.view.dark.unwrap_or(false);
    html! {
        <header class="toolbar">
            <h1 class="brand">{"Lightcone"}</h1>
            <button onclick={act(Action::Replace(new, "New diagram".into()))} title="A new, empty diagram">{"New"}</button>
            <select id="preset" aria-label="Load a preset" onchange={on_preset}>
                <option value="" selected=true>{"Presets…"}</option>
                { for PRESETS.iter().enumerate().map(|(i, pr)| html! { <option value={i.to_string()}>{ pr.about().title }</option> }) }
            </select>
            <button id="undo" onclick={act(Action::Undo)} disabled={!p.can_undo} title="Undo (Ctrl+Z)">{"↶ Undo"}</button>
            <button id="redo" onclick={act(Action::Redo)} disabled={!p.can_redo} title="Redo (Ctrl+Shift+Z)">{"↷ Redo"}</button>
            <label>{"Clocks "}
                <select id="labels" onchange={set_view(|v, s| View { labels: ClockLabels::from_name(s), ..v })}>
                    { for ClockLabels::ALL.iter().map(|l| html! {
                        <option value={l.name()} selected={*l == p.view.labels}>{ l.title() }</option>
                    }) }
                </select>
            </label>
            <label>{"Receive rule "}
                <select id="rule" onchange={set_view(|v, s| View { rule: ReceiveRule::from_name(s).unwrap_or_default(), ..v })}>
                    { for ReceiveRule::ALL.iter().map(|r| html! {
                        <option value={r.name()} selected={*r == p.view.rule}>{ r.formula() }</option>
                    }) }
                </select>
            </label>
            <label>{"Lines "}
                <select id="orientation" onchange={set_view(|v, s| View {
                    orientation: if s == "vertical" { Orientation::Vertical } else { Orientation::Horizontal }, ..v })}>
                    <option value="horizontal" selected={p.view.orientation == Orientation::Horizontal}>{"horizontal"}</option>
                    <option value="vertical" selected={p.view.orientation == Orientation::Vertical}>{"vertical"}</option>
                </select>
            </label>
            <button id="theme" onclick={act(Action::SetView(View { dark: Some(!dark), ..p.view }))}
                    title="Switch between light and dark">{ if dark { "☀ Light" } else { "☾ Dark" } }</button>
            <button id="copy-link" onclick={copy_link(p)} title="Copy a link that opens exactly this diagram and view">{"Copy link"}</button>
            <button id="save" onclick={save(p)} title="Download the diagram as a file you can open again (or drop on the page)">{"⤓ Save"}</button>
            <label class="open-file" title="Open a saved diagram or a trace (or drop the file on the page)">{"Open… "}
                <input id="open-file" type="file" accept=".json,application/json" onchange={open_file(p)} />
            </label>
            <button id="import-log" onclick={act(Action::Import(Some(Default::default())))}
                    title="Import a ShiViz / GoVector log (or drop log files on the page)">{"Import log…"}</button>
            <button id="export-shiviz" onclick={export_shiviz(p)} title="Download the diagram as a GoVector log that ShiViz opens">{"⤓ ShiViz"}</button>
            <button id="export-svg" onclick={export_svg(p)} title="Download the diagram as a self-contained SVG, with its clock labels and highlighting">{"⤓ SVG"}</button>
            <select id="export-png" aria-label="Download as PNG" onchange={export_png(p)}>
                <option value="" selected=true>{"⤓ PNG…"}</option>
                <option value="1">{"PNG 1x"}</option><option value="2">{"PNG 2x"}</option><option value="3">{"PNG 3x"}</option>
            </select>
            { search_box(p) }
            <button id="help" onclick={act(Action::ToggleHelp(Some(true)))} title="Keyboard shortcuts (?)" aria-label="Help">{"?"}</button>
        </header>
    }
}

/// What an export needs besides the scene and view: the highlighting, made
/// into marks only when a picture is asked for, not on every selection.
#[derive(Clone)]
struct Highlight {
    cone: Option<std::rc::Rc<Vec<&'static str>>>,
    found: std::rc::Rc<Vec<crate::core::EventIdx>>,
}

impl Highlight {
    fn of(p: &ToolbarProps) -> Self {
        Self { cone: p.cone.clone(), found: p.found.clone() }
    }

    fn marks(&self, events: usize) -> Vec<Mark> {
        super::view_model::marks(self.cone.as_deref().map(Vec::as_slice), &self.found, events)
    }
}

/// The picture `lightcone render` draws, with the view's clock labels,
/// orientation, theme and highlighting, and its size.
fn picture(scene: &Scene, view: View, highlight: &Highlight) -> (String, f32, f32) {
    use crate::core::render::{svg_sized, Labels, Options};
    let labels = match view.labels {
        ClockLabels::Lamport => Labels::Lamport,
        ClockLabels::Vector => Labels::Vector,
        ClockLabels::Itc => Labels::Itc,
        _ => Labels::None,
    };
    let options = Options {
        labels,
        orientation: view.orientation,
        dark: view.dark == Some(true),
        marks: highlight.marks(scene.placed.trace.event_count()),
    };
    svg_sized(&scene.placed.trace, Some(&scene.placed.times), &options)
}

/// Downloads the diagram as an SVG.
fn export_svg(p: &ToolbarProps) -> Callback<MouseEvent> {
    let (scene, view, highlight) = (p.scene.clone(), p.view, Highlight::of(p));
    Callback::from(move |_: MouseEvent| {
        super::dom::download("lightcone.svg", "image/svg+xml", &picture(&scene, view, &highlight).0);
    })
}

/// Downloads the diagram as a PNG at the chosen scale.
fn export_png(p: &ToolbarProps) -> Callback<Event> {
    let (scene, view, highlight) = (p.scene.clone(), p.view, Highlight::of(p));
    Callback::from(move |e: Event| {
        let select = e.target_unchecked_into::<HtmlSelectElement>();
        let scale: f64 = select.value().parse().unwrap_or(0.0);
        select.set_value("");
        if scale > 0.0 {
            let (svg, w, h) = picture(&scene, view, &highlight);
            super::dom::download_png(&format!("lightcone@{scale}x.png"), &svg, w, h, scale);
        }
    })
}

/// Downloads the diagram as a GoVector log (ShiViz's default expression
/// reads it); imported events keep their log text.
fn export_shiviz(p: &ToolbarProps) -> Callback<MouseEvent> {
    let scene = p.scene.clone();
    Callback::from(move |_: MouseEvent| {
        let log = crate::core::formats::shiviz::write_shiviz(&scene.placed.trace);
        super::dom::download("lightcone-shiviz.log", "text/plain", &log);
    })
}

/// The search box: finds events by id, action or log field; Enter selects
/// the next one found.
fn search_box(p: &ToolbarProps) -> Html {
    let d = p.dispatch.clone();
    let on_input = Callback::from(move |e: InputEvent| {
        d.dispatch(Action::Search(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))
    });
    let d = p.dispatch.clone();
    let on_key = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" {
            e.prevent_default();
            d.dispatch(Action::FindNext);
        }
    });
    let count = (!p.search.is_empty()).then(|| match p.found.len() {
        1 => "1 event".to_string(),
        n => format!("{n} events"),
    });
    html! {
        <label class="search">{"Find "}
            <input id="search" type="search" placeholder="id, action or log field" value={p.search.clone()}
                   oninput={on_input} onkeydown={on_key} aria-describedby="search-count" />
            <span id="search-count" class="hint" aria-live="polite">{ count.unwrap_or_default() }</span>
        </label>
    }
}

/// Downloads the diagram as a saved file (the trace format with times, the
/// CRDT type and ops, and the format's version).
fn save(p: &ToolbarProps) -> Callback<MouseEvent> {
    let scene = p.scene.clone();
    Callback::from(move |_: MouseEvent| {
        let text = scene.document.to_saved_json(&scene.placed);
        super::dom::download("lightcone.json", "application/json", &text);
    })
}

/// Opens the chosen file in place of the diagram (which stays on error).
fn open_file(p: &ToolbarProps) -> Callback<Event> {
    let d = p.dispatch.clone();
    Callback::from(move |e: Event| {
        let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            open_in(file, d.clone());
        }
        input.set_value("");
    })
}

/// Files dropped on the page: one opens as a diagram (or a log); several
/// are logs of one run, to import together.
pub fn open_dropped(files: web_sys::FileList, d: UseReducerDispatcher<AppState>) {
    let all: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
    if all.len() == 1 {
        return open_in(all[0].clone(), d);
    }
    super::dom::read_texts(all, true, move |texts| match texts {
        Ok(texts) => d.dispatch(Action::Import(Some(std::rc::Rc::new(texts)))),
        Err(e) => d.dispatch(Action::Notice(Some(super::state::Notice {
            text: format!("Not opened: {e}"),
            error: true,
        }))),
    });
}

/// Reads `file` and loads it, or says why not. A file that is not JSON is
/// taken for a log, and opens the import dialog.
pub fn open_in(file: web_sys::File, d: UseReducerDispatcher<AppState>) {
    let name = file.name();
    super::dom::read_file(file, move |text| {
        if let Ok(log) = &text {
            if !log.trim_start().starts_with('{') {
                let files = std::rc::Rc::new(vec![(name, log.clone())]);
                return d.dispatch(Action::Import(Some(files)));
            }
        }
        let loaded = text.and_then(|text| Scene::parse(&text).map_err(|e| format!("{name}: {e}")));
        match loaded {
            Ok(scene) => d.dispatch(Action::Replace(scene, format!("Opened {name}"))),
            Err(error) => d.dispatch(Action::Notice(Some(super::state::Notice {
                text: format!("Not opened: {error}"),
                error: true,
            }))),
        }
    });
}

/// Copies the share link and says how long it is.
fn copy_link(p: &ToolbarProps) -> Callback<MouseEvent> {
    let (scene, view, d) = (p.scene.clone(), p.view, p.dispatch.clone());
    Callback::from(move |_: MouseEvent| {
        let url = super::share_link::copy(&scene, &view);
        let text = format!("Link copied ({} characters): it opens this diagram and view.", url.len());
        d.dispatch(Action::Notice(Some(super::state::Notice { text, error: false })));
    })
}
