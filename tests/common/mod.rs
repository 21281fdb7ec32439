//! Shared helpers for the integration tests: random traces with broadcasts
//! and gathers, and brute-force definitions to check the core against.
#![allow(dead_code)]

use lightcone::core::{EventKind, EventSpec, Trace, TraceBuilder};

/// One step of a random execution: process `p` does something.
#[derive(Clone, Debug)]
pub enum Step {
    /// A local event.
    Local(usize),
    /// A send to each process in the list (a broadcast when several).
    Send(usize, Vec<usize>),
    /// Receive up to this many waiting messages at once (a gather when > 1).
    Receive(usize, usize),
}

/// Plays `steps` on `processes` processes into a valid trace. Messages to
/// `lost` positions are never received.
pub fn play(processes: usize, steps: &[Step]) -> Trace {
    let mut b = TraceBuilder::new();
    let names: Vec<String> = (0..processes).map(|p| format!("P{p}")).collect();
    for n in &names {
        b.process(n).unwrap();
    }
    let mut inbox: Vec<Vec<String>> = vec![Vec::new(); processes];
    let mut count = vec![0; processes];
    let mut next_message = 0;
    for step in steps {
        let (p, kind, messages): (usize, EventKind, Vec<String>) = match step {
            Step::Local(p) => (*p, EventKind::Local, vec![]),
            Step::Send(p, to) => {
                let ms: Vec<String> = to
                    .iter()
                    .map(|&q| {
                        next_message += 1;
                        let m = format!("m{next_message}");
                        inbox[q % processes].push(m.clone());
                        m
                    })
                    .collect();
                if ms.is_empty() {
                    (*p, EventKind::Local, ms)
                } else {
                    (*p, EventKind::Send, ms)
                }
            }
            Step::Receive(p, k) => {
                let take = (*k).min(inbox[*p].len());
                let ms: Vec<String> = inbox[*p].drain(..take).collect();
                if ms.is_empty() {
                    (*p, EventKind::Local, ms)
                } else {
                    (*p, EventKind::Receive, ms)
                }
            }
        };
        count[p] += 1;
        let id = format!("p{p}.{}", count[p]);
        let refs: Vec<&str> = messages.iter().map(|s| s.as_str()).collect();
        let label = (count[p] % 3 == 0).then_some("act");
        b.event(&EventSpec { id: &id, process: &names[p], kind, label, messages: &refs }).unwrap();
    }
    b.build().unwrap()
}

/// The direct edges of happened-before: program order and messages.
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
    }
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
