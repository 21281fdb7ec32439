//! The page: toolbar, the diagram with playback and summary, and the side
//! panels. Computes what the diagram shows from the state (memoised, so a
//! hover or a drag preview recomputes nothing) and runs the effects:
//! autosave, theme, playback timer, window API, shortcuts.

use super::canvas::Canvas;
use super::commit_lab::CommitLabPanel;
use super::crdt_lab::CrdtLab;
use super::crdt_view::CrdtView;
use super::diagram_layer::{clock_text, label_lines, LayerProps};
use super::gallery::Gallery;
use super::generator::Generator;
use super::help::Help;
use super::import_dialog::ImportDialog;
use super::inspector::Inspector;
use super::itc_panel::ItcPanel;
use super::playback_bar::PlaybackBar;
use super::presets::PRESETS;
use super::processes::Processes;
use super::shared::Shared;
use super::state::ClockLabels;
use super::state::{Action, AppState, Notice, Scene};
use super::summary::Summary;
use super::toolbar::Toolbar;
use super::view_model::{cone_words, Broken, Proof};
use super::{js_api, keys, storage};
use crate::core::layout::{layout, Spacing};
use crate::core::Analysis;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// The state on page load, embedded as the address says (`?embed`,
/// `&edit`, `&step=N`).
fn initial_state() -> AppState {
    let mut state = loaded_state();
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let params: Vec<(&str, &str)> =
        search.trim_start_matches('?').split('&').map(|p| p.split_once('=').unwrap_or((p, ""))).collect();
    let has = |name: &str| params.iter().any(|(k, _)| *k == name);
    if has("embed") {
        state.embed = Some(super::state::Embed { editable: has("edit") });
        state.notice = None;
        let step = params.iter().find(|(k, _)| *k == "step").and_then(|(_, v)| v.parse::<usize>().ok());
        if let Some(step) = step {
            let shown = step.min(state.scene().placed.trace.event_count());
            let head = crate::core::editor::playback::Playhead { shown, progress: 0.0 };
            state.playback = Some(super::state::Playback { head, playing: false });
        }
    }
    state
}

/// The diagram in the link, else the autosaved diagram, else the first
/// preset.
fn loaded_state() -> AppState {
    let linked = super::share_link::from_location();
    if let Some(Ok((scene, view))) = linked {
        return AppState::new(scene, view, None);
    }
    let broken = linked
        .and_then(Result::err)
        .map(|e| Notice { text: format!("The link's diagram could not be opened: {e}"), error: true });
    let mut state = autosaved_state();
    if broken.is_some() {
        state.notice = broken;
    }
    state
}

fn autosaved_state() -> AppState {
    let preset = || Scene::parse(PRESETS[0].text).expect("presets are valid");
    let (scene, notice) = match storage::load_document() {
        Ok(Some(scene)) => (scene, None),
        Ok(None) => (preset(), None),
        Err(text) => (preset(), Some(Notice { text, error: true })),
    };
    AppState::new(scene, storage::load_view(), notice)
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    let dispatch = state.dispatcher();
    let scene = state.scene().clone();
    let view = state.view;

    let rule = state.lamport_rule();
    let analysis = use_memo((scene.clone(), rule.clone()), |(scene, rule)| {
        Shared::new(Analysis::run(&scene.placed.trace, rule))
    });
    let analysis: Shared<Analysis> = (*analysis).clone();
    let crdt = use_memo((scene.clone(), state.causal), |(scene, causal)| {
        CrdtView::compute(scene, *causal).map(Rc::new)
    });
    let crdt: Option<Rc<CrdtView>> = (*crdt).clone();
    let placed_layout = {
        let (analysis, crdt) = (analysis.clone(), crdt.clone());
        use_memo(
            (scene.clone(), view.rule, view.labels, view.orientation, state.causal),
            move |(scene, _, labels, orientation, _)| {
                let widest = (0..scene.placed.trace.event_count() as u32)
                    .map(|e| {
                        let text = clock_text(&scene.placed.trace, &analysis, crdt.as_deref(), *labels, e)
                            .unwrap_or_default();
                        label_lines(*labels, &text).iter().map(|l| l.len()).max().unwrap_or(0)
                    })
                    .max()
                    .unwrap_or(0);
                let spacing = Spacing::for_labels(*orientation, widest);
                Rc::new(layout(&scene.placed.trace, &scene.placed.times, &spacing, *orientation))
            },
        )
    };
    let selected_idx = state.selected.as_deref().and_then(|id| scene.placed.trace.event_by_id(id));
    let second_idx = state.second.as_deref().and_then(|id| scene.placed.trace.event_by_id(id));
    let cone = {
        let analysis = analysis.clone();
        use_memo((scene.clone(), rule.clone(), selected_idx), move |(scene, _, selected)| {
            selected.map(|e| Rc::new(cone_words(&analysis, scene, e)))
        })
    };
    let proof = {
        let analysis = analysis.clone();
        use_memo((scene.clone(), rule.clone(), selected_idx, second_idx), move |(scene, _, a, b)| {
            match (a, b) {
                (Some(a), Some(b)) => Some(Rc::new(Proof::new(scene, &analysis, *a, *b))),
                _ => None,
            }
        })
    };
    let broken = {
        let analysis = analysis.clone();
        use_memo((scene.clone(), rule.clone()), move |_| Rc::new(Broken::new(&analysis)))
    };
    let found = use_memo((scene.clone(), state.search.clone()), |(scene, search)| {
        Rc::new(super::view_model::found(scene, search))
    });
    let layer = use_memo(
        (
            scene.clone(),
            analysis.clone(),
            (*placed_layout).clone(),
            view.labels,
            ((*cone).clone(), (*proof).clone(), (*broken).clone()),
            state.selected_message.clone(),
            state.playback.map(|p| p.head),
            (crdt.clone(), state.selected.clone(), state.commit.as_ref().is_some_and(|c| c.drawing)),
            (*found).clone(),
        ),
        |(
            scene,
            analysis,
            layout,
            labels,
            (cone, proof, broken),
            selected_message,
            playhead,
            (crdt, selected, drawing),
            found,
        )| {
            Rc::new(LayerProps {
                scene: scene.clone(),
                analysis: analysis.clone(),
                layout: layout.clone(),
                labels: *labels,
                cone: cone.clone(),
                proof: proof.clone(),
                broken: broken.clone(),
                selected_message: selected_message.clone(),
                playhead: *playhead,
                crdt: crdt.clone(),
                selected: selected.clone(),
                drawing: *drawing,
                found: (!found.is_empty()).then(|| {
                    let mut marked = vec![false; scene.placed.trace.event_count()];
                    for &e in found.iter() {
                        marked[e as usize] = true;
                    }
                    Rc::new(marked)
                }),
                window: None,
            })
        },
    );

    // Where "+" adds an event on each line, and which lines have retired;
    // recomputed only on edits, not on every playback tick.
    let lines = use_memo(scene.clone(), |scene| {
        let doc = &scene.document;
        let ends =
            doc.processes.iter().map(|p| crate::core::editor::snap::end_slot(doc, p)).collect::<Vec<f64>>();
        let retired = doc.processes.iter().map(|p| doc.lifetime(p).1.is_some()).collect::<Vec<bool>>();
        (ends, retired)
    });

    use_effects(&state, &dispatch, &scene);

    // The step the ITC panel shows: the playhead's, else just after the
    // selected event, else the end. Events are in time order, so each such
    // prefix is a consistent cut.
    let upto = match (state.playback, selected_idx) {
        (Some(p), _) => p.head.shown,
        (None, Some(e)) => e as usize + 1,
        (None, None) => scene.placed.trace.event_count(),
    };

    let notice = state.notice.clone().map(|n| {
        let d = dispatch.clone();
        let close = Callback::from(move |_: MouseEvent| d.dispatch(Action::Notice(None)));
        html! {
            <p id="notice" class={classes!("notice", n.error.then_some("error"))} role={if n.error { "alert" } else { "status" }}>
                { n.text }<button class="dismiss" onclick={close} aria-label="Dismiss">{"×"}</button>
            </p>
        }
    });
    // A file dropped anywhere on the page opens it.
    let on_drag_over = Callback::from(|e: DragEvent| e.prevent_default());
    let on_drop = {
        let d = dispatch.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(files) = e.data_transfer().and_then(|t| t.files()) {
                super::toolbar::open_dropped(files, d.clone());
            }
        })
    };
    if state.embed.is_some() {
        return html! {
            <main class="lightcone embed">
                <Canvas layer={(*layer).clone()} dispatch={dispatch.clone()} />
                <PlaybackBar playback={state.playback} speed={state.speed} events={scene.placed.trace.event_count()} dispatch={dispatch.clone()} />
            </main>
        };
    }
    html! {
        <main class="lightcone" ondragover={on_drag_over} ondrop={on_drop}>
            <Toolbar view={view} scene={scene.clone()} cone={(*cone).clone()} search={state.search.clone()} found={(*found).clone()} can_undo={state.history.can_undo()} can_redo={state.history.can_redo()} dispatch={dispatch.clone()} />
            { notice.unwrap_or_default() }
            <div class="workspace">
                <div class="main-column">
                    <Canvas layer={(*layer).clone()} dispatch={dispatch.clone()} reveal={state.reveal.clone()} loaded={state.loaded} />
                    <PlaybackBar playback={state.playback} speed={state.speed} events={scene.placed.trace.event_count()} dispatch={dispatch.clone()} />
                    <Summary scene={scene.clone()} analysis={analysis.clone()} selected={state.selected.clone()} dispatch={dispatch.clone()} />
                    <Gallery dispatch={dispatch.clone()} />
                    if view.labels == ClockLabels::Itc {
                        <ItcPanel scene={scene.clone()} analysis={analysis.clone()} {upto} />
                    }
                </div>
                <aside class="side">
                    <Inspector scene={scene.clone()} analysis={analysis.clone()} selected={state.selected.clone()}
                               selected_message={state.selected_message.clone()} cone={(*cone).clone()} proof={(*proof).clone()}
                               dispatch={dispatch.clone()} />
                    <CommitLabPanel lab={state.commit.clone()} selected_message={state.selected_message.clone()} dispatch={dispatch.clone()} />
                    <CrdtLab scene={scene.clone()} view={crdt.clone()} {upto} selected_message={state.selected_message.clone()}
                             gossip={state.gossip} dispatch={dispatch.clone()} />
                    <Processes processes={scene.document.processes.clone()} ticks={rule.steps.clone()}
                               next_times={lines.0.clone()}
                               retired={lines.1.clone()}
                               dispatch={dispatch.clone()} />
                    <Generator settings={state.generator.clone()} dispatch={dispatch.clone()} />
                </aside>
            </div>
            if state.help { <Help dispatch={dispatch.clone()} /> }
            if let Some(files) = state.import.clone() { <ImportDialog {files} dispatch={dispatch.clone()} /> }
        </main>
    }
}

/// Autosave, theme, the window API and shortcuts, and the playback timer.
#[hook]
fn use_effects(
    state: &UseReducerHandle<AppState>,
    dispatch: &UseReducerDispatcher<AppState>,
    scene: &Rc<Scene>,
) {
    let current = use_mut_ref(|| scene.clone());
    *current.borrow_mut() = scene.clone();
    let view = use_mut_ref(|| state.view);
    *view.borrow_mut() = state.view;
    {
        let (dispatch, current, view) = (dispatch.clone(), current.clone(), view.clone());
        use_effect_with((), move |_| {
            js_api::install(dispatch.clone(), current, view);
            keys::install(dispatch);
        });
    }
    {
        let dispatch = dispatch.clone();
        use_effect_with(scene.clone(), move |scene| {
            if let Err(text) = storage::save_document(scene) {
                dispatch.dispatch(Action::AutosaveFailed(text));
            }
        });
    }
    // A newly created event takes keyboard focus, so keyboard users can go on.
    use_effect_with(state.focus.clone(), |focus| {
        if let Some((_, id)) = focus {
            super::dom::focus_event(id);
        }
    });
    use_effect_with(state.view, |view| {
        storage::save_view(view);
        let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element());
        if let Some(root) = root {
            match view.dark {
                Some(dark) => {
                    let _ = root.set_attribute("data-theme", if dark { "dark" } else { "light" });
                }
                None => {
                    let _ = root.remove_attribute("data-theme");
                }
            }
        }
    });
    let playing = state.playback.is_some_and(|p| p.playing);
    let dispatch = dispatch.clone();
    use_effect_with(playing, move |&playing| {
        let timer = playing.then(|| start_ticks(dispatch));
        move || {
            if let Some((id, _closure)) = timer {
                if let Some(w) = web_sys::window() {
                    w.clear_interval_with_handle(id);
                }
            }
        }
    });
}

/// Dispatches `Tick` with the real elapsed seconds, 30 times a second.
fn start_ticks(dispatch: UseReducerDispatcher<AppState>) -> (i32, Closure<dyn Fn()>) {
    let last = Rc::new(RefCell::new(js_sys::Date::now()));
    let closure = Closure::<dyn Fn()>::new(move || {
        let now = js_sys::Date::now();
        let dt = (now - *last.borrow()) / 1000.0;
        *last.borrow_mut() = now;
        dispatch.dispatch(Action::Tick(dt.min(0.25)));
    });
    let id = web_sys::window()
        .and_then(|w| {
            w.set_interval_with_callback_and_timeout_and_arguments_0(closure.as_ref().unchecked_ref(), 33)
                .ok()
        })
        .unwrap_or(0);
    (id, closure)
}
