//! `lightcone cut` and `lightcone cuts` as a user and other tools see them:
//! the output shapes, and one stderr line for a bad frontier.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::cli::lightcone;
use serde_json::{json, Value};
use std::process::Output;

/// a1 sends m1 to B, received by b1; then b2 is local.
const EXAMPLE: &str = r#"{"processes": ["A", "B"], "events": [{"id": "a1", "process": "A", "kind": "send", "message": "m1"}, {"id": "b1", "process": "B", "kind": "receive", "message": "m1"}, {"id": "b2", "process": "B", "kind": "local"}]}"#;

/// A forks C; C does c1; B joins C with b1.
const FORK_JOIN: &str = r#"{"processes": ["A", "B", "C"], "events": [
    {"id": "a1", "process": "A", "kind": "fork", "child": "C"},
    {"id": "c1", "process": "C", "kind": "local"},
    {"id": "b1", "process": "B", "kind": "join", "from": "C"}]}"#;

fn ok_json(args: &[&str], input: &str) -> Value {
    let out = lightcone(args, input);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Expects failure with one stderr line, which it returns.
fn refused(out: Output) -> String {
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn cut_judges_a_consistent_cut() {
    let v = ok_json(&["cut", "-", "--frontier", "A=1,B=2"], EXAMPLE);
    assert_eq!(v, json!({"consistent": true, "violations": [], "frontier": {"A": 1, "B": 2}}));
    // A process not named has no event inside.
    let v = ok_json(&["cut", "-", "--frontier", "A=1"], EXAMPLE);
    assert_eq!(v, json!({"consistent": true, "violations": [], "frontier": {"A": 1, "B": 0}}));
}

#[test]
fn cut_names_the_message_from_the_future() {
    let out = lightcone(&["cut", "-", "--frontier", "B=1"], EXAMPLE);
    assert!(out.status.success());
    // The format exactly, keys in this order.
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "{\"consistent\": false, \"violations\": [{\"message\": \"m1\", \"send\": \"a1\", \"receive\": \"b1\"}], \"frontier\": {\"A\": 0, \"B\": 1}}\n"
    );
}

#[test]
fn cut_names_fork_and_join_edges_with_a_null_message() {
    // c1 inside without the fork a1 that starts C.
    let v = ok_json(&["cut", "-", "--frontier", "C=1"], FORK_JOIN);
    assert_eq!(v["consistent"], false);
    assert_eq!(v["violations"], json!([{"message": null, "send": "a1", "receive": "c1"}]));
    // The join b1 inside without C's history c1 (and so without a1).
    let v = ok_json(&["cut", "-", "--frontier", "A=1,B=1"], FORK_JOIN);
    assert_eq!(v["violations"], json!([{"message": null, "send": "c1", "receive": "b1"}]));
}

#[test]
fn cut_refuses_a_bad_frontier_by_name() {
    let err = refused(lightcone(&["cut", "-", "--frontier", "A=1,Z=1"], EXAMPLE));
    assert!(err.contains("unknown process \"Z\""), "{err}");
    let err = refused(lightcone(&["cut", "-", "--frontier", "B=3"], EXAMPLE));
    assert!(err.contains("process \"B\" has only 2 events"), "{err}");
    let err = refused(lightcone(&["cut", "-", "--frontier", "A=one"], EXAMPLE));
    assert!(err.contains("\"one\" is not a whole number"), "{err}");
    let err = refused(lightcone(&["cut", "-"], EXAMPLE));
    assert!(err.contains("--frontier"), "{err}");
}

/// EXAMPLE by hand: A has a1, B has b1, b2, and a1 -> b1. A frontier
/// (a, b) has a in 0..=1, b in 0..=2: six in all. b >= 1 needs a = 1 (b1
/// receives m1 from a1), so (0,1) and (0,2) are out, leaving (0,0),
/// (1,0), (1,1), (1,2): four.
#[test]
fn cuts_counts_and_lists_the_consistent_cuts() {
    assert_eq!(ok_json(&["cuts", "-"], EXAMPLE), json!({"consistent_cuts": 4, "exact": true}));
    let v = ok_json(&["cuts", "-", "--list"], EXAMPLE);
    assert_eq!(
        v,
        json!({"consistent_cuts": 4, "exact": true, "cuts": [
            {"A": 0, "B": 0}, {"A": 1, "B": 0}, {"A": 1, "B": 1}, {"A": 1, "B": 2}]})
    );
    // FORK_JOIN by hand: a1 < c1 < b1 is a chain, so the prefixes of it:
    // {}, {a1}, {a1, c1}, {a1, c1, b1}.
    assert_eq!(ok_json(&["cuts", "-"], FORK_JOIN), json!({"consistent_cuts": 4, "exact": true}));
}

#[test]
fn cuts_stops_at_the_limit() {
    assert_eq!(
        ok_json(&["cuts", "-", "--limit", "3"], EXAMPLE),
        json!({"consistent_cuts": 3, "exact": false})
    );
    assert_eq!(
        ok_json(&["cuts", "-", "--limit", "4"], EXAMPLE),
        json!({"consistent_cuts": 4, "exact": true})
    );
    let err = refused(lightcone(&["cuts", "-", "--limit", "3", "--list"], EXAMPLE));
    assert!(err.contains("more than 3 consistent cuts"), "{err}");
}

#[test]
fn cuts_of_a_big_trace_stop_quickly() {
    // 8 processes of 30 independent events: 31^8 cuts, far past the limit.
    let events: Vec<String> =
        (0..240).map(|i| format!(r#"{{"id": "e{i}", "process": "P{}", "kind": "local"}}"#, i % 8)).collect();
    let trace = format!(
        r#"{{"processes": ["P0","P1","P2","P3","P4","P5","P6","P7"], "events": [{}]}}"#,
        events.join(",")
    );
    assert_eq!(ok_json(&["cuts", "-"], &trace), json!({"consistent_cuts": 1_000_000, "exact": false}));
}
