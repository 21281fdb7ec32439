//! Snapping times to a grid, and finding a free slot on a process line, so
//! a click or drop lands where the user meant and never on top of another
//! event of the same process.

use super::document::Document;

/// Times snap to multiples of this.
pub const GRID: f64 = 0.5;

/// `t` rounded to the grid, never below 0.
pub fn snap(t: f64) -> f64 {
    ((t / GRID).round() * GRID).max(0.0)
}

/// True when an event of `process` other than `except` is at `time`.
pub fn occupied(doc: &Document, process: &str, time: f64, except: Option<&str>) -> bool {
    doc.events.iter().any(|e| e.process == process && e.time == time && Some(e.id.as_str()) != except)
}

/// The grid slot on `process` nearest to `raw` not taken by another event
/// (`except`, the event being moved, does not count).
pub fn free_slot(doc: &Document, process: &str, raw: f64, except: Option<&str>) -> f64 {
    let start = snap(raw);
    // Try the nearer side first: 0, then ±1, ±2, ... grid steps.
    let toward = if raw >= start { 1.0 } else { -1.0 };
    for k in 0..=doc.events.len() + 1 {
        for side in [toward, -toward] {
            let t = start + side * k as f64 * GRID;
            if t >= 0.0 && !occupied(doc, process, t, except) {
                return t;
            }
        }
    }
    unreachable!("a process with n events has a free slot among n + 2 beyond any point")
}

/// The nearest free grid slot strictly after (or before) `time` on
/// `process`, skipping taken slots; `None` before time 0.
pub fn next_free(
    doc: &Document,
    process: &str,
    time: f64,
    forwards: bool,
    except: Option<&str>,
) -> Option<f64> {
    let step = if forwards { GRID } else { -GRID };
    // The first grid point strictly beyond `time` in that direction.
    let mut t =
        if forwards { ((time / GRID).floor() + 1.0) * GRID } else { ((time / GRID).ceil() - 1.0) * GRID };
    while t >= 0.0 {
        if !occupied(doc, process, t, except) {
            return Some(t);
        }
        t += step;
    }
    None
}

/// Where an event added at the end of `process` goes: the grid slot after
/// its last event (or its fork), or 1 on an empty line.
pub fn end_slot(doc: &Document, process: &str) -> f64 {
    // A forked line starts at its fork.
    let start = doc.lifetime(process).0.max(0.5);
    let last = doc.events.iter().filter(|e| e.process == process).map(|e| e.time).fold(start, f64::max);
    next_free(doc, process, last, true, None).unwrap_or(last + GRID)
}

/// A free time on `process` just after `time` and before the process's next
/// event: the next grid slot if it fits, else halfway to that event.
pub fn slot_after(doc: &Document, process: &str, time: f64) -> f64 {
    let next = doc
        .events
        .iter()
        .filter(|e| e.process == process && e.time > time)
        .map(|e| e.time)
        .fold(f64::INFINITY, f64::min);
    let candidate = snap(time + GRID);
    if candidate > time && candidate < next {
        candidate
    } else {
        (time + next.min(time + 2.0 * GRID)) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::editor::DocEvent;

    fn doc() -> Document {
        let mut d = Document::with_processes(&["A", "B"]);
        for (id, t) in [("a1", 1.0), ("a2", 1.5), ("a3", 2.0)] {
            d.events.push(DocEvent {
                id: id.into(),
                process: "A".into(),
                time: t,
                label: None,
                link: None,
                op: None,
            });
        }
        d
    }

    #[test]
    fn snapping_rounds_to_the_grid_and_stays_non_negative() {
        assert_eq!(snap(1.2), 1.0);
        assert_eq!(snap(1.3), 1.5);
        assert_eq!(snap(-3.0), 0.0);
    }

    #[test]
    fn a_taken_slot_moves_to_the_nearest_free_one() {
        let d = doc();
        assert_eq!(free_slot(&d, "B", 1.4, None), 1.5, "B is free");
        assert_eq!(
            free_slot(&d, "A", 1.4, None),
            0.5,
            "1.5, 1.0 and 2.0 are taken; 0.5 and 2.5 tie, the nearer side of 1.5 wins"
        );
        assert_eq!(free_slot(&d, "A", 1.9, None), 2.5);
        assert_eq!(free_slot(&d, "A", 1.4, Some("a2")), 1.5, "the moved event's own slot is free");
        assert_eq!(free_slot(&d, "A", 0.1, None), 0.0);
    }

    #[test]
    fn nudging_skips_taken_slots_and_stops_at_zero() {
        let d = doc();
        assert_eq!(next_free(&d, "A", 1.0, true, Some("a1")), Some(2.5), "1.5 and 2.0 are taken");
        assert_eq!(next_free(&d, "A", 2.0, false, Some("a3")), Some(0.5));
        assert_eq!(next_free(&d, "A", 0.0, false, None), None);
        assert_eq!(next_free(&d, "B", 0.3, true, None), Some(0.5));
    }

    #[test]
    fn a_line_ends_after_its_last_event() {
        let d = doc();
        assert_eq!(end_slot(&d, "A"), 2.5);
        assert_eq!(end_slot(&d, "B"), 1.0, "an empty line starts at 1");
    }

    #[test]
    fn slot_after_fits_between_an_event_and_the_next() {
        let d = doc();
        assert_eq!(slot_after(&d, "A", 2.0), 2.5, "nothing follows a3");
        assert_eq!(slot_after(&d, "A", 1.0), 1.25, "a2 is one grid step after a1");
        assert!(slot_after(&d, "A", 1.0) < 1.5);
    }
}
