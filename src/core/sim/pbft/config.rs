//! A PBFT scenario's settings. The workload is VR's (a list of requests,
//! or `{"random": {...}}`, [`crate::core::sim::vr::config::workload`]).
//!
//! ```json
//! {"protocol": "pbft", "replicas": 4, "clients": 1, "checkpoint": 4, "window": 8,
//!  "workload": [{"client": "K1", "at": 1, "op": "put x 1"}],
//!  "model": {"byzantine": {"R1": "equivocate"}}}
//! ```

use crate::core::sim::vr;
use crate::core::sim::{check_duration, NodeId, Time};
use serde::{Deserialize, Serialize};

/// Timeouts, in time units of the node's clock.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Timeouts {
    /// A client waits this long for f + 1 matching replies before it
    /// resends its request to every replica (§4.1).
    pub request: Time,
    /// A backup waits this long for a request it knows of to execute
    /// before it starts a view change; a view change waits this long,
    /// doubled for each one that failed in a row, for its NEW-VIEW (§4.5.2).
    pub view_change: Time,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts { request: 8.0, view_change: 6.0 }
    }
}

fn four() -> usize {
    4
}
fn one() -> usize {
    1
}
fn every() -> u64 {
    4
}
fn window() -> u64 {
    8
}

/// The settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// n = 3f + 1 replicas, `R1` ... `Rn` (4, 7, 10 or 13).
    #[serde(default = "four")]
    pub replicas: usize,
    /// Clients `K1` ... `Km` (1 to 99).
    #[serde(default = "one")]
    pub clients: usize,
    /// K: a checkpoint after every K requests (§4.3).
    #[serde(default = "every")]
    pub checkpoint: u64,
    /// L: the watermark window, H = h + L (§4.3), a multiple of K.
    #[serde(default = "window")]
    pub window: u64,
    /// Timeouts.
    #[serde(default)]
    pub timeouts: Timeouts,
    /// No replica moves past this view (none: no limit), a bound for the
    /// explorer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_views: Option<u64>,
    /// A client resends a request at most this often (none: no limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_retries: Option<u32>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            replicas: 4,
            clients: 1,
            checkpoint: every(),
            window: window(),
            timeouts: Timeouts::default(),
            max_views: None,
            max_retries: None,
        }
    }
}

/// The top-level keys a PBFT scenario's settings take.
pub const FIELDS: &[&str] =
    &["replicas", "clients", "checkpoint", "window", "timeouts", "max_views", "max_retries"];

impl Config {
    /// f: the Byzantine replicas the group survives (§2: n = 3f + 1).
    pub fn f(&self) -> usize {
        (self.replicas - 1) / 3
    }

    /// Whether node `n` is a replica (else a client).
    pub fn is_replica(&self, n: NodeId) -> bool {
        n < self.replicas
    }

    /// The primary of `view`: p = v mod |R| (§4).
    pub fn primary(&self, view: u64) -> NodeId {
        (view % self.replicas as u64) as NodeId
    }

    /// Node names: `R1` ... `Rn`, then `K1` ... `Km`.
    pub fn names(&self) -> Vec<String> {
        self.as_vr().names()
    }

    /// VR's settings with the same nodes, to read the workload with VR's
    /// reader (PBFT's clients make the same requests).
    pub fn as_vr(&self) -> vr::Config {
        vr::Config { replicas: self.replicas, clients: self.clients, ..vr::Config::default() }
    }

    /// Checks the settings; errors name the field.
    pub fn check(&self) -> Result<(), String> {
        if !(4..=13).contains(&self.replicas) || self.replicas % 3 != 1 {
            return Err(format!(
                "\"replicas\" is {}; PBFT takes 3f + 1 replicas: 4, 7, 10 or 13",
                self.replicas
            ));
        }
        if !(1..=vr::config::MAX_CLIENTS).contains(&self.clients) {
            return Err(format!(
                "\"clients\" is {}; the lab takes 1 to {}",
                self.clients,
                vr::config::MAX_CLIENTS
            ));
        }
        if !(1..=100).contains(&self.checkpoint) {
            return Err(format!("\"checkpoint\" is {}; K is 1 to 100", self.checkpoint));
        }
        if self.window < self.checkpoint || self.window % self.checkpoint != 0 || self.window > 1000 {
            return Err(format!(
                "\"window\" is {}; L is a multiple of \"checkpoint\" ({}), at most 1000",
                self.window, self.checkpoint
            ));
        }
        let t = self.timeouts;
        for (name, d) in [("request", t.request), ("view_change", t.view_change)] {
            check_duration(name, d, false).map_err(|e| format!("timeouts: {e}"))?;
        }
        Ok(())
    }
}
