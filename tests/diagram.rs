//! The one diagram every lab draws through (src/core/diagram): on random
//! traces and on every preset and scenario, no two label boxes overlap, no
//! label covers a dot or an arrowhead, text is never below 14 px, and a
//! hidden label really had no free slot (the placement is greedy-maximal,
//! checked by brute force). Also the fold, axis and hidden-host rules.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use lightcone::core::clocks::VectorClocks;
use lightcone::core::diagram::drawing::{draw, relabel, Drawing, Subject};
use lightcone::core::diagram::geometry::Rect;
use lightcone::core::diagram::labels::{place, slots, Owner, Request};
use lightcone::core::diagram::overlay::Overlay;
use lightcone::core::diagram::texts::Texts;
use lightcone::core::diagram::{Scale, Shape, ShapeOptions};
use lightcone::core::editor::{Document, Placed};
use lightcone::core::layout::{depth_times, Orientation};
use lightcone::core::render::Labels;
use lightcone::core::sim::scenario::Scenario;
use lightcone::core::{Causality, EventKind, Trace};
use proptest::prelude::*;

/// The canvas a 1280×720 page gives the diagram (measured in Chromium:
/// the page minus the toolbar, the side panel, the title, legend and
/// playback bar).
const PAGE_1280: (f32, f32) = (908.0, 520.0);

/// The boxes no label may cover: every drawn dot and arrowhead.
fn marks(trace: &Trace, shape: &Shape, d: &Drawing) -> Vec<Rect> {
    let st = shape.style;
    let dots = (0..trace.event_count() as u32)
        .filter(|&e| shape.drawn(trace, e))
        .filter_map(|e| d.layout.shown(e))
        .map(|c| Rect::around(c, st.dot));
    let heads = d.arrows.iter().flatten().map(|a| {
        let back = lightcone::core::diagram::geometry::short_of(a.from, a.tip, st.arrowhead() * 0.5);
        Rect::around(back, st.arrowhead() * 0.4)
    });
    dots.chain(heads).collect()
}

/// No two labels overlap, none covers a mark, each is at least 14 px.
fn assert_clean(trace: &Trace, shape: &Shape, d: &Drawing) {
    let labels = &d.labels.labels;
    let marks = marks(trace, shape, d);
    for (i, a) in labels.iter().enumerate() {
        assert!(a.rect.is_finite(), "{a:?}");
        assert!(a.size >= 14.0, "{a:?}");
        for b in &labels[i + 1..] {
            assert!(
                !a.rect.overlaps(&b.rect),
                "labels overlap: {:?} {:?} / {:?} {:?}",
                a.lines,
                a.rect,
                b.lines,
                b.rect
            );
        }
        for m in &marks {
            assert!(!a.rect.overlaps(m), "{:?} at {:?} covers a mark at {m:?}", a.lines, a.rect);
        }
    }
}

fn shape_of(trace: &Trace, times: &[f64], texts: &Texts, options: ShapeOptions) -> Shape {
    let clock_lines = texts.clock.iter().flatten().map(Vec::len).max().unwrap_or(0);
    let widest_label = texts.widest_clock().max(texts.widest_action());
    let options = ShapeOptions { clock_lines, widest_label, ..options };
    Shape::new(trace, times, false, &VectorClocks::compute(trace).unwrap(), &options)
}

fn drawn(trace: &Trace, shape: &Shape, texts: &Texts, overlay: &Overlay, scale: Scale) -> Drawing {
    draw(&Subject { trace, shape, texts, overlay, focus: &[] }, scale, None)
}

fn labels_of(i: u8) -> Labels {
    [Labels::None, Labels::Lamport, Labels::Vector, Labels::Itc][i as usize % 4]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    #[test]
    fn labels_never_overlap_each_other_or_a_mark(
        trace in common::strategy::trace(5, 40, 1),
        labels in 0u8..4,
        vertical in any::<bool>(),
        present in any::<bool>(),
        time in 8f32..160.0,
        lane in 34f32..130.0,
    ) {
        let times = depth_times(&trace);
        let texts = labels_of(labels).texts(&trace).unwrap();
        let orientation = if vertical { Orientation::Vertical } else { Orientation::Horizontal };
        let shape = shape_of(&trace, &times, &texts, ShapeOptions { orientation, present, ..Default::default() });
        let d = drawn(&trace, &shape, &texts, &Overlay::default(), Scale { time, lane });
        assert_clean(&trace, &shape, &d);
    }

    #[test]
    fn a_selection_places_its_labels_as_a_full_placement_and_moves_only_those_they_cover(
        trace in common::strategy::trace(4, 40, 1),
        labels in 1u8..4,
        time in 8f32..60.0,
        pick in any::<prop::sample::Index>(),
    ) {
        let times = depth_times(&trace);
        let texts = labels_of(labels).texts(&trace).unwrap();
        let shape = shape_of(&trace, &times, &texts, ShapeOptions::default());
        let overlay = Overlay::default();
        let scale = Scale { time, lane: 40.0 };
        let base = drawn(&trace, &shape, &texts, &overlay, scale);
        let e = pick.index(trace.event_count().max(1)) as u32;
        let focus = [e];
        let subject = Subject { trace: &trace, shape: &shape, texts: &texts, overlay: &overlay, focus: &focus };
        let moved = relabel(&subject, &base, None);
        let full = draw(&subject, scale, None);
        assert_clean(&trace, &shape, &moved);
        // The selected event's labels are where a full placement puts them.
        let own = |d: &Drawing| -> Vec<(Owner, Rect)> {
            d.labels.labels.iter().filter(|l| l.owner == Owner::Event(e)).map(|l| (l.owner, l.rect)).collect()
        };
        prop_assert_eq!(own(&moved), own(&full));
        // Every other label kept its place, or the selected event's labels cover that place.
        let covered = |r: &Rect| own(&moved).iter().any(|(_, o)| o.grown(1.0).overlaps(&r.grown(1.0)));
        for l in moved.labels.labels.iter().filter(|l| l.owner != Owner::Event(e)) {
            if let Some(b) = base.labels.labels.iter().find(|b| (b.owner, b.kind) == (l.owner, l.kind)) {
                prop_assert!(b.rect == l.rect || covered(&b.rect),
                    "{:?} moved from {:?} to {:?} though nothing covers it", l.lines, b.rect, l.rect);
            }
        }
        prop_assert_eq!(moved.labels.labels.len() + moved.labels.hidden, base.labels.labels.len() + base.labels.hidden);
    }

    #[test]
    fn a_hidden_label_had_no_free_slot(
        trace in common::strategy::trace(4, 30, 0),
        time in 10f32..80.0,
    ) {
        // Brute force: replay the placement's own order and check that each
        // request it dropped collides in every one of its slots.
        let times = depth_times(&trace);
        let texts = Labels::Vector.texts(&trace).unwrap();
        let shape = shape_of(&trace, &times, &texts, ShapeOptions::default());
        let d = drawn(&trace, &shape, &texts, &Overlay::default(), Scale { time, lane: 60.0 });
        let st = shape.style;
        let requests: Vec<Request> = (0..trace.event_count() as u32).map(|e| Request {
            owner: Owner::Event(e),
            kind: lightcone::core::diagram::labels::Kind::Clock,
            lines: texts.clock[e as usize].clone().unwrap(),
            anchor: d.layout.at(e),
            slots: slots(lightcone::core::diagram::labels::Kind::Clock, Orientation::Horizontal),
            focus: false,
        }).collect();
        let dots: Vec<Rect> = (0..trace.event_count() as u32).map(|e| Rect::around(d.layout.at(e), st.dot + 1.0)).collect();
        let p = place(&requests, &dots, None, &st, st.name);
        prop_assert_eq!(p.labels.len() + p.hidden, requests.len());
        let placed: Vec<Owner> = p.labels.iter().map(|l| l.owner).collect();
        for r in requests.iter().filter(|r| !placed.contains(&r.owner)) {
            for &slot in &r.slots {
                let alone = place(std::slice::from_ref(&Request { slots: vec![slot], ..r.clone() }), &[], None, &st, st.name);
                let b = alone.labels[0].rect;
                let blocked = dots.iter().any(|o| o.overlaps(&b.grown(1.0)))
                    || p.labels.iter().any(|l| l.rect.grown(1.0).overlaps(&b.grown(1.0)));
                prop_assert!(blocked, "{:?} was hidden though {:?} is free", r.lines, slot);
            }
        }
    }

    #[test]
    fn collapsed_runs_hide_nothing_another_line_hears_of(trace in common::strategy::trace(4, 50, 1)) {
        let times = depth_times(&trace);
        let texts = Texts::plain(&trace);
        let shape = shape_of(&trace, &times, &texts, ShapeOptions { collapse: true, ..Default::default() });
        for e in 0..trace.event_count() as u32 {
            if shape.folds.is_hidden(e) {
                // Only local events and sends nobody receives are folded away.
                match trace.kind(e) {
                    EventKind::Local => {}
                    EventKind::Send => prop_assert!(trace.sent_by(e).iter().all(|&m| trace.receive_of(m).is_none())),
                    other => prop_assert!(false, "a {other:?} event was folded"),
                }
            }
        }
        // Re-ranked depths keep every message pointing forwards.
        let depth = shape.folds.depth_times(&trace);
        for m in 0..trace.message_count() as u32 {
            if let Some(r) = trace.receive_of(m) {
                prop_assert!(depth[trace.send_of(m) as usize] < depth[r as usize]);
            }
        }
    }

    #[test]
    fn edges_through_hidden_lines_are_happened_before(
        trace in common::strategy::trace(5, 50, 0),
        hide in proptest::collection::vec(any::<bool>(), 5),
    ) {
        let v = VectorClocks::compute(&trace).unwrap();
        let hidden: Vec<bool> = (0..trace.process_count()).map(|p| hide[p % 5]).collect();
        let c = Causality::new(&trace, &v);
        for (a, b) in lightcone::core::diagram::hosts::through_hidden(&trace, &v, &hidden) {
            prop_assert!(c.happened_before(a, b));
            prop_assert!(!hidden[trace.process_of(a) as usize] && !hidden[trace.process_of(b) as usize]);
        }
    }
}

/// Every preset, with the labels its lab shows.
fn presets() -> Vec<(String, Document)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/presets");
    let mut all: Vec<(String, Document)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|f| f.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                Document::parse(&std::fs::read_to_string(&p).unwrap()).unwrap(),
            )
        })
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

fn labels_for(name: &str) -> Labels {
    if name.starts_with("itc") {
        Labels::Itc
    } else if name.starts_with("crdt") {
        Labels::None
    } else {
        Labels::Vector
    }
}

#[test]
fn presets_draw_clean_on_a_1280_page_and_whole_in_an_export() {
    for (name, doc) in presets() {
        let placed = doc.place().unwrap();
        let t = &placed.trace;
        let texts = labels_for(&name).texts(t).unwrap();
        for orientation in [Orientation::Horizontal, Orientation::Vertical] {
            let shape =
                shape_of(t, &placed.times, &texts, ShapeOptions { orientation, ..Default::default() });
            let page = drawn(t, &shape, &texts, &Overlay::default(), shape.fit(PAGE_1280));
            assert_clean(t, &shape, &page);
            let export = drawn(t, &shape, &texts, &Overlay::default(), shape.natural(&texts));
            assert_clean(t, &shape, &export);
            assert_eq!(export.labels.hidden, 0, "{name} {orientation:?}: an export shows every label");
        }
        // Every process name, clock and event id is drawn at 1280×720, but
        // on the churn preset's fourteen short-lived lines (34 px apart:
        // there the stated rule thins them, and says how many).
        let shape = shape_of(t, &placed.times, &texts, ShapeOptions::default());
        let page = drawn(t, &shape, &texts, &Overlay::default(), shape.fit(PAGE_1280));
        let kinds = |k| page.labels.labels.iter().filter(|l| l.kind == k).count();
        use lightcone::core::diagram::labels::Kind;
        if name == "itc-churn.json" {
            assert!(page.labels.hidden > 0 && page.hidden_note().is_some());
            assert_eq!(kinds(Kind::Process), t.process_count(), "{name}: every name, even here");
            continue;
        }
        assert_eq!(kinds(Kind::Process), t.process_count(), "{name}");
        let clocks = texts.clock.iter().flatten().count();
        assert_eq!(kinds(Kind::Clock), clocks, "{name}: every clock label at 1280x720");
        assert_eq!(kinds(Kind::Id), t.event_count(), "{name}: every event id at 1280x720");
    }
}

#[test]
fn scenarios_draw_clean_with_their_lab_marks_and_fit_a_1280_page() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/scenarios");
    for file in std::fs::read_dir(dir).unwrap().map(|f| f.unwrap().path()) {
        let s = Scenario::parse(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let o = lightcone::core::sim::outcome::run(&s);
        let placed = Document::from_trace(&o.trace, &o.times).place().unwrap();
        let t = &placed.trace;
        let overlay = lightcone::core::sim::marks::overlay(&s, &o, t, &["uncertain"]);
        let texts = Labels::None.texts(t).unwrap();
        let options =
            ShapeOptions { collapse: true, compress: true, until: Some(s.until), ..Default::default() };
        let shape = shape_of(t, &placed.times, &texts, options);
        let scale = shape.fit(PAGE_1280);
        let d = drawn(t, &shape, &texts, &overlay, scale);
        assert_clean(t, &shape, &d);
        // The whole run fits: the idle stretches are compressed and the
        // repeated timeouts collapsed, not squeezed. (A token bank's run is
        // a long stream of transfers, and a replica group's (VR or PBFT) a
        // stream of heartbeats and PREPAREs, drawn with the overview strip as a long
        // log is: it need not fit one page, nor keep its closest events a
        // dot apart at the scale that would.)
        let bank = s.protocol.bank().is_some() || s.protocol.vr().is_some() || s.protocol.pbft().is_some();
        assert!(bank || d.layout.width <= PAGE_1280.0 + 1.0, "{file:?}: {} wide", d.layout.width);
        // Events a hundredth apart (a receive and the send it causes) are
        // spread LEAST apart on the axis: at this scale, a dot's width.
        let least = lightcone::core::diagram::axis::LEAST as f32 * scale.time;
        assert!(bank || least >= 2.0 * shape.style.dot - 2.0, "{file:?}: {} px per unit", scale.time);
        for m in d.marks.obstacles(&shape.style) {
            for l in &d.labels.labels {
                assert!(!l.rect.overlaps(&m), "{file:?}: {:?} covers a lab mark", l.lines);
            }
        }
    }
}

/// The preset whose primary crashes: its scenario, run, placed trace and
/// the run's marks.
fn primary_crash() -> (Scenario, lightcone::core::sim::outcome::Outcome, Placed, Overlay) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/scenarios/vr-primary-crash.json");
    let s = Scenario::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
    let o = lightcone::core::sim::outcome::run(&s);
    let placed = Document::from_trace(&o.trace, &o.times).place().unwrap();
    let overlay = lightcone::core::sim::marks::overlay(&s, &o, &placed.trace, &["uncertain"]);
    (s, o, placed, overlay)
}

#[test]
fn a_view_change_draws_each_view_as_a_band_with_its_primary() {
    let (s, o, placed, overlay) = primary_crash();
    let t = &placed.trace;
    let views: Vec<(u64, &str)> = overlay.views.iter().map(|v| (v.number, v.label.as_str())).collect();
    assert_eq!(views, [(0, "view 0 · primary R1"), (1, "view 1 · primary R2")]);
    // View 1 starts when R2 sends STARTVIEW, after R1 crashed at 5.5.
    let start = o.record.messages.iter().find(|m| m.label == "STARTVIEW").unwrap().sent;
    assert!(start > 5.5 && overlay.views[1].from == start && overlay.views[0].until == Some(start));
    let texts = Labels::None.texts(t).unwrap();
    let options = ShapeOptions { collapse: true, compress: true, until: Some(s.until), ..Default::default() };
    let shape = shape_of(t, &placed.times, &texts, options);
    let d = drawn(t, &shape, &texts, &overlay, shape.fit(PAGE_1280));
    assert_clean(t, &shape, &d);
    let (r1, r2) = (t.process_by_name("R1").unwrap(), t.process_by_name("R2").unwrap());
    let primaries: Vec<u32> = d.marks.primaries.iter().map(|p| p.0).collect();
    assert_eq!(primaries, [r1, r2]);
    // R1's band ends, and R2's begins, where view 1 starts.
    let x = d.layout.along(start);
    assert!((d.marks.primaries[0].1.x1 - x).abs() < 0.5 && (d.marks.primaries[1].1.x0 - x).abs() < 0.5);
    // Each band spans every line.
    for (_, band, _) in &d.marks.views {
        for p in d.layout.shown_processes() {
            let lane = d.layout.lane(p).unwrap();
            assert!(band.y0 < lane && lane < band.y1);
        }
    }
    let label = d.labels.labels.iter().find(|l| l.owner == Owner::View(1)).expect("view 1 is labelled");
    assert_eq!(label.lines, ["view 1 · primary R2"]);
    assert!(label.rect.x0 >= x, "from where the view starts");
}

#[test]
fn a_view_change_marks_its_stretches_and_each_log_sits_past_the_lines() {
    use lightcone::core::diagram::logs::{column, room};
    use lightcone::core::diagram::metrics::Style;
    let (s, o, placed, overlay) = primary_crash();
    let t = &placed.trace;
    // The backups R2 and R3 each spend a stretch in view-change, from
    // their timeout until STARTVIEW; R1 never (it crashed while normal).
    let (r1, r2, r3) = (
        t.process_by_name("R1").unwrap(),
        t.process_by_name("R2").unwrap(),
        t.process_by_name("R3").unwrap(),
    );
    let start = o.record.messages.iter().find(|m| m.label == "STARTVIEW").unwrap().sent;
    let changing: Vec<u32> = overlay.statuses.iter().map(|st| st.interval.process).collect();
    assert_eq!(changing, [r2, r3], "{:?}", overlay.statuses);
    for st in &overlay.statuses {
        assert_eq!(st.word, "view-change");
        let until = st.interval.until.expect("back to normal");
        assert!(st.interval.from > 5.5 && st.interval.from <= start && until >= start, "{st:?}");
    }
    assert!(!changing.contains(&r1));
    let tail = room(&Style::NORMAL, Orientation::Horizontal);
    let texts = Labels::None.texts(t).unwrap();
    let options =
        ShapeOptions { collapse: true, compress: true, until: Some(s.until), tail, ..Default::default() };
    let shape = shape_of(t, &placed.times, &texts, options);
    let d = drawn(t, &shape, &texts, &overlay, shape.fit(PAGE_1280));
    assert_clean(t, &shape, &d);
    // Each stretch is a band along its own line, and named.
    for &(k, band, _) in &d.marks.statuses {
        let lane = d.layout.lane(overlay.statuses[k].interval.process).unwrap();
        assert!(band.y0 < lane && lane < band.y1);
    }
    let named = d.labels.labels.iter().filter(|l| matches!(l.owner, Owner::Status(_))).count();
    assert!(named >= 1, "at least one view-change stretch is named");
    // The lines leave room for the logs: the column past their end fits
    // inside the layout, at the fit scale.
    let logs = lightcone::core::sim::marks::logs(&o, t, t.event_count());
    let c = column(&logs, &d.layout, &shape.style, d.layout.line_span.1 + 8.0, "logs at the end".into());
    assert!(c.rect.x1 <= d.layout.width + 0.5, "{} > {}", c.rect.x1, d.layout.width);
    for row in &c.rows {
        let lane = d.layout.lane(row.process).unwrap();
        assert!(row
            .cells
            .iter()
            .all(|cell| cell.rect.y0 < lane && lane < cell.rect.y1 && cell.rect.x0 > d.layout.line_span.1));
    }
}

#[test]
fn the_page_and_the_export_place_labels_by_the_same_rule() {
    // The export (render) and the page draw from one drawing: the same
    // label boxes at the same scale.
    let (_, doc) = presets().into_iter().find(|(n, _)| n == "four-servers-async.json").unwrap();
    let placed = doc.place().unwrap();
    let texts = Labels::Vector.texts(&placed.trace).unwrap();
    let shape = shape_of(&placed.trace, &placed.times, &texts, ShapeOptions::default());
    let scale = shape.natural(&texts);
    let d = drawn(&placed.trace, &shape, &texts, &Overlay::default(), scale);
    let svg = lightcone::core::render::svg(
        &placed.trace,
        Some(&placed.times),
        &lightcone::core::render::Options::default(),
    )
    .unwrap();
    for l in &d.labels.labels {
        let at = format!(r#"x="{:.0}" y="{:.0}""#, l.at.0, l.at.1);
        assert!(svg.contains(&at), "the export draws {:?} at {at}", l.lines);
    }
}

#[test]
fn label_placement_is_quick_on_ten_thousand_events() {
    let trace = lightcone::core::generate::random_trace(&lightcone::core::generate::Settings {
        processes: 8,
        events: 10_000,
        message_probability: 0.4,
        loss_probability: 0.05,
        seed: 3,
    })
    .unwrap();
    let times = depth_times(&trace);
    let texts = Labels::Vector.texts(&trace).unwrap();
    let shape = shape_of(&trace, &times, &texts, ShapeOptions::default());
    let start = std::time::Instant::now();
    let d = drawn(&trace, &shape, &texts, &Overlay::default(), Scale { time: 40.0, lane: 90.0 });
    let took = start.elapsed();
    assert!(d.labels.labels.len() > 1_000);
    // Generous for a debug build on a loaded machine; `make bench` times
    // the release build.
    assert!(took.as_secs_f64() < 5.0, "{took:?}");
}

/// The custom properties a `:root` block of the stylesheet sets.
fn css_colours(block: &str) -> std::collections::HashMap<String, String> {
    block
        .split(';')
        .filter_map(|d| {
            let (k, v) = d.split_once(':')?;
            let k = k.trim().strip_prefix("--")?;
            Some((k.to_string(), v.trim().to_lowercase()))
        })
        .collect()
}

#[test]
fn the_page_stylesheet_carries_the_cores_palette_in_both_themes() {
    use lightcone::core::diagram::palette::{DARK, LIGHT};
    let css = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/style.css"))
        .unwrap();
    let block = |start: &str| {
        let from = css.find(start).unwrap_or_else(|| panic!("{start} in style.css")) + start.len();
        css[from..from + css[from..].find('}').unwrap()].to_string()
    };
    let light = css_colours(&block(":root {"));
    let dark = css_colours(&block(":root[data-theme=\"dark\"] {"));
    let system_dark = css_colours(&block(":root:not([data-theme=\"light\"]) {"));
    for (palette, sheet, which) in
        [(&LIGHT, &light, "light"), (&DARK, &dark, "dark"), (&DARK, &system_dark, "system dark")]
    {
        for (name, colour) in palette.named() {
            assert_eq!(sheet.get(name).map(String::as_str), Some(colour), "--{name} in the {which} theme");
        }
    }
}

/// A PBFT scenario's run drawn at the 1280 page's fit with its marks.
fn pbft_drawn(s: &Scenario) -> (Placed, Overlay, Shape, Drawing) {
    let o = lightcone::core::sim::outcome::run(s);
    let placed = Document::from_trace(&o.trace, &o.times).place().unwrap();
    let t = &placed.trace;
    let overlay = lightcone::core::sim::marks::overlay(s, &o, t, &["uncertain"]);
    let texts = Labels::None.texts(t).unwrap();
    let options = ShapeOptions { collapse: true, compress: true, until: Some(s.until), ..Default::default() };
    let shape = shape_of(t, &placed.times, &texts, options);
    let d = drawn(t, &shape, &texts, &overlay, shape.fit(PAGE_1280));
    (placed, overlay, shape, d)
}

#[test]
fn pbft_notes_are_placed_beside_their_events_without_overlap_or_counted() {
    for name in ["pbft-normal", "pbft-checkpoints", "pbft-view-change", "pbft-equivocating-primary"] {
        let s = Scenario::parse(lightcone::core::library::scenario(name).unwrap()).unwrap();
        let (placed, overlay, shape, d) = pbft_drawn(&s);
        assert_clean(&placed.trace, &shape, &d);
        let notes: Vec<_> = d.labels.labels.iter().filter(|l| matches!(l.owner, Owner::Note(_))).collect();
        assert!(!notes.is_empty(), "{name}: some note is placed");
        // Every note is placed or counted as hidden, none lost silently.
        assert_eq!(notes.len() + d.labels.hidden_notes, overlay.notes.len(), "{name}");
        for l in &notes {
            let Owner::Note(k) = l.owner else { unreachable!() };
            let at = d.layout.at(overlay.notes[k as usize].event);
            // Beside its own event: within a few rows of its dot.
            let near = (l.rect.x0 - at.0)
                .max(at.0 - l.rect.x1)
                .max(0.0)
                .hypot((l.rect.y0 - at.1).max(at.1 - l.rect.y1).max(0.0));
            assert!(
                near <= 3.0 * shape.style.line() + shape.style.dot * 2.0,
                "{name}: {:?} is {near} px off",
                l.lines
            );
            let text: Vec<&str> = l.lines.iter().map(|x| x.trim()).collect();
            assert_eq!(text, overlay.notes[k as usize].lines);
        }
        if d.labels.hidden_notes > 0 {
            assert!(d.hidden_note().unwrap().contains("notes hidden: zoom in") || d.labels.hidden_notes == 1);
        }
    }
}

#[test]
fn many_replicas_drop_notes_by_rank_and_say_so_never_overlapping() {
    // Ten replicas, eight requests: hundreds of notes on a 1280 page.
    let s = Scenario::parse(
        r#"{"protocol": "pbft", "replicas": 10, "clients": 1,
            "workload": {"random": {"ops": 8, "keys": 2, "every": 3, "from": 1}},
            "model": {"links": "reliable", "nodes": "crash-stop", "timing": {"synchronous": {"delay": 1}}},
            "seed": 3, "until": 40}"#,
    )
    .unwrap();
    let (placed, overlay, shape, d) = pbft_drawn(&s);
    assert_clean(&placed.trace, &shape, &d);
    assert!(d.labels.hidden_notes > 0, "not all {} notes fit", overlay.notes.len());
    let note = d.hidden_note().unwrap();
    assert!(note.contains(&format!("{} notes hidden: zoom in", d.labels.hidden_notes)), "{note}");
    // By rank: no placed note ranks below a hidden one that had the same
    // chance (the greedy order is rank first), so the highest-ranked kind
    // present is placed at least once.
    let placed_ranks: Vec<u8> = d
        .labels
        .labels
        .iter()
        .filter_map(
            |l| if let Owner::Note(k) = l.owner { Some(overlay.notes[k as usize].rank) } else { None },
        )
        .collect();
    let best = overlay.notes.iter().map(|n| n.rank).min().unwrap();
    assert!(placed_ranks.contains(&best));
    // Zoomed out to density, no note is drawn and all are counted.
    let far = drawn(
        &placed.trace,
        &shape,
        &Labels::None.texts(&placed.trace).unwrap(),
        &overlay,
        Scale { time: 1.0, lane: 40.0 },
    );
    if far.dense {
        assert!(far.labels.labels.iter().all(|l| !matches!(l.owner, Owner::Note(_))));
        assert_eq!(far.labels.hidden_notes, overlay.notes.len());
    }
}

#[test]
fn a_pbft_view_is_labelled_with_the_o_its_new_view_carried_whatever_room_the_notes_find() {
    // pbft-view-change: R2's NEW-VIEW re-proposes put x 1 and put x 2 at 1
    // and 2 (docs/pbft.md's presets table); the seven-replica equivocation
    // prepared nothing in view 0, so its O is empty.
    for (name, label) in
        [("pbft-view-change", "O: 1 put x 1, 2 put x 2"), ("pbft-equivocation-view-change", "O: empty")]
    {
        let s = Scenario::parse(lightcone::core::library::scenario(name).unwrap()).unwrap();
        let (placed, overlay, shape, d) = pbft_drawn(&s);
        assert_clean(&placed.trace, &shape, &d);
        assert_eq!(overlay.views[0].label, "view 0 · primary R1", "{name}: view 0 has no NEW-VIEW");
        let placed = d.labels.labels.iter().find(|l| l.owner == Owner::View(1));
        let lines = vec!["view 1 · primary R2".to_string(), label.to_string()];
        assert_eq!(placed.map(|l| l.lines.clone()), Some(lines), "{name}: placed at the 1280 fit");
    }
}
