//! What the pointer, the wheel and the keys do on the diagram: core hit
//! tests, snapping and drop targets (core::editor) turned into actions,
//! and the camera's zoom and pan.

use super::canvas::Camera;
use super::canvas_lab::Rectangle;
use super::diagram_layer::DiagramProps;
use super::dom::{closest_id, focus_event, svg_point};
use super::state::{Action, AppState};
use crate::core::diagram::drawing::Drawing;
use crate::core::diagram::MAX_TIME;
use crate::core::editor::gesture::{
    adjacent_process, drop_edit, exact_move, fork_from, nearest_adjacent, send_to,
};
use crate::core::editor::hit::{hit_test_in, End, Hit};
use crate::core::editor::snap::{free_slot, next_free};
use crate::core::editor::Edit;
use crate::core::layout::Orientation;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{KeyboardEvent, PointerEvent, SvgsvgElement, WheelEvent};
use yew::prelude::*;

/// What the pointer is doing.
#[derive(Clone, Debug, PartialEq)]
pub enum Gesture {
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
        from: Camera,
    },
    /// Drawing a rectangle the lab on screen asked for (see canvas_lab.rs).
    Rectangle {
        from: (f32, f32),
        to: (f32, f32),
    },
}

/// The drag being previewed: which event, whether only along its line, and
/// where the pointer is.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    pub event: String,
    pub along_only: bool,
    pub at: (f32, f32),
    /// To the exact time, off the grid (see `LabCanvas::exact`).
    pub exact: bool,
}

/// Two corners of the rectangle being drawn.
pub type Band = ((f32, f32), (f32, f32));

/// Pointer travel (CSS px) that turns a press into a drag.
const DRAG_START: i32 = 5;

#[derive(Clone)]
pub struct Ctx {
    pub diagram: Rc<DiagramProps>,
    pub drawing: Rc<Drawing>,
    pub dispatch: UseReducerDispatcher<AppState>,
    pub svg: NodeRef,
    /// The group the camera moves: client points map to the diagram's
    /// coordinates through its transform.
    pub camera_group: NodeRef,
    pub gesture: Rc<RefCell<Gesture>>,
    pub preview: UseStateHandle<Option<Preview>>,
    /// The rectangle being drawn.
    pub band: UseStateHandle<Option<Band>>,
    /// Where a rectangle goes when drawn, while the lab asks for one.
    pub rectangle: Option<Callback<Rectangle>>,
    /// The rectangle is drawn as a line (see `LabCanvas::line`).
    pub line: bool,
    /// Drags move to exact times (see `LabCanvas::exact`).
    pub exact: bool,
    pub hover: UseStateHandle<Option<String>>,
    pub camera: UseStateHandle<Option<Camera>>,
    /// The camera as shown now (fitted or not).
    pub view: Camera,
    pub size: (f32, f32),
}

impl Ctx {
    pub fn handler(&self, f: fn(&Ctx, PointerEvent)) -> Callback<PointerEvent> {
        let ctx = self.clone();
        Callback::from(move |e: PointerEvent| f(&ctx, e))
    }

    fn point(&self, client: (i32, i32)) -> Option<(f32, f32)> {
        svg_point(&self.camera_group.cast::<web_sys::SvgGraphicsElement>()?, client)
    }

    fn hit(&self, point: (f32, f32)) -> Hit {
        let d = &self.diagram;
        let trace = &d.scene.placed.trace;
        let arrows = &self.drawing.arrows;
        hit_test_in(
            trace,
            &self.drawing.layout,
            &d.shape.times,
            point,
            |e| d.shape.drawn(trace, e),
            |m| arrows.get(m as usize).is_some_and(Option::is_some),
        )
    }

    pub fn pointer_down(&self, e: PointerEvent) {
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
            _ if self.rectangle.is_some() => Gesture::Rectangle { from: point, to: point },
            Hit::Nothing => Gesture::Panning { start: client, from: self.view },
            _ => Gesture::Pressed { hit, start: client },
        };
    }

    pub fn pointer_move(&self, e: PointerEvent) {
        let client = (e.client_x(), e.client_y());
        let Some(point) = self.point(client) else { return };
        let current = self.gesture.borrow().clone();
        match current {
            Gesture::Idle => {
                let over = match self.hit(point) {
                    Hit::Event(ev) => Some(self.diagram.scene.placed.trace.event_id(ev).to_string()),
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
                    self.preview.set(Some(Preview { event, along_only, at: point, exact: self.exact }));
                }
            }
            Gesture::Dragging { event, along_only, .. } => {
                *self.gesture.borrow_mut() =
                    Gesture::Dragging { event: event.clone(), along_only, at: point };
                self.preview.set(Some(Preview { event, along_only, at: point, exact: self.exact }));
            }
            Gesture::Rectangle { from, .. } => {
                *self.gesture.borrow_mut() = Gesture::Rectangle { from, to: point };
                self.band.set(Some((from, point)));
            }
            Gesture::Panning { start, from } => {
                let (dx, dy) = ((client.0 - start.0) as f32, (client.1 - start.1) as f32);
                self.camera
                    .set(Some(Camera { time: from.time, origin: (from.origin.0 - dx, from.origin.1 - dy) }));
            }
        }
    }

    /// The event a press on `hit` would drag, and whether only along its line.
    fn draggable(&self, hit: Hit) -> Option<(String, bool)> {
        let t = &self.diagram.scene.placed.trace;
        match hit {
            Hit::Event(e) if self.diagram.shape.folds.group_of(e).is_none() => {
                Some((t.event_id(e).to_string(), false))
            }
            Hit::Message { message, end: Some(End::Send) } => {
                Some((t.event_id(t.send_of(message)).into(), true))
            }
            Hit::Message { message, end: Some(End::Receive) } => {
                t.receive_of(message).map(|r| (t.event_id(r).to_string(), true))
            }
            _ => None,
        }
    }

    pub fn pointer_up(&self, e: PointerEvent) {
        let gesture = std::mem::replace(&mut *self.gesture.borrow_mut(), Gesture::Idle);
        match gesture {
            Gesture::Pressed { hit, .. } => self.click(hit, e.shift_key()),
            Gesture::Dragging { event, along_only, at } => {
                self.preview.set(None);
                let (scene, layout) = (&self.diagram.scene, &self.drawing.layout);
                let edit = if self.exact {
                    exact_move(&scene.placed, layout, &event, at)
                } else {
                    drop_edit(&scene.document, &scene.placed, layout, &event, at, along_only)
                };
                if let Some(edit) = edit {
                    self.dispatch.dispatch(Action::Edit(edit));
                }
            }
            Gesture::Rectangle { from, to } => {
                self.band.set(None);
                let moved = (to.0 - from.0).abs().max((to.1 - from.1).abs()) >= DRAG_START as f32;
                match (&self.rectangle, moved) {
                    (Some(drawn), true) => drawn.emit(self.rectangle_of(from, to)),
                    // Drawing a cut, a press that did not move is a click
                    // on whatever is there (it moves the frontier).
                    _ if self.line => self.click(self.hit(from), e.shift_key()),
                    _ => {}
                }
            }
            Gesture::Panning { start, .. } => {
                if (e.client_x(), e.client_y()) == start {
                    self.dispatch.dispatch(Action::Select { event: None, second: false });
                }
            }
            Gesture::Idle => {}
        }
    }

    /// The rectangle with corners `a` and `b`, in the diagram's terms: its
    /// two times and the lines it covers.
    fn rectangle_of(&self, a: (f32, f32), b: (f32, f32)) -> Rectangle {
        let layout = &self.drawing.layout;
        let (t1, t2) = (layout.time_at(a).max(0.0), layout.time_at(b).max(0.0));
        let (lo, hi) =
            (layout.across_of(a).min(layout.across_of(b)), layout.across_of(a).max(layout.across_of(b)));
        let trace = &self.diagram.scene.placed.trace;
        let (inside, outside): (Vec<u32>, Vec<u32>) =
            layout.shown_processes().partition(|&p| layout.lane(p).is_some_and(|l| (lo..=hi).contains(&l)));
        let names = |ps: Vec<u32>| ps.into_iter().map(|p| trace.process_name(p).to_string()).collect();
        let (a_across, b_across) = (layout.across_of(a), layout.across_of(b));
        let crossings = layout
            .shown_processes()
            .filter_map(|p| {
                let lane = layout.lane(p)?;
                let f = if (b_across - a_across).abs() < 0.5 {
                    0.0
                } else {
                    (lane - a_across) / (b_across - a_across)
                };
                let at = (a.0 + (b.0 - a.0) * f.clamp(0.0, 1.0), a.1 + (b.1 - a.1) * f.clamp(0.0, 1.0));
                Some((trace.process_name(p).to_string(), layout.time_at(at).max(0.0)))
            })
            .collect();
        Rectangle {
            from: t1.min(t2),
            until: t1.max(t2),
            inside: names(inside),
            outside: names(outside),
            crossings,
        }
    }

    fn click(&self, hit: Hit, shift: bool) {
        let scene = &self.diagram.scene;
        let t = &scene.placed.trace;
        let action = match hit {
            Hit::Event(e) if self.diagram.shape.folds.group_of(e).is_some() => {
                Action::ToggleRun(t.event_id(e).into())
            }
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

    pub fn wheel(&self, e: WheelEvent) {
        e.prevent_default();
        if e.shift_key() || e.delta_x().abs() > e.delta_y().abs() {
            // A sideways scroll (or shift+wheel) pans along time.
            let by = if e.delta_x() != 0.0 { e.delta_x() } else { e.delta_y() } as f32;
            return self.pan_along(by);
        }
        let factor = if e.delta_y() > 0.0 { 1.0 / 1.15 } else { 1.15 };
        self.zoom_at(factor, self.point((e.client_x(), e.client_y())));
    }

    fn pan_along(&self, by: f32) {
        let v = self.view;
        let origin = match self.drawing.layout.orientation {
            Orientation::Horizontal => (v.origin.0 + by, v.origin.1),
            Orientation::Vertical => (v.origin.0, v.origin.1 + by),
        };
        self.camera.set(Some(Camera { time: v.time, origin }));
    }

    /// Zooms time by `factor` about `at` (default: the middle): the time
    /// under the point stays under it. Zooming out stops once the whole
    /// run is in view; past readable detail the diagram turns to density.
    pub fn zoom_at(&self, factor: f32, at: Option<(f32, f32)>) {
        let layout = &self.drawing.layout;
        let v = self.view;
        let horizontal = layout.orientation == Orientation::Horizontal;
        let (along_size, start) =
            if horizontal { (self.size.0, v.origin.0) } else { (self.size.1, v.origin.1) };
        let at = at.unwrap_or(match horizontal {
            true => (v.origin.0 + self.size.0 / 2.0, 0.0),
            false => (0.0, v.origin.1 + self.size.1 / 2.0),
        });
        let least = self.diagram.shape.zoomed_out(along_size).min(v.time);
        let time = (v.time * factor).clamp(least, MAX_TIME);
        let t0 = layout.axis.pos(layout.time_at(at)) as f32;
        let offset = layout.along_of(at) - start;
        let names = layout.spacing().names;
        let new_start = names + t0 * time - offset;
        let origin = if horizontal { (new_start, v.origin.1) } else { (v.origin.0, new_start) };
        self.camera.set(Some(Camera { time, origin }));
    }

    pub fn key(&self, e: KeyboardEvent) {
        let event = closest_id(e.target(), "data-event-id");
        let message = closest_id(e.target(), "data-message-focus");
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
        let scene = &self.diagram.scene;
        let is_run = scene
            .placed
            .trace
            .event_by_id(id)
            .is_some_and(|e| self.diagram.shape.folds.group_of(e).is_some());
        let Some(ev) = scene.document.event(id) else { return false };
        let action = match key {
            "Enter" | " " if is_run => Action::ToggleRun(id.into()),
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
            "+" | "=" => self.zoom_at(1.25, None),
            "-" => self.zoom_at(1.0 / 1.25, None),
            "0" => self.camera.set(None),
            _ => return false,
        }
        true
    }
}
