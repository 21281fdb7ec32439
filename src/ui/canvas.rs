//! The interactive diagram: turns pointer and key events on the `<svg>` into
//! core edits (via hit-testing, snapping and drop targeting in
//! core::editor), and draws drag previews and the clock tooltip on an
//! overlay so the diagram layer does not re-render while they change.

use super::diagram_layer::{DiagramLayer, LayerProps};
use super::dom::{closest_id, focus_event, svg_point};
use super::op_popover::OpPopover;
use super::state::{Action, AppState};
use super::tooltip::Tooltip;
use crate::core::editor::gesture::{adjacent_process, drop_edit, fork_from, nearest_adjacent, send_to};
use crate::core::editor::hit::{hit_test, End, Hit};
use crate::core::editor::snap::{free_slot, next_free};
use crate::core::editor::Edit;
use crate::core::layout::{Layout, Orientation};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{KeyboardEvent, PointerEvent, SvgsvgElement, WheelEvent};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    pub layer: Rc<LayerProps>,
    pub dispatch: UseReducerDispatcher<AppState>,
    /// An event to bring into view (a search found it), with a counter so
    /// each request is new.
    #[prop_or_default]
    pub reveal: Option<(u64, String)>,
    /// Counts diagrams loaded in place of another: each starts fitted.
    #[prop_or_default]
    pub loaded: u64,
}

/// Diagrams with more events than this draw only the stretch of time near
/// the view: a big imported log then renders, and restyles on a selection,
/// as fast as a small one.
const CULL_EVENTS: usize = 2000;

/// The stretch of the time axis to draw: the view and at least one view's
/// length either side, in steps of a view's length, so panning re-renders
/// once per screenful. `None`: draw everything.
fn window(view: ViewBox, layout: &Layout, events: usize) -> Option<(f32, f32)> {
    if events <= CULL_EVENTS {
        return None;
    }
    let (start, length) = match layout.orientation {
        Orientation::Horizontal => (view.0, view.2),
        Orientation::Vertical => (view.1, view.3),
    };
    let block = length.max(1.0);
    let lo = ((start / block).floor() - 1.0) * block;
    Some((lo, lo + 4.0 * block))
}

/// The view moved along time so `at` is in its middle (and across the lines
/// too, if `at` was outside).
fn centred_on(view: ViewBox, at: (f32, f32), orientation: Orientation) -> ViewBox {
    let ViewBox(x, y, w, h) = view;
    let keep = |start: f32, length: f32, p: f32| {
        if p >= start && p <= start + length {
            start
        } else {
            p - length / 2.0
        }
    };
    match orientation {
        Orientation::Horizontal => ViewBox(at.0 - w / 2.0, keep(y, h, at.1), w, h),
        Orientation::Vertical => ViewBox(keep(x, w, at.0), at.1 - h / 2.0, w, h),
    }
}

/// The part of the drawing in view: x, y, width, height.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct ViewBox(f32, f32, f32, f32);

/// What the pointer is doing.
#[derive(Clone, Debug, PartialEq)]
enum Gesture {
    Idle,
    /// Pressed on something; a click unless it moves.
    Pressed {
        hit: Hit,
        start: (i32, i32),
    },
    /// Dragging an event (or an arrow's end, kept on its line).
    Dragging {
        event: String,
        along_only: bool,
        at: (f32, f32),
    },
    Panning {
        start: (i32, i32),
        from: ViewBox,
    },
    /// Drawing a partition (commit lab): a rectangle over the lines of one
    /// side, from one time to another.
    Drawing {
        from: (f32, f32),
        to: (f32, f32),
    },
}

/// The drag being previewed: which event, whether only along its line, and
/// where the pointer is.
#[derive(Clone, Debug, PartialEq)]
struct Preview {
    event: String,
    along_only: bool,
    at: (f32, f32),
}

/// Two corners of the partition rectangle being drawn (SVG units).
type Band = ((f32, f32), (f32, f32));

/// Pointer travel (CSS px) that turns a press into a drag.
const DRAG_START: i32 = 5;

/// The whole diagram, unless that would shrink it past reading (a long
/// imported log): then its start, with every process line in view; panning
/// and zooming out show the rest.
fn fit(layout: &Layout) -> ViewBox {
    // Canvases are about twice as wide as tall and 900 pixels wide: beyond
    // 3,000 units along time, the whole would be drawn at under a third.
    const LONG: f32 = 3000.0;
    let (w, h) = (layout.width, layout.height);
    match layout.orientation {
        Orientation::Horizontal if w > LONG && w > 4.0 * h => ViewBox(0.0, 0.0, (2.0 * h).max(1600.0), h),
        Orientation::Vertical if h > LONG && h > w => ViewBox(0.0, 0.0, w, (w / 2.0).max(800.0)),
        _ => ViewBox(0.0, 0.0, w, h),
    }
}

#[component]
pub fn Canvas(props: &CanvasProps) -> Html {
    let svg_ref = use_node_ref();
    let gesture = use_mut_ref(|| Gesture::Idle);
    let preview = use_state(|| None::<Preview>);
    let band = use_state(|| None::<Band>);
    let hover = use_state(|| None::<String>);
    let zoom = use_state(|| None::<ViewBox>);
    let layout = &props.layer.layout;
    let view = zoom.unwrap_or(fit(layout));
    {
        let zoom = zoom.clone();
        use_effect_with(props.loaded, move |_| zoom.set(None));
    }
    {
        let (zoom, layer) = (zoom.clone(), props.layer.clone());
        use_effect_with(props.reveal.clone(), move |reveal| {
            let found = reveal.as_ref().and_then(|(_, id)| layer.scene.placed.trace.event_by_id(id));
            if let Some(e) = found {
                zoom.set(Some(centred_on(view, layer.layout.at(e), layer.layout.orientation)));
            }
        });
    }
    let drawn = window(view, layout, props.layer.scene.placed.trace.event_count());

    let ctx = Ctx {
        layer: props.layer.clone(),
        dispatch: props.dispatch.clone(),
        svg: svg_ref.clone(),
        gesture: gesture.clone(),
        preview: preview.clone(),
        band: band.clone(),
        hover: hover.clone(),
        zoom: zoom.clone(),
        view,
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
    let on_focus = {
        let hover = hover.clone();
        Callback::from(move |e: FocusEvent| hover.set(closest_id(e.target(), "data-event-id")))
    };
    let on_leave = {
        let hover = hover.clone();
        Callback::from(move |_: PointerEvent| hover.set(None))
    };
    let zoom_by = |f: f32| {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.zoom_at(f, None))
    };
    let on_fit = {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| zoom.set(None))
    };

    let ViewBox(x, y, w, h) = view;
    html! {
        <div class="canvas">
            <svg ref={svg_ref} class="diagram" viewBox={format!("{x} {y} {w} {h}")}
                 role="application" aria-label="Space-time diagram: click a line to add an event, drag an event to another line to send a message"
                 onpointerdown={on_down} onpointermove={on_move} onpointerup={on_up} onpointerleave={on_leave}
                 onkeydown={on_key} onwheel={on_wheel} onfocusin={on_focus}>
                <defs>
                    <marker id="arrowhead" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
                    </marker>
                    <marker id="lost" viewBox="0 0 10 10" refX="5" refY="5" markerUnits="userSpaceOnUse" markerWidth="14" markerHeight="14" orient="auto">
                        <path d="M 1 1 L 9 9 M 9 1 L 1 9" class="lost-mark" />
                    </marker>
                </defs>
                <DiagramLayer window={drawn} ..(*props.layer).clone() />
                { sticky_names(&props.layer, view) }
                { drag_preview(layout, &props.layer, &preview) }
                if let Some(((x1, y1), (x2, y2))) = *band {
                    <rect class="band" x={x1.min(x2).to_string()} y={y1.min(y2).to_string()}
                          width={(x1 - x2).abs().to_string()} height={(y1 - y2).abs().to_string()} />
                }
                if let Some(id) = (*hover).clone() {
                    <Tooltip layer={props.layer.clone()} event={id} />
                }
            </svg>
            { popover(&props.layer, &props.dispatch) }
            <div class="zoom" role="group" aria-label="Zoom">
                <button onclick={zoom_by(1.0 / 1.25)} title="Zoom in (+)" aria-label="Zoom in">{"+"}</button>
                <button onclick={on_fit} title="Fit to window (0)" aria-label="Fit to window">{"⤢"}</button>
                <button onclick={zoom_by(1.25)} title="Zoom out (−)" aria-label="Zoom out">{"−"}</button>
            </div>
        </div>
    }
}

/// Process names kept at the edge of the view when it has moved past where
/// the lines begin (a long diagram, panned along time).
fn sticky_names(layer: &LayerProps, view: ViewBox) -> Html {
    let layout = &layer.layout;
    let trace = &layer.scene.placed.trace;
    let horizontal = layout.orientation == Orientation::Horizontal;
    let names = (0..trace.process_count() as u32).filter_map(|q| {
        let (nx, ny) = layout.name_at(q);
        let (x, y, anchor) = match horizontal {
            true if view.0 > nx => (view.0 + 8.0, ny - 22.0, "start"),
            false if view.1 > ny => (nx, view.1 + 18.0, "middle"),
            _ => return None,
        };
        Some(html! {
            <text class="sticky-name" x={x.round().to_string()} y={y.round().to_string()}
                  text-anchor={anchor} dominant-baseline="middle">{ trace.process_name(q).to_string() }</text>
        })
    });
    html! { <g class="sticky-names" aria-hidden="true">{ for names }</g> }
}

/// A ghost of the dragged event at its drop target, or a rubber-band arrow
/// to the line it would send to.
fn drag_preview(layout: &Layout, layer: &LayerProps, preview: &Option<Preview>) -> Html {
    let Some(Preview { event, along_only, at }) = preview else { return html! {} };
    let placed = &layer.scene.placed;
    let Some(e) = placed.trace.event_by_id(event) else { return html! {} };
    let from = layout.at(e);
    match drop_edit(&layer.scene.document, placed, layout, event, *at, *along_only) {
        Some(Edit::MoveEvent { time, .. }) => {
            let (x, y) = layout.point(time, layout.lanes[placed.trace.process_of(e) as usize]);
            html! { <circle class="ghost" cx={x.to_string()} cy={y.to_string()} r="10" /> }
        }
        Some(Edit::Connect { to, time, .. }) => {
            let lane = placed.trace.process_by_name(&to).map_or(at.1, |p| layout.lanes[p as usize]);
            let (x, y) = layout.point(time, lane);
            html! {
                <g class="ghost">
                    <line x1={from.0.to_string()} y1={from.1.to_string()} x2={x.to_string()} y2={y.to_string()} marker-end="url(#arrowhead)" />
                    <circle cx={x.to_string()} cy={y.to_string()} r="10" />
                </g>
            }
        }
        _ => html! {},
    }
}

#[derive(Clone)]
struct Ctx {
    layer: Rc<LayerProps>,
    dispatch: UseReducerDispatcher<AppState>,
    svg: NodeRef,
    gesture: Rc<RefCell<Gesture>>,
    preview: UseStateHandle<Option<Preview>>,
    /// The partition rectangle being drawn.
    band: UseStateHandle<Option<Band>>,
    hover: UseStateHandle<Option<String>>,
    zoom: UseStateHandle<Option<ViewBox>>,
    view: ViewBox,
}

impl Ctx {
    fn handler(&self, f: fn(&Ctx, PointerEvent)) -> Callback<PointerEvent> {
        let ctx = self.clone();
        Callback::from(move |e: PointerEvent| f(&ctx, e))
    }

    fn point(&self, client: (i32, i32)) -> Option<(f32, f32)> {
        svg_point(&self.svg.cast::<SvgsvgElement>()?, client)
    }

    fn hit(&self, point: (f32, f32)) -> Hit {
        let placed = &self.layer.scene.placed;
        hit_test(&placed.trace, &self.layer.layout, &placed.times, point)
    }

    fn pointer_down(&self, e: PointerEvent) {
        if e.button() != 0 {
            return;
        }
        let client = (e.client_x(), e.client_y());
        let Some(point) = self.point(client) else { return };
        let hit = self.hit(point);
        if let Some(svg) = self.svg.cast::<SvgsvgElement>() {
            let _ = svg.set_pointer_capture(e.pointer_id());
        }
        *self.gesture.borrow_mut() = match hit {
            _ if self.layer.drawing => Gesture::Drawing { from: point, to: point },
            Hit::Nothing => Gesture::Panning { start: client, from: self.view },
            _ => Gesture::Pressed { hit, start: client },
        };
    }

    fn pointer_move(&self, e: PointerEvent) {
        let client = (e.client_x(), e.client_y());
        let Some(point) = self.point(client) else { return };
        let current = self.gesture.borrow().clone();
        match current {
            Gesture::Idle => {
                let over = match self.hit(point) {
                    Hit::Event(ev) => Some(self.layer.scene.placed.trace.event_id(ev).to_string()),
                    _ => None,
                };
                if *self.hover != over {
                    self.hover.set(over);
                }
            }
            Gesture::Pressed { hit, start } => {
                let moved = (client.0 - start.0).abs().max((client.1 - start.1).abs()) >= DRAG_START;
                if let (true, Some((event, along_only))) = (moved, self.draggable(hit)) {
                    self.hover.set(None);
                    *self.gesture.borrow_mut() =
                        Gesture::Dragging { event: event.clone(), along_only, at: point };
                    self.preview.set(Some(Preview { event, along_only, at: point }));
                }
            }
            Gesture::Dragging { event, along_only, .. } => {
                *self.gesture.borrow_mut() =
                    Gesture::Dragging { event: event.clone(), along_only, at: point };
                self.preview.set(Some(Preview { event, along_only, at: point }));
            }
            Gesture::Drawing { from, .. } => {
                *self.gesture.borrow_mut() = Gesture::Drawing { from, to: point };
                self.band.set(Some((from, point)));
            }
            Gesture::Panning { start, from } => {
                let scale = self.scale();
                let ViewBox(x, y, w, h) = from;
                let (dx, dy) = ((client.0 - start.0) as f32 * scale, (client.1 - start.1) as f32 * scale);
                self.zoom.set(Some(ViewBox(x - dx, y - dy, w, h)));
            }
        }
    }

    /// The event a press on `hit` would drag, and whether only along its line.
    fn draggable(&self, hit: Hit) -> Option<(String, bool)> {
        let t = &self.layer.scene.placed.trace;
        match hit {
            Hit::Event(e) => Some((t.event_id(e).to_string(), false)),
            Hit::Message { message, end: Some(End::Send) } => {
                Some((t.event_id(t.send_of(message)).into(), true))
            }
            Hit::Message { message, end: Some(End::Receive) } => {
                t.receive_of(message).map(|r| (t.event_id(r).to_string(), true))
            }
            _ => None,
        }
    }

    fn pointer_up(&self, e: PointerEvent) {
        let gesture = std::mem::replace(&mut *self.gesture.borrow_mut(), Gesture::Idle);
        match gesture {
            Gesture::Pressed { hit, .. } => self.click(hit, e.shift_key()),
            Gesture::Dragging { event, along_only, at } => {
                self.preview.set(None);
                let scene = &self.layer.scene;
                if let Some(edit) =
                    drop_edit(&scene.document, &scene.placed, &self.layer.layout, &event, at, along_only)
                {
                    self.dispatch.dispatch(Action::Edit(edit));
                }
            }
            Gesture::Drawing { from, to } => {
                self.band.set(None);
                self.draw_partition(from, to);
            }
            Gesture::Panning { start, .. } => {
                if (e.client_x(), e.client_y()) == start {
                    self.dispatch.dispatch(Action::Select { event: None, second: false });
                }
            }
            Gesture::Idle => {}
        }
    }

    /// The lines inside the rectangle are one side, the rest the other,
    /// between the rectangle's two times.
    fn draw_partition(&self, a: (f32, f32), b: (f32, f32)) {
        let layout = &self.layer.layout;
        let (t1, t2) = (layout.time_at(a).max(0.0), layout.time_at(b).max(0.0));
        let across = |p: (f32, f32)| if layout.orientation == Orientation::Horizontal { p.1 } else { p.0 };
        let (lo, hi) = (across(a).min(across(b)), across(a).max(across(b)));
        let trace = &self.layer.scene.placed.trace;
        let (inside, outside): (Vec<String>, Vec<String>) = (0..trace.process_count() as u32)
            .map(|p| (trace.process_name(p).to_string(), (lo..=hi).contains(&layout.lanes[p as usize])))
            .fold((Vec::new(), Vec::new()), |(mut i, mut o), (name, inn)| {
                if inn {
                    i.push(name)
                } else {
                    o.push(name)
                }
                (i, o)
            });
        let round = |t: f64| (t * 10.0).round() / 10.0;
        if !inside.is_empty() && !outside.is_empty() && (t2 - t1).abs() > 0.05 {
            self.dispatch.dispatch(Action::CommitPartition(
                vec![inside, outside],
                round(t1.min(t2)),
                round(t1.max(t2)),
            ));
        }
    }

    fn click(&self, hit: Hit, shift: bool) {
        let scene = &self.layer.scene;
        let t = &scene.placed.trace;
        let action = match hit {
            Hit::Event(e) => Action::Select { event: Some(t.event_id(e).into()), second: shift },
            Hit::Message { message, .. } => Action::SelectMessage(Some(t.message_id(message).into())),
            Hit::Lane { process, time } => {
                let name = t.process_name(process);
                let time = free_slot(&scene.document, name, time, None);
                Action::Edit(Edit::AddEvent { process: name.into(), time })
            }
            Hit::Nothing => Action::Select { event: None, second: false },
        };
        self.dispatch.dispatch(action);
    }

    /// SVG units per CSS pixel at the current zoom.
    fn scale(&self) -> f32 {
        let width = self.svg.cast::<SvgsvgElement>().map_or(1.0, |s| s.client_width().max(1) as f32);
        let height = self.svg.cast::<SvgsvgElement>().map_or(1.0, |s| s.client_height().max(1) as f32);
        (self.view.2 / width).max(self.view.3 / height)
    }

    fn wheel(&self, e: WheelEvent) {
        e.prevent_default();
        let factor = if e.delta_y() > 0.0 { 1.15 } else { 1.0 / 1.15 };
        self.zoom_at(factor, self.point((e.client_x(), e.client_y())));
    }

    /// Scales the view by `factor` about `at` (default: the centre).
    fn zoom_at(&self, factor: f32, at: Option<(f32, f32)>) {
        let ViewBox(x, y, w, h) = self.view;
        let (px, py) = at.unwrap_or((x + w / 2.0, y + h / 2.0));
        let (w2, h2) = ((w * factor).clamp(50.0, 100_000.0), (h * factor).clamp(50.0, 100_000.0));
        let f = w2 / w;
        self.zoom.set(Some(ViewBox(px - (px - x) * f, py - (py - y) * (h2 / h), w2, h2)));
    }

    fn key(&self, e: KeyboardEvent) {
        let event = closest_id(e.target(), "data-event-id");
        let message = closest_id(e.target(), "data-message-id");
        let key = e.key();
        let handled = match (event, message) {
            (Some(id), _) => self.event_key(&key, &id, e.shift_key()),
            (None, Some(id)) => self.message_key(&key, &id),
            _ => false,
        } || self.zoom_key(&key);
        if handled {
            e.prevent_default();
            e.stop_propagation();
        }
    }

    fn event_key(&self, key: &str, id: &str, shift: bool) -> bool {
        let scene = &self.layer.scene;
        let Some(ev) = scene.document.event(id) else { return false };
        let action = match key {
            "ArrowUp" | "ArrowDown" if shift => {
                let to = adjacent_process(&scene.document, &ev.process, key == "ArrowDown");
                match to.and_then(|to| send_to(&scene.document, id, to)) {
                    Some(edit) => Action::Edit(edit),
                    None => return true,
                }
            }
            "a" | "A" => {
                let time =
                    next_free(&scene.document, &ev.process, ev.time, true, None).unwrap_or(ev.time + 1.0);
                Action::Edit(Edit::AddEvent { process: ev.process.clone(), time })
            }
            "f" | "F" => match fork_from(&scene.document, id) {
                Some(edit) => Action::Edit(edit),
                None => return true,
            },
            "Enter" | " " => Action::Select { event: Some(id.into()), second: shift },
            "Delete" | "Backspace" => Action::Edit(Edit::DeleteEvent { event: id.into() }),
            "ArrowLeft" | "ArrowRight" => {
                let forwards = key == "ArrowRight";
                match next_free(&scene.document, &ev.process, ev.time, forwards, Some(id)) {
                    Some(time) => Action::Edit(Edit::MoveEvent { event: id.into(), time }),
                    None => return true,
                }
            }
            "ArrowUp" | "ArrowDown" => {
                if let Some(next) = nearest_adjacent(&scene.document, id, key == "ArrowDown") {
                    focus_event(next);
                }
                return true;
            }
            _ => return false,
        };
        self.dispatch.dispatch(action);
        true
    }

    fn message_key(&self, key: &str, id: &str) -> bool {
        let action = match key {
            "Enter" | " " => Action::SelectMessage(Some(id.into())),
            "Delete" | "Backspace" => Action::Edit(Edit::DeleteMessage { message: id.into() }),
            _ => return false,
        };
        self.dispatch.dispatch(action);
        true
    }

    fn zoom_key(&self, key: &str) -> bool {
        match key {
            "+" | "=" => self.zoom_at(1.0 / 1.25, None),
            "-" => self.zoom_at(1.25, None),
            "0" => self.zoom.set(None),
            _ => return false,
        }
        true
    }
}

/// The CRDT lab's operation popover, beside the selected local event.
fn popover(layer: &LayerProps, dispatch: &UseReducerDispatcher<AppState>) -> Html {
    let (Some(crdt), Some(id)) = (&layer.crdt, &layer.selected) else { return html! {} };
    let doc = &layer.scene.document;
    let Some(event) = doc.event(id) else { return html! {} };
    let local = event.link.is_none() && !doc.sends(id) && !doc.receives(id);
    if !local {
        return html! {};
    }
    html! {
        <OpPopover kind={crdt.main.kind} event={id.clone()} op={event.op.clone()} dispatch={dispatch.clone()} />
    }
}
