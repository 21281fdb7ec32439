//! What a replica notes on the diagram where the paper's predicates become
//! true: *prepared* and *committed-local* with the count that made them
//! (§4.2), a count that never reached 2f by the end of the run, a stable
//! checkpoint with the watermarks it sets (§4.3), and what a VIEW-CHANGE
//! and a NEW-VIEW carry (§4.4). Only the texts live here; the handlers
//! say when.

use super::msg::SignedRequest;
use crate::core::sim::record::{Note, NoteKind};
use crate::core::sim::NodeId;

/// The key of the running prepare count for sequence number `n` in
/// `view`: a certificate is for one view and one number.
pub fn key(view: u64, n: u64) -> u64 {
    view << 32 | (n & 0xffff_ffff)
}

fn note(kind: NoteKind, rank: u8, lines: Vec<String>) -> Note {
    Note { kind, rank, lines, sets: Vec::new(), pending: None, at_send: false }
}

/// §4.2: prepared(m, v, n, i), with `have` matching PREPAREs from
/// different backups against the 2f it needs.
pub fn prepared(n: u64, have: usize, f: usize) -> Note {
    note(NoteKind::Certificate, 4, vec![format!("prepared {n}"), format!("{have} of 2f = {}", 2 * f)])
}

/// §4.2: committed-local(m, v, n, i), with `have` matching COMMITs (its
/// own among them) against 2f + 1; its two quorums: the primary and the
/// backups whose prepares made the certificate, and the committers.
pub fn committed(n: u64, f: usize, prepare: Vec<NodeId>, commit: Vec<NodeId>) -> Note {
    let lines = vec![format!("committed {n}"), format!("{} of 2f+1 = {}", commit.len(), 2 * f + 1)];
    let mut c = note(NoteKind::Certificate, 3, lines);
    c.sets = vec![("prepare quorum".into(), prepare), ("commit quorum".into(), commit)];
    c
}

/// A sequence number short of prepared: `have` matching PREPAREs (none:
/// no pre-prepare accepted) of the 2f it needs. A running count, kept only
/// if the number never prepares in this view.
pub fn short(view: u64, n: u64, have: Option<usize>, prepares: usize, f: usize) -> Note {
    let first = match have {
        Some(have) => format!("{n}: {have} of {} prepares", 2 * f),
        None => format!("{n}: {prepares} PREPARE, no PRE-PREPARE"),
    };
    let mut s = note(NoteKind::Shortfall, 1, vec![first, format!("no certificate, view {view}")]);
    s.pending = Some(key(view, n));
    s
}

/// §4.3: the checkpoint at `n` became stable with `have` matching
/// CHECKPOINTs of the 2f + 1 it needs (or from a NEW-VIEW's V, `have`
/// none): h = n, H = n + L.
pub fn stable(n: u64, have: Option<usize>, f: usize, window: u64) -> Note {
    let first = match have {
        Some(have) => format!("stable {n} ({have} of {})", 2 * f + 1),
        None => format!("stable {n} (from V)"),
    };
    note(NoteKind::Checkpoint, 2, vec![first, watermarks(n, window)])
}

/// The window before any checkpoint: h = 0, H = L.
pub fn initial(window: u64) -> Note {
    note(NoteKind::Checkpoint, 5, vec![watermarks(0, window)])
}

fn watermarks(h: u64, window: u64) -> String {
    format!("h = {h}, H = {}", h + window)
}

/// §4.4: a VIEW-CHANGE for `view` with its checkpoint s and the numbers
/// its P holds certificates for, at its send.
pub fn view_change(view: u64, s: u64, prepared: &[u64]) -> Note {
    let p = if prepared.is_empty() { "none".into() } else { list(prepared.iter()) };
    let mut v =
        note(NoteKind::ViewChange, 1, vec![format!("VIEW-CHANGE {view}"), format!("s = {s}, P: {p}")]);
    v.at_send = true;
    v
}

/// The most lines a NEW-VIEW's O takes before it says how many more (the
/// note stays two or three rows, so it fits between two lines).
const O_LINES: usize = 2;
/// The most characters of a line of O.
const O_CHARS: usize = 26;

/// §4.4: the new primary's NEW-VIEW for `view`, with min-s, max-s and O
/// listed (each number with its request, or null), at its send.
pub fn new_view(view: u64, min_s: u64, o: &[(u64, Option<&SignedRequest>)]) -> Note {
    let max_s = o.last().map_or(min_s, |e| e.0);
    let mut lines = vec![format!("NEW-VIEW {view}: min-s {min_s}, max-s {max_s}")];
    let entries: Vec<String> = o
        .iter()
        .map(|(n, r)| format!("{n} {}", r.map_or("null".into(), |r| r.value().op.to_string())))
        .collect();
    let mut line = String::from("O:");
    let mut rows = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let sep = if i == 0 { " " } else { ", " };
        if line.chars().count() + sep.len() + e.chars().count() > O_CHARS && line != "O:" {
            rows.push(std::mem::take(&mut line) + ",");
            line = e.clone();
        } else {
            line += sep;
            line += e;
        }
    }
    if entries.is_empty() {
        line += " empty";
    }
    rows.push(line);
    if rows.len() > O_LINES {
        let more = rows.len() - (O_LINES - 1);
        rows.truncate(O_LINES - 1);
        rows.push(format!("… {more} more lines"));
    }
    lines.extend(rows);
    let mut v = note(NoteKind::ViewChange, 0, lines);
    v.at_send = true;
    v
}

fn list<'a>(ns: impl Iterator<Item = &'a u64>) -> String {
    ns.map(u64::to_string).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn o_is_listed_and_a_long_one_says_how_much_more() {
        let short = new_view(1, 0, &[(1, None), (2, None)]);
        assert_eq!(short.lines, ["NEW-VIEW 1: min-s 0, max-s 2", "O: 1 null, 2 null"]);
        let long: Vec<(u64, Option<&SignedRequest>)> = (1..=40).map(|n| (n, None)).collect();
        let l = new_view(2, 0, &long);
        assert_eq!(l.lines.len(), 1 + O_LINES);
        assert!(l.lines.last().unwrap().ends_with("more lines"), "{:?}", l.lines);
        assert!(l.lines[1..].iter().all(|x| x.chars().count() <= O_CHARS + 1), "{:?}", l.lines);
    }
}
