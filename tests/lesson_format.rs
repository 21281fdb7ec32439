//! The lesson format: every shipped lesson round-trips through its own
//! writer; hostile text stays text; the format's shape rules refuse by
//! place; and predictions' answers and tasks' conditions agree with
//! brute-force happened-before on random traces.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{reachability, strategy};
use lightcone::core::clocks::LamportRule;
use lightcone::core::lesson::answer::{expected, mark, Expected, Given};
use lightcone::core::lesson::markup::{plain, spans, Span};
use lightcone::core::lesson::{Condition, Lesson, Subject};
use lightcone::core::Analysis;
use proptest::prelude::*;
use serde_json::json;

#[test]
fn every_shipped_lesson_round_trips_through_its_writer() {
    for (name, text) in lightcone::core::library::LESSONS {
        let lesson = Lesson::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let again = Lesson::parse(&lesson.to_json()).unwrap_or_else(|e| panic!("{name} again: {e}"));
        assert_eq!(again, lesson, "{name}");
        // The file as written and as read hold the same JSON.
        let file = numbers_as_floats(serde_json::from_str(text).unwrap());
        let written = numbers_as_floats(serde_json::from_str(&lesson.to_json()).unwrap());
        assert_eq!(written, file, "{name}: the writer drops or adds nothing");
        assert!(Lesson::is_lesson(text), "{name}");
    }
}

/// `v` with every number as a float (a time written `7` reads back `7.0`).
fn numbers_as_floats(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => json!(n.as_f64().unwrap()),
        Value::Array(a) => Value::Array(a.into_iter().map(numbers_as_floats).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, numbers_as_floats(v))).collect()),
        other => other,
    }
}

#[test]
fn hostile_text_stays_text() {
    let hostile = "<img src=x onerror=alert(1)> *<b>bold</b>* `</code><script>`";
    let lesson = json!({"format": "lightcone-lesson/1", "title": "<script>alert(1)</script>", "abstract": "&amp;",
        "steps": [{"diagram": {"preset": "lamport-concurrency"}, "caption": hostile}]});
    let lesson = Lesson::parse(&lesson.to_string()).unwrap();
    assert_eq!(lesson.title, "<script>alert(1)</script>");
    assert_eq!(lesson.summary, "&amp;", "entities are not decoded either");
    assert_eq!(
        spans(&lesson.steps[0].caption),
        vec![
            Span::Text("<img src=x onerror=alert(1)> ".into()),
            Span::Emphasis("<b>bold</b>".into()),
            Span::Text(" ".into()),
            Span::Code("</code><script>".into()),
        ]
    );
    assert_eq!(plain(hostile), "<img src=x onerror=alert(1)> <b>bold</b> </code><script>");
}

fn refused(v: serde_json::Value) -> String {
    Lesson::parse(&v.to_string()).expect_err("refused")
}

fn one_step(step: serde_json::Value) -> serde_json::Value {
    json!({"format": "lightcone-lesson/1", "title": "t", "abstract": "a", "steps": [step]})
}

#[test]
fn the_shape_is_refused_by_place() {
    let d = json!({"preset": "lamport-concurrency"});
    assert!(refused(json!({"format": "lightcone-lesson/2", "title": "t", "abstract": "a", "steps": []}))
        .starts_with("format: this file's format is \"lightcone-lesson/2\""));
    assert_eq!(
        refused(json!({"format": "lightcone-lesson/1", "title": "t", "abstract": "a", "steps": []})),
        "steps: a lesson needs at least one step"
    );
    assert_eq!(
        refused(one_step(json!({"caption": "c"}))),
        "steps[0].diagram: the first step must name its diagram"
    );
    let two = one_step(json!({"diagram": d, "caption": "c", "prediction":
        {"question": "q", "why": "w", "lamport": "a1", "vector": "a1"}}));
    assert_eq!(
        refused(two),
        "steps[0].prediction: 2 answers; give exactly one of events, lamport, vector, choose"
    );
    let choice = one_step(json!({"diagram": d, "caption": "c", "prediction":
        {"question": "q", "why": "w", "choose": {"options": ["a", "b"], "answer": 2}}}));
    assert!(refused(choice).starts_with("steps[0].prediction.choose: 2 options with answer 2"));
    let both = one_step(json!({"diagram": d, "caption": "c",
        "prediction": {"question": "q", "why": "w", "lamport": "a1"},
        "task": {"do": "x", "hint": "h", "check": {"crashed": "C"}}}));
    assert_eq!(refused(both), "steps[0].task: a step has a prediction or a task, not both");
    assert!(refused(one_step(json!({"diagram": d, "caption": "c", "lab": "nope"})))
        .starts_with("steps[0].lab: \"nope\" is not one of"));
    let many: Vec<_> = (0..201).map(|_| json!({"diagram": d, "caption": "c"})).collect();
    assert_eq!(
        refused(json!({"format": "lightcone-lesson/1", "title": "t", "abstract": "a", "steps": many})),
        "steps: 201 steps; a lesson has at most 200"
    );
    let long = "x".repeat(4001);
    assert_eq!(
        refused(one_step(json!({"diagram": d, "caption": long}))),
        "steps[0].caption: longer than 4000 characters"
    );
    let typo = refused(one_step(json!({"diagram": d, "captoin": "c"})));
    assert!(typo.starts_with("line 1, column ") && typo.contains("unknown field `captoin`"), "{typo}");
    // A byte order mark is fine, as everywhere else.
    let bom = format!("\u{feff}{}", one_step(json!({"diagram": d, "caption": "c"})));
    assert!(Lesson::parse(&bom).is_ok() && Lesson::is_lesson(&bom));
    assert!(!Lesson::is_lesson(r#"{"format": "lightcone/1", "events": []}"#));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A prediction's computed answers are the brute-force past, future
    /// and concurrent events; relation conditions say what reachability
    /// says; a student who picks exactly the answer is right, and one who
    /// misses one event is told which.
    #[test]
    fn answers_and_conditions_agree_with_reachability(t in strategy::trace(4, 24, 1), pick in any::<prop::sample::Index>()) {
        prop_assume!(t.event_count() > 1);
        let analysis = Analysis::run(&t, &LamportRule::classic()).unwrap();
        let s = Subject { trace: &t, analysis: &analysis, document: None, run: None, cut: None };
        let reach = reachability(&t);
        let e = pick.index(t.event_count());
        let id = t.event_id(e as u32).to_string();
        for (key, want) in [
            ("concurrent_with", (0..t.event_count()).filter(|&x| x != e && !reach[x][e] && !reach[e][x]).collect::<Vec<_>>()),
            ("before", (0..t.event_count()).filter(|&x| reach[x][e]).collect()),
            ("after", (0..t.event_count()).filter(|&x| reach[e][x]).collect()),
        ] {
            let p: lightcone::core::lesson::Prediction =
                serde_json::from_value(json!({"question": "q", "why": "w", "events": {key: id}})).unwrap();
            let got = expected(&p, &s).unwrap();
            let want_idx: Vec<u32> = want.iter().map(|&x| x as u32).collect();
            prop_assert_eq!(&got, &Expected::Events(want_idx.clone()), "{}", key);
            let all = mark(&got, &Given::Events(want_idx.iter().copied().collect()), &t, &[]);
            prop_assert!(all.right);
            if let Some(&first) = want_idx.first() {
                let short = mark(&got, &Given::Events(want_idx[1..].iter().copied().collect()), &t, &[]);
                prop_assert!(!short.right);
                prop_assert_eq!(short.missed, vec![first]);
            }
        }
        let other = (e + 1) % t.event_count();
        let word = if reach[e][other] { "before" } else if reach[other][e] { "after" } else { "concurrent" };
        for is in ["before", "after", "concurrent"] {
            let c: Condition = serde_json::from_value(json!({"relation": {"a": id, "b": t.event_id(other as u32), "is": is}})).unwrap();
            prop_assert_eq!(c.holds(&s).unwrap(), is == word);
        }
    }
}
