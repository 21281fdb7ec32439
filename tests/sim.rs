//! The commit lab's simulator: deterministic replay, the presets' pinned
//! outcomes, and atomicity on random crash schedules.
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::sim::commit::{Config, Timeouts, Vote};
use lightcone::core::sim::model::{Failures, Links, SystemModel, Timing};
use lightcone::core::sim::outcome::{run, Outcome};
use lightcone::core::sim::scenario::{Fault, ProtocolSetup, Scenario};
use proptest::prelude::*;

/// Which commit protocol a test runs.
#[derive(Clone, Copy, PartialEq)]
enum Protocol {
    TwoPc,
    ThreePc,
}

fn setup(protocol: Protocol, config: Config) -> ProtocolSetup {
    match protocol {
        Protocol::TwoPc => ProtocolSetup::TwoPc(config),
        Protocol::ThreePc => ProtocolSetup::ThreePc(config),
    }
}

fn preset(name: &str) -> Scenario {
    let path = format!("{}/www/scenarios/{name}.json", env!("CARGO_MANIFEST_DIR"));
    Scenario::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn decisions(name: &str) -> Vec<Option<&'static str>> {
    run(&preset(name)).record.decisions.iter().map(|d| d.map(|(d, _)| d)).collect()
}

#[test]
fn each_preset_has_its_pinned_outcome() {
    let (commit, abort) = ("commit", "abort");
    assert_eq!(decisions("2pc-happy-path"), [Some(commit); 4]);
    // The coordinator crashes before the votes reach it: everyone blocks.
    let blocked = run(&preset("2pc-coordinator-crash"));
    assert_eq!(decisions("2pc-coordinator-crash"), [None; 4]);
    assert!(blocked.holds("atomicity") && !blocked.holds("termination"));
    assert_eq!(
        blocked.per_node("blocked").unwrap(),
        [0.0, 33.0, 33.0, 33.0],
        "uncertain from 7 to the end at 40"
    );
    // It recovers at 14 with no decision logged: presumed abort.
    assert_eq!(decisions("2pc-coordinator-recovers"), [Some(abort); 4]);
    // 3PC: the participants take over and commit; no one blocks.
    let three = run(&preset("3pc-coordinator-crash"));
    assert_eq!(decisions("3pc-coordinator-crash"), [None, Some(commit), Some(commit), Some(commit)]);
    assert!(
        three.holds("atomicity")
            && three.holds("termination")
            && three.per_node("blocked").unwrap().iter().all(|&b| b == 0.0)
    );
    // 3PC under a partition: each side decides on its own.
    let split = run(&preset("3pc-partition"));
    assert_eq!(decisions("3pc-partition"), [None, Some(commit), Some(abort), Some(abort)]);
    assert!(!split.holds("atomicity"));
}

#[test]
fn the_happy_paths_cost_what_the_textbooks_say() {
    let two = run(&preset("2pc-happy-path"));
    let cost = |o: &Outcome| (o.count("messages"), o.count("message_delays"), o.number("time_to_decision"));
    assert_eq!(cost(&two), (Some(9), Some(3), Some(3.0)));
    let mut s = preset("2pc-happy-path");
    s.protocol = setup(Protocol::ThreePc, s.protocol.commit().unwrap().clone());
    let three = run(&s);
    // can-commit?, votes, pre-commit, acks, do-commit: 5 message delays.
    assert_eq!(cost(&three), (Some(15), Some(5), Some(5.0)));
    assert_eq!(two.number("availability"), Some(1.0));
}

#[test]
fn a_run_replays_identically_from_its_scenario() {
    let mut s = preset("3pc-partition");
    s.model = SystemModel {
        links: Links::Arbitrary { loss: 0.2, duplicate: 0.2, max_delay: 2.0 },
        nodes: Failures::CrashStop,
        timing: Timing::Asynchronous { max_delay: 3.0 },
        ..SystemModel::default()
    };
    let (a, b) = (run(&s).to_json(), run(&s).to_json());
    assert_eq!(a, b);
    let other = (2..20).map(|seed| run(&Scenario { seed, ..s.clone() }).to_json()).any(|x| x != a);
    assert!(other, "the seed drives the random choices");
}

#[test]
fn bad_scenarios_are_named() {
    let err = |text: &str| Scenario::parse(text).unwrap_err();
    assert!(err(r#"{"protocol": "4pc"}"#).contains("unknown variant `4pc`"));
    assert_eq!(
        err(r#"{"protocol": "2pc", "participants": 0}"#),
        "\"participants\" is 0; the lab takes 1 to 9"
    );
    assert_eq!(
        err(r#"{"protocol": "2pc", "faults": [{"crash": {"node": "Z", "at": 1}}]}"#),
        "faults[0]: no node is called \"Z\" (nodes are C and P1 to P3)"
    );
    assert_eq!(
        err(r#"{"protocol": "3pc", "faults": [{"drop": {"from": "C", "to": "P1", "nth": 0}}]}"#),
        "faults[0]: \"nth\" counts from 1"
    );
    assert_eq!(
        err(
            r#"{"protocol": "2pc", "model": {"links": "reliable", "nodes": "crash-stop", "timing": {"synchronous": {"delay": 0}}}}"#
        ),
        "model: delays must be between 0.1 and 1000"
    );
    assert_eq!(
        err(
            r#"{"protocol": "2pc", "model": {"links": {"fair-loss": {"loss": 2}}, "nodes": "crash-stop", "timing": {"synchronous": {"delay": 1}}}}"#
        ),
        "model: probabilities must be between 0 and 1"
    );
}

/// A scenario with random votes and random crashes (crash-stop), no
/// partitions, under `timing`.
fn scenario(
    protocol: Protocol,
    timing: Timing,
    votes: Vec<bool>,
    crashes: Vec<(usize, u8)>,
    seed: u64,
) -> Scenario {
    let participants = votes.len();
    let votes = votes.into_iter().map(|y| if y { Vote::Yes } else { Vote::No }).collect();
    Scenario {
        title: None,
        about: None,
        protocol: setup(protocol, Config { participants, votes, timeouts: Timeouts::default() }),
        model: SystemModel {
            links: Links::Reliable,
            nodes: Failures::CrashStop,
            timing,
            ..SystemModel::default()
        },
        faults: crashes
            .into_iter()
            .map(|(n, t)| {
                let node = if n % (participants + 1) == 0 {
                    "C".to_string()
                } else {
                    format!("P{}", n % (participants + 1))
                };
                Fault::Crash { node, at: t as f64 / 4.0 }
            })
            .collect(),
        inputs: Vec::new(),
        workload: None,
        seed,
        until: 60.0,
        schedule: Vec::new(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn two_phase_commit_never_violates_atomicity_or_validity(
        votes in proptest::collection::vec(any::<bool>(), 1..5),
        crashes in proptest::collection::vec((0..6usize, 0..60u8), 0..3),
        seed in any::<u64>(),
        asynchronous in any::<bool>(),
    ) {
        let timing = if asynchronous { Timing::Asynchronous { max_delay: 4.0 } } else { Timing::Synchronous { delay: 1.0 } };
        let out = run(&scenario(Protocol::TwoPc, timing, votes, crashes, seed));
        prop_assert!(out.holds("atomicity") && out.holds("validity"));
    }

    #[test]
    fn three_phase_commit_with_crash_stop_and_synchronous_timing_is_atomic_and_terminates(
        votes in proptest::collection::vec(any::<bool>(), 1..5),
        crashes in proptest::collection::vec((0..6usize, 0..60u8), 0..3),
        seed in any::<u64>(),
    ) {
        let out = run(&scenario(Protocol::ThreePc, Timing::Synchronous { delay: 1.0 }, votes, crashes, seed));
        prop_assert!(out.holds("atomicity") && out.holds("validity"), "{:?}", out.record.decisions);
        prop_assert!(out.holds("termination"), "a live node never decided: {:?}", out.record.decisions);
    }
}

fn small(protocol: Protocol) -> Scenario {
    Scenario::parse(&format!(
        r#"{{"protocol": "{}", "participants": 2}}"#,
        if protocol == Protocol::TwoPc { "2pc" } else { "3pc" }
    ))
    .unwrap()
}

#[test]
fn the_explorer_finds_what_the_theory_predicts() {
    use lightcone::core::sim::explore::{explore, Bounds};
    // 2PC: always atomic, but a coordinator crash can block.
    let two = explore(&small(Protocol::TwoPc), &Bounds::default());
    assert!(two.violation("atomicity").is_none() && two.violation("termination").is_some() && !two.truncated);
    // 3PC, crash-stop, synchronous, no partition: neither.
    let three = explore(&small(Protocol::ThreePc), &Bounds::default());
    assert!(
        three.violation("atomicity").is_none()
            && three.violation("termination").is_none()
            && !three.truncated
    );
    // 3PC with a partition: atomicity can be violated.
    let split =
        explore(&small(Protocol::ThreePc), &Bounds { crashes: 0, partitions: 1, ..Bounds::default() });
    assert!(split.violation("atomicity").is_some());
    // The counterexample replays in the simulator as a scripted scenario.
    let counter = split.counterexample(&small(Protocol::ThreePc)).unwrap();
    let text = serde_json::to_string(&counter).unwrap();
    let replayed = run(&Scenario::parse(&text).unwrap());
    assert!(!replayed.holds("atomicity"), "{:?}", replayed.record.decisions);
    let blocked = run(&two.counterexample(&small(Protocol::TwoPc)).unwrap());
    assert!(!blocked.holds("termination"));
}

#[test]
fn two_phase_commits_reachable_state_count_is_pinned() {
    use lightcone::core::sim::explore::{explore, Bounds};
    // Coordinator and two participants, at most one crash: if this number
    // changes, the protocol or the search changed.
    let v = explore(&small(Protocol::TwoPc), &Bounds { depth: 1000, ..Bounds::default() });
    assert_eq!(v.states, PINNED_2PC_STATES);
}

const PINNED_2PC_STATES: usize = 198;

#[test]
fn step_by_step_lists_what_may_happen_next() {
    use lightcone::core::sim::explore::{enabled, Bounds};
    use lightcone::core::sim::scenario::Step;
    let mut s = small(Protocol::TwoPc);
    let first = enabled(&s, &Bounds::default()).unwrap();
    // The coordinator's vote requests are in flight, and anyone may crash.
    assert!(first.contains(&Step::Deliver { from: "C".into(), to: "P1".into(), overtaking: 0 }));
    assert!(first.contains(&Step::Crash { node: "C".into() }));
    assert!(
        !first.iter().any(|s| matches!(s, Step::Timeout { .. })),
        "synchronous: no timeout while messages fly"
    );
    s.schedule = vec![Step::Crash { node: "C".into() }];
    let after = enabled(&s, &Bounds::default()).unwrap();
    assert!(!after.iter().any(|s| matches!(s, Step::Crash { .. })), "the one crash is used");
    s.schedule.push(Step::Crash { node: "P1".into() });
    assert_eq!(enabled(&s, &Bounds::default()), None, "a second crash is out of bounds");
}

#[test]
fn a_fault_naming_a_recorded_message_hits_exactly_that_message() {
    let s = preset("2pc-happy-path");
    let before = run(&s);
    // The outcome message C sends P2 (its second message to P2).
    let (m, msg) = before
        .record
        .messages
        .iter()
        .enumerate()
        .find(|(_, m)| m.from == 0 && m.to == 2 && m.nth == 2)
        .unwrap();
    assert_eq!(msg.label, "commit");
    let mut dropped = s.clone();
    dropped.faults.push(Fault::Drop { from: "C".into(), to: "P2".into(), nth: msg.nth });
    let after = run(&dropped);
    assert_eq!(after.record.messages[m].received, None, "that message is lost");
    // P2 times out at 7, asks, and hears commit at 9.
    assert_eq!(after.record.decisions[2], Some(("commit", 9.0)));
    assert_eq!(before.record.decisions[2], Some(("commit", 3.0)));
}

#[test]
fn a_runs_record_holds_what_a_diagram_draws() {
    use lightcone::core::sim::record::{PartitionSpan, What};
    // The coordinator is down from 1.5 to 14; the participants time out.
    let recovers = run(&preset("2pc-coordinator-recovers"));
    assert_eq!(recovers.record.downtime(0), [(1.5, Some(14.0))]);
    assert!(recovers.record.downtime(1).is_empty());
    assert_eq!(recovers.record.decisions[0], Some(("abort", 14.0)));
    let timeouts =
        recovers.record.events.iter().filter(|e| matches!(&e.what, What::Timeout(t) if t == "outcome"));
    assert_eq!(timeouts.count(), 3 * 2, "each participant asks at 7 and 13");
    // The partition, with its sides and times; the dropped pre-commits are lost.
    let split = run(&preset("3pc-partition"));
    let span = PartitionSpan { sides: vec![vec![0, 1], vec![2, 3]], from: 2.5, until: Some(40.0) };
    assert_eq!(split.record.partitions, [span]);
    let lost: Vec<(usize, &str)> = split
        .record
        .messages
        .iter()
        .filter(|m| m.lost && m.from == 0)
        .map(|m| (m.to, m.label.as_str()))
        .collect();
    assert_eq!(lost[..2], [(2, "pre-commit"), (3, "pre-commit")]);
    assert!(
        (0..split.record.messages.len()).all(|m| !split.record.in_flight(m)),
        "all arrive or are lost by 40"
    );
    assert_eq!(split.record.downtime(0), [(4.5, None)], "the coordinator never comes back");
}
