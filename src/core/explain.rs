//! Relations and witnesses in words, shared by the CLI and the page.

use super::causality::{ConcurrencyWitness, Hop, Relation};
use super::clocks::VectorClocks;
use super::trace::{EventIdx, Trace};

/// One hop as `a1 -m1-> b1  (message m1 from A to B)`.
pub fn hop(trace: &Trace, hop: &Hop) -> String {
    let (from, to) = (trace.event_id(hop.from()), trace.event_id(hop.to()));
    match *hop {
        Hop::Program { .. } => {
            let p = trace.process_name(trace.process_of(hop.from()));
            format!("{from} -> {to}  (program order on {p})")
        }
        Hop::Message { message, .. } => {
            let m = trace.message_id(message);
            let (p, q) = (trace.process_of(hop.from()), trace.process_of(hop.to()));
            let (p, q) = (trace.process_name(p), trace.process_name(q));
            format!("{from} -{m}-> {to}  (message {m} from {p} to {q})")
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

/// How V(e) came about, e.g. `max([1,0], [0,2]) then B + 1 = [1,3]`.
pub fn vector_derivation(trace: &Trace, vectors: &VectorClocks, e: EventIdx) -> String {
    let show = |v: &[u32]| format!("[{}]", v.iter().map(u32::to_string).collect::<Vec<_>>().join(","));
    let mut inputs: Vec<String> = trace.predecessor(e).map(|p| show(vectors.of(p))).into_iter().collect();
    inputs.extend(trace.received_by(e).iter().map(|&m| show(vectors.of(trace.send_of(m)))));
    let own = trace.process_name(trace.process_of(e));
    let result = show(vectors.of(e));
    match inputs.len() {
        0 => format!("first event of {own}: {own} = 1, so {result}"),
        1 => format!("{} then {own} + 1 = {result}", inputs[0]),
        _ => format!("max({}) then {own} + 1 = {result}", inputs.join(", ")),
    }
}
