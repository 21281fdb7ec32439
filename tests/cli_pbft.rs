//! `lightcone simulate` and `explore` on PBFT scenarios, as a user runs
//! them: the report's sections, each property's verdict, a replayable
//! counterexample, and one clear stderr line for bad input.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::cli::lightcone;
use serde_json::Value;

/// The issue's fields: n = 3f + 1 replicas, K, L, VR's workload and
/// model, Byzantine behaviours in the model.
const SCENARIO: &str = r#"{"protocol": "pbft", "replicas": 4, "clients": 1, "checkpoint": 2, "window": 4,
 "workload": [{"client": "K1", "at": 1, "op": "put x 1"}, {"client": "K1", "at": 4, "op": "get x"}],
 "model": {"links": "reliable", "nodes": "crash-stop", "timing": {"partially-synchronous": {"gst": 10, "delay": 1, "max_before": 5}},
           "byzantine": {"R1": "silent"}},
 "seed": 1, "until": 80}"#;

fn json(args: &[&str], stdin: &str) -> Value {
    let out = lightcone(args, stdin);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn simulate_reports_replicas_history_views_and_metrics() {
    let r = json(&["simulate", "-"], SCENARIO);
    for name in ["R1", "R2", "R3", "R4"] {
        let replica = &r["replicas"][name];
        for key in ["view", "status", "low", "high", "executed", "prepared", "log"] {
            assert!(!replica[key].is_null(), "{name} {key}");
        }
    }
    // R1 is silent: the backups' timers expire, R2 takes over in view 1,
    // and get x reads the put.
    assert_eq!(r["views"][1]["primary"], "R2");
    let history = r["history"].as_array().unwrap();
    assert_eq!(history[1]["result"], "1");
    for p in ["agreement", "durability", "linearizable", "liveness"] {
        assert_eq!(r["invariants"][p], true, "{p}");
    }
    for m in ["latency_mean", "messages_per_op", "availability", "message_delays_mean"] {
        assert!(r["metrics"][m].is_number(), "{m}");
    }
}

#[test]
fn explore_reports_each_property_and_a_counterexample_that_replays() {
    let two = r#"{"protocol": "pbft", "max_views": 1, "max_retries": 1,
        "workload": [{"client": "K1", "at": 0, "op": "put x 1"}],
        "model": {"links": "reliable", "nodes": "crash-stop", "timing": {"synchronous": {"delay": 1}},
                  "byzantine": {"R1": "equivocate", "R2": "equivocate"}}}"#;
    let r = json(&["explore", "-", "--crashes", "0"], two);
    assert_eq!(r["properties"]["linearizable"], "violated");
    for p in ["agreement", "durability", "liveness"] {
        assert!(r["properties"][p].is_string(), "{p}");
    }
    let replay = json(&["simulate", "-"], &r["counterexample"].to_string());
    assert_eq!(replay["invariants"]["linearizable"], false);
}

#[test]
fn bad_input_is_one_clear_line() {
    let out = lightcone(&["simulate", "-"], r#"{"protocol": "pbft", "replicas": 6}"#);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked") && err.trim().lines().count() == 1, "{err}");
    assert!(err.contains("3f + 1"), "{err}");
    let out = lightcone(&["simulate", "-"], r#"{"protocol": "pbft", "windows": 8}"#);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("window"), "the unknown field is named with the closest: {err}");
}

#[test]
fn measure_takes_a_pbft_scenario_with_batching_off() {
    // The same columns and names as VR's; one row per replica count and
    // load (PBFT has no batching switch): 4 and 7 replicas at load 0.5.
    let out = lightcone(&["measure", "-", "--load", "0.5", "--replicas", "4,7"], SCENARIO);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("replicas  batching  load    answered  latency"), "{text}");
    assert_eq!(lines.len(), 1 + 2, "{text}");
    assert!(lines[1].starts_with("4         off") && lines[2].starts_with("7         off"), "{text}");
    let rows = json(&["measure", "-", "--load", "0.5", "--json"], SCENARIO);
    let row = &rows[0];
    assert_eq!(row["replicas"], 4, "the scenario's own count: {row}");
    assert_eq!(row["batching"], false);
    // A quorum of 2f + 1 = 3 of 4, each up with A = 100/101: A⁴ + 4A³(1 − A)
    // = 100³ · 104 / 101⁴ = 0.999420, 3.24 nines (VR's 2 of 3 is 0.999708).
    assert!((row["closed_form"].as_f64().unwrap() - 0.999_419_56).abs() < 1e-7, "{row}");
    assert!((row["closed_nines"].as_f64().unwrap() - 3.236).abs() < 0.001, "{row}");
    for key in ["latency", "throughput", "messages_per_op", "availability", "nines", "p50", "p99", "spread"] {
        assert!(row[key].is_number(), "{key}: {row}");
    }
}

#[test]
fn measure_refuses_a_group_that_is_not_three_f_plus_one() {
    let out = lightcone(&["measure", "-", "--load", "1", "--replicas", "4,5"], SCENARIO);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("--replicas: \"replicas\" is 5; PBFT takes 3f + 1 replicas: 4, 7, 10 or 13"),
        "{err}"
    );
}
