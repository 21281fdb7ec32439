//! The interactive diagram: a title and caption over it, the drawing, an
//! overview strip for a long run, and the legend under it. Holds the
//! camera (how many pixels a time unit takes, and which part is in view):
//! zoom changes the time scale, never the size of text, so labels stay at
//! their on-screen size and the core places them for each zoom. Input is
//! turned into core edits in canvas_input.rs.

use super::canvas_input::{Ctx, Gesture, Preview};
use super::canvas_lab::LabCanvas;
use super::diagram_head::DiagramHead;
use super::diagram_layer::{num, DiagramLayer, DiagramProps, LayerProps};
use super::legend::Legend;
use super::overview::Overview;
use super::shared::Shared;
use super::state::AppState;
use super::tooltip::Tooltip;
use crate::core::diagram::drawing::{draw, relabel, Drawing, Subject};
use crate::core::diagram::{Scale, MAX_TIME};
use crate::core::editor::gesture::{drop_edit, exact_move};
use crate::core::editor::Edit;
use crate::core::layout::{Layout, Orientation};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Element, KeyboardEvent, PointerEvent, WheelEvent};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    pub diagram: Rc<DiagramProps>,
    pub dispatch: UseReducerDispatcher<AppState>,
    /// An event to bring into view (a search found it), with a counter so
    /// each request is new.
    #[prop_or_default]
    pub reveal: Option<(u64, String)>,
    /// Counts diagrams loaded in place of another: each starts fitted.
    #[prop_or_default]
    pub loaded: u64,
    /// The words over the diagram.
    pub head: Rc<super::diagram_head::Head>,
    /// Draw the legend.
    pub legend: bool,
    /// What the lab on screen adds: a gesture, markup over the diagram.
    #[prop_or_default]
    pub lab: LabCanvas,
    /// The page's notice, shown over the foot of the drawing (not over the
    /// overview or the legend, which stay usable while it shows).
    #[prop_or_default]
    pub notice: Html,
}

/// Where the camera is: pixels per time unit, and the view's top left
/// corner in diagram coordinates. `None` in the state means fitted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    pub time: f32,
    pub origin: (f32, f32),
}

/// The stretch of the time axis to draw: the view and half a view's length
/// either side, in steps of half a view, so panning re-renders once per
/// half screenful and the page holds about two screens of marks, whatever
/// the diagram's size (the browser's style, layout and paint work then
/// follows what is on screen, not what the diagram holds).
fn window(start: f32, length: f32) -> (f32, f32) {
    let block = (length / 2.0).max(1.0);
    let lo = ((start / block).floor() - 1.0) * block;
    (lo, lo + 4.0 * block)
}

/// The view's corner that centres a `content` box in a `size` one along
/// each axis where it fits, and starts at 0 where it does not.
fn centred(content: (f32, f32), size: (f32, f32)) -> (f32, f32) {
    let c = |c: f32, s: f32| if c < s { -(s - c) / 2.0 } else { 0.0 };
    (c(content.0, size.0), c(content.1, size.1))
}

/// A view corner kept where the view shows some of the diagram: centred
/// along an axis where the diagram fits, else at most a quarter of a view
/// past either end.
fn within(origin: (f32, f32), content: (f32, f32), size: (f32, f32)) -> (f32, f32) {
    let c = |o: f32, c: f32, s: f32| if c <= s { -(s - c) / 2.0 } else { o.clamp(-s * 0.25, c - s * 0.75) };
    (c(origin.0, content.0, size.0), c(origin.1, content.1, size.1))
}

#[component]
pub fn Canvas(props: &CanvasProps) -> Html {
    let svg_ref = use_node_ref();
    let camera_ref = use_node_ref();
    let box_ref = use_node_ref();
    let size = use_size(&box_ref);
    let gesture = use_mut_ref(|| Gesture::Idle);
    let preview = use_state(|| None::<Preview>);
    let band = use_state(|| None::<super::canvas_input::Band>);
    let hover = use_state(|| None::<String>);
    let camera = use_state(|| None::<Camera>);
    {
        let camera = camera.clone();
        use_effect_with(props.loaded, move |_| camera.set(None));
    }
    let dp = &props.diagram;
    let fit = dp.shape.fit(size);
    let scale = camera.map_or(fit, |c| Scale { time: c.time, lane: fit.lane });
    let horizontal = dp.shape.orientation == Orientation::Horizontal;
    let along_size = if horizontal { size.0 } else { size.1 };
    let start = camera.map_or(0.0, |c| if horizontal { c.origin.0 } else { c.origin.1 });
    let drawn = Some(window(start, along_size));
    // The drawing depends on the diagram's shape, labels and lab marks (by
    // identity: the app memoises each), the zoom and the window, not on a
    // selection's colours. A selection matters only for which labels win
    // where some must be hidden, so the focused placement is computed only
    // when an event in focus lost one.
    let base = {
        let key = (
            (dp.scene.clone(), dp.shape.clone(), dp.texts.clone(), dp.overlay.clone()),
            (scale.time.to_bits(), scale.lane.to_bits()),
            drawn.map(|(a, b)| (a.to_bits(), b.to_bits())),
        );
        let dp = dp.clone();
        use_memo(key, move |_| Rc::new(draw(&subject_of(&dp, &[]), scale, drawn)))
    };
    let drawing = {
        // Only if an event in focus lost a label does the focus change the
        // placement; otherwise a selection moves no label.
        let needed = dp.focus.iter().any(|&e| base.labels.hides(e));
        let focus = if needed { dp.focus.clone() } else { Rc::new(Vec::new()) };
        let (base, dp) = ((*base).clone(), dp.clone());
        use_memo((Shared(base.clone()), focus), move |(_, focus)| {
            if focus.is_empty() {
                base
            } else {
                Rc::new(relabel(&subject_of(&dp, focus), &base, drawn))
            }
        })
    };
    let drawing: Rc<Drawing> = (*drawing).clone();
    let layout = &drawing.layout;
    let content = (layout.width, layout.height);
    let origin = camera.map_or_else(|| centred(content, size), |c| within(c.origin, content, size));
    let view = Camera { time: scale.time, origin };
    {
        let (camera, drawing, scene) = (camera.clone(), drawing.clone(), dp.scene.clone());
        use_effect_with(props.reveal.clone(), move |reveal| {
            let event = reveal.as_ref().and_then(|(_, id)| scene.placed.trace.event_by_id(id));
            let found = event.and_then(|e| drawing.layout.shown(e));
            if let Some(at) = found {
                let c = (*camera).unwrap_or(view);
                camera.set(Some(centred_on(c, at, size, drawing.layout.orientation)));
            }
        });
    }
    let layer = LayerProps {
        diagram: dp.clone(),
        drawing: Shared(drawing.clone()),
        base: Shared((*base).clone()),
        window: drawn,
    };
    let ctx = Ctx {
        diagram: dp.clone(),
        drawing: drawing.clone(),
        dispatch: props.dispatch.clone(),
        svg: svg_ref.clone(),
        camera_group: camera_ref.clone(),
        gesture: gesture.clone(),
        preview: preview.clone(),
        band: band.clone(),
        rectangle: props.lab.rectangle.clone(),
        line: props.lab.line,
        exact: props.lab.exact,
        hover: hover.clone(),
        camera: camera.clone(),
        view,
        size,
    };
    let on_down = ctx.handler(Ctx::pointer_down);
    let on_move = ctx.handler(Ctx::pointer_move);
    let on_up = ctx.handler(Ctx::pointer_up);
    let on_key = {
        let ctx = ctx.clone();
        Callback::from(move |e: KeyboardEvent| ctx.key(e))
    };
    let on_wheel = {
        let ctx = ctx.clone();
        Callback::from(move |e: WheelEvent| ctx.wheel(e))
    };
    let on_leave = {
        let hover = hover.clone();
        Callback::from(move |_: PointerEvent| hover.set(None))
    };
    // Keyboard focus on an event shows its tooltip too; leaving hides it.
    let on_focus = {
        let hover = hover.clone();
        Callback::from(move |e: FocusEvent| hover.set(super::dom::closest_id(e.target(), "data-event-id")))
    };
    let on_blur = {
        let hover = hover.clone();
        Callback::from(move |_: FocusEvent| hover.set(None))
    };
    let zoom_by = |f: f32| {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.zoom_at(f, None))
    };
    let on_fit = {
        let camera = camera.clone();
        Callback::from(move |_: MouseEvent| camera.set(None))
    };
    let on_pan = {
        let camera = camera.clone();
        Callback::from(move |along: f32| {
            let origin = if horizontal { (along, view.origin.1) } else { (view.origin.0, along) };
            camera.set(Some(Camera { time: view.time, origin }))
        })
    };
    let (x, y) = origin;
    let (w, h) = (size.0.max(1.0), size.1.max(1.0));
    let note = drawing.hidden_note();
    html! {
        <div class={classes!("canvas", dp.shape.style.label.gt(&14.0).then_some("present"))}>
            <DiagramHead head={props.head.clone()} />
            <div class="diagram-box" ref={box_ref}>
                <svg ref={svg_ref} id="diagram" class="diagram" width={num(w)} height={num(h)}
                     viewBox={format!("0 0 {} {}", num(w), num(h))} data-view={format!("{} {}", num(x), num(y))}
                     role="application" tabindex="-1"
                     aria-label="Space-time diagram: click a line to add an event, drag an event to another line to send a message"
                     onpointerdown={on_down} onpointermove={on_move} onpointerup={on_up} onpointerleave={on_leave}
                     onkeydown={on_key} onwheel={on_wheel} onfocusin={on_focus} onfocusout={on_blur}>
                    { defs() }
                    // The camera: a pan moves this group's transform, which
                    // lays out no mark (a viewBox change lays out every one:
                    // 14 ms a frame against 9 at 500 events). Not a
                    // composited layer: that costs every selection 4 ms of
                    // layerising.
                    <g class="camera" ref={camera_ref} transform={format!("translate({},{})", num(-x), num(-y))}>
                        <DiagramLayer ..layer.clone() />
                        { sticky_names(&layer, origin) }
                        { log_column(&layer, origin, (w, h)) }
                        { drag_preview(&layer, &preview) }
                        if let Some(((x1, y1), (x2, y2))) = *band {
                            if props.lab.line {
                                <line class="band cut-band" x1={num(x1)} y1={num(y1)} x2={num(x2)} y2={num(y2)} />
                            } else {
                                <rect class="band" x={num(x1.min(x2))} y={num(y1.min(y2))}
                                      width={num((x1 - x2).abs())} height={num((y1 - y2).abs())} />
                            }
                        }
                        if let Some(id) = (*hover).clone() {
                            <Tooltip layer={Rc::new(layer.clone())} event={id} view={(x, y, w, h)} />
                        }
                    </g>
                </svg>
                { props.lab.overlay.clone() }
                { props.notice.clone() }
            </div>
            <Overview drawing={Shared((*base).clone())} trace={dp.scene.clone()} start={if horizontal { origin.0 } else { origin.1 }} length={along_size} on_pan={on_pan} />
            <div class="canvas-foot">
                if props.legend { <Legend diagram={dp.clone()} drawing={Shared(drawing.clone())} /> }
                // Beside the zoom buttons, so showing it never changes the
                // canvas's size (which would change what fits).
                <div class="zoom" role="group" aria-label="Zoom">
                    if let Some(note) = note {
                        <p class="hidden-labels" data-hidden-labels={drawing.labels.hidden.to_string()}
                           title="Labels are placed in order (names, the selected event and its neighbours, clocks, ids, actions, payloads); one with no free place beside its mark is hidden">{ note }</p>
                    }
                    <button onclick={zoom_by(1.25)} title="Zoom in (+)" aria-label="Zoom in">{"+"}</button>
                    <button onclick={on_fit} title="Fit to window (0)" aria-label="Fit to window">{"⤢"}</button>
                    <button onclick={zoom_by(1.0 / 1.25)} title="Zoom out (−)" aria-label="Zoom out">{"−"}</button>
                </div>
            </div>
        </div>
    }
}

/// What the core draws: the diagram's trace, shape, labels and marks, with
/// `focus`'s labels placed first.
fn subject_of<'a>(dp: &'a DiagramProps, focus: &'a [crate::core::EventIdx]) -> Subject<'a> {
    Subject { trace: &dp.scene.placed.trace, shape: &dp.shape, texts: &dp.texts, overlay: &dp.overlay, focus }
}

/// The markers the arrows end in.
fn defs() -> Html {
    html! {
        <defs>
            <marker id="arrowhead" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto-start-reverse">
                <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
            </marker>
            <marker id="open" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto">
                <path d="M 1 1 L 9 5 L 1 9" class="open-head" />
            </marker>
            <pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <line x1="0" y1="0" x2="0" y2="8" class="hatch" />
            </pattern>
        </defs>
    }
}

/// The canvas's size in CSS pixels, kept up to date as the window or the
/// page's layout changes.
#[hook]
fn use_size(node: &NodeRef) -> (f32, f32) {
    let size = use_state(|| (900.0f32, 480.0f32));
    {
        let (node, size) = (node.clone(), size.clone());
        use_effect_with((), move |_| {
            let read = {
                let (node, size) = (node.clone(), size.clone());
                move || {
                    if let Some(el) = node.cast::<Element>() {
                        let now = (el.client_width().max(1) as f32, el.client_height().max(1) as f32);
                        if *size != now {
                            size.set(now);
                        }
                    }
                }
            };
            read();
            let closure = Closure::<dyn Fn()>::new(read);
            let observer = web_sys::ResizeObserver::new(closure.as_ref().unchecked_ref()).ok();
            if let (Some(o), Some(el)) = (&observer, node.cast::<Element>()) {
                o.observe(&el);
            }
            move || {
                if let Some(o) = observer {
                    o.disconnect();
                }
                drop(closure);
            }
        });
    }
    *size
}

/// The camera moved along time so `at` is in the middle (and across too,
/// if `at` was outside the view).
fn centred_on(c: Camera, at: (f32, f32), size: (f32, f32), orientation: Orientation) -> Camera {
    let keep = |start: f32, length: f32, p: f32| {
        if p >= start && p <= start + length {
            start
        } else {
            p - length / 2.0
        }
    };
    let origin = match orientation {
        Orientation::Horizontal => (at.0 - size.0 / 2.0, keep(c.origin.1, size.1, at.1)),
        Orientation::Vertical => (keep(c.origin.0, size.0, at.0), at.1 - size.1 / 2.0),
    };
    Camera { time: c.time.min(MAX_TIME), origin }
}

/// Process names kept at the edge of the view when it has moved past where
/// the lines begin (a long diagram, panned along time).
fn sticky_names(layer: &LayerProps, origin: (f32, f32)) -> Html {
    let layout = &layer.drawing.layout;
    let shape = &layer.diagram.shape;
    let horizontal = layout.orientation == Orientation::Horizontal;
    let names = shape.order.iter().filter_map(|&q| {
        let (nx, ny) = layout.name_at(q);
        let (x, y, anchor) = match horizontal {
            true if origin.0 > nx => (origin.0 + 8.0, ny - shape.style.dot - 12.0, "start"),
            false if origin.1 > ny => (nx, origin.1 + 18.0, "middle"),
            _ => return None,
        };
        Some(html! {
            <text class="sticky-name" x={num(x)} y={num(y)} text-anchor={anchor} dominant-baseline="middle">
                { shape.names[q as usize].clone() }
            </text>
        })
    });
    html! { <g class="sticky-names" aria-hidden="true">{ for names }</g> }
}

/// Each replica's log beside its line: past the lines' end, or at the far
/// edge of the view when the end is beyond it, so it is always in sight.
fn log_column(layer: &LayerProps, origin: (f32, f32), size: (f32, f32)) -> Html {
    use crate::core::diagram::logs::{column, room};
    let Some(logs) = &layer.diagram.logs else { return html! {} };
    let layout = &layer.drawing.layout;
    let style = &layer.diagram.shape.style;
    let (start, length) = match layout.orientation {
        Orientation::Horizontal => (origin.0, size.0),
        Orientation::Vertical => (origin.1, size.1),
    };
    // Just past the lines' end if it fits in the view there, else at the
    // view's far edge, over what lies beyond.
    let end = layout.line_span.1 + 8.0;
    let edge = start + length - room(style, layout.orientation);
    let along = if end <= edge { end } else { edge.max(start) };
    let c = column(&logs.logs, layout, style, along, logs.title.clone());
    let cells = c.rows.iter().map(|r| {
        let process = layer.diagram.scene.placed.trace.process_name(r.process).to_string();
        let cells = r.cells.iter().map(|cell| {
            let (x, y) = ((cell.rect.x0 + cell.rect.x1) / 2.0, (cell.rect.y0 + cell.rect.y1) / 2.0);
            let state = if cell.committed { "committed" } else { "uncommitted" };
            html! {
                <g class={classes!("log-cell", state)} data-op={cell.op.to_string()} data-committed={cell.committed.to_string()}>
                    <title>{ format!("op-number {}: {} ({state})", cell.op, cell.text) }</title>
                    <rect x={num(cell.rect.x0)} y={num(cell.rect.y0)} width={num(cell.rect.width())} height={num(cell.rect.height())} rx="3" />
                    <text x={num(x)} y={num(y)} text-anchor="middle" dominant-baseline="central">{ cell.text.clone() }</text>
                </g>
            }
        });
        let elided = r.elided.map(|(rect, k)| {
            let (x, y) = ((rect.x0 + rect.x1) / 2.0, (rect.y0 + rect.y1) / 2.0);
            html! {
                <g class="log-cell elided" data-op-through={k.to_string()}>
                    <title>{ format!("op-numbers 1 to {k}, not drawn") }</title>
                    <text x={num(x)} y={num(y)} text-anchor="middle" dominant-baseline="central">{ format!("…{k}") }</text>
                </g>
            }
        });
        let note = r.note.as_ref().map(|(at, word)| html! {
            <text class="log-note" x={num(at.0)} y={num(at.1)} dominant-baseline="central">{ word.clone() }</text>
        });
        html! {
            <g class="log-row" data-log={process}>{ for elided }{ for cells }{ for note }</g>
        }
    });
    let (t, title) = &c.title;
    html! {
        <g class="log-column" data-logs={title.clone()}>
            <rect class="log-back" x={num(c.rect.x0)} y={num(c.rect.y0)} width={num(c.rect.width())} height={num(c.rect.height())} rx="4" />
            <text class="log-title" x={num(t.0)} y={num(t.1)} dominant-baseline="central">{ title.clone() }</text>
            { for cells }
        </g>
    }
}

/// A ghost of the dragged event at its drop target, or a rubber-band arrow
/// to the line it would send to.
fn drag_preview(layer: &LayerProps, preview: &Option<Preview>) -> Html {
    let Some(Preview { event, along_only, at, exact }) = preview else { return html! {} };
    let layout: &Layout = &layer.drawing.layout;
    let placed = &layer.diagram.scene.placed;
    let Some(e) = placed.trace.event_by_id(event) else { return html! {} };
    let from = layout.at(e);
    let edit = if *exact {
        exact_move(placed, layout, event, *at)
    } else {
        drop_edit(&layer.diagram.scene.document, placed, layout, event, *at, *along_only)
    };
    match edit {
        Some(Edit::MoveEvent { time, .. }) => {
            let Some(lane) = layout.lane(placed.trace.process_of(e)) else { return html! {} };
            let (x, y) = layout.point(time, lane);
            html! { <circle class="ghost" cx={num(x)} cy={num(y)} r="10" /> }
        }
        Some(Edit::Connect { to, time, .. }) => {
            let lane = placed.trace.process_by_name(&to).and_then(|p| layout.lane(p)).unwrap_or(at.1);
            let (x, y) = layout.point(time, lane);
            html! {
                <g class="ghost">
                    <line x1={num(from.0)} y1={num(from.1)} x2={num(x)} y2={num(y)} marker-end="url(#arrowhead)" />
                    <circle cx={num(x)} cy={num(y)} r="10" />
                </g>
            }
        }
        _ => html! {},
    }
}
