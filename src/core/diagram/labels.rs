//! Label placement: every label on the diagram gets a box that overlaps no
//! other label, no dot and no arrowhead, at its fixed on-screen size.
//!
//! The rule, which the page states when it hides anything: labels are
//! placed greedily in priority order, each in the first of its candidate
//! slots near its mark that is free: process names first, then every label
//! of the events in focus (the selected event, the one related to it, its
//! neighbours), then clocks and values, then event ids, then actions, then
//! message payloads, each kind in time order. A label with no free slot is
//! hidden and counted; it shows again when its event is selected or the
//! view is zoomed in. A grid keeps each test local, so placement is linear
//! in the number of labels.

use super::geometry::{Point, Rect};
use super::grid::Grid;
use super::metrics::{text_box, Anchor, Style, ASCENT};
use crate::core::layout::Orientation;
use crate::core::trace::{EventIdx, MessageIdx, ProcessIdx};

/// What a label says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A process name.
    Process,
    /// A protocol's note at an event (a certificate reached), boxed:
    /// placed before clocks, as a run is read by what its nodes reached.
    Note,
    /// A clock: a Lamport time, vector or ITC stamp.
    Clock,
    /// A replica's value (CRDT lab).
    Value,
    /// The event's id (or a collapsed run's count).
    Id,
    /// The action it performs.
    Action,
    /// What a message carried.
    Payload,
    /// A node's own clock reading at a tick of its local-time scale.
    LocalTime,
    /// How much time a break on the axis hides.
    Axis,
}

impl Kind {
    /// The `data-label-kind` word.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Process => "process",
            Kind::Clock => "clock",
            Kind::Note => "note",
            Kind::Value => "value",
            Kind::Id => "id",
            Kind::Action => "action",
            Kind::Payload => "payload",
            Kind::LocalTime => "local-time",
            Kind::Axis => "axis",
        }
    }
}

impl Kind {
    /// Whether a label of this kind that finds no room counts as hidden
    /// (the page says how many are). A scale's tick labels do not: a tick
    /// without its label is still a tick, and the next one is labelled.
    pub fn counted(self) -> bool {
        self != Kind::LocalTime
    }
}

/// What a label belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    /// A process line.
    Process(ProcessIdx),
    /// An event (or the collapsed run it stands for).
    Event(EventIdx),
    /// A message.
    Message(MessageIdx),
    /// A break on the time axis, by index.
    Break(u32),
    /// A tick of a local-time scale, by index.
    Tick(u32),
    /// A replica group's view, by index.
    View(u32),
    /// A status stretch, by index.
    Status(u32),
    /// A protocol's note, by index into the overlay's notes.
    Note(u32),
}

/// Where a label may go relative to its anchor (a dot's centre, or a
/// point on an arrow).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Slot {
    /// Centred above the dot, `n` of its own heights up.
    Above(u8),
    /// Centred below the dot, `n` lines down.
    Below(u8),
    /// Right of the dot, `n` lines down (negative: up).
    Right(i8),
    /// Left of the dot, `n` lines down (negative: up).
    Left(i8),
    /// Off the dot's upper right corner.
    AboveRight,
    /// Off its upper left corner.
    AboveLeft,
    /// Off its lower right corner.
    BelowRight,
    /// Off its lower left corner.
    BelowLeft,
    /// Fixed: the box's anchor point is exactly the anchor (process names).
    At(Anchor),
    /// As `At`, moved along the line by this many dot widths (a name
    /// making room for an arrowhead at its line's start).
    Shifted(Anchor, i8),
}

/// A label to place.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// What it belongs to.
    pub owner: Owner,
    /// What it says.
    pub kind: Kind,
    /// Its text, a line each.
    pub lines: Vec<String>,
    /// Where it hangs from.
    pub anchor: Point,
    /// Where it may go, best first.
    pub slots: Vec<Slot>,
    /// Placed before everything not in focus.
    pub focus: bool,
}

/// A placed label.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    /// What it belongs to.
    pub owner: Owner,
    /// What it says.
    pub kind: Kind,
    /// Its text, a line each.
    pub lines: Vec<String>,
    /// Its text position: x as `anchor` says, y the first baseline.
    pub at: Point,
    /// How the text hangs from `at.0`.
    pub anchor: Anchor,
    /// The box it covers.
    pub rect: Rect,
    /// Its font size.
    pub size: f32,
}

/// Every label that fits, and how many did not.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Placement {
    /// Placed labels.
    pub labels: Vec<Placed>,
    /// Labels with no free slot, not drawn.
    pub hidden: usize,
    /// The events that lost a label, in order.
    pub hidden_events: Vec<EventIdx>,
    /// Of the hidden labels, how many are notes.
    pub hidden_notes: usize,
}

impl Placement {
    /// True when some label of event `e` is hidden.
    pub fn hides(&self, e: EventIdx) -> bool {
        self.hidden_events.binary_search(&e).is_ok()
    }
}

/// The candidate slots of a kind of label, for labels hanging off a dot.
pub fn slots(kind: Kind, orientation: Orientation) -> Vec<Slot> {
    use Slot::*;
    match (orientation, kind) {
        (Orientation::Horizontal, Kind::Process) => {
            vec![At(Anchor::End), Shifted(Anchor::End, -2), Shifted(Anchor::End, -4), Left(-1), Left(1)]
        }
        (Orientation::Vertical, Kind::Process) => vec![At(Anchor::Middle), Above(0)],
        (_, Kind::Axis) => vec![At(Anchor::Middle)],
        (Orientation::Horizontal, Kind::LocalTime) => vec![Above(0), Above(1)],
        (Orientation::Vertical, Kind::LocalTime) => vec![Right(0), Left(0)],
        (Orientation::Horizontal, Kind::Payload) => vec![Right(0), Left(0)],
        (Orientation::Vertical, Kind::Payload) => vec![Above(0), Below(0)],
        (Orientation::Horizontal, Kind::Clock | Kind::Value) => {
            vec![Above(0), Above(1), AboveRight, AboveLeft, Above(2)]
        }
        (Orientation::Horizontal, Kind::Note) => vec![
            Below(1),
            BelowRight,
            BelowLeft,
            AboveRight,
            AboveLeft,
            Below(2),
            Above(1),
            Above(0),
            Right(1),
            Left(1),
            Right(0),
            Left(0),
        ],
        (Orientation::Vertical, Kind::Note) => {
            vec![Right(1), Right(2), Left(1), BelowRight, Left(2), AboveRight]
        }
        (Orientation::Horizontal, Kind::Id) => {
            vec![Below(0), BelowRight, BelowLeft, Right(0), Left(0), Below(1)]
        }
        (Orientation::Horizontal, _) => vec![Below(1), BelowRight, BelowLeft, Right(1), Left(1), Below(2)],
        (Orientation::Vertical, Kind::Clock | Kind::Value) => vec![Right(0), Right(-1), Right(1), AboveRight],
        (Orientation::Vertical, Kind::Id) => vec![Left(0), Left(-1), Left(1), BelowLeft],
        (Orientation::Vertical, _) => vec![Right(1), Right(2), Left(1), BelowRight],
    }
}

/// The box a label of `lines` would take in `slot` off `anchor`.
fn boxed(lines: &[String], anchor: Point, slot: Slot, style: &Style) -> (Rect, Point, Anchor) {
    let size = style.label;
    let probe = text_box(lines, size, (0.0, 0.0), Anchor::Start);
    let (w, h) = (probe.width(), probe.height());
    // Rows are a box (or a line) and the padding apart, so neighbouring
    // rows never touch.
    let line = style.line() + PAD;
    let r = style.dot + style.gap();
    // Corner slots clear the dot's box.
    let d = style.dot + 2.0;
    let (a, b) = anchor;
    let (x0, y0) = match slot {
        Slot::Above(n) => (a - w / 2.0, b - r - h - n as f32 * (h + PAD)),
        Slot::Below(n) => (a - w / 2.0, b + r + n as f32 * line),
        Slot::Right(n) => (a + r, b - h / 2.0 + n as f32 * line),
        Slot::Left(n) => (a - r - w, b - h / 2.0 + n as f32 * line),
        Slot::AboveRight => (a + d, b - d - h),
        Slot::AboveLeft => (a - d - w, b - d - h),
        Slot::BelowRight => (a + d, b + d),
        Slot::BelowLeft => (a - d - w, b + d),
        Slot::At(Anchor::Start) => (a, b - h / 2.0),
        Slot::At(Anchor::Middle) => (a - w / 2.0, b - h / 2.0),
        Slot::At(Anchor::End) => (a - w, b - h / 2.0),
        Slot::Shifted(anchor, n) => {
            let (x, y, _) = boxed(lines, (a + n as f32 * 2.0 * style.dot, b), Slot::At(anchor), style);
            return (x, y, anchor);
        }
    };
    let rect = Rect { x0, y0, x1: x0 + w, y1: y0 + h };
    // Text is drawn middle-anchored inside its box (start/end for fixed
    // slots), first baseline an ascent below the top.
    let (x, anchor) = match slot {
        Slot::At(Anchor::Start) | Slot::Shifted(Anchor::Start, _) => (rect.x0, Anchor::Start),
        Slot::At(Anchor::End) | Slot::Shifted(Anchor::End, _) => (rect.x1, Anchor::End),
        _ => ((rect.x0 + rect.x1) / 2.0, Anchor::Middle),
    };
    (rect, (x, y0 + size * ASCENT), anchor)
}

/// The box a label of `lines` would take in `slot` off `anchor`.
pub fn slot_rect(lines: &[String], anchor: Point, slot: Slot, style: &Style) -> Rect {
    boxed(lines, anchor, slot, style).0
}

/// Room kept between neighbouring labels, so they never touch.
pub const PAD: f32 = 2.0;

/// `r` in the first of its slots that stays within `bounds` and hits
/// nothing in `grid`, if one does.
pub(super) fn fit(
    r: &Request,
    style: &Style,
    name_size: f32,
    bounds: Option<Rect>,
    grid: &Grid,
) -> Option<Placed> {
    let mut style = *style;
    if r.kind == Kind::Process {
        style.label = name_size;
    }
    let inside =
        |b: &Rect| bounds.is_none_or(|o| b.x0 >= o.x0 && b.y0 >= o.y0 && b.x1 <= o.x1 && b.y1 <= o.y1);
    let (rect, at, anchor) = r
        .slots
        .iter()
        .map(|&s| boxed(&r.lines, r.anchor, s, &style))
        .find(|(rect, _, _)| rect.is_finite() && inside(rect) && !grid.hits(&rect.grown(PAD / 2.0)))?;
    Some(Placed { owner: r.owner, kind: r.kind, lines: r.lines.clone(), at, anchor, rect, size: style.label })
}

/// Places `requests` around `obstacles` (dots, arrowheads and other marks
/// no label may cover), inside `bounds` if given, in the order the module
/// describes.
pub fn place(
    requests: &[Request],
    obstacles: &[Rect],
    bounds: Option<Rect>,
    style: &Style,
    name_size: f32,
) -> Placement {
    let mut grid = Grid::new(style.label * 4.0);
    for o in obstacles {
        grid.insert(*o);
    }
    let mut order: Vec<usize> = (0..requests.len()).collect();
    // Stable: equal keys keep the caller's (time) order.
    order.sort_by_key(|&i| {
        let r = &requests[i];
        (!matches!(r.kind, Kind::Process | Kind::Axis), !r.focus, r.kind)
    });
    let mut placement = Placement::default();
    for i in order {
        let r = &requests[i];
        match fit(r, style, name_size, bounds, &grid) {
            Some(label) => {
                grid.insert(label.rect.grown(PAD / 2.0));
                placement.labels.push(label);
            }
            None if !r.kind.counted() => {}
            None => {
                placement.hidden += 1;
                placement.hidden_notes += usize::from(r.kind == Kind::Note);
                if let Owner::Event(e) = r.owner {
                    placement.hidden_events.push(e);
                }
            }
        }
    }
    placement.hidden_events.sort_unstable();
    placement.hidden_events.dedup();
    // In a fixed order, whatever the priorities: the page's elements keep
    // their places when a selection changes which labels go first.
    placement.labels.sort_by_key(|l| (l.owner, l.kind));
    placement
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(owner: EventIdx, kind: Kind, text: &str, at: Point) -> Request {
        Request {
            owner: Owner::Event(owner),
            kind,
            lines: vec![text.into()],
            anchor: at,
            slots: slots(kind, Orientation::Horizontal),
            focus: false,
        }
    }

    #[test]
    fn crowded_labels_take_the_next_free_slot_and_never_overlap() {
        let style = Style::NORMAL;
        // Three events 40 px apart with 11-character clocks (95 px wide).
        let at = |i: u32| (100.0 + 40.0 * i as f32, 100.0);
        let reqs: Vec<Request> = (0..3).map(|i| request(i, Kind::Clock, "[1,2,0,0,0]", at(i))).collect();
        let dots: Vec<Rect> = (0..3).map(|i| Rect::around(at(i), style.dot + 1.0)).collect();
        let p = place(&reqs, &dots, None, &style, style.name);
        assert_eq!(p.labels.len() + p.hidden, 3);
        for (i, a) in p.labels.iter().enumerate() {
            assert!(dots.iter().all(|d| !a.rect.overlaps(d)), "a label covers a dot");
            for b in &p.labels[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect), "{:?} and {:?} overlap", a.rect, b.rect);
            }
        }
        assert!(p.labels[1].rect.y1 <= p.labels[0].rect.y0 + 0.01, "the second goes a row up");
        for (i, a) in p.labels.iter().enumerate() {
            for b in &p.labels[i + 1..] {
                assert!(!a.rect.grown(PAD / 2.0).overlaps(&b.rect.grown(PAD / 2.0)), "labels keep apart");
            }
        }
    }

    #[test]
    fn focus_is_placed_first_and_what_cannot_fit_is_counted() {
        let style = Style::NORMAL;
        let same = (50.0, 50.0);
        let mut reqs: Vec<Request> = (0..12).map(|i| request(i, Kind::Id, "a-long-id", same)).collect();
        reqs[11].focus = true;
        let p = place(&reqs, &[], None, &style, style.name);
        assert!(p.labels.iter().any(|l| l.owner == Owner::Event(11)), "the focused event's label is placed");
        // Without the focus, the last of twelve labels at one point is hidden.
        reqs[11].focus = false;
        let plain = place(&reqs, &[], None, &style, style.name);
        assert!(plain.labels.iter().all(|l| l.owner != Owner::Event(11)) && plain.hidden > 0);
        assert!(plain.hides(11) && !plain.hides(0) && !p.hides(11));
        assert!(p.hidden > 0 && p.labels.len() + p.hidden == 12);
    }
}
