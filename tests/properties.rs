//! Property tests: the core against brute-force definitions on random traces
//! (with broadcasts, gathers and lost messages).
// Pairs of events read most clearly as index pairs into a reachability matrix.
#![allow(clippy::needless_range_loop)]
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{edges, reachability};
use lightcone::core::causality::{Hop, Relation};
use lightcone::core::clocks::{compare, LamportClocks, LamportRule, Order, ReceiveRule};
use lightcone::core::formats::{parse_trace, write_trace};
use lightcone::core::generate::{random_trace, Settings};
use lightcone::core::trace::Via;
use lightcone::core::{Analysis, Trace, TraceError};
use proptest::prelude::*;

const PROCESSES: usize = 5;

/// Random traces on 1 to 5 initial processes, with broadcasts, gathers,
/// lost messages, forks and joins.
fn trace() -> impl Strategy<Value = Trace> {
    common::strategy::trace(PROCESSES, 40, 1)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn vector_order_is_exactly_reachability(t in trace()) {
        let a = Analysis::run(&t, &LamportRule::classic()).unwrap();
        let reach = reachability(&t);
        let causality = a.causality(&t);
        for x in 0..t.event_count() as u32 {
            for y in 0..t.event_count() as u32 {
                let path = reach[x as usize][y as usize];
                let before = compare(&a.vectors.of(x).to_vec(), &a.vectors.of(y).to_vec()) == Order::Before;
                prop_assert_eq!(before, path, "V({}) < V({}) vs path", t.event_id(x), t.event_id(y));
                prop_assert_eq!(causality.happened_before(x, y), path);
            }
        }
    }

    #[test]
    fn classic_lamport_satisfies_the_clock_condition(t in trace(), steps in proptest::collection::vec(1u64..4, PROCESSES)) {
        let reach = reachability(&t);
        for rule in [LamportRule::classic(), LamportRule { receive: ReceiveRule::Classic, steps }] {
            let l = LamportClocks::compute(&t, &rule).unwrap();
            for x in 0..t.event_count() {
                for y in 0..t.event_count() {
                    if reach[x][y] {
                        prop_assert!(l.time(x as u32) < l.time(y as u32));
                    }
                }
            }
            prop_assert!(l.violations(&t).is_empty());
        }
    }

    #[test]
    fn violations_are_exactly_the_edges_where_time_does_not_grow(t in trace(), r in 0..3usize) {
        let rule = LamportRule { receive: ReceiveRule::ALL[r], steps: vec![] };
        let l = LamportClocks::compute(&t, &rule).unwrap();
        let mut expected: Vec<(u32, u32)> = edges(&t).into_iter().filter(|&(a, b)| l.time(a) >= l.time(b)).collect();
        let mut found: Vec<(u32, u32)> = l.violations(&t).iter().map(|v| (v.before, v.after)).collect();
        expected.sort();
        found.sort();
        prop_assert_eq!(found, expected);
    }

    #[test]
    fn total_order_extends_happened_before(t in trace()) {
        let a = Analysis::run(&t, &LamportRule::classic()).unwrap();
        let mut position = vec![0; t.event_count()];
        for (i, &e) in a.total_order.iter().enumerate() {
            position[e as usize] = i;
        }
        prop_assert_eq!(a.total_order.len(), t.event_count());
        for (x, y) in edges(&t) {
            prop_assert!(position[x as usize] < position[y as usize]);
        }
        // Ties in Lamport time are broken by process order.
        for w in a.total_order.windows(2) {
            let key = |e: u32| (a.lamport.time(e), t.process_of(e));
            prop_assert!(key(w[0]) < key(w[1]));
        }
    }

    #[test]
    fn concurrent_pair_count_matches_the_quadratic_count(t in trace()) {
        let reach = reachability(&t);
        let n = t.event_count();
        let mut brute = 0u64;
        for x in 0..n {
            for y in x + 1..n {
                if !reach[x][y] && !reach[y][x] {
                    brute += 1;
                }
            }
        }
        prop_assert_eq!(Analysis::run(&t, &LamportRule::classic()).unwrap().concurrent_pairs, brute);
    }

    #[test]
    fn witnesses_prove_their_relation(t in trace()) {
        let a = Analysis::run(&t, &LamportRule::classic()).unwrap();
        let c = a.causality(&t);
        for x in 0..t.event_count() as u32 {
            for y in 0..t.event_count() as u32 {
                match c.relation(x, y) {
                    Relation::Same => prop_assert_eq!(x, y),
                    Relation::Before(chain) => check_chain(&t, &chain, x, y)?,
                    Relation::After(chain) => check_chain(&t, &chain, y, x)?,
                    Relation::Concurrent(w) => {
                        let (vx, vy) = (a.vectors.of(x).to_vec(), a.vectors.of(y).to_vec());
                        prop_assert_eq!(w.a_entry, (t.process_of(x), vx[t.process_of(x) as usize], vy[t.process_of(x) as usize]));
                        prop_assert!(w.a_entry.1 > w.a_entry.2 && w.b_entry.1 > w.b_entry.2);
                        prop_assert_eq!(w.b_entry.0, t.process_of(y));
                    }
                }
            }
        }
    }

    #[test]
    fn cones_partition_the_trace(t in trace()) {
        let a = Analysis::run(&t, &LamportRule::classic()).unwrap();
        let c = a.causality(&t);
        let reach = reachability(&t);
        for e in 0..t.event_count() as u32 {
            let past: Vec<u32> = (0..t.event_count() as u32).filter(|&x| reach[x as usize][e as usize]).collect();
            let future: Vec<u32> = (0..t.event_count() as u32).filter(|&x| reach[e as usize][x as usize]).collect();
            let mut got_past = c.past(e);
            got_past.sort();
            prop_assert_eq!(&got_past, &past);
            prop_assert_eq!(&c.future(e), &future);
            let concurrent = c.concurrent_with(e);
            prop_assert_eq!(past.len() + future.len() + concurrent.len() + 1, t.event_count());
        }
    }

    #[test]
    fn the_json_format_round_trips(t in trace()) {
        let text = write_trace(&t);
        prop_assert_eq!(parse_trace(&text).unwrap(), t);
    }

    #[test]
    fn reordering_a_process_is_refused_exactly_when_it_makes_a_cycle(t in trace(), seed in any::<u64>()) {
        // Reverse one process's events: the result is valid iff acyclic.
        let p = (seed % t.process_count() as u64) as u32;
        let mut doc: serde_json::Value = serde_json::from_str(&write_trace(&t)).unwrap();
        let events = doc["events"].as_array_mut().unwrap();
        let of_p: Vec<usize> = (0..events.len()).filter(|&i| events[i]["process"] == t.process_name(p)).collect();
        let reversed: Vec<serde_json::Value> = of_p.iter().rev().map(|&i| events[i].clone()).collect();
        for (&i, e) in of_p.iter().zip(reversed) {
            events[i] = e;
        }
        let text = doc.to_string();
        let acyclic = brute_force_acyclic(&doc);
        match parse_trace(&text) {
            Ok(_) => prop_assert!(acyclic),
            Err(TraceError::CausalCycle { cycle }) => {
                prop_assert!(!acyclic);
                let ends: Vec<&str> = cycle.split(' ').collect();
                prop_assert_eq!(ends.first(), ends.last(), "a cycle ends where it starts: {}", cycle);
            }
            Err(other) => prop_assert!(false, "unexpected error {}", other),
        }
    }

    #[test]
    fn generated_traces_are_reproducible_from_their_seed(seed in any::<u64>(), n in 1..8usize, events in 0..60usize) {
        let s = Settings { processes: n, events, message_probability: 0.6, loss_probability: 0.2, seed };
        let (x, y) = (random_trace(&s).unwrap(), random_trace(&s).unwrap());
        prop_assert_eq!(x.event_count(), events);
        prop_assert_eq!(write_trace(&x), write_trace(&y));
    }
}

fn check_chain(t: &Trace, chain: &[Hop], from: u32, to: u32) -> Result<(), TestCaseError> {
    prop_assert!(!chain.is_empty());
    // The events along the chain form a path of direct edges from `from` to `to`.
    let a = Analysis::run(t, &LamportRule::classic()).unwrap();
    let along = a.causality(t).chain_events(chain);
    prop_assert_eq!(along.first(), Some(&from));
    prop_assert_eq!(along.last(), Some(&to));
    let direct = edges(t);
    for w in along.windows(2) {
        prop_assert!(
            direct.contains(&(w[0], w[1])),
            "{} -> {} is not an edge",
            t.event_id(w[0]),
            t.event_id(w[1])
        );
    }
    prop_assert_eq!(chain[0].from(), from);
    prop_assert_eq!(chain[chain.len() - 1].to(), to);
    for w in chain.windows(2) {
        prop_assert_eq!(w[0].to(), w[1].from());
    }
    for hop in chain {
        match *hop {
            Hop::Program { from, to } => {
                prop_assert_eq!(t.process_of(from), t.process_of(to));
                prop_assert!(t.seq(from) < t.seq(to));
            }
            Hop::Via { from, to, via } => {
                prop_assert!(t.causes(to).any(|c| c == (from, via)));
                if let Via::Message(message) = via {
                    prop_assert_eq!(t.send_of(message), from);
                    prop_assert_eq!(t.receive_of(message), Some(to));
                }
            }
        }
    }
    Ok(())
}

/// Brute force on the JSON: program order, message, fork and join edges,
/// then a DFS looking for a back edge.
fn brute_force_acyclic(doc: &serde_json::Value) -> bool {
    let events = doc["events"].as_array().unwrap();
    let n = events.len();
    let mut next = vec![Vec::new(); n];
    let mut last: std::collections::HashMap<&str, usize> = Default::default();
    let mut senders: std::collections::HashMap<String, usize> = Default::default();
    let names = |e: &serde_json::Value| -> Vec<String> {
        let mut v: Vec<String> = e["message"].as_str().map(String::from).into_iter().collect();
        v.extend(e["messages"].as_array().into_iter().flatten().map(|m| m.as_str().unwrap().to_string()));
        v
    };
    for (i, e) in events.iter().enumerate() {
        if let Some(&j) = last.get(e["process"].as_str().unwrap()) {
            next[j].push(i);
        }
        last.insert(e["process"].as_str().unwrap(), i);
        if e["kind"] == "send" {
            for m in names(e) {
                senders.insert(m, i);
            }
        }
    }
    for (i, e) in events.iter().enumerate() {
        if e["kind"] == "receive" {
            for m in names(e) {
                next[senders[&m]].push(i);
            }
        }
    }
    // A fork precedes its child's first event (or its join if it has none);
    // a retired process's last event (or its fork) precedes its join.
    let on = |p: &str| (0..n).filter(|&i| events[i]["process"] == p).collect::<Vec<_>>();
    let find = |kind: &str, field: &str, p: &str| {
        (0..n).find(|&i| events[i]["kind"] == kind && events[i][field] == p)
    };
    for (i, e) in events.iter().enumerate() {
        if let Some(c) = e["child"].as_str().filter(|_| e["kind"] == "fork") {
            if let Some(first) = on(c).first().copied().or(find("join", "from", c)) {
                next[i].push(first);
            }
        }
        if let Some(c) = e["from"].as_str().filter(|_| e["kind"] == "join") {
            if let Some(last) = on(c).last().copied().or(find("fork", "child", c)) {
                next[last].push(i);
            }
        }
    }
    // 0 = new, 1 = on the stack, 2 = done
    fn dfs(x: usize, next: &[Vec<usize>], state: &mut [u8]) -> bool {
        state[x] = 1;
        for &y in &next[x] {
            if state[y] == 1 || (state[y] == 0 && !dfs(y, next, state)) {
                return false;
            }
        }
        state[x] = 2;
        true
    }
    let mut state = vec![0u8; n];
    (0..n).all(|x| state[x] != 0 || dfs(x, &next, &mut state))
}

#[test]
fn a_receive_of_several_messages_delivers_them_in_the_order_listed() {
    let text = r#"{"processes": ["A", "B", "C"], "events": [
        {"id": "a1", "process": "A", "kind": "send", "message": "m1"},
        {"id": "b1", "process": "B", "kind": "send", "message": "m2"},
        {"id": "c1", "process": "C", "kind": "receive", "messages": ["m2", "m1"]}]}"#;
    let t = parse_trace(text).unwrap();
    let c1 = t.event_by_id("c1").unwrap();
    let order: Vec<&str> = t.received_by(c1).iter().map(|&m| t.message_id(m)).collect();
    assert_eq!(order, ["m2", "m1"]);
    let written = write_trace(&t);
    assert!(written.contains(r#""messages": ["m2", "m1"]"#), "{written}");
}
