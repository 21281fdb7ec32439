//! Plots of measured quantities (the replication lab's latency against
//! throughput, messages per operation, availability): axes with round
//! ticks, and each series a polyline with its own marker shape and dash,
//! so colour is never the only way to tell two series apart. Pure
//! geometry; the page draws it.

use crate::core::diagram::geometry::Rect;

/// A series' marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    /// A dot.
    Circle,
    /// A square.
    Square,
    /// A triangle.
    Triangle,
    /// A diamond.
    Diamond,
}

impl Marker {
    /// Its outline as SVG path data, centred at `(x, y)`.
    pub fn path(self, (x, y): (f32, f32), r: f32) -> String {
        match self {
            Marker::Circle => format!(
                "M{:.1},{y:.1}a{r},{r} 0 1,0 {:.1},0a{r},{r} 0 1,0 {:.1},0z",
                x - r,
                2.0 * r,
                -2.0 * r
            ),
            Marker::Square => {
                format!("M{:.1},{:.1}h{:.1}v{:.1}h{:.1}z", x - r, y - r, 2.0 * r, 2.0 * r, -2.0 * r)
            }
            Marker::Triangle => {
                format!("M{x:.1},{:.1}l{:.1},{:.1}h{:.1}z", y - r * 1.2, r * 1.1, r * 2.0, -r * 2.2)
            }
            Marker::Diamond => {
                format!("M{x:.1},{:.1}l{r:.1},{r:.1}l{:.1},{r:.1}l{:.1},{:.1}z", y - r, -r, -r, -r)
            }
        }
    }
}

/// One series of (x, y) values.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Its name in the legend.
    pub name: String,
    /// Its values, in the order they are joined.
    pub points: Vec<(f64, f64)>,
    /// Its marker.
    pub marker: Marker,
    /// Drawn dashed.
    pub dashed: bool,
}

/// A plot to lay out.
#[derive(Clone, Debug, PartialEq)]
pub struct Plot {
    /// Its id on the page.
    pub id: String,
    /// Its title.
    pub title: String,
    /// What the x axis measures, with its unit.
    pub x_label: String,
    /// What the y axis measures.
    pub y_label: String,
    /// The series.
    pub series: Vec<Series>,
    /// Ticks at exactly these x values (e.g. 3, 5, 7 replicas) rather than
    /// round ones.
    pub x_at: Option<Vec<f64>>,
}

/// One series placed.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    /// As given.
    pub series: Series,
    /// Each value's point.
    pub points: Vec<(f32, f32)>,
}

/// A plot placed in a box.
#[derive(Clone, Debug, PartialEq)]
pub struct Laid {
    /// The area the values are drawn in.
    pub area: Rect,
    /// The x ticks: where, and the number.
    pub x_ticks: Vec<(f32, String)>,
    /// The y ticks.
    pub y_ticks: Vec<(f32, String)>,
    /// The series.
    pub series: Vec<Placed>,
}

/// Room for the y ticks' numbers, and below for the x ticks and label.
const LEFT: f32 = 56.0;
const BOTTOM: f32 = 44.0;
const TOP: f32 = 10.0;
const RIGHT: f32 = 14.0;

/// A round step for about four intervals over `span`: 1, 2 or 5 times a
/// power of ten.
pub fn step(span: f64) -> f64 {
    let raw = (span / 4.0).max(f64::MIN_POSITIVE);
    let p = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * p).find(|s| *s >= raw * (1.0 - 1e-9)).unwrap_or(p * 10.0)
}

/// The round range covering `lo` to `hi`, and its ticks.
pub fn ticks(lo: f64, hi: f64) -> (f64, f64, Vec<f64>) {
    let (lo, hi) = if hi > lo { (lo, hi) } else { (lo - 0.5, lo + 0.5) };
    let s = step(hi - lo);
    let (a, b) = ((lo / s).floor(), (hi / s).ceil());
    (a * s, b * s, (a as i64..=b as i64).map(|k| k as f64 * s).collect())
}

/// A number as an axis shows it: no trailing zeros.
pub fn short(v: f64) -> String {
    let text = format!("{:.4}", v);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

/// `plot` laid out in `width` × `height` px. The y axis starts at zero
/// when every value is positive (a rate or a count); values that are not
/// finite are left out.
pub fn lay_out(plot: &Plot, width: f32, height: f32) -> Laid {
    let values =
        || plot.series.iter().flat_map(|s| s.points.iter()).filter(|p| p.0.is_finite() && p.1.is_finite());
    let span = |f: fn(&(f64, f64)) -> f64| {
        values().map(f).fold((f64::MAX, f64::MIN), |(l, h), v| (l.min(v), h.max(v)))
    };
    let (ylo, yhi) = span(|p| p.1);
    let (ylo, yhi) = if ylo > yhi { (0.0, 1.0) } else { (ylo.min(0.0), yhi) };
    let (y0, y1, yt) = ticks(ylo, yhi);
    let (x0, x1, xt) = match &plot.x_at {
        Some(at) if !at.is_empty() => {
            let (lo, hi) = at.iter().fold((f64::MAX, f64::MIN), |(l, h), &v| (l.min(v), h.max(v)));
            let pad = ((hi - lo) * 0.1).max(0.5);
            (lo - pad, hi + pad, at.clone())
        }
        _ => {
            let (lo, hi) = span(|p| p.0);
            if lo > hi {
                ticks(0.0, 1.0)
            } else {
                ticks(lo.min(0.0), hi)
            }
        }
    };
    let area =
        Rect { x0: LEFT, y0: TOP, x1: (width - RIGHT).max(LEFT + 1.0), y1: (height - BOTTOM).max(TOP + 1.0) };
    let x = |v: f64| area.x0 + ((v - x0) / (x1 - x0)) as f32 * area.width();
    let y = |v: f64| area.y1 - ((v - y0) / (y1 - y0)) as f32 * area.height();
    let series = plot
        .series
        .iter()
        .map(|s| Placed {
            series: s.clone(),
            points: s
                .points
                .iter()
                .filter(|p| p.0.is_finite() && p.1.is_finite())
                .map(|&(a, b)| (x(a), y(b)))
                .collect(),
        })
        .collect();
    Laid {
        area,
        x_ticks: xt.iter().map(|&v| (x(v), short(v))).collect(),
        y_ticks: yt.iter().map(|&v| (y(v), short(v))).collect(),
        series,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plot(points: Vec<(f64, f64)>, x_at: Option<Vec<f64>>) -> Plot {
        let series = vec![Series { name: "a".into(), points, marker: Marker::Circle, dashed: false }];
        Plot { id: "p".into(), title: "t".into(), x_label: "x".into(), y_label: "y".into(), series, x_at }
    }

    #[test]
    fn steps_are_round_and_ticks_cover_the_values() {
        assert_eq!(step(10.0), 5.0);
        assert_eq!(step(4.0), 1.0);
        assert_eq!(step(0.9), 0.5);
        assert_eq!(step(130.0), 50.0);
        let (lo, hi, t) = ticks(0.0, 9.3);
        assert_eq!((lo, hi), (0.0, 10.0));
        assert_eq!(t, [0.0, 5.0, 10.0]);
        assert_eq!(short(2.5000), "2.5");
        assert_eq!(short(-0.0), "0");
    }

    #[test]
    fn values_land_in_the_area_in_order_and_larger_is_higher() {
        let l = lay_out(&plot(vec![(0.5, 4.0), (1.0, 4.2), (2.0, 9.0)], None), 300.0, 200.0);
        let p = &l.series[0].points;
        assert!(p.iter().all(|&(x, y)| l.area.x0 <= x && x <= l.area.x1 && l.area.y0 <= y && y <= l.area.y1));
        assert!(p.windows(2).all(|w| w[0].0 < w[1].0), "x grows to the right");
        assert!(p[2].1 < p[1].1 && p[1].1 < p[0].1, "y grows upward");
        // The y axis starts at zero: its lowest tick is the area's bottom.
        assert_eq!(l.y_ticks.first().map(|t| (t.0, t.1.as_str())), Some((l.area.y1, "0")));
    }

    #[test]
    fn fixed_x_ticks_and_missing_values() {
        let l = lay_out(
            &plot(vec![(3.0, 0.99), (5.0, f64::NAN), (7.0, 0.999)], Some(vec![3.0, 5.0, 7.0])),
            300.0,
            200.0,
        );
        let labels: Vec<&str> = l.x_ticks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(labels, ["3", "5", "7"]);
        assert_eq!(l.series[0].points.len(), 2, "the NaN is left out");
        assert!((l.series[0].points[0].0 - l.x_ticks[0].0).abs() < 1e-3);
        // No values at all still lays out a frame.
        let empty = lay_out(&plot(Vec::new(), None), 300.0, 200.0);
        assert!(!empty.y_ticks.is_empty() && empty.series[0].points.is_empty());
    }
}
