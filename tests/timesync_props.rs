//! The time lab's promises on random scenarios, checked from the printed
//! report alone, against definitions written out here: θ and δ
//! recomputed from each exchange's T1–T4; the filter's choice against the
//! least delay found by brute force; each step against the thresholds of
//! its constants; slews against 500 ppm, on the reported rate and on the
//! clock's own slope; offsets over the panic threshold never applied;
//! a lone falseticker among four servers rejected; Cristian's true error
//! within ±(RTT/2 − min); Berkeley's clocks never running backwards.
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::timesync::{run, Scenario};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::HashMap;

fn report(scenario: &Value) -> Value {
    let s = Scenario::parse(&scenario.to_string()).unwrap_or_else(|e| panic!("{e}\n{scenario}"));
    run(&s).to_json()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// A delay range [min, min + spread].
fn delay() -> impl Strategy<Value = Value> {
    (0.0..0.06f64, 0.0..0.1f64).prop_map(|(min, spread)| json!([min, min + spread]))
}

fn constants() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!("rfc5905")),
        Just(json!("ntpd")),
        Just(json!("chrony")),
        (0.01..0.5f64, 0.0..400.0f64, 20.0..500.0f64, 0.0..3000.0f64).prop_map(|(step, stepout, slew, panic)| {
            json!({"preset": "ntpd", "step": step, "stepout": stepout, "max_slew_ppm": slew, "panic": panic})
        }),
    ]
}

/// A client offset: small (slewed), middling (stepped) or over the panic
/// threshold.
fn offset() -> impl Strategy<Value = f64> {
    prop_oneof![-0.1..0.1f64, -3.0..3.0f64, prop_oneof![-3000.0..-1100.0f64, 1100.0..3000.0f64]]
}

fn faults() -> impl Strategy<Value = Value> {
    let one = prop_oneof![
        (0.0..900.0f64, -2.0..2.0f64).prop_map(|(at, by)| json!({"clock-jump": {"node": "client", "at": at, "by": by}})),
        (0.0..600.0f64, 10.0..300.0f64, 0.0..0.5f64)
            .prop_map(|(from, len, extra)| json!({"jitter": {"extra": extra, "from": from, "until": from + len}})),
        (0.0..600.0f64, 10.0..300.0f64).prop_map(|(from, len)| json!({"unreachable": {"node": "S1", "from": from, "until": from + len}})),
        (0.0..600.0f64, 10.0..300.0f64).prop_map(|(from, len)| {
            json!({"partition": {"groups": [["client", "S1"], ["S2", "S3"]], "from": from, "until": from + len}})
        }),
        (1u32..17).prop_map(|k| json!({"wrong-stratum": {"node": "S2", "stratum": k}})),
    ];
    proptest::collection::vec(one, 0..3).prop_map(Value::from)
}

/// Three or four servers (S3 a stratum-2 server syncing to S1 and S2),
/// and a client of all of them.
fn ntp_scenario() -> impl Strategy<Value = Value> {
    (
        (constants(), offset(), -20.0..20.0f64, 0.0..0.001f64, any::<bool>(), any::<bool>()),
        (delay(), delay(), delay(), 0.0..0.1f64, 0.0..0.1f64),
        (faults(), prop_oneof![Just(16.0), Just(32.0)], 300.0..1500.0f64, any::<u64>()),
    )
        .prop_map(
            |(
                (constants, offset, drift, jitter, four, g),
                (d1, d2, d3, loss, duplicate),
                (faults, poll, until, seed),
            )| {
                let mut nodes = json!({"S1": {"stratum": 1}, "S2": {"stratum": 1, "offset": 0.001},
                                   "S3": {"drift_ppm": 3}, "client": {"offset": offset, "drift_ppm": drift,
                                   "jitter": jitter, "panic_override": g}});
                let mut servers = vec!["S1", "S2", "S3"];
                if four {
                    nodes["S4"] = json!({"stratum": 2, "offset": -0.002});
                    servers.push("S4");
                }
                json!({"algorithm": "ntp", "constants": constants, "nodes": nodes,
                   "sync": {"client": servers, "S3": ["S1", "S2"]},
                   "links": {"default": {"delay": d1, "loss": loss, "duplicate": duplicate},
                             "client->S1": {"delay": d2}, "S1->client": {"delay": d3}},
                   "poll": poll, "faults": faults, "seed": seed, "until": until})
            },
        )
}

/// The constants a report shows.
struct Thresholds {
    step: f64,
    stepout: f64,
    panic: f64,
    step_updates: Option<u64>,
    max_slew_ppm: f64,
}

fn thresholds(r: &Value) -> Thresholds {
    let c = &r["constants"];
    Thresholds {
        step: f(&c["step"]),
        stepout: f(&c["stepout"]),
        panic: f(&c["panic"]),
        step_updates: c["step_updates"].as_u64(),
        max_slew_ppm: f(&c["max_slew_ppm"]),
    }
}

/// Each node's adjustments, in order.
fn adjustments(r: &Value) -> HashMap<String, Vec<Value>> {
    let mut by: HashMap<String, Vec<Value>> = HashMap::new();
    for a in r["adjustments"].as_array().unwrap() {
        by.entry(a["node"].as_str().unwrap().to_string()).or_default().push(a.clone());
    }
    by
}

fn check_exchanges(r: &Value) {
    for e in r["exchanges"].as_array().unwrap() {
        let (t1, t2, t3, t4) = (f(&e["t1"]), f(&e["t2"]), f(&e["t3"]), f(&e["t4"]));
        let theta = ((t2 - t1) + (t3 - t4)) / 2.0;
        let delta = (t4 - t1) - (t3 - t2);
        assert!((f(&e["offset"]) - theta).abs() < 1e-9, "θ {e}");
        assert!((f(&e["delay"]) - delta).abs() < 1e-9, "δ {e}");
        let t = &e["true"];
        let truth = [f(&t["t1"]), f(&t["t2"]), f(&t["t3"]), f(&t["t4"])];
        assert!(truth.windows(2).all(|w| w[0] <= w[1]), "true times in order {e}");
    }
}

fn check_filter(r: &Value) {
    let mut last_used: HashMap<(String, String), f64> = HashMap::new();
    for run in r["filter"].as_array().unwrap() {
        let samples = run["samples"].as_array().unwrap();
        assert_eq!(samples.len(), 8);
        // Brute force: the valid stage of least delay (the newest on a tie).
        let mut best: Option<(usize, f64)> = None;
        for (i, s) in samples.iter().enumerate() {
            let valid = s["valid"].as_bool().unwrap() && f(&s["dispersion"]) < 16.0;
            if valid && best.is_none_or(|(_, d)| f(&s["delay"]) < d) {
                best = Some((i, f(&s["delay"])));
            }
        }
        assert_eq!(run["chosen"].as_u64().map(|c| c as usize), best.map(|(i, _)| i), "{run}");
        if run["used"].as_bool().unwrap() {
            // A sample is never used twice: each one used is newer.
            let at = f(&samples[best.unwrap().0]["at"]);
            let key =
                (run["node"].as_str().unwrap().to_string(), run["server"].as_str().unwrap().to_string());
            if let Some(&before) = last_used.get(&key) {
                assert!(at > before, "sample of {at} used after one of {before}: {run}");
            }
            last_used.insert(key, at);
        }
    }
}

fn check_discipline(r: &Value, scenario: &Value) {
    let c = thresholds(r);
    for (node, list) in adjustments(r) {
        let override_panic = scenario["nodes"][&node]["panic_override"].as_bool().unwrap_or(false);
        let mut last_used: Option<f64> = None;
        for (k, a) in list.iter().enumerate() {
            let (kind, amount, at) = (a["kind"].as_str().unwrap(), f(&a["amount"]), f(&a["at"]));
            if matches!(kind, "step" | "slew") && c.panic > 0.0 && amount.abs() > c.panic {
                assert!(override_panic && k == 0, "an offset over the panic threshold applied: {a}");
            }
            if kind == "panic" {
                assert!(c.panic > 0.0 && amount.abs() > c.panic && !(override_panic && k == 0), "{a}");
                assert_eq!(k + 1, list.len(), "a node that panics exits: {a}");
            }
            if kind == "slew" {
                let rate = f(&a["rate_ppm"]);
                assert!(rate.abs() <= c.max_slew_ppm + 1e-9 && rate.abs() <= 500.0, "{a}");
                assert_eq!(rate.signum(), amount.signum(), "{a}");
            }
            if kind == "step" {
                assert!(amount.abs() > c.step, "a step under the threshold: {a}");
                match c.step_updates {
                    Some(n) => assert!(k < n as usize, "a step after the first {n} updates: {a}"),
                    None if k > 0 => {
                        // Held above the threshold for the stepout since the
                        // last update used; every update between was a spike.
                        let since = at - last_used.expect("an update before");
                        assert!(
                            since * (1.0 + 1e-3) >= c.stepout,
                            "stepped after {since} s of {}: {a}",
                            c.stepout
                        );
                        let before = list[..k].iter().rev().take_while(|b| b["kind"] == "none");
                        assert!(before.clone().all(|b| f(&b["amount"]).abs() > c.step));
                    }
                    None => {}
                }
            }
            if kind == "none" && a["rule"].as_str().unwrap().starts_with("spike") {
                assert!(amount.abs() > c.step && c.step_updates.is_none(), "{a}");
            }
            if matches!(kind, "step" | "slew") {
                last_used = Some(at);
            }
        }
    }
}

/// The clock's slope between a node's events, less its drift, never
/// beyond 500 ppm (steps are two events at one time, skipped).
fn check_slopes(r: &Value, drift_ppm: &HashMap<&str, f64>) {
    for (node, points) in r["offsets"].as_object().unwrap() {
        let points: Vec<(f64, f64)> =
            points.as_array().unwrap().iter().map(|p| (f(&p[0]), f(&p[1]))).collect();
        let drift = drift_ppm.get(node.as_str()).copied().unwrap_or(0.0) * 1e-6;
        for w in points.windows(2) {
            let dt = w[1].0 - w[0].0;
            if dt > 0.01 {
                let slope = (w[1].1 - w[0].1) / dt - drift;
                assert!(slope.abs() <= 500e-6 + 1e-9, "{node} slews at {} ppm between {:?}", slope * 1e6, w);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn ntp_keeps_its_promises(scenario in ntp_scenario()) {
        let r = report(&scenario);
        check_exchanges(&r);
        check_filter(&r);
        check_discipline(&r, &scenario);
        let jumps = scenario["faults"].as_array().unwrap().iter().any(|f| f.get("clock-jump").is_some());
        if !jumps {
            let drift: HashMap<&str, f64> = [
                ("client", f(&scenario["nodes"]["client"]["drift_ppm"])),
                ("S3", 3.0),
            ].into();
            check_slopes(&r, &drift);
        }
    }

    /// Whenever the falseticker is a candidate beside two others or more it
    /// is rejected. Alone (the first server to collect enough samples) it
    /// is its own majority, which RFC 5905's CMIN of 1 allows; with
    /// `min_truechimers` 2 it is never followed at all.
    #[test]
    fn a_lone_falseticker_among_four_is_rejected(
        wrong in prop_oneof![-30.0..-4.0f64, 4.0..30.0f64],
        which in 0usize..4,
        offset in -2.0..2.0f64,
        drift in -10.0..10.0f64,
        (d1, d2) in (delay(), delay()),
        preset in prop_oneof![Just("rfc5905"), Just("ntpd"), Just("chrony")],
        cmin in 1u64..3,
        seed in any::<u64>(),
    ) {
        let names = ["S1", "S2", "S3", "S4"];
        let mut nodes = json!({"client": {"offset": offset, "drift_ppm": drift}});
        for (i, n) in names.iter().enumerate() {
            nodes[*n] = json!({"stratum": 1, "offset": if i == which { wrong } else { 0.0 }});
        }
        let scenario = json!({"algorithm": "ntp", "constants": {"preset": preset, "min_truechimers": cmin},
            "nodes": nodes, "sync": {"client": names},
            "links": {"default": {"delay": d1}, "client->S2": {"delay": d2}}, "seed": seed, "until": 600});
        let r = report(&scenario);
        let liar = names[which];
        let mut rejected = 0;
        for s in r["selection"].as_array().unwrap() {
            let candidates = s["candidates"].as_array().unwrap();
            let among = candidates.iter().any(|c| c["server"] == liar);
            let chimes = s["truechimers"].as_array().unwrap().iter().any(|t| t == liar);
            if among && candidates.len() >= 3 {
                prop_assert!(!chimes, "{s}");
                if s["interval"].is_array() {
                    prop_assert!(s["falsetickers"].as_array().unwrap().iter().any(|t| t == liar), "{s}");
                    rejected += 1;
                }
            }
            if cmin >= 2 {
                prop_assert!(!(chimes && s["offset"].is_number()), "followed the falseticker: {s}");
            }
        }
        prop_assert!(rejected > 0, "selection never ran with the falseticker and two others");
        if cmin >= 2 {
            // The client ends near true time, not near the liar.
            let end = f(&r["metrics"]["nodes"]["client"]["final_offset"]);
            prop_assert!(end.abs() < 0.5, "final offset {end}");
        }
    }

    #[test]
    fn cristians_true_error_is_within_its_accuracy(
        offset in -5.0..5.0f64,
        drift in -100.0..100.0f64,
        (forward, back) in (delay(), delay()),
        tries in 1u64..4,
        processing in prop_oneof![Just(0.0), 0.0..0.05f64],
        seed in any::<u64>(),
    ) {
        let scenario = json!({"algorithm": "cristian", "nodes": {"S": {"processing": processing},
            "client": {"offset": offset, "drift_ppm": drift}}, "sync": {"client": "S"},
            "links": {"client->S": {"delay": forward}, "S->client": {"delay": back}},
            "tries": tries, "poll": 30, "timeout": 1, "seed": seed, "until": 300});
        let r = report(&scenario);
        let min = f(&forward[0]).min(f(&back[0]));
        let offsets: Vec<(f64, f64)> = r["offsets"]["client"].as_array().unwrap().iter().map(|p| (f(&p[0]), f(&p[1]))).collect();
        let exchanges = r["exchanges"].as_array().unwrap();
        let mut steps = 0;
        let mut previous = -1.0;
        for a in r["adjustments"].as_array().unwrap() {
            let at = f(&a["at"]);
            // The round's exchanges: those heard since the last round ended.
            let round: Vec<&Value> = exchanges.iter()
                .filter(|e| e["discarded"].is_null() && f(&e["true"]["t4"]) <= at && f(&e["true"]["t4"]) > previous)
                .collect();
            previous = at;
            if a["kind"] != "step" {
                prop_assert!(round.is_empty(), "a round with replies steps: {a}");
                continue;
            }
            let best = round.iter().min_by(|a, b| f(&a["delay"]).total_cmp(&f(&b["delay"]))).unwrap();
            prop_assert!((f(&best["offset"]) - f(&a["amount"])).abs() < 1e-12, "the shortest round trip is used");
            let accuracy = f(&best["delay"]) / 2.0 - min;
            prop_assert!((f(&best["accuracy"]) - accuracy).abs() < 1e-12);
            // The clock right after the step (its last reading at `at`).
            let error = offsets.iter().rev().find(|p| p.0 == at).unwrap().1;
            let slack = drift.abs() * 1e-6 * (at - f(&best["true"]["t1"])) + 1e-9;
            prop_assert!(error.abs() <= accuracy + slack, "error {error} beyond ±{accuracy} (RTT {})", f(&best["delay"]));
            steps += 1;
        }
        prop_assert!(steps >= 5);
    }

    #[test]
    fn berkeley_never_turns_a_clock_back(
        offsets in proptest::collection::vec(-3.0..3.0f64, 3..6),
        drifts in proptest::collection::vec(-200.0..200.0f64, 6),
        d in delay(),
        threshold in 0.01..2.0f64,
        loss in 0.0..0.2f64,
        jitter_burst in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let names: Vec<String> = (0..offsets.len()).map(|i| format!("N{i}")).collect();
        let mut nodes = serde_json::Map::new();
        nodes.insert("M".into(), json!({"drift_ppm": drifts[5]}));
        for (i, n) in names.iter().enumerate() {
            nodes.insert(n.clone(), json!({"offset": offsets[i], "drift_ppm": drifts[i], "jitter": 0.001}));
        }
        let faults = if jitter_burst { json!([{"jitter": {"extra": 0.5, "from": 100, "until": 300}}]) } else { json!([]) };
        let scenario = json!({"algorithm": "berkeley", "nodes": nodes, "sync": {"M": names},
            "links": {"default": {"delay": d, "loss": loss}}, "threshold": threshold, "poll": 20, "timeout": 1,
            "faults": faults, "seed": seed, "until": 600});
        let r = report(&scenario);
        let mut last: HashMap<&str, f64> = HashMap::new();
        for e in r["trace"]["events"].as_array().unwrap() {
            let (p, local) = (e["process"].as_str().unwrap(), f(&e["local_time"]));
            if let Some(&before) = last.get(p) {
                prop_assert!(local >= before, "{p}'s clock went back from {before} to {local}");
            }
            last.insert(p, local);
        }
        for a in r["adjustments"].as_array().unwrap() {
            prop_assert!(a["kind"] != "step" || f(&a["amount"]) > 0.0, "{a}");
        }
        prop_assert!(!r["rounds"].as_array().unwrap().is_empty());
    }
}
