//! Chandy–Lamport and Lai–Yang snapshots of the token bank, judged from
//! `simulate`'s report by definitions written out here: balances recomputed
//! from the trace's amounts, the cut's closure under happened-before by
//! brute-force reachability over the trace, and each channel's in-flight
//! transfers recomputed from the cut. Nothing here reuses the protocols'
//! own checks.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::cli::lightcone;
use lightcone::core::sim::explore::{explore, Bounds, Finding};
use lightcone::core::sim::outcome::run;
use lightcone::core::sim::scenario::Scenario;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The scenario of the issue, as a user writes it.
const EXAMPLE: &str = r#"{"protocol": "chandy-lamport", "processes": ["A", "B", "C"], "tokens": {"A": 10, "B": 10, "C": 10},
 "transfers": {"random": {"count": 30, "max": 3}},
 "inputs": [{"node": "A", "at": 2.5, "input": "snapshot"}],
 "model": {"links": "reliable", "fifo": true, "timing": {"asynchronous": {"max_delay": 4}}},
 "seed": 1, "until": 60}"#;

const NAMES: [&str; 4] = ["A", "B", "C", "D"];

/// A bank scenario: `tokens` per process, random transfers, snapshots at
/// (process, time).
fn bank(
    protocol: &str,
    tokens: &[u64],
    transfers: (usize, u64),
    snaps: &[(usize, f64)],
    fifo: bool,
    max_delay: f64,
    seed: u64,
) -> Value {
    let n = tokens.len();
    json!({
        "protocol": protocol,
        "processes": NAMES[..n],
        "tokens": (0..n).map(|i| (NAMES[i].to_string(), json!(tokens[i]))).collect::<serde_json::Map<_, _>>(),
        "transfers": {"random": {"count": transfers.0, "max": transfers.1}},
        "inputs": snaps.iter().map(|&(p, at)| json!({"node": NAMES[p], "at": at, "input": "snapshot"})).collect::<Vec<_>>(),
        "model": {"links": "reliable", "nodes": "crash-stop", "fifo": fifo,
                  "timing": {"asynchronous": {"max_delay": max_delay}}},
        "seed": seed, "until": 80,
    })
}

fn simulate(scenario: &Value) -> Value {
    let s = Scenario::parse(&scenario.to_string()).unwrap();
    run(&s).to_json()
}

/// The run's trace as the checks read it.
struct Trace {
    /// Events in the order they happened: (id, process, kind).
    events: Vec<(String, String, String)>,
    /// Each transfer's amount, by message id.
    amount: HashMap<String, u64>,
    /// Each message's sender and receiver process, send and receive event.
    sent_by: HashMap<String, usize>,
    received_by: HashMap<String, usize>,
    /// Event index by id.
    index: HashMap<String, usize>,
}

fn read_trace(report: &Value) -> Trace {
    let mut t = Trace {
        events: Vec::new(),
        amount: HashMap::new(),
        sent_by: HashMap::new(),
        received_by: HashMap::new(),
        index: HashMap::new(),
    };
    for (i, e) in report["trace"]["events"].as_array().unwrap().iter().enumerate() {
        let id = e["id"].as_str().unwrap().to_string();
        let kind = e["kind"].as_str().unwrap().to_string();
        t.index.insert(id.clone(), i);
        if kind == "send" {
            let ms: Vec<String> = match e.get("message") {
                Some(m) => vec![m.as_str().unwrap().to_string()],
                None => e["messages"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m.as_str().unwrap().to_string())
                    .collect(),
            };
            if let Some(a) = e.get("amount") {
                assert_eq!(ms.len(), 1, "a transfer is sent alone: {e}");
                assert!(e.get("marker").is_none());
                t.amount.insert(ms[0].clone(), a.as_u64().unwrap());
            }
            for m in ms {
                t.sent_by.insert(m, i);
            }
        } else if kind == "receive" {
            t.received_by.insert(e["message"].as_str().unwrap().to_string(), i);
        }
        t.events.push((id, e["process"].as_str().unwrap().to_string(), kind));
    }
    t
}

/// Balances after every event, recomputed from the amounts; asserts that
/// held plus in flight is the total at every event and that no balance
/// goes below 0. Returns each event's balance at its process.
fn balances(t: &Trace, start: &BTreeMap<String, u64>) -> Vec<u64> {
    let total: u64 = start.values().sum();
    let mut held: BTreeMap<String, i64> = start.iter().map(|(k, &v)| (k.clone(), v as i64)).collect();
    let mut flying: i64 = 0;
    let by_send: HashMap<usize, &String> = t.sent_by.iter().map(|(m, &e)| (e, m)).collect();
    let by_receive: HashMap<usize, &String> = t.received_by.iter().map(|(m, &e)| (e, m)).collect();
    let mut after = Vec::new();
    for (i, (_, p, _)) in t.events.iter().enumerate() {
        if let Some(a) = by_send.get(&i).and_then(|m| t.amount.get(*m)) {
            *held.get_mut(p).unwrap() -= *a as i64;
            flying += *a as i64;
        }
        if let Some(a) = by_receive.get(&i).and_then(|m| t.amount.get(*m)) {
            *held.get_mut(p).unwrap() += *a as i64;
            flying -= *a as i64;
        }
        assert!(held.values().all(|&h| h >= 0), "a balance below 0 at event {i}");
        assert_eq!(held.values().sum::<i64>() + flying, total as i64, "tokens made or lost at event {i}");
        after.push(held[p] as u64);
    }
    after
}

/// Checks one snapshot of the report against the trace, by brute force.
fn check_snapshot(t: &Trace, start: &BTreeMap<String, u64>, balance_after: &[u64], snap: &Value) {
    assert_eq!(snap["complete"], true, "{snap}");
    let names: Vec<&String> = start.keys().collect();
    // The cut: each process's events up to its recording event.
    let mut last: HashMap<&str, usize> = HashMap::new();
    for p in &names {
        let event = snap["processes"][p.as_str()]["event"].as_str().unwrap();
        let i = t.index[event];
        assert_eq!(&t.events[i].1, *p, "{event} is {p}'s");
        last.insert(p.as_str(), i);
        // The recorded balance is the balance there.
        assert_eq!(
            snap["processes"][p.as_str()]["tokens"].as_u64().unwrap(),
            balance_after[i],
            "{p} at {event}"
        );
    }
    let inside = |i: usize| i <= last[t.events[i].1.as_str()];
    // Happened-before over program order and transfers, walked backwards
    // from every event inside: everything reached must be inside.
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); t.events.len()];
    let mut previous: HashMap<&str, usize> = HashMap::new();
    for (i, (_, p, _)) in t.events.iter().enumerate() {
        if let Some(&j) = previous.get(p.as_str()) {
            preds[i].push(j);
        }
        previous.insert(p, i);
    }
    for (m, &r) in &t.received_by {
        if t.amount.contains_key(m) {
            preds[r].push(t.sent_by[m]);
        }
    }
    for start_event in (0..t.events.len()).filter(|&i| inside(i)) {
        let mut seen = BTreeSet::from([start_event]);
        let mut stack = vec![start_event];
        while let Some(i) = stack.pop() {
            assert!(
                inside(i),
                "{} happened before {} but is outside the cut",
                t.events[i].0,
                t.events[start_event].0
            );
            for &j in &preds[i] {
                if seen.insert(j) {
                    stack.push(j);
                }
            }
        }
    }
    // Each channel: the transfers sent inside and received outside.
    let mut recorded_amount = 0;
    for q in &names {
        for p in names.iter().filter(|p| p != &q) {
            let key = format!("{q}->{p}");
            let got: BTreeSet<String> = snap["channels"][&key]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap().to_string())
                .collect();
            let want: BTreeSet<String> = t
                .amount
                .keys()
                .filter(|m| {
                    let s = t.sent_by[*m];
                    let to_p = t.received_by.get(*m).is_none_or(|&r| &t.events[r].1 == *p);
                    &t.events[s].1 == *q
                        && to_p
                        && inside(s)
                        && t.received_by.get(*m).is_none_or(|&r| !inside(r))
                })
                .cloned()
                .collect();
            // A transfer never received names no receiver in the trace, so
            // it counts on every channel from its sender: a finished
            // snapshot on reliable links must leave none sent inside.
            assert_eq!(got, want, "channel {key}");
            recorded_amount += got.iter().map(|m| t.amount[m]).sum::<u64>();
        }
    }
    let held: u64 = names.iter().map(|p| snap["processes"][p.as_str()]["tokens"].as_u64().unwrap()).sum();
    assert_eq!(held + recorded_amount, start.values().sum::<u64>(), "the snapshot conserves tokens");
    assert_eq!(
        snap["checks"],
        json!({"conserved": true, "consistent_cut": true, "channels_match_cut": true})
    );
}

fn check_run(scenario: &Value, snapshots: usize) {
    let report = simulate(scenario);
    let t = read_trace(&report);
    let start: BTreeMap<String, u64> = scenario["tokens"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
        .collect();
    let after = balances(&t, &start);
    let snaps = report["snapshots"].as_array().unwrap();
    assert_eq!(snaps.len(), snapshots, "{}", report["snapshots"]);
    for s in snaps {
        check_snapshot(&t, &start, &after, s);
    }
    assert_eq!(report["invariants"]["snapshot-consistent"], true);
}

/// `held` against the definition: the instants (the start, and every
/// event's time) at which the transfers sent or received so far are
/// exactly those inside the cut.
fn check_held(o: &lightcone::core::sim::outcome::Outcome, cut: &lightcone::core::cut::Cut) {
    use lightcone::core::sim::snapshot::{held, Held};
    let t = &o.trace;
    let transfer = |m: u32| o.record.messages[m as usize].fields.contains_key("amount");
    let moving: Vec<u32> = (0..t.event_count() as u32)
        .filter(|&e| t.sent_by(e).iter().chain(t.received_by(e)).any(|&m| transfer(m)))
        .collect();
    let inside: BTreeSet<u32> = moving.iter().copied().filter(|&e| cut.contains(t, e)).collect();
    let instants = std::iter::once(0.0).chain(o.times.iter().copied());
    let past = |at: f64| -> BTreeSet<u32> {
        moving.iter().copied().filter(|&e| o.times[e as usize] <= at).collect()
    };
    let when: Vec<f64> = instants.filter(|&at| past(at) == inside).collect();
    match held(o, cut) {
        Held::During { from, until } => {
            let first = when.iter().copied().fold(f64::INFINITY, f64::min);
            assert_eq!(from, first, "{cut:?}: held from {from}, by the definition from {when:?}");
            let next = moving.iter().filter(|e| !inside.contains(e)).map(|&e| o.times[e as usize]);
            assert_eq!(until, next.reduce(f64::min), "{cut:?}");
        }
        Held::Never { earlier, later } => {
            assert!(when.is_empty(), "{cut:?}: said never, but held at {when:?}");
            assert!(!cut.contains(t, earlier) && cut.contains(t, later));
            assert!(o.times[earlier as usize] <= o.times[later as usize]);
        }
    }
}

fn tokens(n: usize) -> impl Strategy<Value = Vec<u64>> {
    prop::collection::vec(0u64..8, n)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_chandy_lamport_snapshot_on_fifo_channels_is_consistent(
        (n, toks) in (2usize..=4).prop_flat_map(|n| (Just(n), tokens(n))),
        count in 1usize..25, max in 1u64..4, who in 0usize..4, at in 0.0f64..50.0,
        delay in 0.5f64..6.0, seed in any::<u64>(),
    ) {
        check_run(&bank("chandy-lamport", &toks, (count, max), &[(who % n, at)], true, delay, seed), 1);
    }

    #[test]
    fn every_lai_yang_snapshot_without_fifo_is_consistent(
        (n, toks) in (2usize..=4).prop_flat_map(|n| (Just(n), tokens(n))),
        count in 1usize..25, max in 1u64..4, who in 0usize..4, at in 0.0f64..50.0,
        delay in 0.5f64..6.0, seed in any::<u64>(),
    ) {
        check_run(&bank("lai-yang", &toks, (count, max), &[(who % n, at)], false, delay, seed), 1);
    }

    #[test]
    fn a_recorded_state_held_exactly_at_the_instants_whose_past_is_its_cut(
        (n, toks) in (2usize..=4).prop_flat_map(|n| (Just(n), tokens(n))),
        count in 1usize..20, who in 0usize..4, at in 0.0f64..30.0,
        delay in 0.5f64..6.0, seed in any::<u64>(),
    ) {
        let s = Scenario::parse(&bank("chandy-lamport", &toks, (count, 3), &[(who % n, at)], true, delay, seed).to_string()).unwrap();
        let o = run(&s);
        for snap in o.report["snapshots"].as_array().unwrap() {
            let cut = lightcone::core::sim::snapshot::recorded_cut(&o, snap).unwrap();
            check_held(&o, &cut);
        }
        // Any other cut too, consistent or not.
        let t = &o.trace;
        let frontier = (0..t.process_count() as u32)
            .map(|p| (seed >> (p * 8)) as u32 % (t.process_events(p).len() as u32 + 1))
            .collect();
        check_held(&o, &lightcone::core::cut::Cut { frontier });
    }

    #[test]
    fn two_concurrent_chandy_lamport_snapshots_are_each_consistent(
        (n, toks) in (2usize..=4).prop_flat_map(|n| (Just(n), tokens(n))),
        count in 1usize..25, first in 0usize..4, second in 0usize..4, at in 0.0f64..40.0,
        gap in 0.0f64..3.0, seed in any::<u64>(),
    ) {
        let snaps = [(first % n, at), (second % n, at + gap)];
        check_run(&bank("chandy-lamport", &toks, (count, 3), &snaps, true, 4.0, seed), 2);
    }

    #[test]
    fn tokens_are_conserved_at_every_event_of_any_run(
        (_n, toks) in (2usize..=4).prop_flat_map(|n| (Just(n), tokens(n))),
        count in 1usize..40, lai_yang in any::<bool>(), fifo in any::<bool>(), seed in any::<u64>(),
    ) {
        // Whether or not the snapshot is right, the bank never makes or loses a token.
        let protocol = if lai_yang { "lai-yang" } else { "chandy-lamport" };
        let s = bank(protocol, &toks, (count, 3), &[(0, 10.0)], fifo, 4.0, seed);
        let report = simulate(&s);
        let start: BTreeMap<String, u64> =
            s["tokens"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_u64().unwrap())).collect();
        balances(&read_trace(&report), &start);
    }
}

#[test]
fn a_snapshot_scenario_with_a_misspelt_key_is_refused_naming_it() {
    let misspelt = EXAMPLE.replace("\"tokens\"", "\"tokns\"");
    let err = Scenario::parse(&misspelt).unwrap_err();
    assert!(err.contains("\"tokns\"") && err.contains("did you mean \"tokens\""), "{err}");
    let err = Scenario::parse(&EXAMPLE.replace("\"max\": 3", "\"maks\": 3")).unwrap_err();
    assert!(err.contains("maks"), "{err}");
    let err = Scenario::parse(&EXAMPLE.replace("\"C\": 10", "\"D\": 10")).unwrap_err();
    assert!(err.contains("\"D\""), "{err}");
}

fn small(protocol: &str, fifo: bool) -> Scenario {
    let text = json!({
        "protocol": protocol, "processes": ["A", "B", "C"], "tokens": {"A": 3, "B": 3, "C": 3},
        "transfers": [{"from": "A", "to": "B", "amount": 1, "at": 1}, {"from": "B", "to": "C", "amount": 2, "at": 2}],
        "inputs": [{"node": "A", "at": 2.5, "input": "snapshot"}],
        "model": {"links": "reliable", "nodes": "crash-stop", "fifo": fifo, "timing": {"asynchronous": {"max_delay": 4}}},
    });
    Scenario::parse(&text.to_string()).unwrap()
}

fn finding(s: &Scenario) -> Finding {
    let bounds = Bounds { crashes: 0, ..Bounds::default() };
    let v = explore(s, &bounds);
    v.properties.into_iter().find(|p| p.name == "snapshot-consistent").unwrap().finding
}

#[test]
fn the_explorer_finds_a_marker_overtaking_a_transfer_only_without_fifo_and_only_for_chandy_lamport() {
    let Finding::Violated(steps) = finding(&small("chandy-lamport", false)) else {
        panic!("no counterexample")
    };
    // The counterexample replays, and its snapshot is wrong by the trace.
    let mut replay = small("chandy-lamport", false);
    replay.inputs.clear();
    replay.schedule = steps;
    let report = run(&replay).to_json();
    assert_eq!(report["invariants"]["snapshot-consistent"], false);
    let checks = &report["snapshots"][0]["checks"];
    assert!(checks.as_object().unwrap().values().any(|v| v == false), "{checks}");
    assert_eq!(finding(&small("chandy-lamport", true)), Finding::Holds);
    assert_eq!(finding(&small("lai-yang", false)), Finding::Holds);
    assert_eq!(finding(&small("lai-yang", true)), Finding::Holds);
}

#[test]
fn lai_yang_takes_one_snapshot_per_run() {
    let two = EXAMPLE.replace("chandy-lamport", "lai-yang").replace(
        r#"[{"node": "A", "at": 2.5, "input": "snapshot"}]"#,
        r#"[{"node": "A", "at": 2.5, "input": "snapshot"}, {"node": "B", "at": 3, "input": "snapshot"}]"#,
    );
    assert!(Scenario::parse(&two).unwrap_err().contains("one snapshot per run"));
}

#[test]
fn the_cli_prints_snapshots_and_explores_snapshot_consistency() {
    let out = lightcone(&["simulate", "-"], EXAMPLE);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let snap = &v["snapshots"][0];
    assert_eq!((snap["id"].as_u64(), snap["initiator"].as_str()), (Some(0), Some("A")));
    for p in ["A", "B", "C"] {
        assert!(
            snap["processes"][p]["tokens"].is_u64() && snap["processes"][p]["event"].is_string(),
            "{snap}"
        );
    }
    for c in ["A->B", "A->C", "B->A", "B->C", "C->A", "C->B"] {
        assert!(snap["channels"][c].is_array(), "{snap}");
    }
    for check in ["conserved", "consistent_cut", "channels_match_cut"] {
        assert_eq!(snap["checks"][check], true);
    }
    let events = v["trace"]["events"].as_array().unwrap();
    assert!(events.iter().any(|e| e["kind"] == "send" && e["amount"].is_u64()));
    assert!(events.iter().any(|e| e["kind"] == "send" && e["marker"] == 0));
    // The trace is still a trace: analyze takes it.
    assert!(lightcone(&["analyze", "-"], &v["trace"].to_string()).status.success());

    let explore = |protocol: &str| -> Value {
        let scenario = serde_json::to_string(&small(protocol, false)).unwrap();
        let out = lightcone(&["explore", "-", "--crashes", "0"], &scenario);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let cl = explore("chandy-lamport");
    assert_eq!(cl["properties"]["snapshot-consistent"], "violated");
    assert!(cl["counterexample"]["schedule"].is_array());
    assert_eq!(explore("lai-yang")["properties"]["snapshot-consistent"], "holds");
}

#[test]
fn the_example_scenarios_replay_as_they_say() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let report = |file: &str| {
        let text = std::fs::read_to_string(format!("{dir}/www/scenarios/{file}")).unwrap();
        run(&Scenario::parse(&text).unwrap()).to_json()
    };
    for (file, snapshots) in
        [("bank-one-snapshot.json", 1), ("bank-two-snapshots.json", 2), ("bank-lai-yang.json", 1)]
    {
        let text = std::fs::read_to_string(format!("{dir}/www/scenarios/{file}")).unwrap();
        check_run(&serde_json::from_str(&text).unwrap(), snapshots);
    }
    // Each recorded cut, as the page draws it, is consistent by the cut's
    // own verdict on the run's trace.
    for file in ["bank-one-snapshot.json", "bank-two-snapshots.json", "bank-lai-yang.json"] {
        let text = std::fs::read_to_string(format!("{dir}/www/scenarios/{file}")).unwrap();
        let o = run(&Scenario::parse(&text).unwrap());
        let snaps = o.report["snapshots"].as_array().unwrap();
        assert!(!snaps.is_empty(), "{file}");
        for snap in snaps {
            let cut = lightcone::core::sim::snapshot::recorded_cut(&o, snap).expect("every process recorded");
            let v = lightcone::core::cut::verdict(&o.trace, &cut);
            assert!(
                v.consistent,
                "{file}: snapshot {}: {:?} {:?}",
                snap["id"],
                v.violations
                    .iter()
                    .map(|x| (
                        o.trace.event_id(x.cause),
                        o.trace.event_id(x.effect),
                        x.message().map(|m| o.record.messages[m as usize].fields.clone())
                    ))
                    .collect::<Vec<_>>(),
                snap["processes"]
            );
            // The cut holds each process's events up to where it recorded,
            // less the receipt of a marker or a white count.
            for (name, p) in snap["processes"].as_object().unwrap() {
                let q = o.trace.process_by_name(name).unwrap();
                let e = o.trace.event_by_id(p["event"].as_str().unwrap()).unwrap();
                let seq = o.trace.process_events(q).iter().position(|&x| x == e).unwrap() as u32;
                assert!(
                    cut.frontier[q as usize] == seq || cut.frontier[q as usize] == seq + 1,
                    "{file}: {name}"
                );
            }
        }
    }
    let counter = report("bank-fifo-counterexample.json");
    assert_eq!(counter["invariants"]["snapshot-consistent"], false);
    assert_eq!(counter["snapshots"][0]["checks"]["conserved"], false);
}

/// The Theorem 1 preset: a consistent snapshot of a state no instant of
/// the run had, small enough for its lattice to be drawn.
#[test]
fn the_never_held_preset_records_a_state_the_run_never_passed_through() {
    use lightcone::core::sim::snapshot::{held, recorded_cut, Held};
    let dir = env!("CARGO_MANIFEST_DIR");
    let text = std::fs::read_to_string(format!("{dir}/www/scenarios/bank-never-held.json")).unwrap();
    check_run(&serde_json::from_str(&text).unwrap(), 1);
    let o = run(&Scenario::parse(&text).unwrap());
    let snap = &o.report["snapshots"][0];
    assert_eq!(snap["processes"]["A"]["tokens"], 5);
    assert_eq!(snap["processes"]["B"]["tokens"], 4);
    let cut = recorded_cut(&o, snap).unwrap();
    let t = &o.trace;
    let label = |e: u32| t.label(e).unwrap_or("").to_string();
    let Held::Never { earlier, later } = held(&o, &cut) else { panic!("{:?}", held(&o, &cut)) };
    // A's payment (outside) went before B's (inside).
    assert_eq!((t.process_name(t.process_of(earlier)), t.process_name(t.process_of(later))), ("A", "B"));
    assert!(
        t.sent_by(earlier).iter().any(|&m| o.record.messages[m as usize].fields["amount"] == 2),
        "{}",
        label(earlier)
    );
    assert!(
        t.sent_by(later).iter().any(|&m| o.record.messages[m as usize].fields["amount"] == 1),
        "{}",
        label(later)
    );
    // Yet a run of the same events passes through it.
    let seq = lightcone::core::cut::through(t, &cut).expect("the recorded cut is consistent");
    assert_eq!(seq.len(), t.event_count());
    let vectors = lightcone::core::clocks::VectorClocks::compute(t).unwrap();
    let count = lightcone::core::cut::count(t, &vectors, 1000);
    assert!(count.exact && count.count <= 80, "{count:?}: the page draws lattices of up to 80 cuts");
}
