//! A VR scenario's settings, and its workload: the requests its clients
//! make, listed or drawn at random from the scenario's seed.
//!
//! ```json
//! {"protocol": "vr", "replicas": 3, "clients": 1, "batching": false,
//!  "leases": {"duration": 4, "max_drift_ppm": 1000},
//!  "workload": [{"client": "K1", "at": 1, "op": "put x 1"}]}
//! ```
//!
//! `leases` (absent: off) turns on §6.3.1 reads at the primary
//! ([`super::lease`]): `duration` is how long, on the granting backup's
//! clock, a grant lasts; `max_drift_ppm` (default 1000) is the bound on
//! clock drift the lease assumes, by which the primary shortens it.

use super::kv::Op;
use super::lease::Leases;
use crate::core::known_fields;
use crate::core::sim::model::uniform;
use crate::core::sim::scenario::Input;
use crate::core::sim::{check_duration, NodeId, Time};
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Timeouts, in time units of the node's clock.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Timeouts {
    /// A client waits this long for a reply before resending to every replica.
    pub request: Time,
    /// A backup waits this long to hear from the primary before it starts a
    /// view change (and a view change this long before the next one).
    pub primary: Time,
    /// An idle primary sends COMMIT after this long (0: never; the explorer
    /// then has no heartbeats to interleave).
    pub idle: Time,
    /// A recovering replica asks again after this long.
    pub recovery: Time,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts { request: 8.0, primary: 5.0, idle: 2.0, recovery: 4.0 }
    }
}

fn three() -> usize {
    3
}
fn one() -> usize {
    1
}

/// The settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// 2f + 1 replicas, `R1` ... `Rn` (1 to 9, odd).
    #[serde(default = "three")]
    pub replicas: usize,
    /// Clients `K1` ... `Km` (1 to 99).
    #[serde(default = "one")]
    pub clients: usize,
    /// §6 batching: a busy primary prepares the requests that arrive while
    /// a batch is being committed as one PREPARE.
    #[serde(default)]
    pub batching: bool,
    /// §6.3.1 reads at the primary under leases (none: off; every read
    /// then runs through the protocol).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leases: Option<Leases>,
    /// Timeouts.
    #[serde(default)]
    pub timeouts: Timeouts,
    /// No replica starts a view change past this view (none: no limit). A
    /// bound for the explorer, as TLA+ models bound their view changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_views: Option<u64>,
    /// A client resends a request at most this often (none: no limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_retries: Option<u32>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            replicas: 3,
            clients: 1,
            batching: false,
            leases: None,
            timeouts: Timeouts::default(),
            max_views: None,
            max_retries: None,
        }
    }
}

/// The most clients a scenario may have (`lightcone measure` uses this many
/// to offer a load that saturates the primary).
pub const MAX_CLIENTS: usize = 99;

/// The top-level keys a VR scenario's settings take.
pub const FIELDS: &[&str] =
    &["replicas", "clients", "batching", "leases", "timeouts", "max_views", "max_retries"];

impl Config {
    /// f: the crashes the group survives.
    pub fn f(&self) -> usize {
        self.replicas / 2
    }

    /// Whether node `n` is a replica (else a client).
    pub fn is_replica(&self, n: NodeId) -> bool {
        n < self.replicas
    }

    /// The primary of `view`: replicas take turns (§4, round robin).
    pub fn primary(&self, view: u64) -> NodeId {
        (view % self.replicas as u64) as NodeId
    }

    /// Node names: `R1` ... `Rn`, then `K1` ... `Km`.
    pub fn names(&self) -> Vec<String> {
        let replicas = (1..=self.replicas).map(|i| format!("R{i}"));
        replicas.chain((1..=self.clients).map(|i| format!("K{i}"))).collect()
    }

    /// Checks the settings; errors name the field.
    pub fn check(&self) -> Result<(), String> {
        if !(1..=9).contains(&self.replicas) || self.replicas % 2 == 0 {
            return Err(format!(
                "\"replicas\" is {}; VR takes 2f + 1 replicas: 1, 3, 5, 7 or 9",
                self.replicas
            ));
        }
        if !(1..=MAX_CLIENTS).contains(&self.clients) {
            return Err(format!("\"clients\" is {}; the lab takes 1 to {MAX_CLIENTS}", self.clients));
        }
        let t = self.timeouts;
        for (name, d, zero) in [
            ("request", t.request, false),
            ("primary", t.primary, false),
            ("idle", t.idle, true),
            ("recovery", t.recovery, false),
        ] {
            check_duration(name, d, zero).map_err(|e| format!("timeouts: {e}"))?;
        }
        if let Some(l) = &self.leases {
            l.check().map_err(|e| format!("leases: {e}"))?;
        }
        Ok(())
    }
}

/// One listed request: `{"client": "K1", "at": 1, "op": "put x 1"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Listed {
    /// The client's name.
    pub client: String,
    /// When the client is given it.
    pub at: Time,
    /// The operation.
    pub op: String,
}

/// `{"ops": N, "keys": K}`: N operations, half puts and half gets, on K
/// keys, each to a client chosen uniformly, arriving as a Poisson process
/// with mean gap `every` from time `from`. A put writes the number of its
/// draw, so every value written is distinct.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Random {
    /// How many operations (1 to 10000).
    pub ops: usize,
    /// How many keys (1 to 26), named `a`, `b`, ...
    pub keys: usize,
    /// The mean gap between two arrivals.
    #[serde(default = "two")]
    pub every: Time,
    /// When the first gap starts.
    #[serde(default)]
    pub from: Time,
}

fn two() -> Time {
    2.0
}

/// Tells the workload's draws apart from the model's.
const STREAM: u64 = 0x0076_725f_776f_726b;

/// A VR `"workload"` as inputs at the clients: a list of requests, or
/// `{"random": {...}}` drawn with `seed`.
pub fn workload(config: &Config, spec: &Value, seed: u64) -> Result<Vec<Input>, String> {
    let explain = |e: serde_json::Error| known_fields::explain(&e.to_string());
    match spec {
        Value::Array(_) => {
            let listed: Vec<Listed> = serde_json::from_value(spec.clone()).map_err(explain)?;
            listed
                .iter()
                .enumerate()
                .map(|(i, x)| listed_input(config, x).map_err(|e| format!("[{i}]: {e}")))
                .collect()
        }
        Value::Object(top) => {
            known_fields::check(top, &["random"], "an object")?;
            let r: Random = serde_json::from_value(top["random"].clone())
                .map_err(|e| format!("random: {}", explain(e)))?;
            random_inputs(config, &r, seed).map_err(|e| format!("random: {e}"))
        }
        _ => Err("expected a list of requests or {\"random\": {\"ops\": N, \"keys\": K}}".into()),
    }
}

fn listed_input(config: &Config, x: &Listed) -> Result<Input, String> {
    let names = config.names();
    if !names[config.replicas..].contains(&x.client) {
        return Err(format!("\"client\" is \"{}\"; clients are K1 to K{}", x.client, config.clients));
    }
    Op::parse(&x.op).map_err(|e| format!("\"op\": {e}"))?;
    Ok(Input { node: x.client.clone(), at: x.at, input: json!(x.op) })
}

fn random_inputs(config: &Config, r: &Random, seed: u64) -> Result<Vec<Input>, String> {
    if !(1..=10_000).contains(&r.ops) {
        return Err(format!("\"ops\" is {}; a workload draws 1 to 10000", r.ops));
    }
    if !(1..=26).contains(&r.keys) {
        return Err(format!("\"keys\" is {}; the lab takes 1 to 26", r.keys));
    }
    check_duration("every", r.every, false)?;
    if !(r.from.is_finite() && r.from >= 0.0) {
        return Err(format!("\"from\" is {:?}; a time is 0 or more", r.from));
    }
    let mut rng = Pcg64Mcg::new(u128::from(seed) << 64 | u128::from(STREAM));
    let mut at = r.from;
    let mut inputs = Vec::with_capacity(r.ops);
    for k in 0..r.ops {
        at += -r.every * (1.0 - uniform(&mut rng)).ln();
        let client = (uniform(&mut rng) * config.clients as f64) as usize;
        let key = (b'a' + (uniform(&mut rng) * r.keys as f64) as u8) as char;
        let op = if uniform(&mut rng) < 0.5 { format!("put {key} {}", k + 1) } else { format!("get {key}") };
        inputs.push(Input { node: format!("K{}", client + 1), at, input: json!(op) });
    }
    Ok(inputs)
}
