//! The log import dialog: paste a ShiViz/GoVector log or choose files
//! (several raw logs of one run merge), pick or write the expression, and
//! import. Scanning runs in slices between which the page paints, so a big
//! log shows progress and can be cancelled; a size limit guards the tab.

use super::notice::Notice;
use super::scene::Scene;
use super::state::{Action, AppState};
use crate::core::editor::Document;
use crate::core::formats::shiviz::{build, Format, Imported, Scanner, ShivizError, PRESETS};
use crate::core::formats::text::size;
use std::cell::Cell;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Bytes of log handed to the expression engine between two looks at the
/// clock: the scan's work, not its events, so a slice stays short whatever
/// the expression (one that looks far ahead after every event included).
const SLICE: usize = 64 << 10;
/// Milliseconds of scanning between two painted frames.
const BUDGET_MS: f64 = 12.0;
/// The size limit offered at first, in MB.
const DEFAULT_LIMIT_MB: u32 = 32;
/// The most it may be raised to: the log is held as text in the tab twice
/// over (JavaScript's string and the scanner's copy), and a tab has a few GB.
const MAX_LIMIT_MB: u32 = 256;

#[derive(Properties, PartialEq)]
pub struct ImportProps {
    /// Files the dialog was opened with (dropped on the page).
    pub files: Rc<Vec<(String, String)>>,
    pub dispatch: UseReducerDispatcher<AppState>,
}

#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Reading,
    Scanning {
        progress: f64,
        events: usize,
    },
    /// Scanned: checking the clocks, deriving messages and drawing.
    Building(usize),
    Failed(String),
    /// Several executions: the user picks one (from the named files).
    Choose(Rc<Vec<Imported>>, Rc<str>),
}

#[component]
pub fn ImportDialog(p: &ImportProps) -> Html {
    let files = use_state(|| (*p.files).clone());
    let pasted = use_state(String::new);
    let regex = use_state(|| PRESETS[0].1.to_string());
    let delimiter = use_state(|| PRESETS[0].2.to_string());
    let limit_mb = use_state(|| DEFAULT_LIMIT_MB);
    let status = use_state(|| Status::Idle);
    let cancel = use_mut_ref(|| Rc::new(Cell::new(false)));
    let first = use_node_ref();
    {
        // Keyboard users start in the dialog; closing it (Escape, Close)
        // stops a scan, which would otherwise replace the diagram later.
        let (cancel, first) = (cancel.clone(), first.clone());
        use_effect_with((), move |_| {
            if let Some(el) = first.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
            move || cancel.borrow().set(true)
        });
    }

    {
        // Files dropped on the page while the dialog is open replace the
        // chosen ones.
        let files = files.clone();
        use_effect_with(p.files.clone(), move |given| {
            if !given.is_empty() {
                files.set((**given).clone());
            }
        });
    }
    let clear_files = {
        let files = files.clone();
        Callback::from(move |_: MouseEvent| files.set(Vec::new()))
    };
    let close = {
        let (d, cancel) = (p.dispatch.clone(), cancel.clone());
        Callback::from(move |_: MouseEvent| {
            cancel.borrow().set(true);
            d.dispatch(Action::Import(None));
        })
    };
    let on_preset = {
        let (regex, delimiter) = (regex.clone(), delimiter.clone());
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<HtmlSelectElement>();
            if let Some((_, r, d)) = select.value().parse::<usize>().ok().and_then(|i| PRESETS.get(i)) {
                regex.set(r.to_string());
                delimiter.set(d.to_string());
            }
        })
    };
    let on_files = {
        let (files, status, limit_mb) = (files.clone(), status.clone(), *limit_mb);
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            if let Some(list) = input.files() {
                let chosen: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
                read_all(chosen, limit_mb, files.clone(), status.clone());
            }
        })
    };
    let text_input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_paste = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| {
            pasted.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_limit = {
        let limit_mb = limit_mb.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Ok(mb) = value.parse::<u32>() {
                limit_mb.set(mb.clamp(1, MAX_LIMIT_MB));
            }
        })
    };
    let on_import = {
        let (files, pasted, status, cancel, d) =
            (files.clone(), pasted.clone(), status.clone(), cancel.clone(), p.dispatch.clone());
        let format = Format {
            regex: (*regex).clone(),
            delimiter: Some((*delimiter).clone()).filter(|d| !d.is_empty()),
        };
        let limit = *limit_mb as usize * (1 << 20);
        Callback::from(move |_: MouseEvent| {
            let inputs = if files.is_empty() {
                vec![("pasted log".to_string(), (*pasted).clone())]
            } else {
                (*files).clone()
            };
            if inputs.iter().all(|(_, t)| t.trim().is_empty()) {
                status.set(Status::Failed("Paste a log or choose log files first.".into()));
                return;
            }
            let flag = Rc::new(Cell::new(false));
            *cancel.borrow_mut() = flag.clone();
            run(inputs, format.clone(), limit, flag, status.clone(), d.clone());
        })
    };
    let on_cancel = {
        let (cancel, status) = (cancel.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            cancel.borrow().set(true);
            status.set(Status::Failed("Import cancelled; nothing was changed.".into()));
        })
    };
    let busy = matches!(*status, Status::Scanning { .. } | Status::Reading | Status::Building(_));
    let names: Vec<String> = files.iter().map(|(n, t)| format!("{n} ({})", size(t.len()))).collect();
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="import-title">
            <div class="dialog import-dialog">
                <h2 id="import-title">{"Import a ShiViz / GoVector log"}</h2>
                <p class="hint">{"Each event is a match of the expression, with named groups host, clock (a JSON vector timestamp) and event; other named groups become fields. Several raw GoVector logs of one run, chosen together, merge into one execution."}</p>
                <label class="field">{"Log files "}
                    <input id="import-files" ref={first} type="file" multiple=true onchange={on_files} />
                </label>
                if !names.is_empty() {
                    <p id="import-chosen" class="hint">{ format!("Chosen: {} ", names.join(", ")) }
                        <button id="import-clear" onclick={clear_files} title="Forget the chosen files, to paste a log instead">{"Clear"}</button>
                    </p>
                }
                <label class="field block">{"…or paste a log"}
                    <textarea id="import-text" rows="4" spellcheck="false" value={(*pasted).clone()} oninput={on_paste}
                              placeholder={"alice {\"alice\":1}\nsent hello"} disabled={!files.is_empty()} />
                </label>
                <label class="field">{"Format "}
                    <select id="import-preset" onchange={on_preset}>
                        { for PRESETS.iter().enumerate().map(|(i, (name, r, d))| html! {
                            <option value={i.to_string()} selected={*r == *regex && *d == *delimiter}>{ *name }</option>
                        }) }
                    </select>
                </label>
                <label class="field block">{"Expression (JavaScript syntax)"}
                    <input id="import-regex" type="text" spellcheck="false" value={(*regex).clone()} oninput={text_input(&regex)} />
                </label>
                <label class="field block">{"Execution delimiter (optional)"}
                    <input id="import-delimiter" type="text" spellcheck="false" value={(*delimiter).clone()} oninput={text_input(&delimiter)} />
                </label>
                <label class="field">{"Size limit (MB) "}
                    <input id="import-limit" type="number" min="1" max={MAX_LIMIT_MB.to_string()} value={limit_mb.to_string()} oninput={on_limit} />
                </label>
                { status_view(&status, &p.dispatch) }
                <div class="dialog-buttons">
                    <button id="import-run" onclick={on_import} disabled={busy}>{"Import"}</button>
                    if busy {
                        <button id="import-cancel" onclick={on_cancel}>{"Cancel"}</button>
                    }
                    <button id="import-close" onclick={close}>{"Close"}</button>
                </div>
            </div>
        </div>
    }
}

fn status_view(status: &Status, d: &UseReducerDispatcher<AppState>) -> Html {
    match status {
        Status::Idle => html! {},
        Status::Reading => html! { <p id="import-status" class="hint" role="status">{"Reading files…"}</p> },
        Status::Scanning { progress, events } => html! {
            <p id="import-status" class="hint" role="status">
                <progress id="import-progress" max="1" value={progress.to_string()} />
                { format!(" {:.0}% · {events} events", progress * 100.0) }
            </p>
        },
        Status::Building(events) => html! {
            <p id="import-status" class="hint" role="status">{ format!("Checking the clocks of {events} events and drawing…") }</p>
        },
        Status::Failed(message) => {
            html! { <p id="import-error" class="notice error" role="alert">{ message.clone() }</p> }
        }
        Status::Choose(all, source) => html! {
            <div id="import-executions">
                <p class="hint">{ format!("The log holds {} executions; open one:", all.len()) }</p>
                <ul class="executions">
                    { for all.iter().enumerate().map(|(i, x)| {
                        let (all, d, source) = (all.clone(), d.clone(), source.clone());
                        let open = Callback::from(move |_: MouseEvent| open_execution(&all[i], &source, &d));
                        let name = if x.label.is_empty() { format!("Execution {}", i + 1) } else { x.label.clone() };
                        html! { <li><button class="execution" onclick={open}>
                            { format!("{name} — {} on {}", count(x.trace.event_count(), "event"), count(x.trace.process_count(), "host")) }
                        </button></li> }
                    }) }
                </ul>
            </div>
        },
    }
}

/// Reads the chosen files (refusing any over the limit) into `files`.
fn read_all(
    chosen: Vec<web_sys::File>,
    limit_mb: u32,
    files: UseStateHandle<Vec<(String, String)>>,
    status: UseStateHandle<Status>,
) {
    let total: f64 = chosen.iter().map(|f| f.size()).sum();
    if total > f64::from(limit_mb) * 1_048_576.0 {
        let what = if chosen.len() == 1 { chosen[0].name() } else { format!("{} files", chosen.len()) };
        status.set(Status::Failed(format!(
            "{what}: {} is over the size limit of {limit_mb} MB; raise the limit below to import it",
            size(total as usize)
        )));
        return;
    }
    status.set(Status::Reading);
    super::dom::read_texts(chosen, false, move |texts| match texts {
        Ok(texts) => {
            files.set(texts);
            status.set(Status::Idle);
        }
        Err(e) => status.set(Status::Failed(e)),
    });
}

/// Scans in slices, yielding to the page between them, then builds the
/// executions and opens the only one (or offers the choice).
fn run(
    inputs: Vec<(String, String)>,
    format: Format,
    limit: usize,
    cancelled: Rc<Cell<bool>>,
    status: UseStateHandle<Status>,
    d: UseReducerDispatcher<AppState>,
) {
    // With one file, errors name it (with several, they name theirs).
    let only = (inputs.len() == 1).then(|| inputs[0].0.clone());
    let source: Rc<str> = inputs.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ").into();
    yew::platform::spawn_local(async move {
        let fail = |e: String| status.set(Status::Failed(format!("Not imported: {e}")));
        let named = |mut e: ShivizError| {
            if e.file.is_none() {
                e.file = only.clone();
            }
            e.to_string()
        };
        let mut scanner = match Scanner::new(inputs, &format, limit) {
            Ok(s) => s,
            Err(e) => return fail(named(e)),
        };
        loop {
            let start = js_sys::Date::now();
            let done = loop {
                match scanner.step(SLICE) {
                    Ok(true) => break true,
                    Ok(false) if js_sys::Date::now() - start < BUDGET_MS => {}
                    Ok(false) => break false,
                    Err(e) => return fail(named(e)),
                }
            };
            if done {
                break;
            }
            status.set(Status::Scanning { progress: scanner.progress(), events: scanner.events_found() });
            next_frame().await;
            if cancelled.get() {
                return;
            }
        }
        status.set(Status::Building(scanner.events_found()));
        next_frame().await;
        if cancelled.get() {
            return;
        }
        let executions = match scanner.finish() {
            Ok(x) => x,
            Err(e) => return fail(named(e)),
        };
        let mut built = Vec::with_capacity(executions.len());
        for x in &executions {
            match build(x) {
                Ok(imported) => built.push(imported),
                Err(e) if executions.len() > 1 => {
                    let name = if x.label.is_empty() {
                        "an execution".to_string()
                    } else {
                        format!("\"{}\"", x.label)
                    };
                    return fail(format!("{name}: {}", named(e)));
                }
                Err(e) => return fail(named(e)),
            }
        }
        if cancelled.get() {
            return;
        }
        if built.len() == 1 {
            status.set(Status::Idle);
            if let Err(e) = open(&built[0], &source, &d) {
                fail(e);
            }
        } else {
            status.set(Status::Choose(Rc::new(built), source));
        }
    });
}

/// Resolves at the next animation frame, so the progress is painted (or
/// after 100 ms in a background tab, where frames stop).
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(&resolve);
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn open_execution(x: &Imported, source: &str, d: &UseReducerDispatcher<AppState>) {
    if let Err(text) = open(x, source, d) {
        d.dispatch(Action::Notice(Some(Notice { text: format!("Not imported: {text}"), error: true })));
    }
}

/// Replaces the diagram with an imported execution (titled by its files
/// and execution, what it holds as its caption) and closes the dialog.
fn open(x: &Imported, source: &str, d: &UseReducerDispatcher<AppState>) -> Result<(), String> {
    let mut doc = Document::from_log(x).map_err(|e| e.to_string())?;
    let name = if x.label.is_empty() { String::new() } else { format!(" (\"{}\")", x.label) };
    let holds = format!(
        "{} on {}, with {} derived from their clocks",
        count(x.trace.event_count(), "event"),
        count(x.trace.process_count(), "host"),
        count(x.trace.message_count(), "message")
    );
    doc.title = Some(format!("{source}{name}"));
    doc.about =
        Some(format!("{holds}. Hover an event for its log line; click a collapsed run (×n) to open it."));
    let scene = Scene::new(doc)?;
    let note = format!("Imported {holds}{name}. Hover an event for its log line.");
    d.dispatch(Action::Import(None));
    d.dispatch(Action::Replace(scene, note));
    Ok(())
}

/// "1 event", "2 events".
fn count(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
