//! The explorer's sweep over Byzantine behaviours (`lightcone explore
//! --byzantine-any K`): which assignments it tries, in which order, what
//! it refuses, and the CLI's report. The PBFT verdicts through it are in
//! tests/pbft.rs.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::cli::lightcone;
use lightcone::core::sim::explore::{assignments, with_assignment, Assignment};
use lightcone::core::sim::scenario::Scenario;
use serde_json::Value;

fn pbft(replicas: usize, byzantine: &str) -> Scenario {
    Scenario::parse(&format!(
        r#"{{"protocol": "pbft", "replicas": {replicas}, "clients": 1,
            "workload": [{{"client": "K1", "at": 0, "op": "put x 1"}}],
            "model": {{"links": "reliable", "nodes": "crash-stop", "timing": {{"synchronous": {{"delay": 1}}}},
                       "byzantine": {{{byzantine}}}}}}}"#
    ))
    .unwrap()
}

fn named(a: &Assignment) -> Vec<(String, &'static str)> {
    a.iter().map(|(n, b)| (n.clone(), b.name())).collect()
}

/// Counted by hand: n replicas times 4 behaviours for one Byzantine
/// replica; for two, C(n, 2) pairs times 4 × 4 behaviours besides.
#[test]
fn every_assignment_to_up_to_k_replicas_is_tried_once() {
    let four = pbft(4, "");
    assert_eq!(assignments(&four, 1).unwrap().len(), 4 * 4);
    let two = assignments(&four, 2).unwrap();
    assert_eq!(two.len(), 16 + 6 * 16);
    let distinct: std::collections::BTreeSet<_> = two.iter().map(named).collect();
    assert_eq!(distinct.len(), two.len(), "no assignment twice");
    assert_eq!(assignments(&pbft(7, ""), 1).unwrap().len(), 7 * 4);
    assert_eq!(assignments(&pbft(7, ""), 3).unwrap().len(), 28 + 21 * 16 + 35 * 64);
}

/// The most Byzantine replicas first, equivocation first: the sweep stops
/// at the first safety violation, so the likeliest come first.
#[test]
fn assignments_run_from_k_replicas_down_in_order() {
    let all = assignments(&pbft(4, ""), 2).unwrap();
    let r = |n: &str, b| (n.to_string(), b);
    assert_eq!(named(&all[0]), [r("R1", "equivocate"), r("R2", "equivocate")]);
    assert_eq!(named(&all[1]), [r("R1", "equivocate"), r("R2", "lie")]);
    assert_eq!(named(&all[15]), [r("R1", "silent"), r("R2", "silent")]);
    assert_eq!(named(&all[16]), [r("R1", "equivocate"), r("R3", "equivocate")]);
    assert_eq!(named(&all[95]), [r("R3", "silent"), r("R4", "silent")]);
    assert_eq!(named(&all[96]), [r("R1", "equivocate")]);
    assert_eq!(named(&all[111]), [r("R4", "silent")]);
}

#[test]
fn an_assignment_replaces_the_replicas_behaviours_and_keeps_the_clients() {
    let s = pbft(4, r#""R2": "lie", "K1": "lie""#);
    let a = assignments(&s, 1).unwrap()[1].clone();
    let swept = with_assignment(&s, &a);
    let expect = [("K1".to_string(), "lie"), ("R1".to_string(), "lie")];
    assert_eq!(named(&swept.model.byzantine), expect);
}

#[test]
fn k_outside_one_to_f_plus_one_and_other_protocols_are_refused() {
    let four = pbft(4, "");
    assert!(assignments(&four, 0).unwrap_err().contains("1 to f + 1 = 2"));
    assert!(assignments(&four, 3).unwrap_err().contains("(f = 1)"));
    let two_pc = lightcone::core::library::scenario("2pc-happy-path").unwrap();
    let e = assignments(&Scenario::parse(two_pc).unwrap(), 1).unwrap_err();
    assert!(e.contains("VR or PBFT"), "{e}");
}

fn explore(args: &[&str], stdin: &str) -> Value {
    let out = lightcone(args, stdin);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// VR assumes crashes only: a lying or equivocating backup is a fault it
/// was not built for. One Byzantine replica of three, one request, no
/// crashes: the report lists each assignment tried and its verdicts.
#[test]
fn the_cli_reports_each_assignment_and_keeps_its_format_without_the_flag() {
    let vr = r#"{"protocol": "vr", "replicas": 3, "clients": 1,
        "workload": [{"client": "K1", "at": 0, "op": "put x 1"}],
        "model": {"links": "reliable", "nodes": "crash-stop", "timing": {"synchronous": {"delay": 1}}},
        "until": 30}"#;
    let plain = explore(&["explore", "-", "--crashes", "0"], vr);
    for key in ["byzantine_any", "tried", "assignments", "byzantine"] {
        assert!(plain.get(key).is_none(), "{key} only with --byzantine-any");
    }
    let r = explore(&["explore", "-", "--crashes", "0", "--byzantine-any", "1", "--depth", "6"], vr);
    assert_eq!(r["byzantine_any"], 1);
    assert_eq!(r["assignments"], 3 * 4);
    let tried = r["tried"].as_array().unwrap();
    assert!(!tried.is_empty() && tried.len() <= 12);
    assert_eq!(tried[0]["byzantine"], serde_json::json!({"R1": "equivocate"}));
    for t in tried {
        assert!(t["properties"].is_object() && t["states"].is_u64(), "{t}");
    }
    let states: u64 = tried.iter().map(|t| t["states"].as_u64().unwrap()).sum();
    assert_eq!(r["states"], states, "the report's states are the sum");
    // A counterexample, if any, carries its assignment in its model.
    if !r["counterexample"].is_null() {
        assert_eq!(r["counterexample"]["model"]["byzantine"], r["byzantine"]);
    }
    let bad = lightcone(&["explore", "-", "--byzantine-any", "3"], vr);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("1 to f + 1 = 2"));
}
