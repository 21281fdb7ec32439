//! The core compiled to WebAssembly and run in headless Chromium
//! (`wasm-pack test --headless --chrome`); the same suite also runs natively
//! under `cargo test`, so both builds must agree.
// Pairs of events read most clearly as index pairs into a reachability matrix.
#![allow(clippy::needless_range_loop)]

mod common;

use common::{edges, play, reachability, Step};
use lightcone::core::clocks::{compare, LamportClocks, LamportRule, Order, ReceiveRule};
use lightcone::core::formats::{parse_trace, write_trace};
use lightcone::core::generate::{random_trace, Settings};
use lightcone::core::{Analysis, Relation, TraceError};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const EXAMPLE: &str = r#"{"processes": ["A", "B"], "events": [{"id": "a1", "process": "A", "kind": "send", "message": "m1"}, {"id": "b1", "process": "B", "kind": "receive", "message": "m1"}, {"id": "b2", "process": "B", "kind": "local", "label": "write x"}]}"#;

#[test]
fn the_minimal_example_gets_its_clocks() {
    let t = parse_trace(EXAMPLE).unwrap();
    let a = Analysis::run(&t, &LamportRule::classic()).unwrap();
    let b2 = t.event_by_id("b2").unwrap();
    assert_eq!(a.lamport.time(b2), 3);
    assert_eq!(a.vectors.of(b2).to_vec(), [1, 2]);
    assert_eq!(t.label(b2), Some("write x"));
    assert_eq!(a.concurrent_pairs, 0);
    let report: serde_json::Value = serde_json::from_str(&a.to_json(&t)).unwrap();
    assert_eq!(report["events"][1]["vector"]["A"], 1);
    assert_eq!(report["total_order"], serde_json::json!(["a1", "b1", "b2"]));
}

#[test]
fn bad_traces_are_refused_with_their_reason() {
    let cyclic = r#"{"processes": ["A", "B"], "events": [
        {"id": "a1", "process": "A", "kind": "receive", "message": "m2"},
        {"id": "a2", "process": "A", "kind": "send", "message": "m1"},
        {"id": "b1", "process": "B", "kind": "receive", "message": "m1"},
        {"id": "b2", "process": "B", "kind": "send", "message": "m2"}]}"#;
    match parse_trace(cyclic) {
        Err(TraceError::CausalCycle { cycle }) => assert_eq!(cycle, "a1 -> a2 -m1-> b1 -> b2 -m2-> a1"),
        other => panic!("expected a cycle, got {other:?}"),
    }
    match parse_trace("{\"events\": [\n  {\"id\": 1}]}") {
        Err(TraceError::Json { line, .. }) => assert_eq!(line, 2),
        other => panic!("expected a JSON error, got {other:?}"),
    }
    let unknown = r#"{"processes": ["A"], "events": [{"id": "x", "process": "Q", "kind": "local"}]}"#;
    assert!(matches!(parse_trace(unknown), Err(TraceError::UnknownProcess { .. })));
}

#[test]
fn vector_clocks_agree_with_reachability_on_generated_traces() {
    for seed in 0..25 {
        let s = Settings {
            processes: 1 + (seed as usize % 5),
            events: 30,
            message_probability: 0.6,
            loss_probability: 0.1,
            seed,
        };
        let t = random_trace(&s).unwrap();
        let a = Analysis::run(&t, &LamportRule::classic()).unwrap();
        let reach = reachability(&t);
        let mut brute_pairs = 0;
        for x in 0..t.event_count() {
            for y in 0..t.event_count() {
                let before = compare(&a.vectors.of(x as u32).to_vec(), &a.vectors.of(y as u32).to_vec())
                    == Order::Before;
                assert_eq!(before, reach[x][y], "seed {seed}");
                if reach[x][y] {
                    assert!(a.lamport.time(x as u32) < a.lamport.time(y as u32));
                }
                brute_pairs += (x < y && !reach[x][y] && !reach[y][x]) as u64;
            }
        }
        assert_eq!(a.concurrent_pairs, brute_pairs, "seed {seed}");
        assert_eq!(parse_trace(&write_trace(&t)).unwrap(), t);
    }
}

#[test]
fn witnesses_and_broadcasts_work_in_both_builds() {
    // P0 broadcasts to P1 and P2; P2 gathers both of P1's and P0's messages.
    let t = play(
        3,
        &[
            Step::Send(0, vec![1, 2]),
            Step::Receive(1, 1),
            Step::Send(1, vec![2]),
            Step::Receive(2, 2),
            Step::Local(0),
        ],
    );
    let a = Analysis::run(&t, &LamportRule::classic()).unwrap();
    let c = a.causality(&t);
    let (first, last) = (t.event_by_id("p0.1").unwrap(), t.event_by_id("p2.1").unwrap());
    assert_eq!(t.received_by(last).len(), 2);
    match c.relation(first, last) {
        Relation::Before(chain) => assert_eq!(chain.len(), 1, "the broadcast reaches p2.1 directly"),
        other => panic!("{other:?}"),
    }
    let local = t.event_by_id("p0.2").unwrap();
    assert!(matches!(c.relation(local, last), Relation::Concurrent(_)));
}

#[test]
fn receive_rule_variants_break_the_clock_condition_where_expected() {
    let t = parse_trace(EXAMPLE).unwrap();
    let max = LamportClocks::compute(&t, &LamportRule { receive: ReceiveRule::Max, steps: vec![] }).unwrap();
    let broken: Vec<(u32, u32)> = max.violations(&t).iter().map(|v| (v.before, v.after)).collect();
    let expected: Vec<(u32, u32)> =
        edges(&t).into_iter().filter(|&(x, y)| max.time(x) >= max.time(y)).collect();
    assert_eq!(broken, expected);
    assert_eq!(broken.len(), 1);
    assert_eq!(max.derivation(&t, 1), "receive of m1: max(0, 1) = 1");
}

#[test]
fn a_hundred_thousand_events_analyse() {
    let s =
        Settings { processes: 16, events: 100_000, message_probability: 0.5, loss_probability: 0.0, seed: 7 };
    let t = random_trace(&s).unwrap();
    let a = Analysis::run(&t, &LamportRule::classic()).unwrap();
    assert_eq!(a.total_order.len(), 100_000);
    assert!(a.violations.is_empty());
}

#[cfg(target_arch = "wasm32")]
#[test]
fn the_javascript_api_matches_the_cli_format() {
    let out = lightcone::wasm_api::analyze_json(EXAMPLE).unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["events"][2]["lamport"], 3);
    assert!(lightcone::wasm_api::analyze_json("{").is_err());
    let bytes = lightcone::wasm_api::analyze_json_bytes(EXAMPLE.as_bytes()).unwrap();
    assert_eq!(String::from_utf8(bytes).unwrap(), out);
}

#[test]
fn derivations_say_how_each_clock_came_about() {
    let t = parse_trace(EXAMPLE).unwrap();
    let a = Analysis::run(&t, &LamportRule::classic()).unwrap();
    let [a1, b1, b2] = ["a1", "b1", "b2"].map(|id| t.event_by_id(id).unwrap());
    assert_eq!(a.lamport.derivation(&t, a1), "send: 0 + 1 = 1");
    assert_eq!(a.lamport.derivation(&t, b1), "receive of m1: max(0, 1) + 1 = 2");
    assert_eq!(a.lamport.derivation(&t, b2), "local event: 2 + 1 = 3");
    use lightcone::core::explain::vector_derivation;
    assert_eq!(vector_derivation(&t, &a.vectors, a1), "first event of A: A = 1, so [1,0]");
    assert_eq!(vector_derivation(&t, &a.vectors, b1), "[1,0] then B + 1 = [1,1]");
    let gather =
        play(3, &[Step::Send(0, vec![2]), Step::Local(2), Step::Send(1, vec![2]), Step::Receive(2, 2)]);
    let g = Analysis::run(&gather, &LamportRule::classic()).unwrap();
    let last = gather.event_by_id("p2.2").unwrap();
    assert_eq!(
        vector_derivation(&gather, &g.vectors, last),
        "max([0,0,1], [1,0,0], [0,1,0]) then P2 + 1 = [1,1,2]"
    );
    assert_eq!(g.lamport.derivation(&gather, last), "receive of m1, m2: max(1, 1, 1) + 1 = 2");
}

#[test]
fn the_editor_core_edits_refuses_and_hit_tests_in_both_builds() {
    use lightcone::core::editor::hit::{hit_test, Hit};
    use lightcone::core::editor::playback::{flight, Flight, Playhead};
    use lightcone::core::editor::{apply, snap, Document, Edit};
    use lightcone::core::layout::{layout, Orientation, Spacing};
    let doc = Document::with_processes(&["A", "B"]);
    let a = apply(&doc, &Edit::AddEvent { process: "A".into(), time: snap::free_slot(&doc, "A", 1.1, None) })
        .unwrap();
    assert_eq!(a.created.as_deref(), Some("a1"));
    let b = apply(&a.document, &Edit::Connect { from: "a1".into(), to: "B".into(), time: 3.0 }).unwrap();
    assert_eq!(b.created.as_deref(), Some("m1"));
    // Moving the receive before the send is refused, with the reason.
    let refused = apply(&b.document, &Edit::MoveEvent { event: "b1".into(), time: 0.5 }).unwrap_err();
    assert_eq!(refused.to_string(), "m1 would arrive (at 0.5) before it is sent (at 1)");
    let placed = &b.placed;
    let l = layout(
        &placed.trace,
        &placed.times,
        &Spacing::for_labels(Orientation::Horizontal, 3),
        Orientation::Horizontal,
    );
    let b1 = placed.trace.event_by_id("b1").unwrap();
    assert_eq!(hit_test(&placed.trace, &l, &placed.times, l.at(b1)), Hit::Event(b1));
    let head = Playhead::START.step(true, 2).advance(&placed.times, 1.0);
    assert_eq!(flight(&placed.trace, &placed.times, &head, 0), Flight::InFlight(0.5));
}

/// Interval tree clocks in both builds: the paper's published example, and
/// ITC order against brute-force reachability on a run that forks and joins.
#[test]
fn interval_tree_clocks_agree_with_happened_before_in_both_builds() {
    use lightcone::core::clocks::itc::Stamp;
    use lightcone::core::clocks::ItcClocks;
    let (a, b) = Stamp::seed().fork();
    assert_eq!((a.to_string(), b.to_string()), ("((1,0),0)".into(), "((0,1),0)".into()));
    let (a, b) = (a.event(), b.event());
    assert_eq!((a.to_string(), b.to_string()), ("((1,0),(0,1,0))".into(), "((0,1),(0,0,1))".into()));
    assert_eq!(a.join(&b).to_string(), "(1,1)");
    let (bytes, bits) = a.encode();
    assert_eq!(Stamp::decode(&bytes, bits).unwrap(), a);

    let steps = [
        Step::Fork(0),
        Step::Send(2, vec![1]),
        Step::Local(0),
        Step::Receive(1, 1),
        Step::Fork(1),
        Step::Join(0, 2),
        Step::Send(3, vec![0, 1]),
        Step::Receive(0, 2),
        Step::Join(1, 3),
        Step::Local(1),
    ];
    let t = play(2, &steps);
    let reach = reachability(&t);
    let itc = ItcClocks::compute(&t).unwrap();
    for x in 0..t.event_count() {
        for y in 0..t.event_count() {
            if x != y {
                assert_eq!(itc.of(x as u32).leq(&itc.of(y as u32)), reach[x][y], "{x} vs {y}");
            }
        }
    }
}

/// The CRDT lab's core in both builds: a state-based and an op-based run of
/// the same gossip, with a duplicated delivery.
#[test]
fn crdt_runs_agree_in_both_builds() {
    use lightcone::core::crdt::{run, Delivery, Scenario, Value};
    let text = r#"{"crdt": "pn-counter", "processes": ["A", "B"], "events": [
        {"id": "a1", "process": "A", "kind": "local", "op": "inc"},
        {"id": "a2", "process": "A", "kind": "send", "messages": ["m1", "m2"]},
        {"id": "b1", "process": "B", "kind": "receive", "message": "m1"},
        {"id": "b2", "process": "B", "kind": "receive", "message": "m2"},
        {"id": "b3", "process": "B", "kind": "local", "op": "dec"}]}"#;
    let s = Scenario::parse(text).unwrap();
    let state = run(&s.trace, s.kind, &s.ops, Delivery::Immediate).unwrap();
    assert_eq!(state.finals, [Value::Counter(1), Value::Counter(0)]);
    let ops = run(&s.trace, s.kind.counterpart().unwrap(), &s.ops, Delivery::Immediate).unwrap();
    assert_eq!(ops.finals, [Value::Counter(1), Value::Counter(1)], "the increment arrived twice");
    assert!(state.payload[0] > ops.payload[0], "a state outweighs one operation");
}

/// The commit lab's simulator and explorer in both builds.
#[test]
fn commit_protocols_simulate_and_explore_alike_in_both_builds() {
    use lightcone::core::sim::explore::{explore, Bounds};
    use lightcone::core::sim::outcome::run;
    use lightcone::core::sim::scenario::Scenario;
    let blocked =
        Scenario::parse(r#"{"protocol": "2pc", "faults": [{"crash": {"node": "C", "at": 1.5}}]}"#).unwrap();
    let out = run(&blocked);
    assert!(out.holds("atomicity") && !out.holds("termination"));
    assert_eq!(out.per_node("blocked"), Some(&[0.0, 33.0, 33.0, 33.0][..]));
    assert_eq!(run(&blocked).to_json(), out.to_json(), "a run replays identically");
    let two = Scenario::parse(r#"{"protocol": "2pc", "participants": 2}"#).unwrap();
    let verdict = explore(&two, &Bounds { depth: 1000, ..Bounds::default() });
    assert_eq!(verdict.states, 198);
    assert!(verdict.violation("atomicity").is_none() && verdict.violation("termination").is_some());
}

/// The ShiViz importer in the browser's engine: JavaScript-syntax
/// expressions, derived messages and named errors, as natively.
#[test]
fn a_shiviz_log_imports_and_exports_alike_in_both_builds() {
    use lightcone::core::formats::shiviz::{import, write_shiviz, Format};
    let log = "[1] A {\"A\":1} ask\n[2] B {\"B\":1, \"A\":1} answer\n[3] B {\"B\":2, \"A\":1} done\n";
    let format =
        Format { regex: r"\[(?<n>\d+)\] (?<host>\w+) (?<clock>{.*}) (?<event>.*)".into(), delimiter: None };
    let x = import(vec![("log".into(), log.into())], &format, 1 << 20).unwrap().remove(0);
    let t = &x.trace;
    assert_eq!(t.message_count(), 1);
    let b1 = t.event_by_id("B:1").unwrap();
    assert_eq!(t.receive_of(0), Some(b1));
    assert_eq!(x.entries[b1 as usize].fields, vec![("n".to_string(), "2".to_string())]);
    assert_eq!(
        write_shiviz(t).unwrap(),
        "A {\"A\":1}\nask\nB {\"B\":1, \"A\":1}\nanswer\nB {\"B\":2, \"A\":1}\ndone\n"
    );
    let bad =
        import(vec![("log".into(), "[1] A {\"A\":2} x\n".into())], &format, 1 << 20).unwrap_err().to_string();
    assert!(bad.starts_with("line 1: the first event of host \"A\""), "{bad}");
}

#[test]
fn lessons_and_quizzes_work_in_both_builds() {
    use lightcone::core::lesson::Lesson;
    use lightcone::core::quiz::{Given, Level, Quiz};
    for (name, text) in lightcone::core::library::LESSONS {
        let lesson = Lesson::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        for i in 0..lesson.steps.len() {
            let loaded =
                lesson.diagram_of(i).diagram.load().unwrap_or_else(|e| panic!("{name} step {i}: {e}"));
            assert!(loaded.trace().event_count() > 0, "{name} step {i}");
        }
        assert_eq!(
            lightcone::core::lesson::check::check(&lesson).map(|r| r.len()),
            Ok(lesson.steps.len()),
            "{name}"
        );
    }
    // The page marks a quiz by its own answers as perfect, and the same
    // seed gives the same quiz, byte for byte.
    let quiz = Quiz::generate(7, Level::Two);
    assert_eq!(quiz.to_json(), Quiz::generate(7, Level::Two).to_json());
    let t = &quiz.trace;
    let reach = reachability(t);
    let chosen = quiz.chosen().expect("a chosen event") as usize;
    let mut given = Given::default();
    for e in 0..t.event_count() {
        let id = t.event_id(e as u32).to_string();
        // Lamport by the classic rule, from the brute-force order: one more
        // than the longest chain of events before it.
        let depth = longest_chain_to(&reach, e);
        given.lamport.insert(id.clone(), depth.to_string());
        let v: Vec<String> = (0..t.process_count() as u32)
            .map(|p| {
                t.process_events(p)
                    .iter()
                    .filter(|&&x| x as usize == e || reach[x as usize][e])
                    .count()
                    .to_string()
            })
            .collect();
        given.vector.insert(id.clone(), format!("[{}]", v.join(",")));
        if e != chosen && !reach[e][chosen] && !reach[chosen][e] {
            given.concurrent.insert(id);
        }
    }
    given.order = quiz.answers.order.clone();
    let marking = quiz.mark(&given);
    assert!(marking.perfect(), "{:?}", marking.overall());
}

/// The number of events on the longest happened-before chain ending at `e`
/// (itself included): its Lamport time under the classic rule.
fn longest_chain_to(reach: &[Vec<bool>], e: usize) -> usize {
    (0..reach.len()).filter(|&x| reach[x][e]).map(|x| longest_chain_to(reach, x)).max().unwrap_or(0) + 1
}
