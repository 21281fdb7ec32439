//! Every time-lab preset (www/timesync/) through `lightcone timesync`,
//! and the lesson it is there for, checked from its report: what the
//! clocks did, measured against numbers worked out here by hand.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::cli::lightcone;
use lightcone::core::library::TIMESYNC;
use lightcone::core::timesync::Scenario;
use serde_json::Value;

fn report(name: &str) -> Value {
    let out = lightcone(&["timesync", &format!("www/timesync/{name}.json")], "");
    assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn of<'a>(r: &'a Value, node: &str) -> Vec<&'a Value> {
    r["adjustments"].as_array().unwrap().iter().filter(|a| a["node"] == node).collect()
}

fn final_offset(r: &Value, node: &str) -> f64 {
    f(&r["metrics"]["nodes"][node]["final_offset"])
}

/// The node's offset just after true time `t` (its last event there).
fn offset_at(r: &Value, node: &str, t: f64) -> f64 {
    let points = r["offsets"][node].as_array().unwrap();
    f(&points.iter().rev().find(|p| f(&p[0]) == t).unwrap()[1])
}

#[test]
fn every_preset_is_listed_and_valid() {
    let mut files: Vec<String> = std::fs::read_dir("www/timesync")
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    let mut listed: Vec<String> = TIMESYNC.iter().map(|(n, _)| format!("{n}.json")).collect();
    listed.sort();
    assert_eq!(files, listed);
    for (name, text) in TIMESYNC {
        let s = Scenario::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(s.title.is_some() && s.about.is_some(), "{name} has a title and an about");
    }
}

#[test]
fn drift_without_sync() {
    let r = report("drift-without-sync");
    assert!(r["exchanges"].as_array().unwrap().is_empty() && r["adjustments"].as_array().unwrap().is_empty());
    // 50 ppm and -20 ppm of an hour.
    assert!((final_offset(&r, "A") - 0.18).abs() < 1e-9);
    assert!((final_offset(&r, "B") + 0.072).abs() < 1e-9);
    // C wanders by at most 5 ppm either way.
    assert!((final_offset(&r, "C") - 0.5).abs() <= 5e-6 * 3600.0);
}

#[test]
fn cristian_symmetric_is_within_its_bound() {
    let r = report("cristian-symmetric");
    let steps = of(&r, "client");
    assert_eq!(steps.len(), 15);
    for a in steps {
        assert_eq!(a["kind"], "step");
        let at = f(&a["at"]);
        // The shortest round trip of the round is at most 3 × 80 ms; the bound RTT/2 − 20 ms.
        let best = r["exchanges"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| f(&e["true"]["t4"]) <= at && f(&e["true"]["t4"]) > at - 5.0)
            .map(|e| f(&e["delay"]))
            .fold(f64::INFINITY, f64::min);
        let error = offset_at(&r, "client", at);
        assert!(error.abs() <= best / 2.0 - 0.02 + 1e-6, "{error} at {at}, RTT {best}");
    }
}

#[test]
fn cristian_asymmetric_errs_by_half_the_asymmetry() {
    let r = report("cristian-asymmetric");
    for a in of(&r, "client") {
        // (d_forward - d_back)/2 = (0.01 - 0.09)/2: 40 ms behind, every time.
        let error = offset_at(&r, "client", f(&a["at"]));
        assert!((error + 0.04).abs() < 1e-4, "{error}");
    }
    for e in r["exchanges"].as_array().unwrap() {
        assert!((f(&e["accuracy"]) - 0.04).abs() < 1e-4, "the worst case of ±(RTT/2 - min): {e}");
    }
}

#[test]
fn berkeley_leaves_the_outlier_out_and_never_rewinds() {
    let r = report("berkeley-outlier");
    let rounds = r["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 30);
    for round in rounds {
        assert_eq!(round["outliers"], serde_json::json!(["D"]), "{round}");
    }
    // The others agree to within a few delays' worth.
    let ends: Vec<f64> = ["M", "A", "B", "C"].iter().map(|n| final_offset(&r, n)).collect();
    let spread =
        ends.iter().cloned().fold(f64::MIN, f64::max) - ends.iter().cloned().fold(f64::MAX, f64::min);
    assert!(spread < 0.03, "{ends:?}");
    // D is slewed back, 500 ppm of each second since its first correction.
    assert!(of(&r, "D").iter().all(|a| a["kind"] == "slew"));
    assert!((final_offset(&r, "D") - (4.0 - 500e-6 * 1800.0)).abs() < 0.01, "{}", final_offset(&r, "D"));
    let mut last = f64::MIN;
    for e in r["trace"]["events"].as_array().unwrap().iter().filter(|e| e["process"] == "D") {
        assert!(f(&e["local_time"]) >= last);
        last = f(&e["local_time"]);
    }
}

#[test]
fn ntp_rejects_the_falseticker() {
    let r = report("ntp-falseticker");
    let mut rejected = 0;
    for s in r["selection"].as_array().unwrap() {
        assert!(!s["truechimers"].as_array().unwrap().iter().any(|t| t == "S3"), "{s}");
        if s["interval"].is_array() && s["candidates"].as_array().unwrap().iter().any(|c| c["server"] == "S3")
        {
            assert!(s["falsetickers"].as_array().unwrap().iter().any(|t| t == "S3"), "{s}");
            rejected += 1;
        }
    }
    assert!(rejected > 20);
    assert!(final_offset(&r, "client").abs() < 0.01);
}

#[test]
fn small_offsets_slew_large_ones_step() {
    let r = report("step-versus-slew");
    let (near, far) = (of(&r, "near"), of(&r, "far"));
    assert_eq!(near[0]["kind"], "slew");
    assert!(near.iter().all(|a| a["kind"] != "step"));
    assert_eq!(far[0]["kind"], "step");
    assert!((f(&far[0]["amount"]) + 0.8).abs() < 0.01);
    // A slew of 50 ms at 500 ppm takes 100 s: near is within 10 ms by then.
    let at = f(&near[0]["at"]);
    assert!(offset_at(&r, "near", at).abs() > 0.04);
    let later = r["offsets"]["near"].as_array().unwrap().iter().find(|p| f(&p[0]) > at + 101.0).unwrap();
    assert!(f(&later[1]).abs() < 0.01, "{later}");
}

#[test]
fn the_panic_threshold_refuses_unless_overridden_once() {
    let r = report("panic");
    let plain = of(&r, "plain");
    assert_eq!(plain.len(), 1);
    assert_eq!(plain[0]["kind"], "panic");
    assert_eq!(final_offset(&r, "plain"), 2000.0);
    let g = of(&r, "with-g");
    assert_eq!(g[0]["kind"], "step");
    assert!((f(&g[0]["amount"]) + 2000.0).abs() < 0.01);
    assert!(final_offset(&r, "with-g").abs() < 0.01);
}

/// The first step after the clock jumps at 900 s, and the last update the
/// discipline used before the jump showed.
fn step_after_jump(name: &str) -> Option<(f64, f64)> {
    let r = report(name);
    let list = of(&r, "client");
    let step = list.iter().find(|a| a["kind"] == "step" && f(&a["at"]) > 900.0)?;
    let used = list
        .iter()
        .filter(|a| a["kind"] == "slew" && f(&a["at"]) < 900.0)
        .map(|a| f(&a["at"]))
        .next_back()?;
    assert!(final_offset(&r, "client").abs() < 0.01, "{name} ends in step");
    Some((f(&step["at"]), used))
}

#[test]
fn rfc_ntpd_and_chrony_on_the_same_jump() {
    let (rfc, rfc_used) = step_after_jump("clock-jump-rfc5905").expect("rfc5905 steps");
    let (ntpd, ntpd_used) = step_after_jump("clock-jump-ntpd").expect("ntpd steps");
    assert!(rfc - rfc_used >= 900.0 && ntpd - ntpd_used >= 300.0);
    assert!(ntpd < rfc, "ntpd's stepout is shorter: {ntpd} vs {rfc}");
    // chrony steps only within its first three updates: here, never.
    let r = report("clock-jump-chrony");
    let list = of(&r, "client");
    assert!(list.iter().skip(3).all(|a| a["kind"] == "slew"));
    assert!(list.iter().all(|a| a["kind"] != "step"));
    assert!(final_offset(&r, "client").abs() < 0.01);
}

#[test]
fn ntpdate_steps_once_and_drifts() {
    let r = report("ntpdate-versus-ntpd");
    let once = of(&r, "ntpdate");
    assert_eq!(once.len(), 1);
    assert_eq!(once[0]["kind"], "step");
    assert!(f(&once[0]["at"]) < 20.0);
    // Then 40 ppm for the rest of the hour.
    let drift = 40e-6 * (3600.0 - f(&once[0]["at"]));
    assert!((final_offset(&r, "ntpdate") - drift).abs() < 0.01);
    assert!(final_offset(&r, "ntpd").abs() < 0.01);
}

#[test]
fn strata_grow_down_the_chain() {
    let r = report("strata");
    let selections = r["selection"].as_array().unwrap();
    let client: Vec<&Value> = selections.iter().filter(|s| s["node"] == "client").collect();
    // S2 announces stratum 2 once set, so the client becomes stratum 3.
    for s in &client {
        for c in s["candidates"].as_array().unwrap() {
            assert_eq!(c["stratum"], 2);
        }
    }
    assert_eq!(client.last().unwrap()["stratum"], 3);
    // Until S2 is set, its replies say stratum 16 and are not used.
    let first_set =
        selections.iter().find(|s| s["node"] == "S2" && s["stratum"] == 2).map(|s| f(&s["at"])).unwrap();
    for e in r["exchanges"].as_array().unwrap().iter().filter(|e| e["server"] == "S2") {
        if f(&e["true"]["t3"]) < first_set {
            assert_eq!(e["discarded"], "unsynchronised", "{e}");
        }
    }
    // While S2 is unreachable the client hears nothing and says so.
    assert!(client.iter().any(|s| s["unfit"]["S2"] == "unreachable"));
    assert!(!r["exchanges"].as_array().unwrap().iter().any(|e| {
        let t = f(&e["true"]["t1"]);
        e["server"] == "S2" && (1200.0..1800.0).contains(&t)
    }));
}

#[test]
fn a_runs_opening_is_a_whole_trace_of_its_first_exchanges() {
    for (name, text) in TIMESYNC {
        let mut value: Value = serde_json::from_str(text).unwrap();
        value["until"] = serde_json::json!(2.0);
        let run = lightcone::core::timesync::run(&Scenario::from_value(&value).unwrap());
        let (trace, end) = run.opening(3);
        let events = trace["events"].as_array().unwrap();
        assert!(events.iter().all(|e| f(&e["time"]) <= end), "{name}: nothing after the third exchange");
        // It reads as a trace, and every message sent in it arrives in it.
        lightcone::core::formats::parse_trace(&trace.to_string()).unwrap();
        let of = |kind: &str| -> Vec<String> {
            let ids = events.iter().filter(|e| e["kind"] == kind).flat_map(|e| {
                let many = e["messages"].as_array().cloned().unwrap_or_default();
                many.into_iter().chain(std::iter::once(e["message"].clone()))
            });
            ids.filter_map(|m| m.as_str().map(String::from)).collect()
        };
        let received = of("receive");
        assert!(of("send").iter().all(|m| received.contains(m)), "{name}: a message left in flight");
        // Each exchange shown is a request and its reply.
        let shown = run.exchanges.iter().take(3).count();
        assert!(received.len() >= 2 * shown, "{name}: {} messages for {shown} exchanges", received.len());
    }
}
