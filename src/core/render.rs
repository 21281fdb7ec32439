//! The space-time diagram as a self-contained SVG document, for slides and
//! papers: every style is an attribute (no stylesheet), fonts are generic
//! families, and everything is vector, so it stays crisp at any scale. The
//! CLI's `render` writes it; the page can export the same picture.

use super::clocks::{ItcClocks, LamportClocks, LamportRule, VectorClocks};
use super::layout::{depth_times, layout, Layout, Orientation, Spacing};
use super::trace::{EventIdx, EventKind, Trace};
use std::fmt::Write;

/// Which clock labels the events carry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Labels {
    /// None.
    None,
    /// Lamport times (classic rule).
    Lamport,
    /// Vector timestamps.
    #[default]
    Vector,
    /// Interval tree clock stamps.
    Itc,
}

impl Labels {
    /// The labels called `name` (`none`, `lamport`, `vector`, `itc`).
    pub fn from_name(name: &str) -> Option<Labels> {
        [
            ("none", Labels::None),
            ("lamport", Labels::Lamport),
            ("vector", Labels::Vector),
            ("itc", Labels::Itc),
        ]
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, l)| l)
    }
}

/// How the picture is drawn.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Clock labels.
    pub labels: Labels,
    /// Which way time runs.
    pub orientation: Orientation,
    /// Light text on a dark background.
    pub dark: bool,
    /// What the page highlights, by event: the selected event's light cone
    /// and the events a search found (empty: nothing highlighted).
    pub marks: Vec<Mark>,
}

/// How an exported event is highlighted, as on the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mark {
    /// Not highlighted.
    #[default]
    Plain,
    /// The selected event.
    Selected,
    /// In the selected event's past.
    Past,
    /// In its future.
    Future,
    /// Concurrent with it.
    Concurrent,
    /// Found by a search (and not otherwise marked).
    Found,
}

/// Colours (Okabe-Ito, as the page uses).
struct Palette {
    bg: &'static str,
    fg: &'static str,
    line: &'static str,
    event: &'static str,
    send: &'static str,
    receive: &'static str,
    lost: &'static str,
    clock: &'static str,
    muted: &'static str,
    past: &'static str,
    future: &'static str,
    concurrent: &'static str,
    focus: &'static str,
}

const LIGHT: Palette = Palette {
    bg: "#ffffff",
    fg: "#111111",
    line: "#444444",
    event: "#666666",
    send: "#e69f00",
    receive: "#009e73",
    lost: "#d55e00",
    clock: "#8a2c6d",
    muted: "#555555",
    past: "#0072b2",
    future: "#d55e00",
    concurrent: "#b0b0b0",
    focus: "#0072b2",
};

const DARK: Palette = Palette {
    bg: "#121212",
    fg: "#f2f2f2",
    line: "#bbbbbb",
    event: "#aaaaaa",
    send: "#e69f00",
    receive: "#009e73",
    lost: "#d55e00",
    clock: "#f0a8d0",
    muted: "#bbbbbb",
    past: "#56b4e9",
    future: "#d55e00",
    concurrent: "#6b6b6b",
    focus: "#56b4e9",
};

/// The most characters of an action drawn under its dot; longer ones (a
/// log line) are cut with "…" so neighbours do not overprint them. The page
/// shows the whole text on hover.
pub const ACTION_CHARS: usize = 18;

/// An action label as drawn: cut to [`ACTION_CHARS`].
pub fn short_action(text: &str) -> std::borrow::Cow<'_, str> {
    crate::core::formats::text::clip(text, ACTION_CHARS)
}

/// Text safe inside an SVG element or attribute: user labels are text,
/// never markup.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The label of each event under `labels`.
fn clock_labels(trace: &Trace, labels: Labels) -> Vec<Option<String>> {
    let n = trace.event_count() as EventIdx;
    match labels {
        Labels::None => vec![None; n as usize],
        Labels::Lamport => {
            let l = LamportClocks::compute(trace, &LamportRule::classic());
            (0..n).map(|e| Some(l.time(e).to_string())).collect()
        }
        Labels::Vector => {
            let v = VectorClocks::compute(trace);
            (0..n)
                .map(|e| {
                    Some(format!("[{}]", v.of(e).iter().map(u32::to_string).collect::<Vec<_>>().join(",")))
                })
                .collect()
        }
        Labels::Itc => {
            let itc = ItcClocks::compute(trace);
            (0..n).map(|e| Some(itc.of(e).to_string())).collect()
        }
    }
}

/// The diagram of `trace`, each event at `times[e]` (or its happened-before
/// depth when `times` is `None`), as an SVG document.
pub fn svg(trace: &Trace, times: Option<&[f64]>, options: &Options) -> String {
    svg_sized(trace, times, options).0
}

/// [`svg`], with the picture's width and height in SVG units (pixels at 1x).
pub fn svg_sized(trace: &Trace, times: Option<&[f64]>, options: &Options) -> (String, f32, f32) {
    let depth;
    let times = match times {
        Some(t) => t,
        None => {
            depth = depth_times(trace);
            &depth
        }
    };
    let labels = clock_labels(trace, options.labels);
    let widest = labels.iter().flatten().map(|l| l.chars().count()).max().unwrap_or(0);
    let spacing = Spacing::for_labels(options.orientation, widest);
    let l = layout(trace, times, &spacing, options.orientation);
    let p = if options.dark { &DARK } else { &LIGHT };
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0} {h:.0}" width="{w:.0}" height="{h:.0}" font-family="system-ui, sans-serif"><rect width="100%" height="100%" fill="{bg}"/><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="12" markerHeight="12" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{line}"/></marker></defs>"#,
        w = l.width,
        h = l.height,
        bg = p.bg,
        line = p.line
    );
    lines(&mut out, trace, &l, p);
    messages(&mut out, trace, &l, p);
    events(&mut out, trace, &l, p, &labels, &options.marks);
    out.push_str("</svg>\n");
    (out, l.width.round(), l.height.round())
}

fn lines(out: &mut String, trace: &Trace, l: &Layout, p: &Palette) {
    for q in 0..trace.process_count() as u32 {
        let ((x1, y1), (x2, y2)) = l.line(q);
        let (nx, ny) = l.name_at(q);
        let anchor = if l.orientation == Orientation::Horizontal { "start" } else { "middle" };
        let _ = write!(
            out,
            r#"<line x1="{x1:.0}" y1="{y1:.0}" x2="{x2:.0}" y2="{y2:.0}" stroke="{}" stroke-width="2"/><text x="{nx:.0}" y="{ny:.0}" fill="{}" font-size="18" font-weight="600" text-anchor="{anchor}" dominant-baseline="middle">{}</text>"#,
            p.line,
            p.fg,
            escape(trace.process_name(q))
        );
        // Forks and joins: dashed connectors to the line's ends.
        let joins = [(trace.forked_by(q), (x1, y1)), (trace.joined_by(q), (x2, y2))];
        for (e, (ex, ey)) in joins.into_iter().filter_map(|(e, end)| e.map(|e| (e, end))) {
            let (x, y) = l.at(e);
            let _ = write!(
                out,
                r#"<line x1="{x:.0}" y1="{y:.0}" x2="{ex:.0}" y2="{ey:.0}" stroke="{}" stroke-width="2.5" stroke-dasharray="7 4"/>"#,
                p.line
            );
        }
    }
}

fn messages(out: &mut String, trace: &Trace, l: &Layout, p: &Palette) {
    for m in 0..trace.message_count() as u32 {
        let (x1, y1) = l.at(trace.send_of(m));
        match trace.receive_of(m) {
            Some(r) => {
                // Stop short of the receiving dot so the arrowhead shows.
                let (x2, y2) = l.at(r);
                let (dx, dy) = (x2 - x1, y2 - y1);
                let len = (dx * dx + dy * dy).sqrt().max(1.0);
                let (ex, ey) = (x2 - dx / len * 11.0, y2 - dy / len * 11.0);
                let _ = write!(
                    out,
                    r#"<line x1="{x1:.0}" y1="{y1:.0}" x2="{ex:.0}" y2="{ey:.0}" stroke="{}" stroke-width="1.8" marker-end="url(#arrow)"/>"#,
                    p.line
                );
            }
            None => {
                // A lost message: a short dashed stub ending in a cross.
                let (x2, y2) = (x1 + 40.0, y1 + 30.0);
                let _ = write!(
                    out,
                    r#"<line x1="{x1:.0}" y1="{y1:.0}" x2="{x2:.0}" y2="{y2:.0}" stroke="{lost}" stroke-width="1.8" stroke-dasharray="6 4"/><path d="M {a:.0} {b:.0} L {c:.0} {d:.0} M {c:.0} {b:.0} L {a:.0} {d:.0}" stroke="{lost}" stroke-width="2"/>"#,
                    lost = p.lost,
                    a = x2 - 5.0,
                    b = y2 - 5.0,
                    c = x2 + 5.0,
                    d = y2 + 5.0
                );
            }
        }
    }
}

/// A dot's fill, stroke, stroke width and dash pattern, as the page draws it.
fn dot_style(
    trace: &Trace,
    e: EventIdx,
    p: &Palette,
    mark: Mark,
) -> (&'static str, &'static str, f32, &'static str) {
    // The last value is an attribute to add: only a concurrent dot is dashed.
    match mark {
        Mark::Selected => (p.fg, p.focus, 5.0, ""),
        Mark::Past => (p.past, p.bg, 2.0, ""),
        Mark::Future => (p.future, p.fg, 2.0, ""),
        Mark::Concurrent => (p.bg, p.concurrent, 3.0, r#" stroke-dasharray="3 2""#),
        Mark::Found | Mark::Plain => {
            let (fill, stroke, width) = match trace.kind(e) {
                EventKind::Local => (p.event, p.bg, 2.0),
                EventKind::Send => (p.send, p.bg, 2.0),
                EventKind::Receive => (p.receive, p.bg, 2.0),
                EventKind::Fork | EventKind::Join => (p.bg, p.fg, 3.5),
            };
            if mark == Mark::Found {
                (fill, p.focus, 4.0, "")
            } else {
                (fill, stroke, width, "")
            }
        }
    }
}

fn events(
    out: &mut String,
    trace: &Trace,
    l: &Layout,
    p: &Palette,
    labels: &[Option<String>],
    marks: &[Mark],
) {
    let horizontal = l.orientation == Orientation::Horizontal;
    for e in 0..trace.event_count() as EventIdx {
        let (x, y) = l.at(e);
        let mark = marks.get(e as usize).copied().unwrap_or_default();
        let (fill, stroke, width, dash) = dot_style(trace, e, p, mark);
        let (ix, iy, id_anchor) =
            if horizontal { (x, y + 26.0, "middle") } else { (x - 16.0, y + 5.0, "end") };
        let _ = write!(
            out,
            r#"<circle cx="{x:.0}" cy="{y:.0}" r="9" fill="{fill}" stroke="{stroke}" stroke-width="{width}"{dash}/><text x="{ix:.0}" y="{iy:.0}" fill="{}" font-size="14" text-anchor="{id_anchor}">{}</text>"#,
            p.fg,
            escape(trace.event_id(e))
        );
        let (cx, cy, anchor) =
            if horizontal { (x, y - 16.0, "middle") } else { (x + 16.0, y + 5.0, "start") };
        if let Some(clock) = &labels[e as usize] {
            let _ = write!(
                out,
                r#"<text x="{cx:.0}" y="{cy:.0}" fill="{}" font-size="14" font-weight="600" font-family="ui-monospace, monospace" text-anchor="{anchor}">{}</text>"#,
                p.clock,
                escape(clock)
            );
        }
        if let Some(action) = trace.label(e) {
            let (lx, ly) = if horizontal { (x, y + 42.0) } else { (x + 16.0, y + 22.0) };
            let _ = write!(
                out,
                r#"<text x="{lx:.0}" y="{ly:.0}" fill="{}" font-size="13" font-style="italic" text-anchor="{anchor}">{}</text>"#,
                p.muted,
                escape(&short_action(action))
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::formats::parse_trace;

    const TRACE: &str = r#"{"processes": ["A", "B <&>"], "events": [
        {"id": "a1", "process": "A", "kind": "send", "message": "m1", "label": "<script>alert(1)</script>"},
        {"id": "b1", "process": "B <&>", "kind": "receive", "message": "m1"},
        {"id": "a2", "process": "A", "kind": "send", "message": "m2"}]}"#;

    #[test]
    fn long_actions_are_cut_short() {
        assert_eq!(short_action("write x"), "write x");
        assert_eq!(short_action("INFO-NS-Serve: Accepted connection from 127.0.0.1"), "INFO-NS-Serve: Acc…");
        assert_eq!(short_action("ééééééééééééééééééééé").chars().count(), ACTION_CHARS + 1);
    }

    #[test]
    fn highlighting_colours_the_dots_as_the_page_does() {
        let t = parse_trace(TRACE).unwrap();
        let plain = svg(&t, None, &Options::default());
        let marks = vec![Mark::Selected, Mark::Future, Mark::Concurrent];
        let marked = svg(&t, None, &Options { marks, ..Options::default() });
        let future_fill = format!(r#"fill="{}""#, LIGHT.future);
        assert!(!plain.contains(&future_fill) && !plain.contains(r#"stroke-dasharray="3 2""#));
        assert!(marked.contains(&format!(r#"fill="{}" stroke="{}" stroke-width="5""#, LIGHT.fg, LIGHT.focus)));
        assert!(marked.contains(&future_fill));
        assert_eq!(marked.matches(r#"stroke-dasharray="3 2""#).count(), 1);
        let found = svg(&t, None, &Options { marks: vec![Mark::Plain, Mark::Found], ..Options::default() });
        assert_eq!(found.matches(&format!(r#"stroke="{}" stroke-width="4""#, LIGHT.focus)).count(), 1);
    }

    #[test]
    fn every_event_and_message_is_drawn_and_user_text_is_escaped() {
        let t = parse_trace(TRACE).unwrap();
        let svg = svg(&t, None, &Options::default());
        assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 "#));
        assert_eq!(svg.matches("<circle").count(), 3);
        assert_eq!(svg.matches(r#"marker-end="url(#arrow)""#).count(), 1, "m1 arrives");
        assert_eq!(svg.matches(r#"stroke-dasharray="6 4""#).count(), 1, "m2 is lost");
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/…") && !svg.contains("<script"));
        assert!(svg.contains("B &lt;&amp;&gt;"));
        assert!(svg.contains(">[1,0]<") && svg.contains(">[1,1]<"), "vector labels");
        assert!(!svg.contains("class="), "self-contained: no stylesheet classes");
    }

    #[test]
    fn labels_and_themes_change_the_picture() {
        let t = parse_trace(TRACE).unwrap();
        let draw = |labels, dark| svg(&t, None, &Options { labels, dark, ..Options::default() });
        assert!(draw(Labels::Lamport, false).contains(">2<"));
        assert!(draw(Labels::Itc, false).contains(">((1,0),(0,1,0))<"));
        assert!(!draw(Labels::None, false).contains("ui-monospace"));
        assert!(draw(Labels::None, true).contains(r##"fill="#121212""##));
    }
}
