//! Everything drawn at one zoom: coordinates, arrows, a lab's marks, and
//! the placed labels. [`draw`] is what the page calls on every change of
//! zoom or selection and what an export calls once.

use super::arrows::{arrows, Arrow, Fate};
use super::geometry::{Point, Rect};
use super::labels::{place, slots, Kind, Owner, Placement, Request};
use super::local_time::{ticks, Tick};
use super::overlay::{Overlay, OverlayMarks};
use super::refocus::place_focused;
use super::texts::Texts;
use super::{Scale, Shape};
use crate::core::layout::{Layout, Orientation};
use crate::core::trace::{EventIdx, ProcessIdx, Trace};

/// One zoom's picture.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawing {
    /// Coordinates.
    pub layout: Layout,
    /// Each message's arrow, if drawn.
    pub arrows: Vec<Option<Arrow>>,
    /// The lab's marks.
    pub marks: OverlayMarks,
    /// The ticks of each node's local-time scale.
    pub ticks: Vec<Tick>,
    /// The labels that fit.
    pub labels: Placement,
    /// Too zoomed out to draw events one by one.
    pub dense: bool,
}

/// What to draw it for.
pub struct Subject<'a> {
    /// The trace.
    pub trace: &'a Trace,
    /// Its shape.
    pub shape: &'a Shape,
    /// Label texts.
    pub texts: &'a Texts,
    /// A lab's marks.
    pub overlay: &'a Overlay,
    /// Events whose labels are placed first (the selected one, the one
    /// related to it, their neighbours).
    pub focus: &'a [EventIdx],
}

/// The picture of `s` at `scale`, labelled only where marks lie between
/// `window.0` and `window.1` along the time axis (all when `None`).
pub fn draw(s: &Subject, scale: Scale, window: Option<(f32, f32)>) -> Drawing {
    let layout = s.shape.layout(s.trace, scale);
    let style = s.shape.style;
    let arrows = arrows(s.trace, s.shape, &layout, s.overlay, &style);
    let end = s.overlay.end.unwrap_or(0.0).max(layout.time_at(end_point(&layout)));
    let marks = OverlayMarks::new(s.overlay, &layout, &style, end);
    let ticks = ticks(&s.overlay.local_clocks, &layout, style.label);
    let dense = Shape::dense(scale);
    let mut d = Drawing { layout, arrows, marks, ticks, labels: Placement::default(), dense };
    d.labels = labels(s, &d, window);
    d
}

/// `d` with its labels placed again for `s`'s focus: what a selection
/// changes, the coordinates and marks staying as they are.
///
/// `d`'s labels were placed for `s` with no focus: they stay, but for the
/// ones the focus's labels take the place of (see [`place_focused`]).
pub fn relabel(s: &Subject, d: &Drawing, window: Option<(f32, f32)>) -> Drawing {
    let (requests, obstacles, bounds) = requests(s, d, window);
    let style = s.shape.style;
    let labels = place_focused(&requests, &obstacles, Some(bounds), &style, style.name, &d.labels);
    Drawing { labels, ..d.clone() }
}

/// Every label of `s` on `d`'s coordinates.
fn labels(s: &Subject, d: &Drawing, window: Option<(f32, f32)>) -> Placement {
    let (requests, obstacles, bounds) = requests(s, d, window);
    let style = s.shape.style;
    place(&requests, &obstacles, Some(bounds), &style, style.name)
}

/// What `s` asks to label on `d`'s coordinates, the marks labels may not
/// cover, and the drawing's bounds.
fn requests(s: &Subject, d: &Drawing, window: Option<(f32, f32)>) -> (Vec<Request>, Vec<Rect>, Rect) {
    let (layout, style) = (&d.layout, s.shape.style);
    let in_window = |p: Point| window.is_none_or(|(lo, hi)| (lo..=hi).contains(&layout.along_of(p)));
    let mut obstacles = d.marks.obstacles(&style);
    let mut requests = Vec::new();
    if !d.dense {
        for e in 0..s.trace.event_count() as EventIdx {
            let Some(at) = layout.shown(e).filter(|&p| in_window(p) && s.shape.drawn(s.trace, e)) else {
                continue;
            };
            let radius = if s.shape.folds.group_of(e).is_some() { style.dot * 1.4 } else { style.dot };
            obstacles.push(Rect::around(at, radius + 1.0));
            event_requests(s, e, at, &mut requests);
        }
        for a in d.arrows.iter().flatten().filter(|a| in_window(a.from) || in_window(a.to)) {
            obstacles.push(arrowhead_box(a, &style));
            if let Some(text) = &s.texts.payload[a.message as usize] {
                payload_requests(s, a, text, &mut requests);
            }
        }
    }
    if !d.dense {
        tick_requests(s, d, &in_window, &mut requests);
    }
    obstacles.extend(break_marks(s, layout));
    process_requests(s, layout, &mut requests);
    break_requests(s, layout, &mut requests);
    view_requests(s, d, &in_window, &mut requests);
    status_requests(s, d, &in_window, &mut requests);
    note_requests(s, d, &in_window, &mut requests);
    (requests, obstacles, Rect::new((0.0, 0.0), (layout.width, layout.height)))
}

/// The end of the longest line.
fn end_point(layout: &Layout) -> Point {
    match layout.orientation {
        Orientation::Horizontal => (layout.line_span.1, 0.0),
        Orientation::Vertical => (0.0, layout.line_span.1),
    }
}

/// The box no label may cover at an arrow's head.
fn arrowhead_box(a: &Arrow, style: &super::metrics::Style) -> Rect {
    let head = style.arrowhead();
    let back = super::geometry::short_of(a.from, a.tip, head * 0.5);
    let r = if a.fate == Fate::Lost { style.dot * 0.7 } else { head * 0.55 };
    Rect::around(back, r)
}

fn event_requests(s: &Subject, e: EventIdx, at: Point, out: &mut Vec<Request>) {
    let o = s.shape.orientation;
    let focus = s.focus.contains(&e);
    let mut push = |kind: Kind, lines: Vec<String>, slot_kind: Kind| {
        out.push(Request {
            owner: Owner::Event(e),
            kind,
            lines,
            anchor: at,
            slots: slots(slot_kind, o),
            focus,
        });
    };
    let texts = s.texts;
    if let Some(lines) = texts.clock.get(e as usize).cloned().flatten() {
        let kind = if texts.values { Kind::Value } else { Kind::Clock };
        push(kind, lines, Kind::Clock);
    }
    let group = s.shape.folds.group_of(e);
    let id = match group {
        Some(g) => g.count(),
        None => s.trace.event_id(e).to_string(),
    };
    push(Kind::Id, vec![id], Kind::Id);
    if let Some(value) = texts.below.get(e as usize).cloned().flatten() {
        push(Kind::Value, vec![value], Kind::Action);
    }
    let action = match group {
        Some(g) => g.action.clone().map(|a| super::texts::short_action(&a)),
        None => texts.action.get(e as usize).cloned().flatten(),
    };
    if let Some(action) = action {
        push(Kind::Action, vec![action], Kind::Action);
    }
}

fn payload_requests(s: &Subject, a: &Arrow, text: &str, out: &mut Vec<Request>) {
    // Past the middle first, where the arrows of one broadcast have parted.
    for f in [0.55, 0.4, 0.7, 0.28, 0.82] {
        out.push(Request {
            owner: Owner::Message(a.message),
            kind: Kind::Payload,
            lines: vec![text.to_string()],
            anchor: a.along(f),
            slots: slots(Kind::Payload, s.shape.orientation),
            focus: false,
        });
    }
}

/// Each tick's reading, above its line: placed last, where room is left.
fn tick_requests(s: &Subject, d: &Drawing, in_window: &dyn Fn(Point) -> bool, out: &mut Vec<Request>) {
    for (i, t) in d.ticks.iter().enumerate().filter(|(_, t)| in_window(t.at)) {
        out.push(Request {
            owner: Owner::Tick(i as u32),
            kind: Kind::LocalTime,
            lines: vec![t.text.clone()],
            anchor: t.at,
            slots: slots(Kind::LocalTime, s.shape.orientation),
            focus: false,
        });
    }
}

fn process_requests(s: &Subject, layout: &Layout, out: &mut Vec<Request>) {
    for &p in &s.shape.order {
        out.push(Request {
            owner: Owner::Process(p as ProcessIdx),
            kind: Kind::Process,
            lines: vec![s.shape.names[p as usize].clone()],
            anchor: layout.name_at(p),
            slots: slots(Kind::Process, s.shape.orientation),
            focus: false,
        });
    }
}

/// Each view's "view 1 · primary R2" (and a PBFT view's O below it), from
/// where it starts, above the first line: placed with the process names,
/// before any event's label.
fn view_requests(s: &Subject, d: &Drawing, in_window: &dyn Fn(Point) -> bool, out: &mut Vec<Request>) {
    for &(k, _, at) in d.marks.views.iter().filter(|v| in_window(v.2)) {
        let lines: Vec<String> = s.overlay.views[k].label.split('\n').map(str::to_string).collect();
        // A label of several lines (a PBFT view's O) hangs down from the
        // first line's place, so its top stays on the page (with a quarter
        // em more per line for the browser's ascent, taller than ours).
        let extra = (lines.len() - 1) as f32;
        let drop = extra * (super::metrics::LINE / 2.0 + 0.25) * s.shape.style.label;
        out.push(Request {
            owner: Owner::View(k as u32),
            kind: Kind::Axis,
            lines,
            anchor: (at.0 + 4.0, at.1 + drop),
            slots: vec![super::labels::Slot::At(super::metrics::Anchor::Start)],
            focus: false,
        });
    }
}

/// Each status stretch's word ("view-change"), at its start, just off the
/// line: placed with the views', before any event's label.
fn status_requests(s: &Subject, d: &Drawing, in_window: &dyn Fn(Point) -> bool, out: &mut Vec<Request>) {
    use super::labels::Slot;
    for &(k, _, at) in d.marks.statuses.iter().filter(|v| in_window(v.2)) {
        out.push(Request {
            owner: Owner::Status(k as u32),
            kind: Kind::Axis,
            lines: vec![s.overlay.statuses[k].word.to_string()],
            anchor: at,
            slots: vec![
                Slot::AboveRight,
                Slot::BelowRight,
                Slot::Above(1),
                Slot::Below(1),
                Slot::Right(-1),
                Slot::Right(1),
                Slot::Above(2),
                Slot::Below(2),
                Slot::AboveLeft,
                Slot::BelowLeft,
            ],
            focus: false,
        });
    }
}

/// Each of a protocol's notes, beside its event, in the order of their
/// rank, then time: when there is not room for all, the lower ranks stay.
/// Too zoomed out for events one by one, every note is hidden (and
/// counted).
fn note_requests(s: &Subject, d: &Drawing, in_window: &dyn Fn(Point) -> bool, out: &mut Vec<Request>) {
    let mut notes: Vec<(usize, Point)> = s
        .overlay
        .notes
        .iter()
        .enumerate()
        .filter_map(|(k, n)| {
            let at = d.layout.shown(n.event).filter(|&p| in_window(p) && s.shape.drawn(s.trace, n.event))?;
            Some((k, at))
        })
        .collect();
    notes.sort_by_key(|&(k, _)| s.overlay.notes[k].rank);
    let style = s.shape.style;
    for (k, at) in notes {
        let n = &s.overlay.notes[k];
        // A space each side: room for the box drawn around it.
        let lines: Vec<String> = n.lines.iter().map(|l| format!(" {l} ")).collect();
        // Between its line's neighbours, never across one, so a note reads
        // as its own line's. Drawn as density, a note has no slot at all
        // and is counted: the page says how many to zoom in for.
        let (lo, hi) = between(&d.layout, s.trace.process_of(n.event), style.dot);
        let across = |r: Rect| match d.layout.orientation {
            Orientation::Horizontal => (r.y0, r.y1),
            Orientation::Vertical => (r.x0, r.x1),
        };
        let slots = match d.dense {
            true => Vec::new(),
            false => slots(Kind::Note, s.shape.orientation)
                .into_iter()
                .filter(|&slot| {
                    let (a, b) = across(super::labels::slot_rect(&lines, at, slot, &style));
                    a >= lo && b <= hi
                })
                .collect(),
        };
        let focus = s.focus.contains(&n.event);
        out.push(Request { owner: Owner::Note(k as u32), kind: Kind::Note, lines, anchor: at, slots, focus });
    }
}

/// The stretch across the lines between process `p`'s neighbouring lines
/// (a dot's width short of each), or the drawing's edge past the outer
/// ones.
fn between(layout: &Layout, p: ProcessIdx, dot: f32) -> (f32, f32) {
    let Some(lane) = layout.lane(p) else { return (f32::MIN, f32::MAX) };
    let lanes: Vec<f32> = layout.shown_processes().filter_map(|q| layout.lane(q)).collect();
    let before = lanes.iter().copied().filter(|&l| l < lane).fold(f32::MIN, f32::max);
    let after = lanes.iter().copied().filter(|&l| l > lane).fold(f32::MAX, f32::min);
    (before + dot, after - dot)
}

/// The boxes of the break marks across each line, which no label covers.
fn break_marks<'a>(s: &'a Subject, layout: &'a Layout) -> impl Iterator<Item = Rect> + 'a {
    let r = s.shape.style.dot;
    layout.axis.breaks.iter().flat_map(move |b| {
        let along = layout.spacing().names + b.middle() as f32 * layout.spacing().time;
        s.shape.order.iter().filter_map(move |&p| {
            let lane = layout.lane(p)?;
            let at = match layout.orientation {
                Orientation::Horizontal => (along, lane),
                Orientation::Vertical => (lane, along),
            };
            Some(Rect::around(at, r))
        })
    })
}

/// A break's "33 skipped" goes in the idle stretch it stands for, between
/// the first two lines (past the only one, if there is one): no event is
/// there to be labelled.
fn break_requests(s: &Subject, layout: &Layout, out: &mut Vec<Request>) {
    let lanes: Vec<f32> = s.shape.order.iter().filter_map(|&p| layout.lane(p)).collect();
    let across = match lanes.as_slice() {
        [a, b, ..] => (a + b) / 2.0,
        [a] => a + layout.spacing().margin * 0.6,
        [] => return,
    };
    for (i, b) in layout.axis.breaks.iter().enumerate() {
        let along = layout.spacing().names + b.middle() as f32 * layout.spacing().time;
        let anchor = match layout.orientation {
            Orientation::Horizontal => (along, across),
            Orientation::Vertical => (across, along),
        };
        out.push(Request {
            owner: Owner::Break(i as u32),
            kind: Kind::Axis,
            lines: vec![b.label()],
            anchor,
            slots: slots(Kind::Axis, layout.orientation),
            focus: false,
        });
    }
}

impl Drawing {
    /// What the page says when labels are hidden: notes apart, as they
    /// are what a protocol's run is read by.
    pub fn hidden_note(&self) -> Option<String> {
        let notes = self.labels.hidden_notes;
        let others = match self.labels.hidden - notes {
            0 => None,
            1 => Some("1 label hidden: zoom in or select".to_string()),
            n => Some(format!("{n} labels hidden: zoom in or select")),
        };
        let notes = match notes {
            0 => None,
            1 => Some("1 note hidden: zoom in".to_string()),
            n => Some(format!("{n} notes hidden: zoom in")),
        };
        match (others, notes) {
            (None, None) => None,
            (Some(a), None) | (None, Some(a)) => Some(a),
            (Some(a), Some(b)) => Some(format!("{b} · {a}")),
        }
    }
}
