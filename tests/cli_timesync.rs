//! `lightcone timesync` as a user and other tools see it: the stable
//! output fields and their shapes, the trace that `analyze` reads, and one
//! stderr line naming the field for a bad scenario.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::cli::lightcone;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// The scenario of the issue, as written there.
const EXAMPLE: &str = r#"{"algorithm": "ntp",
 "constants": "rfc5905",
 "nodes": {"S1": {"stratum": 1}, "S2": {"stratum": 1, "offset": 0.002},
           "S3": {"stratum": 2, "drift_ppm": 5}, "S4": {"stratum": 1, "offset": 10},
           "client": {"offset": 3.2, "drift_ppm": 80}},
 "sync": {"client": ["S1", "S2", "S3", "S4"]},
 "links": {"default": {"delay": [0.01, 0.05]}, "client->S2": {"delay": [0.2, 0.2]}},
 "poll": 16, "faults": [], "seed": 1, "until": 3600}"#;

fn ok(args: &[&str], input: &str) -> Value {
    let out = lightcone(args, input);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

fn set<'a>(names: &[&'a str]) -> BTreeSet<&'a str> {
    names.iter().copied().collect()
}

#[test]
fn the_output_has_the_issues_fields() {
    let r = ok(&["timesync", "-"], EXAMPLE);
    for field in ["exchanges", "filter", "selection", "adjustments", "offsets", "trace", "metrics"] {
        assert!(r.get(field).is_some(), "no {field}");
    }
    let e = &r["exchanges"][0];
    assert!(
        keys(e).is_superset(&set(&["client", "server", "t1", "t2", "t3", "t4", "true", "offset", "delay"]))
    );
    assert_eq!(keys(&e["true"]), set(&["t1", "t2", "t3", "t4"]));
    assert_eq!(
        (e["client"].as_str(), e["t1"].as_f64()),
        (Some("client"), Some(3.2)),
        "T1 is the client's clock"
    );
    assert_eq!(e["true"]["t1"], json!(0.0));
    let a = &r["adjustments"][0];
    assert_eq!(keys(a), set(&["node", "at", "kind", "amount", "rate_ppm", "rule"]));
    let kinds: BTreeSet<&str> =
        r["adjustments"].as_array().unwrap().iter().map(|a| a["kind"].as_str().unwrap()).collect();
    assert!(kinds.is_subset(&set(&["step", "slew", "panic", "none"])));
    let s = &r["selection"][0];
    assert!(keys(s).is_superset(&set(&["truechimers", "falsetickers", "offset"])));
    let f = &r["filter"][0];
    assert!(keys(f).is_superset(&set(&["samples", "chosen"])));
    assert_eq!(f["samples"].as_array().unwrap().len(), 8);
    // Offsets: every node, [true time, offset] pairs, the first at 0.
    assert_eq!(keys(&r["offsets"]), set(&["S1", "S2", "S3", "S4", "client"]));
    assert_eq!(r["offsets"]["client"][0], json!([0.0, 3.2]));
    assert_eq!(r["offsets"]["S4"].as_array().unwrap().last().unwrap()[1], json!(10.0));
    // The falseticker is one.
    let liar = r["selection"].as_array().unwrap().iter().any(|s| s["falsetickers"] == json!(["S4"]));
    assert!(liar);
}

#[test]
fn the_trace_carries_local_times_and_analyze_reads_it() {
    let r = ok(&["timesync", "-"], EXAMPLE);
    let trace = &r["trace"];
    let events = trace["events"].as_array().unwrap();
    assert!(events.iter().all(|e| e["local_time"].is_number() && e["time"].is_number()));
    // A step shows as a local event after the reply that caused it.
    assert!(events
        .iter()
        .any(|e| e["kind"] == "local" && e["label"].as_str().unwrap_or("").starts_with("step ")));
    let analysis = ok(&["analyze", "-"], &trace.to_string());
    assert_eq!(analysis["events"].as_array().unwrap().len(), events.len());
    assert_eq!(analysis["clock_condition"]["holds"], json!(true));
}

#[test]
fn each_algorithm_reports_its_own_sections() {
    let cristian = r#"{"algorithm": "cristian", "nodes": {"S": {}, "c": {"offset": 1}}, "sync": {"c": "S"},
                      "tries": 2, "poll": 30, "until": 120}"#;
    let r = ok(&["timesync", "-"], cristian);
    assert!(r.get("filter").is_none() && r.get("selection").is_none());
    assert!(r["exchanges"][0]["accuracy"].is_number());
    let berkeley = r#"{"algorithm": "berkeley", "nodes": {"M": {}, "A": {"offset": 1}}, "sync": {"M": ["A"]},
                      "poll": 30, "until": 120}"#;
    let r = ok(&["timesync", "-"], berkeley);
    let round = &r["rounds"][0];
    assert_eq!(
        keys(round),
        set(&["master", "at", "differences", "average", "included", "outliers", "corrections"])
    );
}

#[test]
fn a_bad_scenario_is_one_line_naming_the_field() {
    let bad = EXAMPLE.replace("\"drift_ppm\": 80", "\"drift_ppm\": \"fast\"");
    let out = lightcone(&["timesync", "-"], &bad);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("nodes: \"client\": \"drift_ppm\" must be a number"), "{err}");
    let out =
        lightcone(&["timesync", "-"], "{\"algorithm\": \"ntp\", \"nodes\": {\"A\": {}}, \"sync\": NaN}");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("not JSON"));
}

#[test]
fn help_lists_the_command() {
    let out = lightcone(&["--help"], "");
    assert!(String::from_utf8(out.stdout).unwrap().contains("timesync"));
    let out = lightcone(&["timesync", "--help"], "");
    assert!(out.status.success());
}
