//! What the replication lab's lessons say, checked against the runs they
//! show: each prediction's right option is worked out here from the run's
//! record (who sent what, when, in which order), and the times, messages
//! and logs a caption or reveal names are the run's. A change to the
//! protocol or a scenario that makes a lesson's words false fails here.

#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::lesson::{Lesson, Loaded};
use lightcone::core::sim::outcome::Outcome;
use lightcone::core::sim::record::{SimMessage, What};
use serde_json::Value;

fn lesson(name: &str) -> Lesson {
    Lesson::parse(lightcone::core::library::lesson(name).expect("a shipped lesson")).unwrap()
}

/// Step `i`'s run.
fn run_of(l: &Lesson, i: usize) -> Outcome {
    match l.diagram_of(i).diagram.load().unwrap() {
        Loaded::Run { outcome, .. } => *outcome,
        _ => panic!("step {i} shows a run"),
    }
}

/// The words of step `i`'s right option.
fn right_option(l: &Lesson, i: usize) -> &str {
    let c = l.steps[i].prediction.as_ref().and_then(|p| p.choose.as_ref()).expect("a choice");
    &c.options[c.answer]
}

fn node(out: &Outcome, name: &str) -> usize {
    out.names.iter().position(|n| n == name).unwrap()
}

/// Message `id` of the run's trace (`m12` is the record's twelfth).
fn message<'a>(out: &'a Outcome, id: &str) -> &'a SimMessage {
    &out.record.messages[id[1..].parse::<usize>().unwrap() - 1]
}

/// (label, from, to) of message `id`.
fn said(out: &Outcome, id: &str) -> (String, String, String) {
    let m = message(out, id);
    (m.label.clone(), out.names[m.from].clone(), out.names[m.to].clone())
}

fn received_at(out: &Outcome, id: &str) -> f64 {
    out.record.events[message(out, id).received.expect("received")].time
}

/// The position in the record of the event that received `id`.
fn receipt(out: &Outcome, id: &str) -> usize {
    message(out, id).received.expect("received")
}

/// The position in the record of the event that sent `id`.
fn sending(out: &Outcome, id: &str) -> usize {
    let m = id[1..].parse::<usize>().unwrap() - 1;
    out.record.events.iter().position(|e| matches!(&e.what, What::Send(ms) if ms.contains(&m))).unwrap()
}

/// The properties the run violates.
fn violated(out: &Outcome) -> Vec<&'static str> {
    out.properties.iter().filter(|p| !p.holds).map(|p| p.name).collect()
}

fn replica(out: &Outcome, name: &str) -> Value {
    out.to_json()["replicas"][name].clone()
}

fn log_ops(out: &Outcome, name: &str) -> Vec<(String, bool)> {
    let log = replica(out, name)["log"].as_array().unwrap().clone();
    log.iter().map(|e| (e["op"].as_str().unwrap().to_string(), e["committed"].as_bool().unwrap())).collect()
}

#[test]
fn normal_operation_the_primary_replies_after_f_prepareoks() {
    let l = lesson("vr-normal-and-view-change");
    let out = run_of(&l, 0);
    // The highlighted messages are put x 1's round, at the times the caption gives.
    let round = [
        ("m1", "REQUEST", "K1", "R1"),
        ("m4", "PREPARE", "R1", "R2"),
        ("m5", "PREPARE", "R1", "R3"),
        ("m6", "PREPAREOK", "R2", "R1"),
        ("m7", "PREPAREOK", "R3", "R1"),
        ("m10", "REPLY", "R1", "K1"),
    ];
    for (id, label, from, to) in round {
        assert_eq!(said(&out, id), (label.into(), from.into(), to.into()), "{id}");
    }
    assert_eq!(l.steps[0].highlight.messages, round.map(|r| r.0.to_string()));
    assert_eq!((received_at(&out, "m1"), received_at(&out, "m6"), received_at(&out, "m10")), (2.0, 4.0, 5.0));
    // R1's PREPAREOKs received before it sends its first REPLY: f of them.
    let r1 = node(&out, "R1");
    let first_reply = sending(&out, "m10");
    let oks = out.record.events[..first_reply]
        .iter()
        .filter(|e| {
            e.node == r1 && matches!(e.what, What::Receive(m) if out.record.messages[m].label == "PREPAREOK")
        })
        .count();
    assert_eq!(oks, 1, "f = 1 for three replicas");
    assert!(right_option(&l, 0).starts_with("one"), "{}", right_option(&l, 0));
    assert!(receipt(&out, "m7") > first_reply, "R3's PREPAREOK comes after the reply");
}

#[test]
fn normal_operation_the_backups_learn_of_the_commit_from_a_commit() {
    let l = lesson("vr-normal-and-view-change");
    let out = run_of(&l, 1);
    let commit_number = |id: &str| message(&out, id).fields["op"].as_u64().unwrap();
    // The COMMITs at 4 say 0, sent just before R2's PREPAREOK reaches R1…
    for id in ["m8", "m9"] {
        assert_eq!(said(&out, id).0, "COMMIT");
        assert_eq!((message(&out, id).sent, commit_number(id)), (4.0, 0));
        assert!(sending(&out, id) < receipt(&out, "m6"));
    }
    // …the idle R1's next ones, at 6, say 1 and arrive at 7.
    for id in ["m12", "m13"] {
        assert_eq!(said(&out, id).0, "COMMIT");
        assert_eq!((message(&out, id).sent, commit_number(id), received_at(&out, id)), (6.0, 1, 7.0));
    }
    assert!(right_option(&l, 1).contains("next COMMIT"));
}

#[test]
fn the_view_change_keeps_put_x_1_and_r2_answers_the_get() {
    let l = lesson("vr-normal-and-view-change");
    let out = run_of(&l, 3);
    let (r2, k1) = (node(&out, "R2"), node(&out, "K1"));
    let sent = |label: &str| -> Vec<(f64, String)> {
        let ms = out.record.messages.iter().filter(|m| m.label == label);
        ms.map(|m| (m.sent, out.names[m.from].clone())).collect()
    };
    assert!(sent("STARTVIEWCHANGE").iter().all(|(t, _)| *t == 10.0));
    assert_eq!(sent("DOVIEWCHANGE"), [(11.0, "R3".to_string())], "R2 counts its own");
    assert!(sent("STARTVIEW").iter().all(|(t, from)| *t == 12.0 && from == "R2"));
    // K1's get x is answered by R2, at 18, with 1.
    let reply =
        out.record.messages.iter().find(|m| m.label == "REPLY" && m.to == k1 && m.fields["number"] == 2);
    let reply = reply.expect("get x is answered");
    assert_eq!((reply.from, out.record.events[reply.received.unwrap()].time), (r2, 18.0));
    let history = out.to_json()["history"].clone();
    assert_eq!((history[1]["op"].as_str(), history[1]["result"].as_str()), (Some("get x"), Some("1")));
    assert!(out
        .record
        .events
        .iter()
        .any(|e| e.node == k1 && e.time == 14.0 && matches!(e.what, What::Timeout(_))));
    assert!(right_option(&l, 3).starts_with("1, from R2"));
}

#[test]
fn f_plus_one_crashes_stop_the_group_safely() {
    let l = lesson("vr-limits");
    let out = run_of(&l, 0);
    assert_eq!(violated(&out), ["liveness"]);
    assert_eq!(log_ops(&out, "R1"), [("put x 1".into(), true), ("put x 2".into(), false)]);
    let k1 = node(&out, "K1");
    let requests: Vec<f64> =
        out.record.messages.iter().filter(|m| m.label == "REQUEST").map(|m| m.sent).collect();
    assert!(requests.contains(&8.0) && requests.contains(&16.0), "sent at 8, resent at 16: {requests:?}");
    assert!(!out.record.messages.iter().any(|m| m.label == "REPLY" && m.to == k1 && m.fields["number"] == 2));
    assert!(right_option(&l, 0).starts_with("it is never committed"));
}

#[test]
fn a_recovering_replica_asks_everyone_and_takes_f_plus_one_answers() {
    let l = lesson("vr-limits");
    let out = run_of(&l, 2);
    let r3 = node(&out, "R3");
    assert_eq!(
        out.record.timelines[r3],
        [(0.0, "normal"), (4.0, "crashed"), (14.0, "recovering"), (16.0, "normal")]
    );
    let answers: Vec<(String, f64)> = out
        .record
        .messages
        .iter()
        .filter(|m| m.label == "RECOVERYRESPONSE" && m.to == r3)
        .map(|m| (out.names[m.from].clone(), m.sent))
        .collect();
    assert_eq!(answers, [("R1".to_string(), 15.0), ("R2".to_string(), 15.0)]);
    let asked: Vec<(String, f64)> = out
        .record
        .messages
        .iter()
        .filter(|m| m.label == "RECOVERY" && m.from == r3)
        .map(|m| (out.names[m.to].clone(), m.sent))
        .collect();
    assert_eq!(asked, [("R1".to_string(), 14.0), ("R2".to_string(), 14.0)]);
    assert_eq!(log_ops(&out, "R3"), log_ops(&out, "R1"));
}

#[test]
fn the_state_transfer_defect_breaks_durability_alone() {
    let l = lesson("vr-limits");
    let out = run_of(&l, 3);
    assert_eq!(violated(&out), ["durability"]);
    assert_eq!(right_option(&l, 3), "durability");
    let views: Vec<(u64, String)> = out.to_json()["views"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["view"].as_u64().unwrap(), v["primary"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(views, [(0, "R1".into()), (3, "R1".into()), (4, "R2".into())]);
    assert_eq!(log_ops(&out, "R1"), [("put x 1".into(), true)]);
    assert!(log_ops(&out, "R2").is_empty() && log_ops(&out, "R3").is_empty());
}

#[test]
fn an_equivocating_primary_breaks_agreement_alone() {
    let l = lesson("vr-limits");
    let out = run_of(&l, 4);
    assert_eq!(violated(&out), ["agreement"]);
    assert!(right_option(&l, 4).starts_with("agreement"));
    let committed = |name: &str| -> Vec<String> {
        log_ops(&out, name)
            .into_iter()
            .filter(|(op, done)| *done && op.starts_with("put"))
            .map(|(op, _)| op)
            .collect()
    };
    assert_eq!(committed("R2"), ["put x 1", "put x 2"]);
    assert_eq!(committed("R3"), ["put x 1'", "put x 2'"]);
}
