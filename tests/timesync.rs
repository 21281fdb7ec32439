//! The time lab's core against definitions written out here: the issue's
//! test vectors for the on-wire formulas, Marzullo's intersection against
//! a brute-force count of overlapping intervals, scenarios refused by the
//! field that is wrong, and runs that replay exactly from their seed.
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::timesync::constants::Truechimers;
use lightcone::core::timesync::onwire::Stamps;
use lightcone::core::timesync::select::{intersect, truechimers, Candidate};
use lightcone::core::timesync::{run, Scenario};
use proptest::prelude::*;
use serde_json::{json, Value};

#[test]
fn the_issues_test_vectors() {
    let s = Stamps { t1: 0.0, t2: 1.0, t3: 10.0, t4: 11.0 };
    assert_eq!((s.offset(), s.delay()), (0.0, 2.0));
    let s = Stamps { t1: 1.0, ..s };
    assert_eq!((s.offset(), s.delay()), (-0.5, 1.0));
}

#[test]
fn cristians_estimate_is_t_plus_half_the_round_trip() {
    // Asked at 10 by the client's clock, answered 20.5, heard at 11.
    let s = Stamps { t1: 10.0, t2: 20.5, t3: 20.5, t4: 11.0 };
    assert_eq!(s.round_trip(), 1.0);
    // The client should read 21 at 11: it is 10 behind.
    assert_eq!(s.cristian_offset(), 10.0);
}

/// The intersection as RFC 5905 §11.2.1 defines it, by brute force: for
/// f = 0, 1, … while 2f < m, the lowest and highest points covered by at
/// least m − f closed intervals (the extremes are interval ends), and the
/// midpoints outside them.
fn brute_intersection(cs: &[Candidate], rule: Truechimers) -> Option<(f64, f64)> {
    let m = cs.len();
    let ends: Vec<f64> = cs.iter().flat_map(|c| [c.offset - c.distance, c.offset + c.distance]).collect();
    let covered =
        |x: f64| cs.iter().filter(|c| c.offset - c.distance <= x && x <= c.offset + c.distance).count();
    for f in 0..m {
        if 2 * f >= m {
            break;
        }
        let points: Vec<f64> = ends.iter().copied().filter(|&x| covered(x) >= m - f).collect();
        let (Some(l), Some(u)) =
            (points.iter().copied().reduce(f64::min), points.iter().copied().reduce(f64::max))
        else {
            continue;
        };
        let outside = cs.iter().filter(|c| c.offset < l || c.offset > u).count();
        if l < u && (rule == Truechimers::Overlap || outside <= f) {
            return Some((l, u));
        }
    }
    None
}

fn candidate() -> impl Strategy<Value = Candidate> {
    // Offsets and distances on a coarse grid, so ties and touching ends happen.
    (-20i32..20, 1i32..8).prop_map(|(o, d)| Candidate {
        offset: f64::from(o) * 0.25,
        distance: f64::from(d) * 0.25,
        jitter: 0.001,
        stratum: 1,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn marzullo_agrees_with_brute_force(cs in proptest::collection::vec(candidate(), 1..8)) {
        for rule in [Truechimers::Midpoint, Truechimers::Overlap] {
            let got = intersect(&cs, rule).map(|(l, u, _)| (l, u));
            prop_assert_eq!(got, brute_intersection(&cs, rule), "{:?}", rule);
            if let Some((l, u)) = got {
                let trues = truechimers(&cs, (l, u), rule);
                for (c, t) in cs.iter().zip(trues) {
                    let expected = match rule {
                        Truechimers::Midpoint => l <= c.offset && c.offset <= u,
                        Truechimers::Overlap => c.offset - c.distance <= u && l <= c.offset + c.distance,
                    };
                    prop_assert_eq!(t, expected);
                }
            }
        }
    }
}

/// A small valid NTP scenario to break one field at a time.
fn base() -> Value {
    json!({"algorithm": "ntp", "constants": "rfc5905",
           "nodes": {"S1": {"stratum": 1}, "S2": {"stratum": 1}, "client": {"offset": 0.5}},
           "sync": {"client": ["S1", "S2"]},
           "links": {"default": {"delay": [0.01, 0.05]}},
           "poll": 16, "faults": [], "seed": 1, "until": 600})
}

/// An edit of the base scenario.
type Change = Box<dyn FnOnce(&mut Value)>;

fn refused(change: impl FnOnce(&mut Value)) -> String {
    let mut v = base();
    change(&mut v);
    Scenario::parse(&v.to_string()).expect_err(&format!("{v} should be refused"))
}

#[test]
fn malformed_scenarios_are_refused_naming_the_field() {
    let cases: Vec<(Change, &str)> = vec![
        (Box::new(|v| v["fualts"] = json!([])), "unknown field \"fualts\" (did you mean \"faults\"?)"),
        (Box::new(|v| v["algorithm"] = json!("ntpv4")), "\"algorithm\" \"ntpv4\""),
        (
            Box::new(|v| v["nodes"]["client"]["drift"] = json!(5)),
            "nodes: \"client\": unknown field \"drift\"",
        ),
        (
            Box::new(|v| v["nodes"]["client"]["offset"] = json!("3")),
            "nodes: \"client\": \"offset\" must be a number",
        ),
        (Box::new(|v| v["nodes"]["client"]["drift_ppm"] = json!(1e9)), "\"drift_ppm\" is 1000000000"),
        (
            Box::new(|v| v["sync"]["client"] = json!(["S1", "S9"])),
            "sync: \"client\": no node is called \"S9\"",
        ),
        (
            Box::new(|v| v["sync"]["clinet"] = json!(["S1"])),
            "sync: unknown field \"clinet\" (did you mean \"client\"?)",
        ),
        (
            Box::new(|v| v["links"]["client->S1"] = json!({"delay": [-0.1, 0.1]})),
            "links: \"client->S1\": \"delay\"",
        ),
        (Box::new(|v| v["links"]["client->S1"] = json!({"delay": [0.2, 0.1]})), "min ≤ max"),
        (
            Box::new(|v| v["links"]["clientS1"] = json!({"delay": [0.1, 0.1]})),
            "links: \"clientS1\": a link is",
        ),
        (Box::new(|v| v["links"]["client->S7"] = json!({"delay": [0.1, 0.1]})), "no node is called \"S7\""),
        (Box::new(|v| v["poll"] = json!(8)), "\"poll\" is 8"),
        (Box::new(|v| v["until"] = json!(-1)), "\"until\" is -1"),
        (
            Box::new(|v| v["constants"] = json!("ntpdd")),
            "no preset is called \"ntpdd\" (did you mean \"ntpd\"?)",
        ),
        (Box::new(|v| v["constants"] = json!({"stepout": -5})), "constants: \"stepout\" is -5"),
        (Box::new(|v| v["constants"] = json!({"max_slew_ppm": 1000})), "\"max_slew_ppm\" is 1000"),
        (
            Box::new(|v| v["constants"] = json!({"minpoll": 8, "maxpoll": 6})),
            "\"minpoll\" 8 is above \"maxpoll\" 6",
        ),
        (
            Box::new(|v| v["faults"] = json!([{"falsticker": {"node": "S1", "offset": 5}}])),
            "unknown fault \"falsticker\" (did you mean \"falseticker\"?)",
        ),
        (
            Box::new(|v| v["faults"] = json!([{"falseticker": {"node": "S1"}}])),
            "faults[0]: \"falseticker\": \"offset\" is missing",
        ),
        (
            Box::new(|v| v["faults"] = json!([{"unreachable": {"node": "S1", "from": 50, "until": 10}}])),
            "\"until\" is 10; it must be after \"from\"",
        ),
        (
            Box::new(|v| v["faults"] = json!([{"partition": {"groups": [["S1"], ["S1", "S2"]]}}])),
            "\"S1\" is in two groups",
        ),
        (
            Box::new(|v| v["faults"] = json!([{"wrong-stratum": {"node": "S1", "stratum": 0}}])),
            "\"stratum\" is 0",
        ),
        (Box::new(|v| v["tries"] = json!(3)), "\"tries\" is a setting of cristian, not of ntp"),
        (
            Box::new(|v| v["nodes"]["client"]["stratum"] = json!(2)),
            "nodes: \"client\": \"stratum\" is for a server that syncs to no one",
        ),
        (Box::new(|v| v["nodes"]["s1"] = json!({})), "\"s1\" and \"S1\" differ only in case"),
        (
            Box::new(|v| v["sync"]["S1"] = json!(["client"])),
            "sync: \"S1\" -> \"client\" -> \"S1\" is a cycle",
        ),
        (Box::new(|v| v["sync"]["client"] = json!(["client"])), "is listed twice or is the node itself"),
        (Box::new(|v| v["poll"] = json!(1e301)), "\"poll\" is 1e301"),
        (
            Box::new(|v| {
                (v["constants"], v["poll"], v["until"]) = (json!({"minpoll": 0}), json!(1), json!(100000));
            }),
            "makes about 800008 events",
        ),
        (Box::new(|v| v["nodes"]["client"]["mode"] = json!("sntp")), "\"mode\" is \"sntp\""),
    ];
    for (change, expected) in cases {
        let err = refused(change);
        assert!(err.contains(expected), "expected {expected:?} in {err:?}");
    }
}

#[test]
fn other_algorithms_refuse_ntp_settings_and_check_their_own() {
    let cristian = json!({"algorithm": "cristian", "nodes": {"S": {}, "c": {}}, "sync": {"c": ["S", "c"]}});
    let err = Scenario::parse(&cristian.to_string()).unwrap_err();
    assert!(err.contains("is listed twice or is the node itself"), "{err}");
    let two =
        json!({"algorithm": "cristian", "nodes": {"S": {}, "T": {}, "c": {}}, "sync": {"c": ["S", "T"]}});
    assert!(Scenario::parse(&two.to_string()).unwrap_err().contains("exactly one server"));
    let strat =
        json!({"algorithm": "berkeley", "nodes": {"M": {"stratum": 1}, "A": {}}, "sync": {"M": ["A"]}});
    assert!(Scenario::parse(&strat.to_string()).unwrap_err().contains("\"stratum\" is an NTP setting"));
    let masters = json!({"algorithm": "berkeley", "nodes": {"M": {}, "A": {}, "B": {}}, "sync": {"M": ["A"], "B": ["A"]}});
    assert!(Scenario::parse(&masters.to_string()).unwrap_err().contains("one master"));
    let slow = json!({"algorithm": "cristian", "nodes": {"S": {}, "c": {}}, "sync": {"c": "S"}, "poll": 2, "timeout": 1, "tries": 3});
    assert!(Scenario::parse(&slow.to_string()).unwrap_err().contains("must be shorter than \"poll\""));
    for text in [
        "",
        "[]",
        "{\"algorithm\": \"ntp\"}",
        "{\"algorithm\": \"ntp\", \"nodes\": {}}",
        "{\"algorithm\": \"ntp\", \"nodes\": []}",
    ] {
        assert!(Scenario::parse(text).is_err(), "{text}");
    }
    // Nodes keep the order written; a key given twice is refused.
    let order = r#"{"algorithm": "ntp", "nodes": {"zeta": {"stratum": 1}, "alpha": {}}, "sync": {"alpha": ["zeta"]}}"#;
    assert_eq!(Scenario::parse(order).unwrap().names(), ["zeta", "alpha"]);
    let twice = r#"{"algorithm": "ntp", "nodes": {"A": {}, "A": {}}}"#;
    assert!(Scenario::parse(twice).unwrap_err().contains("\"A\" is given twice"));
}

#[test]
fn a_run_replays_exactly_from_its_seed() {
    let mut v = base();
    v["nodes"]["client"] = json!({"offset": 0.5, "drift_ppm": 12, "wander_ppm": 2, "jitter": 0.0005});
    v["links"]["default"] = json!({"delay": [0.01, 0.08], "loss": 0.05, "duplicate": 0.05});
    v["faults"] = json!([{"jitter": {"extra": 0.2, "from": 100, "until": 200}}]);
    let once = run(&Scenario::parse(&v.to_string()).unwrap()).to_json();
    let again = run(&Scenario::parse(&v.to_string()).unwrap()).to_json();
    assert_eq!(once, again);
    v["seed"] = json!(2);
    let other = run(&Scenario::parse(&v.to_string()).unwrap()).to_json();
    assert_ne!(once["exchanges"], other["exchanges"]);
}

#[test]
fn drift_without_sync_is_offset_plus_drift_times_t() {
    let v = json!({"algorithm": "ntp", "nodes": {"A": {"offset": 1, "drift_ppm": 100}, "B": {"drift_ppm": -50}},
                   "until": 1000});
    let r = run(&Scenario::parse(&v.to_string()).unwrap());
    // 1 s + 100 ppm of 1000 s; -50 ppm of 1000 s.
    assert!((r.local_time(0, 1000.0) - 1001.1).abs() < 1e-9);
    assert!((r.local_time(1, 1000.0) - 999.95).abs() < 1e-9);
    let j = r.to_json();
    assert_eq!(j["offsets"]["A"].as_array().unwrap().len(), 2, "a start and an end");
    assert!(j["exchanges"].as_array().unwrap().is_empty());
}

/// Every number, string and list in a scenario, by JSON pointer.
fn leaves(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, x)| leaves(x, format!("{at}/{k}"), out)),
        Value::Array(a) => {
            out.push(at.clone());
            a.iter().enumerate().for_each(|(i, x)| leaves(x, format!("{at}/{i}"), out));
        }
        _ => out.push(at),
    }
}

fn wild() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(-1)),
        Just(json!(0)),
        Just(json!(1e300)),
        Just(json!(-1e300)),
        Just(json!(1e-300)),
        Just(json!(0.5)),
        Just(json!(16)),
        Just(json!(2000)),
        Just(json!(u64::MAX)),
        Just(json!("S1")),
        Just(json!("")),
        Just(json!(null)),
        Just(json!([])),
        Just(json!([0.2, 0.1])),
        Just(json!({})),
        Just(json!(true)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any one value of any preset replaced by anything: a clear refusal or
    /// a run, never a panic.
    #[test]
    fn no_input_panics(preset in 0..lightcone::core::library::TIMESYNC.len(), pick in any::<prop::sample::Index>(), value in wild()) {
        let mut v: Value = serde_json::from_str(lightcone::core::library::TIMESYNC[preset].1).unwrap();
        let mut paths = Vec::new();
        leaves(&v, String::new(), &mut paths);
        let path = pick.get(&paths).clone();
        *v.pointer_mut(&path).unwrap() = value;
        match Scenario::parse(&v.to_string()) {
            Err(e) => prop_assert!(!e.is_empty()),
            Ok(s) if s.until <= 4000.0 => {
                let r = run(&s);
                prop_assert!(serde_json::to_string(&r.to_json()).is_ok());
            }
            Ok(_) => {}
        }
    }
}
