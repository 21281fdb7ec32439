//! The shapes of marks as SVG path data, shared by the page and the export
//! so both draw exactly the same picture: a cross for a crash or a lost
//! message, a tick for a commit, badges, a break on the axis, the stack of
//! a collapsed run.

use super::geometry::Point;
use std::fmt::Write;

fn n(v: f32) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// An ✗ of half-size `r` centred on `c`.
pub fn cross((x, y): Point, r: f32) -> String {
    format!(
        "M {} {} L {} {} M {} {} L {} {}",
        n(x - r),
        n(y - r),
        n(x + r),
        n(y + r),
        n(x + r),
        n(y - r),
        n(x - r),
        n(y + r)
    )
}

/// A ✓ inside a badge of half-size `r` centred on `c`.
pub fn tick((x, y): Point, r: f32) -> String {
    format!(
        "M {} {} L {} {} L {} {}",
        n(x - r * 0.55),
        n(y),
        n(x - r * 0.1),
        n(y + r * 0.45),
        n(x + r * 0.6),
        n(y - r * 0.5)
    )
}

/// A circle badge of radius `r` centred on `c`, as a path.
pub fn disc((x, y): Point, r: f32) -> String {
    format!(
        "M {} {} a {r} {r} 0 1 0 {} 0 a {r} {r} 0 1 0 {} 0 z",
        n(x - r),
        n(y),
        n(2.0 * r),
        n(-2.0 * r),
        r = n(r)
    )
}

/// A square badge of half-size `r` centred on `c`.
pub fn square((x, y): Point, r: f32) -> String {
    format!("M {} {} h {} v {} h {} z", n(x - r), n(y - r), n(2.0 * r), n(2.0 * r), n(-2.0 * r))
}

/// A diamond badge of half-size `r` centred on `c` (divergence).
pub fn diamond((x, y): Point, r: f32) -> String {
    format!(
        "M {} {} L {} {} L {} {} L {} {} z",
        n(x),
        n(y - r),
        n(x + r),
        n(y),
        n(x),
        n(y + r),
        n(x - r),
        n(y)
    )
}

/// An axis break: two short slanted strokes across each line at `points`
/// (one per line), `h` tall.
pub fn axis_break(points: &[Point], h: f32, horizontal: bool) -> String {
    let mut d = String::new();
    for &(x, y) in points {
        for off in [-3.0, 3.0] {
            if horizontal {
                let _ = write!(
                    d,
                    "M {} {} L {} {} ",
                    n(x + off - h * 0.3),
                    n(y + h),
                    n(x + off + h * 0.3),
                    n(y - h)
                );
            } else {
                let _ = write!(
                    d,
                    "M {} {} L {} {} ",
                    n(x - h),
                    n(y + off - h * 0.3),
                    n(x + h),
                    n(y + off + h * 0.3)
                );
            }
        }
    }
    d.trim_end().to_string()
}

/// The offsets of the three dots of a collapsed run's stack, along time.
pub fn run_stack(dot: f32) -> [f32; 3] {
    [-dot * 0.45, 0.0, dot * 0.45]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_compact_path_data() {
        assert_eq!(cross((10.0, 10.0), 2.0), "M 8 8 L 12 12 M 12 8 L 8 12");
        assert_eq!(square((0.0, 0.0), 1.5), "M -1.5 -1.5 h 3 v 3 h -3 z");
        assert!(disc((5.0, 5.0), 2.0).starts_with("M 3 5 a 2 2"));
        assert_eq!(axis_break(&[(0.0, 0.0)], 5.0, true).matches('M').count(), 2);
    }
}
