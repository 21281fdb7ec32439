//! Replication as measured quantities (`lightcone measure`): for each
//! replica count and offered load, with batching off and on, a run of the
//! scenario under a random workload gives latency, throughput and
//! messages per operation; and for each replica count a long run with
//! random crashes and repairs gives availability, uptime / (uptime +
//! downtime), and its number of nines.
//!
//! The random crash/repair process: each replica stays up for an
//! exponential time of mean [`MTTF`] and down for one of mean [`MTTR`],
//! drawn from the scenario's seed, over [`AVAILABILITY_RUN`] time units.
//! VR as written keeps nothing on disk, so once f + 1 replicas are down at
//! once the group never comes back: a recovering replica needs f + 1
//! replicas in normal status to answer it (§4.3), and a view change needs
//! f + 1 that are not recovering. Such a run's availability stops growing
//! there; that is the protocol's behaviour, not the measurement's.
//!
//! The load runs use [`LOAD_CLIENTS`] clients (a client has one request
//! outstanding at a time, so one client alone could not offer much load)
//! and last [`LOAD_RUN`] time units or the scenario's `until`, if longer.

use super::config::{Config, Random};
use super::report;
use super::Vr;
use crate::core::sim::model::{uniform, Failures};
use crate::core::sim::outcome::run_with;
use crate::core::sim::scenario::{Fault, ProtocolSetup, Scenario};
use crate::core::sim::workload::WorkloadSpec;
use crate::core::sim::Time;
use rand_pcg::Pcg64Mcg;
use serde_json::json;

/// A replica's mean time to failure in the availability run.
pub const MTTF: Time = 1000.0;
/// A replica's mean time to repair.
pub const MTTR: Time = 10.0;
/// Clients in a load run.
pub const LOAD_CLIENTS: usize = 9;
/// A load run's shortest length.
pub const LOAD_RUN: Time = 200.0;
/// The availability run's length.
pub const AVAILABILITY_RUN: Time = 5000.0;

/// One row of the table.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Replicas.
    pub replicas: usize,
    /// Batching on.
    pub batching: bool,
    /// Offered load, requests per time unit.
    pub load: f64,
    /// Requests answered.
    pub answered: usize,
    /// Mean time from request to reply.
    pub latency: Option<f64>,
    /// Requests answered per time unit.
    pub throughput: Option<f64>,
    /// Messages per answered request.
    pub messages_per_op: Option<f64>,
    /// The availability run's uptime / (uptime + downtime).
    pub availability: f64,
}

impl Row {
    /// Nines of availability: -log10(1 - availability) (infinite at 1).
    pub fn nines(&self) -> f64 {
        -(1.0 - self.availability).log10()
    }
}

/// The table for `scenario` (a VR scenario: its model, clients, seed and
/// `until` are kept; replicas, batching and workload are set per row).
pub fn measure(scenario: &Scenario, loads: &[f64], replicas: &[usize]) -> Result<Vec<Row>, String> {
    let ProtocolSetup::Vr(base) = &scenario.protocol else {
        return Err("measure takes a VR scenario (\"protocol\": \"vr\")".into());
    };
    if let Some(l) = loads.iter().find(|l| !(l.is_finite() && **l > 0.0 && **l <= 100.0)) {
        return Err(format!("--load {l}: a load is between 0 and 100 requests per time unit"));
    }
    let mut rows = Vec::new();
    for &n in replicas {
        let config = Config { replicas: n, ..base.clone() };
        config.check().map_err(|e| format!("--replicas: {e}"))?;
        let availability = availability(scenario, &config)?;
        for batching in [false, true] {
            for &load in loads {
                let mut row = load_row(scenario, &Config { batching, ..config.clone() }, load)?;
                row.availability = availability;
                rows.push(row);
            }
        }
    }
    Ok(rows)
}

/// Runs `config` with `s`'s model under load `load` from time 1 to 90% of
/// the run (the rest lets the last requests finish).
fn load_row(s: &Scenario, config: &Config, load: f64) -> Result<Row, String> {
    let until = s.until.max(LOAD_RUN);
    let window = until * 0.9 - 1.0;
    let config = &Config { clients: LOAD_CLIENTS, ..config.clone() };
    let ops = ((load * window).round() as usize).clamp(1, 10_000);
    let random = Random { ops, keys: 4, every: 1.0 / load, from: 1.0 };
    let scenario = Scenario {
        protocol: ProtocolSetup::Vr(config.clone()),
        workload: Some(Box::new(WorkloadSpec::Own(json!({"random": random})))),
        inputs: Vec::new(),
        schedule: Vec::new(),
        until,
        ..s.clone()
    };
    let out = quiet_run(config, &scenario)?;
    Ok(Row {
        replicas: config.replicas,
        batching: config.batching,
        load,
        answered: out.count("requests").unwrap_or(0),
        latency: out.number("latency_mean"),
        throughput: out.number("throughput"),
        messages_per_op: out.number("messages_per_op"),
        availability: 0.0,
    })
}

/// Checks and runs a scenario made here, without the history search.
fn quiet_run(config: &Config, s: &Scenario) -> Result<crate::core::sim::outcome::Outcome, String> {
    let text = serde_json::to_string(s).map_err(|e| e.to_string())?;
    let s = Scenario::parse(&text)?;
    let out = run_with(&Vr { config: config.clone(), check_history: false }, &s);
    match out.stopped_short(s.until) {
        Some(why) => Err(why),
        None => Ok(out),
    }
}

/// The availability run: crash-recovery replicas failing and repaired at
/// random, one client making a request every 5 units.
fn availability(s: &Scenario, config: &Config) -> Result<f64, String> {
    let mut rng = Pcg64Mcg::new(u128::from(s.seed) << 64 | 0x000a_5a11_ab1e);
    let mut faults = Vec::new();
    for n in 1..=config.replicas {
        let mut t = 0.0;
        loop {
            t += -MTTF * (1.0 - uniform(&mut rng)).ln();
            if t >= AVAILABILITY_RUN {
                break;
            }
            faults.push(Fault::Crash { node: format!("R{n}"), at: t });
            t += -MTTR * (1.0 - uniform(&mut rng)).ln();
            faults.push(Fault::Recover { node: format!("R{n}"), at: t });
        }
    }
    let random = Random { ops: 1000, keys: 4, every: 5.0, from: 1.0 };
    let mut model = s.model.clone();
    model.nodes = Failures::CrashRecovery;
    let config = Config { clients: 1, max_views: None, max_retries: None, ..config.clone() };
    let scenario = Scenario {
        protocol: ProtocolSetup::Vr(config.clone()),
        workload: Some(Box::new(WorkloadSpec::Own(json!({"random": random})))),
        inputs: Vec::new(),
        schedule: Vec::new(),
        faults,
        model,
        until: AVAILABILITY_RUN,
        ..s.clone()
    };
    let out = quiet_run(&config, &scenario)?;
    Ok(report::availability(&config, &out.record, AVAILABILITY_RUN))
}

/// The table as `lightcone measure` prints it.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "replicas  batching  load    answered  latency  throughput  messages/op  availability  nines\n",
    );
    let num = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.3}"));
    for r in rows {
        out.push_str(&format!(
            "{:<8}  {:<8}  {:<6}  {:<8}  {:<7}  {:<10}  {:<11}  {:<12.6}  {:.2}\n",
            r.replicas,
            if r.batching { "on" } else { "off" },
            r.load,
            r.answered,
            num(r.latency),
            num(r.throughput),
            num(r.messages_per_op),
            r.availability,
            r.nines()
        ));
    }
    out
}
