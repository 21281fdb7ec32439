//! Seeded random traces, for the editor's generator, the property tests and
//! the benchmarks. The generator uses PCG (O'Neill's Pcg64Mcg from
//! `rand_pcg`), whose output is fixed for a given seed across versions, so a
//! seed shown to a lecturer reproduces the same diagram anywhere.

use super::builder::{EventSpec, TraceBuilder};
use super::error::TraceError;
use super::trace::{EventKind, Trace};
use rand_core::Rng;
use rand_pcg::Pcg64Mcg;
use std::collections::VecDeque;

/// The most events a generated trace may have: about 1.4 GB while it is
/// built (140 bytes an event), and 70 bytes an event of JSON.
pub const MAX_EVENTS: usize = 10_000_000;
/// The most processes a generated trace may have.
pub const MAX_PROCESSES: usize = 1_000_000;

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Number of processes (at least 1).
    pub processes: usize,
    /// Number of events.
    pub events: usize,
    /// Chance that an event sends a message (when it does not receive one).
    pub message_probability: f64,
    /// Chance that a sent message is never received.
    pub loss_probability: f64,
    /// The seed.
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Self { processes: 4, events: 24, message_probability: 0.5, loss_probability: 0.0, seed: 1 }
    }
}

/// The name of the `i`-th generated process: A to Z, then P27, P28, ...
pub fn process_name(i: usize) -> String {
    if i < 26 {
        char::from(b'A' + i as u8).to_string()
    } else {
        format!("P{}", i + 1)
    }
}

/// An event id for position `seq` (from 1) on process `name`: `a3`, `p27.3`.
pub fn event_id(name: &str, seq: usize) -> String {
    if name.len() == 1 {
        format!("{}{seq}", name.to_ascii_lowercase())
    } else {
        format!("{}.{seq}", name.to_ascii_lowercase())
    }
}

/// A random trace: each step picks a process, which receives a waiting
/// message (half the time, if one waits), else sends with
/// `message_probability` to another random process, else does a local
/// event. Receiving only what was already sent keeps the trace acyclic.
/// More than [`MAX_EVENTS`] events or [`MAX_PROCESSES`] processes are
/// refused, by name, before anything is allocated.
pub fn random_trace(settings: &Settings) -> Result<Trace, TraceError> {
    for (what, n, max) in
        [("events", settings.events, MAX_EVENTS), ("processes", settings.processes, MAX_PROCESSES)]
    {
        if n > max {
            return Err(TraceError::TooLarge {
                what: format!("{n} {what}; a generated trace has at most {max}"),
            });
        }
    }
    let mut rng =
        Pcg64Mcg::new(0xcafe_f00d_d15e_a5e5 ^ u128::from(settings.seed) << 64 | u128::from(settings.seed));
    let n = settings.processes.max(1);
    let names: Vec<String> = (0..n).map(process_name).collect();
    let mut builder = TraceBuilder::with_capacity(settings.events);
    for name in &names {
        builder.process(name).expect("generated names are distinct");
    }
    let mut inbox: Vec<VecDeque<usize>> = vec![VecDeque::new(); n];
    let mut counts = vec![0usize; n];
    let mut next_message = 0usize;
    for _ in 0..settings.events {
        let p = below(&mut rng, n);
        counts[p] += 1;
        let id = event_id(&names[p], counts[p]);
        let (kind, message) = if !inbox[p].is_empty() && chance(&mut rng, 0.5) {
            (EventKind::Receive, inbox[p].pop_front())
        } else if n > 1 && chance(&mut rng, settings.message_probability) {
            next_message += 1;
            let q = (p + 1 + below(&mut rng, n - 1)) % n;
            if !chance(&mut rng, settings.loss_probability) {
                inbox[q].push_back(next_message);
            }
            (EventKind::Send, Some(next_message))
        } else {
            (EventKind::Local, None)
        };
        let m = message.map(|m| format!("m{m}"));
        let messages: Vec<&str> = m.as_deref().into_iter().collect();
        let spec = EventSpec::new(&id, &names[p], kind, &messages);
        builder.event(&spec).expect("generated events are valid");
    }
    Ok(builder.build().expect("generated traces are acyclic"))
}

fn below(rng: &mut Pcg64Mcg, n: usize) -> usize {
    (rng.next_u64() % n as u64) as usize
}

fn chance(rng: &mut Pcg64Mcg, p: f64) -> bool {
    ((rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
}
