//! What a drag of an event means when it is dropped: moving the event along
//! its line, or sending a message to the line under the pointer (received
//! by the event there, or by a new event at a free slot). The UI previews
//! and commits exactly this.

use super::document::{DocEvent, Document, Placed};
use super::edit::Edit;
use super::hit::EVENT_RADIUS;
use super::snap::{free_slot, next_free, slot_after};
use crate::core::layout::Layout;

/// The edit a drop would make where times are measured rather than drawn
/// (the time lab's runs, whose legs last milliseconds): the event moves
/// along its own line to the exact time under the pointer, off the grid.
pub fn exact_move(placed: &Placed, layout: &Layout, event: &str, point: (f32, f32)) -> Option<Edit> {
    placed.trace.event_by_id(event)?;
    Some(Edit::MoveEvent { event: event.into(), time: layout.time_at(point).max(0.0) })
}

/// The edit a drop would make.
pub fn drop_edit(
    doc: &Document,
    placed: &Placed,
    layout: &Layout,
    event: &str,
    point: (f32, f32),
    along_only: bool,
) -> Option<Edit> {
    let trace = &placed.trace;
    let e = trace.event_by_id(event)?;
    let own = trace.process_of(e);
    let (lane, _) = layout.nearest_lane(point)?;
    let time = layout.time_at(point);
    if along_only || lane == own {
        let process = trace.process_name(own);
        let time = free_slot(doc, process, time, Some(event));
        return Some(Edit::MoveEvent { event: event.into(), time });
    }
    let process = trace.process_name(lane);
    // Dropped onto an event of that line: it receives (a gather if it
    // already receives); otherwise a new receive at the nearest free slot.
    let onto = trace.process_events(lane).iter().find(|&&x| {
        let (x0, y0) = layout.at(x);
        ((x0 - point.0).powi(2) + (y0 - point.1).powi(2)).sqrt() <= EVENT_RADIUS
    });
    let time = match onto {
        Some(&x) => placed.times[x as usize],
        None => free_slot(doc, process, time, None),
    };
    Some(Edit::Connect { from: event.into(), to: process.into(), time })
}

/// A message from `event` to `to` sent from the keyboard: it arrives at the
/// first free slot on `to` after the send, which for a receive event is the
/// new send event just after it (see [`Edit::Connect`]).
pub fn send_to(doc: &Document, event: &str, to: &str) -> Option<Edit> {
    let e = doc.event(event)?;
    let sent_at = if doc.receives(event) { slot_after(doc, &e.process, e.time) } else { e.time };
    let time = next_free(doc, to, sent_at, true, None)?;
    Some(Edit::Connect { from: event.into(), to: to.into(), time })
}

/// The process line just below (or above) `process`.
pub fn adjacent_process<'d>(doc: &'d Document, process: &str, down: bool) -> Option<&'d str> {
    let at = doc.processes.iter().position(|p| p == process)?;
    let next = if down { at.checked_add(1)? } else { at.checked_sub(1)? };
    doc.processes.get(next).map(String::as_str)
}

/// The event on the line below (or above) `event`'s that is nearest to it
/// in time: where the keyboard focus goes on ↓ (or ↑).
pub fn nearest_adjacent<'d>(doc: &'d Document, event: &str, down: bool) -> Option<&'d str> {
    let e = doc.event(event)?;
    let line = adjacent_process(doc, &e.process, down)?;
    let distance = |x: &DocEvent| (x.time - e.time).abs();
    doc.events
        .iter()
        .filter(|x| x.process == line)
        .min_by(|a, b| distance(a).total_cmp(&distance(b)))
        .map(|x| x.id.as_str())
}

/// Forking from event `id`: a plain local event becomes the fork; an event
/// that already sends, receives, forks or joins gets a fork just after it.
pub fn fork_from(doc: &Document, id: &str) -> Option<Edit> {
    let e = doc.event(id)?;
    let plain = e.link.is_none() && e.op.is_none() && !doc.sends(id) && !doc.receives(id);
    let time = if plain { e.time } else { slot_after(doc, &e.process, e.time) };
    Some(Edit::Fork { process: e.process.clone(), time, child: None })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::layout::{layout, Orientation, Spacing};

    #[test]
    fn a_drop_on_the_own_line_moves_and_on_another_line_connects() {
        let doc = Document::parse(
            r#"{"processes": ["A", "B"], "events": [
            {"id": "a1", "process": "A", "kind": "local", "time": 1},
            {"id": "b1", "process": "B", "kind": "local", "time": 3}]}"#,
        )
        .unwrap();
        let placed = doc.place().unwrap();
        let l = layout(
            &placed.trace,
            &placed.times,
            &Spacing::for_labels(Orientation::Horizontal, 1),
            Orientation::Horizontal,
        );
        let on_a = l.point(2.2, l.lane(0).unwrap() + 5.0);
        assert_eq!(
            drop_edit(&doc, &placed, &l, "a1", on_a, false),
            Some(Edit::MoveEvent { event: "a1".into(), time: 2.0 })
        );
        let on_b = l.point(2.2, l.lane(1).unwrap());
        assert_eq!(
            drop_edit(&doc, &placed, &l, "a1", on_b, false),
            Some(Edit::Connect { from: "a1".into(), to: "B".into(), time: 2.0 })
        );
        // Dragging an arrow's end keeps it on its own line.
        assert_eq!(
            drop_edit(&doc, &placed, &l, "a1", on_b, true),
            Some(Edit::MoveEvent { event: "a1".into(), time: 2.0 })
        );
        // Onto b1 itself: b1 receives.
        let onto_b1 = l.at(1);
        assert_eq!(
            drop_edit(&doc, &placed, &l, "a1", (onto_b1.0 + 4.0, onto_b1.1), false),
            Some(Edit::Connect { from: "a1".into(), to: "B".into(), time: 3.0 })
        );
        // Measured times: off the grid, and on the own line even over another.
        let Some(Edit::MoveEvent { event, time }) = exact_move(&placed, &l, "a1", on_b) else {
            panic!("an exact drop moves")
        };
        assert_eq!(event, "a1");
        assert!((time - 2.2).abs() < 1e-4, "{time}");
    }
}

#[cfg(test)]
mod keyboard_tests {
    use super::*;
    use crate::core::editor::apply;

    #[test]
    fn up_and_down_reach_the_nearest_event_on_the_next_line() {
        let doc = Document::parse(
            r#"{"processes": ["A", "B", "C"], "events": [
            {"id": "a1", "process": "A", "kind": "local", "time": 4},
            {"id": "b1", "process": "B", "kind": "local", "time": 1},
            {"id": "b2", "process": "B", "kind": "local", "time": 5}]}"#,
        )
        .unwrap();
        assert_eq!(adjacent_process(&doc, "A", true), Some("B"));
        assert_eq!(adjacent_process(&doc, "A", false), None);
        assert_eq!(adjacent_process(&doc, "C", true), None);
        assert_eq!(nearest_adjacent(&doc, "a1", true), Some("b2"));
        assert_eq!(nearest_adjacent(&doc, "b1", false), Some("a1"));
        assert_eq!(nearest_adjacent(&doc, "b1", true), None, "C has no events");
    }

    #[test]
    fn a_keyboard_message_always_arrives_after_it_is_sent() {
        let doc = Document::parse(
            r#"{"processes": ["A", "B"], "events": [
            {"id": "a1", "process": "A", "kind": "send", "message": "m1", "time": 1},
            {"id": "b1", "process": "B", "kind": "receive", "message": "m1", "time": 2}]}"#,
        )
        .unwrap();
        assert_eq!(
            send_to(&doc, "a1", "B"),
            Some(Edit::Connect { from: "a1".into(), to: "B".into(), time: 1.5 })
        );
        // From the receive b1: the send goes at 2.5, so the arrival after it.
        let back = send_to(&doc, "b1", "A").unwrap();
        assert_eq!(back, Edit::Connect { from: "b1".into(), to: "A".into(), time: 3.0 });
        assert!(apply(&doc, &back).is_ok());
    }
}
