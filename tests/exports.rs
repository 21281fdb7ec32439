//! Exports stay well-formed and finite whatever a trace holds: for random
//! text in every field that reaches an SVG (process names, event ids,
//! labels, messages, title, caption, relation, legend), the SVG parses as
//! XML; for random times, huge ones included, no export writes `inf` or
//! `NaN`, and a trace whose times the diagram cannot draw is refused by
//! name when it loads.
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::clocks::VectorClocks;
use lightcone::core::diagram::drawing::{draw, Subject};
use lightcone::core::diagram::legend::{Entry, Key};
use lightcone::core::diagram::overlay::Overlay;
use lightcone::core::diagram::{Shape, ShapeOptions};
use lightcone::core::editor::Document;
use lightcone::core::formats::{parse_trace, parse_trace_with_times, write_trace_to};
use lightcone::core::layout::{Orientation, TIME_RANGE};
use lightcone::core::render::{self, picture, Highlight, Labels, Options, Words};
use lightcone::core::Trace;
use proptest::prelude::*;

/// Characters XML forbids or escapes, terminal controls, and any other.
fn hostile_char() -> impl Strategy<Value = char> {
    let special = [
        '\u{0}', '\u{1}', '\u{8}', '\u{b}', '\u{c}', '\u{1b}', '\u{1f}', '\u{7f}', '\u{85}', '\u{9b}',
        '\u{fffe}', '\u{ffff}', '\u{fffd}', '\u{feff}', '\u{202e}', '\u{2066}', '\u{2028}', '&', '<', '>',
        '"', '\'', '\n', '\r', '\t', '[', ']', ',', ' ', ';', '#', 'x',
    ];
    prop_oneof![3 => proptest::sample::select(special.to_vec()), 1 => any::<char>()]
}

fn hostile_text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(hostile_char(), 0..max).prop_map(|c| c.into_iter().collect())
}

/// A trace with hostile names, ids, labels and message ids: two processes
/// and a message between them, plus a local event; names and ids are
/// made distinct and non-empty by a numbered prefix.
fn hostile_trace() -> impl Strategy<Value = Trace> {
    proptest::collection::vec(hostile_text(12), 6).prop_map(|t| {
        let s = |i: usize, text: &str| serde_json::to_string(&format!("{i}{text}")).unwrap();
        let json = format!(
            r#"{{"processes": [{p0}, {p1}], "events": [
                {{"id": {e0}, "process": {p0}, "kind": "send", "message": {m}, "label": {l}}},
                {{"id": {e1}, "process": {p1}, "kind": "receive", "message": {m}}},
                {{"id": {e2}, "process": {p1}, "kind": "local", "label": {l}}}]}}"#,
            p0 = s(0, &t[0]),
            p1 = s(1, &t[1]),
            e0 = s(2, &t[2]),
            e1 = s(3, &t[3]),
            e2 = s(4, &t[4]),
            m = s(5, &t[5]),
            l = serde_json::to_string(&t[4]).unwrap(),
        );
        parse_trace(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
    })
}

/// The picture with its words, as the page exports it.
fn with_words(trace: &Trace, words: &Words, labels: Labels) -> String {
    let times: Vec<f64> = (0..trace.event_count()).map(|e| e as f64 + 1.0).collect();
    let vectors = VectorClocks::compute(trace).expect("small traces' clocks fit");
    let texts = labels.texts(trace).expect("small traces' labels fit");
    let shape = Shape::new(trace, &times, false, &vectors, &ShapeOptions::default());
    let overlay = Overlay::default();
    let subject = Subject { trace, shape: &shape, texts: &texts, overlay: &overlay, focus: &[] };
    let drawing = draw(&subject, shape.natural(&texts), None);
    picture(&subject, &drawing, &Highlight::default(), words, false).0
}

fn well_formed(svg: &str) -> Result<(), TestCaseError> {
    roxmltree::Document::parse(svg).map(|_| ()).map_err(|e| TestCaseError::fail(format!("{e}")))
}

/// Huge, tiny, special and ordinary times.
fn any_time() -> impl Strategy<Value = f64> {
    prop_oneof![
        proptest::sample::select(vec![
            1e308,
            -1e308,
            f64::MAX,
            f64::MIN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::MIN_POSITIVE,
            1e-300,
            TIME_RANGE,
            -TIME_RANGE,
            TIME_RANGE * 1.0001,
            1e38,
            3.5e38,
            0.0,
        ]),
        -1e12..1e12f64,
        0.0..100.0f64,
        any::<f64>(),
    ]
}

fn no_inf_or_nan(text: &str) -> Result<(), TestCaseError> {
    prop_assert!(!text.contains("inf") && !text.contains("NaN"), "{}", &text[..text.len().min(400)]);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn svg_is_well_formed_xml_whatever_the_text(
        trace in hostile_trace(),
        title in proptest::option::of(hostile_text(30)),
        caption in proptest::option::of(hostile_text(60)),
        relation in proptest::collection::vec(hostile_text(20), 0..3),
        entry in hostile_text(20),
        vertical in any::<bool>(),
    ) {
        for labels in [Labels::None, Labels::Lamport, Labels::Vector, Labels::Itc] {
            let orientation = if vertical { Orientation::Vertical } else { Orientation::Horizontal };
            let options = Options { labels, orientation, ..Options::default() };
            well_formed(&render::svg(&trace, None, &options).expect("small traces' clocks fit"))?;
        }
        let legend = vec![Entry { key: Key::Message, text: entry }];
        let words = Words { title, caption, relation, legend, beside: None };
        let svg = with_words(&trace, &words, Labels::Vector);
        well_formed(&svg)?;
        // Nothing raw for a terminal to act on either.
        let raw = svg.chars().find(|&c| c != '\n' && c != '\t' && lightcone::core::formats::text::is_terminal_control(c));
        prop_assert!(raw.is_none(), "raw {raw:?}");
    }

    #[test]
    fn no_export_writes_inf_or_nan_whatever_the_times(times in proptest::collection::vec(any_time(), 3)) {
        let trace = parse_trace(r#"{"events": [
            {"id": "a1", "process": "A", "kind": "send", "message": "m1"},
            {"id": "b1", "process": "B", "kind": "receive", "message": "m1"},
            {"id": "b2", "process": "B", "kind": "local"}]}"#).unwrap();
        // Drawn directly from the times, whatever they are: the layout clamps.
        for orientation in [Orientation::Horizontal, Orientation::Vertical] {
            let svg = render::svg(&trace, Some(&times), &Options { orientation, ..Options::default() })
                .expect("small traces' clocks fit");
            no_inf_or_nan(&svg)?;
            well_formed(&svg)?;
        }
        // Loading: times past the range are refused by event, others load,
        // save and draw finitely.
        let json = |t: f64| serde_json::to_string(&t).unwrap();
        let text = format!(
            r#"{{"events": [
            {{"id": "a1", "process": "A", "kind": "send", "message": "m1", "time": {}}},
            {{"id": "b1", "process": "B", "kind": "receive", "message": "m1", "time": {}}},
            {{"id": "b2", "process": "B", "kind": "local", "time": {}}}]}}"#,
            json(times[0]), json(times[1]), json(times[2])
        );
        // (serde_json writes a non-finite number as null: no time at all.)
        match parse_trace_with_times(&text) {
            Ok((t, given)) => {
                let drawable = times.iter().filter(|t| t.is_finite()).all(|t| t.abs() <= TIME_RANGE);
                prop_assert!(drawable, "{times:?} loaded");
                let Some(given) = given.into_iter().collect::<Option<Vec<f64>>>() else { return Ok(()) };
                let mut saved = Vec::new();
                write_trace_to(&t, Some(&given), &mut saved).unwrap();
                no_inf_or_nan(&String::from_utf8(saved).unwrap())?;
                no_inf_or_nan(&render::svg(&t, Some(&given), &Options::default()).expect("small traces' clocks fit"))?;
                if let Ok(doc) = Document::parse(&text) {
                    let placed = doc.place().unwrap();
                    no_inf_or_nan(&doc.to_json(&placed))?;
                }
            }
            Err(e) => {
                let e = e.to_string();
                prop_assert!(times.iter().any(|t| t.abs() > TIME_RANGE), "{times:?} refused: {e}");
                prop_assert!(e.contains("is out of range (times lie between -1e9 and 1e9)"), "{e}");
            }
        }
    }
}

#[test]
fn a_time_past_the_range_is_refused_naming_its_event() {
    let text = r#"{"events": [{"id": "a1", "process": "A", "kind": "local", "time": 0},
        {"id": "a2", "process": "A", "kind": "local", "time": -1e308}]}"#;
    assert_eq!(
        parse_trace_with_times(text).unwrap_err().to_string(),
        "event \"a2\" (events[1]): \"time\" -1e308 is out of range (times lie between -1e9 and 1e9)"
    );
}

#[test]
fn xml_forbidden_characters_become_the_replacement_character() {
    assert_eq!(render::escape("a\u{1}b\u{fffe}c\u{ffff}\u{0}"), "a\u{fffd}b\u{fffd}c\u{fffd}\u{fffd}");
    assert_eq!(render::escape("\u{9b}\u{7f}\u{202e}\r"), "&#x9B;&#x7F;&#x202E;&#xD;");
    assert_eq!(render::escape("tab\tline\n<&>\"'"), "tab\tline\n&lt;&amp;&gt;&quot;&#39;");
}
