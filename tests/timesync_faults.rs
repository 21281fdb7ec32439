//! Each fault of the time lab doing what docs/timesync.md says, seen in
//! the report: lost exchanges in its window, longer delays in a burst, a
//! falseticker's or a jumped clock's offset, an announced stratum, and the
//! on-wire checks catching duplicates and late replies.
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::timesync::{run, Scenario};
use serde_json::{json, Value};

fn report(faults: Value, change: impl FnOnce(&mut Value)) -> Value {
    let mut v = json!({"algorithm": "ntp", "constants": "ntpd",
        "nodes": {"S1": {"stratum": 1}, "S2": {"stratum": 1}, "S3": {"stratum": 1}, "client": {"offset": 0.05}},
        "sync": {"client": ["S1", "S2", "S3"]}, "links": {"default": {"delay": [0.01, 0.02]}},
        "poll": 16, "faults": faults, "seed": 3, "until": 1200});
    change(&mut v);
    run(&Scenario::parse(&v.to_string()).unwrap()).to_json()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

fn exchanges<'a>(r: &'a Value, server: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    r["exchanges"].as_array().unwrap().iter().filter(move |e| e["server"] == server)
}

fn sent_in(e: &Value, from: f64, until: f64) -> bool {
    (from..until).contains(&f(&e["true"]["t1"]))
}

#[test]
fn unreachable_and_partitioned_servers_answer_nothing_in_the_window() {
    let r = report(json!([{"unreachable": {"node": "S1", "from": 300, "until": 600}}]), |_| {});
    assert!(!exchanges(&r, "S1")
        .any(|e| sent_in(e, 300.0, 600.0) || (300.0..600.0).contains(&f(&e["true"]["t3"]))));
    assert!(exchanges(&r, "S1").any(|e| sent_in(e, 600.0, 1200.0)));
    let groups =
        json!([{"partition": {"groups": [["client", "S1"], ["S2", "S3"]], "from": 300, "until": 600}}]);
    let r = report(groups, |_| {});
    assert!(exchanges(&r, "S1").any(|e| sent_in(e, 300.0, 600.0)));
    assert!(!exchanges(&r, "S2").any(|e| sent_in(e, 300.0, 600.0)));
    assert!(r["trace"]["events"].is_array());
}

#[test]
fn a_burst_of_jitter_lengthens_delays_in_its_window_only() {
    let r = report(json!([{"jitter": {"extra": 0.3, "from": 300, "until": 600}}]), |_| {});
    let delays = |from, until| -> Vec<f64> {
        r["exchanges"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| sent_in(e, from, until))
            .map(|e| f(&e["delay"]))
            .collect()
    };
    // Two legs of at most 20 ms, and up to 0.3 s more on each in the burst.
    assert!(delays(0.0, 300.0).iter().all(|&d| d <= 0.04 + 1e-9));
    let burst = delays(300.0, 600.0);
    assert!(burst.iter().all(|&d| d <= 0.64 + 1e-9) && burst.iter().any(|&d| d > 0.1));
}

#[test]
fn a_falseticker_and_a_jump_are_the_clocks_own() {
    let faults = json!([{"falseticker": {"node": "S2", "offset": 5, "from": 200, "until": 400}},
                        {"clock-jump": {"node": "client", "at": 700, "by": -2}}]);
    let r = report(faults, |_| {});
    for p in r["offsets"]["S2"].as_array().unwrap() {
        let expected = if (200.0..400.0).contains(&f(&p[0])) { 5.0 } else { 0.0 };
        assert_eq!(f(&p[1]), expected, "{p}");
    }
    let client: Vec<(f64, f64)> =
        r["offsets"]["client"].as_array().unwrap().iter().map(|p| (f(&p[0]), f(&p[1]))).collect();
    let before = client.iter().rfind(|p| p.0 < 700.0).unwrap().1;
    let after = client.iter().find(|p| p.0 >= 700.0).unwrap().1;
    assert!((after - before + 2.0).abs() < 0.01, "{before} -> {after}");
    // ntpd then steps the 2 s back after its 300 s stepout.
    let step =
        r["adjustments"].as_array().unwrap().iter().find(|a| a["kind"] == "step" && f(&a["at"]) > 700.0);
    assert!(step.is_some_and(|a| f(&a["at"]) > 1000.0 && (f(&a["amount"]) - 2.0).abs() < 0.05));
}

#[test]
fn a_wrong_stratum_is_what_selection_sees() {
    let r = report(json!([{"wrong-stratum": {"node": "S3", "stratum": 16, "from": 400}}]), |_| {});
    let selections = r["selection"].as_array().unwrap();
    let late = selections.iter().filter(|s| f(&s["at"]) > 500.0);
    assert!(late.clone().all(|s| s["unfit"]["S3"] == "stratum 16 (unsynchronised)"));
    assert!(exchanges(&r, "S3").any(|e| e["discarded"] == "unsynchronised"));
    let r = report(json!([{"wrong-stratum": {"node": "S3", "stratum": 4}}]), |_| {});
    let s3: Vec<&Value> = r["selection"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["candidates"].as_array().unwrap())
        .filter(|c| c["server"] == "S3")
        .collect();
    assert!(!s3.is_empty() && s3.iter().all(|c| c["stratum"] == 4));
}

#[test]
fn the_on_wire_checks_catch_duplicates_and_late_replies() {
    let r = report(json!([]), |v| v["links"]["default"]["duplicate"] = json!(0.5));
    assert!(r["exchanges"].as_array().unwrap().iter().any(|e| e["discarded"] == "duplicate"));
    // S1's replies take 20 s: each arrives after the next request left.
    let r = report(json!([]), |v| v["links"]["S1->client"] = json!({"delay": [20, 20]}));
    let s1: Vec<&Value> = exchanges(&r, "S1").collect();
    assert!(!s1.is_empty() && s1.iter().all(|e| e["discarded"] == "bogus"));
    assert!(r["selection"].as_array().unwrap().iter().all(|s| s["unfit"].get("S1").is_some()));
}

/// A dragged leg: the second reply from S1 takes exactly 0.2 s, its
/// exchange's computed offset moves by half the change in asymmetry, and
/// every other message keeps the delay it drew.
#[test]
fn a_fixed_delay_sets_one_leg_and_leaves_the_rest_of_the_run_alone() {
    let plain = report(json!([]), |_| {});
    let fixed = report(json!([{"delay": {"from": "S1", "to": "client", "nth": 2, "delay": 0.2}}]), |_| {});
    let legs =
        |e: &Value| (f(&e["true"]["t2"]) - f(&e["true"]["t1"]), f(&e["true"]["t4"]) - f(&e["true"]["t3"]));
    let (a, b): (Vec<&Value>, Vec<&Value>) =
        (exchanges(&plain, "S1").collect(), exchanges(&fixed, "S1").collect());
    let (before, after) = (legs(a[1]), legs(b[1]));
    assert!((after.1 - 0.2).abs() < 1e-9, "{after:?}");
    assert!((after.0 - before.0).abs() < 1e-9, "the request is as drawn");
    // θ = ½[(T2 − T1) + (T3 − T4)]: a longer reply by Δ lowers θ by Δ/2.
    let shift = f(&b[1]["offset"]) - f(&a[1]["offset"]);
    assert!((shift + (after.1 - before.1) / 2.0).abs() < 1e-6, "θ moved by {shift}");
    // The first exchange, before the fixed leg, is the same exactly.
    assert_eq!(a[0], b[0]);
    let others = |r: &Value| exchanges(r, "S2").map(legs).take(3).collect::<Vec<_>>();
    assert_eq!(others(&plain)[0], others(&fixed)[0]);
    // Named fields are checked.
    let bad = json!({"algorithm": "cristian", "nodes": {"S": {}, "c": {}}, "sync": {"c": "S"},
        "faults": [{"delay": {"from": "S", "to": "x", "nth": 1, "delay": 0.1}}], "until": 100});
    assert!(Scenario::parse(&bad.to_string()).unwrap_err().contains("\"x\""));
}
