//! Plain coordinates for a space-time diagram: one horizontal line per
//! process, events placed left to right. No DOM here, so layout is tested
//! natively and the UI only draws what it is given.
//!
//! An event's column is its depth in happened-before (the length of the
//! longest chain ending at it, which is its classic Lamport time), so every
//! message arrow points rightwards and concurrent events may share a column.

use super::clocks::{LamportClocks, LamportRule};
use super::trace::{EventIdx, Trace};

/// Spacing of the diagram, in SVG user units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spacing {
    /// Room left of the first column, for process names.
    pub left: f32,
    /// Room above the first line.
    pub top: f32,
    /// Distance between columns.
    pub column: f32,
    /// Distance between process lines.
    pub lane: f32,
}

impl Default for Spacing {
    fn default() -> Self {
        Self { left: 90.0, top: 50.0, column: 70.0, lane: 90.0 }
    }
}

impl Spacing {
    /// Room for 14px monospace labels of up to `chars` characters above each
    /// event, so neighbouring columns' labels never overlap.
    pub fn for_labels(chars: usize) -> Self {
        let column = (chars as f32 * CHAR_WIDTH + 16.0).max(Self::default().column);
        Self { column, ..Self::default() }
    }
}

/// Advance of one character of the diagram's 14px monospace clock labels.
pub const CHAR_WIDTH: f32 = 8.6;

/// Where everything goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Total width.
    pub width: f32,
    /// Total height.
    pub height: f32,
    /// The y of each process's line.
    pub lanes: Vec<f32>,
    /// Each event's centre, by event index.
    pub events: Vec<(f32, f32)>,
    /// Where process lines start and end.
    pub line_span: (f32, f32),
}

impl Layout {
    /// The centre of event `e`.
    pub fn at(&self, e: EventIdx) -> (f32, f32) {
        self.events[e as usize]
    }
}

/// Lays out `trace` with the given spacing.
pub fn layout(trace: &Trace, spacing: &Spacing) -> Layout {
    let depth = LamportClocks::compute(trace, &LamportRule::classic());
    let columns = depth.times().iter().copied().max().unwrap_or(0) as f32;
    let lanes: Vec<f32> = (0..trace.process_count()).map(|p| spacing.top + p as f32 * spacing.lane).collect();
    let events = (0..trace.event_count() as EventIdx)
        .map(|e| {
            let x = spacing.left + (depth.time(e) as f32 - 0.5) * spacing.column;
            (x, lanes[trace.process_of(e) as usize])
        })
        .collect();
    let end = spacing.left + columns * spacing.column;
    Layout {
        width: end + spacing.column * 0.5,
        height: spacing.top * 2.0 + (trace.process_count().max(1) - 1) as f32 * spacing.lane,
        lanes,
        events,
        line_span: (spacing.left - 20.0, end),
    }
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
    fn columns_follow_happened_before_depth() {
        let t = parse_trace(TRACE).unwrap();
        let s = Spacing::default();
        let l = layout(&t, &s);
        let x = |id: &str| l.at(t.event_by_id(id).unwrap()).0;
        // a1 and b1 are both first in their chains; b2 follows both.
        assert_eq!(x("a1"), x("b1"));
        assert_eq!(x("a2") - x("a1"), s.column);
        assert_eq!(x("b2") - x("a1"), s.column);
        assert_eq!(l.at(t.event_by_id("b1").unwrap()).1, s.top + s.lane);
        // Every message points rightwards.
        for m in 0..t.message_count() as u32 {
            assert!(l.at(t.send_of(m)).0 < l.at(t.receive_of(m).unwrap()).0);
        }
        assert!(l.width > x("b2") && l.height > s.top + s.lane);
    }

    #[test]
    fn wide_labels_widen_columns_so_they_cannot_overlap() {
        assert_eq!(Spacing::for_labels(1).column, Spacing::default().column);
        let wide = Spacing::for_labels(11); // "[5,3,4,5,0]"
        assert!(wide.column >= 11.0 * CHAR_WIDTH + 8.0);
    }
}
