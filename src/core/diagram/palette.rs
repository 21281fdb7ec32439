//! One palette for every lab, with one meaning per colour, in both themes.
//! The hues are Okabe and Ito's colour-blind-safe set; each meaning is also
//! carried by a shape or a pattern (see [`super::legend`]), so the diagram
//! reads in greyscale too. Colours used for strokes or text meet 3:1
//! (marks) and 4.5:1 (text) against the background (WCAG 2.1); the two
//! used only as fills, `future` and `pending`, are always outlined in
//! `fg`. The page's stylesheet (www/style.css) carries the same values; a
//! test keeps them equal.

/// The colours of one theme, by meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    /// Background.
    pub bg: &'static str,
    /// Text and strong marks (selected event, decisions to abort).
    pub fg: &'static str,
    /// Secondary text: ids, actions.
    pub muted: &'static str,
    /// Process lines.
    pub line: &'static str,
    /// Message arrows.
    pub message: &'static str,
    /// Plain event dots.
    pub event: &'static str,
    /// The selected event's causal past.
    pub past: &'static str,
    /// Its causal future (a fill, outlined in `fg`).
    pub future: &'static str,
    /// Events concurrent with it (a dashed outline).
    pub concurrent: &'static str,
    /// The chain proving a relation.
    pub proof: &'static str,
    /// What holds: a commit, a converged replica.
    pub ok: &'static str,
    /// What waits: a blocked (uncertain) node (a fill, outlined in `fg`).
    pub pending: &'static str,
    /// Faults and violations: a lost message, a crash, a broken rule.
    pub fault: &'static str,
    /// Partition bands (a hatch).
    pub partition: &'static str,
}

/// On white.
pub const LIGHT: Palette = Palette {
    bg: "#ffffff",
    fg: "#111111",
    muted: "#555555",
    line: "#444444",
    message: "#333333",
    event: "#555555",
    past: "#0072b2",
    future: "#e69f00",
    concurrent: "#6b6b6b",
    proof: "#a8548a",
    ok: "#007a5a",
    pending: "#f0e442",
    fault: "#c14f00",
    partition: "#6b6b6b",
};

/// On near-black.
pub const DARK: Palette = Palette {
    bg: "#121212",
    fg: "#f2f2f2",
    muted: "#bbbbbb",
    line: "#bbbbbb",
    message: "#dddddd",
    event: "#aaaaaa",
    past: "#56b4e9",
    future: "#e69f00",
    concurrent: "#8c8c8c",
    proof: "#cc79a7",
    ok: "#009e73",
    pending: "#f0e442",
    fault: "#d55e00",
    partition: "#8c8c8c",
};

impl Palette {
    /// The theme's palette.
    pub fn of(dark: bool) -> &'static Palette {
        if dark {
            &DARK
        } else {
            &LIGHT
        }
    }

    /// Every colour with its CSS custom property name (`--past`, ...).
    pub fn named(&self) -> [(&'static str, &'static str); 14] {
        [
            ("bg", self.bg),
            ("fg", self.fg),
            ("muted", self.muted),
            ("line", self.line),
            ("message", self.message),
            ("event", self.event),
            ("past", self.past),
            ("future", self.future),
            ("concurrent", self.concurrent),
            ("proof", self.proof),
            ("ok", self.ok),
            ("pending", self.pending),
            ("fault", self.fault),
            ("partition", self.partition),
        ]
    }

    /// Colours drawn as strokes or small marks: at least 3:1 on `bg`.
    pub fn marks(&self) -> [&'static str; 8] {
        [self.line, self.message, self.event, self.past, self.concurrent, self.proof, self.ok, self.partition]
    }

    /// Colours text is set in: at least 4.5:1 on `bg`.
    pub fn texts(&self) -> [&'static str; 5] {
        [self.fg, self.muted, self.fault, self.ok, self.past]
    }
}

/// The relative luminance of a `#rrggbb` colour (WCAG 2.1).
pub fn luminance(hex: &str) -> Option<f64> {
    let h = hex.strip_prefix('#').filter(|h| h.len() == 6)?;
    let channel = |i: usize| -> Option<f64> {
        let c = u8::from_str_radix(h.get(i..i + 2)?, 16).ok()? as f64 / 255.0;
        Some(if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) })
    };
    Some(0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?)
}

/// The contrast ratio of two `#rrggbb` colours, from 1 to 21.
pub fn contrast(a: &str, b: &str) -> Option<f64> {
    let (la, lb) = (luminance(a)?, luminance(b)?);
    Some((la.max(lb) + 0.05) / (la.min(lb) + 0.05))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_follows_the_wcag_definition() {
        assert_eq!(contrast("#000000", "#ffffff").map(|c| (c * 100.0).round()), Some(2100.0));
        assert_eq!(contrast("#777777", "#777777"), Some(1.0));
        // WCAG's own example figure: #767676 on white is just over 4.5.
        assert!((contrast("#767676", "#ffffff").unwrap() - 4.54).abs() < 0.01);
        assert_eq!(contrast("#12345", "#ffffff"), None);
    }

    #[test]
    fn every_mark_and_text_colour_meets_its_contrast_in_both_themes() {
        for p in [&LIGHT, &DARK] {
            for c in p.marks() {
                assert!(contrast(c, p.bg).unwrap() >= 3.0, "{c} on {}", p.bg);
            }
            for c in p.texts() {
                assert!(contrast(c, p.bg).unwrap() >= 4.5, "{c} on {}", p.bg);
            }
            // Fills are outlined in fg; the outline carries the contrast.
            for fill in [p.future, p.pending] {
                assert!(contrast(p.fg, fill).unwrap() >= 3.0 || contrast(p.fg, p.bg).unwrap() >= 3.0);
            }
        }
    }

    #[test]
    fn each_meaning_has_its_own_colour() {
        for p in [&LIGHT, &DARK] {
            let hues = [p.past, p.future, p.proof, p.ok, p.pending, p.fault];
            for (i, a) in hues.iter().enumerate() {
                for b in &hues[i + 1..] {
                    assert_ne!(a, b);
                }
            }
        }
    }
}
