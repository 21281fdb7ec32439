//! The time axis: where a time falls along the diagram. Usually linear. A
//! simulated run is shown on an axis that compresses and expands: each
//! long stretch with no event (a crashed coordinator, participants timing
//! out every few units for 40) shrinks to a fixed width and is marked as
//! a break, so the part that teaches fits the screen and the break says
//! how much time it hides; and events a hundredth apart (a receive and the
//! send it causes) are moved apart far enough to be told apart.

/// A compressed stretch of time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Break {
    /// The last event time before it.
    pub from: f64,
    /// The first event time after it.
    pub to: f64,
    /// Where it starts along the axis (in axis units).
    pub at: f64,
    /// Its width along the axis (in axis units).
    pub width: f64,
}

impl Break {
    /// The time it hides, as written on the diagram.
    pub fn label(&self) -> String {
        let skipped = ((self.to - self.from) * 10.0).round() / 10.0;
        format!("{skipped} skipped")
    }

    /// Its middle along the axis.
    pub fn middle(&self) -> f64 {
        self.at + self.width / 2.0
    }
}

/// A monotone, piecewise-linear map from time to axis units.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Axis {
    /// (time, axis position) pairs, both increasing; linear between them,
    /// slope 1 beyond them.
    stops: Vec<(f64, f64)>,
    /// The compressed stretches.
    pub breaks: Vec<Break>,
}

/// A stretch longer than this many time units with no event is compressed.
pub const IDLE: f64 = 3.0;
/// ... to this width.
pub const KEPT: f64 = 1.2;
/// Events closer than this are moved this far apart.
pub const LEAST: f64 = 0.4;
/// ... on a scaled axis, whose events are often a microsecond apart on one
/// line (a start and the send it makes): far enough that their dots do
/// not overlap, so each can be clicked.
pub const LEAST_SCALED: f64 = 0.5;

impl Axis {
    /// Time is position.
    pub fn linear() -> Axis {
        Axis::default()
    }

    /// Compresses every gap longer than [`IDLE`] between the `times` at
    /// which something happens (any order, repeats allowed) to [`KEPT`],
    /// and widens every gap shorter than [`LEAST`] to it.
    pub fn compressed(times: impl IntoIterator<Item = f64>) -> Axis {
        Axis::scaled(times, 1.0)
    }

    /// As [`Axis::compressed`], with `scale` axis units per time unit
    /// between events: the time lab's legs last milliseconds, and at
    /// scale 1 every one would be widened to the same [`LEAST`], its
    /// asymmetry lost. Gaps are judged by their scaled width.
    pub fn scaled(times: impl IntoIterator<Item = f64>, scale: f64) -> Axis {
        let least = if scale == 1.0 { LEAST } else { LEAST_SCALED };
        let mut t: Vec<f64> = times.into_iter().filter(|t| t.is_finite()).collect();
        t.sort_by(f64::total_cmp);
        t.dedup();
        let mut axis = Axis::default();
        let (mut last_t, mut last_p) = (t.first().copied().unwrap_or(0.0).min(0.0), 0.0);
        axis.stops.push((last_t, last_p));
        for &now in &t {
            let gap = now - last_t;
            if gap <= 0.0 {
                continue;
            }
            let scaled = gap * scale;
            let width = if scaled > IDLE { KEPT } else { scaled.max(least) };
            if scaled > IDLE {
                axis.breaks.push(Break { from: last_t, to: now, at: last_p, width });
            }
            last_p += width;
            last_t = now;
            axis.stops.push((last_t, last_p));
        }
        axis
    }

    /// The axis position of time `t`.
    pub fn pos(&self, t: f64) -> f64 {
        map(&self.stops, t)
    }

    /// The fewest axis units per time unit outside the breaks (1 for a
    /// linear axis): where marks spaced in time come closest together.
    pub fn least_rate(&self) -> f64 {
        let open = |a: &(f64, f64), b: &(f64, f64)| !self.breaks.iter().any(|k| k.from == a.0 && k.to == b.0);
        self.stops
            .windows(2)
            .filter(|w| w[1].0 > w[0].0 && open(&w[0], &w[1]))
            .map(|w| (w[1].1 - w[0].1) / (w[1].0 - w[0].0))
            .fold(None, |least: Option<f64>, r| Some(least.map_or(r, |l| l.min(r))))
            .unwrap_or(1.0)
    }

    /// Whether time `t` lies strictly inside a compressed stretch.
    pub fn in_break(&self, t: f64) -> bool {
        self.breaks.iter().any(|b| b.from < t && t < b.to)
    }

    /// The time at axis position `p` (inverse of [`Axis::pos`]).
    pub fn time(&self, p: f64) -> f64 {
        let inverse: Vec<(f64, f64)> = self.stops.iter().map(|&(t, p)| (p, t)).collect();
        map(&inverse, p)
    }
}

/// Interpolates `x` over `stops` (x, y) pairs; slope 1 outside them.
fn map(stops: &[(f64, f64)], x: f64) -> f64 {
    let Some(&(x0, y0)) = stops.first() else { return x };
    if x <= x0 {
        return y0 - (x0 - x);
    }
    let i = stops.partition_point(|s| s.0 <= x);
    match stops.get(i) {
        None => {
            let (xl, yl) = stops[stops.len() - 1];
            yl + (x - xl)
        }
        Some(&(x1, y1)) => {
            let (xa, ya) = stops[i - 1];
            if x1 == xa {
                ya
            } else {
                ya + (x - xa) / (x1 - xa) * (y1 - ya)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scaled_axis_keeps_short_gaps_in_proportion() {
        // Legs of 10 and 90 ms at 25 units a second: 0.25 is widened to
        // LEAST_SCALED, 2.25 kept; 60 s of nothing is a break.
        let a = Axis::scaled([0.0, 0.01, 0.1, 60.1], 25.0);
        assert_eq!(a.pos(0.01), LEAST_SCALED);
        assert!((a.pos(0.1) - a.pos(0.01) - 2.25).abs() < 1e-12);
        assert_eq!(a.breaks.len(), 1);
        assert!((a.time(a.pos(0.05)) - 0.05).abs() < 1e-12);
    }

    #[test]
    fn the_least_rate_skips_breaks_and_widened_gaps_are_faster() {
        let a = Axis::scaled([0.0, 0.01, 0.1, 60.1], 25.0);
        // 0 → 0.01 widened to 0.5 units (50 a second), 0.01 → 0.1 at 25.
        assert!((a.least_rate() - 25.0).abs() < 1e-9);
        assert!(a.in_break(30.0) && !a.in_break(0.1) && !a.in_break(60.1));
        assert_eq!(Axis::linear().least_rate(), 1.0);
    }

    #[test]
    fn a_linear_axis_is_the_identity() {
        let a = Axis::linear();
        assert_eq!((a.pos(3.5), a.time(3.5)), (3.5, 3.5));
        assert!(a.breaks.is_empty());
    }

    #[test]
    fn long_idle_stretches_shrink_to_a_break_and_close_events_move_apart() {
        // A crash run: events at 0, 1, 1.5, then timeouts at 7 and 40.
        let a = Axis::compressed([0.0, 1.0, 1.5, 7.0, 40.0, 1.0, 1.01]);
        assert_eq!(a.breaks.len(), 2);
        assert_eq!((a.breaks[0].from, a.breaks[0].to), (1.5, 7.0));
        assert_eq!(a.pos(1.0), 1.0, "nothing before the first crowd moves");
        assert_eq!(a.pos(1.01), 1.0 + LEAST, "a hundredth apart becomes LEAST apart");
        assert_eq!(a.pos(1.5), 1.0 + LEAST + 0.49);
        assert_eq!(a.pos(7.0), a.pos(1.5) + KEPT);
        assert_eq!(a.pos(40.0), a.pos(1.5) + 2.0 * KEPT);
        assert_eq!(a.breaks[1].label(), "33 skipped");
        assert_eq!(a.pos(41.0), a.pos(40.0) + 1.0, "slope 1 past the last event");
        for t in [0.2, 1.005, 1.2, 3.0, 7.0, 20.0, 45.0, -1.0] {
            assert!((a.time(a.pos(t)) - t).abs() < 1e-9, "{t} maps back");
        }
        let mut last = f64::MIN;
        for i in -10..500 {
            let p = a.pos(i as f64 / 10.0);
            assert!(p > last, "strictly increasing");
            last = p;
        }
    }
}
