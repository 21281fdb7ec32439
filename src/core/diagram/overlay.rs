//! What a lab adds to the diagram beyond events and messages, in terms any
//! lab can fill: when a node was down, when it was blocked, partitions,
//! decisions and the ones that conflict, messages still in flight, events
//! where replicas diverge. [`OverlayMarks`] is where they are drawn, and
//! which boxes no label may cover.

use super::geometry::{Point, Rect};
use super::metrics::Style;
use crate::core::layout::{Layout, Orientation};
use crate::core::trace::{EventIdx, MessageIdx, ProcessIdx};

/// A decision a node took.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decision {
    /// To commit.
    Commit,
    /// To abort.
    Abort,
}

impl Decision {
    /// The `data-decision` word.
    pub fn word(self) -> &'static str {
        match self {
            Decision::Commit => "commit",
            Decision::Abort => "abort",
        }
    }
}

/// A stretch of a process's time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    /// The process.
    pub process: ProcessIdx,
    /// From.
    pub from: f64,
    /// Until (`None`: to the end of the run).
    pub until: Option<f64>,
}

/// A partition: processes on different sides cannot talk.
#[derive(Clone, Debug, PartialEq)]
pub struct Partition {
    /// The sides.
    pub sides: Vec<Vec<ProcessIdx>>,
    /// From.
    pub from: f64,
    /// Until.
    pub until: f64,
}

/// A stretch of the run under one view of a replica group, and its
/// primary (Viewstamped Replication).
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    /// The view-number.
    pub number: u64,
    /// Its primary's line, if shown.
    pub primary: Option<ProcessIdx>,
    /// When it started (its STARTVIEW; view 0 at the start).
    pub from: f64,
    /// When the next one started (`None`: to the end of the run).
    pub until: Option<f64>,
    /// Its label, e.g. "view 1 · primary R2".
    pub label: String,
}

/// A stretch a node spent in a status worth marking (a replica in
/// view-change or recovering), named at its start.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusSpan {
    /// Where and when.
    pub interval: Interval,
    /// The status's word.
    pub word: &'static str,
}

/// What a note on the diagram says it is: the legend has a key for each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoteKind {
    /// A quorum certificate reached (PBFT's prepared, committed-local).
    Certificate,
    /// A count that stopped short of its quorum by the end of the run.
    Shortfall,
    /// A checkpoint become stable, with the watermarks it sets.
    Checkpoint,
    /// A view change's message: what it carries.
    ViewChange,
}

impl NoteKind {
    /// Every kind, in the legend's order.
    pub const ALL: [NoteKind; 4] =
        [NoteKind::Certificate, NoteKind::Shortfall, NoteKind::Checkpoint, NoteKind::ViewChange];

    /// The `data-note` word.
    pub fn word(self) -> &'static str {
        match self {
            NoteKind::Certificate => "certificate",
            NoteKind::Shortfall => "shortfall",
            NoteKind::Checkpoint => "checkpoint",
            NoteKind::ViewChange => "view-change",
        }
    }
}

/// A protocol's note at an event ("prepared 1", "2 of 2f = 2"), drawn
/// as a boxed label beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct EventNote {
    /// The event.
    pub event: EventIdx,
    /// What it is.
    pub kind: NoteKind,
    /// Placed before notes of a higher rank (0 first) when there is not
    /// room for all.
    pub rank: u8,
    /// Its text, a line each.
    pub lines: Vec<String>,
}

/// A lab's marks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overlay {
    /// Crashed, from the crash to the recovery.
    pub down: Vec<Interval>,
    /// Blocked: waiting for an outcome it cannot decide alone.
    pub blocked: Vec<Interval>,
    /// Partitions.
    pub partitions: Vec<Partition>,
    /// Decisions, at the event that took them.
    pub decisions: Vec<(EventIdx, Decision)>,
    /// Decisions that disagree with another (an atomicity violation).
    pub conflicts: Vec<EventIdx>,
    /// Messages sent but not yet delivered, with their receiver.
    pub in_flight: Vec<(MessageIdx, ProcessIdx)>,
    /// Lost messages whose receiver is known, so their stub points at it.
    pub lost: Vec<(MessageIdx, ProcessIdx)>,
    /// Events where replicas that have seen the same updates disagree.
    pub diverged: Vec<EventIdx>,
    /// A protocol's control messages (a snapshot's markers), drawn apart
    /// from the application's.
    pub control: Vec<MessageIdx>,
    /// Transfers a snapshot recorded in a channel's state (in flight
    /// across its cut), drawn thick.
    pub recorded: Vec<MessageIdx>,
    /// Where each process recorded its state for a snapshot.
    pub recording: Vec<EventIdx>,
    /// The views of a replica group, as bands along the time axis.
    pub views: Vec<View>,
    /// Stretches in a marked status, as bands along a line.
    pub statuses: Vec<StatusSpan>,
    /// Each node's own clock, drawn as a second scale on its line.
    pub local_clocks: Vec<super::local_time::LocalClock>,
    /// A protocol's notes, by event (in time order).
    pub notes: Vec<EventNote>,
    /// The time the picture runs to (the run's end, or the last step).
    pub end: Option<f64>,
}

/// Where the overlay's marks go.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OverlayMarks {
    /// A crash, by process, at its point.
    pub crashes: Vec<(ProcessIdx, Point)>,
    /// Down stretches of a line.
    pub down: Vec<(ProcessIdx, Point, Point)>,
    /// Blocked stretches, as bands along a line.
    pub blocked: Vec<(ProcessIdx, Rect)>,
    /// Partition bands, by partition.
    pub bands: Vec<(usize, Rect)>,
    /// Decision badges: event, decision, centre, in conflict.
    pub decisions: Vec<(EventIdx, Decision, Point, bool)>,
    /// Divergence badges.
    pub diverged: Vec<(EventIdx, Point)>,
    /// View bands over every line: the view's index, its band, and the
    /// point above the first line where its label starts.
    pub views: Vec<(usize, Rect, Point)>,
    /// Each view's primary: a band along its line for the view's stretch.
    pub primaries: Vec<(ProcessIdx, Rect)>,
    /// Status stretches: the span's index, its band along the line, and
    /// its start on the line (where its word goes).
    pub statuses: Vec<(usize, Rect, Point)>,
}

impl OverlayMarks {
    /// Where `overlay`'s marks go in `layout`; `end` is the axis's last
    /// time.
    pub fn new(overlay: &Overlay, layout: &Layout, style: &Style, end: f64) -> OverlayMarks {
        let mut m = OverlayMarks::default();
        let until = |i: &Interval| i.until.unwrap_or(end).max(i.from);
        for i in &overlay.down {
            let Some(lane) = layout.lane(i.process) else { continue };
            m.crashes.push((i.process, layout.point(i.from, lane)));
            m.down.push((i.process, layout.point(i.from, lane), layout.point(until(i), lane)));
        }
        let half = style.dot * 0.55;
        for i in &overlay.blocked {
            let Some(lane) = layout.lane(i.process) else { continue };
            let (a, b) = (layout.point(i.from, lane - half), layout.point(until(i), lane + half));
            m.blocked.push((i.process, Rect::new(a, b)));
        }
        view_marks(&mut m, overlay, layout, style, end);
        for (k, st) in overlay.statuses.iter().enumerate() {
            let i = &st.interval;
            let Some(lane) = layout.lane(i.process) else { continue };
            let (a, b) = (layout.point(i.from, lane - half), layout.point(until(i), lane + half));
            m.statuses.push((k, Rect::new(a, b), layout.point(i.from, lane)));
        }
        for (k, p) in overlay.partitions.iter().enumerate() {
            for rect in bands(p, layout, end) {
                m.bands.push((k, rect));
            }
        }
        let badge = |e: EventIdx, corner: f32| {
            let (x, y) = layout.at(e);
            // Clear of the dot: off its corner by the badge's own size.
            let d = style.dot + Self::badge(style) + 1.0;
            match layout.orientation {
                Orientation::Horizontal => (x + corner * d, y - d),
                Orientation::Vertical => (x + d, y + corner * d),
            }
        };
        for &(e, d) in &overlay.decisions {
            if layout.shown(e).is_some() {
                m.decisions.push((e, d, badge(e, 1.0), overlay.conflicts.contains(&e)));
            }
        }
        for &e in &overlay.diverged {
            if layout.shown(e).is_some() {
                m.diverged.push((e, badge(e, -1.0)));
            }
        }
        m
    }

    /// The half-size of a badge.
    pub fn badge(style: &Style) -> f32 {
        style.dot * 0.8
    }

    /// Boxes no label may cover: crash marks and badges.
    pub fn obstacles(&self, style: &Style) -> Vec<Rect> {
        let r = Self::badge(style) + 1.0;
        let crashes = self.crashes.iter().map(|&(_, p)| Rect::around(p, style.dot + 2.0));
        let decisions = self.decisions.iter().map(|&(_, _, c, _)| Rect::around(c, r));
        let diverged = self.diverged.iter().map(|&(_, c)| Rect::around(c, r));
        crashes.chain(decisions).chain(diverged).collect()
    }
}

/// Each view's band across every shown line, its label's place above the
/// first, and its primary's band along its own line.
fn view_marks(m: &mut OverlayMarks, overlay: &Overlay, layout: &Layout, style: &Style, end: f64) {
    let lanes: Vec<f32> = layout.shown_processes().filter_map(|p| layout.lane(p)).collect();
    let (Some(&top), Some(&bottom)) =
        (lanes.iter().min_by(|a, b| a.total_cmp(b)), lanes.iter().max_by(|a, b| a.total_cmp(b)))
    else {
        return;
    };
    let gap = layout.lane_gap();
    // The band reaches most of the way to the top; its label sits at the
    // top of it, clear of the arrowheads that end on the first line and of
    // the first row of labels above that line (a replica's viewstamp).
    let edge = layout.spacing().margin * 0.9;
    let label = layout.spacing().margin - style.line() * 0.5 - 1.0;
    let half = style.dot * 0.9;
    for (k, v) in overlay.views.iter().enumerate() {
        let until = v.until.unwrap_or(end).min(end).max(v.from);
        let a = layout.point(v.from, top - edge);
        let b = layout.point(until, bottom + gap * 0.3);
        m.views.push((k, Rect::new(a, b), layout.point(v.from, top - label)));
        if let Some(lane) = v.primary.and_then(|p| layout.lane(p).map(|l| (p, l))) {
            let (p, l) = lane;
            m.primaries.push((p, Rect::new(layout.point(v.from, l - half), layout.point(until, l + half))));
        }
    }
}

/// The bands of a partition: over the lines of every side but the one
/// holding the first shown line, one band per run of neighbouring lines.
fn bands(p: &Partition, layout: &Layout, end: f64) -> Vec<Rect> {
    let gap = layout.lane_gap();
    let mut lanes: Vec<(f32, usize)> = p
        .sides
        .iter()
        .enumerate()
        .flat_map(|(s, side)| side.iter().filter_map(move |&q| layout.lane(q).map(|l| (l, s))))
        .collect();
    lanes.sort_by(|a, b| a.0.total_cmp(&b.0));
    let Some(&(_, first_side)) = lanes.first() else { return Vec::new() };
    let (from, until) = (p.from, p.until.min(end).max(p.from));
    let mut out = Vec::new();
    let mut run: Option<(f32, f32)> = None;
    let flush = |run: &mut Option<(f32, f32)>, out: &mut Vec<Rect>| {
        if let Some((lo, hi)) = run.take() {
            let a = layout.point(from, lo - gap * 0.42);
            let b = layout.point(until, hi + gap * 0.42);
            out.push(Rect::new(a, b));
        }
    };
    for &(lane, side) in &lanes {
        if side == first_side {
            flush(&mut run, &mut out);
        } else {
            run = Some(run.map_or((lane, lane), |(lo, _)| (lo, lane)));
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::formats::parse_trace;
    use crate::core::layout::{layout, Spacing};

    #[test]
    fn bands_cover_the_far_side_and_badges_sit_off_their_dot() {
        let t = parse_trace(
            r#"{"processes": ["C", "P1", "P2", "P3"], "events": [
            {"id": "c1", "process": "C", "kind": "local", "time": 1},
            {"id": "p1", "process": "P1", "kind": "local", "time": 2}]}"#,
        )
        .unwrap();
        let l = layout(
            &t,
            &[1.0, 2.0],
            &Spacing::for_labels(Orientation::Horizontal, 0),
            Orientation::Horizontal,
        );
        let overlay = Overlay {
            partitions: vec![Partition { sides: vec![vec![0, 1], vec![2, 3]], from: 1.0, until: 3.0 }],
            decisions: vec![(1, Decision::Abort)],
            down: vec![Interval { process: 0, from: 1.5, until: None }],
            ..Overlay::default()
        };
        let m = OverlayMarks::new(&overlay, &l, &Style::NORMAL, 5.0);
        assert_eq!(m.bands.len(), 1);
        let band = m.bands[0].1;
        assert!(band.y0 < l.lane(2).unwrap() && band.y1 > l.lane(3).unwrap() && band.y0 > l.lane(1).unwrap());
        assert_eq!((band.x0, band.x1), (l.point(1.0, 0.0).0, l.point(3.0, 0.0).0));
        assert_eq!(m.down[0].2, l.point(5.0, l.lane(0).unwrap()), "down to the end of the run");
        let (_, _, c, conflict) = m.decisions[0];
        assert!(
            !conflict
                && !Rect::around(c, OverlayMarks::badge(&Style::NORMAL))
                    .overlaps(&Rect::around(l.at(1), 9.0))
        );
        assert_eq!(m.obstacles(&Style::NORMAL).len(), 2);
    }
}
