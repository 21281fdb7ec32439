//! `lightcone simulate`, `explore` and `measure` on VR scenarios, as a
//! user runs them: the report's sections, the table, and one clear stderr
//! line for bad input.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::cli::lightcone;
use serde_json::Value;

/// The issue's example scenario, as written there.
const ISSUE: &str = r#"{"protocol": "vr", "replicas": 3, "clients": 1,
 "workload": [{"client": "K1", "at": 1, "op": "put x 1"}, {"client": "K1", "at": 4, "op": "get x"}],
 "batching": false,
 "model": {"links": "reliable", "nodes": "crash-recovery", "timing": {"partially-synchronous": {"gst": 10, "delay": 1, "max_before": 5}}},
 "faults": [{"crash": {"node": "R1", "at": 2}}], "seed": 1, "until": 60}"#;

fn json(args: &[&str], stdin: &str) -> Value {
    let out = lightcone(args, stdin);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn refused(args: &[&str], stdin: &str) -> String {
    let out = lightcone(args, stdin);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    err.trim().to_string()
}

#[test]
fn simulate_reports_logs_history_and_metrics() {
    let r = json(&["simulate", "-"], ISSUE);
    for name in ["R1", "R2", "R3"] {
        let replica = &r["replicas"][name];
        assert!(replica["log"].is_array() && replica["commit_number"].is_u64(), "{replica}");
    }
    let history = r["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    for call in history {
        let keys: Vec<&str> = call.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["client", "invoked", "op", "result", "returned"]);
    }
    // R1 crashed before the request reached it: R2 and R3 change view and
    // the client's retransmission is answered; get x reads the put.
    assert_eq!(history[1]["result"], "1");
    assert_eq!(r["replicas"]["R1"]["up"], false);
    for m in ["latency_mean", "messages_per_op", "throughput", "availability", "message_delays_mean"] {
        assert!(r["metrics"][m].is_number(), "{m}");
    }
    for p in ["agreement", "durability", "linearizable", "liveness"] {
        assert_eq!(r["invariants"][p], true, "{p}");
    }
    assert_eq!(r["linearizability"]["verdict"], "linearizable");
}

#[test]
fn explore_reports_each_property() {
    let small = r#"{"protocol": "vr", "max_views": 1, "max_retries": 1, "timeouts": {"idle": 0},
        "workload": [{"client": "K1", "at": 1, "op": "put x 1"}, {"client": "K1", "at": 2, "op": "get x"}],
        "model": {"links": "reliable", "nodes": "crash-stop", "timing": {"synchronous": {"delay": 1}},
                  "byzantine": {"R1": "equivocate"}}}"#;
    let r = json(&["explore", "-", "--crashes", "0"], small);
    assert_eq!(r["properties"]["agreement"], "violated");
    for p in ["durability", "linearizable", "liveness"] {
        assert!(r["properties"][p].is_string(), "{p}");
    }
    // The counterexample replays as a scenario.
    let replay = json(&["simulate", "-"], &r["counterexample"].to_string());
    assert_eq!(replay["invariants"]["agreement"], false);
}

#[test]
fn measure_prints_the_table() {
    let out = lightcone(&["measure", "-", "--load", "1", "--replicas", "3,5"], ISSUE);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // The columns users rely on, in their order, then the newer ones.
    let legacy =
        "replicas  batching  load    answered  latency  throughput  messages/op  availability  nines  ";
    assert!(lines[0].starts_with(legacy), "{text}");
    assert!(lines[0].ends_with("p50      p99      spread    closed_form  closed_nines"), "{text}");
    assert_eq!(lines.len(), 1 + 2 * 2, "replicas x batching: {text}");
    let rows = json(&["measure", "-", "--load", "1", "--json"], ISSUE);
    let row = &rows[0];
    let a = row["availability"].as_f64().unwrap();
    assert!(a > 0.9 && a <= 1.0, "{row}");
    assert!(row["throughput"].as_f64().unwrap() > 0.5, "{row}");
    assert!(row["p50"].as_f64().unwrap() <= row["p99"].as_f64().unwrap(), "{row}");
    // Three replicas, A = 1000/1010: 0.99971 in closed form, 3.53 nines.
    assert!((row["closed_form"].as_f64().unwrap() - 0.999_708).abs() < 1e-6, "{row}");
    assert!((row["closed_nines"].as_f64().unwrap() - 3.53).abs() < 0.01, "{row}");
    assert!(row["spread"].as_f64().unwrap() >= 0.0);
}

#[test]
fn bad_input_gets_one_clear_line() {
    assert!(
        refused(&["measure", "-", "--load", "0"], ISSUE).contains("--load 0: a load is between 0 and 100")
    );
    let commit = refused(&["measure", "-", "--load", "1"], r#"{"protocol": "2pc"}"#);
    assert!(commit.contains("measure takes a VR or PBFT scenario"), "{commit}");
    assert!(refused(&["measure", "-", "--load", "1", "--replicas", "4"], ISSUE).contains("\"replicas\" is 4"));
    let typo = refused(&["simulate", "-"], r#"{"protocol": "vr", "batchng": true}"#);
    assert!(typo.contains("(did you mean \"batching\"?)"), "{typo}");
}
