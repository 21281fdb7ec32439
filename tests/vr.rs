//! Viewstamped Replication: the presets' pinned outcomes, what the paper's
//! rules imply about each run, strict scenario parsing, and the
//! explorer's textbook verdicts.
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::sim::explore::{explore, Bounds, Finding};
use lightcone::core::sim::outcome::{run, Outcome};
use lightcone::core::sim::scenario::Scenario;
use serde_json::Value;

fn preset(name: &str) -> Scenario {
    let text = lightcone::core::library::scenario(name).unwrap_or_else(|| panic!("{name} is registered"));
    Scenario::parse(text).unwrap()
}

fn report(out: &Outcome) -> Value {
    out.to_json()
}

/// Each call's (op, result) in the history, `None` for one unanswered.
fn calls(out: &Outcome) -> Vec<(String, Option<Value>)> {
    let r = report(out);
    r["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (c["op"].as_str().unwrap().to_string(), (!c["returned"].is_null()).then(|| c["result"].clone()))
        })
        .collect()
}

fn labels(out: &Outcome, label: &str) -> usize {
    out.record.messages.iter().filter(|m| m.label == label).count()
}

fn safe(out: &Outcome) -> bool {
    ["agreement", "durability", "linearizable"].iter().all(|p| out.holds(p))
}

#[test]
fn normal_operation_takes_four_message_delays_and_reads_what_was_written() {
    let out = run(&preset("vr-normal"));
    assert!(safe(&out) && out.holds("liveness"), "{:?}", out.properties);
    let v = |s: &str| Some(Value::String(s.into()));
    assert_eq!(
        calls(&out),
        [
            ("put x 1".into(), v("ok")),
            ("get x".into(), v("1")),
            ("put x 2".into(), v("ok")),
            ("get x".into(), v("2"))
        ]
    );
    // REQUEST, PREPARE, PREPAREOK, REPLY: one unit each under synchronous timing.
    assert_eq!(out.number("latency_mean"), Some(4.0));
    assert_eq!(out.number("message_delays_mean"), Some(4.0));
    // Every replica ends with the whole log committed, in view 0.
    let r = report(&out);
    for name in ["R1", "R2", "R3"] {
        assert_eq!(r["replicas"][name]["commit_number"], 4, "{name}");
        assert_eq!(r["replicas"][name]["view"], 0, "{name}");
    }
    assert_eq!(labels(&out, "STARTVIEWCHANGE"), 0, "no view change without a fault");
}

#[test]
fn a_crashed_primary_is_replaced_by_the_next_in_turn_and_nothing_committed_is_lost() {
    let out = run(&preset("vr-primary-crash"));
    assert!(safe(&out) && out.holds("liveness"), "{:?}", out.properties);
    let r = report(&out);
    assert_eq!(r["views"][1]["view"], 1);
    assert_eq!(r["views"][1]["primary"], "R2", "view 1's primary is replica 1 mod 3");
    assert!(labels(&out, "DOVIEWCHANGE") >= 1 && labels(&out, "STARTVIEW") == 2);
    assert_eq!(calls(&out)[1], ("get x".into(), Some(Value::String("1".into()))));
}

#[test]
fn a_recovered_backup_takes_the_primarys_state() {
    let out = run(&preset("vr-backup-recovers"));
    assert!(safe(&out) && out.holds("liveness"), "{:?}", out.properties);
    let r = report(&out);
    assert_eq!(labels(&out, "RECOVERY"), 2, "R3 asks both others");
    assert_eq!(labels(&out, "RECOVERYRESPONSE"), 2);
    // Only the primary's response carries the log.
    assert_eq!(r["replicas"]["R3"]["log"], r["replicas"]["R1"]["log"]);
    assert_eq!(r["replicas"]["R3"]["commit_number"], 4);
    let states = &r["states"]["R3"];
    let words: Vec<&str> = states.as_array().unwrap().iter().map(|s| s[1].as_str().unwrap()).collect();
    assert_eq!(words, ["normal", "crashed", "recovering", "normal"]);
}

#[test]
fn f_plus_one_crashes_stop_the_group_but_keep_it_safe() {
    let out = run(&preset("vr-f-plus-one-crashes"));
    assert!(safe(&out), "{:?}", out.properties);
    assert!(!out.holds("liveness"));
    assert_eq!(calls(&out)[1], ("put x 2".into(), None));
    let r = report(&out);
    assert_eq!(r["replicas"]["R1"]["op_number"], 2, "prepared");
    assert_eq!(r["replicas"]["R1"]["commit_number"], 1, "never committed");
}

#[test]
fn after_a_partition_the_old_primary_catches_up_by_state_transfer() {
    let out = run(&preset("vr-partition-heals"));
    assert!(safe(&out) && out.holds("liveness"), "{:?}", out.properties);
    assert!(labels(&out, "GETSTATE") >= 1 && labels(&out, "NEWSTATE") >= 1);
    let r = report(&out);
    assert_eq!(r["replicas"]["R1"]["view"], 1);
    assert_eq!(r["replicas"]["R1"]["log"], r["replicas"]["R2"]["log"]);
    assert_eq!(calls(&out)[1], ("put x 2".into(), Some(Value::String("ok".into()))));
}

#[test]
fn batching_sends_fewer_prepares_than_requests_and_fewer_messages_per_operation() {
    let on = preset("vr-batching");
    let mut off = on.clone();
    if let lightcone::core::sim::scenario::ProtocolSetup::Vr(c) = &mut off.protocol {
        c.batching = false;
    }
    let (on, off) = (run(&on), run(&off));
    assert!(safe(&on) && on.holds("liveness") && safe(&off) && off.holds("liveness"));
    assert_eq!(on.count("requests"), Some(30));
    assert_eq!(off.count("requests"), Some(30));
    // Without batching each request is one PREPARE to each of two backups.
    assert_eq!(labels(&off, "PREPARE"), 60);
    assert!(labels(&on, "PREPARE") < 60, "{}", labels(&on, "PREPARE"));
    assert!(on.number("messages_per_op") < off.number("messages_per_op"));
}

#[test]
fn a_run_replays_from_its_seed() {
    let s = preset("vr-batching");
    assert_eq!(run(&s).to_json(), run(&s).to_json());
    let mut other = s.clone();
    other.seed = 2;
    assert_ne!(calls(&run(&s)), calls(&run(&other)), "another seed draws another workload");
}

#[test]
fn bad_scenarios_are_refused_naming_the_field() {
    let refused = |text: &str| Scenario::parse(text).unwrap_err();
    assert!(refused(r#"{"protocol": "vr", "replicas": 4}"#).contains("\"replicas\" is 4"));
    assert!(refused(r#"{"protocol": "vr", "replica": 3}"#).contains("(did you mean \"replicas\"?)"));
    assert!(refused(r#"{"protocol": "vr", "clients": 0}"#).contains("\"clients\" is 0"));
    let op = refused(r#"{"protocol": "vr", "workload": [{"client": "K1", "at": 1, "op": "del x"}]}"#);
    assert!(op.starts_with("workload: [0]: \"op\": \"del x\" is not an operation"), "{op}");
    let client = refused(r#"{"protocol": "vr", "workload": [{"client": "R1", "at": 1, "op": "get x"}]}"#);
    assert!(client.contains("\"client\" is \"R1\"; clients are K1 to K1"), "{client}");
    let typo = refused(r#"{"protocol": "vr", "workload": [{"client": "K1", "at": 1, "opp": "get x"}]}"#);
    assert!(typo.contains("opp"), "{typo}");
    let random = refused(r#"{"protocol": "vr", "workload": {"random": {"ops": 3, "key": 2}}}"#);
    assert!(random.starts_with("workload: random: "), "{random}");
    assert!(refused(r#"{"protocol": "vr", "workload": {"random": {"ops": 0, "keys": 2}}}"#)
        .contains("\"ops\" is 0"));
    assert!(refused(r#"{"protocol": "vr", "timeouts": {"primary": 0}}"#).starts_with("timeouts: \"primary\""));
    let input = refused(r#"{"protocol": "vr", "inputs": [{"node": "K1", "at": 1, "input": 3}]}"#);
    assert!(input.contains("a VR input is an operation"), "{input}");
}

/// A small VR scenario for the explorer: heartbeats off, one view change
/// and one retransmission at most, synchronous timing (timers fire when
/// nothing is in flight).
fn small(ops: &[&str], byzantine: &str) -> Scenario {
    let workload: Vec<String> = ops
        .iter()
        .enumerate()
        .map(|(i, op)| format!(r#"{{"client": "K1", "at": {i}, "op": "{op}"}}"#))
        .collect();
    Scenario::parse(&format!(
        r#"{{"protocol": "vr", "replicas": 3, "clients": 1, "max_views": 1, "max_retries": 1,
            "timeouts": {{"idle": 0}}, "workload": [{}],
            "model": {{"links": "reliable", "nodes": "crash-stop", "timing": {{"synchronous": {{"delay": 1}}}},
                       "byzantine": {{{byzantine}}}}}}}"#,
        workload.join(", ")
    ))
    .unwrap()
}

fn findings(s: &Scenario, crashes: usize) -> Vec<(&'static str, Finding)> {
    let v = explore(s, &Bounds { crashes, ..Bounds::default() });
    assert!(!v.truncated && !v.depth_cut, "the search is complete: {} states", v.states);
    v.properties.into_iter().map(|p| (p.name, p.finding)).collect()
}

#[test]
fn explorer_three_replicas_one_crash_safety_holds() {
    for (name, finding) in findings(&small(&["put x 1"], ""), 1) {
        if name != "liveness" {
            assert_eq!(finding, Finding::Holds, "{name}");
        }
    }
}

#[test]
fn explorer_three_replicas_two_crashes_no_reply_but_safe() {
    let mut s = small(&["put x 1"], "");
    if let lightcone::core::sim::scenario::ProtocolSetup::Vr(c) = &mut s.protocol {
        c.max_views = Some(0);
    }
    let found = findings(&s, 2);
    for (name, finding) in &found {
        match *name {
            "liveness" => assert!(matches!(finding, Finding::Violated(_)), "{finding:?}"),
            _ => assert_eq!(*finding, Finding::Holds, "{name}"),
        }
    }
}

#[test]
fn explorer_one_byzantine_replica_breaks_agreement() {
    let s = small(&["put x 1", "get x"], r#""R1": "equivocate""#);
    let v = explore(&s, &Bounds { crashes: 0, ..Bounds::default() });
    let path = v.violation("agreement").expect("an equivocating primary splits the backups");
    // Replayed, the counterexample shows the backups' committed logs differ.
    let replay = run(&v.counterexample(&s).unwrap());
    assert!(!replay.holds("agreement"), "{path:?}");
    let r = report(&replay);
    assert_eq!(r["replicas"]["R2"]["log"][0]["op"], "put x 1");
    assert_eq!(r["replicas"]["R3"]["log"][0]["op"], "put x 1'");
}

#[test]
fn state_transfer_as_written_loses_a_committed_operation() {
    let out = run(&preset("vr-state-transfer-loss"));
    // The client was told the put committed…
    assert_eq!(calls(&out), [("put x 1".into(), Some(Value::String("ok".into())))]);
    assert!(out.holds("agreement") && out.holds("linearizable"));
    // …and view 4's primary starts without it.
    assert!(!out.holds("durability"));
    let r = report(&out);
    assert_eq!(r["replicas"]["R2"]["view"], 4);
    assert_eq!(r["replicas"]["R2"]["status"], "normal");
    assert_eq!(r["replicas"]["R2"]["log"], serde_json::json!([]));
    assert_eq!(r["replicas"]["R1"]["log"][0]["committed"], true);
    assert!(labels(&out, "GETSTATE") == 1 && labels(&out, "NEWSTATE") == 0, "the answer never came");
}

#[test]
fn a_lying_primary_breaks_linearizability_in_a_timed_run() {
    let mut s = preset("vr-normal");
    s.model.byzantine.insert("R1".into(), lightcone::core::sim::byzantine::Behaviour::Lie);
    let out = run(&s);
    // The backups hear the same forged values, so they agree with each
    // other; but the client is told "ok'" and reads "1'": no store does that.
    assert!(out.holds("agreement"));
    assert!(!out.holds("linearizable"));
    assert_eq!(calls(&out)[1], ("get x".into(), Some(Value::String("1'".into()))));
    assert_eq!(report(&out)["linearizability"]["verdict"], "not linearizable");
}

#[test]
fn one_replica_commits_alone_in_two_message_delays() {
    let mut s = preset("vr-normal");
    if let lightcone::core::sim::scenario::ProtocolSetup::Vr(c) = &mut s.protocol {
        c.replicas = 1;
    }
    let out = run(&s);
    assert!(safe(&out) && out.holds("liveness"));
    // f = 0: no backup to wait for, only REQUEST and REPLY.
    assert_eq!(out.number("latency_mean"), Some(2.0));
    assert_eq!(labels(&out, "PREPARE"), 0);
}

#[test]
fn the_simulators_own_workload_form_also_drives_the_clients() {
    let s = Scenario::parse(
        r#"{"protocol": "vr", "clients": 2, "workload": {"count": 6, "every": 2, "nodes": ["K1", "K2"]},
            "until": 60}"#,
    )
    .unwrap();
    let out = run(&s);
    assert!(safe(&out) && out.holds("liveness"));
    assert_eq!(out.count("requests"), Some(6));
    assert!(calls(&out).iter().all(|(op, result)| op.starts_with("put ") && result.is_some()));
}

#[test]
fn every_vr_preset_file_is_registered_and_runs() {
    let mut files: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/www/scenarios"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|f| f.starts_with("vr-"))
        .map(|f| f.trim_end_matches(".json").to_string())
        .collect();
    files.sort();
    let mut registered: Vec<String> =
        lightcone::core::library::REPLICATION.iter().map(|(n, _)| n.to_string()).collect();
    registered.sort();
    assert_eq!(files, registered);
    for (name, _) in lightcone::core::library::REPLICATION {
        let s = preset(name);
        assert!(s.title.is_some() && s.about.is_some(), "{name} has a title and says what it shows");
        assert!(run(&s).stopped_short(s.until).is_none(), "{name}");
    }
}
