//! Relations and witnesses in words, shared by the CLI and the page.

use super::causality::{ConcurrencyWitness, Hop, Relation};
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
