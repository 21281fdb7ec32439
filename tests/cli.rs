//! The CLI as a user and other tools see it: output shapes, and one clear
//! stderr line (never a panic) for every kind of bad input.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::cli::lightcone;
use std::process::Output;

const EXAMPLE: &str = r#"{"processes": ["A", "B"], "events": [{"id": "a1", "process": "A", "kind": "send", "message": "m1"}, {"id": "b1", "process": "B", "kind": "receive", "message": "m1"}, {"id": "b2", "process": "B", "kind": "local", "label": "write x"}]}"#;

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Runs `analyze -` on `input`, expects failure, returns the one stderr line.
fn rejected(input: &str) -> String {
    let out = lightcone(&["analyze", "-"], input);
    assert!(!out.status.success(), "accepted: {input}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "one line expected: {err}");
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{err}");
    assert!(out.stdout.is_empty());
    err
}

#[test]
fn analyze_prints_clocks_pairs_and_total_order() {
    let out = lightcone(&["analyze", "-"], EXAMPLE);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let events = v["events"].as_array().unwrap();
    let summary: Vec<(String, String, u64, u64, u64)> = events
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_string();
            let n = |p: &str| e["vector"][p].as_u64().unwrap();
            (s("id"), s("process"), e["lamport"].as_u64().unwrap(), n("A"), n("B"))
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("a1".into(), "A".into(), 1, 1, 0),
            ("b1".into(), "B".into(), 2, 1, 1),
            ("b2".into(), "B".into(), 3, 1, 2)
        ]
    );
    assert_eq!(v["concurrent_pairs"], 0);
    assert_eq!(v["total_order"], serde_json::json!(["a1", "b1", "b2"]));
    assert_eq!(v["clock_condition"]["holds"], true);
}

/// A forks C, C does one thing and retires into B. The stamps below were
/// worked out by hand from the paper's definitions (fill before grow, the
/// grow cost rule), not taken from this program.
const FORK_JOIN: &str = r#"{"processes": ["A", "B", "C"], "events": [
    {"id": "a1", "process": "A", "kind": "local"},
    {"id": "a2", "process": "A", "kind": "fork", "child": "C"},
    {"id": "c1", "process": "C", "kind": "local"},
    {"id": "b1", "process": "B", "kind": "join", "from": "C"}]}"#;

#[test]
fn analyze_stamps_every_event_with_its_interval_tree_clock() {
    let out = lightcone(&["analyze", "-"], FORK_JOIN);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let field = |k: &str| -> Vec<String> {
        v["events"].as_array().unwrap().iter().map(|e| e[k].to_string()).collect()
    };
    assert_eq!(field("id"), ["\"a1\"", "\"a2\"", "\"c1\"", "\"b1\""]);
    assert_eq!(
        field("itc"),
        [
            // A and B split the seed; a1 grows A's half.
            "\"((1,0),(0,1,0))\"",
            // The fork records an event (fill cannot, so grow), then halves A's id.
            "\"(((1,0),0),(0,2,0))\"",
            // C's first event grows inside its quarter.
            "\"(((0,1),0),(0,(2,0,1),0))\"",
            // B takes back C's quarter, and fill raises B's own half to 2.
            "\"(((0,1),1),(2,(0,0,1),0))\"",
        ]
    );
    // Vectors have an entry for every process ever created; C starts after a2.
    assert_eq!(v["events"][2]["vector"], serde_json::json!({"A": 2, "B": 0, "C": 1}));
    assert_eq!(v["events"][3]["vector"], serde_json::json!({"A": 2, "B": 1, "C": 1}));
    // Lamport passes the clock along a fork and a join like a message.
    let lamport: Vec<u64> =
        v["events"].as_array().unwrap().iter().map(|e| e["lamport"].as_u64().unwrap()).collect();
    assert_eq!(lamport, [1, 2, 3, 4]);
    assert_eq!(v["concurrent_pairs"], 0, "a1 -> a2 -fork-> c1 -join-> b1 is a chain");
}

#[test]
fn relation_follows_forks_and_joins() {
    let out = lightcone(&["relation", "-", "a1", "b1"], FORK_JOIN);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.starts_with("before\n"), "{text}");
    assert!(text.contains("a2 -fork-> c1  (A forks C)"), "{text}");
    assert!(text.contains("c1 -join-> b1  (B joins C, retiring it)"), "{text}");
}

#[test]
fn analyze_counts_concurrency_and_orders_ties_by_process() {
    let trace = r#"{"processes": ["A", "B"], "events": [
        {"id": "b1", "process": "B", "kind": "local"},
        {"id": "a1", "process": "A", "kind": "local"},
        {"id": "a2", "process": "A", "kind": "local"}]}"#;
    let v: serde_json::Value = serde_json::from_str(&stdout(&lightcone(&["analyze", "-"], trace))).unwrap();
    assert_eq!(v["concurrent_pairs"], 2);
    assert_eq!(v["total_order"], serde_json::json!(["a1", "b1", "a2"]));
}

#[test]
fn analyze_lists_where_a_receive_rule_breaks_the_clock_condition() {
    let out = lightcone(&["analyze", "-", "--receive", "max"], EXAMPLE);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["lamport_rule"]["receive"], "max");
    assert_eq!(v["clock_condition"]["holds"], false);
    assert_eq!(
        v["clock_condition"]["violations"],
        serde_json::json!([{"before": "a1", "after": "b1", "edge": "message", "message": "m1", "lamport": [1, 1]}])
    );
    let out = lightcone(&["analyze", "-", "--step", "A=5", "--step", "B=2"], EXAMPLE);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let times: Vec<u64> =
        v["events"].as_array().unwrap().iter().map(|e| e["lamport"].as_u64().unwrap()).collect();
    assert_eq!(times, [5, 7, 9]);
    assert_eq!(v["clock_condition"]["holds"], true);
}

#[test]
fn relation_prints_the_word_then_the_witness() {
    let out = stdout(&lightcone(&["relation", "-", "a1", "b2"], EXAMPLE));
    assert_eq!(out, "before\na1 -m1-> b1  (message m1 from A to B)\nb1 -> b2  (program order on B)\n");
    let out = stdout(&lightcone(&["relation", "-", "b2", "a1"], EXAMPLE));
    assert!(out.starts_with("after\na1 -m1-> b1"), "{out}");
    let out = stdout(&lightcone(&["relation", "-", "b1", "b1"], EXAMPLE));
    assert!(out.starts_with("same\n"));
    let trace = r#"{"processes": ["A", "B"], "events": [
        {"id": "a1", "process": "A", "kind": "local"},
        {"id": "b1", "process": "B", "kind": "local"}]}"#;
    let out = stdout(&lightcone(&["relation", "-", "a1", "b1"], trace));
    assert_eq!(
        out,
        "concurrent\nV(a1)[A] = 1 > V(b1)[A] = 0: b1 has not seen a1\nV(b1)[B] = 1 > V(a1)[B] = 0: a1 has not seen b1\n"
    );
}

#[test]
fn relation_rejects_an_unknown_event() {
    let out = lightcone(&["relation", "-", "a1", "zz"], EXAMPLE);
    assert!(!out.status.success());
    assert!(String::from_utf8(out.stderr).unwrap().contains("no event has id \"zz\""));
}

#[test]
fn malformed_json_names_line_and_column() {
    let err = rejected("{\"processes\": [\"A\"],\n \"events\": [\n  {\"id\": \"a1\",, }]}");
    assert!(err.contains("line 3, column 15"), "{err}");
}

#[test]
fn wrong_shapes_are_named() {
    assert!(rejected(r#"{"processes": ["A"], "events": [{"id": "a1", "process": "A", "kind": "sned"}]}"#)
        .contains("unknown variant `sned`"));
    assert!(rejected(r#"{"processes": ["A"]}"#).contains("missing field `events`"));
    assert!(rejected(r#"{"events": [{"id": 7, "process": "A", "kind": "local"}]}"#)
        .contains("invalid type: integer"));
    assert!(rejected("").contains("line 1"));
    let deep = "[".repeat(100_000);
    assert!(rejected(&deep).contains("invalid JSON"));
}

#[test]
fn each_invalid_trace_is_named_with_its_event() {
    let cases = [
        (
            r#"{"processes": ["A"], "events": [{"id": "a1", "process": "C", "kind": "local"}]}"#,
            r#"event "a1" (events[0]): unknown process "C""#,
        ),
        (
            r#"{"processes": ["A"], "events": [{"id": "a1", "process": "A", "kind": "local"}, {"id": "a1", "process": "A", "kind": "local"}]}"#,
            r#"event "a1" (events[1]): duplicate id"#,
        ),
        (
            r#"{"processes": ["A"], "events": [{"id": "", "process": "A", "kind": "local"}]}"#,
            "events[0] has an empty id",
        ),
        (
            r#"{"processes": ["A", "B"], "events": [{"id": "b1", "process": "B", "kind": "receive", "message": "m9"}]}"#,
            r#"event "b1" (events[0]): receives message "m9", which no event sends"#,
        ),
        (
            r#"{"processes": ["A", "B"], "events": [{"id": "a1", "process": "A", "kind": "send", "message": "m1"}, {"id": "b1", "process": "B", "kind": "receive", "message": "m1"}, {"id": "b2", "process": "B", "kind": "receive", "message": "m1"}]}"#,
            r#"event "b2" (events[2]): message "m1" is received twice (first by "b1")"#,
        ),
        (
            r#"{"processes": ["A"], "events": [{"id": "a1", "process": "A", "kind": "send", "message": "m1"}, {"id": "a2", "process": "A", "kind": "send", "message": "m1"}]}"#,
            r#"event "a2" (events[1]): message "m1" is sent twice (first by "a1")"#,
        ),
        (
            r#"{"processes": ["A"], "events": [{"id": "a1", "process": "A", "kind": "send"}]}"#,
            "a send event must name the message it sends",
        ),
        (r#"{"processes": ["A", "A"], "events": []}"#, r#"process "A" is declared twice"#),
        (
            r#"{"processes": ["A", "B"], "events": [
            {"id": "a1", "process": "A", "kind": "receive", "message": "m2"},
            {"id": "a2", "process": "A", "kind": "send", "message": "m1"},
            {"id": "b1", "process": "B", "kind": "receive", "message": "m1"},
            {"id": "b2", "process": "B", "kind": "send", "message": "m2"}]}"#,
            "causal cycle: a1 -> a2 -m1-> b1 -> b2 -m2-> a1",
        ),
        (
            r#"{"processes": ["A", "C"], "events": [{"id": "a1", "process": "A", "kind": "fork"}]}"#,
            r#"event "a1" (events[0]): a fork event must name a process in "child""#,
        ),
        (
            r#"{"processes": ["A"], "events": [{"id": "a1", "process": "A", "kind": "fork", "child": "Z"}]}"#,
            r#"event "a1" (events[0]): forks "Z", which is not in "processes""#,
        ),
        (
            r#"{"processes": ["A"], "events": [{"id": "a1", "process": "A", "kind": "join", "from": "A"}]}"#,
            r#"event "a1" (events[0]): joins its own process "A""#,
        ),
        (
            r#"{"processes": ["A", "B", "C"], "events": [{"id": "a1", "process": "A", "kind": "fork", "child": "C"}, {"id": "b1", "process": "B", "kind": "fork", "child": "C"}]}"#,
            r#"event "b1" (events[1]): forks "C", which "a1" already forks"#,
        ),
        (
            r#"{"processes": ["A", "B", "C"], "events": [{"id": "a1", "process": "A", "kind": "join", "from": "C"}, {"id": "b1", "process": "B", "kind": "join", "from": "C"}]}"#,
            r#"event "b1" (events[1]): joins "C", which "a1" already joins"#,
        ),
        (
            r#"{"processes": ["A", "C"], "events": [{"id": "a1", "process": "A", "kind": "local", "child": "C"}]}"#,
            r#"event "a1" (events[0]): only a fork names a "child""#,
        ),
        (
            r#"{"processes": ["A", "C"], "events": [
            {"id": "c1", "process": "C", "kind": "send", "message": "m1"},
            {"id": "a1", "process": "A", "kind": "receive", "message": "m1"},
            {"id": "a2", "process": "A", "kind": "fork", "child": "C"}]}"#,
            "causal cycle: c1 -m1-> a1 -> a2 -fork-> c1",
        ),
    ];
    for (input, expected) in cases {
        let err = rejected(input);
        assert!(err.contains(expected), "expected {expected:?} in {err:?}");
    }
}

#[test]
fn unreadable_files_are_named() {
    let out = lightcone(&["analyze", "/no/such/trace.json"], "");
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .starts_with("lightcone: /no/such/trace.json: cannot read"));
    let dir = std::env::temp_dir().join(format!("lightcone-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("latin1.json");
    std::fs::write(&bad, b"{\"processes\": [\"A\"],\n\"events\": [\xe9]}").unwrap();
    let out = lightcone(&["analyze", bad.to_str().unwrap()], "");
    assert!(String::from_utf8(out.stderr).unwrap().contains("invalid UTF-8 at line 2, column 12"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn bad_options_are_named() {
    let out = lightcone(&["analyze", "-", "--receive", "maybe"], EXAMPLE);
    assert!(String::from_utf8(out.stderr).unwrap().contains("unknown receive rule \"maybe\""));
    let out = lightcone(&["analyze", "-", "--step", "Q=2"], EXAMPLE);
    assert!(String::from_utf8(out.stderr).unwrap().contains("unknown process \"Q\""));
}

#[test]
fn generate_then_analyze_round_trips() {
    let out = lightcone(&["generate", "--events", "50", "--processes", "5", "--seed", "9"], "");
    let trace = stdout(&out);
    assert_eq!(
        trace,
        stdout(&lightcone(&["generate", "--events", "50", "--processes", "5", "--seed", "9"], ""))
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&lightcone(&["analyze", "-"], &trace))).unwrap();
    assert_eq!(v["events"].as_array().unwrap().len(), 50);
}

#[test]
fn crdt_prints_every_replica_value_and_the_finals() {
    let trace = r#"{"crdt": "or-set", "processes": ["A", "B"], "events": [
        {"id": "a1", "process": "A", "kind": "local", "op": "add x"},
        {"id": "a2", "process": "A", "kind": "send", "message": "m1"},
        {"id": "b1", "process": "B", "kind": "local", "op": "add y"},
        {"id": "b2", "process": "B", "kind": "receive", "message": "m1"},
        {"id": "b3", "process": "B", "kind": "local", "op": "remove x"}]}"#;
    let out = lightcone(&["crdt", "-"], trace);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        v["events"],
        serde_json::json!([
            {"id": "a1", "value": ["x"]}, {"id": "a2", "value": ["x"]}, {"id": "b1", "value": ["y"]},
            {"id": "b2", "value": ["x", "y"]}, {"id": "b3", "value": ["y"]}])
    );
    assert_eq!(v["final"], serde_json::json!({"A": ["x"], "B": ["y"]}));
    let lww = r#"{"crdt": "lww-register", "processes": ["A", "B"], "events": [
        {"id": "b1", "process": "B", "kind": "local"},
        {"id": "a1", "process": "A", "kind": "local", "op": "write v"}]}"#;
    let v: serde_json::Value = serde_json::from_str(&stdout(&lightcone(&["crdt", "-"], lww))).unwrap();
    assert_eq!(v["final"], serde_json::json!({"A": "v", "B": null}), "null before any write");
}

#[test]
fn crdt_duplicates_double_count_the_op_based_counter_unless_causal() {
    let trace = r#"{"crdt": "op-counter", "processes": ["A", "B"], "events": [
        {"id": "a1", "process": "A", "kind": "local", "op": "inc"},
        {"id": "a2", "process": "A", "kind": "send", "messages": ["m1", "m2"]},
        {"id": "b1", "process": "B", "kind": "receive", "message": "m1"},
        {"id": "b2", "process": "B", "kind": "receive", "message": "m2"}]}"#;
    let v: serde_json::Value = serde_json::from_str(&stdout(&lightcone(&["crdt", "-"], trace))).unwrap();
    assert_eq!(v["final"], serde_json::json!({"A": 1, "B": 2}));
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&lightcone(&["crdt", "-", "--causal"], trace))).unwrap();
    assert_eq!(v["final"], serde_json::json!({"A": 1, "B": 1}));
}

#[test]
fn crdt_names_bad_types_and_ops() {
    let cases = [
        (r#"{"processes": ["A"], "events": []}"#, "no \"crdt\": name the type, one of g-counter, pn-counter"),
        (r#"{"crdt": "counter", "processes": ["A"], "events": []}"#, "unknown \"crdt\" \"counter\""),
        (
            r#"{"crdt": "g-counter", "processes": ["A"], "events": [{"id": "a1", "process": "A", "kind": "local", "op": "add x"}]}"#,
            r#"event "a1" (events[0]): "add x" is not an operation of a g-counter; it takes inc"#,
        ),
        (
            r#"{"crdt": "g-set", "processes": ["A"], "events": [{"id": "a1", "process": "A", "kind": "local", "op": "add"}]}"#,
            r#"event "a1" (events[0]): "add" needs an element, as in "add x""#,
        ),
        (
            r#"{"crdt": "g-set", "processes": ["A"], "events": [{"id": "a1", "process": "A", "kind": "local", "op": "push x"}]}"#,
            r#"event "a1" (events[0]): unknown op "push""#,
        ),
        (
            r#"{"crdt": "g-set", "processes": ["A", "B"], "events": [{"id": "a1", "process": "A", "kind": "send", "message": "m", "op": "add x"}]}"#,
            r#"event "a1" (events[0]): only a local event carries an op (this is a send event)"#,
        ),
    ];
    for (input, expected) in cases {
        let out = lightcone(&["crdt", "-"], input);
        assert!(!out.status.success(), "accepted: {input}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(expected), "expected {expected:?} in {err:?}");
    }
}

#[test]
fn simulate_prints_the_trace_decisions_invariants_and_metrics() {
    let scenario = r#"{"protocol": "2pc", "participants": 2, "votes": ["yes", "no"]}"#;
    let out = lightcone(&["simulate", "-"], scenario);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["decisions"], serde_json::json!({"C": "abort", "P1": "abort", "P2": "abort"}));
    assert_eq!(v["invariants"]["atomicity"], true);
    assert_eq!(v["invariants"]["validity"], true);
    assert_eq!(v["trace"]["processes"], serde_json::json!(["C", "P1", "P2"]));
    // The trace is in the trace format: analyze takes it.
    let trace = v["trace"].to_string();
    assert!(lightcone(&["analyze", "-"], &trace).status.success());
    assert_eq!(v["metrics"]["availability"], 1.0);
    let bad = lightcone(&["simulate", "-"], r#"{"protocol": "2pc", "until": -1}"#);
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(err.contains("timeouts and \"until\" must be positive"), "{err}");
}

#[test]
fn explore_reports_verdicts_states_and_a_replayable_counterexample() {
    let two = lightcone(&["explore", "-"], r#"{"protocol": "2pc", "participants": 2}"#);
    assert!(two.status.success(), "{}", String::from_utf8_lossy(&two.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&two)).unwrap();
    assert_eq!((v["atomicity"].as_str(), v["blocking"].as_str()), (Some("holds"), Some("possible")));
    assert!(v["states"].as_u64().unwrap() > 10);
    // The counterexample is a scenario simulate replays.
    let counter = v["counterexample"].to_string();
    let replay: serde_json::Value =
        serde_json::from_str(&stdout(&lightcone(&["simulate", "-"], &counter))).unwrap();
    assert_eq!(replay["invariants"]["termination"], false);
    let three = lightcone(
        &["explore", "-", "--partitions", "1", "--crashes", "0"],
        r#"{"protocol": "3pc", "participants": 2}"#,
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&three)).unwrap();
    assert_eq!(v["atomicity"], "violated");
    let safe = lightcone(&["explore", "-"], r#"{"protocol": "3pc", "participants": 2}"#);
    let v: serde_json::Value = serde_json::from_str(&stdout(&safe)).unwrap();
    assert_eq!((v["atomicity"].as_str(), v["blocking"].as_str()), (Some("holds"), Some("impossible")));
    assert_eq!(v["counterexample"], serde_json::Value::Null);
}

#[test]
fn render_draws_a_self_contained_svg_from_the_command_line() {
    let out = lightcone(&["render", "-", "--labels", "lamport"], EXAMPLE);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let svg = stdout(&out);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_eq!(svg.matches("<circle").count(), 3);
    assert!(svg.contains(">write x<") && svg.contains(">3<"), "action and Lamport labels");
    let path = std::env::temp_dir().join(format!("lightcone-render-{}.svg", std::process::id()));
    let file = path.to_str().unwrap();
    assert!(lightcone(&["render", "-", "-o", file, "--vertical", "--dark"], EXAMPLE).status.success());
    let written = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).ok();
    assert!(written.contains("#121212"));
    let bad = lightcone(&["render", "-", "--labels", "hue"], EXAMPLE);
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(err.contains("unknown --labels \"hue\" (expected none, lamport, vector or itc)"), "{err}");
}

#[test]
fn explore_takes_its_bounds_from_the_scenario_and_reports_every_property() {
    // The 3pc-partition preset, cut to two participants so the search is quick.
    let path = format!("{}/www/scenarios/3pc-partition.json", env!("CARGO_MANIFEST_DIR"));
    let mut preset: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    preset["participants"] = 2.into();
    preset["faults"] = serde_json::json!([
        {"drop": {"from": "C", "to": "P2", "nth": 2}},
        {"partition": {"groups": [["C", "P1"], ["P2"]], "from": 2.5, "until": 40}},
        {"crash": {"node": "C", "at": 4.5}}
    ]);
    let scenario = preset.to_string();
    let out = lightcone(&["explore", "-"], &scenario);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    // The scenario has a partition, so the search tries partitions.
    assert_eq!(v["bounds"]["partitions"], 1);
    assert_eq!(v["atomicity"], "violated");
    assert_eq!(
        v["properties"],
        serde_json::json!({"atomicity": "violated", "validity": "unknown", "termination": "unknown"})
    );
    let replay: serde_json::Value =
        serde_json::from_str(&stdout(&lightcone(&["simulate", "-"], &v["counterexample"].to_string())))
            .unwrap();
    assert_eq!(replay["invariants"]["atomicity"], false);
    // Flags still override it.
    let none = lightcone(&["explore", "-", "--partitions", "0", "--drops", "0"], &scenario);
    let v: serde_json::Value = serde_json::from_str(&stdout(&none)).unwrap();
    assert_eq!(v["properties"]["atomicity"], "holds");
}

#[test]
fn simulate_gives_each_event_its_local_time_when_clocks_are_set() {
    let scenario = r#"{"protocol": "2pc", "participants": 1, "model": {"links": "reliable", "nodes": "crash-stop",
        "timing": {"synchronous": {"delay": 1}}, "fifo": true, "clocks": {"P1": {"offset": 10, "drift_ppm": 100000}}}}"#;
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&lightcone(&["simulate", "-"], scenario))).unwrap();
    let events = v["trace"]["events"].as_array().unwrap();
    let local = |id: &str| events.iter().find(|e| e["id"] == id).unwrap()["local_time"].as_f64().unwrap();
    assert_eq!((local("c1"), local("p1.1"), local("p1.2")), (0.0, 10.0, 11.1));
    let plain = lightcone(&["simulate", "-"], r#"{"protocol": "2pc"}"#);
    assert!(!stdout(&plain).contains("local_time"), "without clocks local time is true time");
}

#[test]
fn simulate_runs_a_broadcast_with_injected_inputs() {
    let scenario =
        r#"{"protocol": "broadcast", "nodes": 3, "inputs": [{"node": "P2", "at": 2, "input": "hi"}]}"#;
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&lightcone(&["simulate", "-"], scenario))).unwrap();
    assert_eq!(
        v["invariants"],
        serde_json::json!({"no duplication": true, "no creation": true, "agreement": true})
    );
    assert_eq!(v["metrics"]["messages"], 6, "P2 sends two, each receiver relays to two");
    let labels: Vec<&str> =
        v["trace"]["events"].as_array().unwrap().iter().filter_map(|e| e["label"].as_str()).collect();
    assert!(labels.contains(&"broadcast hi"), "{labels:?}");
}

#[test]
fn new_model_fields_and_inputs_refuse_bad_values_by_name() {
    let model = |extra: &str| {
        format!(
            r#"{{"protocol": "2pc", "model": {{"links": "reliable", "nodes": "crash-stop", "timing": {{"synchronous": {{"delay": 1}}}}, {extra}}}}}"#
        )
    };
    let cases = [
        (model(r#""fifo": "yes""#), "invalid type: string \"yes\", expected a boolean"),
        (
            model(r#""clocks": {"Z": {"offset": 1}}"#),
            "model: clocks: no node is called \"Z\" (nodes are C and P1 to P3)",
        ),
        (
            model(r#""clocks": {"C": {"drift_ppm": 1e9}}"#),
            "model: clocks: \"C\": \"drift_ppm\" must be between",
        ),
        (model(r#""clocks": {"C": {"skew": 1}}"#), "unknown field `skew`"),
        (
            model(r#""byzantine": {"P1": "evil"}"#),
            "unknown variant `evil`, expected one of `silent`, `equivocate`, `replay`, `lie`",
        ),
        (
            r#"{"protocol": "3pc", "inputs": [{"node": "P1", "at": 1, "input": 3}]}"#.into(),
            "inputs[0]: this protocol takes no inputs",
        ),
        (
            r#"{"protocol": "broadcast", "inputs": [{"node": "P1", "at": -1, "input": "x"}]}"#.into(),
            "inputs[0]: a time must be 0 or more",
        ),
        (
            r#"{"protocol": "broadcast", "inputs": [{"node": "P1", "at": 1, "input": 3}]}"#.into(),
            "inputs[0]: a broadcast input is the message to send",
        ),
    ];
    for (input, expected) in cases {
        let out = lightcone(&["simulate", "-"], &input);
        assert!(!out.status.success(), "accepted: {input}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(expected), "expected {expected:?} in {err:?}");
    }
}

#[test]
fn quiz_prints_its_diagram_questions_and_every_answer_the_same_each_time() {
    let out = lightcone(&["quiz", "--seed", "7", "--level", "2"], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    for key in ["trace", "questions", "answers"] {
        assert!(v.get(key).is_some(), "no {key}");
    }
    assert_eq!((v["seed"].as_u64(), v["level"].as_u64()), (Some(7), Some(2)));
    let ids: Vec<&str> =
        v["trace"]["events"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 13);
    for part in ["lamport", "vector", "concurrent"] {
        let answered: Vec<&String> = v["answers"][part].as_object().unwrap().keys().collect();
        let mut expected: Vec<&str> = ids.clone();
        expected.sort_unstable();
        assert_eq!(answered, expected, "{part} answers every event");
    }
    let mut order: Vec<&str> =
        v["answers"]["order"].as_array().unwrap().iter().map(|e| e.as_str().unwrap()).collect();
    order.sort_unstable();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(order, sorted);
    let kinds: Vec<&str> =
        v["questions"].as_array().unwrap().iter().map(|q| q["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["lamport", "vector", "concurrent", "order"]);
    // The trace is one `analyze` takes.
    let trace = v["trace"].to_string();
    assert!(lightcone(&["analyze", "-"], &trace).status.success());
    assert_eq!(stdout(&out), stdout(&lightcone(&["quiz", "--seed", "7", "--level", "2"], "")));
    assert_ne!(stdout(&out), stdout(&lightcone(&["quiz", "--seed", "8", "--level", "2"], "")));
    let default: serde_json::Value = serde_json::from_str(&stdout(&lightcone(&["quiz"], ""))).unwrap();
    assert_eq!((default["seed"].as_u64(), default["level"].as_u64()), (Some(1), Some(1)));
}

#[test]
fn quiz_refuses_a_level_it_does_not_have_in_one_line() {
    for level in ["9", "0", "hard"] {
        let out = lightcone(&["quiz", "--level", level], "");
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("a level is 1, 2 or 3"), "{err}");
        assert!(out.stdout.is_empty());
    }
}
