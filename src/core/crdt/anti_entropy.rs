//! Automatic gossip: rounds of random anti-entropy (Demers et al.,
//! "Epidemic Algorithms for Replicated Database Maintenance", PODC 1987)
//! added to a diagram until its replicas converge. Every `period` time
//! units each live replica sends one message to each of `fanout` replicas
//! picked at random (seeded PCG, so a seed reproduces the run); the
//! receives land just after the send.

use super::gossip::{run, Delivery};
use super::Kind;
use crate::core::editor::edit::{add_event, fresh_message_id};
use crate::core::editor::snap::{next_free, occupied, GRID};
use crate::core::editor::{DocMessage, Document, EditError};
use rand_core::Rng;
use rand_pcg::Pcg64Mcg;

/// How the gossip runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// Messages each replica sends per round.
    pub fanout: usize,
    /// Time between rounds.
    pub period: f64,
    /// The seed of the random choices.
    pub seed: u64,
    /// Rounds at most, should the replicas never converge.
    pub max_rounds: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { fanout: 1, period: 2.0, seed: 1, max_rounds: 30 }
    }
}

/// What the gossip did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Report {
    /// Rounds added.
    pub rounds: usize,
    /// Messages added.
    pub messages: usize,
    /// Whether the replicas converged (all seen every update, all equal).
    pub converged: bool,
}

/// Adds gossip rounds to `doc` until `kind` converges over it (or
/// `max_rounds` pass), and says how many rounds and messages it took.
pub fn anti_entropy(
    doc: &Document,
    kind: Kind,
    delivery: Delivery,
    settings: &Settings,
) -> Result<(Document, Report), EditError> {
    let mut rng =
        Pcg64Mcg::new(0x6055_1e55_a7e5_7ea1 ^ (u128::from(settings.seed) << 64 | u128::from(settings.seed)));
    let mut doc = doc.clone();
    let live: Vec<String> = doc.processes.iter().filter(|p| doc.lifetime(p).1.is_none()).cloned().collect();
    let start = doc.events.iter().map(|e| e.time).fold(0.0, f64::max);
    let mut report = Report { rounds: 0, messages: 0, converged: false };
    let period = settings.period.max(1.0);
    loop {
        let placed = doc.place()?;
        let ops: Vec<_> = doc.events.iter().map(|e| e.op.clone()).collect();
        let outcome = run(&placed.trace, kind, &ops, delivery).map_err(|e| EditError::Crdt(e.to_string()))?;
        report.converged = outcome.converged(None);
        if report.converged || report.rounds >= settings.max_rounds || live.len() < 2 {
            return Ok((doc, report));
        }
        report.rounds += 1;
        let time = start + report.rounds as f64 * period;
        for p in &live {
            report.messages += round_from(&mut doc, &mut rng, &live, p, time, settings);
        }
        doc.sort();
    }
}

/// One replica's send in a round, to `fanout` others picked at random;
/// returns the number of messages.
fn round_from(
    doc: &mut Document,
    rng: &mut Pcg64Mcg,
    live: &[String],
    p: &str,
    time: f64,
    settings: &Settings,
) -> usize {
    let (fanout, period) = (settings.fanout, settings.period.max(1.0));
    let mut others: Vec<&String> = live.iter().filter(|q| q.as_str() != p).collect();
    let picks = fanout.clamp(1, others.len());
    let send_time =
        if occupied(doc, p, time, None) { next_free(doc, p, time, true, None) } else { Some(time) };
    let Some(send_time) = send_time else { return 0 };
    let send = add_event(doc, p, send_time);
    // Half a period in flight, so labels of sends and receives keep apart.
    let due = send_time + (period / 2.0).max(GRID);
    for _ in 0..picks {
        let q = others.swap_remove((rng.next_u64() % others.len() as u64) as usize).clone();
        let arrive =
            if occupied(doc, &q, due, None) { next_free(doc, &q, due, true, None) } else { Some(due) };
        let arrive = arrive.unwrap_or(due);
        let receive = add_event(doc, &q, arrive);
        let id = fresh_message_id(doc);
        doc.messages.push(DocMessage { id, from: send.clone(), to: Some(receive) });
    }
    picks
}
