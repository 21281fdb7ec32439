//! PBFT's notes on the diagram: on the presets, each certificate, stable
//! checkpoint, shortfall, VIEW-CHANGE and NEW-VIEW as worked out by hand
//! from the paper (§4.2–§4.4) for synchronous timing with delay 1; on
//! random runs, every "prepared" and "committed" note agrees with a
//! brute-force recount of the PREPARE and COMMIT messages in the trace,
//! and every commit's two quorums share f + 1 replicas, a correct one
//! among them.
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::sim::outcome::{run, Outcome};
use lightcone::core::sim::pbft::quorums::{figure, quorums};
use lightcone::core::sim::record::{NoteKind, What};
use lightcone::core::sim::scenario::Scenario;
use proptest::prelude::*;
use std::collections::BTreeSet;

fn preset(name: &str) -> Scenario {
    let text = lightcone::core::library::scenario(name).unwrap_or_else(|| panic!("{name} is registered"));
    Scenario::parse(text).unwrap()
}

/// Each note of `name`'s replica, in order, as its lines joined by " / ".
fn notes_of(out: &Outcome, name: &str) -> Vec<String> {
    let id = out.names.iter().position(|n| n == name).unwrap();
    out.record
        .notes
        .iter()
        .filter(|n| out.record.events[n.event].node == id)
        .map(|n| n.note.lines.join(" / "))
        .collect()
}

#[test]
fn normal_case_every_replica_prepares_at_2_of_2_and_commits_at_3_of_3() {
    // f = 1. R1's PRE-PREPARE reaches the backups at 3; each multicasts
    // PREPARE, so at 4 a backup holds its own and the first other one: 2
    // matching, 2f = 2 (the primary, which sends none, holds two backups').
    // COMMITs arrive at 5: its own and two others make 2f + 1 = 3. The same
    // for get x at n = 2; no checkpoint (K = 4 > 2 requests).
    let out = run(&preset("pbft-normal"));
    for r in ["R1", "R2", "R3", "R4"] {
        assert_eq!(
            notes_of(&out, r),
            [
                "h = 0, H = 8",
                "prepared 1 / 2 of 2f = 2",
                "committed 1 / 3 of 2f+1 = 3",
                "prepared 2 / 2 of 2f = 2",
                "committed 2 / 3 of 2f+1 = 3",
            ],
            "{r}"
        );
    }
    assert!(notes_of(&out, "K1").is_empty(), "a client notes nothing");
    // Each note sits where it was reached: prepared at a PREPARE's arrival
    // (time 4 for n = 1), committed at a COMMIT's (time 5).
    for n in &out.record.notes {
        let e = &out.record.events[n.event];
        let label = match &e.what {
            What::Receive(m) => out.record.messages[*m].label.as_str(),
            What::Start => "start",
            other => panic!("a note at {other:?}"),
        };
        match n.note.lines[0].as_str() {
            "prepared 1" => assert_eq!((label, e.time), ("PREPARE", 4.0)),
            "committed 1" => assert_eq!((label, e.time), ("COMMIT", 5.0)),
            _ => {}
        }
    }
}

#[test]
fn checkpoints_become_stable_at_2_4_and_6_and_move_the_window() {
    // K = 2, L = 4: after requests 2, 4, 6 each replica's own CHECKPOINT and
    // two others' make 2f + 1 = 3; h moves to the checkpoint, H = h + 4.
    let out = run(&preset("pbft-checkpoints"));
    for r in ["R1", "R2", "R3", "R4"] {
        let stable: Vec<String> = notes_of(&out, r)
            .into_iter()
            .filter(|n| n.starts_with("stable") || n.starts_with("h ="))
            .collect();
        assert_eq!(
            stable,
            [
                "h = 0, H = 4",
                "stable 2 (3 of 3) / h = 2, H = 6",
                "stable 4 (3 of 3) / h = 4, H = 8",
                "stable 6 (3 of 3) / h = 6, H = 10",
            ],
            "{r}"
        );
    }
    // The watermarks the notes state are those the report ends with.
    let report = out.to_json();
    assert_eq!(
        (report["replicas"]["R2"]["low"].as_u64(), report["replicas"]["R2"]["high"].as_u64()),
        (Some(6), Some(10))
    );
}

#[test]
fn a_view_change_notes_each_view_changes_s_and_p_and_the_new_views_o() {
    // R1 crashes after its PRE-PREPARE for put x 2, which the backups
    // prepare: each VIEW-CHANGE carries s = 0 (no checkpoint, K = 4) and
    // certificates for 1 and 2. R2's NEW-VIEW: min-s = 0, max-s = 2, O =
    // put x 1, put x 2.
    let out = run(&preset("pbft-view-change"));
    let of_kind = |kind: NoteKind| -> Vec<(String, String, bool)> {
        out.record
            .notes
            .iter()
            .filter(|n| n.note.kind == kind)
            .map(|n| {
                let e = &out.record.events[n.event];
                let sent: BTreeSet<&str> = match &e.what {
                    What::Send(ms) => ms.iter().map(|&m| out.record.messages[m].label.as_str()).collect(),
                    _ => BTreeSet::new(),
                };
                let first = n.note.lines[0].split(' ').next().unwrap();
                (out.names[e.node].clone(), n.note.lines.join(" / "), sent.contains(first))
            })
            .collect()
    };
    let changes = of_kind(NoteKind::ViewChange);
    let vc: Vec<&(String, String, bool)> =
        changes.iter().filter(|c| c.1.starts_with("VIEW-CHANGE")).collect();
    assert_eq!(vc.len(), 3, "{changes:?}");
    for (r, text, at_send) in &vc {
        assert_eq!(text, "VIEW-CHANGE 1 / s = 0, P: 1, 2", "{r}");
        assert!(at_send, "{r}'s note is on its send");
    }
    let nv: Vec<&(String, String, bool)> = changes.iter().filter(|c| c.1.starts_with("NEW-VIEW")).collect();
    assert_eq!(nv.len(), 1);
    assert_eq!(nv[0].0, "R2");
    assert_eq!(nv[0].1, "NEW-VIEW 1: min-s 0, max-s 2 / O: 1 put x 1, 2 put x 2");
    assert!(nv[0].2, "at its send");
    // The O the note lists is the one the NEW-VIEW message carries.
    let sent = out.record.messages.iter().find(|m| m.label == "NEW-VIEW").unwrap();
    let o: Vec<String> = sent.fields["o"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{} {}", e["n"], e["request"].as_str().unwrap()))
        .collect();
    assert_eq!(o, ["1 put x 1", "2 put x 2"]);
}

/// One request to 7 replicas, R1 equivocating: R2, R4 and R6 get the
/// request, R3, R5 and R7 the null request.
fn equivocating_seven() -> Scenario {
    Scenario::parse(
        r#"{"protocol": "pbft", "replicas": 7, "workload": [{"client": "K1", "at": 1, "op": "put x 1"}],
            "model": {"links": "reliable", "nodes": "crash-stop", "timing": {"synchronous": {"delay": 1}},
                      "byzantine": {"R1": "equivocate"}},
            "until": 12}"#,
    )
    .unwrap()
}

#[test]
fn an_equivocating_primary_leaves_each_half_short_of_2f_prepares() {
    // f = 2, 2f = 4. Each half of the backups is three replicas: its own
    // PREPARE and the other two match, 3 of 4; the other half's do not.
    let out = run(&equivocating_seven());
    for r in ["R2", "R3", "R4", "R5", "R6", "R7"] {
        let notes = notes_of(&out, r);
        assert!(notes.contains(&"1: 3 of 4 prepares / no certificate, view 0".to_string()), "{r}: {notes:?}");
        assert!(!notes.iter().any(|n| n.starts_with("prepared")), "{r}: {notes:?}");
    }
    // Each shortfall stands at the last PREPARE for view 0, n = 1 its
    // replica received.
    // (The run ends at 12, just as view 1's PRE-PREPARE arrives: those
    // counts stand too, for view 1.)
    let view_0 = |n: &&lightcone::core::sim::record::NoteAt| n.note.lines[1].ends_with("view 0");
    for n in out.record.notes.iter().filter(|n| n.note.kind == NoteKind::Shortfall).filter(view_0) {
        let node = out.record.events[n.event].node;
        let last = out
            .record
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.node == node)
            .filter_map(|(i, e)| match &e.what {
                What::Receive(m) if is(&out, *m, "PREPARE", 0, 1) => Some(i),
                _ => None,
            })
            .next_back();
        assert_eq!(Some(n.event), last, "{}", out.names[node]);
    }
}

/// Whether message `m` is a `label` for view `v` and sequence number `n`.
fn is(out: &Outcome, m: usize, label: &str, v: u64, n: u64) -> bool {
    let msg = &out.record.messages[m];
    msg.label == label
        && msg.fields.get("view").and_then(|x| x.as_u64()) == Some(v)
        && msg.fields.get("op").and_then(|x| x.as_u64()) == Some(n)
}

/// Where a count first reached its quorum (an event) and the count there.
type Reached = Option<(usize, usize)>;

/// What a brute-force recount of the trace finds at replica `r` for
/// sequence number `n` in view 0: the first event at which it holds a
/// pre-prepare and 2f PREPAREs from different backups (its own among them:
/// sent by the event, so in the send event right after), and the count
/// there; then the first event at which it also holds 2f + 1 COMMITs.
fn recount(out: &Outcome, r: usize, n: u64, f: usize) -> (Reached, Reached) {
    let primary = 0;
    let (mut pre, mut prepares, mut commits) = (false, BTreeSet::new(), BTreeSet::new());
    let (mut prepared, mut committed) = (None, None);
    let events = &out.record.events;
    for (i, e) in events.iter().enumerate().filter(|(_, e)| e.node == r) {
        // What this event's handler sent is in the send event after it.
        let sent: Vec<usize> = match events.get(i + 1).map(|x| (&x.what, x.node)) {
            Some((What::Send(ms), node)) if node == r && !matches!(e.what, What::Send(_)) => ms.clone(),
            _ => Vec::new(),
        };
        if let What::Receive(m) = e.what {
            let from = out.record.messages[m].from;
            pre |= is(out, m, "PRE-PREPARE", 0, n) && from == primary;
            if is(out, m, "PREPARE", 0, n) && from != primary {
                prepares.insert(from);
            }
            if is(out, m, "COMMIT", 0, n) {
                commits.insert(from);
            }
        }
        for &m in &sent {
            pre |= r == primary && is(out, m, "PRE-PREPARE", 0, n);
            if is(out, m, "PREPARE", 0, n) {
                prepares.insert(r);
            }
            if is(out, m, "COMMIT", 0, n) {
                commits.insert(r);
            }
        }
        if prepared.is_none() && pre && prepares.len() >= 2 * f {
            prepared = Some((i, prepares.len()));
        }
        if prepared.is_some() && committed.is_none() && commits.len() > 2 * f {
            committed = Some((i, commits.len()));
        }
    }
    (prepared, committed)
}

fn random(replicas: usize, byzantine: &[(usize, &str)], seed: u64) -> Scenario {
    let byz: Vec<String> = byzantine.iter().map(|(r, b)| format!(r#""R{}": "{b}""#, r + 1)).collect();
    Scenario::parse(&format!(
        r#"{{"protocol": "pbft", "replicas": {replicas}, "clients": 2, "checkpoint": 4, "window": 16,
            "workload": {{"random": {{"ops": 6, "keys": 2, "every": 2, "from": 1}}}},
            "model": {{"links": "reliable", "nodes": "crash-stop",
                       "timing": {{"partially-synchronous": {{"gst": 20, "delay": 1, "max_before": 4}}}},
                       "byzantine": {{{}}}}},
            "seed": {seed}, "until": 200}}"#,
        byz.join(", ")
    ))
    .unwrap()
}

const BEHAVIOURS: [&str; 4] = ["silent", "equivocate", "replay", "lie"];

/// The count a note states: "2 of 2f = 2" → 2.
fn count(line: &str) -> usize {
    line.split(' ').next().unwrap().parse().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn certificate_notes_agree_with_a_recount_and_quorums_intersect(
        replicas in prop_oneof![Just(4usize), Just(7)],
        faulty in proptest::collection::btree_map(0..7usize, 0..4usize, 0..=2),
        seed in 1..1000u64,
    ) {
        let f = (replicas - 1) / 3;
        let faulty: Vec<(usize, &str)> =
            faulty.into_iter().filter(|(r, _)| *r < replicas).take(f).map(|(r, b)| (r, BEHAVIOURS[b])).collect();
        let out = run(&random(replicas, &faulty, seed));
        // An equivocating primary sends two digests for one (v, n): the
        // trace names only (v, n), so the recount can only bound the count.
        let equivocating = faulty.iter().any(|&(r, b)| r == 0 && b == "equivocate");
        let byzantine = |r: usize| faulty.iter().any(|&(b, _)| b == r);
        // Every note of view 0 made before its replica left view 0.
        let left = |r: usize| out.record.timelines[r].iter().find(|(_, w)| *w == "view-change").map(|(t, _)| *t);
        let mut checked = 0;
        for r in (0..replicas).filter(|&r| !byzantine(r)) {
            for n in 1..=6u64 {
                let (prepared, committed) = recount(&out, r, n, f);
                let note = |head: &str| {
                    out.record.notes.iter().find(|x| {
                        out.record.events[x.event].node == r && x.note.lines[0] == format!("{head} {n}")
                            && left(r).is_none_or(|t| out.record.events[x.event].time < t)
                    })
                };
                for (head, expected) in [("prepared", prepared), ("committed", committed)] {
                    let got = note(head).map(|x| (x.event, count(&x.note.lines[1])));
                    if equivocating {
                        if let (Some((_, have)), Some((_, all))) = (got, expected) {
                            prop_assert!(have <= all, "{head} {n} at R{}: {have} > {all}", r + 1);
                        }
                    } else if left(r).is_none() {
                        prop_assert_eq!(got, expected, "{} {} at R{}, seed {}, {:?}", head, n, r + 1, seed, faulty);
                        checked += usize::from(got.is_some());
                    }
                }
            }
        }
        prop_assert!(equivocating || checked > 0 || out.record.timelines.iter().any(|t| t.iter().any(|(_, w)| *w == "view-change")),
            "some note was checked (seed {seed})");
        // Two sets of 2f + 1 over 3f + 1 share f + 1, one of them correct.
        for q in quorums(&out.record) {
            prop_assert_eq!(q.prepare.len(), 2 * f + 1);
            prop_assert!(q.commit.len() > 2 * f);
            let shared = q.shared();
            prop_assert!(shared.len() > f, "{:?}", q);
            prop_assert!(shared.iter().any(|&r| !byzantine(r)), "{:?}", q);
            let fig = figure(&q, &out.names, replicas, &|name| faulty.iter().any(|&(b, _)| out.names[b] == name));
            prop_assert_eq!(fig.members.iter().filter(|m| m.prepare && m.commit).count(), shared.len());
        }
    }
}

#[test]
fn each_commits_quorums_are_the_replicas_whose_messages_it_counted() {
    // pbft-normal, R2 committing 1: the primary R1 and the two prepares of
    // its certificate (its own and R3's: senders are kept in id order),
    // and the COMMITs it held when they reached 2f + 1.
    let out = run(&preset("pbft-normal"));
    let qs = quorums(&out.record);
    assert_eq!(qs.len(), 8, "two requests, four replicas");
    for q in &qs {
        let (prepared, committed) = recount(&out, q.at, q.headline[10..].parse().unwrap(), 1);
        assert!(prepared.is_some() && committed.is_some());
        assert!(q.prepare.contains(&0), "the primary's PRE-PREPARE is in it");
        // Every member's PREPARE or COMMIT did reach it (or was its own).
        assert_eq!(q.prepare.len(), 3);
        assert_eq!(q.commit.len(), committed.unwrap().1);
        assert!(q.shared().len() >= 2);
    }
    let r2 = qs.iter().find(|q| q.at == 1 && q.headline == "committed 1").unwrap();
    assert_eq!(r2.prepare, [0, 1, 2]);
    let fig = figure(r2, &out.names, 4, &|_| false);
    assert_eq!(fig.title, "committed 1 at R2");
    assert!(fig.lines[2].starts_with("in both: R2, R3"), "{:?}", fig.lines);
}
