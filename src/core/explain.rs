//! Relations and witnesses in words, shared by the CLI and the page.

use super::causality::{ConcurrencyWitness, Hop, Relation};
use super::clocks::VectorClocks;
use super::diagram::texts::vector_text;
use super::trace::{EventIdx, EventKind, Trace, Via};

/// One hop as `a1 -m1-> b1  (message m1 from A to B)`.
pub fn hop(trace: &Trace, hop: &Hop) -> String {
    let (from, to) = (trace.event_id(hop.from()), trace.event_id(hop.to()));
    match *hop {
        Hop::Program { .. } => {
            let p = trace.process_name(trace.process_of(hop.from()));
            format!("{from} -> {to}  (program order on {p})")
        }
        Hop::Via { via, .. } => {
            let (p, q) = (trace.process_of(hop.from()), trace.process_of(hop.to()));
            let (p, q) = (trace.process_name(p), trace.process_name(q));
            match via {
                Via::Message(m) => {
                    let m = trace.message_id(m);
                    format!("{from} -{m}-> {to}  (message {m} from {p} to {q})")
                }
                Via::Fork => format!("{from} -fork-> {to}  ({p} forks {q})"),
                Via::Join => {
                    let c = trace.partner(hop.to()).map_or("?", |c| trace.process_name(c));
                    format!("{from} -join-> {to}  ({q} joins {c}, retiring it)")
                }
            }
        }
    }
}

/// The two entries that make `a` and `b` concurrent.
pub fn concurrency(trace: &Trace, a: EventIdx, b: EventIdx, w: &ConcurrencyWitness) -> [String; 2] {
    let line = |x: EventIdx, y: EventIdx, (p, own, other): (u32, u32, u32)| {
        let (x, y, p) = (trace.event_id(x), trace.event_id(y), trace.process_name(p));
        format!("V({x})[{p}] = {own} > V({y})[{p}] = {other}: {y} has not seen {x}")
    };
    [line(a, b, w.a_entry), line(b, a, w.b_entry)]
}

/// The relation's word, then its witness, one item per line.
pub fn relation(trace: &Trace, a: EventIdx, b: EventIdx, relation: &Relation) -> Vec<String> {
    let mut lines = vec![relation.word().to_string()];
    match relation {
        Relation::Same => lines.push(format!("{} is one event", trace.event_id(a))),
        Relation::Before(hops) | Relation::After(hops) => lines.extend(hops.iter().map(|h| hop(trace, h))),
        Relation::Concurrent(w) => lines.extend(concurrency(trace, a, b, w)),
    }
    lines
}

/// What an event is, e.g. `send on A`, `fork on A: starts C`.
pub fn kind(trace: &Trace, e: EventIdx) -> String {
    let on = format!("{} on {}", trace.kind(e).as_str(), trace.process_name(trace.process_of(e)));
    match (trace.kind(e), trace.partner(e)) {
        (EventKind::Fork, Some(c)) => format!("{on}: starts {}", trace.process_name(c)),
        (EventKind::Join, Some(c)) => format!("{on}: retires {}", trace.process_name(c)),
        (EventKind::Receive, _) if !trace.sent_by(e).is_empty() => format!("{on}, and send"),
        _ => on,
    }
}

/// How e's interval tree clock stamp came about, in the terms of the
/// fork-event-join model.
pub fn itc_derivation(trace: &Trace, e: EventIdx) -> String {
    let partner = || trace.partner(e).map_or("?", |c| trace.process_name(c));
    match trace.kind(e) {
        EventKind::Local => "local: event".into(),
        EventKind::Send => "send: event, and the message carries peek (the event tree, no id)".into(),
        EventKind::Receive if !trace.sent_by(e).is_empty() => {
            "receive: join the messages' event trees, then event; its own messages carry peek".into()
        }
        EventKind::Receive => "receive: join the messages' event trees, then event".into(),
        EventKind::Fork => format!("fork: event, then split the id; {} gets the other half", partner()),
        EventKind::Join => format!("join: take back {}'s id and event tree, then event", partner()),
    }
}

/// How V(e) came about, e.g. `max([1,0], [0,2]) then B + 1 = [1,3]`.
pub fn vector_derivation(trace: &Trace, vectors: &VectorClocks, e: EventIdx) -> String {
    let mut inputs: Vec<String> =
        trace.predecessor(e).map(|p| vector_text(vectors.of(p))).into_iter().collect();
    inputs.extend(trace.causes(e).map(|(s, _)| vector_text(vectors.of(s))));
    let own = trace.process_name(trace.process_of(e));
    let result = vector_text(vectors.of(e));
    match inputs.len() {
        0 => format!("first event of {own}: {own} = 1, so {result}"),
        1 => format!("{} then {own} + 1 = {result}", inputs[0]),
        _ => format!("max({}) then {own} + 1 = {result}", inputs.join(", ")),
    }
}
