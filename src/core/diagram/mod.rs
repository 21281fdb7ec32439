//! The one picture every lab draws through: which marks are shown, where
//! they go, which labels fit and where, and what the legend explains. The
//! page (src/ui) and `lightcone render` both draw from here, so an export
//! shows what the screen shows.
//!
//! The stages, each pure:
//! - [`Shape`]: what is drawn, whatever the zoom: collapsed runs
//!   ([`fold`]), the shown lines and their order ([`hosts`]), the time axis
//!   with idle stretches compressed ([`axis`]).
//! - [`Shape::layout`] at a [`Scale`] (pixels per time unit and between
//!   lines; [`Shape::fit`] picks one for a canvas): plain coordinates.
//! - [`arrows`]: each message's arrow and whether it was delivered, lost
//!   or is still in flight.
//! - [`labels`]: every label's box, placed so that none overlaps another
//!   or covers a dot or an arrowhead, at a fixed on-screen size; what does
//!   not fit is hidden by a stated rule and counted.
//! - [`legend`]: an entry for each kind of mark on screen.
//!
//! Coordinates are CSS pixels on the page and SVG units in an export: text
//! is never scaled, so a 14 px label is 14 px on screen at any zoom.

pub mod arrows;
pub mod axis;
pub mod density;
pub mod drawing;
pub mod fold;
pub mod geometry;
pub mod glyphs;
pub mod grid;
pub mod hosts;
pub mod labels;
pub mod legend;
pub mod local_time;
pub mod logs;
pub mod metrics;
pub mod overlay;
pub mod palette;
pub mod refocus;
pub mod texts;

use crate::core::clocks::VectorClocks;
use crate::core::layout::{drawable_time, layout_with, Layout, Orientation, Spacing};
use crate::core::trace::{EventIdx, ProcessIdx, Trace};
use axis::Axis;
use fold::Folds;
use hosts::HostOrder;
use metrics::Style;
use std::collections::HashSet;

/// How the diagram is shaped, apart from zoom.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShapeOptions {
    /// Which way time runs.
    pub orientation: Orientation,
    /// The order of the lines.
    pub order: HostOrder,
    /// Hidden processes, by name.
    pub hidden: HashSet<String>,
    /// Collapse runs of quiet events.
    pub collapse: bool,
    /// Runs kept open, by their first event's id.
    pub expanded: HashSet<String>,
    /// Compress idle stretches of time.
    pub compress: bool,
    /// Axis units per time unit between events, when compressing (none:
    /// 1); see [`Axis::scaled`].
    pub scale: Option<f64>,
    /// Presentation mode's larger type and marks.
    pub present: bool,
    /// The most lines a clock label takes (ITC stamps take two; 0: no
    /// clock labels).
    pub clock_lines: usize,
    /// Events carry a second value below them (the CRDT lab's counterpart).
    pub values_below: bool,
    /// The time the picture runs to (a run's end), if past the last event.
    pub until: Option<f64>,
    /// The widest clock or action label, in characters: when time runs
    /// down, that much room goes beside the last line.
    pub widest_label: usize,
    /// Room past the end of the lines for a lab's column beside them (the
    /// replicas' logs), px.
    pub tail: f32,
    /// Byzantine nodes, by name: each name is drawn with [`BYZANTINE`]
    /// after it (a symbol, so colour is not the only sign).
    pub byzantine: HashSet<String>,
}

/// The mark after a Byzantine node's name.
pub const BYZANTINE: &str = "☠";

/// What is drawn, whatever the zoom.
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    /// Collapsed runs.
    pub folds: Folds,
    /// Display times by event (re-ranked when runs collapse in a diagram
    /// laid out by depth).
    pub times: Vec<f64>,
    /// The time axis.
    pub axis: Axis,
    /// The shown processes, top to bottom.
    pub order: Vec<ProcessIdx>,
    /// By process: hidden.
    pub hidden: Vec<bool>,
    /// Dashed edges standing for what hidden processes carried.
    pub through_hidden: Vec<(EventIdx, EventIdx)>,
    /// Names as drawn on the lines (long ones abbreviated).
    pub names: Vec<String>,
    /// Which way time runs.
    pub orientation: Orientation,
    /// Type and mark sizes.
    pub style: Style,
    /// The most lines a clock label takes (0: none).
    pub clock_lines: usize,
    /// Rows of labels under a dot: id, action, and a second value.
    pub rows_below: usize,
    /// The time the picture runs to.
    pub until: Option<f64>,
    /// The widest clock or action label, in characters.
    pub widest_label: usize,
    /// Room past the end of the lines, px.
    pub tail: f32,
}

/// Pixels per time unit along the axis, and between neighbouring lines.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    /// Along time.
    pub time: f32,
    /// Across, line to line.
    pub lane: f32,
}

/// The most characters of a process name drawn on its line; the whole name
/// is in its tooltip and the processes panel.
pub const NAME_CHARS: usize = 12;
/// Lines are never closer than this (px): a dot and a label's height.
pub const MIN_LANE: f32 = 34.0;
/// ... nor further apart than this.
pub const MAX_LANE: f32 = 130.0;
/// The closest zoom-out at which dots are drawn one by one: a time unit at
/// under this many pixels is drawn as density.
pub const DENSE: f32 = 3.0;
/// The most zoom-in: a time unit at this many pixels.
pub const MAX_TIME: f32 = 600.0;

/// Names as drawn on their lines, by the stated rule: a name of at most
/// [`NAME_CHARS`] characters is drawn whole; longer ones first lose the
/// prefix and suffix that every name shares (hosts of one log often differ
/// only in the middle: "42795@jvoldemortThread[Thread-28,5,main]"),
/// marked "…", and are then cut to [`NAME_CHARS`].
pub fn abbreviate(names: &[&str]) -> Vec<String> {
    let chars: Vec<Vec<char>> = names.iter().map(|n| n.chars().collect()).collect();
    let shortest = chars.iter().map(Vec::len).min().unwrap_or(0);
    let shared = |at: &dyn Fn(&Vec<char>, usize) -> char| {
        (0..shortest).take_while(|&i| chars.iter().all(|c| at(c, i) == at(&chars[0], i))).count()
    };
    let (prefix, suffix) = if names.len() > 1 {
        let prefix = shared(&|c, i| c[i]);
        let suffix = shared(&|c, i| c[c.len() - 1 - i]);
        // Leave every name at least one character of its own.
        (prefix.min(shortest.saturating_sub(1)), suffix.min(shortest.saturating_sub(prefix + 1)))
    } else {
        (0, 0)
    };
    chars
        .iter()
        .map(|c| {
            if c.len() <= NAME_CHARS {
                return c.iter().collect();
            }
            let mut s = String::new();
            if prefix > 1 {
                s.push('…');
            }
            let from = if prefix > 1 { prefix } else { 0 };
            let to = if suffix > 1 { c.len() - suffix } else { c.len() };
            s.extend(&c[from..to]);
            if suffix > 1 {
                s.push('…');
            }
            crate::core::formats::text::clip(&s, NAME_CHARS).into_owned()
        })
        .collect()
}

impl Shape {
    /// The shape of `trace` with events at `times` under `options`.
    /// `depth_timed` says `times` are happened-before depths (an imported
    /// log), so collapsing runs re-ranks them.
    pub fn new(
        trace: &Trace,
        times: &[f64],
        depth_timed: bool,
        vectors: &VectorClocks,
        options: &ShapeOptions,
    ) -> Shape {
        let folds = if options.collapse { Folds::runs(trace, &options.expanded) } else { Folds::none(trace) };
        let times = if depth_timed && !folds.groups.is_empty() {
            folds.depth_times(trace)
        } else {
            times.iter().copied().map(drawable_time).collect()
        };
        let hidden: Vec<bool> = (0..trace.process_count() as ProcessIdx)
            .map(|p| options.hidden.contains(trace.process_name(p)))
            .collect();
        let order = hosts::lane_order(trace, options.order, &hidden);
        let axis = if options.compress {
            let shown = (0..trace.event_count() as EventIdx).filter(|&e| !folds.is_hidden(e));
            Axis::scaled(shown.map(|e| times[e as usize]).chain(options.until), options.scale.unwrap_or(1.0))
        } else {
            Axis::linear()
        };
        let all: Vec<&str> =
            (0..trace.process_count() as ProcessIdx).map(|p| trace.process_name(p)).collect();
        let mut names = abbreviate(&all);
        for (p, name) in names.iter_mut().enumerate() {
            if options.byzantine.contains(all[p]) {
                name.push(' ');
                name.push_str(BYZANTINE);
            }
        }
        Shape {
            through_hidden: hosts::through_hidden(trace, vectors, &hidden),
            folds,
            times,
            axis,
            order,
            hidden,
            names,
            orientation: options.orientation,
            style: Style::for_present(options.present),
            clock_lines: options.clock_lines,
            rows_below: 2 + usize::from(options.values_below),
            until: options.until,
            widest_label: options.widest_label,
            tail: options.tail,
        }
    }

    /// True when event `e` has a mark of its own: its line is shown and no
    /// collapsed run hides it.
    pub fn drawn(&self, trace: &Trace, e: EventIdx) -> bool {
        !self.hidden[trace.process_of(e) as usize] && !self.folds.is_hidden(e)
    }

    /// The length of the time axis, in axis units (at least one): to the
    /// last event with a mark of its own, or the picture's end.
    pub fn span(&self) -> f32 {
        let shown = self.times.iter().enumerate().filter(|&(e, _)| !self.folds.is_hidden(e as EventIdx));
        let last = shown.map(|(_, &t)| t).chain(self.until).map(|t| self.axis.pos(t)).fold(0.0, f64::max);
        // At least as long as an empty line, so adding the first events of
        // a new diagram does not rescale it under the pointer.
        (last as f32 + 1.0).max(crate::core::layout::MIN_SPAN as f32)
    }

    /// Room before time 0 for the names (px).
    pub fn names_room(&self) -> f32 {
        match self.orientation {
            Orientation::Horizontal => {
                let widest =
                    self.order.iter().map(|&p| metrics::width(&self.names[p as usize], self.style.name));
                widest.fold(0.0, f32::max) + 36.0
            }
            Orientation::Vertical => self.style.name * 2.5 + 20.0,
        }
    }

    /// Room across before the first line and after the last (px): a
    /// stack of labels above and below.
    pub fn margin(&self) -> f32 {
        match self.orientation {
            // Two rows of clocks above the first line, id, value and
            // action below the last.
            Orientation::Horizontal => {
                let st = &self.style;
                let row = st.line() + labels::PAD;
                let above = 2.0 * self.clock_lines as f32 * row;
                let below = self.rows_below as f32 * row;
                st.dot + st.gap() + above.max(below) + 2.0
            }
            // Names centred over the lines; labels right of the last one.
            Orientation::Vertical => {
                let st = &self.style;
                let widest = self.order.iter().map(|&p| metrics::width(&self.names[p as usize], st.name));
                let beside =
                    st.dot + st.gap() + self.widest_label as f32 * metrics::advance('0') * st.label + 4.0;
                (widest.fold(0.0, f32::max) / 2.0 + 8.0).max(st.dot + 6.0 * st.label).max(beside)
            }
        }
    }

    /// The scale at which the whole diagram fills a canvas of `size` px
    /// (width, height), within readable limits: lines at least
    /// [`MIN_LANE`] apart (a long list of hosts then scrolls), and time no
    /// more squeezed than a dot's width per unit (a long log then opens at
    /// its start; zoom out for the rest).
    pub fn fit(&self, size: (f32, f32)) -> Scale {
        let (along, across) = match self.orientation {
            Orientation::Horizontal => size,
            Orientation::Vertical => (size.1, size.0),
        };
        let gaps = self.order.len().saturating_sub(1).max(1) as f32;
        let lane = ((across - 2.0 * self.margin()) / gaps).clamp(MIN_LANE, MAX_LANE);
        // The layout runs half a unit past the span: room for the last label.
        let time = ((along - self.names_room() - self.tail - 8.0) / (self.span() + 0.5))
            .clamp(self.style.dot * 2.2, MAX_TIME);
        Scale { time, lane }
    }

    /// The smallest zoom (px per time unit) that still shows the whole
    /// span in `along` px, drawn as density if that is below [`DENSE`].
    pub fn zoomed_out(&self, along: f32) -> f32 {
        ((along - self.names_room() - self.tail - 24.0) / self.span()).clamp(0.01, MAX_TIME)
    }

    /// Plain coordinates at `scale`.
    pub fn layout(&self, trace: &Trace, scale: Scale) -> Layout {
        let spacing =
            Spacing { margin: self.margin(), names: self.names_room(), time: scale.time, lane: scale.lane };
        let mut layout = layout_with(
            trace,
            &self.times,
            &spacing,
            self.orientation,
            &self.order,
            self.axis.clone(),
            self.span(),
        );
        match self.orientation {
            Orientation::Horizontal => layout.width += self.tail,
            Orientation::Vertical => layout.height += self.tail,
        }
        layout
    }

    /// The scale of an export: wide enough that neighbouring clocks, set in
    /// two staggered rows, and neighbouring actions, in one, do not
    /// collide, and lines far enough apart for two rows of labels above a
    /// dot and three below.
    pub fn natural(&self, texts: &texts::Texts) -> Scale {
        let st = &self.style;
        let clock = texts.widest_clock() as f32 * metrics::advance('0') * st.label;
        let action = texts.widest_action() as f32 * metrics::advance('0') * st.label;
        let rows = self.clock_lines.max(1) as f32;
        match self.orientation {
            Orientation::Horizontal => Scale {
                time: (clock * 0.55 + 10.0).max(action + labels::PAD + 4.0).max(64.0),
                lane: (2.0 * st.dot + (2.0 * rows + 3.0) * st.line() + 3.0 * st.gap()).max(96.0),
            },
            Orientation::Vertical => Scale {
                time: (2.0 * st.dot + (rows + 2.0) * (st.line() + labels::PAD) + 8.0).max(60.0),
                lane: (clock.max(action) + 8.0 * metrics::advance('0') * st.label + 2.0 * st.dot + 24.0)
                    .max(130.0),
            },
        }
    }

    /// True when `scale` is too small to draw events one by one.
    pub fn dense(scale: Scale) -> bool {
        scale.time < DENSE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_lose_what_they_share_then_are_cut() {
        let hosts = [
            "42795@jvoldemortThread[Thread-28,5,main]",
            "42795@jvoldemortThread[main,5,main]",
            "42795@jvoldemortThread[voldemort-server-1,5,main]",
        ];
        assert_eq!(abbreviate(&hosts), ["…Thread-28…", "…main…", "…voldemort-s…"]);
        assert_eq!(abbreviate(&["client", "S1"]), ["client", "S1"], "short names stay whole");
        assert_eq!(abbreviate(&["a-very-long-process-name"]), ["a-very-long-…"]);
        let same = abbreviate(&["node-alpha-one-xyz", "node-beta-two-xyz"]);
        assert_eq!(same, ["…alpha-one…", "…beta-two…"]);
        assert!(abbreviate(&hosts).iter().all(|n| n.chars().count() <= NAME_CHARS + 1));
    }
}
