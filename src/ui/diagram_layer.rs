//! The diagram's marks: process lines, message arrows and event dots, keyed
//! by id. Only markup: input is handled once on the `<svg>` (see canvas.rs),
//! and this layer re-renders only when what it shows changes, not on hover
//! or while a drag is previewed.

use super::crdt_view::CrdtView;
use super::shared::Shared;
use super::state::{ClockLabels, Scene};
use super::view_model::{Broken, Proof};
use crate::core::editor::hit::message_end;
use crate::core::editor::playback::{flight, Flight, Playhead};
use crate::core::layout::{Layout, Orientation};
use crate::core::{Analysis, EventIdx, MessageIdx, Trace};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct LayerProps {
    pub scene: Rc<Scene>,
    pub analysis: Shared<Analysis>,
    pub layout: Rc<Layout>,
    pub labels: ClockLabels,
    /// `data-cone` words for every event, while an event is selected.
    pub cone: Option<Rc<Vec<&'static str>>>,
    pub proof: Option<Rc<Proof>>,
    pub broken: Rc<Broken>,
    pub selected_message: Option<String>,
    pub playhead: Option<Playhead>,
    /// The CRDT lab's runs, while it is on.
    pub crdt: Option<Rc<CrdtView>>,
    /// The selected event (the lab's popover follows it).
    pub selected: Option<String>,
    /// The commit lab is drawing a partition: a drag draws it.
    pub drawing: bool,
    /// Events the search found, by event index, while searching.
    pub found: Option<Rc<Vec<bool>>>,
    /// Draw only events and arrows in this stretch of the time axis (a big
    /// diagram; see the canvas).
    pub window: Option<(f32, f32)>,
}

/// The label text of event `e`: its Lamport time, vector timestamp, ITC
/// stamp or CRDT value.
pub fn clock_text(
    trace: &Trace,
    analysis: &Analysis,
    crdt: Option<&CrdtView>,
    labels: ClockLabels,
    e: EventIdx,
) -> Option<String> {
    match labels {
        ClockLabels::None => None,
        ClockLabels::Lamport => Some(analysis.lamport.time(e).to_string()),
        ClockLabels::Vector => {
            let entries: Vec<String> = analysis.vectors.of(e).iter().map(u32::to_string).collect();
            Some(format!("[{}]", entries.join(",")))
        }
        ClockLabels::Itc => Some(analysis.itc(trace).of(e).to_string()),
        ClockLabels::Crdt => crdt.and_then(|c| c.value_text(e)),
    }
}

/// A label as the lines it is drawn on: an ITC stamp `(id,event)` goes on
/// two lines, id above event tree, so long stamps do not spread the diagram.
pub fn label_lines(labels: ClockLabels, text: &str) -> Vec<&str> {
    if labels != ClockLabels::Itc {
        return vec![text];
    }
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 1 => return vec![&text[..=i], &text[i + 1..]],
            _ => {}
        }
    }
    vec![text]
}

/// Coordinates are whole SVG units (about a pixel): integers format far
/// faster than floats, which matters for 500 events on every change.
fn num(x: f32) -> String {
    (x.round() as i32).to_string()
}

#[component]
pub fn DiagramLayer(p: &LayerProps) -> Html {
    let trace = &p.scene.placed.trace;
    // Rebuilt only when the diagram itself changes, not on selection.
    let deps = (p.scene.clone(), p.analysis.clone(), p.layout.clone(), p.labels, p.crdt.clone());
    let dots = {
        let p = p.clone();
        use_memo(deps.clone(), move |_| dot_views(&p))
    };
    let arrows = {
        let p = p.clone();
        use_memo(deps, move |_| arrow_views(&p))
    };
    html! {
        <g class="layer">
            { for (0..trace.process_count() as u32).map(|q| process_line(p, q)) }
            { for p.broken.steps.iter().map(|&(a, b)| broken_step(p, a, b)) }
            { for (0..trace.process_count() as u32).map(|q| lifecycle(p, q)) }
            { for (0..trace.message_count() as u32).filter(|&m| arrow_drawn(p, &arrows, m)).map(|m| message_arrow(p, &arrows, m)) }
            { for (0..trace.event_count() as u32).filter(|&e| dot_drawn(p, &dots, e)).map(|e| event_dot(p, &dots, e)) }
            { now_line(p) }
        </g>
    }
}

/// Where along the time axis a point lies.
fn along(p: &LayerProps, (x, y): (f32, f32)) -> f32 {
    match p.layout.orientation {
        Orientation::Horizontal => x,
        Orientation::Vertical => y,
    }
}

fn dot_drawn(p: &LayerProps, dots: &[DotView], e: EventIdx) -> bool {
    p.window.is_none_or(|(lo, hi)| (lo..=hi).contains(&along(p, dots[e as usize].at)))
}

/// An arrow is drawn when any part of it crosses the window.
fn arrow_drawn(p: &LayerProps, arrows: &[ArrowView], m: MessageIdx) -> bool {
    let Some((lo, hi)) = p.window else { return true };
    let v = &arrows[m as usize];
    let (a, b) = (along(p, v.from), along(p, v.to));
    a.min(b) <= hi && a.max(b) >= lo
}

fn process_line(p: &LayerProps, q: u32) -> Html {
    let name = p.scene.placed.trace.process_name(q).to_string();
    let ((x1, y1), (x2, y2)) = p.layout.line(q);
    let (nx, ny) = p.layout.name_at(q);
    let anchor = if p.layout.orientation == Orientation::Horizontal { "start" } else { "middle" };
    html! {
        <g class="process" key={format!("p-{name}")} data-process={name.clone()}>
            <line x1={num(x1)} y1={num(y1)} x2={num(x2)} y2={num(y2)} />
            <text x={num(nx)} y={num(ny)} class="process-name" text-anchor={anchor} dominant-baseline="middle">{ name }</text>
        </g>
    }
}

/// The dashed connectors where process `q`'s line branches off its fork and
/// merges into its join.
fn lifecycle(p: &LayerProps, q: u32) -> Html {
    let trace = &p.scene.placed.trace;
    let name = trace.process_name(q);
    let ((sx, sy), (ex, ey)) = p.layout.line(q);
    let broken = |a: EventIdx, b: EventIdx| p.broken.links.contains(&(a, b));
    // During playback a connector appears with its fork or join.
    let later = |e: EventIdx| p.playhead.is_some_and(|h| e as usize >= h.shown);
    let fork = trace.forked_by(q).map(|f| {
        let (x, y) = p.layout.at(f);
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
    let join = trace.joined_by(q).map(|j| {
        let (x, y) = p.layout.at(j);
        let class = classes!(
            "join-link",
            trace.last_of(q).is_some_and(|l| broken(l, j)).then_some("broken"),
            later(j).then_some("later")
        );
        // Stop short of the joining dot so the arrowhead shows.
        let (dx, dy) = (x - ex, y - ey);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let (tx, ty) = (x - dx / len * 11.0, y - dy / len * 11.0);
        html! {
            <line class={class} key={format!("join-{name}")} data-join={name.to_string()}
                  x1={num(ex)} y1={num(ey)} x2={num(tx)} y2={num(ty)} marker-end="url(#arrowhead)" />
        }
    });
    html! { <g class="lifecycle">{ for fork }{ for join }</g> }
}

/// What an arrow looks like apart from selection and playback; compared by
/// value so an unchanged arrow is not re-rendered.
#[derive(Clone, PartialEq)]
pub struct ArrowView {
    id: AttrValue,
    from: (f32, f32),
    to: (f32, f32),
    lost: bool,
    aria: AttrValue,
    /// Bytes the CRDT lab's gossip carried, when it is on.
    payload: Option<AttrValue>,
    /// Where along the arrow the payload goes: later for each further
    /// message of the same send, so a broadcast's labels do not overlap.
    payload_at: f32,
}

fn arrow_views(p: &LayerProps) -> Vec<ArrowView> {
    let (trace, times) = (&p.scene.placed.trace, &p.scene.placed.times);
    (0..trace.message_count() as u32)
        .map(|m| {
            let id = trace.message_id(m);
            let to =
                trace.receive_of(m).map_or("nowhere (lost)".to_string(), |r| trace.event_id(r).to_string());
            ArrowView {
                id: AttrValue::from(id.to_string()),
                from: p.layout.at(trace.send_of(m)),
                to: message_end(trace, &p.layout, times, m),
                lost: trace.receive_of(m).is_none(),
                payload: p.crdt.as_ref().and_then(|c| c.payload(m)).map(AttrValue::from),
                payload_at: {
                    let k = trace.sent_by(trace.send_of(m)).iter().position(|&x| x == m).unwrap_or(0);
                    (0.45 + 0.2 * k as f32).min(0.85)
                },
                aria: format!("message {id} from {} to {to}", trace.event_id(trace.send_of(m))).into(),
            }
        })
        .collect()
}

#[derive(Properties, PartialEq)]
struct ArrowProps {
    view: ArrowView,
    broken: bool,
    proof: bool,
    selected: bool,
    flight: Flight,
}

fn message_arrow(p: &LayerProps, views: &[ArrowView], m: MessageIdx) -> Html {
    let (trace, times) = (&p.scene.placed.trace, &p.scene.placed.times);
    let view = views[m as usize].clone();
    let key = view.id.to_string();
    html! {
        <Arrow {key}
               broken={p.broken.messages.contains(&m)}
               proof={p.proof.as_ref().is_some_and(|pr| pr.messages.contains(&m))}
               selected={p.selected_message.as_deref() == Some(&*view.id)}
               flight={p.playhead.map_or(Flight::Arrived, |h| flight(trace, times, &h, m))}
               {view} />
    }
}

#[component]
fn Arrow(a: &ArrowProps) -> Html {
    let v = &a.view;
    let ((x1, y1), (x2, y2)) = (v.from, v.to);
    let reach = match a.flight {
        Flight::InFlight(f) => f as f32,
        _ => 1.0,
    };
    // Stop short of the receiving dot so the arrowhead stays visible.
    let (dx, dy) = ((x2 - x1) * reach, (y2 - y1) * reach);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let short = if v.lost || reach < 1.0 { 0.0 } else { 11.0 };
    let (ex, ey) = (x1 + dx - dx / len * short, y1 + dy - dy / len * short);
    let class = classes!(
        "message",
        v.lost.then_some("lost"),
        a.broken.then_some("broken"),
        a.proof.then_some("proof"),
        a.selected.then_some("selected"),
        matches!(a.flight, Flight::Unsent).then_some("later"),
        matches!(a.flight, Flight::InFlight(_)).then_some("in-flight"),
    );
    html! {
        <g class={class} data-message-id={v.id.clone()} tabindex="0" role="button" aria-label={v.aria.clone()}>
            <line x1={num(x1)} y1={num(y1)} x2={num(ex)} y2={num(ey)}
                  marker-end={if v.lost { "url(#lost)" } else { "url(#arrowhead)" }} />
            if a.broken {
                <text class="warning" x={num((x1 + x2) / 2.0)} y={num((y1 + y2) / 2.0 - 6.0)} text-anchor="middle">{"⚠"}</text>
            }
            if let Some(bytes) = &v.payload {
                // Past the middle, where the arrows of one broadcast have parted.
                <text class="payload" x={num(x1 + (x2 - x1) * v.payload_at + 6.0)} y={num(y1 + (y2 - y1) * v.payload_at)}>{ bytes.clone() }</text>
            }
        </g>
    }
}

fn broken_step(p: &LayerProps, a: EventIdx, b: EventIdx) -> Html {
    let ((x1, y1), (x2, y2)) = (p.layout.at(a), p.layout.at(b));
    let key = format!("s-{}-{}", p.scene.placed.trace.event_id(a), p.scene.placed.trace.event_id(b));
    html! {
        <g class="broken-step" key={key}>
            <line x1={num(x1)} y1={num(y1)} x2={num(x2)} y2={num(y2)} />
            <text class="warning" x={num((x1 + x2) / 2.0)} y={num((y1 + y2) / 2.0 - 8.0)} text-anchor="middle">{"⚠"}</text>
        </g>
    }
}

/// What an event looks like apart from selection and playback; compared by
/// value so an unchanged event is not re-rendered.
#[derive(Clone, PartialEq)]
pub struct DotView {
    id: AttrValue,
    kind: &'static str,
    at: (f32, f32),
    horizontal: bool,
    clock: Option<AttrValue>,
    /// Draw the clock on two lines (ITC stamps).
    stacked: bool,
    action: Option<AttrValue>,
    aria: AttrValue,
}

fn dot_views(p: &LayerProps) -> Vec<DotView> {
    let trace = &p.scene.placed.trace;
    (0..trace.event_count() as u32)
        .map(|e| {
            let id = trace.event_id(e);
            let clock = clock_text(trace, &p.analysis, p.crdt.as_deref(), p.labels, e);
            let aria = format!(
                "{id}: {} event on {}{}{}",
                trace.kind(e).as_str(),
                trace.process_name(trace.process_of(e)),
                trace.label(e).map(|l| format!(", action {l}")).unwrap_or_default(),
                clock.as_ref().map(|c| format!(", clock {c}")).unwrap_or_default(),
            );
            DotView {
                id: AttrValue::from(id.to_string()),
                kind: trace.kind(e).as_str(),
                at: p.layout.at(e),
                horizontal: p.layout.orientation == Orientation::Horizontal,
                clock: clock.map(AttrValue::from),
                stacked: p.labels == ClockLabels::Itc,
                action: action_text(p, e).map(AttrValue::from),
                aria: aria.into(),
            }
        })
        .collect()
}

/// Under the dot: the action label (cut short, whole on hover), and the
/// CRDT operation in the lab.
fn action_text(p: &LayerProps, e: EventIdx) -> Option<String> {
    let label = p.scene.placed.trace.label(e).map(crate::core::render::short_action);
    let op = p.crdt.as_ref().and(p.scene.document.events[e as usize].op.as_ref());
    match (label, op) {
        (Some(l), Some(op)) => Some(format!("{l} · {op}")),
        (Some(l), None) => Some(l.to_string()),
        (None, Some(op)) => Some(op.to_string()),
        (None, None) => None,
    }
}

#[derive(Properties, PartialEq)]
struct DotProps {
    view: DotView,
    cone: Option<&'static str>,
    proof: bool,
    second: bool,
    witness: Option<usize>,
    later: bool,
    found: bool,
}

fn event_dot(p: &LayerProps, views: &[DotView], e: EventIdx) -> Html {
    let view = views[e as usize].clone();
    let key = view.id.to_string();
    html! {
        <Dot {key}
             cone={p.cone.as_ref().map(|c| c[e as usize])}
             proof={p.proof.as_ref().is_some_and(|pr| pr.events.contains(&e))}
             second={p.proof.as_ref().is_some_and(|pr| pr.b == e)}
             witness={p.proof.as_ref().and_then(|pr| pr.witness_entry(e))}
             later={p.playhead.is_some_and(|h| e as usize >= h.shown)}
             found={p.found.as_ref().is_some_and(|f| f[e as usize])}
             {view} />
    }
}

#[component]
fn Dot(d: &DotProps) -> Html {
    let v = &d.view;
    let (x, y) = v.at;
    let class = classes!(
        "event",
        v.kind,
        d.proof.then_some("proof"),
        d.second.then_some("second"),
        d.later.then_some("later"),
        d.found.then_some("found"),
    );
    let (cx, cy, anchor) = if v.horizontal { (x, y - 16.0, "middle") } else { (x + 16.0, y + 5.0, "start") };
    let (ix, iy, lx, ly) =
        if v.horizontal { (x, y + 26.0, x, y + 42.0) } else { (x - 16.0, y + 5.0, x + 16.0, y + 22.0) };
    let id_anchor = if v.horizontal { "middle" } else { "end" };
    html! {
        <g class={class} data-event-id={v.id.clone()} data-cone={d.cone}
           tabindex="0" role="button" aria-label={v.aria.clone()}>
            <circle cx={num(x)} cy={num(y)} r="9" />
            <text x={num(ix)} y={num(iy)} class="event-id" text-anchor={id_anchor}>{ v.id.clone() }</text>
            if let Some(clock) = v.clock.as_ref().filter(|_| v.stacked) {
                { stacked_clock(clock, (cx, cy), anchor, v.horizontal) }
            } else if let Some(clock) = &v.clock {
                <text x={num(cx)} y={num(cy)} class="clock" text-anchor={anchor}>
                    { clock_spans(clock, d.witness) }
                </text>
            }
            if let Some(action) = &v.action {
                <text x={num(lx)} y={num(ly)} class="action" text-anchor={anchor}>{ action.clone() }</text>
            }
        </g>
    }
}

/// A two-line label: the first line sits one line higher (above the dot when
/// time runs across, level with it when down).
fn stacked_clock(clock: &AttrValue, (x, y): (f32, f32), anchor: &'static str, horizontal: bool) -> Html {
    let lines = label_lines(ClockLabels::Itc, clock);
    let top = if horizontal { y - 16.0 * (lines.len() as f32 - 1.0) } else { y - 8.0 };
    html! {
        <text x={num(x)} y={num(top)} class="clock" text-anchor={anchor}>
            { for lines.iter().enumerate().map(|(i, line)| html! {
                <tspan x={num(x)} dy={if i == 0 { "0" } else { "16" }}>{ line.to_string() }</tspan>
            }) }
        </text>
    }
}

/// A vector label with one entry emphasised (the witness of concurrency).
fn clock_spans(clock: &AttrValue, witness: Option<usize>) -> Html {
    let Some(w) = witness.filter(|_| clock.starts_with('[')) else {
        return html! { { clock.clone() } };
    };
    let entries: Vec<&str> = clock.trim_matches(|c| c == '[' || c == ']').split(',').collect();
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

fn now_line(p: &LayerProps) -> Html {
    let Some(head) = p.playhead else { return html! {} };
    let now = head.now(&p.scene.placed.times);
    let lanes = &p.layout.lanes;
    let (first, last) =
        (lanes.first().copied().unwrap_or(0.0) - 30.0, lanes.last().copied().unwrap_or(0.0) + 30.0);
    let ((x1, y1), (x2, y2)) = (p.layout.point(now, first), p.layout.point(now, last));
    html! { <line class="now" x1={num(x1)} y1={num(y1)} x2={num(x2)} y2={num(y2)} /> }
}
