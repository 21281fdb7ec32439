//! Shared helpers for the integration tests: random traces with broadcasts
//! and gathers, and brute-force definitions to check the core against.
#![allow(dead_code)]

use lightcone::core::{EventKind, EventSpec, Trace, TraceBuilder};

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(not(target_arch = "wasm32"))]
pub mod strategy;

/// One step of a random execution: process `p` does something. Process
/// numbers index the processes alive at that step (modulo their count).
#[derive(Clone, Debug)]
pub enum Step {
    /// A local event.
    Local(usize),
    /// A send to each process in the list (a broadcast when several).
    Send(usize, Vec<usize>),
    /// Receive up to this many waiting messages at once (a gather when > 1).
    Receive(usize, usize),
    /// Fork a new process.
    Fork(usize),
    /// The first process joins the second, retiring it (a local event when
    /// they are the same or only one process is alive).
    Join(usize, usize),
}

/// Plays `steps` on `processes` initial processes into a valid trace.
/// Messages to processes that never receive them, or that retire first,
/// are lost.
pub fn play(processes: usize, steps: &[Step]) -> Trace {
    let mut b = TraceBuilder::new();
    let mut names: Vec<String> = (0..processes).map(|p| format!("P{p}")).collect();
    for n in &names {
        b.process(n).unwrap();
    }
    let mut live: Vec<usize> = (0..processes).collect();
    let mut inbox: Vec<Vec<String>> = vec![Vec::new(); processes];
    let mut count = vec![0; processes];
    let mut next_message = 0;
    for step in steps {
        let alive = live.clone();
        let pick = |i: usize| alive[i % alive.len()];
        let mut partner = None;
        let (p, kind, messages): (usize, EventKind, Vec<String>) = match step {
            Step::Local(p) => (pick(*p), EventKind::Local, vec![]),
            Step::Send(p, to) => {
                let ms: Vec<String> = to
                    .iter()
                    .map(|&q| {
                        next_message += 1;
                        let m = format!("m{next_message}");
                        inbox[pick(q)].push(m.clone());
                        m
                    })
                    .collect();
                (pick(*p), if ms.is_empty() { EventKind::Local } else { EventKind::Send }, ms)
            }
            Step::Receive(p, k) => {
                let p = pick(*p);
                let take = (*k).min(inbox[p].len());
                let ms: Vec<String> = inbox[p].drain(..take).collect();
                (p, if ms.is_empty() { EventKind::Local } else { EventKind::Receive }, ms)
            }
            Step::Fork(p) => {
                let child = names.len();
                names.push(format!("P{child}"));
                b.process(&names[child]).unwrap();
                inbox.push(Vec::new());
                count.push(0);
                live.push(child);
                partner = Some(child);
                (pick(*p), EventKind::Fork, vec![])
            }
            Step::Join(p, c) => {
                let (p, c) = (pick(*p), pick(*c));
                if p == c {
                    (p, EventKind::Local, vec![])
                } else {
                    live.retain(|&x| x != c);
                    partner = Some(c);
                    (p, EventKind::Join, vec![])
                }
            }
        };
        count[p] += 1;
        let id = format!("p{p}.{}", count[p]);
        let refs: Vec<&str> = messages.iter().map(|s| s.as_str()).collect();
        let label = (count[p] % 3 == 0).then_some("act");
        let spec = EventSpec {
            label,
            partner: partner.map(|c| names[c].as_str()),
            ..EventSpec::new(&id, &names[p], kind, &refs)
        };
        b.event(&spec).unwrap();
    }
    b.build().unwrap()
}

/// The direct edges of happened-before, from the definitions: program
/// order; messages; a fork before its child's first event; a retired
/// process's last event (its fork if it did nothing) before its join.
pub fn edges(t: &Trace) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for e in 0..t.event_count() as u32 {
        if let Some(s) = t.successor(e) {
            out.push((e, s));
        }
        for &m in t.sent_by(e) {
            if let Some(r) = t.receive_of(m) {
                out.push((e, r));
            }
        }
        let Some(c) = t.partner(e) else { continue };
        let events = t.process_events(c);
        match t.kind(e) {
            EventKind::Fork => {
                if let Some(&first) = events.first().or(t.joined_by(c).as_ref()) {
                    out.push((e, first));
                }
            }
            _ => {
                if let Some(&last) = events.last().or(t.forked_by(c).as_ref()) {
                    out.push((last, e));
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Brute force: reach[a][b] when a path of one or more edges leads a to b.
pub fn reachability(t: &Trace) -> Vec<Vec<bool>> {
    let n = t.event_count();
    let mut next = vec![Vec::new(); n];
    for (a, b) in edges(t) {
        next[a as usize].push(b as usize);
    }
    (0..n)
        .map(|a| {
            let mut seen = vec![false; n];
            let mut stack = next[a].clone();
            while let Some(x) = stack.pop() {
                if !seen[x] {
                    seen[x] = true;
                    stack.extend(&next[x]);
                }
            }
            seen
        })
        .collect()
}
