//! The toolbar, one row at 1280 px: the labs, the examples, the File,
//! Export and View menus, undo and redo, find, presentation mode, help.

use super::notice::Notice;
use super::presets::PRESETS;
use super::scene::Scene;
use super::state::{Action, AppState, View};
use crate::core::editor::Document;
use crate::core::layout::Orientation;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub view: View,
    pub scene: std::rc::Rc<Scene>,
    /// The diagram as drawn and the words over it: what the SVG and PNG
    /// exports draw.
    pub diagram: std::rc::Rc<super::diagram_layer::DiagramProps>,
    pub head: std::rc::Rc<super::diagram_head::Head>,
    pub lab: super::labs::Lab,
    pub shaping: super::state::Shaping,
    /// Runs of quiet events are collapsed.
    pub collapse: bool,
    pub present: bool,
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
    let d = p.dispatch.clone();
    let on_lab = Callback::from(move |lab| d.dispatch(Action::SetLab(lab)));
    html! {
        <header class="toolbar">
            <h1 class="brand">{"Lightcone"}</h1>
            <super::labs::LabTabs lab={p.lab} on_choose={on_lab} />
            { preset_select(p) }
            { file_menu(p) }
            { export_menu(p) }
            { view_menu(p) }
            <button id="undo" class="icon" onclick={act(Action::Undo)} disabled={!p.can_undo} title="Undo (Ctrl+Z)" aria-label="Undo">{"↶"}</button>
            <button id="redo" class="icon" onclick={act(Action::Redo)} disabled={!p.can_redo} title="Redo (Ctrl+Shift+Z)" aria-label="Redo">{"↷"}</button>
            { search_box(p) }
            <button id="present-toggle" onclick={act(Action::Present(!p.present))} aria-pressed={p.present.to_string()}
                    title="Presentation mode: the diagram alone, with larger type, for a projector (Esc leaves)">{"Present"}</button>
            <button id="help" class="icon" onclick={act(Action::ToggleHelp(Some(true)))} title="Keyboard shortcuts (?)" aria-label="Help">{"?"}</button>
        </header>
    }
}

/// The example diagrams, one choice each.
fn preset_select(p: &ToolbarProps) -> Html {
    let d = p.dispatch.clone();
    let on_preset = Callback::from(move |e: Event| {
        let select = e.target_unchecked_into::<HtmlSelectElement>();
        if let Some(preset) = select.value().parse::<usize>().ok().and_then(|i| PRESETS.get(i)) {
            super::presets::open(preset, &d);
        }
        select.set_value("");
    });
    html! {
        <select id="preset" aria-label="Open an example" onchange={on_preset}>
            <option value="" selected=true>{"Examples…"}</option>
            { for PRESETS.iter().enumerate().map(|(i, pr)| html! { <option value={i.to_string()}>{ pr.about().title }</option> }) }
        </select>
    }
}

fn file_menu(p: &ToolbarProps) -> Html {
    let d = p.dispatch.clone();
    let act = move |a: Action| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(a.clone()))
    };
    let new = Scene::new(Document::with_processes(&["A", "B", "C"])).expect("an empty diagram is valid");
    html! {
        <super::menu::Menu id="menu-file" label="File">
            <button id="new" onclick={act(Action::Replace(new, "New diagram".into()))} title="A new, empty diagram">{"New"}</button>
            <label class="button open-file" title="Open a saved diagram or a trace (or drop the file on the page)">{"Open…"}
                <input id="open-file" class="visually-hidden" type="file" accept=".json,application/json" onchange={open_file(p)} />
            </label>
            <button id="save" onclick={save(p)} title="Download the diagram as a file you can open again (or drop on the page)">{"Save"}</button>
            <button id="import-log" onclick={act(Action::Import(Some(Default::default())))}
                    title="Import a ShiViz / GoVector log (or drop log files on the page)">{"Import log…"}</button>
            <button id="open-gallery" onclick={act(Action::Welcome(true))} title="Lessons, quizzes and every example, with its picture">{"Gallery…"}</button>
            <button id="copy-link" onclick={copy_link(p)} title="Copy a link that opens exactly this diagram and view">{"Copy link"}</button>
        </super::menu::Menu>
    }
}

fn export_menu(p: &ToolbarProps) -> Html {
    html! {
        <super::menu::Menu id="menu-export" label="Export">
            <button id="export-svg" onclick={export_svg(p)} title="The diagram as a self-contained SVG, with its title, labels, highlighting and legend">{"SVG"}</button>
            <label>{"PNG "}
                <select id="export-png" aria-label="Download as PNG" onchange={export_png(p)}>
                    <option value="" selected=true>{"scale…"}</option>
                    <option value="1">{"1x"}</option><option value="2">{"2x"}</option><option value="3">{"3x"}</option>
                </select>
            </label>
            <button id="export-shiviz" onclick={export_shiviz(p)} title="The diagram as a GoVector log that ShiViz opens">{"ShiViz log"}</button>
        </super::menu::Menu>
    }
}

fn view_menu(p: &ToolbarProps) -> Html {
    use crate::core::diagram::hosts::HostOrder;
    let set_view = |f: fn(View, &str) -> View| {
        let (d, view) = (p.dispatch.clone(), p.view);
        Callback::from(move |e: Event| d.dispatch(Action::SetView(f(view, &select_value(&e)))))
    };
    let d = p.dispatch.clone();
    let act = move |a: Action| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(a.clone()))
    };
    let check = |f: fn(bool) -> Action| {
        let d = p.dispatch.clone();
        Callback::from(move |e: Event| {
            d.dispatch(f(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()))
        })
    };
    let on_order = {
        let d = p.dispatch.clone();
        Callback::from(move |e: Event| {
            d.dispatch(Action::SetOrder(HostOrder::from_name(&select_value(&e)).unwrap_or_default()))
        })
    };
    let dark = p.view.dark.unwrap_or(false);
    let legend = p.view.legend;
    let view = p.view;
    let collapse = p.collapse;
    html! {
        <super::menu::Menu id="menu-view" label="View">
            <label>{"Lines "}
                <select id="orientation" onchange={set_view(|v, s| View {
                    orientation: if s == "vertical" { Orientation::Vertical } else { Orientation::Horizontal }, ..v })}>
                    <option value="horizontal" selected={p.view.orientation == Orientation::Horizontal}>{"horizontal"}</option>
                    <option value="vertical" selected={p.view.orientation == Orientation::Vertical}>{"vertical"}</option>
                </select>
            </label>
            <label>{"Order "}
                <select id="order" onchange={on_order}>
                    { for HostOrder::ALL.iter().map(|o| html! {
                        <option value={o.name()} selected={*o == p.shaping.order}>{ o.title() }</option>
                    }) }
                </select>
            </label>
            <label class="check"><input id="collapse" type="checkbox" checked={collapse} onchange={check(Action::SetCollapse)} />{" Collapse runs of quiet events"}</label>
            <label class="check"><input id="legend-toggle" type="checkbox" checked={legend}
                onchange={check_view(p, move |on| View { legend: on, ..view })} />{" Legend"}</label>
            <button id="theme" onclick={act(Action::SetView(View { dark: Some(!dark), ..p.view }))}
                    title="Switch between light and dark">{ if dark { "☀ Light theme" } else { "☾ Dark theme" } }</button>
            <button id="present" onclick={act(Action::Present(!p.present))}>{"Presentation mode"}</button>
        </super::menu::Menu>
    }
}

fn check_view(p: &ToolbarProps, f: impl Fn(bool) -> View + 'static) -> Callback<Event> {
    let d = p.dispatch.clone();
    Callback::from(move |e: Event| {
        d.dispatch(Action::SetView(f(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked())))
    })
}

/// Downloads the diagram as an SVG.
fn export_svg(p: &ToolbarProps) -> Callback<MouseEvent> {
    let (diagram, head, view, d) = (p.diagram.clone(), p.head.clone(), p.view, p.dispatch.clone());
    Callback::from(move |_: MouseEvent| {
        let (svg, _, _) = super::export::picture(&diagram, &head, view.dark == Some(true));
        refused(&d, "SVG export", super::dom::download("lightcone.svg", "image/svg+xml", &svg));
    })
}

/// Downloads the diagram as a PNG at the chosen scale.
fn export_png(p: &ToolbarProps) -> Callback<Event> {
    let (diagram, head, view, d) = (p.diagram.clone(), p.head.clone(), p.view, p.dispatch.clone());
    Callback::from(move |e: Event| {
        let select = e.target_unchecked_into::<HtmlSelectElement>();
        let scale: f64 = select.value().parse().unwrap_or(0.0);
        select.set_value("");
        if scale > 0.0 {
            let (svg, w, h) = super::export::picture(&diagram, &head, view.dark == Some(true));
            let d = d.clone();
            let failed = move |why: String| d.dispatch(Action::Notice(Some(Notice::error(why))));
            super::dom::download_png(&format!("lightcone@{scale}x.png"), &svg, w, h, scale, failed);
        }
    })
}

/// Downloads the diagram as a GoVector log (ShiViz's default expression
/// reads it); imported events keep their log text.
fn export_shiviz(p: &ToolbarProps) -> Callback<MouseEvent> {
    let (scene, d) = (p.scene.clone(), p.dispatch.clone());
    Callback::from(move |_: MouseEvent| {
        let written = crate::core::formats::shiviz::write_shiviz(&scene.placed.trace)
            .map_err(|e| e.to_string())
            .and_then(|log| super::dom::download("lightcone-shiviz.log", "text/plain", &log));
        refused(&d, "ShiViz export", written);
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
    let (scene, d) = (p.scene.clone(), p.dispatch.clone());
    Callback::from(move |_: MouseEvent| {
        let text = scene.document.to_saved_json(&scene.placed);
        refused(&d, "Save", super::dom::download("lightcone.json", "application/json", &text));
    })
}

/// Says why a download could not be offered.
fn refused(d: &UseReducerDispatcher<AppState>, what: &str, result: Result<(), String>) {
    if let Err(why) = result {
        d.dispatch(Action::Notice(Some(Notice::error(format!("{what} failed: {why}.")))));
    }
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
        Err(e) => d.dispatch(Action::Notice(Some(Notice { text: format!("Not opened: {e}"), error: true }))),
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
        if let Ok(text) = &text {
            if crate::core::lesson::Lesson::is_lesson(text) {
                return open_lesson(&name, text, &d);
            }
        }
        let loaded = text.and_then(|text| Scene::parse(&text).map_err(|e| format!("{name}: {e}")));
        match loaded {
            Ok(scene) => d.dispatch(Action::Replace(scene, format!("Opened {name}"))),
            Err(error) => {
                d.dispatch(Action::Notice(Some(Notice { text: format!("Not opened: {error}"), error: true })))
            }
        }
    });
}

/// Opens a lesson file (its name, without `.json`, names it), or says why
/// not, naming the file and the place.
fn open_lesson(file: &str, text: &str, d: &UseReducerDispatcher<AppState>) {
    match crate::core::lesson::Lesson::parse(text) {
        Ok(lesson) => {
            let name = super::start::lesson_name(file.trim_end_matches(".json"));
            d.dispatch(Action::Lesson(super::lesson::Action::Open(name, std::rc::Rc::new(lesson), 0)));
        }
        Err(e) => d.dispatch(Action::Notice(Some(Notice::error(format!("Not opened: {file}: {e}"))))),
    }
}

/// Copies the share link and says how long it is.
fn copy_link(p: &ToolbarProps) -> Callback<MouseEvent> {
    let (scene, view, d) = (p.scene.clone(), p.view, p.dispatch.clone());
    Callback::from(move |_: MouseEvent| {
        let url = super::share_link::copy(&scene, &view);
        let text = format!("Link copied ({} characters): it opens this diagram and view.", url.len());
        d.dispatch(Action::Notice(Some(Notice { text, error: false })));
    })
}
