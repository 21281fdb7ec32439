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
