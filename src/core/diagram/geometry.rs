//! Points and axis-aligned boxes in diagram units (CSS pixels on the page,
//! SVG units in an export).

/// A point.
pub type Point = (f32, f32);

/// An axis-aligned box: left, top, right, bottom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x0: f32,
    /// Top edge.
    pub y0: f32,
    /// Right edge.
    pub x1: f32,
    /// Bottom edge.
    pub y1: f32,
}

impl Rect {
    /// The box with these edges, in any order.
    pub fn new(a: Point, b: Point) -> Self {
        Rect { x0: a.0.min(b.0), y0: a.1.min(b.1), x1: a.0.max(b.0), y1: a.1.max(b.1) }
    }

    /// The square of half-side `r` around `c`.
    pub fn around(c: Point, r: f32) -> Self {
        Rect { x0: c.0 - r, y0: c.1 - r, x1: c.0 + r, y1: c.1 + r }
    }

    /// True when the two boxes share interior points (touching edges do not
    /// count, so labels may sit flush against each other).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    /// Width.
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }

    /// Height.
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }

    /// The box grown by `d` on every side.
    pub fn grown(&self, d: f32) -> Rect {
        Rect { x0: self.x0 - d, y0: self.y0 - d, x1: self.x1 + d, y1: self.y1 + d }
    }

    /// The smallest box holding both.
    pub fn union(&self, o: &Rect) -> Rect {
        Rect { x0: self.x0.min(o.x0), y0: self.y0.min(o.y0), x1: self.x1.max(o.x1), y1: self.y1.max(o.y1) }
    }

    /// True when every edge is a finite number.
    pub fn is_finite(&self) -> bool {
        [self.x0, self.y0, self.x1, self.y1].iter().all(|v| v.is_finite())
    }
}

/// The point a fraction `f` of the way from `a` to `b`.
pub fn lerp(a: Point, b: Point, f: f32) -> Point {
    (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f)
}

/// `b` moved `by` towards `a` (an arrow stopping short of its target dot).
pub fn short_of(a: Point, b: Point, by: f32) -> Point {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    (b.0 - dx / len * by, b.1 - dy / len * by)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_overlap_only_when_they_share_area() {
        let a = Rect::new((0.0, 0.0), (10.0, 10.0));
        assert!(a.overlaps(&Rect::new((5.0, 5.0), (15.0, 15.0))));
        assert!(!a.overlaps(&Rect::new((10.0, 0.0), (20.0, 10.0))), "touching is not overlapping");
        assert!(!a.overlaps(&Rect::new((0.0, 11.0), (10.0, 20.0))));
        assert_eq!(Rect::around((5.0, 5.0), 2.0), Rect::new((3.0, 3.0), (7.0, 7.0)));
        assert_eq!(short_of((0.0, 0.0), (10.0, 0.0), 3.0), (7.0, 0.0));
    }
}
