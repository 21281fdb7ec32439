//! Plain coordinates for a space-time diagram: one line per process, events
//! placed along it by their time. No DOM here, so layout and its inverse
//! (used for hit-testing) are tested natively and the UI only draws.
//!
//! Traces without times get [`depth_times`]: an event's depth in
//! happened-before (the longest chain ending at it, its classic Lamport
//! time), so every message points forwards and concurrent events may share
//! a column.

use super::clocks::LamportClocks;
use super::diagram::axis::Axis;
use super::trace::{EventIdx, ProcessIdx, Trace};

/// Which way time runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Orientation {
    /// Process lines are horizontal; time runs left to right.
    #[default]
    Horizontal,
    /// Process lines are vertical; time runs top to bottom.
    Vertical,
}

/// Spacing of the diagram, in SVG user units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spacing {
    /// Room across the time axis before the first lane and after the last.
    pub margin: f32,
    /// Room along the time axis before time 0, for process names.
    pub names: f32,
    /// Length of one time unit.
    pub time: f32,
    /// Distance between process lines.
    pub lane: f32,
}

/// Process lines are at least this many time units (at the narrowest
/// spacing) long, so an empty or short diagram still has room to click.
pub const MIN_SPAN: f64 = 10.0;

/// Advance of one character of the diagram's 14px monospace clock labels.
pub const CHAR_WIDTH: f32 = 8.6;

impl Spacing {
    /// Room for clock labels of up to `chars` characters beside each event,
    /// so neighbouring labels never overlap.
    pub fn for_labels(orientation: Orientation, chars: usize) -> Self {
        let label = chars as f32 * CHAR_WIDTH;
        match orientation {
            Orientation::Horizontal => {
                Self { margin: 50.0, names: 90.0, time: (label + 16.0).max(70.0), lane: 90.0 }
            }
            Orientation::Vertical => {
                // The label sits right of the dot and the id left of it.
                Self { margin: 60.0, names: 60.0, time: 60.0, lane: (label + 100.0).max(120.0) }
            }
        }
    }
}

/// Where everything goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Total width.
    pub width: f32,
    /// Total height.
    pub height: f32,
    /// Each process line's position across the time axis; `None` for a
    /// hidden process.
    pub lanes: Vec<Option<f32>>,
    /// Each event's centre, by event index (NaN across the axis for events
    /// of hidden processes: see [`Layout::shown`]).
    pub events: Vec<(f32, f32)>,
    /// Where process lines start and end along the time axis.
    pub line_span: (f32, f32),
    /// Where each process's own line starts and ends: at its fork and join
    /// if it has them, else at the ends of `line_span`.
    pub spans: Vec<(f32, f32)>,
    /// Which way time runs.
    pub orientation: Orientation,
    /// The map from time to the axis (linear unless idle stretches are
    /// compressed).
    pub axis: Axis,
    spacing: Spacing,
}

impl Layout {
    /// The centre of event `e`.
    pub fn at(&self, e: EventIdx) -> (f32, f32) {
        self.events[e as usize]
    }

    /// The centre of event `e`, if its process is shown.
    pub fn shown(&self, e: EventIdx) -> Option<(f32, f32)> {
        let p = self.events[e as usize];
        (p.0.is_finite() && p.1.is_finite()).then_some(p)
    }

    /// Process `p`'s line across the time axis, if it is shown.
    pub fn lane(&self, p: ProcessIdx) -> Option<f32> {
        self.lanes.get(p as usize).copied().flatten()
    }

    /// The shown processes, in no particular order.
    pub fn shown_processes(&self) -> impl Iterator<Item = ProcessIdx> + '_ {
        self.lanes.iter().enumerate().filter(|(_, l)| l.is_some()).map(|(p, _)| p as ProcessIdx)
    }

    /// The spacing it was laid out with.
    pub fn spacing(&self) -> &Spacing {
        &self.spacing
    }

    /// Where along the time axis `time` falls.
    pub fn along(&self, time: f64) -> f32 {
        self.spacing.names + self.axis.pos(drawable_time(time)) as f32 * self.spacing.time
    }

    /// The point at `time` on the line at `lane` (a lane coordinate).
    pub fn point(&self, time: f64, lane: f32) -> (f32, f32) {
        let along = self.along(time);
        match self.orientation {
            Orientation::Horizontal => (along, lane),
            Orientation::Vertical => (lane, along),
        }
    }

    /// The coordinate along the time axis of a point.
    pub fn along_of(&self, (x, y): (f32, f32)) -> f32 {
        if self.orientation == Orientation::Horizontal {
            x
        } else {
            y
        }
    }

    /// The coordinate across the time axis of a point.
    pub fn across_of(&self, (x, y): (f32, f32)) -> f32 {
        if self.orientation == Orientation::Horizontal {
            y
        } else {
            x
        }
    }

    /// The time a point lies at (inverse of [`Layout::point`]).
    pub fn time_at(&self, point: (f32, f32)) -> f64 {
        self.axis.time(((self.along_of(point) - self.spacing.names) / self.spacing.time) as f64)
    }

    /// The shown process line nearest to a point, with the distance to it.
    pub fn nearest_lane(&self, point: (f32, f32)) -> Option<(ProcessIdx, f32)> {
        let across = self.across_of(point);
        self.lanes
            .iter()
            .enumerate()
            .filter_map(|(p, &lane)| lane.map(|l| (p as ProcessIdx, (l - across).abs())))
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// Distance between neighbouring lines.
    pub fn lane_gap(&self) -> f32 {
        self.spacing.lane
    }

    /// Where a process's name goes, just before its line starts (its
    /// right end, when time runs across; its middle, when down).
    pub fn name_at(&self, p: ProcessIdx) -> (f32, f32) {
        let lane = self.lane(p).unwrap_or(f32::NAN);
        let start = self.spans.get(p as usize).map_or(self.line_span.0, |s| s.0);
        match self.orientation {
            Orientation::Horizontal => (start - 8.0, lane),
            Orientation::Vertical => (lane, start - 14.0),
        }
    }

    /// The two ends of process `p`'s line: from its fork (or the start) to
    /// its join (or the end).
    pub fn line(&self, p: ProcessIdx) -> ((f32, f32), (f32, f32)) {
        let lane = self.lane(p).unwrap_or(f32::NAN);
        let (a, b) = self.spans[p as usize];
        match self.orientation {
            Orientation::Horizontal => ((a, lane), (b, lane)),
            Orientation::Vertical => ((lane, a), (lane, b)),
        }
    }
}

/// The largest magnitude of a time the diagram draws. Traces with a time
/// past it are refused when they load (by event); the layout clamps to it
/// as well, so no coordinate is ever infinite or NaN (an export never
/// writes `inf`), whatever a caller passes.
pub const TIME_RANGE: f64 = 1e9;

/// `time` clamped to [`TIME_RANGE`]; NaN is drawn at 0.
pub fn drawable_time(time: f64) -> f64 {
    if time.is_nan() {
        return 0.0;
    }
    time.clamp(-TIME_RANGE, TIME_RANGE)
}

/// Times from happened-before depth: 1 for events with nothing before them.
pub fn depth_times(trace: &Trace) -> Vec<f64> {
    LamportClocks::classic(trace).times().iter().map(|&t| t as f64).collect()
}

/// Lays out `trace` with event `e` at time `times[e]`, every process shown
/// in trace order, time linear.
pub fn layout(trace: &Trace, times: &[f64], spacing: &Spacing, orientation: Orientation) -> Layout {
    let order: Vec<ProcessIdx> = (0..trace.process_count() as ProcessIdx).collect();
    let last = times.iter().copied().map(drawable_time).fold(0.0, f64::max) as f32;
    layout_with(trace, times, spacing, orientation, &order, Axis::linear(), last + 1.0)
}

/// Lays out `trace` with the processes in `order` shown, top to bottom (or
/// left to right), the rest hidden, time mapped by `axis`, and lines
/// `span` axis units long (at least).
pub fn layout_with(
    trace: &Trace,
    times: &[f64],
    spacing: &Spacing,
    orientation: Orientation,
    order: &[ProcessIdx],
    axis: Axis,
    span: f32,
) -> Layout {
    let mut lanes = vec![None; trace.process_count()];
    for (i, &p) in order.iter().enumerate() {
        lanes[p as usize] = Some(spacing.margin + i as f32 * spacing.lane);
    }
    // Lines are at least MIN_SPAN units of the narrowest spacing long: room
    // to click, without wide labels stretching a short diagram.
    let least = MIN_SPAN as f32 * Spacing::for_labels(orientation, 0).time;
    let end = spacing.names + (span * spacing.time).max(least);
    let across = spacing.margin * 2.0 + (order.len().max(1) - 1) as f32 * spacing.lane;
    let (width, height) = match orientation {
        Orientation::Horizontal => (end + spacing.time * 0.5, across),
        Orientation::Vertical => (across, end + spacing.time * 0.5),
    };
    let mut placed = Layout {
        width,
        height,
        lanes,
        events: Vec::new(),
        line_span: (spacing.names - 20.0, end),
        spans: Vec::new(),
        orientation,
        axis,
        spacing: *spacing,
    };
    let along = |e: EventIdx| placed.along(times[e as usize]);
    placed.spans = (0..trace.process_count() as ProcessIdx)
        .map(|p| {
            let start = trace.forked_by(p).map_or(placed.line_span.0, along);
            (start, trace.joined_by(p).map_or(end, along))
        })
        .collect();
    placed.events = (0..trace.event_count() as EventIdx)
        .map(|e| {
            let lane = placed.lane(trace.process_of(e)).unwrap_or(f32::NAN);
            placed.point(times[e as usize], lane)
        })
        .collect();
    placed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::formats::parse_trace;

    const TRACE: &str = r#"{"processes": ["A", "B"], "events": [
        {"id": "a1", "process": "A", "kind": "send", "message": "m1"},
        {"id": "b1", "process": "B", "kind": "local"},
        {"id": "b2", "process": "B", "kind": "receive", "message": "m1"},
        {"id": "a2", "process": "A", "kind": "local"}]}"#;

    #[test]
    fn depth_columns_follow_happened_before() {
        let t = parse_trace(TRACE).unwrap();
        let s = Spacing::for_labels(Orientation::Horizontal, 0);
        let l = layout(&t, &depth_times(&t), &s, Orientation::Horizontal);
        let x = |id: &str| l.at(t.event_by_id(id).unwrap()).0;
        // a1 and b1 are both first in their chains; b2 follows both.
        assert_eq!(x("a1"), x("b1"));
        assert_eq!(x("a2") - x("a1"), s.time);
        assert_eq!(x("b2") - x("a1"), s.time);
        assert_eq!(l.at(t.event_by_id("b1").unwrap()).1, s.margin + s.lane);
        assert_eq!(l.lane(1), Some(s.margin + s.lane));
        for m in 0..t.message_count() as u32 {
            assert!(l.at(t.send_of(m)).0 < l.at(t.receive_of(m).unwrap()).0, "messages point forwards");
        }
        assert!(l.width > x("b2") && l.height > s.margin + s.lane);
    }

    #[test]
    fn forked_lines_start_at_their_fork_and_retired_ones_end_at_their_join() {
        let t = parse_trace(
            r#"{"processes": ["A", "C"], "events": [
            {"id": "a1", "process": "A", "kind": "fork", "child": "C", "time": 2},
            {"id": "c1", "process": "C", "kind": "local", "time": 3},
            {"id": "a2", "process": "A", "kind": "join", "from": "C", "time": 5}]}"#,
        )
        .unwrap();
        let s = Spacing::for_labels(Orientation::Horizontal, 0);
        let l = layout(&t, &[2.0, 3.0, 5.0], &s, Orientation::Horizontal);
        let ((start, _), (end, _)) = l.line(1);
        assert_eq!((start, end), (l.at(0).0, l.at(2).0), "C lives from a1 to a2");
        assert_eq!(l.line(0).0 .0, l.line_span.0, "A is there from the start");
        assert_eq!(l.line(0).1 .0, l.line_span.1);
    }

    #[test]
    fn an_empty_diagram_still_has_lines_to_click_on() {
        let t = parse_trace(r#"{"processes": ["A"], "events": []}"#).unwrap();
        let s = Spacing::for_labels(Orientation::Horizontal, 0);
        let l = layout(&t, &[], &s, Orientation::Horizontal);
        assert!(l.line_span.1 - l.line_span.0 >= MIN_SPAN as f32 * s.time);
    }

    #[test]
    fn wide_labels_widen_columns_so_they_cannot_overlap() {
        let narrow = Spacing::for_labels(Orientation::Horizontal, 1);
        assert_eq!(narrow.time, 70.0);
        let wide = Spacing::for_labels(Orientation::Horizontal, 11); // "[5,3,4,5,0]"
        assert!(wide.time >= 11.0 * CHAR_WIDTH + 8.0);
        let vertical = Spacing::for_labels(Orientation::Vertical, 11);
        assert!(vertical.lane >= 11.0 * CHAR_WIDTH + 8.0, "vertical labels sit between lanes");
    }

    #[test]
    fn points_map_back_to_their_time_and_lane_in_both_orientations() {
        let t = parse_trace(TRACE).unwrap();
        for o in [Orientation::Horizontal, Orientation::Vertical] {
            let l = layout(&t, &depth_times(&t), &Spacing::for_labels(o, 3), o);
            for e in 0..t.event_count() as u32 {
                let p = l.at(e);
                assert!((l.time_at(p) - depth_times(&t)[e as usize]).abs() < 1e-4);
                assert_eq!(l.nearest_lane(p), Some((t.process_of(e), 0.0)));
            }
            let ((x1, y1), (x2, y2)) = l.line(1);
            assert_eq!(l.nearest_lane(l.point(1.0, l.lane(0).unwrap() + 3.0)), Some((0, 3.0)));
            assert!(if o == Orientation::Horizontal { y1 == y2 && x2 > x1 } else { x1 == x2 && y2 > y1 });
        }
    }
}

#[cfg(test)]
mod hidden_and_compressed {
    use super::*;
    use crate::core::formats::parse_trace;

    #[test]
    fn hidden_lines_take_no_room_and_a_compressed_axis_maps_back() {
        let t = parse_trace(
            r#"{"processes": ["A", "B", "C"], "events": [
            {"id": "a1", "process": "A", "kind": "local", "time": 1},
            {"id": "b1", "process": "B", "kind": "local", "time": 2},
            {"id": "c1", "process": "C", "kind": "local", "time": 30}]}"#,
        )
        .unwrap();
        let s = Spacing::for_labels(Orientation::Horizontal, 0);
        let times = [1.0, 2.0, 30.0];
        let l = layout_with(&t, &times, &s, Orientation::Horizontal, &[2, 0], Axis::compressed(times), 4.0);
        assert_eq!((l.lane(2), l.lane(0), l.lane(1)), (Some(s.margin), Some(s.margin + s.lane), None));
        assert!(l.shown(1).is_none() && l.shown(0).is_some());
        assert_eq!(l.nearest_lane((0.0, s.margin + 2.0 * s.lane)), Some((0, s.lane)), "B is skipped");
        assert_eq!(l.axis.breaks.len(), 1);
        assert!(l.at(2).0 - l.at(0).0 < 3.0 * s.time, "28 idle units take little room");
        assert!((l.time_at(l.at(2)) - 30.0).abs() < 1e-3);
    }
}
