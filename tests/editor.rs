//! The editor's core: random edit sequences never produce an invalid
//! document, refusals are exactly the edits that would break causality, and
//! the specific behaviours the editor promises (deleting ends, gathers,
//! broadcasts, ids) hold.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use lightcone::core::editor::gesture::fork_from;
use lightcone::core::editor::{apply, snap, Document, Edit, EditError, Link};
use proptest::prelude::*;

fn start() -> Document {
    Document::parse(
        r#"{"processes": ["A", "B", "C"], "events": [
        {"id": "a1", "process": "A", "kind": "send", "message": "m1", "time": 1},
        {"id": "b1", "process": "B", "kind": "receive", "message": "m1", "time": 2},
        {"id": "b2", "process": "B", "kind": "send", "message": "m2", "time": 3},
        {"id": "c1", "process": "C", "kind": "receive", "message": "m2", "time": 4}]}"#,
    )
    .unwrap()
}

/// An edit built from random numbers against the current document.
fn edit_for(doc: &Document, pick: (u8, usize, usize, u8)) -> Edit {
    let (what, i, j, t) = pick;
    let time = t as f64 / 2.0;
    let event =
        |k: usize| doc.events.get(k % doc.events.len().max(1)).map(|e| e.id.clone()).unwrap_or_default();
    let process = |k: usize| doc.processes.get(k % doc.processes.len().max(1)).cloned().unwrap_or_default();
    match what % 11 {
        0 => Edit::AddEvent { process: process(i), time },
        1 => Edit::MoveEvent { event: event(i), time },
        2 => Edit::Connect { from: event(i), to: process(j), time },
        3 => Edit::DeleteEvent { event: event(i) },
        4 => Edit::DeleteMessage {
            message: doc
                .messages
                .get(i % doc.messages.len().max(1))
                .map(|m| m.id.clone())
                .unwrap_or_default(),
        },
        5 => Edit::Label { event: event(i), label: Some(format!("act {j}")) },
        6 => Edit::MoveProcess { name: process(i), to: j % 4 },
        7 => Edit::Fork { process: process(i), time, child: None },
        8 => Edit::Retire { process: process(i), into: process(j) },
        9 => Edit::RemoveProcess { name: process(i) },
        _ => Edit::RenameProcess { from: process(i), to: format!("P{}", j % 5) },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_edits_keep_the_document_valid(picks in proptest::collection::vec((any::<u8>(), 0..50usize, 0..50usize, 0..24u8), 1..40)) {
        let mut doc = start();
        for pick in picks {
            let edit = edit_for(&doc, pick);
            match apply(&doc, &edit) {
                Ok(applied) => {
                    let placed = applied.document.place().expect("an applied edit leaves a valid document");
                    prop_assert_eq!(&placed, &applied.placed);
                    let t = &placed.trace;
                    for m in 0..t.message_count() as u32 {
                        if let Some(r) = t.receive_of(m) {
                            prop_assert!(placed.times[r as usize] > placed.times[t.send_of(m) as usize]);
                        }
                    }
                    // Document order is time order.
                    prop_assert!(applied.document.events.windows(2).all(|w| w[0].time <= w[1].time));
                    // The JSON form restores exactly this document.
                    prop_assert_eq!(Document::parse(&applied.document.to_json(&placed)).unwrap(), applied.document.clone());
                    doc = applied.document;
                }
                Err(reason) => prop_assert!(!reason.to_string().is_empty()),
            }
        }
    }

    #[test]
    fn moving_an_event_is_refused_exactly_when_a_message_would_go_backwards(i in 0..4usize, t in 0..12u8) {
        let doc = start();
        let moved = doc.events[i].id.clone();
        let time = t as f64 / 2.0;
        let result = apply(&doc, &Edit::MoveEvent { event: moved.clone(), time });
        // Brute force: the moved event's messages must still point forwards,
        // and it may not share a time with another event of its process.
        let at = |id: &str| if id == moved { time } else { doc.event(id).unwrap().time };
        let backwards = doc.messages.iter().any(|m| m.to.as_deref().is_some_and(|to| at(to) <= at(&m.from)));
        let clash = doc.events.iter().any(|e| e.id != moved && e.process == doc.events[i].process && e.time == time);
        prop_assert_eq!(result.is_err(), backwards || clash, "{:?}", result.err());
    }
}

#[test]
fn a_message_received_before_it_is_sent_is_refused_and_a_cycle_is_named() {
    let doc = start();
    // c1 (t=4) sends to A at t=0.5, before a1 (t=1), which starts the chain
    // a1 -> b1 -> b2 -> c1: a causal cycle.
    let err = apply(&doc, &Edit::Connect { from: "c1".into(), to: "A".into(), time: 0.5 }).unwrap_err();
    let EditError::Trace(lightcone::core::TraceError::CausalCycle { cycle }) = &err else {
        panic!("expected a cycle, got {err}");
    };
    assert!(cycle.contains("-m1->") && cycle.contains("-m2->") && cycle.contains("-m3->"), "{cycle}");
    assert!(err.to_string().starts_with("causality would be cyclic: "));
    // Without a cycle, a backwards message is refused for arriving early.
    let err = apply(&doc, &Edit::Connect { from: "b2".into(), to: "A".into(), time: 2.0 }).unwrap_err();
    assert_eq!(err.to_string(), "m3 would arrive (at 2) before it is sent (at 3)");
}

#[test]
fn deleting_a_send_removes_its_message_and_deleting_a_receive_loses_it() {
    let doc = start();
    let d = apply(&doc, &Edit::DeleteEvent { event: "a1".into() }).unwrap().document;
    assert!(d.messages.iter().all(|m| m.id != "m1"));
    let placed = d.place().unwrap();
    assert_eq!(placed.trace.kind(placed.trace.event_by_id("b1").unwrap()).as_str(), "local");
    let d = apply(&doc, &Edit::DeleteEvent { event: "c1".into() }).unwrap().document;
    assert_eq!(d.messages.iter().find(|m| m.id == "m2").unwrap().to, None, "m2 is now lost");
    let d = apply(&doc, &Edit::DeleteMessage { message: "m1".into() }).unwrap().document;
    assert_eq!(d.events.len(), 4, "the ends stay as local events");
}

#[test]
fn connecting_makes_sends_receives_broadcasts_and_gathers() {
    let doc = start();
    // From a receive: a new send event just after b1 carries the message.
    let a = apply(&doc, &Edit::Connect { from: "b1".into(), to: "C".into(), time: 5.0 }).unwrap();
    assert_eq!(a.created.as_deref(), Some("m3"));
    let m3 = a.document.messages.iter().find(|m| m.id == "m3").unwrap();
    let sender = a.document.event(&m3.from).unwrap();
    assert_eq!((sender.process.as_str(), sender.time), ("B", 2.5));
    // From a send: a broadcast.
    let b = apply(&a.document, &Edit::Connect { from: "a1".into(), to: "C".into(), time: 6.0 }).unwrap();
    let placed = &b.placed;
    assert_eq!(placed.trace.sent_by(placed.trace.event_by_id("a1").unwrap()).len(), 2);
    // Onto an existing receive at that time: a gather.
    let c1 = b.document.event("c1").unwrap().time;
    let c = apply(&b.document, &Edit::Connect { from: "a1".into(), to: "C".into(), time: c1 }).unwrap();
    assert_eq!(c.placed.trace.received_by(c.placed.trace.event_by_id("c1").unwrap()).len(), 2);
    // To its own process: refused.
    assert!(matches!(
        apply(&doc, &Edit::Connect { from: "a1".into(), to: "A".into(), time: 3.0 }),
        Err(EditError::ToItself { .. })
    ));
}

#[test]
fn processes_are_added_renamed_moved_and_removed() {
    let doc = start();
    let d = apply(&doc, &Edit::AddProcess { name: " D ".into() }).unwrap().document;
    assert_eq!(d.processes, ["A", "B", "C", "D"]);
    assert_eq!(
        apply(&d, &Edit::AddProcess { name: "A".into() }).unwrap_err(),
        EditError::NameTaken { name: "A".into() }
    );
    assert_eq!(apply(&d, &Edit::AddProcess { name: "  ".into() }).unwrap_err(), EditError::EmptyName);
    let d = apply(&d, &Edit::RenameProcess { from: "B".into(), to: "Bob".into() }).unwrap().document;
    assert_eq!(d.event("b1").unwrap().process, "Bob");
    let d = apply(&d, &Edit::MoveProcess { name: "C".into(), to: 0 }).unwrap().document;
    assert_eq!(d.processes, ["C", "A", "Bob", "D"]);
    let d = apply(&d, &Edit::RemoveProcess { name: "Bob".into() }).unwrap().document;
    assert_eq!(d.processes, ["C", "A", "D"]);
    assert!(d.event("b1").is_none());
    assert!(d.messages.iter().all(|m| m.id != "m2"), "b2's message went with it");
    assert_eq!(d.messages.iter().find(|m| m.id == "m1").unwrap().to, None, "m1 lost its receiver");
}

#[test]
fn new_events_get_fresh_readable_ids_and_labels_are_trimmed() {
    let doc = start();
    let t = snap::free_slot(&doc, "A", 2.2, None);
    let a = apply(&doc, &Edit::AddEvent { process: "A".into(), time: t }).unwrap();
    assert_eq!(a.created.as_deref(), Some("a2"));
    let b =
        apply(&a.document, &Edit::Label { event: "a2".into(), label: Some("  write x ".into()) }).unwrap();
    assert_eq!(b.document.event("a2").unwrap().label.as_deref(), Some("write x"));
    let c = apply(&b.document, &Edit::Label { event: "a2".into(), label: Some(" ".into()) }).unwrap();
    assert_eq!(c.document.event("a2").unwrap().label, None);
    assert!(matches!(
        apply(&doc, &Edit::AddEvent { process: "A".into(), time: 1.0 }),
        Err(EditError::SameTime { .. })
    ));
}

#[test]
fn a_forked_process_lives_from_its_fork_to_its_join() {
    let doc = start();
    let fork = |d: &Document, time| apply(d, &Edit::Fork { process: "A".into(), time, child: None });
    let forked = fork(&doc, 1.5).unwrap();
    let d = forked.document;
    assert_eq!(d.processes, ["A", "D", "B", "C"], "the child gets the first free name, below its parent");
    let a2 = d.event(forked.created.as_deref().unwrap()).unwrap();
    assert_eq!((a2.time, a2.link.clone()), (1.5, Some(Link::Fork("D".into()))));
    assert_eq!(d.lifetime("D"), (1.5, None));
    assert_eq!(snap::end_slot(&d, "D"), 2.0, "+ on a new line adds after the fork");
    let early = apply(&d, &Edit::AddEvent { process: "D".into(), time: 1.0 }).unwrap_err();
    assert_eq!(early.to_string(), "d1 would happen on D before a2 forks D");
    let d = apply(&d, &Edit::AddEvent { process: "D".into(), time: 2.0 }).unwrap().document;
    let retired = apply(&d, &Edit::Retire { process: "D".into(), into: "C".into() }).unwrap();
    let d = retired.document;
    let join = d.event(retired.created.as_deref().unwrap()).unwrap().clone();
    assert_eq!((join.process.as_str(), join.time), ("C", 2.5), "just after D's last event");
    assert_eq!(join.link, Some(Link::Join("D".into())));
    assert_eq!(d.lifetime("D"), (1.5, Some(2.5)));
    let late = apply(&d, &Edit::AddEvent { process: "D".into(), time: 3.0 }).unwrap_err();
    assert_eq!(late.to_string(), format!("d2 would happen on D after {} retires D", join.id));
    let again = apply(&d, &Edit::Retire { process: "D".into(), into: "B".into() }).unwrap_err();
    assert_eq!(again.to_string(), "D has already retired");
    let itself = apply(&d, &Edit::Retire { process: "B".into(), into: "B".into() }).unwrap_err();
    assert_eq!(itself.to_string(), "B cannot retire into itself");
    // Renaming follows the links; removing the process leaves its fork and
    // join as plain events.
    let d = apply(&d, &Edit::RenameProcess { from: "D".into(), to: "W".into() }).unwrap().document;
    assert_eq!(d.event(&join.id).unwrap().link, Some(Link::Join("W".into())));
    let d = apply(&d, &Edit::RemoveProcess { name: "W".into() }).unwrap().document;
    assert!(d.events.iter().all(|e| e.link.is_none()));
    assert_eq!(d.events.len(), 6);
}

#[test]
fn forking_from_a_busy_event_forks_just_after_it() {
    let doc = start();
    // a1 sends m1, so the fork goes on a new event after it.
    let Some(Edit::Fork { process, time, .. }) = fork_from(&doc, "a1") else { panic!("a fork") };
    assert_eq!((process.as_str(), time), ("A", 1.5));
    let d = apply(&doc, &Edit::AddEvent { process: "A".into(), time: 3.0 }).unwrap().document;
    let Some(Edit::Fork { time, .. }) = fork_from(&d, "a2") else { panic!("a fork") };
    assert_eq!(time, 3.0, "a plain local event becomes the fork itself");
    let busy = apply(&doc, &Edit::Fork { process: "B".into(), time: 2.0, child: None }).unwrap_err();
    assert_eq!(busy.to_string(), "b1 already sends, receives, forks or joins; fork from a free spot");
    let named = apply(&doc, &Edit::Fork { process: "B".into(), time: 2.5, child: Some("A".into()) });
    assert_eq!(named.unwrap_err().to_string(), "there is already a process called \"A\"");
}

#[test]
fn crdt_operations_and_faults_are_edits_that_round_trip() {
    use lightcone::core::crdt::{Kind, Op};
    let doc = start();
    let d = apply(&doc, &Edit::SetCrdt { kind: Some(Kind::OrSet) }).unwrap().document;
    let d = apply(&d, &Edit::AddEvent { process: "A".into(), time: 3.0 }).unwrap().document;
    let d = apply(&d, &Edit::SetOp { event: "a2".into(), op: Some(Op::Add("x".into())) }).unwrap().document;
    // Only a local event carries an op.
    let refused = apply(&d, &Edit::SetOp { event: "a1".into(), op: Some(Op::Inc) }).unwrap_err();
    assert_eq!(refused.to_string(), "a1 carries an op, so it cannot also send, receive, fork or join");
    // A message from an op event leaves from a new event just after it.
    let sent = apply(&d, &Edit::Connect { from: "a2".into(), to: "B".into(), time: 4.0 }).unwrap();
    let m = sent.created.unwrap();
    let d = sent.document;
    assert_ne!(d.messages.iter().find(|x| x.id == m).unwrap().from, "a2");
    // Duplicate: a second delivery just after the first, from the same send.
    let dup = apply(&d, &Edit::Duplicate { message: m.clone() }).unwrap();
    let copy = dup.document.messages.iter().find(|x| Some(&x.id) == dup.created.as_ref()).unwrap().clone();
    let first = dup.document.messages.iter().find(|x| x.id == m).unwrap().clone();
    assert_eq!(copy.from, first.from);
    let at = |id: &str| dup.document.event(id).unwrap().time;
    assert_eq!(at(copy.to.as_ref().unwrap()), at(first.to.as_ref().unwrap()) + 0.5);
    // Drop: the message is lost, and its now idle receive event goes.
    let dropped = apply(&dup.document, &Edit::Drop { message: m.clone() }).unwrap().document;
    assert_eq!(dropped.messages.iter().find(|x| x.id == m).unwrap().to, None);
    assert!(dropped.event(first.to.as_ref().unwrap()).is_none());
    let again = apply(&dropped, &Edit::Drop { message: m.clone() }).unwrap_err();
    assert_eq!(again.to_string(), format!("{m} is already lost"));
    let nothing = apply(&dropped, &Edit::Duplicate { message: m.clone() }).unwrap_err();
    assert_eq!(nothing.to_string(), format!("{m} is lost: there is no delivery to repeat"));
    // The type and the ops survive the JSON form.
    let placed = dropped.place().unwrap();
    let text = dropped.to_json(&placed);
    assert!(text.contains("\"crdt\": \"or-set\"") && text.contains("\"op\": \"add x\""), "{text}");
    assert_eq!(Document::parse(&text).unwrap(), dropped);
}

#[test]
fn a_diagrams_title_and_caption_are_saved_and_read_back() {
    use lightcone::core::editor::Document;
    let text = r#"{"title": "Two <b>servers</b>", "about": "What to notice. More.", "processes": ["A"], "events": [{"id": "a1", "process": "A", "kind": "local"}]}"#;
    let doc = Document::parse(text).unwrap();
    assert_eq!(doc.title.as_deref(), Some("Two <b>servers</b>"));
    assert_eq!(doc.about.as_deref(), Some("What to notice. More."));
    let saved = doc.to_saved_json(&doc.place().unwrap());
    let again = Document::parse(&saved).unwrap();
    assert_eq!((again.title, again.about), (doc.title.clone(), doc.about.clone()));
    // Anything but a string describes nothing, and is not an error.
    let odd = Document::parse(r#"{"title": 3, "processes": ["A"], "events": []}"#).unwrap();
    assert_eq!(odd.title, None);
}
