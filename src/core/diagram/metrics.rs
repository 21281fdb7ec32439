//! How big text and marks are drawn. Every label on the diagram is set in
//! a monospace face, so its width follows from its characters without a
//! browser to measure it: the core can place labels exactly where the page
//! and the SVG export will draw them. The figures are upper bounds for the
//! common faces (DejaVu Sans Mono and Liberation Mono advance 0.60 em, SF
//! Mono 0.60, Consolas 0.55), so a label's box is never smaller than the
//! text a browser draws.

use super::geometry::{Point, Rect};

/// The font family of every label on the diagram.
pub const LABEL_FONT: &str =
    "ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace";

/// Sizes of type and marks, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    /// Labels: clocks, ids, actions, values, payloads.
    pub label: f32,
    /// Process names.
    pub name: f32,
    /// An event dot's radius.
    pub dot: f32,
    /// Multiplies every stroke width.
    pub stroke: f32,
}

impl Style {
    /// The page and exports: labels at 14 px, the least a projected
    /// diagram may use.
    pub const NORMAL: Style = Style { label: 14.0, name: 16.0, dot: 9.0, stroke: 1.0 };
    /// Presentation mode: type, dots and arrowheads one step larger,
    /// strokes thicker, for a projector.
    pub const PRESENT: Style = Style { label: 17.0, name: 20.0, dot: 11.0, stroke: 1.6 };

    /// The style for presentation mode or not.
    pub fn for_present(present: bool) -> Style {
        if present {
            Style::PRESENT
        } else {
            Style::NORMAL
        }
    }

    /// One line of label text, top to top.
    pub fn line(&self) -> f32 {
        (self.label * LINE).ceil()
    }

    /// Room between a dot's edge and its labels.
    pub fn gap(&self) -> f32 {
        (self.label * 0.25).round()
    }

    /// How far an arrow stops short of the dot it points at, so the
    /// arrowhead shows.
    pub fn arrow_cut(&self) -> f32 {
        self.dot + 2.0
    }

    /// The arrowhead's length.
    pub fn arrowhead(&self) -> f32 {
        (self.dot * 1.3).round()
    }
}

// Presentation mode is one step larger in type, dots and strokes, and no
// text is ever under the 14 px a projected diagram needs (checked when the
// crate compiles).
const _: () = {
    assert!(Style::NORMAL.label >= 14.0 && Style::NORMAL.name >= 14.0);
    assert!(Style::PRESENT.label > Style::NORMAL.label && Style::PRESENT.name > Style::NORMAL.name);
    assert!(Style::PRESENT.dot > Style::NORMAL.dot && Style::PRESENT.stroke > Style::NORMAL.stroke);
};

/// Height of a line box, in ems: above the baseline, then below it.
pub const ASCENT: f32 = 0.95;
/// See [`ASCENT`].
pub const DESCENT: f32 = 0.28;
/// A line's height in ems.
pub const LINE: f32 = ASCENT + DESCENT;

/// The advance of `c` in ems, rounded up.
pub fn advance(c: char) -> f32 {
    let u = c as u32;
    match u {
        0x0300..=0x036f | 0x200b..=0x200f | 0xfe00..=0xfe0f => 0.0,
        0x1100..=0x115f
        | 0x2e80..=0xa4cf
        | 0xac00..=0xd7a3
        | 0xf900..=0xfaff
        | 0xfe30..=0xfe4f
        | 0xff00..=0xff60
        | 0xffe0..=0xffe6
        | 0x1f300..=0x1faff
        | 0x20000..=0x3fffd => 1.25,
        0..=0x1fff => 0.62,
        _ => 1.0,
    }
}

/// The width of `text` at `size` px.
pub fn width(text: &str, size: f32) -> f32 {
    text.chars().map(advance).sum::<f32>() * size
}

/// Where text goes relative to its x coordinate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// x is the left edge.
    Start,
    /// x is the middle.
    Middle,
    /// x is the right edge.
    End,
}

impl Anchor {
    /// The SVG `text-anchor` word.
    pub fn word(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// The box of `lines` of text at `size` px whose first baseline is at
/// `at`, anchored as `anchor` says.
pub fn text_box(lines: &[String], size: f32, at: Point, anchor: Anchor) -> Rect {
    let w = lines.iter().map(|l| width(l, size)).fold(0.0, f32::max);
    let x0 = match anchor {
        Anchor::Start => at.0,
        Anchor::Middle => at.0 - w / 2.0,
        Anchor::End => at.0 - w,
    };
    let line = (size * LINE).ceil();
    let top = at.1 - size * ASCENT;
    Rect { x0, y0: top, x1: x0 + w, y1: top + line * lines.len().max(1) as f32 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_bound_a_monospace_face_and_wide_characters_count_more() {
        assert!((width("[1,2,0]", 14.0) - 7.0 * 0.62 * 14.0).abs() < 1e-3);
        assert!(width("日本", 14.0) > width("ab", 14.0) * 1.9);
        assert_eq!(width("e\u{301}", 10.0), width("e", 10.0), "a combining accent takes no room");
        let b = text_box(&["ab".into(), "abcd".into()], 10.0, (100.0, 50.0), Anchor::Middle);
        assert!((b.x0 - (100.0 - 0.62 * 20.0)).abs() < 1e-3 && (b.x1 - (100.0 + 0.62 * 20.0)).abs() < 1e-3);
        assert_eq!(b.y0, 50.0 - 9.5);
        assert_eq!(b.height(), 2.0 * (10.0f32 * LINE).ceil());
    }
}
