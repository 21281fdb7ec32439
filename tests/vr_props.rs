//! Property tests for VR: the linearizability checker against a
//! brute-force definition, and VR's guarantees on random schedules (at
//! most f crashes, at random times, under partial synchrony, lossy links
//! and random workloads).
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::sim::outcome::run;
use lightcone::core::sim::scenario::Scenario;
use lightcone::core::sim::vr::kv::Op;
use lightcone::core::sim::vr::linearizable::{check, Event, Verdict};
use proptest::prelude::*;

/// Brute force, straight from the definition: some order of the returned
/// calls and some of the pending ones, respecting real time (a returned
/// before b was invoked), in which every call returns what a sequential
/// store returns.
fn brute_force(h: &[Event]) -> bool {
    let pending: Vec<usize> = (0..h.len()).filter(|&i| h[i].returned.is_none()).collect();
    (0..1u32 << pending.len()).any(|mask| {
        let chosen: Vec<usize> = (0..h.len())
            .filter(|&i| {
                h[i].returned.is_some() || mask & 1 << pending.iter().position(|&p| p == i).unwrap() != 0
            })
            .collect();
        permutations(&chosen).iter().any(|order| legal(h, order))
    })
}

fn permutations(xs: &[usize]) -> Vec<Vec<usize>> {
    if xs.is_empty() {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for i in 0..xs.len() {
        let mut rest = xs.to_vec();
        let x = rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, x);
            out.push(p);
        }
    }
    out
}

fn legal(h: &[Event], order: &[usize]) -> bool {
    let before = |a: &Event, b: &Event| a.returned.as_ref().is_some_and(|(t, _)| *t < b.invoked);
    for (i, &a) in order.iter().enumerate() {
        if order[..i].iter().any(|&b| before(&h[a], &h[b])) {
            return false;
        }
    }
    // Every returned call left out would break real time too: all are in.
    let mut store: std::collections::BTreeMap<String, String> = Default::default();
    order.iter().all(|&i| {
        let result = match &h[i].op {
            Op::Put(k, v) => {
                store.insert(k.clone(), v.clone());
                Some("ok".to_string())
            }
            Op::Get(k) => store.get(k).cloned(),
        };
        h[i].returned.as_ref().is_none_or(|(_, r)| *r == result)
    })
}

fn event() -> impl Strategy<Value = (bool, u8, u8, u8, u8, Option<u8>)> {
    (any::<bool>(), 0..2u8, 1..4u8, 0..8u8, 1..4u8, proptest::option::weighted(0.8, 0..4u8))
}

fn history(raw: Vec<(bool, u8, u8, u8, u8, Option<u8>)>) -> Vec<Event> {
    raw.into_iter()
        .enumerate()
        .map(|(i, (put, key, value, at, took, result))| {
            let key = ["x", "y"][key as usize].to_string();
            let op = if put { Op::Put(key, value.to_string()) } else { Op::Get(key) };
            let result = result.map(|r| match (&op, r) {
                (Op::Put(..), 0) => Some("bad".to_string()),
                (Op::Put(..), _) => Some("ok".to_string()),
                (Op::Get(_), 0) => None,
                (Op::Get(_), r) => Some(r.to_string()),
            });
            let invoked = at as f64;
            Event { client: i, seq: 0, op, invoked, returned: result.map(|r| (invoked + took as f64, r)) }
        })
        .collect()
}

/// A random VR run: `replicas`, up to f of them crashing at random times
/// (and, with `recover`, coming back), partial synchrony until GST 20,
/// links losing `loss` of the messages, a random workload of 12 requests
/// from 2 clients.
fn scenario(replicas: usize, crashes: &[(usize, u8)], recover: bool, loss: f64, seed: u64) -> Scenario {
    let mut faults = Vec::new();
    for &(r, at) in crashes {
        faults.push(format!(r#"{{"crash": {{"node": "R{}", "at": {at}}}}}"#, r + 1));
        if recover {
            faults.push(format!(r#"{{"recover": {{"node": "R{}", "at": {}}}}}"#, r + 1, at as u32 + 15));
        }
    }
    let nodes = if recover { "crash-recovery" } else { "crash-stop" };
    let links =
        if loss > 0.0 { format!(r#"{{"fair-loss": {{"loss": {loss}}}}}"#) } else { r#""reliable""#.into() };
    Scenario::parse(&format!(
        r#"{{"protocol": "vr", "replicas": {replicas}, "clients": 2,
            "workload": {{"random": {{"ops": 12, "keys": 2, "every": 2, "from": 1}}}},
            "model": {{"links": {links}, "nodes": "{nodes}",
                       "timing": {{"partially-synchronous": {{"gst": 20, "delay": 1, "max_before": 4}}}}}},
            "faults": [{}], "seed": {seed}, "until": 400}}"#,
        faults.join(", ")
    ))
    .unwrap()
}

/// Up to f distinct replicas of `replicas`, each with a crash time.
fn crashes(replicas: usize) -> impl Strategy<Value = Vec<(usize, u8)>> {
    proptest::collection::btree_map(0..replicas, 0..40u8, 0..=replicas / 2)
        .prop_map(|m| m.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_checker_agrees_with_the_definition(raw in proptest::collection::vec(event(), 0..6)) {
        let h = history(raw);
        let verdict = check(&h);
        prop_assert_ne!(verdict, Verdict::Unknown, "small histories are within the limit");
        prop_assert_eq!(verdict == Verdict::Linearizable, brute_force(&h), "{:?}", h);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    #[test]
    fn with_at_most_f_crashes_vr_is_safe_and_answers_every_request_after_gst(
        replicas in prop_oneof![Just(3usize), Just(5)],
        crashed in crashes(5),
        seed in 1..1000u64,
    ) {
        let crashed: Vec<_> = crashed.into_iter().filter(|(r, _)| *r < replicas).take(replicas / 2).collect();
        let out = run(&scenario(replicas, &crashed, false, 0.0, seed));
        for p in ["agreement", "durability", "linearizable", "liveness"] {
            prop_assert!(out.holds(p), "{} fails with crashes {:?}, seed {}", p, crashed, seed);
        }
        prop_assert_eq!(out.count("requests"), Some(12));
    }

    #[test]
    fn crashes_recoveries_and_loss_never_lose_a_committed_operation(
        crashed in crashes(3),
        loss in prop_oneof![Just(0.0), Just(0.1)],
        seed in 1..1000u64,
    ) {
        let out = run(&scenario(3, &crashed, true, loss, seed));
        for p in ["agreement", "durability", "linearizable"] {
            prop_assert!(out.holds(p), "{} fails with crashes {:?}, loss {}, seed {}", p, crashed, loss, seed);
        }
    }
}

/// Every number, string and list in a scenario, by JSON pointer.
fn leaves(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| leaves(x, format!("{at}/{k}"), out)),
        serde_json::Value::Array(a) => {
            out.push(at.clone());
            a.iter().enumerate().for_each(|(i, x)| leaves(x, format!("{at}/{i}"), out));
        }
        _ => out.push(at),
    }
}

fn wild() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::json;
    prop_oneof![
        Just(json!(-1)),
        Just(json!(0)),
        Just(json!(1)),
        Just(json!(2)),
        Just(json!(1e300)),
        Just(json!(1e-300)),
        Just(json!(0.5)),
        Just(json!(9)),
        Just(json!(10_000)),
        Just(json!(u64::MAX)),
        Just(json!("K1")),
        Just(json!("R3")),
        Just(json!("put x")),
        Just(json!("get")),
        Just(json!("")),
        Just(json!(null)),
        Just(json!([])),
        Just(json!({})),
        Just(json!({"random": {"ops": 3, "keys": 0}})),
        Just(json!(true)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any one value of any VR preset replaced by anything: a clear
    /// refusal or a run, never a panic.
    #[test]
    fn no_input_panics(
        preset in 0..lightcone::core::library::REPLICATION.len(),
        pick in any::<prop::sample::Index>(),
        value in wild(),
    ) {
        let mut v: serde_json::Value = serde_json::from_str(lightcone::core::library::REPLICATION[preset].1).unwrap();
        let mut paths = Vec::new();
        leaves(&v, String::new(), &mut paths);
        let path = pick.get(&paths).clone();
        *v.pointer_mut(&path).unwrap() = value;
        match Scenario::parse(&v.to_string()) {
            Err(e) => prop_assert!(!e.is_empty()),
            Ok(s) if s.until <= 200.0 => {
                let r = run(&s);
                prop_assert!(serde_json::to_string(&r.to_json()).is_ok());
            }
            Ok(_) => {}
        }
    }
}
