//! Replication as measured quantities (`lightcone measure`): for each
//! replica count and offered load, with batching off and on, a run of the
//! scenario under an open-loop random workload gives latency (mean, median
//! and 99th percentile), throughput and messages per operation; and for
//! each replica count, runs with random crashes and repairs give
//! availability with its spread, beside the closed form for independent
//! failures ([`super::availability`]).
//!
//! A load run charges every node [`SERVICE`] per event it handles (unless
//! the scenario's model sets its own `service`), so the primary is a
//! single server that saturates: without batching it handles 1 + 2f
//! events per operation (the REQUEST and a PREPAREOK from each of its 2f
//! backups), so it can commit at most 1 / ((1 + 2f) · service) operations
//! per time unit ([`capacity`]), and latency climbs steeply as the offered
//! load nears that. §6 batching shares the PREPAREOKs among a batch's
//! requests and moves the knee to a higher throughput. The workload is
//! open-loop enough for that to show: [`LOAD_CLIENTS`] clients, so that a
//! client is seldom busy when its next request arrives. A load run has no
//! failures: its clients never resend (a resend would be one more request
//! for a saturated primary) and its backups never start a view change (a
//! long queue at the primary would look like a crash to them).
//!
//! The page runs a sweep one run at a time: [`points`] lists the runs,
//! [`run_point`] makes one, [`rows`] puts their figures together;
//! [`measure`] is the three in a row.

use super::availability::{self, closed_form, estimate, failures, Plan, PLAN};
use super::config::{Config, Random, Timeouts};
use super::report;
use super::Vr;
use crate::core::sim::engine::{self, MAX_RUN_EVENTS};
use crate::core::sim::model::Failures;
use crate::core::sim::property::{Measure, Metric};
use crate::core::sim::record::Record;
use crate::core::sim::scenario::{ProtocolSetup, Scenario};
use crate::core::sim::workload::WorkloadSpec;
use crate::core::sim::Time;
use serde_json::json;

/// The service time of a load run (time units per event handled), when
/// the scenario's model gives none: a tenth of the usual message delay.
pub const SERVICE: Time = 0.1;
/// Clients in a load run.
pub const LOAD_CLIENTS: usize = 99;
/// A load run's shortest length.
pub const LOAD_RUN: Time = 200.0;

/// One run of a sweep.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Point {
    /// A load run.
    Load {
        /// Replicas.
        replicas: usize,
        /// §6 batching on.
        batching: bool,
        /// Offered load, requests per time unit.
        load: f64,
    },
    /// One of the availability runs (from 0) of a replica count.
    Availability {
        /// Replicas.
        replicas: usize,
        /// Which run.
        run: usize,
    },
}

/// What one run measured.
#[derive(Clone, Debug, PartialEq)]
pub enum Figures {
    /// A load run's.
    Load(Load),
    /// An availability run's: its uptime / (uptime + downtime).
    Availability {
        /// Replicas.
        replicas: usize,
        /// The run's availability.
        availability: f64,
    },
}

/// A load run's figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Load {
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
    /// Median time from request to reply.
    pub p50: Option<f64>,
    /// 99th percentile of the time from request to reply.
    pub p99: Option<f64>,
    /// Requests answered per time unit.
    pub throughput: Option<f64>,
    /// Messages per answered request.
    pub messages_per_op: Option<f64>,
}

/// One row of the table: a load run's figures and its replica count's
/// availability.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The load run's figures.
    pub load: Load,
    /// Availability: the mean of the availability runs.
    pub availability: f64,
    /// Its standard error.
    pub spread: f64,
    /// The closed form for independent failures.
    pub closed_form: f64,
}

impl Row {
    /// Nines of the measured availability.
    pub fn nines(&self) -> f64 {
        availability::nines(self.availability)
    }

    /// Nines of the closed form.
    pub fn closed_nines(&self) -> f64 {
        availability::nines(self.closed_form)
    }
}

/// The most operations per time unit a primary without batching commits
/// with `replicas` replicas and `service` per event: it handles the
/// REQUEST and 2f PREPAREOKs of each.
pub fn capacity(replicas: usize, service: Time) -> f64 {
    1.0 / ((1 + 2 * (replicas / 2)) as f64 * service)
}

/// The runs of the sweep, after checking the loads and replica counts:
/// for each replica count its availability runs, then its load runs,
/// batching off then on, each load in the order given.
pub fn points(scenario: &Scenario, loads: &[f64], replicas: &[usize]) -> Result<Vec<Point>, String> {
    let base = vr_config(scenario)?;
    if let Some(l) = loads.iter().find(|l| !(l.is_finite() && **l > 0.0 && **l <= 100.0)) {
        return Err(format!("--load {l}: a load is between 0 and 100 requests per time unit"));
    }
    let mut points = Vec::new();
    for &n in replicas {
        Config { replicas: n, ..base.clone() }.check().map_err(|e| format!("--replicas: {e}"))?;
        points.extend((0..PLAN.runs).map(|run| Point::Availability { replicas: n, run }));
        for batching in [false, true] {
            points.extend(loads.iter().map(|&load| Point::Load { replicas: n, batching, load }));
        }
    }
    Ok(points)
}

/// Makes one run of the sweep.
pub fn run_point(scenario: &Scenario, point: &Point) -> Result<Figures, String> {
    let base = vr_config(scenario)?;
    match *point {
        Point::Load { replicas, batching, load } => {
            let config = Config { replicas, batching, ..base.clone() };
            load_run(scenario, &config, load).map(Figures::Load)
        }
        Point::Availability { replicas, run } => {
            let availability = availability_run(scenario, replicas, &PLAN, run)?;
            Ok(Figures::Availability { replicas, availability })
        }
    }
}

/// The table's rows from a sweep's figures: each load run with its replica
/// count's availability.
pub fn rows(figures: &[Figures]) -> Vec<Row> {
    let runs = |n: usize| -> Vec<f64> {
        figures
            .iter()
            .filter_map(|f| match f {
                Figures::Availability { replicas, availability } if *replicas == n => Some(*availability),
                _ => None,
            })
            .collect()
    };
    let a = PLAN.replica_availability();
    figures
        .iter()
        .filter_map(|f| match f {
            Figures::Load(load) => {
                let (availability, spread) = estimate(&runs(load.replicas));
                let closed_form = closed_form(load.replicas, a);
                Some(Row { load: load.clone(), availability, spread, closed_form })
            }
            Figures::Availability { .. } => None,
        })
        .collect()
}

/// The table for `scenario` (a VR scenario: its model, seed and `until`
/// are kept; replicas, clients, batching and workload are set per run).
pub fn measure(scenario: &Scenario, loads: &[f64], replicas: &[usize]) -> Result<Vec<Row>, String> {
    let figures = points(scenario, loads, replicas)?
        .iter()
        .map(|p| run_point(scenario, p))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows(&figures))
}

fn vr_config(scenario: &Scenario) -> Result<&Config, String> {
    match &scenario.protocol {
        ProtocolSetup::Vr(c) => Ok(c),
        _ => Err("measure takes a VR scenario (\"protocol\": \"vr\")".into()),
    }
}

/// Runs `config` with `s`'s model (and a service time) under load `load`
/// from time 1 to 90% of the run (the rest lets the last requests finish).
fn load_run(s: &Scenario, config: &Config, load: f64) -> Result<Load, String> {
    let until = s.until.max(LOAD_RUN);
    let window = until * 0.9 - 1.0;
    // Neither a client's resend nor a backup's view change happens within
    // the run (their timeouts are its length): a load run has no failures,
    // and a queue at the primary would otherwise look like one.
    let timeouts = Timeouts { request: until, primary: until, ..config.timeouts };
    let config = &Config { clients: LOAD_CLIENTS, timeouts, ..config.clone() };
    let ops = ((load * window).round() as usize).clamp(1, 10_000);
    let random = Random { ops, keys: 4, every: 1.0 / load, from: 1.0 };
    let mut model = s.model.clone();
    if model.service == 0.0 {
        model.service = SERVICE;
    }
    let scenario = Scenario {
        protocol: ProtocolSetup::Vr(config.clone()),
        workload: Some(Box::new(WorkloadSpec::Own(json!({"random": random})))),
        inputs: Vec::new(),
        schedule: Vec::new(),
        faults: Vec::new(),
        model,
        until,
        ..s.clone()
    };
    let record = quiet_run(config, &scenario)?;
    let metrics = report::metrics(config, &record, until);
    let mut latencies: Vec<f64> =
        report::answered(config, &record).iter().map(|a| a.answered - a.sent).collect();
    latencies.sort_by(f64::total_cmp);
    Ok(Load {
        replicas: config.replicas,
        batching: config.batching,
        load,
        answered: latencies.len(),
        latency: metric(&metrics, "latency_mean"),
        p50: percentile(&latencies, 0.5),
        p99: percentile(&latencies, 0.99),
        throughput: metric(&metrics, "throughput"),
        messages_per_op: metric(&metrics, "messages_per_op"),
    })
}

/// The `p` quantile of sorted `xs` (nearest rank).
fn percentile(xs: &[f64], p: f64) -> Option<f64> {
    let rank = (p * xs.len() as f64).ceil() as usize;
    xs.get(rank.max(1) - 1).copied()
}

/// Checks and runs a scenario made here, without the history search and
/// without making a trace (a measurement reads only the record).
fn quiet_run(config: &Config, s: &Scenario) -> Result<Record, String> {
    let text = serde_json::to_string(s).map_err(|e| e.to_string())?;
    let s = Scenario::parse(&text)?;
    let vr = Vr { config: config.clone(), check_history: false };
    let env = s.env(&vr)?;
    let inputs = s.timed_inputs(&env)?;
    let record = engine::run(&env, &s.model, &s.faults, &inputs, s.until).record;
    match record.stopped {
        Some(at) => Err(format!(
            "a measurement run reached {MAX_RUN_EVENTS} events at time {at:.3} of {} and was stopped",
            s.until
        )),
        None => Ok(record),
    }
}

/// A metric's value, by name.
fn metric(metrics: &[Metric], name: &str) -> Option<f64> {
    match metrics.iter().find(|m| m.name == name)?.value {
        Measure::Number(x) => Some(x),
        Measure::Maybe(x) => x,
        Measure::Count(n) => Some(n as f64),
        Measure::PerNode(_) => None,
    }
}

/// Availability run `run` of `plan` for `replicas` replicas of VR scenario
/// `s`: crash-recovery replicas failing and repaired at random, one client
/// making a request every 25 units (status, not requests, decides whether
/// the group is up; the requests give the logs something to carry). The
/// scenario's model is kept, its own service time too (none by default).
pub fn availability_run(s: &Scenario, replicas: usize, plan: &Plan, run: usize) -> Result<f64, String> {
    let random = Random { ops: 1000, keys: 4, every: 25.0, from: 1.0 };
    let mut model = s.model.clone();
    model.nodes = Failures::CrashRecovery;
    let base = vr_config(s)?;
    let config = Config { replicas, clients: 1, max_views: None, max_retries: None, ..base.clone() };
    let scenario = Scenario {
        protocol: ProtocolSetup::Vr(config.clone()),
        workload: Some(Box::new(WorkloadSpec::Own(json!({"random": random})))),
        inputs: Vec::new(),
        schedule: Vec::new(),
        faults: failures(plan, s.seed, run, replicas),
        model,
        until: plan.length,
        ..s.clone()
    };
    let record = quiet_run(&config, &scenario)?;
    Ok(report::availability(&config, &record, plan.length))
}

/// The table as `lightcone measure` prints it: the columns users rely on,
/// in their order, then the newer ones.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "replicas  batching  load    answered  latency  throughput  messages/op  availability  nines  \
         p50      p99      spread    closed_form  closed_nines\n",
    );
    let num = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.3}"));
    for r in rows {
        let l = &r.load;
        out.push_str(&format!(
            "{:<8}  {:<8}  {:<6}  {:<8}  {:<7}  {:<10}  {:<11}  {:<12.6}  {:<5.2}  {:<7}  {:<7}  {:<8.6}  {:<11.6}  {:.2}\n",
            l.replicas,
            if l.batching { "on" } else { "off" },
            l.load,
            l.answered,
            num(l.latency),
            num(l.throughput),
            num(l.messages_per_op),
            r.availability,
            r.nines(),
            num(l.p50),
            num(l.p99),
            r.spread,
            r.closed_form,
            r.closed_nines()
        ));
    }
    out
}
