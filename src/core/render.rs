//! The space-time diagram as a self-contained SVG document, for slides and
//! papers: every style is an attribute (no stylesheet), fonts are generic
//! families, and everything is vector, so it stays crisp at any scale. The
//! CLI's `render` writes it; the page exports the same picture, drawn from
//! the same [`crate::core::diagram`] geometry as the screen: title and
//! caption above, the relation shown, the legend below.

use super::clocks::{ItcClocks, LamportClocks, VectorClocks};
use super::diagram::drawing::{draw, Drawing, Subject};
use super::diagram::glyphs;
use super::diagram::labels::Placed;
use super::diagram::legend::{entries, Entry, Key, Seen};
use super::diagram::metrics::{width, Style, LABEL_FONT};
use super::diagram::overlay::{Decision, Overlay};
use super::diagram::palette::Palette;
use super::diagram::texts::Texts;
use super::diagram::{arrows::Fate, Shape, ShapeOptions};
use super::error::TraceError;
use super::formats::text::is_terminal_control;
use super::layout::{depth_times, Orientation};
use super::trace::{EventIdx, EventKind, MessageIdx, Trace};
use std::fmt::Write;

pub use super::diagram::texts::{short_action, ACTION_CHARS};

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

    /// The label texts of `trace` under these labels.
    pub fn texts(self, trace: &Trace) -> Result<Texts, TraceError> {
        let plain = Texts::plain(trace);
        Ok(match self {
            Labels::None => plain,
            Labels::Lamport => plain.lamport(&LamportClocks::classic(trace)),
            Labels::Vector => plain.vector(&VectorClocks::compute(trace)?),
            Labels::Itc => plain.itc(&ItcClocks::compute(trace)?),
        })
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
    /// The diagram alone, without its legend (a thumbnail).
    pub bare: bool,
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

/// What the page highlights besides the light cone: a relation's chain and
/// the vector entries that witness concurrency, and where the Lamport rule
/// breaks the clock condition.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Highlight {
    /// By event (empty: none).
    pub marks: Vec<Mark>,
    /// Events on a relation's chain.
    pub chain: Vec<EventIdx>,
    /// Messages on it.
    pub chain_messages: Vec<MessageIdx>,
    /// Vector entries to emphasise: (event, entry).
    pub witness: Vec<(EventIdx, usize)>,
    /// Messages that break the clock condition.
    pub broken: Vec<MessageIdx>,
    /// Program-order steps that break it.
    pub broken_steps: Vec<(EventIdx, EventIdx)>,
}

/// The words around the diagram.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Words {
    /// The diagram's title.
    pub title: Option<String>,
    /// What to notice.
    pub caption: Option<String>,
    /// The relation shown ("b2 ∥ c1") and its proof, a line each.
    pub relation: Vec<String>,
    /// The legend (empty: none).
    pub legend: Vec<Entry>,
    /// What stands beside the lines: the replicas' logs.
    pub beside: Option<crate::core::diagram::logs::Column>,
}

/// Text safe inside an SVG element or attribute: user labels are text,
/// never markup. What XML 1.0 forbids (C0 controls other than tab, line
/// feed and carriage return; U+FFFE and U+FFFF) becomes U+FFFD, the
/// replacement character, so the document stays well-formed (a browser
/// draws nothing of an ill-formed one, which left PNG export silent). DEL,
/// the C1 controls, carriage return and the bidirectional controls are
/// written as character references: the same text, and nothing raw for a
/// terminal to act on when the SVG is printed.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            '\0'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' if c != '\r' => out.push('\u{FFFD}'),
            c if is_terminal_control(c) => {
                let _ = write!(out, "&#x{:X};", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// The diagram of `trace`, each event at `times[e]` (or its happened-before
/// depth when `times` is `None`), as an SVG document; a trace too big for
/// its clocks is refused by size.
pub fn svg(trace: &Trace, times: Option<&[f64]>, options: &Options) -> Result<String, TraceError> {
    svg_sized(trace, times, options).map(|s| s.0)
}

/// [`svg`], with the picture's width and height in SVG units (pixels at 1x).
pub fn svg_sized(
    trace: &Trace,
    times: Option<&[f64]>,
    options: &Options,
) -> Result<(String, f32, f32), TraceError> {
    let depth;
    let times = match times {
        Some(t) => t,
        None => {
            depth = depth_times(trace);
            &depth
        }
    };
    let texts = options.labels.texts(trace)?;
    let vectors = VectorClocks::compute(trace)?;
    let clock_lines = texts.clock.iter().flatten().map(Vec::len).max().unwrap_or(0);
    let shape_options =
        ShapeOptions { orientation: options.orientation, clock_lines, ..ShapeOptions::default() };
    let shape = Shape::new(trace, times, false, &vectors, &shape_options);
    let overlay = Overlay::default();
    let subject = Subject { trace, shape: &shape, texts: &texts, overlay: &overlay, focus: &[] };
    let drawing = draw(&subject, shape.natural(&texts), None);
    let highlight = Highlight { marks: options.marks.clone(), ..Highlight::default() };
    let legend =
        if options.bare { Vec::new() } else { entries(&seen(trace, &drawing, &highlight, &overlay)) };
    let words = Words { legend, ..Words::default() };
    Ok(picture(&subject, &drawing, &highlight, &words, options.dark))
}

/// What an export's legend lists for this drawing.
pub fn seen(trace: &Trace, d: &Drawing, h: &Highlight, overlay: &Overlay) -> Seen {
    let fates = |f: Fate| d.arrows.iter().flatten().any(|a| a.fate == f);
    let has = |m: Mark| h.marks.contains(&m);
    Seen {
        messages: fates(Fate::Delivered),
        lost: fates(Fate::Lost),
        in_flight: fates(Fate::InFlight),
        forks: trace.is_dynamic(),
        breaks: !d.layout.axis.breaks.is_empty(),
        cone: has(Mark::Selected),
        proof: !h.chain_messages.is_empty(),
        broken: !h.broken.is_empty() || !h.broken_steps.is_empty(),
        found: has(Mark::Found),
        crash: !overlay.down.is_empty(),
        blocked: !overlay.blocked.is_empty(),
        views: !overlay.views.is_empty(),
        statuses: !overlay.statuses.is_empty(),
        partition: !overlay.partitions.is_empty(),
        commit: overlay.decisions.iter().any(|d| d.1 == Decision::Commit),
        abort: overlay.decisions.iter().any(|d| d.1 == Decision::Abort),
        conflict: !overlay.conflicts.is_empty(),
        diverged: !overlay.diverged.is_empty(),
        dense: d.dense,
        local_time: !d.ticks.is_empty() && !d.dense,
        notes: note_kinds(overlay),
        ..Seen::default()
    }
}

/// The kinds of the run's notes, each once.
pub fn note_kinds(overlay: &Overlay) -> Vec<super::diagram::overlay::NoteKind> {
    // The run's kinds, not the placed ones: the legend sits beside the
    // diagram and takes its room, so a key that came and went with the
    // placement would resize the diagram, which changes the placement (the
    // page once redrew every frame so). A hidden note is counted on screen.
    let mut kinds: Vec<_> = overlay.notes.iter().map(|n| n.kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds
}

/// Height of the title block for `words` at `w` px wide.
fn header_lines(words: &Words, w: f32) -> Vec<(String, f32, bool)> {
    let mut lines = Vec::new();
    if let Some(t) = &words.title {
        lines.push((t.clone(), 22.0, true));
    }
    if let Some(c) = &words.caption {
        for l in wrap(c, ((w - 32.0) / (16.0 * 0.55)).max(20.0) as usize) {
            lines.push((l, 16.0, false));
        }
    }
    for r in &words.relation {
        lines.push((r.clone(), 16.0, false));
    }
    lines
}

/// `text` broken into lines of at most `chars` characters at spaces.
pub fn wrap(text: &str, chars: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= chars => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// The picture: words above, the drawing, the legend below.
pub fn picture(s: &Subject, d: &Drawing, h: &Highlight, words: &Words, dark: bool) -> (String, f32, f32) {
    let p = Palette::of(dark);
    let style = s.shape.style;
    let l = &d.layout;
    let legend_w = words.legend.iter().map(|e| width(&e.text, 14.0) + 44.0).fold(0.0, f32::max);
    let w = l.width.max(legend_w + 32.0).max(320.0);
    let header = header_lines(words, w);
    let top = if header.is_empty() { 0.0 } else { header.iter().map(|h| h.1 * 1.45).sum::<f32>() + 16.0 };
    let legend_h =
        if words.legend.is_empty() { 0.0 } else { legend_rows(&words.legend, w).len() as f32 * 24.0 + 16.0 };
    let total_h = top + l.height + legend_h;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0} {total_h:.0}" width="{w:.0}" height="{total_h:.0}" font-family="system-ui, sans-serif"><rect width="100%" height="100%" fill="{bg}"/><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="{head:.0}" markerHeight="{head:.0}" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{message}"/></marker><marker id="open" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="{head:.0}" markerHeight="{head:.0}" markerUnits="userSpaceOnUse" orient="auto"><path d="M 1 1 L 9 5 L 1 9" fill="none" stroke="{message}" stroke-width="1.6"/></marker><pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" stroke="{partition}" stroke-width="2.5"/></pattern></defs>"#,
        bg = p.bg,
        head = style.arrowhead(),
        message = p.message,
        partition = p.partition,
    );
    let mut y = 12.0;
    for (text, size, bold) in &header {
        y += size * 1.2;
        let weight = if *bold { r#" font-weight="700""# } else { "" };
        let _ = write!(
            out,
            r#"<text x="16" y="{y:.0}" fill="{}" font-size="{size}"{weight}>{}</text>"#,
            p.fg,
            escape(text)
        );
        y += size * 0.25;
    }
    let _ = write!(out, r#"<g transform="translate(0 {top:.0})">"#);
    lab_bands(&mut out, d, p);
    lines(&mut out, s, d, p, &style);
    messages(&mut out, d, h, p, &style);
    events(&mut out, s, d, h, p, &style);
    lab_marks(&mut out, d, p, &style);
    labels(&mut out, s.overlay, d, h, p);
    if let Some(c) = &words.beside {
        log_column(&mut out, c, p);
    }
    out.push_str("</g>");
    legend(&mut out, &words.legend, top + l.height + 8.0, w, p);
    out.push_str("</svg>\n");
    (out, w.round(), total_h.round())
}

/// The replicas' logs as the page draws them: committed entries filled,
/// the others outlined dashed.
fn log_column(out: &mut String, c: &crate::core::diagram::logs::Column, p: &Palette) {
    let r = c.rect;
    let _ = write!(
        out,
        r#"<rect x="{:.0}" y="{:.0}" width="{:.0}" height="{:.0}" rx="4" fill="{}" stroke="{}"/><text x="{:.0}" y="{:.0}" fill="{}" font-size="14" font-weight="700" font-family="monospace" dominant-baseline="central">{}</text>"#,
        r.x0,
        r.y0,
        r.width(),
        r.height(),
        p.bg,
        p.muted,
        c.title.0 .0,
        c.title.0 .1,
        p.fg,
        escape(&c.title.1)
    );
    let text = |out: &mut String, (x, y): (f32, f32), fill: &str, anchor: &str, word: &str| {
        let _ = write!(
            out,
            r#"<text x="{x:.0}" y="{y:.0}" fill="{fill}" font-size="14" font-family="monospace" text-anchor="{anchor}" dominant-baseline="central">{}</text>"#,
            escape(word)
        );
    };
    for row in &c.rows {
        if let Some((rect, k)) = row.elided {
            text(
                out,
                ((rect.x0 + rect.x1) / 2.0, (rect.y0 + rect.y1) / 2.0),
                p.fg,
                "middle",
                &format!("…{k}"),
            );
        }
        for cell in &row.cells {
            let b = cell.rect;
            let (fill, dash, ink) =
                if cell.committed { (p.fg, "", p.bg) } else { (p.bg, r#" stroke-dasharray="4 3""#, p.fg) };
            let _ = write!(
                out,
                r#"<rect x="{:.0}" y="{:.0}" width="{:.0}" height="{:.0}" rx="3" fill="{fill}" stroke="{}" stroke-width="2"{dash}/>"#,
                b.x0,
                b.y0,
                b.width(),
                b.height(),
                p.fg
            );
            text(out, ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0), ink, "middle", &cell.text);
        }
        if let Some((at, word)) = &row.note {
            text(out, *at, p.fg, "start", word);
        }
    }
}

fn lines(out: &mut String, s: &Subject, d: &Drawing, p: &Palette, style: &Style) {
    let l = &d.layout;
    for &q in &s.shape.order {
        let ((x1, y1), (x2, y2)) = l.line(q);
        let _ = write!(
            out,
            r#"<line x1="{x1:.0}" y1="{y1:.0}" x2="{x2:.0}" y2="{y2:.0}" stroke="{}" stroke-width="{:.1}"/>"#,
            p.line,
            2.0 * style.stroke
        );
        let joins = [(s.trace.forked_by(q), (x1, y1)), (s.trace.joined_by(q), (x2, y2))];
        for (e, (ex, ey)) in joins.into_iter().filter_map(|(e, end)| e.map(|e| (e, end))) {
            let Some((x, y)) = l.shown(e) else { continue };
            let _ = write!(
                out,
                r#"<line x1="{x:.0}" y1="{y:.0}" x2="{ex:.0}" y2="{ey:.0}" stroke="{}" stroke-width="2.5" stroke-dasharray="7 4"/>"#,
                p.line
            );
        }
    }
    for b in &l.axis.breaks {
        let along = l.spacing().names + b.middle() as f32 * l.spacing().time;
        let points: Vec<(f32, f32)> = s
            .shape
            .order
            .iter()
            .filter_map(|&q| l.lane(q))
            .map(|lane| match l.orientation {
                Orientation::Horizontal => (along, lane),
                Orientation::Vertical => (lane, along),
            })
            .collect();
        let d = glyphs::axis_break(&points, style.dot * 0.9, l.orientation == Orientation::Horizontal);
        let _ = write!(
            out,
            r#"<path d="{d}" stroke="{}" stroke-width="{:.1}" fill="none"/>"#,
            p.fg,
            2.0 * style.stroke
        );
    }
    if !d.dense {
        for t in &d.ticks {
            let _ = write!(
                out,
                r#"<path d="{}" stroke="{}" stroke-width="2"/>"#,
                t.path(l.orientation, style),
                p.fg
            );
        }
    }
    for &(a, b) in &s.shape.through_hidden {
        let (Some((x1, y1)), Some((x2, y2))) = (l.shown(s.shape.folds.shown_as(a)), l.shown(b)) else {
            continue;
        };
        let _ = write!(
            out,
            r#"<line x1="{x1:.0}" y1="{y1:.0}" x2="{x2:.0}" y2="{y2:.0}" stroke="{}" stroke-width="1.6" stroke-dasharray="2 4" marker-end="url(#open)"/>"#,
            p.message
        );
    }
}

fn messages(out: &mut String, d: &Drawing, h: &Highlight, p: &Palette, style: &Style) {
    for a in d.arrows.iter().flatten() {
        let ((x1, y1), (x2, y2)) = (a.from, a.tip);
        let width = 1.8 * style.stroke;
        let (colour, width) = if h.chain_messages.contains(&a.message) {
            (p.proof, 4.5 * style.stroke)
        } else if h.broken.contains(&a.message) {
            (p.fault, 3.0 * style.stroke)
        } else {
            (p.message, width)
        };
        match a.fate {
            Fate::Delivered => {
                let dash = if h.broken.contains(&a.message) { r#" stroke-dasharray="3 3""# } else { "" };
                let _ = write!(
                    out,
                    r#"<line x1="{x1:.0}" y1="{y1:.0}" x2="{x2:.0}" y2="{y2:.0}" stroke="{colour}" stroke-width="{width:.1}"{dash} marker-end="url(#arrow)"/>"#
                );
            }
            Fate::InFlight => {
                let _ = write!(
                    out,
                    r#"<line x1="{x1:.0}" y1="{y1:.0}" x2="{x2:.0}" y2="{y2:.0}" stroke="{colour}" stroke-width="{width:.1}" stroke-dasharray="8 4" marker-end="url(#open)"/>"#
                );
            }
            Fate::Lost => {
                let _ = write!(
                    out,
                    r#"<line x1="{x1:.0}" y1="{y1:.0}" x2="{x2:.0}" y2="{y2:.0}" stroke="{f}" stroke-width="{width:.1}" stroke-dasharray="6 4"/><path d="{x}" stroke="{f}" stroke-width="2.5" fill="none"/>"#,
                    f = p.fault,
                    x = glyphs::cross((x2, y2), style.dot * 0.55)
                );
            }
        }
    }
    for &(a, b) in &h.broken_steps {
        let (Some((x1, y1)), Some((x2, y2))) = (d.layout.shown(a), d.layout.shown(b)) else { continue };
        let _ = write!(
            out,
            r#"<line x1="{x1:.0}" y1="{y1:.0}" x2="{x2:.0}" y2="{y2:.0}" stroke="{}" stroke-width="5" stroke-dasharray="4 3"/>"#,
            p.fault
        );
    }
}

/// A dot's fill, stroke, stroke width and dash pattern, as the page draws it.
fn dot_style(
    trace: &Trace,
    e: EventIdx,
    p: &Palette,
    mark: Mark,
) -> (&'static str, &'static str, f32, &'static str) {
    match mark {
        Mark::Selected => (p.fg, p.fg, 3.0, r#" stroke-dasharray="0""#),
        Mark::Past => (p.past, p.bg, 2.0, ""),
        Mark::Future => (p.future, p.fg, 2.5, ""),
        Mark::Concurrent => (p.bg, p.concurrent, 3.0, r#" stroke-dasharray="3 2""#),
        Mark::Found | Mark::Plain => {
            let (fill, stroke, width) = match trace.kind(e) {
                EventKind::Fork | EventKind::Join => (p.bg, p.fg, 3.5),
                _ => (p.event, p.bg, 2.0),
            };
            if mark == Mark::Found {
                (fill, p.fg, 4.0, r#" stroke-dasharray="4 2""#)
            } else {
                (fill, stroke, width, "")
            }
        }
    }
}

fn events(out: &mut String, s: &Subject, d: &Drawing, h: &Highlight, p: &Palette, style: &Style) {
    for e in 0..s.trace.event_count() as EventIdx {
        let Some((x, y)) = d.layout.shown(e).filter(|_| s.shape.drawn(s.trace, e)) else { continue };
        let mark = h.marks.get(e as usize).copied().unwrap_or_default();
        let (fill, stroke, w, dash) = dot_style(s.trace, e, p, mark);
        let w = if h.chain.contains(&e) { 5.0 } else { w };
        let stroke = if h.chain.contains(&e) { p.proof } else { stroke };
        // Only the dot itself is a circle: one per event, as on the page.
        if s.shape.folds.group_of(e).is_some() {
            for off in glyphs::run_stack(style.dot).iter().rev().skip(1) {
                let c =
                    if d.layout.orientation == Orientation::Horizontal { (x + off, y) } else { (x, y + off) };
                let disc = glyphs::disc(c, style.dot);
                let _ = write!(
                    out,
                    r#"<path d="{disc}" fill="{}" stroke="{}" stroke-width="2"/>"#,
                    p.muted, p.bg
                );
            }
        }
        if mark == Mark::Selected {
            // A ring around a solid dot: selected, whatever the colours.
            let ring = glyphs::disc((x, y), style.dot + 4.0);
            let _ = write!(out, r#"<path d="{ring}" fill="none" stroke="{}" stroke-width="2.5"/>"#, p.fg);
        }
        let _ = write!(
            out,
            r#"<circle cx="{x:.0}" cy="{y:.0}" r="{:.0}" fill="{fill}" stroke="{stroke}" stroke-width="{w}"{dash}/>"#,
            style.dot
        );
    }
}

fn lab_bands(out: &mut String, d: &Drawing, p: &Palette) {
    // Every other view shaded; each view but the first opens with a dashed
    // line, so views are told apart without the shading.
    for &(k, r, _) in &d.marks.views {
        let (x0, y0, w, h) = (r.x0, r.y0, r.width(), r.height());
        if k % 2 == 1 {
            let _ = write!(
                out,
                r#"<rect x="{x0:.0}" y="{y0:.0}" width="{w:.0}" height="{h:.0}" fill="{}" fill-opacity="0.14"/>"#,
                p.partition
            );
        }
        if k > 0 {
            let (x1, y1) =
                if d.layout.orientation == Orientation::Horizontal { (x0, r.y1) } else { (r.x1, y0) };
            let _ = write!(
                out,
                r#"<line x1="{x0:.0}" y1="{y0:.0}" x2="{x1:.0}" y2="{y1:.0}" stroke="{}" stroke-width="2" stroke-dasharray="6 4"/>"#,
                p.fg
            );
        }
    }
    for (_, r) in &d.marks.primaries {
        let _ = write!(
            out,
            r#"<rect x="{:.0}" y="{:.0}" width="{:.0}" height="{:.0}" fill="none" stroke="{}" stroke-width="2.5"/>"#,
            r.x0,
            r.y0,
            r.width(),
            r.height(),
            p.proof
        );
    }
    for (_, r) in &d.marks.bands {
        let _ = write!(
            out,
            r#"<rect x="{:.0}" y="{:.0}" width="{:.0}" height="{:.0}" fill="url(#hatch)" fill-opacity="0.45" stroke="{}" stroke-width="2" stroke-dasharray="6 4"/>"#,
            r.x0,
            r.y0,
            r.width(),
            r.height(),
            p.partition
        );
    }
    for (_, r, _) in &d.marks.statuses {
        let _ = write!(
            out,
            r#"<rect x="{:.0}" y="{:.0}" width="{:.0}" height="{:.0}" fill="{}" fill-opacity="0.35" stroke="{}" stroke-width="1.5" stroke-dasharray="3 3"/>"#,
            r.x0,
            r.y0,
            r.width(),
            r.height(),
            p.future,
            p.fg
        );
    }
    for (_, r) in &d.marks.blocked {
        let _ = write!(
            out,
            r#"<rect x="{:.0}" y="{:.0}" width="{:.0}" height="{:.0}" fill="{}" stroke="{}" stroke-width="1"/>"#,
            r.x0,
            r.y0,
            r.width(),
            r.height(),
            p.pending,
            p.fg
        );
    }
}

fn lab_marks(out: &mut String, d: &Drawing, p: &Palette, style: &Style) {
    for &(_, (x1, y1), (x2, y2)) in &d.marks.down {
        let _ = write!(
            out,
            r#"<line x1="{x1:.0}" y1="{y1:.0}" x2="{x2:.0}" y2="{y2:.0}" stroke="{}" stroke-width="6" stroke-dasharray="2 5"/>"#,
            p.fault
        );
    }
    for &(_, c) in &d.marks.crashes {
        let _ = write!(
            out,
            r#"<path d="{}" stroke="{}" stroke-width="4" fill="none"/>"#,
            glyphs::cross(c, style.dot * 0.9),
            p.fault
        );
    }
    let r = super::diagram::overlay::OverlayMarks::badge(style);
    for &(_, decision, c, conflict) in &d.marks.decisions {
        let (shape, fill, sign) = match decision {
            Decision::Commit => (glyphs::disc(c, r), p.ok, glyphs::tick(c, r)),
            Decision::Abort => (glyphs::square(c, r), p.fg, glyphs::cross(c, r * 0.5)),
        };
        let _ = write!(
            out,
            r#"<path d="{shape}" fill="{fill}" stroke="{}" stroke-width="1.5"/><path d="{sign}" stroke="{}" stroke-width="2.2" fill="none"/>"#,
            p.fg, p.bg
        );
        if conflict {
            let _ = write!(
                out,
                r#"<path d="{}" fill="none" stroke="{}" stroke-width="3"/>"#,
                glyphs::disc(c, r + 4.0),
                p.fault
            );
        }
    }
    for &(_, c) in &d.marks.diverged {
        let _ = write!(
            out,
            r#"<path d="{}" fill="{}" stroke="{}" stroke-width="1.5"/>"#,
            glyphs::diamond(c, r),
            p.fault,
            p.fg
        );
    }
}

fn labels(out: &mut String, overlay: &Overlay, d: &Drawing, h: &Highlight, p: &Palette) {
    use super::diagram::labels::{Kind, Owner};
    for label in &d.labels.labels {
        if let Owner::Note(k) = label.owner {
            let kind = overlay.notes.get(k as usize).map(|n| n.kind);
            note_box(out, label, kind, p);
        }
        let (colour, weight, style) = match label.kind {
            Kind::Process => (p.fg, " font-weight=\"700\"", ""),
            Kind::Clock | Kind::Value => (p.fg, " font-weight=\"700\"", ""),
            Kind::Action => (p.muted, "", " font-style=\"italic\""),
            Kind::Note => (p.fg, "", ""),
            Kind::Axis => (p.fg, " font-weight=\"700\"", ""),
            _ => (p.muted, "", ""),
        };
        let witness = match label.owner {
            Owner::Event(e) if label.kind == Kind::Clock => h.witness.iter().find(|w| w.0 == e).map(|w| w.1),
            _ => None,
        };
        text(out, label, colour, weight, style, p.bg, witness, p.fault);
    }
}

/// The box behind a note: its kind by its border's colour and its dash
/// (the legend's keys), so colour is not the only sign.
fn note_box(out: &mut String, l: &Placed, kind: Option<super::diagram::overlay::NoteKind>, p: &Palette) {
    let (colour, width, dash) = note_border(kind, p);
    let r = l.rect;
    let _ = write!(
        out,
        r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="3" fill="{}" stroke="{colour}" stroke-width="{width}"{dash} data-note-box=""/>"#,
        r.x0 + NOTE_INSET,
        r.y0 + NOTE_INSET,
        r.width() - 2.0 * NOTE_INSET,
        r.height() - 2.0 * NOTE_INSET,
        p.bg,
    );
}

/// How far a note's box sits inside its label's box: half the thickest
/// border, so the border stays inside the room placement gave the label
/// (its text is padded by a space each side for it).
pub const NOTE_INSET: f32 = 1.75;

/// A note's border: colour, width and dash, by kind.
pub fn note_border(
    kind: Option<super::diagram::overlay::NoteKind>,
    p: &Palette,
) -> (&'static str, f32, &'static str) {
    use super::diagram::overlay::NoteKind;
    match kind {
        Some(NoteKind::Certificate) | None => (p.ok, 2.0, ""),
        Some(NoteKind::Shortfall) => (p.fault, 2.0, r#" stroke-dasharray="5 3""#),
        Some(NoteKind::Checkpoint) => (p.past, 2.0, r#" stroke-dasharray="1.5 2.5""#),
        Some(NoteKind::ViewChange) => (p.proof, 3.5, ""),
    }
}

/// One label: the text over a halo of the background, so it stays legible
/// over the lines it crosses.
#[allow(clippy::too_many_arguments)]
fn text(
    out: &mut String,
    l: &Placed,
    colour: &str,
    weight: &str,
    style: &str,
    bg: &str,
    witness: Option<usize>,
    emphasis: &str,
) {
    let anchor = l.anchor.word();
    let (x, y) = l.at;
    let _ = write!(
        out,
        r#"<text x="{x:.0}" y="{y:.0}" fill="{colour}" font-size="{}" font-family="{LABEL_FONT}" text-anchor="{anchor}" stroke="{bg}" stroke-width="4" stroke-linejoin="round" paint-order="stroke"{weight}{style}>"#,
        l.size
    );
    for (i, line) in l.lines.iter().enumerate() {
        let dy = if i == 0 { 0.0 } else { l.size * super::diagram::metrics::LINE };
        let _ = write!(out, r#"<tspan x="{x:.0}" dy="{dy:.0}">"#);
        match witness {
            Some(w) if line.starts_with('[') => {
                let entries: Vec<&str> = line.trim_matches(|c| c == '[' || c == ']').split(',').collect();
                out.push('[');
                for (k, v) in entries.iter().enumerate() {
                    if k > 0 {
                        out.push(',');
                    }
                    if k == w {
                        let _ = write!(
                            out,
                            r#"<tspan fill="{emphasis}" text-decoration="underline">{}</tspan>"#,
                            escape(v)
                        );
                    } else {
                        out.push_str(&escape(v));
                    }
                }
                out.push(']');
            }
            _ => out.push_str(&escape(line)),
        }
        out.push_str("</tspan>");
    }
    out.push_str("</text>");
}

/// Legend entries laid out in rows that fit `w`.
fn legend_rows(entries: &[Entry], w: f32) -> Vec<Vec<(f32, &Entry)>> {
    let mut rows: Vec<Vec<(f32, &Entry)>> = vec![Vec::new()];
    let mut x = 16.0;
    for e in entries {
        let need = width(&e.text, 14.0) + 44.0;
        if x + need > w && x > 16.0 {
            rows.push(Vec::new());
            x = 16.0;
        }
        rows.last_mut().expect("a row").push((x, e));
        x += need;
    }
    rows
}

fn legend(out: &mut String, entries: &[Entry], top: f32, w: f32, p: &Palette) {
    if entries.is_empty() {
        return;
    }
    out.push_str(r#"<g data-legend="">"#);
    for (row, items) in legend_rows(entries, w).iter().enumerate() {
        let y = top + 12.0 + row as f32 * 24.0;
        for &(x, e) in items {
            glyph(out, e.key, (x + 10.0, y), p);
            let _ = write!(
                out,
                r#"<text x="{:.0}" y="{:.0}" fill="{}" font-size="14" font-family="{LABEL_FONT}">{}</text>"#,
                x + 26.0,
                y + 5.0,
                p.fg,
                escape(&e.text)
            );
        }
    }
    out.push_str("</g>");
}

/// A legend entry's mark, centred on `c`, drawn with paths only (dots on
/// the diagram are the only circles).
fn glyph(out: &mut String, key: Key, (x, y): (f32, f32), p: &Palette) {
    let dot = |fill: &str, stroke: &str, extra: &str| {
        format!(
            r#"<path d="{}" fill="{fill}" stroke="{stroke}" stroke-width="2"{extra}/>"#,
            glyphs::disc((x, y), 7.0)
        )
    };
    let line = |colour: &str, dash: &str, marker: &str| {
        format!(
            r#"<line x1="{:.0}" y1="{y:.0}" x2="{:.0}" y2="{y:.0}" stroke="{colour}" stroke-width="2"{dash}{marker}/>"#,
            x - 9.0,
            x + 9.0
        )
    };
    let s = match key {
        Key::Event => dot(p.event, p.bg, ""),
        Key::Selected => format!(
            "{}{}",
            dot(p.fg, p.bg, ""),
            format_args!(
                r#"<path d="{}" fill="none" stroke="{}" stroke-width="2"/>"#,
                glyphs::disc((x, y), 9.0),
                p.fg
            )
        ),
        Key::Past => dot(p.past, p.bg, ""),
        Key::Future => dot(p.future, p.fg, ""),
        Key::Concurrent => dot(p.bg, p.concurrent, r#" stroke-dasharray="3 2""#),
        Key::Found => dot(p.event, p.fg, r#" stroke-dasharray="4 2""#),
        Key::Message => line(p.message, "", r#" marker-end="url(#arrow)""#),
        Key::InFlight => line(p.message, r#" stroke-dasharray="5 3""#, r#" marker-end="url(#open)""#),
        Key::Lost => format!(
            "{}<path d=\"{}\" stroke=\"{}\" stroke-width=\"2.5\" fill=\"none\"/>",
            line(p.fault, r#" stroke-dasharray="4 3""#, ""),
            glyphs::cross((x + 9.0, y), 4.0),
            p.fault
        ),
        Key::ForkJoin => line(p.line, r#" stroke-dasharray="7 4""#, ""),
        Key::Hidden => line(p.message, r#" stroke-dasharray="2 4""#, r#" marker-end="url(#open)""#),
        Key::Proof => line(p.proof, "", ""),
        Key::Broken => line(p.fault, r#" stroke-dasharray="3 3""#, ""),
        Key::Run => format!("{}{}", dot(p.event, p.bg, ""), ""),
        Key::Break => format!(
            r#"<path d="{}" stroke="{}" stroke-width="2" fill="none"/>"#,
            glyphs::axis_break(&[(x, y)], 7.0, true),
            p.fg
        ),
        Key::Crash => format!(
            r#"<path d="{}" stroke="{}" stroke-width="3.5" fill="none"/>"#,
            glyphs::cross((x, y), 6.0),
            p.fault
        ),
        Key::View => format!(
            r#"<path d="M{:.0} {:.0}V{:.0}" stroke="{}" stroke-width="2" stroke-dasharray="4 3"/>"#,
            x,
            y - 8.0,
            y + 8.0,
            p.fg
        ),
        Key::Primary => format!(
            r#"<path d="M {:.0} {:.0} h 20 v 8 h -20 z" fill="none" stroke="{}" stroke-width="2.5"/>"#,
            x - 10.0,
            y - 4.0,
            p.proof
        ),
        Key::LocalTime => format!(
            r#"<path d="M{:.0} {y:.0}H{:.0}M{x:.0} {:.0}V{:.0}" stroke="{}" stroke-width="2"/>"#,
            x - 9.0,
            x + 9.0,
            y + 2.0,
            y - 8.0,
            p.fg
        ),
        Key::Viewstamp => format!(
            r#"<text x="{x:.0}" y="{:.0}" fill="{}" font-size="14" text-anchor="middle">⟨⟩</text>"#,
            y + 5.0,
            p.fg
        ),
        Key::Status => format!(
            r#"<rect x="{:.0}" y="{:.0}" width="20" height="8" fill="{}" fill-opacity="0.35" stroke="{}" stroke-width="1.5" stroke-dasharray="3 3"/>"#,
            x - 10.0,
            y - 4.0,
            p.future,
            p.fg
        ),
        Key::Byzantine => format!(
            r#"<text x="{x:.0}" y="{:.0}" fill="{}" font-size="14" text-anchor="middle">{}</text>"#,
            y + 5.0,
            p.fg,
            super::diagram::BYZANTINE
        ),
        Key::Committed | Key::Uncommitted => {
            let (fill, dash) =
                if key == Key::Committed { (p.fg, "") } else { (p.bg, r#" stroke-dasharray="4 3""#) };
            format!(
                r#"<rect x="{:.0}" y="{:.0}" width="18" height="12" rx="2" fill="{fill}" stroke="{}" stroke-width="2"{dash}/>"#,
                x - 9.0,
                y - 6.0,
                p.fg
            )
        }
        // Exports draw no lesson marks or cuts; the arm keeps the legend total.
        Key::Highlight
        | Key::Picked
        | Key::Right
        | Key::Wrong
        | Key::Missed
        | Key::Cut
        | Key::FromFuture
        | Key::Control
        | Key::Recorded
        | Key::Recording => {
            format!(
                r#"<path d="{}" stroke="{}" stroke-width="2" fill="none"/>"#,
                glyphs::square((x, y), 7.0),
                p.fg
            )
        }
        Key::Blocked => format!(
            r#"<path d="M {:.0} {:.0} h 20 v 10 h -20 z" fill="{}" stroke="{}"/>"#,
            x - 10.0,
            y - 5.0,
            p.pending,
            p.fg
        ),
        Key::Partition => format!(
            r#"<path d="M {:.0} {:.0} h 20 v 14 h -20 z" fill="url(#hatch)" stroke="{}" stroke-dasharray="4 3"/>"#,
            x - 10.0,
            y - 7.0,
            p.partition
        ),
        Key::Commit => format!(
            r#"<path d="{}" fill="{}" stroke="{}"/><path d="{}" stroke="{}" stroke-width="2" fill="none"/>"#,
            glyphs::disc((x, y), 7.0),
            p.ok,
            p.fg,
            glyphs::tick((x, y), 7.0),
            p.bg
        ),
        Key::Abort => format!(
            r#"<path d="{}" fill="{}"/><path d="{}" stroke="{}" stroke-width="2" fill="none"/>"#,
            glyphs::square((x, y), 7.0),
            p.fg,
            glyphs::cross((x, y), 3.5),
            p.bg
        ),
        Key::Conflict => format!(
            r#"<path d="{}" fill="none" stroke="{}" stroke-width="3"/>"#,
            glyphs::disc((x, y), 7.0),
            p.fault
        ),
        Key::Diverged => {
            format!(r#"<path d="{}" fill="{}" stroke="{}"/>"#, glyphs::diamond((x, y), 7.0), p.fault, p.fg)
        }
        Key::Density => format!(
            r#"<path d="M {:.0} {:.0} h 4 v 10 h -4 z M {:.0} {:.0} h 4 v 16 h -4 z" fill="{}"/>"#,
            x - 6.0,
            y - 5.0,
            x + 2.0,
            y - 8.0,
            p.event
        ),
        Key::Certificate | Key::Shortfall | Key::Checkpoint | Key::ViewChangeNote => {
            use super::diagram::overlay::NoteKind;
            let kind = NoteKind::ALL.into_iter().find(|&k| Key::of_note(k) == key);
            let (colour, width, dash) = note_border(kind, p);
            format!(
                r#"<rect x="{:.0}" y="{:.0}" width="18" height="12" rx="3" fill="{}" stroke="{colour}" stroke-width="{width}"{dash}/>"#,
                x - 9.0,
                y - 6.0,
                p.bg
            )
        }
        Key::Payload | Key::Values => format!(
            r#"<text x="{:.0}" y="{:.0}" fill="{}" font-size="14" font-family="{LABEL_FONT}" text-anchor="middle">B</text>"#,
            x,
            y + 5.0,
            p.muted
        ),
    };
    out.push_str(&s);
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
        let p = &crate::core::diagram::palette::LIGHT;
        let plain = svg(&t, None, &Options::default()).unwrap();
        let marks = vec![Mark::Selected, Mark::Future, Mark::Concurrent];
        let marked = svg(&t, None, &Options { marks, ..Options::default() }).unwrap();
        let future_fill = format!(r#"fill="{}" stroke="{}""#, p.future, p.fg);
        assert!(!plain.contains(&future_fill) && !plain.contains(r#"stroke-dasharray="3 2""#));
        assert!(marked.contains(&future_fill));
        assert_eq!(marked.matches(r#"stroke-dasharray="3 2""#).count(), 2, "the dot and its legend entry");
        assert!(marked.contains(">its future<") && !plain.contains(">its future<"), "the legend follows");
        let found =
            svg(&t, None, &Options { marks: vec![Mark::Plain, Mark::Found], ..Options::default() }).unwrap();
        assert!(found.contains(">search match<"));
    }

    #[test]
    fn every_event_and_message_is_drawn_and_user_text_is_escaped() {
        let t = parse_trace(TRACE).unwrap();
        let svg = svg(&t, None, &Options::default()).unwrap();
        assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 "#));
        assert_eq!(svg.matches("<circle").count(), 3);
        assert_eq!(
            svg.matches(r#"marker-end="url(#arrow)""#).count(),
            2,
            "m1 arrives (and the legend's arrow)"
        );
        assert_eq!(svg.matches(r#"stroke-dasharray="6 4""#).count(), 1, "m2 is lost");
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/…") && !svg.contains("<script"));
        assert!(svg.contains("B &lt;&amp;&gt;"));
        assert!(svg.contains(">[1,0]<") && svg.contains(">[1,1]<"), "vector labels");
        assert!(!svg.contains("class="), "self-contained: no stylesheet classes");
        assert!(svg.contains("data-legend"), "with its legend");
    }

    #[test]
    fn labels_and_themes_change_the_picture() {
        let t = parse_trace(TRACE).unwrap();
        let draw = |labels, dark| svg(&t, None, &Options { labels, dark, ..Options::default() }).unwrap();
        assert!(draw(Labels::Lamport, false).contains(">2<"));
        let itc = draw(Labels::Itc, false);
        assert!(itc.contains(">((1,0),<") && itc.contains(">(0,1,0))<"), "a stamp on two lines");
        assert!(!draw(Labels::None, false).contains(">[1,0]<"));
        assert!(draw(Labels::None, true).contains(r##"fill="#121212""##));
    }

    #[test]
    fn captions_wrap_at_spaces() {
        assert_eq!(wrap("one two three four", 9), ["one two", "three", "four"]);
        assert_eq!(wrap("", 9), Vec::<String>::new());
    }
}
