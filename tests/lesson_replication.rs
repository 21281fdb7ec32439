//! Lessons on the replication lab: the conditions on a replica group's
//! run (a replica's view, status, op- and commit-number as the run ends;
//! the latest view and its primary; the requests answered), evaluated on
//! real VR runs; unknown names refused by place; and `lesson check` on VR
//! steps (their lab, their tasks). Expected values come from the
//! scenarios as written and `lightcone simulate` runs of them, not from
//! the code under test.

#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::clocks::LamportRule;
use lightcone::core::lesson::{check, Condition, Lesson, Subject};
use lightcone::core::sim::outcome::{run, Outcome};
use lightcone::core::sim::scenario::{Fault, Scenario};
use lightcone::core::Analysis;
use serde_json::{json, Value};

fn scenario(name: &str) -> Scenario {
    Scenario::parse(lightcone::core::library::scenario(name).expect("a shipped scenario")).unwrap()
}

/// `name`'s run with `faults` added.
fn run_of(name: &str, faults: Vec<Fault>) -> Outcome {
    let mut s = scenario(name);
    s.faults.extend(faults);
    run(&s)
}

fn crash(node: &str, at: f64) -> Fault {
    Fault::Crash { node: node.into(), at }
}

/// Whether the condition written as `check` holds on `run`, or why it
/// cannot be evaluated.
fn holds(check: Value, run: &Outcome) -> Result<bool, String> {
    let c: Condition = serde_json::from_value(check).expect("a condition");
    let analysis = Analysis::run(&run.trace, &LamportRule::classic()).unwrap();
    c.holds(&Subject { trace: &run.trace, analysis: &analysis, document: None, run: Some(run), cut: None })
}

fn yes(check: Value, run: &Outcome) -> bool {
    holds(check.clone(), run).unwrap_or_else(|e| panic!("{check}: {e}"))
}

#[test]
fn a_replica_state_at_the_end_of_the_run() {
    // vr-normal: four requests, no fault; every replica ends in view 0,
    // normal, with all four in its log and committed.
    let normal = run_of("vr-normal", vec![]);
    let all = json!({"replica": {"node": "R3", "view": 0, "status": "normal", "op_number": 4,
                                 "commit_number": 4, "up": true}});
    assert!(yes(all, &normal));
    for wrong in [
        json!({"view": 1}),
        json!({"status": "view-change"}),
        json!({"commit_number": 3}),
        json!({"op_number": 5}),
        json!({"up": false}),
    ] {
        let mut c = json!({"replica": {"node": "R3"}});
        c["replica"].as_object_mut().unwrap().extend(wrong.as_object().unwrap().clone());
        assert!(!yes(c.clone(), &normal), "{c}");
    }
    // R1 crashed at 3.5, before R2's PREPAREOK reached it: it keeps what it
    // had (put x 1 in its log, uncommitted) and is down; R2 and R3 end in
    // view 1 with all four requests.
    let crashed = run_of("vr-normal", vec![crash("R1", 3.5)]);
    assert!(yes(
        json!({"replica": {"node": "R1", "up": false, "view": 0, "op_number": 1, "commit_number": 0}}),
        &crashed
    ));
    assert!(yes(
        json!({"replica": {"node": "R2", "view": 1, "status": "normal", "commit_number": 4}}),
        &crashed
    ));
    // Two of three down at 3.5: R3 alone keeps starting view changes that
    // can never complete.
    let stuck = run_of("vr-normal", vec![crash("R1", 3.5), crash("R2", 3.5)]);
    assert!(yes(json!({"replica": {"node": "R3", "status": "view-change", "up": true}}), &stuck));
    assert!(!yes(json!({"replica": {"node": "R3", "view": 0}}), &stuck));
}

#[test]
fn the_latest_view_and_its_primary() {
    let normal = run_of("vr-normal", vec![]);
    assert!(yes(json!({"view": {"is": 0}}), &normal));
    assert!(!yes(json!({"view": {"at_least": 1}}), &normal));
    assert!(yes(json!({"primary": "R1"}), &normal));
    assert!(!yes(json!({"primary": "R2"}), &normal));
    // The primary crashed: view 1 starts, and its primary is R2 (1 mod 3).
    let crashed = run_of("vr-normal", vec![crash("R1", 3.5)]);
    assert!(yes(json!({"view": {"is": 1}}), &crashed));
    assert!(yes(json!({"view": {"at_least": 1, "at_most": 1}}), &crashed));
    assert!(yes(json!({"primary": "R2"}), &crashed));
    assert!(!yes(json!({"primary": "R1"}), &crashed));
    // The §5.2 schedule: views 0 and 3 led by R1, then view 4 by R2 (4 mod 3).
    let loss = run(&scenario("vr-state-transfer-loss"));
    assert!(yes(json!({"view": {"is": 4}}), &loss));
    assert!(yes(json!({"primary": "R2"}), &loss));
    // R3 started a view change for view 5 that no one joined: view 5 never
    // started, so the latest view started is still 0.
    let stuck = run_of("vr-normal", vec![crash("R1", 3.5), crash("R2", 3.5)]);
    assert!(yes(json!({"view": {"is": 0}}), &stuck));
    assert!(yes(json!({"primary": "R1"}), &stuck));
}

#[test]
fn the_requests_answered() {
    let normal = run_of("vr-normal", vec![]);
    assert!(yes(json!({"requests": {"is": 4}}), &normal));
    assert!(!yes(json!({"requests": {"at_least": 5}}), &normal));
    // Two backups down at 6: put x 1 was answered at 5, put x 2 never is.
    let f_plus_one = run(&scenario("vr-f-plus-one-crashes"));
    assert!(yes(json!({"requests": {"is": 1}}), &f_plus_one));
    assert!(yes(json!({"requests": {"at_most": 1}}), &f_plus_one));
    // And it is unavailable but safe, in VR's own property names.
    assert!(yes(json!({"property": {"name": "liveness", "is": "violated"}}), &f_plus_one));
    assert!(yes(
        json!({"all": [{"property": {"name": "agreement", "is": "holds"}},
                               {"property": {"name": "durability", "is": "holds"}},
                               {"crashed": "R2"}, {"crashed": "R3"}, {"not": {"crashed": "R1"}}]}),
        &f_plus_one
    ));
}

#[test]
fn unknown_names_and_runs_without_replicas_are_errors() {
    let normal = run_of("vr-normal", vec![]);
    let e = holds(json!({"replica": {"node": "R9", "view": 0}}), &normal).unwrap_err();
    assert_eq!(e, "replica.node: there is no replica \"R9\" in the run (it has R1, R2, R3)");
    // A client is a node of the run, but not a replica.
    let e = holds(json!({"primary": "K1"}), &normal).unwrap_err();
    assert_eq!(e, "primary: there is no replica \"K1\" in the run (it has R1, R2, R3)");
    let e = holds(json!({"replica": {"node": "R1", "status": "asleep"}}), &normal).unwrap_err();
    assert!(e.starts_with("replica.status: \"asleep\" is not one of normal, view-change, recovering"), "{e}");
    let e = holds(json!({"property": {"name": "atomicity", "is": "holds"}}), &normal).unwrap_err();
    assert!(e.contains("agreement, durability, linearizable, liveness"), "{e}");
    // A 2PC run has no replicas, views or requests.
    let commit = run_of("2pc-happy-path", vec![]);
    for (c, word) in [
        (json!({"replica": {"node": "C", "view": 0}}), "replica"),
        (json!({"view": {"is": 0}}), "view"),
        (json!({"primary": "C"}), "primary"),
        (json!({"requests": {"is": 0}}), "requests"),
    ] {
        let e = holds(c, &commit).unwrap_err();
        assert_eq!(
            e,
            format!("{word}: this step's run is not a replica group's (name a VR or PBFT scenario)")
        );
    }
    // Unknown keys are refused when the lesson is read.
    assert!(serde_json::from_value::<Condition>(json!({"replica": {"node": "R1", "veiw": 1}})).is_err());
    assert!(serde_json::from_value::<Condition>(json!({"view": {"at_lest": 1}})).is_err());
}

fn lesson(steps: Value) -> Lesson {
    let v = json!({"format": "lightcone-lesson/1", "title": "VR", "abstract": "a", "steps": steps});
    Lesson::parse(&v.to_string()).expect("the lesson parses")
}

fn crash_the_primary() -> Value {
    json!({"do": "Crash the primary.", "hint": "h",
           "check": {"all": [{"crashed": "R1"}, {"primary": "R2"},
                             {"property": {"name": "liveness", "is": "holds"}}]}})
}

#[test]
fn vr_steps_open_in_the_replication_lab_and_their_tasks_are_checked() {
    // A VR scenario's own lab is the replication lab; named, it fits.
    let step = json!({"diagram": {"scenario": "vr-normal"}, "caption": "c"});
    assert!(check(&lesson(json!([step]))).is_ok());
    let loaded = lesson(json!([step])).steps[0].diagram.as_ref().unwrap().load().unwrap();
    assert_eq!(loaded.lab(), "replication");
    let mut named = step.clone();
    named["lab"] = json!("replication");
    assert!(check(&lesson(json!([named]))).is_ok());
    // The commit lab does not show it, and the replication lab shows no
    // 2PC run or trace.
    for (diagram, lab) in [
        (json!({"scenario": "vr-normal"}), "commit"),
        (json!({"scenario": "2pc-happy-path"}), "replication"),
        (json!({"preset": "lamport-concurrency"}), "replication"),
    ] {
        let Err(problems) = check(&lesson(json!([{"diagram": diagram, "lab": lab, "caption": "c"}]))) else {
            panic!("{diagram} in the {lab} lab accepted")
        };
        assert_eq!(problems[0].field, "lab", "{problems:?}");
    }
    // Without a solution, the search finds a crash of R1 that moves the
    // group to view 1 (the first it tries, at 0.5).
    let mut task = step.clone();
    task["task"] = crash_the_primary();
    assert_eq!(check(&lesson(json!([task]))).unwrap(), ["step 0: ok; task solved by crashing R1 at 0.5"]);
    // An unknown replica in a task is named by its place.
    task["task"]["check"]["all"][1] = json!({"primary": "R7"});
    let Err(problems) = check(&lesson(json!([task]))) else { panic!("R7 accepted") };
    assert_eq!(problems[0].field, "task.check.all[1].primary");
    assert!(problems[0].message.contains("no replica \"R7\""), "{problems:?}");
}
