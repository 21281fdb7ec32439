//! Consistent cuts against brute force: every frontier of small random
//! traces (forks and joins included) enumerated, each judged closed under
//! happened-before or not by the reachability of the definitions.
// Events read most clearly as indices into the reachability matrix.
#![allow(clippy::needless_range_loop)]
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{edges, reachability};
use lightcone::core::clocks::VectorClocks;
use lightcone::core::cut::{self, Cut};
use lightcone::core::Trace;
use proptest::prelude::*;
use std::collections::BTreeSet;

/// Small random traces: every frontier of them can be listed.
fn trace() -> impl Strategy<Value = Trace> {
    common::strategy::trace(4, 18, 1)
}

/// Every frontier: the product of (events + 1) over the processes.
fn every_cut(t: &Trace) -> Vec<Cut> {
    let mut cuts = vec![Cut { frontier: Vec::new() }];
    for p in 0..t.process_count() as u32 {
        let len = t.process_events(p).len() as u32;
        cuts = cuts
            .into_iter()
            .flat_map(|c| {
                (0..=len).map(move |n| {
                    let mut f = c.frontier.clone();
                    f.push(n);
                    Cut { frontier: f }
                })
            })
            .collect();
    }
    cuts
}

fn inside(t: &Trace, c: &Cut, e: usize) -> bool {
    (t.seq(e as u32)) < c.frontier[t.process_of(e as u32) as usize]
}

/// The definition: whatever happened before an event inside is inside.
fn closed(t: &Trace, reach: &[Vec<bool>], c: &Cut) -> bool {
    let n = t.event_count();
    (0..n).all(|e| !inside(t, c, e) || (0..n).all(|x| !reach[x][e] || inside(t, c, x)))
}

fn subset(a: &Cut, b: &Cut) -> bool {
    a.frontier.iter().zip(&b.frontier).all(|(x, y)| x <= y)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn verdict_is_closure_under_happened_before(t in trace()) {
        let reach = reachability(&t);
        let direct = edges(&t);
        for c in every_cut(&t) {
            let v = cut::verdict(&t, &c);
            prop_assert_eq!(v.consistent, closed(&t, &reach, &c), "{:?}", c);
            prop_assert_eq!(v.consistent, v.violations.is_empty());
            // Exactly the direct edges from outside into the cut.
            let crossing: BTreeSet<(u32, u32)> = direct
                .iter()
                .copied()
                .filter(|&(a, b)| inside(&t, &c, b as usize) && !inside(&t, &c, a as usize))
                .collect();
            let named: BTreeSet<(u32, u32)> = v.violations.iter().map(|x| (x.cause, x.effect)).collect();
            prop_assert_eq!(&named, &crossing);
            // Exactly the messages received inside but sent outside.
            let messages: BTreeSet<u32> = (0..t.message_count() as u32)
                .filter(|&m| {
                    t.receive_of(m).is_some_and(|r| inside(&t, &c, r as usize))
                        && !inside(&t, &c, t.send_of(m) as usize)
                })
                .collect();
            let listed: Vec<u32> = v.violations.iter().filter_map(|x| x.message()).collect();
            prop_assert_eq!(listed.len(), messages.len(), "a message listed twice");
            prop_assert_eq!(listed.into_iter().collect::<BTreeSet<_>>(), messages);
            for x in &v.violations {
                prop_assert_eq!(x.kind() == "message", x.message().is_some());
            }
        }
    }

    #[test]
    fn nearest_consistent_cuts_are_the_greatest_below_and_least_above(t in trace()) {
        let reach = reachability(&t);
        let cuts = every_cut(&t);
        let consistent: Vec<&Cut> = cuts.iter().filter(|c| closed(&t, &reach, c)).collect();
        for c in &cuts {
            let below = cut::largest_consistent_within(&t, c);
            prop_assert!(closed(&t, &reach, &below), "{:?} within {:?}", below, c);
            prop_assert!(subset(&below, c));
            let above = cut::smallest_consistent_containing(&t, c);
            prop_assert!(closed(&t, &reach, &above), "{:?} around {:?}", above, c);
            prop_assert!(subset(c, &above));
            for d in &consistent {
                if subset(d, c) {
                    prop_assert!(subset(d, &below), "{:?} within {:?} but not {:?}", d, c, below);
                }
                if subset(c, d) {
                    prop_assert!(subset(&above, d), "{:?} around {:?} but not {:?}", d, c, above);
                }
            }
            if closed(&t, &reach, c) {
                prop_assert_eq!(&below, c);
                prop_assert_eq!(&above, c);
            }
        }
    }

    #[test]
    fn frontier_vector_and_mattern_rule_agree_with_the_definition(t in trace()) {
        let reach = reachability(&t);
        let vectors = VectorClocks::compute(&t).unwrap();
        for c in every_cut(&t) {
            let ok = closed(&t, &reach, &c);
            let v = cut::frontier_vector(&t, &vectors, &c);
            // The vector counts the cut's causal past by process, from the
            // brute force: events x with x inside, or x before an event inside.
            let past: Vec<u32> = (0..t.process_count() as u32)
                .map(|p| {
                    let events = t.process_events(p);
                    events
                        .iter()
                        .rposition(|&x| {
                            inside(&t, &c, x as usize)
                                || (0..t.event_count()).any(|e| inside(&t, &c, e) && reach[x as usize][e])
                        })
                        .map_or(0, |i| i as u32 + 1)
                })
                .collect();
            prop_assert_eq!(&v, &past);
            prop_assert_eq!(v == c.frontier, ok, "{:?}: {:?}", c, v);
            let checks = cut::frontier_test(&t, &vectors, &c);
            prop_assert_eq!(checks.iter().all(|x| x.holds), ok);
            let with_events = c.frontier.iter().filter(|&&n| n > 0).count();
            prop_assert_eq!(checks.len(), with_events * (t.process_count() - 1));
            for x in &checks {
                prop_assert_eq!(x.own, c.frontier[x.i as usize]);
                prop_assert_eq!(x.holds, x.own >= x.seen);
            }
        }
    }

    #[test]
    fn count_list_and_lattice_are_the_downsets(t in trace()) {
        let reach = reachability(&t);
        let vectors = VectorClocks::compute(&t).unwrap();
        let mut downsets: Vec<Cut> = every_cut(&t).into_iter().filter(|c| closed(&t, &reach, c)).collect();
        downsets.sort();
        let n = downsets.len() as u64;
        prop_assert_eq!(cut::count(&t, &vectors, u64::MAX), cut::Count { count: n, exact: true });
        prop_assert_eq!(cut::count(&t, &vectors, n), cut::Count { count: n, exact: true });
        prop_assert_eq!(cut::count(&t, &vectors, n - 1), cut::Count { count: n - 1, exact: false });
        prop_assert_eq!(cut::count(&t, &vectors, 0), cut::Count { count: 0, exact: false });
        prop_assert_eq!(cut::all(&t, &vectors, n as usize), Some(downsets.clone()));
        prop_assert_eq!(cut::all(&t, &vectors, n as usize - 1), None);

        prop_assert!(cut::lattice(&t, &vectors, n as usize - 1).is_none());
        let l = cut::lattice(&t, &vectors, n as usize).unwrap();
        prop_assert_eq!(l.nodes.len() as u64, n);
        let mut nodes: Vec<Cut> = l.nodes.iter().map(|x| x.cut.clone()).collect();
        for x in &l.nodes {
            prop_assert!(closed(&t, &reach, &x.cut));
            prop_assert_eq!(x.level, x.cut.frontier.iter().map(|&k| u64::from(k)).sum::<u64>());
        }
        prop_assert!(l.nodes.windows(2).all(|w| w[0].level <= w[1].level));
        nodes.sort();
        prop_assert_eq!(&nodes, &downsets);
        // Every pair of consistent cuts one event apart, and no other, is an edge.
        let one_apart = |a: &Cut, b: &Cut| {
            let d: Vec<i64> = a.frontier.iter().zip(&b.frontier).map(|(&x, &y)| i64::from(y) - i64::from(x)).collect();
            d.iter().filter(|&&x| x == 1).count() == 1 && d.iter().all(|&x| x == 0 || x == 1)
        };
        let mut expected = BTreeSet::new();
        for (i, a) in l.nodes.iter().enumerate() {
            for (j, b) in l.nodes.iter().enumerate() {
                if one_apart(&a.cut, &b.cut) {
                    expected.insert((i, j));
                }
            }
        }
        let got: BTreeSet<(usize, usize)> = l.edges.iter().map(|e| (e.from, e.to)).collect();
        prop_assert_eq!(got.len(), l.edges.len());
        prop_assert_eq!(got, expected);
        for e in &l.edges {
            let (a, b) = (&l.nodes[e.from].cut, &l.nodes[e.to].cut);
            prop_assert!(!inside(&t, a, e.event as usize) && inside(&t, b, e.event as usize));
        }
    }

    #[test]
    fn prefixes_of_the_run_are_consistent(t in trace()) {
        let reach = reachability(&t);
        for upto in 0..=t.event_count() + 1 {
            let c = cut::of_prefix(&t, upto);
            prop_assert!(closed(&t, &reach, &c));
            prop_assert_eq!(c.size(), upto.min(t.event_count()) as u64);
        }
    }

    #[test]
    fn a_run_passes_through_every_consistent_cut_and_none_through_another(t in trace()) {
        let reach = reachability(&t);
        let n = t.event_count();
        for c in every_cut(&t).iter().step_by(3) {
            let Some(seq) = cut::through(&t, c) else {
                prop_assert!(!closed(&t, &reach, c), "{:?}", c);
                continue;
            };
            prop_assert!(closed(&t, &reach, c), "{:?}", c);
            // Every event once, and none before one that happened before it.
            let mut seen = vec![false; n];
            for (i, &e) in seq.iter().enumerate() {
                prop_assert!(!std::mem::replace(&mut seen[e as usize], true));
                for &later in &seq[i + 1..] {
                    prop_assert!(!reach[later as usize][e as usize], "{:?}: {} before {}", c, e, later);
                }
            }
            prop_assert!(seen.iter().all(|&x| x));
            // Its first events are the cut's: it passes through its state.
            let size = c.size() as usize;
            prop_assert!(seq[..size].iter().all(|&e| inside(&t, c, e as usize)));
        }
    }

    #[test]
    fn frontiers_read_back(t in trace()) {
        for c in every_cut(&t).iter().step_by(7) {
            let text: Vec<String> = c
                .frontier
                .iter()
                .enumerate()
                .map(|(p, n)| format!("{}={n}", t.process_name(p as u32)))
                .collect();
            prop_assert_eq!(&cut::parse_frontier(&t, &text.join(",")).unwrap(), c);
        }
    }
}

/// Two processes, no message: the cuts are the grid (a+1)(b+1); a chain of
/// messages through all of them leaves only the prefixes of the one line.
#[test]
fn counts_of_known_shapes() {
    let independent = lightcone::core::formats::parse_trace(
        r#"{"processes": ["A", "B"], "events": [
            {"id": "a1", "process": "A", "kind": "local"}, {"id": "a2", "process": "A", "kind": "local"},
            {"id": "b1", "process": "B", "kind": "local"}, {"id": "b2", "process": "B", "kind": "local"},
            {"id": "b3", "process": "B", "kind": "local"}]}"#,
    )
    .unwrap();
    let v = VectorClocks::compute(&independent).unwrap();
    assert_eq!(cut::count(&independent, &v, 1000), cut::Count { count: 12, exact: true });
    // a1 -m1-> b1 -m2-> a2: a total order a1 < b1 < a2, so 4 cuts.
    let chain = lightcone::core::formats::parse_trace(
        r#"{"processes": ["A", "B"], "events": [
            {"id": "a1", "process": "A", "kind": "send", "message": "m1"},
            {"id": "b1", "process": "B", "kind": "receive", "message": "m1", "sends": ["m2"]},
            {"id": "a2", "process": "A", "kind": "receive", "message": "m2"}]}"#,
    )
    .unwrap();
    let v = VectorClocks::compute(&chain).unwrap();
    assert_eq!(cut::count(&chain, &v, 1000), cut::Count { count: 4, exact: true });
    let empty = lightcone::core::formats::parse_trace(r#"{"processes": [], "events": []}"#);
    if let Ok(empty) = empty {
        let v = VectorClocks::compute(&empty).unwrap();
        assert_eq!(cut::count(&empty, &v, 10), cut::Count { count: 1, exact: true });
        assert_eq!(cut::all(&empty, &v, 10).unwrap().len(), 1);
    }
}

#[test]
fn bad_frontiers_are_refused_by_name() {
    let t = common::play(2, &[common::Step::Local(0), common::Step::Local(1)]);
    let err = |text: &str| cut::parse_frontier(&t, text).unwrap_err();
    assert!(err("P0=1,Q=1").contains("unknown process \"Q\""), "{}", err("P0=1,Q=1"));
    assert!(err("P1=2").contains("process \"P1\" has only 1 event"), "{}", err("P1=2"));
    assert!(err("P0=x").contains("\"x\" is not a whole number"));
    assert!(err("P0").contains("expected PROCESS=COUNT"));
    assert!(err("P0=1,P0=0").contains("named twice"));
    assert_eq!(cut::parse_frontier(&t, "").unwrap(), Cut::empty(&t));
    assert_eq!(cut::parse_frontier(&t, " P1 = 1 ").unwrap(), Cut { frontier: vec![0, 1] });
}

/// The cut presets draw what their titles say, named as the page reads
/// them (`"cut"`: each process's events inside).
#[test]
fn the_cut_presets_are_consistent_and_inconsistent_as_titled() {
    use std::collections::BTreeMap;
    let dir = env!("CARGO_MANIFEST_DIR");
    for (file, consistent, from_future) in
        [("cut-consistent", true, vec![]), ("cut-inconsistent", false, vec!["m1"])]
    {
        let text = std::fs::read_to_string(format!("{dir}/www/presets/{file}.json")).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let named: BTreeMap<String, u32> = serde_json::from_value(value["cut"].clone()).unwrap();
        let t = lightcone::core::editor::Document::parse(&text).unwrap().place().unwrap().trace;
        let c = cut::from_names(&t, &named).unwrap();
        let reach = reachability(&t);
        assert_eq!(closed(&t, &reach, &c), consistent, "{file}");
        let v = cut::verdict(&t, &c);
        let ids: Vec<&str> =
            v.violations.iter().filter_map(|x| x.message()).map(|m| t.message_id(m)).collect();
        assert_eq!(ids, from_future, "{file}");
    }
    // Names the page cannot read are refused, naming them.
    let t = lightcone::core::editor::Document::parse(
        &std::fs::read_to_string(format!("{dir}/www/presets/cut-consistent.json")).unwrap(),
    )
    .unwrap()
    .place()
    .unwrap()
    .trace;
    let bad: BTreeMap<String, u32> = [("A=1,B".to_string(), 1)].into();
    assert!(cut::from_names(&t, &bad).unwrap_err().contains("unknown process"));
    let over: BTreeMap<String, u32> = [("A".to_string(), 9)].into();
    assert!(cut::from_names(&t, &over).unwrap_err().contains("has only 4 events"));
}
