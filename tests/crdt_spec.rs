//! CRDTs over gossip traces, against their specifications: each replica's
//! value after each event equals the type's specification over the
//! operations in the event's causal past (state-based) or over the
//! operations it has delivered (op-based with causal delivery); and
//! replicas converge after gossip that delivers everything, whatever was
//! dropped, duplicated or reordered before.
// Events read most clearly as indices into a reachability matrix.
#![allow(clippy::needless_range_loop)]
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::reachability;
use lightcone::core::clocks::{LamportClocks, LamportRule};
use lightcone::core::crdt::{run, Delivery, Kind, Op, Value};
use lightcone::core::{EventKind, EventSpec, Trace, TraceBuilder};
use proptest::prelude::*;
use std::collections::BTreeSet;

/// The op a local event performs: chosen by `pick` from the family's ops,
/// over two elements so that adds and removes meet.
fn op_for(kind: Kind, pick: u8) -> Option<Op> {
    let x = if pick & 1 == 0 { "x" } else { "y" };
    let op = match (kind, pick % 4) {
        (Kind::GCounter, _) => Op::Inc,
        (Kind::PnCounter | Kind::OpCounter, 0 | 1) => Op::Inc,
        (Kind::PnCounter | Kind::OpCounter, _) => Op::Dec,
        (Kind::GSet, _) => Op::Add(x.into()),
        (Kind::TwoPSet | Kind::OrSet | Kind::OpOrSet, 0 | 3) => Op::Add(x.into()),
        (Kind::TwoPSet | Kind::OrSet | Kind::OpOrSet, _) => Op::Remove(x.into()),
        (Kind::LwwRegister | Kind::MvRegister, _) => Op::Write(format!("v{pick}")),
    };
    (pick % 5 != 4).then_some(op)
}

fn ops_for(t: &Trace, kind: Kind, picks: &[u8]) -> Vec<Option<Op>> {
    (0..t.event_count())
        .map(|e| {
            let local = t.kind(e as u32) == EventKind::Local;
            local.then(|| op_for(kind, picks[e % picks.len()])).flatten()
        })
        .collect()
}

/// The specification of a state-based type over a set of operation events
/// (`past`), using happened-before between them (`hb`) and Lamport times.
fn spec(
    kind: Kind,
    t: &Trace,
    ops: &[Option<Op>],
    past: &[usize],
    hb: &dyn Fn(usize, usize) -> bool,
    lamport: &LamportClocks,
) -> Value {
    let of = |want: fn(&Op) -> bool| past.iter().copied().filter(move |&e| ops[e].as_ref().is_some_and(want));
    let element = |e: usize| match &ops[e] {
        Some(Op::Add(x) | Op::Remove(x) | Op::Write(x)) => x.clone(),
        _ => unreachable!("an op with an argument"),
    };
    let sorted = |xs: BTreeSet<String>| xs.into_iter().collect::<Vec<_>>();
    match kind {
        Kind::GCounter | Kind::PnCounter | Kind::OpCounter => {
            Value::Counter(of(|o| *o == Op::Inc).count() as i64 - of(|o| *o == Op::Dec).count() as i64)
        }
        Kind::GSet => Value::Set(sorted(of(|o| matches!(o, Op::Add(_))).map(element).collect())),
        Kind::TwoPSet => {
            let removed: BTreeSet<String> = of(|o| matches!(o, Op::Remove(_))).map(element).collect();
            Value::Set(sorted(
                of(|o| matches!(o, Op::Add(_))).map(element).filter(|x| !removed.contains(x)).collect(),
            ))
        }
        Kind::OrSet | Kind::OpOrSet => {
            // x is present iff some add(x) is not followed by a remove(x)
            // that observed it (happened after it).
            let removes: Vec<usize> = of(|o| matches!(o, Op::Remove(_))).collect();
            let live = of(|o| matches!(o, Op::Add(_)))
                .filter(|&a| !removes.iter().any(|&r| element(r) == element(a) && hb(a, r)))
                .map(element);
            Value::Set(sorted(live.collect()))
        }
        Kind::LwwRegister => {
            let key = |e: usize| (lamport.time(e as u32), t.process_name(t.process_of(e as u32)).to_string());
            Value::Register(of(|o| matches!(o, Op::Write(_))).max_by_key(|&e| key(e)).map(element))
        }
        Kind::MvRegister => {
            let writes: Vec<usize> = of(|o| matches!(o, Op::Write(_))).collect();
            let maximal = writes.iter().copied().filter(|&w| !writes.iter().any(|&v| hb(w, v))).map(element);
            Value::Values(sorted(maximal.collect()))
        }
    }
}

const STATE_KINDS: [Kind; 7] = [
    Kind::GCounter,
    Kind::PnCounter,
    Kind::GSet,
    Kind::TwoPSet,
    Kind::OrSet,
    Kind::LwwRegister,
    Kind::MvRegister,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn state_based_values_follow_their_specification_over_the_causal_past(
        t in common::strategy::trace(4, 40, 0),
        picks in proptest::collection::vec(any::<u8>(), 1..40),
        k in 0..STATE_KINDS.len(),
    ) {
        let kind = STATE_KINDS[k];
        let ops = ops_for(&t, kind, &picks);
        let out = run(&t, kind, &ops, Delivery::Immediate).unwrap();
        let reach = reachability(&t);
        let hb = |a: usize, b: usize| reach[a][b];
        let lamport = LamportClocks::compute(&t, &LamportRule::classic()).unwrap();
        for e in 0..t.event_count() {
            let past: Vec<usize> = (0..t.event_count()).filter(|&x| (x == e || reach[x][e]) && ops[x].is_some()).collect();
            let expected = spec(kind, &t, &ops, &past, &hb, &lamport);
            prop_assert_eq!(&out.values.get(e as u32), &expected, "{} at {}", kind.name(), t.event_id(e as u32));
            // The updates it has seen are exactly those of its causal past.
            prop_assert_eq!(&out.sets.get(out.seen[e]), &past.iter().map(|&x| x as u32).collect::<Vec<_>>());
        }
    }

    /// Values are stored as changes since the replica's previous event:
    /// over many elements (long chains of changes, whole values now and
    /// then), each event's value read back still equals the specification
    /// recomputed from scratch over its causal past.
    #[test]
    fn values_stored_as_changes_read_back_as_the_specification_over_many_elements(
        t in common::strategy::trace(3, 80, 0),
        picks in proptest::collection::vec((any::<u8>(), 0..12u8), 1..80),
        k in 0..3usize,
    ) {
        let kind = [Kind::OrSet, Kind::TwoPSet, Kind::MvRegister][k];
        let op = |(pick, x): (u8, u8)| match (kind, pick % 3) {
            (Kind::MvRegister, _) => Op::Write(format!("v{x}")),
            (_, 0) => Op::Remove(format!("x{x}")),
            _ => Op::Add(format!("x{x}")),
        };
        let ops: Vec<Option<Op>> = (0..t.event_count())
            .map(|e| (t.kind(e as u32) == EventKind::Local).then(|| op(picks[e % picks.len()])))
            .collect();
        let out = run(&t, kind, &ops, Delivery::Immediate).unwrap();
        let reach = reachability(&t);
        let hb = |a: usize, b: usize| reach[a][b];
        let lamport = LamportClocks::compute(&t, &LamportRule::classic()).unwrap();
        for e in 0..t.event_count() {
            let past: Vec<usize> = (0..t.event_count()).filter(|&x| (x == e || reach[x][e]) && ops[x].is_some()).collect();
            prop_assert_eq!(&out.values.get(e as u32), &spec(kind, &t, &ops, &past, &hb, &lamport));
        }
    }

    #[test]
    fn op_based_values_with_causal_delivery_follow_their_specification_over_what_was_delivered(
        t in common::strategy::trace(4, 40, 0),
        picks in proptest::collection::vec(any::<u8>(), 1..40),
        set in any::<bool>(),
    ) {
        let kind = if set { Kind::OpOrSet } else { Kind::OpCounter };
        let ops = ops_for(&t, kind, &picks);
        let out = run(&t, kind, &ops, Delivery::Causal).unwrap();
        let reach = reachability(&t);
        let lamport = LamportClocks::compute(&t, &LamportRule::classic()).unwrap();
        // What each event's replica had delivered. A remove observes the adds
        // delivered before it at its replica (Shapiro et al.'s op-based
        // OR-Set), which is less than its causal past: an add can happen
        // before a remove through a message that carries none of its
        // operations.
        let delivered_at: Vec<Vec<usize>> =
            (0..t.event_count()).map(|e| out.sets.get(out.seen[e]).iter().map(|&x| x as usize).collect()).collect();
        let observed = |a: usize, r: usize| a != r && delivered_at[r].contains(&a);
        for e in 0..t.event_count() {
            let delivered = &delivered_at[e];
            // Delivered operations are in the causal past, and include the event's own.
            prop_assert!(delivered.iter().all(|&x| x == e || reach[x][e]));
            prop_assert!(ops[e].is_none() || delivered.contains(&e));
            prop_assert_eq!(&out.values.get(e as u32), &spec(kind, &t, &ops, delivered, &observed, &lamport));
        }
    }

    #[test]
    fn every_type_converges_after_gossip_that_delivers_everything_despite_earlier_faults(
        steps in proptest::collection::vec((0..4usize, 0..4usize, 0..6u8), 0..30),
        picks in proptest::collection::vec(any::<u8>(), 1..40),
        k in 0..STATE_KINDS.len(),
    ) {
        let kind = STATE_KINDS[k];
        let t = faulty_then_complete(4, &steps);
        let ops = ops_for(&t, kind, &picks);
        let out = run(&t, kind, &ops, Delivery::Immediate).unwrap();
        prop_assert!(out.converged(None), "{}: {:?}", kind.name(), out.finals);
        prop_assert!(out.divergent(None).is_empty());
    }

    #[test]
    fn op_based_types_converge_with_causal_delivery_when_nothing_is_dropped(
        steps in proptest::collection::vec((0..4usize, 0..4usize, 0..4u8), 0..30),
        picks in proptest::collection::vec(any::<u8>(), 1..40),
        set in any::<bool>(),
    ) {
        // Duplicates and reordering (fault codes 1 and 3), no drops.
        let steps: Vec<_> = steps.into_iter().map(|(p, q, f)| (p, q, if f == 2 { 0 } else { f })).collect();
        let kind = if set { Kind::OpOrSet } else { Kind::OpCounter };
        let t = faulty_then_complete(4, &steps);
        let ops = ops_for(&t, kind, &picks);
        let out = run(&t, kind, &ops, Delivery::Causal).unwrap();
        prop_assert!(out.divergent(None).is_empty(), "{:?}", out.finals);
    }
}

/// A run on `n` replicas: each step (p, q, fault) has p do a local event
/// and send one message to q, which receives it, with a fault: 1 delivers
/// it twice, 2 drops it, 3 delays its receive until after the next step's.
/// Then every replica sends to every other and all receive: gossip that
/// delivers everything.
fn faulty_then_complete(n: usize, steps: &[(usize, usize, u8)]) -> Trace {
    let mut b = TraceBuilder::new();
    let names: Vec<String> = (0..n).map(|p| format!("P{p}")).collect();
    for name in &names {
        b.process(name).unwrap();
    }
    let mut count = vec![0; n];
    let mut next = 0;
    let mut event = |b: &mut TraceBuilder, p: usize, kind: EventKind, ms: &[&str]| {
        count[p] += 1;
        let id = format!("p{p}.{}", count[p]);
        b.event(&EventSpec::new(&id, &names[p], kind, ms)).unwrap();
    };
    let mut delayed: Vec<(usize, String)> = Vec::new();
    for &(p, q, fault) in steps {
        let q = if p == q { (q + 1) % n } else { q };
        event(&mut b, p, EventKind::Local, &[]);
        next += 1;
        let (m, copy) = (format!("m{next}"), format!("m{next}'"));
        let sent: Vec<&str> = if fault == 1 { vec![&m, &copy] } else { vec![&m] };
        event(&mut b, p, EventKind::Send, &sent);
        let held = std::mem::take(&mut delayed);
        match fault {
            2 => {}
            3 => delayed.push((q, m.clone())),
            _ => event(&mut b, q, EventKind::Receive, &[&m]),
        }
        if fault == 1 {
            event(&mut b, q, EventKind::Receive, &[&copy]);
        }
        for (r, late) in held {
            event(&mut b, r, EventKind::Receive, &[&late]);
        }
    }
    for (r, late) in std::mem::take(&mut delayed) {
        event(&mut b, r, EventKind::Receive, &[&late]);
    }
    // Everyone tells everyone.
    let finals: Vec<Vec<String>> =
        (0..n).map(|p| (0..n).filter(|&q| q != p).map(|q| format!("all{p}-{q}")).collect()).collect();
    for (p, ms) in finals.iter().enumerate() {
        let refs: Vec<&str> = ms.iter().map(String::as_str).collect();
        event(&mut b, p, EventKind::Send, &refs);
    }
    for q in 0..n {
        let incoming: Vec<String> = (0..n).filter(|&p| p != q).map(|p| format!("all{p}-{q}")).collect();
        let refs: Vec<&str> = incoming.iter().map(String::as_str).collect();
        event(&mut b, q, EventKind::Receive, &refs);
    }
    b.build().unwrap()
}

#[test]
fn duplicate_delivery_double_counts_only_the_op_based_counter_without_the_buffer() {
    let t = faulty_then_complete(2, &[(0, 1, 1), (0, 1, 1)]);
    let ops: Vec<Option<Op>> =
        (0..t.event_count()).map(|e| (t.kind(e as u32) == EventKind::Local).then_some(Op::Inc)).collect();
    let state = run(&t, Kind::PnCounter, &ops, Delivery::Immediate).unwrap();
    assert_eq!(state.finals, [Value::Counter(2), Value::Counter(2)]);
    let ops_run = run(&t, Kind::OpCounter, &ops, Delivery::Immediate).unwrap();
    assert_eq!(ops_run.finals[1], Value::Counter(4), "each increment arrives twice at P1");
    assert_eq!(ops_run.divergent(None), [(0, 1)], "same updates seen, different values");
    let causal = run(&t, Kind::OpCounter, &ops, Delivery::Causal).unwrap();
    assert_eq!(causal.finals, [Value::Counter(2), Value::Counter(2)]);
    // A state message carries the whole state; an op message only new operations.
    assert!(state.payload.iter().sum::<usize>() > 0 && ops_run.payload.iter().sum::<usize>() > 0);
}

#[test]
fn a_remove_delivered_before_its_add_leaves_op_based_replicas_apart_unless_delivery_is_causal() {
    // A adds x and sends (m1), removes x and sends (m2); B gets m2 first.
    let text = r#"{"crdt": "op-or-set", "processes": ["A", "B"], "events": [
        {"id": "a1", "process": "A", "kind": "local", "op": "add x"},
        {"id": "a2", "process": "A", "kind": "send", "message": "m1"},
        {"id": "a3", "process": "A", "kind": "local", "op": "remove x"},
        {"id": "a4", "process": "A", "kind": "send", "message": "m2"},
        {"id": "b1", "process": "B", "kind": "receive", "message": "m2"},
        {"id": "b2", "process": "B", "kind": "receive", "message": "m1"}]}"#;
    let s = lightcone::core::crdt::Scenario::parse(text).unwrap();
    let misordered = run(&s.trace, s.kind, &s.ops, Delivery::Immediate).unwrap();
    assert_eq!(misordered.finals, [Value::Set(vec![]), Value::Set(vec!["x".into()])]);
    assert_eq!(misordered.divergent(None), [(0, 1)]);
    let causal = run(&s.trace, s.kind, &s.ops, Delivery::Causal).unwrap();
    assert_eq!(causal.finals, [Value::Set(vec![]), Value::Set(vec![])]);
    let b1 = s.trace.event_by_id("b1").unwrap() as usize;
    assert_eq!(causal.buffered[b1], 1, "the remove waits for its add");
}

#[test]
fn anti_entropy_gossips_until_state_based_replicas_converge_and_replays_from_its_seed() {
    use lightcone::core::crdt::anti_entropy::{anti_entropy, Settings};
    use lightcone::core::editor::Document;
    let doc = Document::parse(
        r#"{"crdt": "or-set", "processes": ["A", "B", "C", "D"], "events": [
        {"id": "a1", "process": "A", "kind": "local", "op": "add x", "time": 1},
        {"id": "b1", "process": "B", "kind": "local", "op": "add y", "time": 1},
        {"id": "c1", "process": "C", "kind": "local", "op": "remove x", "time": 2},
        {"id": "d1", "process": "D", "kind": "local", "time": 1}]}"#,
    )
    .unwrap();
    let settings = Settings { fanout: 1, period: 2.0, seed: 7, max_rounds: 30 };
    let (after, report) = anti_entropy(&doc, Kind::OrSet, Delivery::Immediate, &settings).unwrap();
    assert!(report.converged && report.rounds >= 2, "{report:?}");
    assert_eq!(report.messages, 4 * report.rounds, "one message per replica per round at fanout 1");
    assert_eq!(after.messages.len(), report.messages);
    let placed = after.place().unwrap();
    let ops: Vec<Option<Op>> = after.events.iter().map(|e| e.op.clone()).collect();
    let out = run(&placed.trace, Kind::OrSet, &ops, Delivery::Immediate).unwrap();
    assert!(out.converged(None));
    assert_eq!(out.finals[0], Value::Set(vec!["x".into(), "y".into()]), "c1 removed no x it had seen");
    // The same seed gives the same gossip; another seed another.
    assert_eq!(anti_entropy(&doc, Kind::OrSet, Delivery::Immediate, &settings).unwrap().0, after);
    let other = Settings { seed: 8, ..settings };
    assert_ne!(anti_entropy(&doc, Kind::OrSet, Delivery::Immediate, &other).unwrap().0, after);
    // A wider fanout sends more per round.
    let wide = Settings { fanout: 3, ..settings };
    let (_, fast) = anti_entropy(&doc, Kind::OrSet, Delivery::Immediate, &wide).unwrap();
    assert!(fast.converged && fast.rounds <= report.rounds && fast.messages == 12 * fast.rounds);
}

#[test]
fn the_state_based_list_is_every_state_based_type() {
    let state: Vec<Kind> = Kind::ALL.into_iter().filter(|k| !k.is_op_based()).collect();
    assert_eq!(state, STATE_KINDS);
    for k in Kind::ALL {
        assert_eq!(Kind::from_name(k.name()), Some(k));
    }
}

/// 30,000 increments on one replica made 30,000 stored sets averaging
/// 15,000 entries (3.5 GB); now each set is what it adds to the one
/// before, and sets reached twice are stored once.
#[test]
fn long_runs_store_each_update_once() {
    let n = 30_000;
    let events: Vec<String> =
        (0..n).map(|i| format!(r#"{{"id":"a{i}","process":"A","kind":"local","op":"inc"}}"#)).collect();
    let text = format!(r#"{{"crdt":"op-counter","processes":["A","B"],"events":[{}]}}"#, events.join(","));
    let scenario = lightcone::core::crdt::Scenario::parse(&text).unwrap();
    let (trace, kind, ops) = (&scenario.trace, scenario.kind, &scenario.ops);
    let run =
        lightcone::core::crdt::run(trace, kind, ops, lightcone::core::crdt::Delivery::Immediate).unwrap();
    assert_eq!(run.values.get(n as u32 - 1), lightcone::core::crdt::Value::Counter(n as i64));
    assert_eq!(run.sets.len_of(run.seen[n - 1]), n);
    assert_eq!(run.sets.get(run.seen[n - 1]), (0..n as u32).collect::<Vec<_>>());
    // One set per event, plus the empty one B still has.
    assert_eq!(run.sets.count(), n + 1);
}
