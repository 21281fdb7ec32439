//! Each node's own clock as a second scale on its line (the time lab).
//!
//! The time axis is true time. A tick marks where the node's clock reads a
//! round value, so the ticks of a clock that runs ahead come early (left
//! of another line's tick with the same reading), a drifting clock's ticks
//! spread or close up, a step forward skips readings and a step back
//! repeats them. One step serves every line, the smallest round step whose
//! labels fit between neighbouring ticks where the axis is densest; inside
//! a compressed stretch no tick is drawn (its break says what it hides).

use super::geometry::Point;
use super::metrics::{width, Style};
use crate::core::layout::{Layout, Orientation};
use crate::core::trace::ProcessIdx;

/// A node's clock over the run: `(true time, local reading)` pairs in true
/// time order, exact at each pair and linear between them. A step is two
/// pairs at the same true time, the reading before and after.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LocalClock {
    /// The process whose line it is.
    pub process: ProcessIdx,
    /// The readings.
    pub samples: Vec<(f64, f64)>,
}

/// A reading that moves faster than this against true time between two
/// samples hides a jump (no drift or slew comes near: NTP slews at most at
/// 500 ppm).
const JUMP_RATE: f64 = 0.01;
/// Jumps are located to within this much true time.
const PRECISION: f64 = 1e-9;

impl LocalClock {
    /// `process`'s clock `read` at the true times `at` (sorted), with each
    /// jump between two of them split into its two sides, so the scale is
    /// exact at every jump however far apart the samples are.
    pub fn sampled(process: ProcessIdx, at: &[f64], read: &dyn Fn(f64) -> f64) -> LocalClock {
        let mut samples: Vec<(f64, f64)> = Vec::with_capacity(at.len());
        for &t in at {
            let l = read(t);
            if let Some(&(t0, l0)) = samples.last() {
                if t > t0 && ((l - l0) / (t - t0) - 1.0).abs() > JUMP_RATE {
                    samples.extend(jump(t0, t, read));
                }
            }
            samples.push((t, l));
        }
        LocalClock { process, samples }
    }
}

/// The two sides of the jump between `lo` and `hi`, by bisection: the
/// stretch whose reading moves faster than any clock runs.
fn jump(mut lo: f64, mut hi: f64, read: &dyn Fn(f64) -> f64) -> [(f64, f64); 2] {
    let fast = |a: f64, b: f64| ((read(b) - read(a)) / (b - a) - 1.0).abs() > JUMP_RATE;
    while hi - lo > PRECISION {
        let mid = lo + (hi - lo) / 2.0;
        if fast(lo, mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    [(lo, read(lo)), (hi, read(hi))]
}

/// One tick of a local scale.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    /// Its line.
    pub process: ProcessIdx,
    /// The true time at which the clock reads `local`.
    pub time: f64,
    /// The reading, a multiple of the scale's step.
    pub local: f64,
    /// Where it is drawn, on the line.
    pub at: Point,
    /// Its label.
    pub text: String,
}

impl Tick {
    /// Its mark: a short stroke across the line, mostly on the side its
    /// label takes (above, or right when time runs down).
    pub fn path(&self, orientation: Orientation, style: &Style) -> String {
        let (x, y) = self.at;
        let (near, far) = (style.dot * 0.3, style.dot * 1.1);
        match orientation {
            Orientation::Horizontal => format!("M{x:.1} {:.1}V{:.1}", y + near, y - far),
            Orientation::Vertical => format!("M{:.1} {y:.1}H{:.1}", x - near, x + far),
        }
    }
}

/// Room between neighbouring tick labels, in px, beyond their width.
pub const ROOM: f32 = 20.0;
/// The most ticks drawn: past it, the next larger step.
pub const MOST: usize = 4000;

/// The ticks of every clock on `layout`, labels set at `size` px.
pub fn ticks(clocks: &[LocalClock], layout: &Layout, size: f32) -> Vec<Tick> {
    let widest = clocks.iter().flat_map(|c| &c.samples).map(|s| s.1.abs()).fold(0.0, f64::max);
    let per_second = layout.axis.least_rate() * layout.spacing().time as f64;
    for (step, decimals) in steps().filter(|&(s, d)| fits(s, d, widest, per_second, size)) {
        if let Some(ticks) = at_step(clocks, layout, step, decimals) {
            return ticks;
        }
    }
    Vec::new()
}

/// Round steps, smallest first: 1, 2 and 5 times a power of ten, from a
/// microsecond to a day, each with the decimals its readings need.
fn steps() -> impl Iterator<Item = (f64, usize)> {
    (-6i32..=5).flat_map(|k| [1.0, 2.0, 5.0].map(|m| (m * 10f64.powi(k), (-k).max(0) as usize)))
}

/// Whether readings `step` apart leave room for their labels.
fn fits(step: f64, decimals: usize, widest: f64, per_second: f64, size: f32) -> bool {
    let label = width(&format!("-{widest:.decimals$}"), size);
    step * per_second >= (label + ROOM) as f64
}

/// Every clock's ticks at `step`, or `None` if there would be more than
/// [`MOST`].
fn at_step(clocks: &[LocalClock], layout: &Layout, step: f64, decimals: usize) -> Option<Vec<Tick>> {
    let mut out = Vec::new();
    for clock in clocks {
        let Some(lane) = layout.lane(clock.process) else { continue };
        for pair in clock.samples.windows(2) {
            let ((t0, l0), (t1, l1)) = (pair[0], pair[1]);
            if !(t1 > t0 && l1 > l0) {
                continue;
            }
            // Readings in [l0, l1): a reading at a pair's end belongs to
            // the next stretch, so none is drawn twice.
            let mut k = (l0 / step).ceil();
            while k * step < l1 {
                // + 0.0: a reading of −0 is written 0.
                let local = k * step + 0.0;
                let time = t0 + (local - l0) / (l1 - l0) * (t1 - t0);
                if !layout.axis.in_break(time) {
                    let text = format!("{local:.decimals$}");
                    out.push(Tick {
                        process: clock.process,
                        time,
                        local,
                        at: layout.point(time, lane),
                        text,
                    });
                }
                if out.len() > MOST {
                    return None;
                }
                k += 1.0;
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagram::axis::Axis;
    use crate::core::formats::parse_trace;
    use crate::core::layout::{layout_with, Spacing};

    /// Two lines, events at the given times on A, laid out on `axis`.
    fn lines(times: &[f64], axis: Axis) -> Layout {
        let events: Vec<String> = (0..times.len())
            .map(|i| format!(r#"{{"id": "a{i}", "process": "A", "kind": "local", "time": {}}}"#, times[i]))
            .collect();
        let text = format!(r#"{{"processes": ["A", "B"], "events": [{}]}}"#, events.join(","));
        let trace = parse_trace(&text).unwrap();
        let spacing = Spacing { time: 40.0, ..Spacing::for_labels(Orientation::Horizontal, 0) };
        let span = axis.pos(*times.last().unwrap()) as f32 + 1.0;
        layout_with(&trace, times, &spacing, Orientation::Horizontal, &[0, 1], axis, span)
    }

    /// Brute force: the true time at which a linear clock reads `local`.
    fn when(offset: f64, rate: f64, local: f64) -> f64 {
        (local - offset) / rate
    }

    #[test]
    fn a_fast_clock_reaches_each_reading_early() {
        let l = lines(&[0.0, 100.0], Axis::linear());
        // A runs 2% fast and 0.3 s ahead; B is perfect.
        let a = LocalClock { process: 0, samples: vec![(0.0, 0.3), (100.0, 0.3 + 102.0)] };
        let b = LocalClock { process: 1, samples: vec![(0.0, 0.0), (100.0, 100.0)] };
        let t = ticks(&[a, b], &l, 14.0);
        let step = t[1].local - t[0].local;
        assert!(step * 40.0 >= (width("-102", 14.0) + ROOM) as f64, "labels fit between ticks");
        for tick in &t {
            let (offset, rate) = if tick.process == 0 { (0.3, 1.02) } else { (0.0, 1.0) };
            assert!((tick.time - when(offset, rate, tick.local)).abs() < 1e-9);
            assert!((tick.local / step - (tick.local / step).round()).abs() < 1e-9, "a round reading");
            assert_eq!(tick.at, l.point(tick.time, l.lane(tick.process).unwrap()));
        }
        let first = |p: ProcessIdx, v: f64| t.iter().find(|k| k.process == p && k.local == v).unwrap().time;
        assert!(first(0, 50.0) < first(1, 50.0), "the fast clock reads 50 first");
    }

    #[test]
    fn a_step_back_repeats_readings_and_a_step_forward_skips_them() {
        let l = lines(&[0.0, 40.0], Axis::linear());
        // At 10 the clock steps back 5 s; at 30 forward 8 s.
        let samples = vec![(0.0, 0.0), (10.0, 10.0), (10.0, 5.0), (30.0, 25.0), (30.0, 33.0), (40.0, 43.0)];
        let t = ticks(&[LocalClock { process: 0, samples }], &l, 14.0);
        let readings: Vec<f64> = t.iter().map(|k| k.local).collect();
        let step = readings[1] - readings[0];
        let count = |v: f64| readings.iter().filter(|&&r| (r - v).abs() < 1e-9).count();
        let repeated = (step * ((5.0 / step).ceil())).max(step);
        assert!(repeated < 10.0 && count(repeated) == 2, "{repeated} is read twice: {readings:?}");
        let skipped = step * (26.0 / step).ceil();
        assert!(skipped < 33.0 && count(skipped) == 0, "{skipped} is never read: {readings:?}");
        assert!(t.windows(2).all(|w| w[0].time <= w[1].time), "in true time order");
    }

    #[test]
    fn no_tick_inside_a_break_and_spacing_follows_the_densest_stretch() {
        // Events 0.1 apart at 25 units a second, then 60 s with nothing.
        let axis = Axis::scaled([0.0, 0.1, 0.2, 60.2, 60.3], 25.0);
        let l = lines(&[0.0, 0.1, 0.2, 60.2, 60.3], axis);
        let clock = LocalClock { process: 0, samples: vec![(0.0, 0.0), (60.35, 60.35)] };
        let t = ticks(&[clock], &l, 14.0);
        assert!(!t.is_empty() && t.iter().all(|k| !l.axis.in_break(k.time)));
        // 25 units/s × 40 px: 1,000 px a second; "-60.35" and room need 70 px.
        let step = t[1].local - t[0].local;
        assert!((step - 0.1).abs() < 1e-9, "step {step}");
        assert!(t.iter().any(|k| k.time > 60.25), "ticks resume after the break: {t:?}");
    }

    #[test]
    fn a_jump_between_samples_is_split_at_its_instant() {
        // 1 s behind until 3.25, then stepped to true time.
        let read = |t: f64| if t < 3.25 { t - 1.0 } else { t };
        let s = LocalClock::sampled(0, &[0.0, 2.0, 5.0], &read).samples;
        assert_eq!(s.len(), 5);
        let (before, after) = (s[2], s[3]);
        assert!(before.0 < 3.25 && after.0 >= 3.25 && after.0 - before.0 <= PRECISION);
        assert!((before.1 - 2.25).abs() < 1e-6 && (after.1 - 3.25).abs() < 1e-6);
        // A drifting clock has none.
        assert_eq!(LocalClock::sampled(0, &[0.0, 10.0], &|t| t * 1.0005).samples.len(), 2);
    }

    #[test]
    fn too_many_ticks_take_a_larger_step_and_no_clock_no_ticks() {
        let l = lines(&[0.0, 1e6], Axis::linear());
        let clock = LocalClock { process: 0, samples: vec![(0.0, 0.0), (1e6, 1e6)] };
        let t = ticks(&[clock], &l, 14.0);
        assert!(!t.is_empty() && t.len() <= MOST);
        assert!(ticks(&[], &l, 14.0).is_empty());
    }
}
