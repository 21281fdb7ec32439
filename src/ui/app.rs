//! The page: the toolbar, the diagram with its playback bar, and the chosen
//! lab's panel beside it. Computes what the diagram shows from the state
//! (memoised, so a hover or a drag preview recomputes nothing) and runs the
//! effects: autosave, theme, playback timer, window API, shortcuts.

use super::canvas::Canvas;
use super::canvas_lab::LabCanvas;
use super::cut::panel::CutPanel;
use super::diagram_head::Head;
use super::diagram_layer::DiagramProps;
use super::gallery::Gallery;
use super::generator::Generator;
use super::help::Help;
use super::import_dialog::ImportDialog;
use super::inspector::{ClockSettings, Inspector};
use super::itc_panel::ItcPanel;
use super::labs::commit::{CommitLab, CommitLabPanel};
use super::labs::crdt::{CrdtLab, CrdtView};
use super::labs::time::TimeLabPanel;
use super::labs::{self, Lab};
use super::lesson::marks::LessonMarks;
use super::lesson::panel::LessonPanel;
use super::playback_bar::PlaybackBar;
use super::processes::Processes;
use super::quiz::panel::QuizPanel;
use super::scene::Scene;
use super::shared::Shared;
use super::state::{Action, AppState, ClockLabels};
use super::summary::Summary;
use super::toolbar::Toolbar;
use super::view_model::{cone_words, Broken, Proof};
use super::{js_api, keys, start, storage};
use crate::core::diagram::metrics::Style;
use crate::core::diagram::overlay::Overlay;
use crate::core::diagram::texts::Texts;
use crate::core::diagram::{Shape, ShapeOptions};
use crate::core::editor::Edit;
use crate::core::{Analysis, EventIdx};
use std::rc::Rc;
use yew::prelude::*;

#[component]
pub fn App() -> Html {
    let state = use_reducer(start::initial_state);
    let dispatch = state.dispatcher();
    let scene = state.scene().clone();
    let view = state.view;

    let rule = state.lamport_rule();
    let analysis = use_memo((scene.clone(), rule.clone()), |(scene, rule)| {
        // Document::place refuses what would not fit; the page's ticks are at most 1000.
        Shared::new(Analysis::run(&scene.placed.trace, rule).expect("a placed document's clocks fit"))
    });
    let analysis: Shared<Analysis> = (*analysis).clone();
    let crdt_on = state.lab == Lab::Crdt;
    let crdt = use_memo((scene.clone(), state.crdt.causal, crdt_on), |(scene, causal, on)| {
        on.then(|| CrdtView::compute(scene, *causal).map(Rc::new)).flatten()
    });
    let crdt: Option<Rc<CrdtView>> = (*crdt).clone();
    let asked = state.lesson.as_ref().and_then(super::lesson::LessonState::asked_clock);
    let commit = state.commit.lab.as_ref();
    // A replica's events carry their viewstamps where no clock is asked for.
    let stamps = use_memo((scene.clone(), commit.cloned()), |(scene, commit)| {
        let stamps =
            commit.as_ref().map(|c| crate::core::sim::marks::stamps(&c.outcome, &scene.placed.trace));
        stamps.filter(|s| s.iter().any(Option::is_some)).map(Rc::new)
    });
    let stamps: Option<Rc<Vec<Option<String>>>> = (*stamps).clone();
    let texts = {
        let (analysis, crdt) = (analysis.clone(), crdt.clone());
        let quiz = state.quiz.as_ref().map(|(q, _)| q.clone());
        use_memo(
            (scene.clone(), rule.clone(), view.labels, crdt.clone(), asked, quiz, stamps.clone()),
            move |(scene, _, labels, _, asked, quiz, stamps)| {
                let mut texts = texts_of(scene, &analysis, crdt.as_deref(), *labels);
                if let (Some(stamps), ClockLabels::None) = (stamps, labels) {
                    texts.clock = stamps.iter().map(|s| s.clone().map(|s| vec![s])).collect();
                }
                if let Some(q) = quiz {
                    typed_clocks(q, scene, &mut texts);
                }
                // The clock a prediction asks for is not given away.
                if let Some(e) = asked.as_deref().and_then(|id| scene.placed.trace.event_by_id(id)) {
                    if let Some(clock) = texts.clock.get_mut(e as usize) {
                        *clock = Some(vec!["?".to_string()]);
                    }
                }
                Rc::new(texts)
            },
        )
    };
    let texts: Rc<Texts> = (*texts).clone();
    let time = state.time.lab.as_ref();
    // A simulated run (commit or time lab) compresses its idle stretches.
    let simulated = commit.is_some() || time.is_some();
    let collapse = state.shaping.collapse.unwrap_or(simulated || !scene.document.fields.is_empty());
    let options = ShapeOptions {
        orientation: view.orientation,
        order: state.shaping.order,
        hidden: state.shaping.hidden.iter().cloned().collect(),
        collapse,
        // A snapshot's recording points are never folded out of sight.
        expanded: state
            .shaping
            .expanded
            .iter()
            .cloned()
            .chain(commit.into_iter().flat_map(|c| {
                crate::core::sim::snapshot::recording_points(&c.outcome).into_iter().map(String::from)
            }))
            .collect(),
        compress: simulated,
        scale: time.map(|_| super::labs::time::SCALE),
        present: state.present,
        clock_lines: texts.clock.iter().flatten().map(Vec::len).max().unwrap_or(0),
        values_below: texts.below.iter().any(Option::is_some),
        widest_label: texts.widest_clock().max(texts.widest_action()),
        // Room past the lines for each replica's log.
        tail: match stamps.is_some() {
            true => crate::core::diagram::logs::room(&Style::for_present(state.present), view.orientation),
            false => 0.0,
        },
        byzantine: commit.map(|c| c.scenario.model.byzantine.keys().cloned().collect()).unwrap_or_default(),
        until: commit
            .map(|c| crate::core::sim::marks::run_end(&c.scenario))
            .or(time.map(|t| t.run.scenario.until)),
    };
    let make_shape = {
        let analysis = analysis.clone();
        move |scene: &Rc<Scene>, options: &ShapeOptions| {
            let t = &scene.placed.trace;
            let depth_timed = crate::core::layout::depth_times(t) == scene.placed.times;
            Rc::new(Shape::new(t, &scene.placed.times, depth_timed, &analysis.vectors, options))
        }
    };
    let base_shape = {
        let make_shape = make_shape.clone();
        use_memo((scene.clone(), options.clone(), analysis.clone()), move |(scene, options, _)| {
            make_shape(scene, options)
        })
    };
    // A run holding a selected event opens, so it can be seen. Only then
    // does a selection change the shape: selecting any other event keeps
    // the very same shape, so nothing downstream of it is redrawn.
    let opened: std::collections::BTreeSet<String> = [&state.selected, &state.second]
        .into_iter()
        .flatten()
        .filter(|id| {
            scene.placed.trace.event_by_id(id).is_some_and(|e| base_shape.folds.group_of(e).is_some())
        })
        .cloned()
        .collect();
    let shape = use_memo((Shared((*base_shape).clone()), opened), {
        let scene = scene.clone();
        move |(base, opened)| {
            if opened.is_empty() {
                return base.0.clone();
            }
            let mut options = options.clone();
            options.expanded.extend(opened.iter().cloned());
            make_shape(&scene, &options)
        }
    });
    let shape: Rc<Shape> = (*shape).clone();
    let overlay = use_memo(
        (scene.clone(), commit.cloned(), crdt.clone(), time.cloned()),
        |(scene, commit, crdt, time)| {
            let trace = &scene.placed.trace;
            let mut o = commit.as_ref().map(|c| c.overlay(trace)).unwrap_or_default();
            if let Some(c) = crdt {
                o.diverged = c.diverged(&scene.placed.trace);
            }
            if let Some(t) = time {
                o.local_clocks = t.local_clocks(trace, &scene.placed.times);
            }
            Rc::new(o)
        },
    );
    let overlay: Rc<Overlay> = (*overlay).clone();
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
    let focus = use_memo((scene.clone(), selected_idx, (*proof).clone()), |(scene, selected, proof)| {
        Rc::new(focus_of(scene, *selected, proof.as_deref()))
    });
    let marks = {
        let analysis = analysis.clone();
        let quiz = state.quiz.as_ref().map(|(q, _)| q.clone());
        use_memo(
            (scene.clone(), state.lesson.clone(), rule.clone(), quiz),
            move |(scene, lesson, _, quiz)| {
                let trace = &scene.placed.trace;
                match (lesson, quiz) {
                    (Some(l), _) => Some(Rc::new(LessonMarks::new(l, trace, &analysis))),
                    (None, Some(q)) => Some(Rc::new(q.marks(trace))),
                    (None, None) => None,
                }
            },
        )
    };
    let cut_marks = use_memo((scene.clone(), state.cut.clone()), |(scene, cut)| {
        (!cut.frontier.is_empty()).then(|| Rc::new(super::cut::CutMarks::new(&scene.placed.trace, cut)))
    });
    // The step the lab panels show: the playhead's, else just after the
    // selected event, else the end. Events are in time order, so each such
    // prefix is a consistent cut.
    let upto = match (state.playback, selected_idx) {
        (Some(p), _) => p.head.shown,
        (None, Some(e)) => e as usize + 1,
        (None, None) => scene.placed.trace.event_count(),
    };
    let logs =
        use_memo((scene.clone(), commit.cloned(), stamps.is_some(), upto), |(scene, commit, shown, upto)| {
            let c = commit.as_ref().filter(|_| *shown)?;
            Some(Rc::new(logs_at(scene, c, *upto)))
        });
    let diagram = use_memo(
        (
            (
                scene.clone(),
                analysis.clone(),
                Shared(shape.clone()),
                Shared(texts.clone()),
                Shared(overlay.clone()),
                (*focus).clone(),
            ),
            view.labels,
            ((*cone).clone(), (*proof).clone(), (*broken).clone()),
            state.selected_message.clone(),
            state.playback.map(|p| p.head),
            crdt.clone(),
            ((*found).clone(), (*marks).clone(), (*cut_marks).clone(), (*logs).clone()),
        ),
        |(
            (scene, analysis, shape, texts, overlay, focus),
            labels,
            (cone, proof, broken),
            message,
            playhead,
            crdt,
            (found, marks, cut, logs),
        )| {
            Rc::new(DiagramProps {
                scene: scene.clone(),
                analysis: analysis.clone(),
                shape: shape.clone(),
                texts: texts.clone(),
                overlay: overlay.clone(),
                focus: focus.clone(),
                labels: *labels,
                cone: cone.clone(),
                proof: proof.clone(),
                broken: broken.clone(),
                selected_message: message.clone(),
                playhead: *playhead,
                legend_values: crdt.as_deref().map(labs::crdt::values_key),
                legend_payload: crdt.as_deref().map(labs::crdt::payload_key),
                found: (!found.is_empty()).then(|| {
                    let mut marked = vec![false; scene.placed.trace.event_count()];
                    for &e in found.iter() {
                        marked[e as usize] = true;
                    }
                    Rc::new(marked)
                }),
                lesson: marks.clone(),
                cut: cut.clone(),
                logs: logs.clone(),
            })
        },
    );
    let diagram: Rc<DiagramProps> = (*diagram).clone();
    let head = use_memo(
        (scene.clone(), (*proof).clone(), commit.cloned(), (*cut_marks).clone()),
        |(scene, proof, commit, cut)| {
            Rc::new(head_of(scene, proof.as_deref(), commit.as_ref(), cut.as_deref()))
        },
    );
    let head: Rc<Head> = (*head).clone();

    use_effects(&state, &dispatch, &scene);
    let on = use_lab_callbacks(&dispatch);
    labs::commit::use_explorer(state.commit.job(), on.commit.clone());
    let lab_canvas = use_lab_canvas(&state, &on);

    let notice = notice(&state, &dispatch);
    let canvas = html! {
        <Canvas diagram={diagram.clone()} dispatch={dispatch.clone()} reveal={state.reveal.clone()} loaded={state.loaded}
                head={head.clone()} legend={view.legend} lab={lab_canvas} {notice} />
    };
    let playback = html! {
        <PlaybackBar playback={state.playback} speed={state.speed} events={scene.placed.trace.event_count()} dispatch={dispatch.clone()} />
    };
    let lesson = state.lesson.as_ref().map(|l| {
        let run = commit.map(|c| c.outcome.clone());
        let cut = (!state.cut.frontier.is_empty()).then(|| state.cut.cut(&scene.placed.trace));
        html! { <LessonPanel lesson={l.clone()} scene={scene.clone()} analysis={analysis.clone()} {run} {cut} dispatch={dispatch.clone()} /> }
    });
    let quiz = state
        .quiz
        .as_ref()
        .map(|(q, _)| html! { <QuizPanel quiz={q.clone()} dispatch={dispatch.clone()} /> });
    if state.embed.is_some() || state.present {
        let exit = state.present.then(|| {
            let d = dispatch.clone();
            let onclick = Callback::from(move |_: MouseEvent| d.dispatch(Action::Present(false)));
            html! { <button id="present-exit" class="present-exit" {onclick} title="Leave presentation mode (Esc)">{"Exit presentation"}</button> }
        });
        return html! {
            <main class={classes!("lightcone", "embed", state.present.then_some("present"), lesson.is_some().then_some("with-lesson"))}>
                { canvas }{ playback }{ for exit }{ for lesson }
            </main>
        };
    }
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
    let playhead = state.playback.map(|p| p.head.shown);
    let cut_panel = html! { <CutPanel state={state.cut.clone()} scene={scene.clone()} analysis={analysis.clone()} {playhead} on={on.cut.clone()} /> };
    let panel =
        lab_panel(&state, &dispatch, &on, &scene, &analysis, &cone, &proof, crdt.clone(), upto, cut_panel);
    html! {
        <main class="lightcone" ondragover={on_drag_over} ondrop={on_drop}>
            <a class="skip-link" href="#diagram" onclick={skip_to_diagram()}>{"Skip to the diagram"}</a>
            <Toolbar view={view} scene={scene.clone()} diagram={diagram.clone()} head={head.clone()} lab={state.lab}
                     shaping={state.shaping.clone()} {collapse} present={state.present} search={state.search.clone()} found={(*found).clone()}
                     can_undo={state.history.can_undo()} can_redo={state.history.can_redo()} dispatch={dispatch.clone()} />
            <div class="workspace">
                <div class="main-column">
                    { canvas }
                    { playback }
                </div>
                <aside class="side" aria-label={format!("{} lab", state.lab.title())}>
                    { for lesson }
                    if let Some(quiz) = quiz { { quiz } } else { { panel } }
                </aside>
            </div>
            if state.welcome { <Gallery dispatch={dispatch.clone()} lab={state.lab} /> }
            if state.help { <Help dispatch={dispatch.clone()} /> }
            if let Some(files) = state.import.clone() { <ImportDialog {files} dispatch={dispatch.clone()} /> }
        </main>
    }
}

/// The chosen lab's panel.
#[allow(clippy::too_many_arguments)]
fn lab_panel(
    state: &AppState,
    dispatch: &UseReducerDispatcher<AppState>,
    on: &LabCallbacks,
    scene: &Rc<Scene>,
    analysis: &Shared<Analysis>,
    cone: &Option<Rc<Vec<&'static str>>>,
    proof: &Option<Rc<Proof>>,
    crdt: Option<Rc<CrdtView>>,
    upto: usize,
    cut: Html,
) -> Html {
    let inspector = html! {
        <Inspector scene={scene.clone()} analysis={analysis.clone()} selected={state.selected.clone()}
                   selected_message={state.selected_message.clone()} cone={cone.clone()} proof={proof.clone()}
                   dispatch={dispatch.clone()} />
    };
    let doc = &scene.document;
    let ends =
        doc.processes.iter().map(|p| crate::core::editor::snap::end_slot(doc, p)).collect::<Vec<f64>>();
    let retired = doc.processes.iter().map(|p| doc.lifetime(p).1.is_some()).collect::<Vec<bool>>();
    let processes = html! {
        <Processes processes={doc.processes.clone()} ticks={state.lamport_rule().steps.clone()}
                   next_times={ends} retired={retired} hidden={state.shaping.hidden.clone()}
                   dispatch={dispatch.clone()} />
    };
    match state.lab {
        Lab::Causality => html! {
            <>
                <ClockSettings view={state.view} dispatch={dispatch.clone()} />
                { inspector }
                { cut }
                <Summary scene={scene.clone()} analysis={analysis.clone()} selected={state.selected.clone()} dispatch={dispatch.clone()} />
                { processes }
                <Generator settings={state.generator.clone()} dispatch={dispatch.clone()} />
            </>
        },
        Lab::Itc => {
            html! { <><ItcPanel scene={scene.clone()} analysis={analysis.clone()} {upto} />{ inspector }{ processes }</> }
        }
        Lab::Crdt => html! {
            <CrdtLab scene={scene.clone()} view={crdt} {upto} selected_message={state.selected_message.clone()}
                     gossip={state.crdt.gossip} on_edit={on.edit.clone()} on_action={on.crdt.clone()} />
        },
        Lab::Commit => html! {
            <>
                <CommitLabPanel lab={Lab::Commit} state={state.commit.clone()} selected_message={state.selected_message.clone()} on_action={on.commit.clone()} on_cut={on.cut.clone()} />
                if !state.cut.frontier.is_empty() { { cut } }
            </>
        },
        // The cuts come right under the snapshots: a snapshot is judged as a cut.
        Lab::Snapshot => html! {
            <CommitLabPanel lab={Lab::Snapshot} state={state.commit.clone()} selected_message={state.selected_message.clone()} on_action={on.commit.clone()} on_cut={on.cut.clone()} cuts={cut} />
        },
        Lab::Replication => html! {
            <CommitLabPanel lab={Lab::Replication} state={state.commit.clone()} selected_message={state.selected_message.clone()} on_action={on.commit.clone()} on_cut={on.cut.clone()} />
        },
        Lab::Time => html! {
            <TimeLabPanel state={state.time.clone()} selected_message={state.selected_message.clone()} selected={state.selected.clone()} on_action={on.time.clone()} />
        },
    }
}

/// The labs' narrow callbacks: each lab's own actions, and edits of the
/// diagram.
#[derive(Clone, PartialEq)]
struct LabCallbacks {
    edit: Callback<Edit>,
    crdt: Callback<labs::crdt::Action>,
    commit: Callback<labs::commit::Action>,
    time: Callback<labs::time::Action>,
    cut: Callback<super::cut::Action>,
}

/// The labs' callbacks, made once (the dispatcher never changes).
#[hook]
fn use_lab_callbacks(dispatch: &UseReducerDispatcher<AppState>) -> LabCallbacks {
    fn to<T: 'static>(d: &UseReducerDispatcher<AppState>, wrap: fn(T) -> Action) -> Callback<T> {
        let d = d.clone();
        Callback::from(move |a| d.dispatch(wrap(a)))
    }
    let d = dispatch.clone();
    let callbacks = use_memo((), move |_| LabCallbacks {
        edit: to(&d, Action::Edit),
        crdt: to(&d, Action::Crdt),
        commit: to(&d, Action::Commit),
        time: to(&d, Action::Time),
        cut: to(&d, Action::Cut),
    });
    (*callbacks).clone()
}

/// What the lab on screen adds to the canvas. Every lab's hook runs, as
/// hooks must, and the chosen lab's additions are used.
#[hook]
fn use_lab_canvas(state: &AppState, on: &LabCallbacks) -> LabCanvas {
    let kind = state.scene().document.crdt.filter(|_| state.lab == Lab::Crdt);
    let replicas = labs::crdt::use_canvas(kind, state.scene(), state.selected.clone(), &on.edit);
    let drawing = state.commit.lab.as_ref().is_some_and(|c| c.drawing);
    let run = labs::commit::use_canvas(drawing, &on.commit);
    let cut = super::cut::use_canvas(state.cut.drawing, &on.cut);
    match state.lab {
        Lab::Crdt => replicas,
        Lab::Causality | Lab::Snapshot if state.cut.drawing => cut,
        Lab::Commit | Lab::Snapshot | Lab::Replication => run,
        // The time lab's drags set a leg's delay to the millisecond.
        Lab::Time => LabCanvas { exact: true, ..LabCanvas::default() },
        Lab::Causality | Lab::Itc => LabCanvas::default(),
    }
}

/// A quiz's clock question shows the clocks as typed (`?` where none is).
fn typed_clocks(q: &super::quiz::QuizState, scene: &Scene, texts: &mut Texts) {
    use crate::core::quiz::Kind;
    if !matches!(q.tab, Kind::Lamport | Kind::Vector) {
        return;
    }
    let t = &scene.placed.trace;
    texts.clock =
        (0..t.event_count() as EventIdx).map(|e| Some(vec![q.typed(q.tab, t.event_id(e))])).collect();
}

/// Each replica's log after the first `upto` events, titled by where that
/// is: the end, the playhead's step, or the selected event.
fn logs_at(scene: &Scene, c: &CommitLab, upto: usize) -> super::diagram_layer::Logs {
    let trace = &scene.placed.trace;
    let title = match upto {
        n if n >= trace.event_count() => "logs at the end".to_string(),
        0 => "logs at the start".to_string(),
        n => format!("logs after {}", trace.event_id(n as EventIdx - 1)),
    };
    super::diagram_layer::Logs { title, logs: crate::core::sim::marks::logs(&c.outcome, trace, upto) }
}

/// The label texts for the chosen labels.
fn texts_of(scene: &Scene, analysis: &Analysis, crdt: Option<&CrdtView>, labels: ClockLabels) -> Texts {
    let t = &scene.placed.trace;
    let mut texts = Texts::plain(t);
    texts = match labels {
        ClockLabels::None => texts,
        ClockLabels::Lamport => texts.lamport(&analysis.lamport),
        ClockLabels::Vector => texts.vector(&analysis.vectors),
        // Refused stamps (nested too deep) leave no labels; the ITC panel says why.
        ClockLabels::Itc => analysis.itc(t).map_or(texts.clone(), |itc| texts.itc(itc)),
        ClockLabels::Crdt => texts,
    };
    if let Some(c) = crdt {
        c.label(scene, &mut texts, labels == ClockLabels::Crdt);
    }
    texts
}

/// The events whose labels are placed first: the selected one, the one
/// related to it and the chain between them, and the selected event's
/// neighbours on its line and across its messages.
fn focus_of(scene: &Scene, selected: Option<EventIdx>, proof: Option<&Proof>) -> Vec<EventIdx> {
    let t = &scene.placed.trace;
    let Some(e) = selected else { return Vec::new() };
    let mut focus = vec![e];
    if let Some(p) = proof {
        focus.push(p.b);
        focus.extend(p.events.iter().copied());
    }
    focus.extend(t.predecessor(e));
    focus.extend(t.successor(e));
    focus.extend(t.received_by(e).iter().map(|&m| t.send_of(m)));
    focus.extend(t.sent_by(e).iter().filter_map(|&m| t.receive_of(m)));
    focus
}

/// The words over the diagram.
fn head_of(
    scene: &Scene,
    proof: Option<&Proof>,
    commit: Option<&CommitLab>,
    cut: Option<&super::cut::CutMarks>,
) -> Head {
    let doc = &scene.document;
    let caption = scene.caption();
    let more = doc
        .about
        .as_ref()
        .filter(|a| Some(a.as_str()) != caption.as_deref())
        .map(|a| a.strip_prefix(caption.as_deref().unwrap_or_default()).unwrap_or(a).trim().to_string());
    let relation = proof.map(|p| super::inspector::relation_lines(scene, p)).unwrap_or_default();
    let verdict = commit.map(CommitLab::verdict).or_else(|| cut.map(|c| c.verdict(&scene.placed.trace)));
    Head { title: doc.title.clone(), caption, more, relation, verdict }
}

fn notice(state: &AppState, dispatch: &UseReducerDispatcher<AppState>) -> Html {
    let Some(n) = state.notice.clone() else { return html! {} };
    let d = dispatch.clone();
    let close = Callback::from(move |_: MouseEvent| d.dispatch(Action::Notice(None)));
    html! {
        <p id="notice" class={classes!("notice", n.error.then_some("error"))} role={if n.error { "alert" } else { "status" }}>
            { n.text }<button class="dismiss" onclick={close} aria-label="Dismiss">{"×"}</button>
        </p>
    }
}

/// The skip link moves focus to the diagram's first event.
fn skip_to_diagram() -> Callback<MouseEvent> {
    Callback::from(|e: MouseEvent| {
        e.prevent_default();
        let document = web_sys::window().and_then(|w| w.document());
        let first =
            document.as_ref().and_then(|d| d.query_selector("svg.diagram [data-event-id]").ok().flatten());
        let target = first.or_else(|| document.and_then(|d| d.get_element_by_id("diagram")));
        if let Some(el) = target.and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::SvgElement>(t).ok()) {
            let _ = el.focus();
        }
    })
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
            super::lesson::frame::install(dispatch.clone());
            keys::install(dispatch);
        });
    }
    super::quiz::use_quiz_address(state.quiz.as_ref().map(|(q, _)| (q.quiz.seed, q.quiz.level.number())));
    super::lesson::frame::use_step_report(
        state.lesson.as_ref().map(|l| (l.name.clone(), l.step, l.lesson.steps.len())),
    );
    // An embed shows its own diagram; the viewer's saved one stays; a
    // lesson's diagrams are the lesson's, not the student's own.
    let saves = state.embed.is_none()
        && state.lesson.is_none()
        && state.quiz.is_none()
        && state.autosave.saves(scene);
    // A click on an event in a clock question puts the cursor in its field.
    use_effect_with(state.quiz.as_ref().and_then(|(q, _)| q.focus.clone().map(|f| (f, q.tab))), |focus| {
        if let Some(((_, id), tab)) = focus {
            super::dom::focus_field(&format!(
                "quiz-{}-{id}",
                if *tab == crate::core::quiz::Kind::Lamport { "lamport" } else { "vector" }
            ));
        }
    });
    super::autosave::use_autosave(dispatch, scene, saves);
    // A note (not an error) goes away by itself after a while.
    {
        let dispatch = dispatch.clone();
        use_effect_with(state.notice.clone(), move |notice| {
            let timer = notice.as_ref().filter(|n| !n.error).map(|n| {
                let text = n.text.clone();
                super::dom::timeout(8000, move || dispatch.dispatch(Action::NoticeExpired(text)))
            });
            move || drop(timer)
        });
    }
    // A newly created event takes keyboard focus, so keyboard users can go on.
    use_effect_with(state.focus.clone(), |focus| {
        if let Some((_, id)) = focus {
            super::dom::focus_event(id);
        }
    });
    let embedded = state.embed.is_some();
    use_effect_with(state.view, move |view| {
        // Nor are an embed's view settings the viewer's.
        if !embedded {
            storage::save_view(view);
        }
        super::dom::set_theme(view.dark);
    });
    let playing = state.playback.is_some_and(|p| p.playing);
    let dispatch = dispatch.clone();
    use_effect_with(playing, move |&playing| {
        let timer = playing.then(|| start::ticks(dispatch));
        move || {
            if let Some((id, _closure)) = timer {
                if let Some(w) = web_sys::window() {
                    w.clear_interval_with_handle(id);
                }
            }
        }
    });
}
