//! The settings 2PC and 3PC share: how many participants, how each votes,
//! and the timeouts.

use super::Vote;
use crate::core::sim::{check_duration, Time};
use serde::{Deserialize, Serialize};

/// Timeouts, in time units of the node's clock.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Timeouts {
    /// The coordinator waits this long for votes; a participant this long
    /// for the vote request.
    pub vote: Time,
    /// A prepared participant waits this long for the outcome (then asks
    /// again every `decision`).
    pub decision: Time,
    /// 3PC: the coordinator waits this long for pre-commit acks; a
    /// participant taking over waits this long for the others' states.
    pub ack: Time,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts { vote: 4.0, decision: 6.0, ack: 4.0 }
    }
}

fn default_participants() -> usize {
    3
}

/// A commit scenario's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// How many participants (1 to 9).
    #[serde(default = "default_participants")]
    pub participants: usize,
    /// Each participant's vote (missing ones vote yes).
    #[serde(default)]
    pub votes: Vec<Vote>,
    /// Timeouts.
    #[serde(default)]
    pub timeouts: Timeouts,
}

impl Default for Config {
    fn default() -> Self {
        Config { participants: default_participants(), votes: Vec::new(), timeouts: Timeouts::default() }
    }
}

impl Config {
    /// Participant `i`'s vote (from 1).
    pub fn vote(&self, i: usize) -> Vote {
        self.votes.get(i - 1).copied().unwrap_or(Vote::Yes)
    }

    /// The participants' ids.
    pub fn participant_ids(&self) -> std::ops::RangeInclusive<usize> {
        1..=self.participants
    }

    /// Node names: `C`, then `P1` ... `Pn`.
    pub fn names(&self) -> Vec<String> {
        std::iter::once("C".to_string()).chain(self.participant_ids().map(|i| format!("P{i}"))).collect()
    }

    /// Checks the settings, and the run's length beside the timeouts.
    pub fn check(&self, until: Time) -> Result<(), String> {
        if !(1..=9).contains(&self.participants) {
            return Err(format!("\"participants\" is {}; the lab takes 1 to 9", self.participants));
        }
        if self.votes.len() > self.participants {
            return Err(format!("{} votes for {} participants", self.votes.len(), self.participants));
        }
        let t = self.timeouts;
        if !(until.is_finite() && until > 0.0 && until <= 10_000.0) {
            return Err("timeouts and \"until\" must be positive (and \"until\" at most 10000)".into());
        }
        for (name, d) in [("vote", t.vote), ("decision", t.decision), ("ack", t.ack)] {
            check_duration(name, d, false).map_err(|e| format!("timeouts: {e}"))?;
        }
        Ok(())
    }
}
