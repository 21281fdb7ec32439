//! What the "pbft" and "vr-vs-pbft" lessons say, checked against the runs
//! they show: each prediction's right option is worked out here from the
//! run's record and report (messages by label, replicas' watermarks, the
//! NEW-VIEW's O, the verdicts), so a change to a protocol or a preset that
//! makes a lesson's words false fails here.
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::lesson::{Lesson, Loaded};
use lightcone::core::sim::outcome::Outcome;
use serde_json::Value;

fn lesson(name: &str) -> Lesson {
    Lesson::parse(lightcone::core::library::lesson(name).expect("a shipped lesson")).unwrap()
}

fn run_of(l: &Lesson, i: usize) -> Outcome {
    match l.diagram_of(i).diagram.load().unwrap() {
        Loaded::Run { outcome, .. } => *outcome,
        _ => panic!("step {i} shows a run"),
    }
}

fn right_option(l: &Lesson, i: usize) -> &str {
    let c = l.steps[i].prediction.as_ref().and_then(|p| p.choose.as_ref()).expect("a choice");
    &c.options[c.answer]
}

fn count(o: &Outcome, labels: &[&str]) -> usize {
    o.record.messages.iter().filter(|m| labels.contains(&m.label.as_str())).count()
}

fn violated(o: &Outcome) -> Vec<&'static str> {
    o.properties.iter().filter(|p| !p.holds).map(|p| p.name).collect()
}

fn report(o: &Outcome) -> Value {
    o.to_json()
}

const PBFT_NORMAL: [&str; 5] = ["REQUEST", "PRE-PREPARE", "PREPARE", "COMMIT", "REPLY"];

#[test]
fn pbft_normal_case_twenty_nine_messages_a_request() {
    let l = lesson("pbft");
    let o = run_of(&l, 1);
    assert_eq!(o.count("requests"), Some(2));
    assert_eq!(count(&o, &PBFT_NORMAL) / 2, 29);
    assert_eq!(o.record.messages.len(), 58, "nothing else is sent");
    assert_eq!(right_option(&l, 1), "29");
    assert!(right_option(&l, 0).starts_with("2f = 2"));
}

#[test]
fn pbft_equivocation_r3_never_prepares_and_no_view_change() {
    let l = lesson("pbft");
    let o = run_of(&l, 2);
    let r = report(&o);
    assert_eq!(r["replicas"]["R3"]["executed"], 0, "R3 executes nothing at 1");
    for name in ["R2", "R4"] {
        assert!(r["replicas"][name]["executed"].as_u64().unwrap() >= 1, "{name}");
    }
    assert_eq!(r["views"].as_array().unwrap().len(), 1, "no view change");
    assert_eq!(r["history"][1]["result"], "1");
    assert!(violated(&o).is_empty(), "{:?}", violated(&o));
    assert!(right_option(&l, 2).starts_with("R2 and R4 prepare"));
}

#[test]
fn pbft_new_view_re_proposes_both_puts() {
    let l = lesson("pbft");
    let o = run_of(&l, 3);
    let nv = o.record.messages.iter().find(|m| m.label == "NEW-VIEW").expect("a NEW-VIEW");
    assert_eq!(o.names[nv.from], "R2");
    let ops: Vec<(u64, &str)> = nv.fields["o"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["n"].as_u64().unwrap(), e["request"].as_str().unwrap()))
        .collect();
    assert_eq!(ops, [(1, "put x 1"), (2, "put x 2")]);
    assert_eq!(right_option(&l, 3), "`put x 1` at 1 and `put x 2` at 2");
    assert_eq!(report(&o)["history"][2]["result"], "2");
}

#[test]
fn pbft_checkpoints_move_the_watermarks_to_six_and_ten() {
    let l = lesson("pbft");
    let o = run_of(&l, 5);
    let r = report(&o);
    for name in ["R1", "R2", "R3", "R4"] {
        assert_eq!(
            (r["replicas"][name]["low"].as_u64(), r["replicas"][name]["high"].as_u64()),
            (Some(6), Some(10))
        );
    }
    assert_eq!(right_option(&l, 5), "h = 6 and H = 10");
}

#[test]
fn vr_vs_pbft_delays_messages_and_verdicts() {
    let l = lesson("vr-vs-pbft");
    // VR, no fault: four message delays; 2n = 6 normal-case messages.
    let vr = run_of(&l, 0);
    assert_eq!(vr.number("message_delays_mean"), Some(4.0));
    assert_eq!(count(&vr, &["REQUEST", "PREPARE", "PREPAREOK", "REPLY"]) / 3, 6);
    assert_eq!(right_option(&l, 0), "4");
    // PBFT, no fault: 29 a request.
    let pbft = run_of(&l, 1);
    assert_eq!(count(&pbft, &PBFT_NORMAL) / 3, 29);
    assert_eq!(right_option(&l, 1), "29");
    // A crashed primary: both answer everything with every property
    // holding; PBFT sends more messages per request.
    let (vr, pbft) = (run_of(&l, 2), run_of(&l, 3));
    for o in [&vr, &pbft] {
        assert_eq!(o.count("requests"), Some(3));
        assert!(violated(o).is_empty(), "{:?}", violated(o));
    }
    assert!(pbft.number("messages_per_op") > vr.number("messages_per_op"));
    assert_eq!(right_option(&l, 2), "yes, after the view change");
    assert_eq!(right_option(&l, 3), "PBFT");
    // A lying primary: VR's linearizable breaks (liveness holds); PBFT's
    // every property holds, R2 leads the last view.
    let (vr, pbft) = (run_of(&l, 4), run_of(&l, 5));
    assert!(
        violated(&vr).contains(&"linearizable") && !violated(&vr).contains(&"liveness"),
        "{:?}",
        violated(&vr)
    );
    assert_eq!(right_option(&l, 4), "linearizable");
    assert_eq!(report(&vr)["history"][2]["result"], "2'", "get x reads a value nobody put");
    assert!(violated(&pbft).is_empty(), "{:?}", violated(&pbft));
    assert_eq!(pbft.count("requests"), Some(3));
    assert_eq!(report(&pbft)["views"].as_array().unwrap().last().unwrap()["primary"], "R2");
    assert!(right_option(&l, 5).starts_with("every request answered correctly"));
}
