//! The diagram's marks, drawn from the core's [`Drawing`]: process lines,
//! a lab's bands and badges, message arrows, event dots, and the placed
//! labels, keyed by id. Only markup: input is handled once on the `<svg>`
//! (see canvas.rs), and this layer re-renders only when what it shows
//! changes, not on hover or while a drag is previewed.
//!
//! A selection re-renders none of the drawing's marks: the dots, arrows,
//! labels and focus stand-ins are components whose props change only with
//! the drawing, and what a selection, a proof, a search or the playhead
//! says of each event is written onto its element directly, for the events
//! whose state changed (see decorations.rs). Yew would otherwise compare
//! every mark's props on every click: five milliseconds at 500 events.

use super::decorations::{use_decorations, Deco};
use super::lesson::marks::LessonMarks;
use super::scene::Scene;
use super::shared::Shared;
use super::state::ClockLabels;
use super::view_model::{Broken, Proof};
use crate::core::diagram::drawing::Drawing;
use crate::core::diagram::glyphs;
use crate::core::diagram::labels::{Kind, Owner, Placed};
use crate::core::diagram::overlay::{Decision, Overlay, OverlayMarks, StatusSpan};
use crate::core::diagram::texts::Texts;
use crate::core::diagram::Shape;
use crate::core::editor::playback::{flight, Flight, Playhead};
use crate::core::layout::Orientation;
use crate::core::{Analysis, EventIdx, MessageIdx};
use std::rc::Rc;
use yew::prelude::*;
use yew::virtual_dom::Key;

/// What the app hands the canvas: the diagram and everything that
/// highlights it.
#[derive(Properties, PartialEq, Clone)]
pub struct DiagramProps {
    pub scene: Rc<Scene>,
    pub analysis: Shared<Analysis>,
    pub shape: Shared<Shape>,
    pub texts: Shared<Texts>,
    pub overlay: Shared<Overlay>,
    /// Events whose labels are placed first.
    pub focus: Rc<Vec<EventIdx>>,
    pub labels: ClockLabels,
    /// `data-cone` words for every event, while an event is selected.
    pub cone: Option<Rc<Vec<&'static str>>>,
    pub proof: Option<Rc<Proof>>,
    pub broken: Rc<Broken>,
    pub selected_message: Option<String>,
    pub playhead: Option<Playhead>,
    /// What the lab's value labels (under a clock's place) and payload
    /// labels (beside an arrow) are, for the legend.
    pub legend_values: Option<String>,
    pub legend_payload: Option<String>,
    /// Events the search found, by event index, while searching.
    pub found: Option<Rc<Vec<bool>>>,
    /// What the lesson's step marks, while a lesson is open.
    pub lesson: Option<Rc<LessonMarks>>,
    /// The cut drawn on the diagram, if any.
    pub cut: Option<Rc<super::cut::CutMarks>>,
    /// Each replica's log at the step the lab shows, drawn beside its line.
    pub logs: Option<Rc<Logs>>,
}

/// The replicas' logs at one step of the run, and what that step is.
#[derive(Clone, Debug, PartialEq)]
pub struct Logs {
    /// "logs at the end", "logs after r2.5".
    pub title: String,
    /// By line.
    pub logs: Vec<crate::core::diagram::logs::LineLog>,
}

/// The layer's props: the diagram, its drawing at the current zoom, and
/// the stretch of the time axis to draw.
#[derive(Properties, PartialEq, Clone)]
pub struct LayerProps {
    pub diagram: Rc<DiagramProps>,
    pub drawing: Shared<Drawing>,
    /// The drawing before a selection re-placed its labels: the same
    /// coordinates and marks (so its element views are kept).
    pub base: Shared<Drawing>,
    /// Draw only what lies in this stretch along the time axis.
    pub window: Option<(f32, f32)>,
}

/// Coordinates are whole SVG units (CSS pixels): integers format far
/// faster than floats, which matters for 500 events on every change.
pub fn num(x: f32) -> String {
    (x.round() as i32).to_string()
}

/// What the layer draws of each drawn event and message that does not
/// change with a selection or a playback step, built once per drawing: its
/// view (with its id and what a screen reader says) and its element's key
/// (a key is an allocation; made here, not on every render).
pub(super) struct Views {
    pub(super) dots: Vec<(EventIdx, DotView, Key)>,
    arrows: Vec<(MessageIdx, ArrowView, AttrValue, Key)>,
}

#[derive(Clone, PartialEq)]
struct LabelView {
    label: Rc<Placed>,
    id: AttrValue,
    event: Option<EventIdx>,
    key: Key,
    /// A protocol note's kind word.
    note: Option<&'static str>,
}

#[component]
pub fn DiagramLayer(p: &LayerProps) -> Html {
    let d = &p.drawing;
    // Keyed by identity (the keys keep what they name alive, so an
    // address is never reused by a newer drawing while it keys a memo).
    let window = p.window.map(|w| (w.0.to_bits(), w.1.to_bits()));
    let views = {
        let p = p.clone();
        let views = use_memo((p.base.clone(), p.diagram.texts.clone(), window), move |_| {
            Rc::new(Views { dots: dot_views(&p), arrows: arrow_views(&p) })
        });
        Shared((*views).clone())
    };
    let labelled = {
        let p = p.clone();
        let labelled = use_memo((p.drawing.clone(), window), move |_| Rc::new(label_views(&p)));
        Shared((*labelled).clone())
    };
    let events_ref = use_node_ref();
    let decos = decorations(p, &views);
    let ring = selection_ring(&views, &decos);
    use_decorations(events_ref.clone(), views.clone(), decos);
    let shown = p.diagram.playhead.map(|h| h.shown);
    let witness = p.diagram.proof.clone().map(Shared);
    if d.dense {
        return html! {
            <g class="layer dense">
                { lines(p) }{ density(p) }
                <Labels views={labelled} {shown} {witness} />
            </g>
        };
    }
    html! {
        <g class="layer">
            { bands(&d.marks, &p.diagram.overlay.statuses, d.layout.orientation == Orientation::Horizontal) }
            { lines(p) }
            { local_ticks(p) }
            { down(&d.marks) }
            { through_hidden(p) }
            { for p.diagram.broken.steps.iter().map(|&(a, b)| broken_step(p, a, b)) }
            <Arrows views={views.clone()} states={arrow_states(p, &views)} />
            <g class="events" ref={events_ref}><Dots views={views.clone()} /></g>
            { ring }
            { recordings(p, &views) }
            { lesson_marks(p, &views) }
            { cut_line(p) }
            { lab_marks(&d.marks, &p.diagram.shape) }
            { breaks(p) }
            <Labels views={labelled} {shown} {witness} />
            <MessageFocus {views} />
            { now_line(p) }
        </g>
    }
}

/// What each drawn event's element says beyond its view, in the order of
/// the drawn dots.
fn decorations(p: &LayerProps, views: &Views) -> Rc<Vec<Deco>> {
    let dp = &p.diagram;
    let deco = |e: EventIdx| Deco {
        cone: dp.cone.as_ref().map(|c| c[e as usize]),
        proof: dp.proof.as_ref().is_some_and(|pr| pr.events.contains(&e)),
        second: dp.proof.as_ref().is_some_and(|pr| pr.b == e),
        later: dp.playhead.is_some_and(|h| e as usize >= h.shown),
        found: dp.found.as_ref().is_some_and(|f| f[e as usize]),
    };
    Rc::new(views.dots.iter().map(|(e, _, _)| deco(*e)).collect())
}

/// The cut as a line across the process lines, between each line's last
/// event inside and its first outside: solid when consistent, dashed when
/// not (its verdict is over the diagram).
fn cut_line(p: &LayerProps) -> Html {
    let Some(cut) = p.diagram.cut.as_ref() else { return html! {} };
    let (trace, l) = (&p.diagram.scene.placed.trace, &p.drawing.layout);
    let times = &p.diagram.shape.times;
    let points: Vec<String> = p
        .diagram
        .shape
        .order
        .iter()
        .filter_map(|&q| {
            let lane = l.lane(q)?;
            let events = trace.process_events(q);
            let k = cut.frontier.get(q as usize).copied().unwrap_or(0) as usize;
            let time = |i: usize| times[events[i] as usize];
            let t = match (k, events.len()) {
                (_, 0) => 0.0,
                (0, _) => (time(0) - 0.5).max(time(0) / 2.0),
                (k, n) if k >= n => time(n - 1) + 0.5,
                (k, _) => (time(k - 1) + time(k)) / 2.0,
            };
            let gap = l.lane_gap() * 0.45;
            let (a, b) = (l.point(t, lane - gap), l.point(t, lane + gap));
            Some(format!("{},{} {},{}", num(a.0), num(a.1), num(b.0), num(b.1)))
        })
        .collect();
    let class = if cut.consistent { "consistent" } else { "inconsistent" };
    html! { <polyline class={classes!("cut-line", class)} data-cut-line={class} points={points.join(" ")} /> }
}

/// A lesson step's marks on the drawn events: a dashed ring for a
/// highlight, a square for a pick, with a tick or a cross once the answer
/// is revealed, and a dashed square with a tick for an event missed. A few
/// elements, drawn over the dots.
fn lesson_marks(p: &LayerProps, views: &Views) -> Html {
    use super::lesson::marks::EventMark;
    let Some(marks) = p.diagram.lesson.as_ref() else { return html! {} };
    let marked = views
        .dots
        .iter()
        .filter_map(|(e, v, _)| marks.events.get(*e as usize).copied().flatten().map(|m| (m, v)));
    html! {
        <g class="lesson-marks">
            { for marked.map(|(m, v)| {
                let r = v.radius + 6.0;
                let outline = match m {
                    EventMark::Highlight => glyphs::disc(v.at, r + 2.0),
                    _ => glyphs::square(v.at, r),
                };
                let badge_at = (v.at.0 + r, v.at.1 - r);
                let badge = match m {
                    EventMark::Right | EventMark::Missed => Some(glyphs::tick(badge_at, 6.0)),
                    EventMark::Wrong => Some(glyphs::cross(badge_at, 6.0)),
                    EventMark::Highlight | EventMark::Picked => None,
                };
                html! {
                    <g class={classes!("lesson-mark", m.word())} data-lesson-mark={m.word()} data-lesson-mark-for={v.id.clone()}>
                        <path class="outline" d={outline} />
                        if let Some(b) = badge { <path class="badge" d={b} /> }
                    </g>
                }
            }) }
        </g>
    }
}

/// A square around each event where a process recorded its state for a
/// snapshot (a shape, so that it is not told by colour alone).
fn recordings(p: &LayerProps, views: &Views) -> Html {
    let at = &p.diagram.overlay.recording;
    if at.is_empty() {
        return html! {};
    }
    html! {
        <g class="recordings">
            { for views.dots.iter().filter(|(e, _, _)| at.contains(e)).map(|(e, v, _)| {
                // Faded with its event while the playback has not reached it.
                let later = p.diagram.playhead.is_some_and(|h| *e as usize >= h.shown).then_some("later");
                html! { <path class={classes!("recording", later)} data-recording-for={v.id.clone()} d={glyphs::square(v.at, v.radius + 5.0)} /> }
            }) }
        </g>
    }
}

/// The ring around the selected event, drawn over the dots (one element,
/// where a ring in every dot would cost the browser 500).
fn selection_ring(views: &Views, decos: &[Deco]) -> Html {
    let Some(i) = decos.iter().position(|d| d.cone == Some("self")) else { return html! {} };
    let v = &views.dots[i].1;
    let later = decos[i].later.then_some("later");
    html! { <path class={classes!("ring", later)} data-ring-for={v.id.clone()} d={glyphs::disc(v.at, v.radius + 4.0)} /> }
}

fn in_window(p: &LayerProps, at: (f32, f32)) -> bool {
    p.window.is_none_or(|(lo, hi)| (lo..=hi).contains(&p.drawing.layout.along_of(at)))
}

fn lines(p: &LayerProps) -> Html {
    let l = &p.drawing.layout;
    let trace = &p.diagram.scene.placed.trace;
    html! {
        <g class="lines">
            { for p.diagram.shape.order.iter().map(|&q| {
                let name = trace.process_name(q).to_string();
                let ((x1, y1), (x2, y2)) = l.line(q);
                let marked = p.diagram.lesson.as_ref().is_some_and(|m| m.processes.get(q as usize).copied().unwrap_or(false));
                html! {
                    <g class={classes!("process", marked.then_some("highlight"))} key={format!("p-{name}")} data-process={name.clone()}>
                        <title>{ name }</title>
                        <line x1={num(x1)} y1={num(y1)} x2={num(x2)} y2={num(y2)} />
                    </g>
                }
            }) }
            { for p.diagram.shape.order.iter().map(|&q| lifecycle(p, q)) }
        </g>
    }
}

/// The dashed connectors where process `q`'s line branches off its fork and
/// merges into its join.
fn lifecycle(p: &LayerProps, q: u32) -> Html {
    let trace = &p.diagram.scene.placed.trace;
    let l = &p.drawing.layout;
    let name = trace.process_name(q);
    let ((sx, sy), (ex, ey)) = l.line(q);
    let broken = |a: EventIdx, b: EventIdx| p.diagram.broken.links.contains(&(a, b));
    let later = |e: EventIdx| p.diagram.playhead.is_some_and(|h| e as usize >= h.shown);
    let fork = trace.forked_by(q).and_then(|f| l.shown(f).map(|at| (f, at))).map(|(f, (x, y))| {
        let first = trace.process_events(q).first().copied().or(trace.joined_by(q));
        let class = classes!(
            "fork-link",
            first.is_some_and(|c| broken(f, c)).then_some("broken"),
            later(f).then_some("later")
        );
        html! {
            <line class={class} key={format!("fork-{name}")} data-fork={name.to_string()}
                  x1={num(x)} y1={num(y)} x2={num(sx)} y2={num(sy)} marker-end="url(#arrowhead)" />
        }
    });
    let join = trace.joined_by(q).and_then(|j| l.shown(j).map(|at| (j, at))).map(|(j, (x, y))| {
        let class = classes!(
            "join-link",
            trace.last_of(q).is_some_and(|l| broken(l, j)).then_some("broken"),
            later(j).then_some("later")
        );
        let (tx, ty) =
            crate::core::diagram::geometry::short_of((ex, ey), (x, y), p.diagram.shape.style.arrow_cut());
        html! {
            <line class={class} key={format!("join-{name}")} data-join={name.to_string()}
                  x1={num(ex)} y1={num(ey)} x2={num(tx)} y2={num(ty)} marker-end="url(#arrowhead)" />
        }
    });
    html! { <g class="lifecycle">{ for fork }{ for join }</g> }
}

fn density(p: &LayerProps) -> Html {
    let trace = &p.diagram.scene.placed.trace;
    let buckets = crate::core::diagram::density::density(trace, &p.drawing.layout, 6.0, p.window);
    html! {
        <g class="density" data-density="">
            { for buckets.iter().map(|b| html! {
                <rect x={num(b.rect.x0)} y={num(b.rect.y0)} width={num(b.rect.width().max(1.0))} height={num(b.rect.height())}>
                    <title>{ format!("{}: {} event{}", trace.process_name(b.process), b.count, if b.count == 1 { "" } else { "s" }) }</title>
                </rect>
            }) }
        </g>
    }
}

fn bands(m: &OverlayMarks, statuses: &[StatusSpan], horizontal: bool) -> Html {
    html! {
        <g class="bands">
            { for m.views.iter().map(|&(k, r, _)| {
                let (x1, y1) = if horizontal { (r.x0, r.y1) } else { (r.x1, r.y0) };
                html! {
                    <g class={classes!("view-band", (k % 2 == 1).then_some("odd"))} data-view={k.to_string()}>
                        <rect x={num(r.x0)} y={num(r.y0)} width={num(r.width())} height={num(r.height())} />
                        if k > 0 { <line class="view-start" x1={num(r.x0)} y1={num(r.y0)} x2={num(x1)} y2={num(y1)} /> }
                    </g>
                }
            }) }
            { for m.primaries.iter().map(|(q, r)| html! {
                <rect class="primary-band" data-primary={q.to_string()} x={num(r.x0)} y={num(r.y0)} width={num(r.width())} height={num(r.height())} />
            }) }
            { for m.bands.iter().map(|(k, r)| html! {
                <rect class="partition" data-partition={k.to_string()} x={num(r.x0)} y={num(r.y0)} width={num(r.width())} height={num(r.height())} />
            }) }
            { for m.blocked.iter().map(|(q, r)| html! {
                <rect class="blocked" data-blocked={q.to_string()} x={num(r.x0)} y={num(r.y0)} width={num(r.width())} height={num(r.height())} />
            }) }
            { for m.statuses.iter().map(|(k, r, _)| {
                let word = statuses.get(*k).map_or("", |s| s.word);
                html! {
                    <rect class={classes!("status-band", word)} data-status={word} x={num(r.x0)} y={num(r.y0)} width={num(r.width())} height={num(r.height())} />
                }
            }) }
        </g>
    }
}

fn down(m: &OverlayMarks) -> Html {
    html! {
        <g class="down">
            { for m.down.iter().map(|&(_, (x1, y1), (x2, y2))| html! {
                <line x1={num(x1)} y1={num(y1)} x2={num(x2)} y2={num(y2)} />
            }) }
        </g>
    }
}

fn through_hidden(p: &LayerProps) -> Html {
    let l = &p.drawing.layout;
    let shape = &p.diagram.shape;
    html! {
        <g class="through-hidden">
            { for shape.through_hidden.iter().filter_map(|&(a, b)| {
                let ((x1, y1), (x2, y2)) = (l.shown(shape.folds.shown_as(a))?, l.shown(b)?);
                Some(html! { <line x1={num(x1)} y1={num(y1)} x2={num(x2)} y2={num(y2)} marker-end="url(#open)" /> })
            }) }
        </g>
    }
}

fn broken_step(p: &LayerProps, a: EventIdx, b: EventIdx) -> Html {
    let l = &p.drawing.layout;
    let (Some((x1, y1)), Some((x2, y2))) = (l.shown(a), l.shown(b)) else { return html! {} };
    let t = &p.diagram.scene.placed.trace;
    html! {
        <line class="broken-step" key={format!("s-{}-{}", t.event_id(a), t.event_id(b))}
              x1={num(x1)} y1={num(y1)} x2={num(x2)} y2={num(y2)} />
    }
}

/// What an arrow looks like apart from selection and playback; compared by
/// value so an unchanged arrow is not re-rendered.
#[derive(Clone, PartialEq)]
struct ArrowView {
    id: AttrValue,
    from: (f32, f32),
    tip: (f32, f32),
    fate: crate::core::diagram::arrows::Fate,
}

/// What the relation, the selection and the playhead say of an arrow.
#[derive(Clone, Copy, PartialEq)]
struct ArrowState {
    broken: bool,
    proof: bool,
    selected: bool,
    /// A lesson's step draws attention to it.
    highlight: bool,
    /// Received inside the cut but sent outside it.
    violation: bool,
    /// A protocol's control message (a snapshot's marker).
    control: bool,
    /// A snapshot recorded it in a channel's state.
    recorded: bool,
    flight: Flight,
}

#[derive(Properties, PartialEq)]
struct ArrowProps {
    view: ArrowView,
    state: ArrowState,
}

fn arrow_views(p: &LayerProps) -> Vec<(MessageIdx, ArrowView, AttrValue, Key)> {
    let t = &p.diagram.scene.placed.trace;
    let drawn = p.drawing.arrows.iter().flatten().filter(|a| in_window(p, a.from) || in_window(p, a.to));
    drawn
        .map(|a| {
            let id = t.message_id(a.message);
            let to = t
                .receive_of(a.message)
                .map_or("nowhere: lost or in flight".to_string(), |r| t.event_id(r).to_string());
            let aria = format!("message {id} from {} to {to}", t.event_id(t.send_of(a.message)));
            let view =
                ArrowView { id: AttrValue::from(id.to_string()), from: a.from, tip: a.tip, fate: a.fate };
            (a.message, view, aria.into(), Key::from(id))
        })
        .collect()
}

/// Each drawn arrow's state, in the order of the drawn arrows: compared by
/// value, so the arrows re-render only when one of them changed.
fn arrow_states(p: &LayerProps, views: &Views) -> Rc<Vec<ArrowState>> {
    let dp = &p.diagram;
    let (trace, times) = (&dp.scene.placed.trace, &dp.shape.times);
    let state = |m: MessageIdx, id: &str| ArrowState {
        broken: dp.broken.messages.contains(&m),
        proof: dp.proof.as_ref().is_some_and(|pr| pr.messages.contains(&m)),
        selected: dp.selected_message.as_deref() == Some(id),
        highlight: dp.lesson.as_ref().is_some_and(|l| l.messages.get(m as usize).copied().unwrap_or(false)),
        violation: dp.cut.as_ref().is_some_and(|c| c.violations.contains(&m)),
        control: dp.overlay.control.contains(&m),
        recorded: dp.overlay.recorded.contains(&m),
        flight: dp.playhead.map_or(Flight::Arrived, |h| flight(trace, times, &h, m)),
    };
    Rc::new(views.arrows.iter().map(|(m, view, _, _)| state(*m, &view.id)).collect())
}

#[derive(Properties, PartialEq)]
struct ArrowsProps {
    views: Shared<Views>,
    states: Rc<Vec<ArrowState>>,
}

#[component]
fn Arrows(p: &ArrowsProps) -> Html {
    html! {
        <g class="messages">
            { for p.views.arrows.iter().zip(p.states.iter()).map(|((_, view, _, key), &state)| html! {
                <Arrow key={key.clone()} view={view.clone()} {state} />
            }) }
        </g>
    }
}

#[component]
fn Arrow(p: &ArrowProps) -> Html {
    use crate::core::diagram::arrows::Fate;
    let (v, a) = (&p.view, &p.state);
    let ((x1, y1), (x2, y2)) = (v.from, v.tip);
    let reach = match a.flight {
        Flight::InFlight(f) => f as f32,
        _ => 1.0,
    };
    let (ex, ey) = (x1 + (x2 - x1) * reach, y1 + (y2 - y1) * reach);
    let state = if matches!(a.flight, Flight::InFlight(_)) { Fate::InFlight } else { v.fate };
    let class = classes!(
        "message",
        state.word(),
        a.broken.then_some("broken"),
        a.proof.then_some("proof"),
        a.selected.then_some("selected"),
        a.highlight.then_some("highlight"),
        a.violation.then_some("violation"),
        a.control.then_some("control"),
        a.recorded.then_some("recorded"),
        matches!(a.flight, Flight::Unsent).then_some("later"),
    );
    let marker = match state {
        Fate::Delivered => "url(#arrowhead)",
        Fate::InFlight => "url(#open)",
        Fate::Lost => "",
    };
    html! {
        <g class={class} data-message-id={v.id.clone()} data-message-state={state.word()}>
            <line x1={num(x1)} y1={num(y1)} x2={num(ex)} y2={num(ey)} marker-end={marker} />
            if state == Fate::Lost {
                <path class="lost-mark" d={glyphs::cross((ex, ey), 5.0)} />
            }
        </g>
    }
}

/// What an event looks like apart from selection and playback; compared by
/// value so an unchanged event is not re-rendered.
#[derive(Clone, PartialEq)]
pub(super) struct DotView {
    id: AttrValue,
    kind: &'static str,
    at: (f32, f32),
    radius: f32,
    /// A collapsed run's mark: the number of events it stands for.
    run: Option<usize>,
    horizontal: bool,
    aria: AttrValue,
}

#[derive(Properties, PartialEq)]
struct DotProps {
    view: DotView,
}

fn dot_views(p: &LayerProps) -> Vec<(EventIdx, DotView, Key)> {
    let dp = &p.diagram;
    let (trace, shape) = (&dp.scene.placed.trace, &dp.shape);
    let horizontal = p.drawing.layout.orientation == Orientation::Horizontal;
    (0..trace.event_count() as EventIdx)
        .filter_map(|e| {
            let at = p.drawing.layout.shown(e).filter(|&a| shape.drawn(trace, e) && in_window(p, a))?;
            let run = shape.folds.group_of(e).map(|g| g.events.len());
            let view = DotView {
                id: AttrValue::from(trace.event_id(e).to_string()),
                kind: trace.kind(e).as_str(),
                at,
                radius: shape.style.dot,
                run,
                horizontal,
                aria: aria(p, e, run).into(),
            };
            Some((e, view, Key::from(trace.event_id(e))))
        })
        .collect()
}

#[derive(Properties, PartialEq)]
struct MarksProps {
    views: Shared<Views>,
}

/// The event dots, one element each, in the order of `views.dots` (the
/// decorations find each event's element by its place).
#[component]
fn Dots(p: &MarksProps) -> Html {
    html! {
        { for p.views.dots.iter().map(|(_, view, key)| html! { <Dot key={key.clone()} view={view.clone()} /> }) }
    }
}

/// What a screen reader says of an event.
fn aria(p: &LayerProps, e: EventIdx, run: Option<usize>) -> String {
    let trace = &p.diagram.scene.placed.trace;
    let texts = &p.diagram.texts;
    let clock = texts.clock.get(e as usize).cloned().flatten().map(|l| l.join(""));
    let mut text = format!(
        "{}: {} event on {}",
        trace.event_id(e),
        trace.kind(e).as_str(),
        trace.process_name(trace.process_of(e))
    );
    if let Some(n) = run {
        text.push_str(&format!(", a collapsed run of {n} events (Enter opens it)"));
    }
    if let Some(l) = trace.label(e) {
        text.push_str(&format!(", action {l}"));
    }
    if let Some(c) = clock {
        text.push_str(&format!(", clock {c}"));
    }
    text
}

/// An event's dot. Its `data-cone` and its `proof`, `second`, `later` and
/// `found` classes are written by the decorations, never here.
#[component]
fn Dot(d: &DotProps) -> Html {
    let v = &d.view;
    let (x, y) = v.at;
    let class = classes!("event", v.kind, v.run.is_some().then_some("run"));
    let r = num(v.radius);
    let stack = |off: f32| if v.horizontal { (x + off, y) } else { (x, y + off) };
    html! {
        <g class={class} data-event-id={v.id.clone()} data-run={v.run.map(|n| n.to_string())}
           tabindex="0" role="button" aria-label={v.aria.clone()}>
            // Only the dot itself is a circle: one per event, on the page
            // as in the export.
            if v.run.is_some() {
                { for glyphs::run_stack(v.radius).iter().rev().skip(1).map(|&off| {
                    html! { <path class="behind" d={glyphs::disc(stack(off), v.radius)} /> }
                }) }
            }
            <circle cx={num(x)} cy={num(y)} r={r} />
        </g>
    }
}

fn lab_marks(m: &OverlayMarks, shape: &Shape) -> Html {
    let style = &shape.style;
    let r = OverlayMarks::badge(style);
    html! {
        <g class="lab-marks">
            { for m.crashes.iter().map(|&(q, c)| html! {
                <path class="crash" data-crash={shape.names[q as usize].clone()} d={glyphs::cross(c, style.dot * 0.9)} />
            }) }
            { for m.decisions.iter().map(|&(e, decision, c, conflict)| {
                let (outline, sign) = match decision {
                    Decision::Commit => (glyphs::disc(c, r), glyphs::tick(c, r)),
                    Decision::Abort => (glyphs::square(c, r), glyphs::cross(c, r * 0.5)),
                };
                html! {
                    <g class={classes!("decision", decision.word(), conflict.then_some("conflict"))}
                       data-decision={decision.word()} data-decision-event={e.to_string()}>
                        if conflict { <path class="conflict-ring" d={glyphs::disc(c, r + 4.0)} /> }
                        <path class="badge" d={outline} />
                        <path class="sign" d={sign} />
                    </g>
                }
            }) }
            { for m.diverged.iter().map(|&(_, c)| html! {
                <path class="diverged" data-diverged="" d={glyphs::diamond(c, r)} />
            }) }
        </g>
    }
}

/// Each line's local-time ticks in the window (their readings are labels).
fn local_ticks(p: &LayerProps) -> Html {
    let (d, style) = (&p.drawing, &p.diagram.shape.style);
    if d.ticks.is_empty() {
        return html! {};
    }
    let trace = &p.diagram.scene.placed.trace;
    html! {
        <g class="local-ticks">
            { for d.ticks.iter().filter(|t| in_window(p, t.at)).map(|t| html! {
                <path class="local-tick" d={t.path(d.layout.orientation, style)}
                      data-process={trace.process_name(t.process).to_string()} data-local-time={t.text.clone()} />
            }) }
        </g>
    }
}

fn breaks(p: &LayerProps) -> Html {
    let l = &p.drawing.layout;
    let horizontal = l.orientation == Orientation::Horizontal;
    let lanes: Vec<f32> = p.diagram.shape.order.iter().filter_map(|&q| l.lane(q)).collect();
    html! {
        <g class="breaks">
            { for l.axis.breaks.iter().map(|b| {
                let along = l.spacing().names + b.middle() as f32 * l.spacing().time;
                let points: Vec<(f32, f32)> =
                    lanes.iter().map(|&lane| if horizontal { (along, lane) } else { (lane, along) }).collect();
                html! { <path class="axis-break" data-break="" d={glyphs::axis_break(&points, p.diagram.shape.style.dot * 0.9, horizontal)} /> }
            }) }
        </g>
    }
}

/// The `data-label-for` of a label's owner.
fn owner_id(p: &LayerProps, owner: Owner) -> (String, Option<EventIdx>) {
    let t = &p.diagram.scene.placed.trace;
    match owner {
        Owner::Event(e) => (t.event_id(e).to_string(), Some(e)),
        Owner::Message(m) => (t.message_id(m).to_string(), Some(t.send_of(m))),
        Owner::Process(q) => (t.process_name(q).to_string(), None),
        Owner::Break(_) => ("axis".to_string(), None),
        Owner::View(k) => (format!("view-{k}"), None),
        Owner::Status(k) => (format!("status-{k}"), None),
        Owner::Note(k) => match p.diagram.overlay.notes.get(k as usize) {
            Some(n) => (t.event_id(n.event).to_string(), Some(n.event)),
            None => ("note".to_string(), None),
        },
        Owner::Tick(i) => {
            let q = p.drawing.ticks.get(i as usize).map_or(0, |t| t.process);
            (t.process_name(q).to_string(), None)
        }
    }
}

fn label_views(p: &LayerProps) -> Vec<LabelView> {
    // Keys must be unique: an event may carry two values (above and below).
    let mut seen: std::collections::HashMap<(Owner, Kind), u8> = std::collections::HashMap::new();
    p.drawing
        .labels
        .labels
        .iter()
        .map(|l| {
            let n = seen.entry((l.owner, l.kind)).or_default();
            *n += 1;
            let (id, event) = owner_id(p, l.owner);
            let key = match l.owner {
                Owner::Note(k) => Key::from(format!("note-{k}")),
                _ => Key::from(format!("{}-{n}-{id}", l.kind.word())),
            };
            let note = match l.owner {
                Owner::Note(k) => p.diagram.overlay.notes.get(k as usize).map(|n| n.kind.word()),
                _ => None,
            };
            LabelView { label: Rc::new(l.clone()), id: id.into(), event, key, note }
        })
        .collect()
}

#[derive(Properties, PartialEq)]
struct LabelsProps {
    views: Shared<Vec<LabelView>>,
    /// The playhead's count of events shown; later events' labels hide.
    shown: Option<usize>,
    /// The relation's proof, whose witness entry a clock label emphasises.
    witness: Option<Shared<Proof>>,
}

#[component]
fn Labels(p: &LabelsProps) -> Html {
    html! {
        <g class="labels">
            { for p.views.iter().map(|v| {
                let later = v.event.is_some_and(|e| p.shown.is_some_and(|shown| e as usize >= shown));
                let witness = match (v.label.owner, v.label.kind) {
                    (Owner::Event(e), Kind::Clock) => p.witness.as_ref().and_then(|pr| pr.witness_entry(e)),
                    _ => None,
                };
                html! { <Label key={v.key.clone()} label={v.label.clone()} id={v.id.clone()} {later} {witness} note={v.note} /> }
            }) }
        </g>
    }
}

#[derive(Properties, PartialEq)]
struct LabelProps {
    label: Rc<Placed>,
    id: AttrValue,
    later: bool,
    witness: Option<usize>,
    /// A protocol note's kind word: drawn boxed.
    note: Option<&'static str>,
}

#[component]
fn Label(p: &LabelProps) -> Html {
    let l = &p.label;
    let (x, y) = l.at;
    let class = classes!("label", l.kind.word(), p.later.then_some("later"));
    let line_height = (l.size * crate::core::diagram::metrics::LINE).round();
    // One line needs no tspan: most labels are one line, and every element
    // costs the browser style and layout.
    let body = match l.lines.as_slice() {
        [one] => witnessed(one, p.witness),
        lines => html! {
            { for lines.iter().enumerate().map(|(i, line)| html! {
                <tspan x={num(x)} dy={if i == 0 { "0".to_string() } else { num(line_height) }}>
                    { witnessed(line, p.witness) }
                </tspan>
            }) }
        },
    };
    let text = html! {
        <text {class} data-label-for={p.id.clone()} data-label-kind={l.kind.word()} x={num(x)} y={num(y)}
              text-anchor={l.anchor.word()}>{ body }</text>
    };
    let Some(word) = p.note else { return text };
    let r = l.rect;
    use crate::core::render::NOTE_INSET;
    // The box is the label's own, placed by the core: it covers nothing
    // another label or mark holds.
    html! {
        <g class={classes!("note", word, p.later.then_some("later"))} data-note={word}>
            <rect class="note-box" x={num(r.x0 + NOTE_INSET)} y={num(r.y0 + NOTE_INSET)}
                  width={num(r.width() - 2.0 * NOTE_INSET)} height={num(r.height() - 2.0 * NOTE_INSET)} rx="3" />
            { text }
        </g>
    }
}

/// A vector label with one entry emphasised (the witness of concurrency).
fn witnessed(line: &str, witness: Option<usize>) -> Html {
    let Some(w) = witness.filter(|_| line.starts_with('[')) else {
        return html! { { line.to_string() } };
    };
    let entries: Vec<&str> = line.trim_matches(|c| c == '[' || c == ']').split(',').collect();
    html! {
        <>
            {"["}
            { for entries.iter().enumerate().map(|(i, x)| html! {
                <>
                    { if i > 0 { "," } else { "" } }
                    if i == w { <tspan class="witness">{ x.to_string() }</tspan> } else { { x.to_string() } }
                </>
            }) }
            {"]"}
        </>
    }
}

/// Focusable stand-ins for the arrows, after the events, so keyboard users
/// reach every event before the messages (the arrows themselves are drawn
/// under the dots).
#[component]
fn MessageFocus(p: &MarksProps) -> Html {
    html! {
        <g class="message-focus">
            { for p.views.arrows.iter().map(|(_, v, aria, key)| {
                let ((x1, y1), (x2, y2)) = (v.from, v.tip);
                html! {
                    <line key={key.clone()} data-message-focus={v.id.clone()} tabindex="0" role="button" aria-label={aria.clone()}
                          x1={num(x1)} y1={num(y1)} x2={num(x2)} y2={num(y2)} />
                }
            }) }
        </g>
    }
}

fn now_line(p: &LayerProps) -> Html {
    let Some(head) = p.diagram.playhead else { return html! {} };
    let l = &p.drawing.layout;
    let now = head.now(&p.diagram.shape.times);
    let lanes: Vec<f32> = p.diagram.shape.order.iter().filter_map(|&q| l.lane(q)).collect();
    let (first, last) =
        (lanes.first().copied().unwrap_or(0.0) - 30.0, lanes.last().copied().unwrap_or(0.0) + 30.0);
    let ((x1, y1), (x2, y2)) = (l.point(now, first), l.point(now, last));
    html! { <line class="now" x1={num(x1)} y1={num(y1)} x2={num(x2)} y2={num(y2)} /> }
}
