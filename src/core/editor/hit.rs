//! What is under a point of the diagram: an event, a message (near one of
//! its ends, or along it), a process line at some time, or nothing. Works
//! in diagram coordinates, whatever the orientation.

use crate::core::layout::Layout;
use crate::core::trace::{EventIdx, MessageIdx, ProcessIdx, Trace};

/// Pointer slop around an event's centre.
pub const EVENT_RADIUS: f32 = 14.0;
/// Pointer slop around a message arrow.
pub const MESSAGE_SLOP: f32 = 7.0;
/// Pointer slop around a process line.
pub const LANE_SLOP: f32 = 24.0;
/// Where a lost message's stub ends, relative to its send, in time units
/// along the line and lane units across it.
pub const LOST_STUB: (f64, f32) = (0.6, 0.35);

/// Which end of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// The send.
    Send,
    /// The receive.
    Receive,
}

/// What a point touches.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Hit {
    /// An event.
    Event(EventIdx),
    /// A message; `end` is set when the point is near one of its ends.
    Message {
        /// The message.
        message: MessageIdx,
        /// The end it is near, if any.
        end: Option<End>,
    },
    /// A process line, at a time.
    Lane {
        /// The process.
        process: ProcessIdx,
        /// The (unsnapped) time under the point.
        time: f64,
    },
    /// Empty space.
    Nothing,
}

/// Where message `m`'s arrow ends: its receive, or for a lost message the
/// end of a short stub pointing forwards and across, towards the next line
/// (the previous one from the last line).
pub fn message_end(trace: &Trace, layout: &Layout, times: &[f64], m: MessageIdx) -> (f32, f32) {
    match trace.receive_of(m) {
        Some(r) => layout.at(r),
        None => {
            let s = trace.send_of(m);
            let Some(lane) = layout.lane(trace.process_of(s)) else { return layout.at(s) };
            let last = layout.shown_processes().filter_map(|q| layout.lane(q)).all(|l| l <= lane);
            let side = if last && layout.shown_processes().count() > 1 { -1.0 } else { 1.0 };
            layout.point(times[s as usize] + LOST_STUB.0, lane + side * LOST_STUB.1 * layout.lane_gap())
        }
    }
}

/// The thing at `point`, preferring events, then messages, then lines.
pub fn hit_test(trace: &Trace, layout: &Layout, times: &[f64], point: (f32, f32)) -> Hit {
    hit_test_in(trace, layout, times, point, |_| true, |_| true)
}

/// [`hit_test`] among the events and messages drawn (a collapsed run's
/// hidden events and the arrows of hidden lines are not there to hit).
pub fn hit_test_in(
    trace: &Trace,
    layout: &Layout,
    times: &[f64],
    point: (f32, f32),
    event_drawn: impl Fn(EventIdx) -> bool,
    message_drawn: impl Fn(MessageIdx) -> bool,
) -> Hit {
    let nearest_event = (0..trace.event_count() as EventIdx)
        .filter(|&e| event_drawn(e))
        .filter_map(|e| layout.shown(e).map(|at| (e, distance(at, point))))
        .filter(|&(_, d)| d <= EVENT_RADIUS)
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((e, _)) = nearest_event {
        return Hit::Event(e);
    }
    let nearest_message = (0..trace.message_count() as MessageIdx)
        .filter(|&m| message_drawn(m) && layout.shown(trace.send_of(m)).is_some())
        .map(|m| {
            let (a, b) = (layout.at(trace.send_of(m)), message_end(trace, layout, times, m));
            let (d, along) = to_segment(point, a, b);
            (m, d, along)
        })
        .filter(|&(_, d, _)| d <= MESSAGE_SLOP)
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((message, _, along)) = nearest_message {
        let end = if along < 0.25 {
            Some(End::Send)
        } else if along > 0.75 && trace.receive_of(message).is_some() {
            Some(End::Receive)
        } else {
            None
        };
        return Hit::Message { message, end };
    }
    match layout.nearest_lane(point) {
        Some((process, d)) if d <= LANE_SLOP && on_line(layout, process, point) => {
            Hit::Lane { process, time: layout.time_at(point) }
        }
        _ => Hit::Nothing,
    }
}

/// True when `point` lies along process `p`'s line, which a fork or join
/// may shorten.
fn on_line(layout: &Layout, p: u32, point: (f32, f32)) -> bool {
    let (a, b) = layout.spans[p as usize];
    let t = layout.point(layout.time_at(point), 0.0);
    let along = if layout.orientation == crate::core::layout::Orientation::Horizontal { t.0 } else { t.1 };
    along >= a && along <= b
}

fn distance(a: (f32, f32), b: (f32, f32)) -> f32 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

/// Distance from `p` to segment `ab`, and how far along it (0 at a, 1 at b)
/// the closest point lies.
fn to_segment(p: (f32, f32), a: (f32, f32), b: (f32, f32)) -> (f32, f32) {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 { 0.0 } else { (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0) };
    (distance(p, (a.0 + t * dx, a.1 + t * dy)), t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::editor::Document;
    use crate::core::layout::{layout, Orientation, Spacing};

    const TRACE: &str = r#"{"processes": ["A", "B"], "events": [
        {"id": "a1", "process": "A", "kind": "send", "message": "m1", "time": 1},
        {"id": "b1", "process": "B", "kind": "receive", "message": "m1", "time": 3},
        {"id": "a2", "process": "A", "kind": "send", "message": "m2", "time": 4}]}"#;

    fn setup(o: Orientation) -> (crate::core::editor::Placed, Layout) {
        let placed = Document::parse(TRACE).unwrap().place().unwrap();
        let l = layout(&placed.trace, &placed.times, &Spacing::for_labels(o, 2), o);
        (placed, l)
    }

    #[test]
    fn events_messages_lines_and_space_are_told_apart() {
        for o in [Orientation::Horizontal, Orientation::Vertical] {
            let (p, l) = setup(o);
            let (t, times) = (&p.trace, &p.times);
            let a1 = t.event_by_id("a1").unwrap();
            let (x, y) = l.at(a1);
            assert_eq!(hit_test(t, &l, times, (x + 5.0, y - 5.0)), Hit::Event(a1));
            // The middle of m1's arrow.
            let b1 = l.at(t.event_by_id("b1").unwrap());
            let mid = ((x + b1.0) / 2.0, (y + b1.1) / 2.0);
            let m1 = t.message_by_id("m1").unwrap();
            assert_eq!(hit_test(t, &l, times, mid), Hit::Message { message: m1, end: None });
            // Near the receiving end, but outside the dot.
            let near = (b1.0 + (x - b1.0) * 0.15, b1.1 + (y - b1.1) * 0.15);
            assert_eq!(hit_test(t, &l, times, near), Hit::Message { message: m1, end: Some(End::Receive) });
            // A bare stretch of B's line at time 5.
            let on_b = l.point(5.0, l.lane(1).unwrap());
            match hit_test(t, &l, times, on_b) {
                Hit::Lane { process: 1, time } => assert!((time - 5.0).abs() < 1e-4),
                other => panic!("{other:?}"),
            }
            // Far from everything.
            let away = l.point(5.0, l.lane(1).unwrap() + 60.0);
            assert_eq!(hit_test(t, &l, times, away), Hit::Nothing);
        }
    }

    #[test]
    fn a_lost_message_is_hit_along_its_stub() {
        let (p, l) = setup(Orientation::Horizontal);
        let m2 = p.trace.message_by_id("m2").unwrap();
        let (a, b) = (l.at(p.trace.send_of(m2)), message_end(&p.trace, &l, &p.times, m2));
        assert!(b.0 > a.0 && b.1 > a.1, "the stub points forwards, towards the next line");
        let mid = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
        assert_eq!(hit_test(&p.trace, &l, &p.times, mid), Hit::Message { message: m2, end: None });
    }
}
