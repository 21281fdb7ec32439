//! Replication as measured quantities (`lightcone measure`), for VR and
//! for PBFT ([`super::group`]): for each replica count and offered load,
//! with batching off and on (VR; PBFT has no batching switch, so off
//! only), a run of the scenario under an open-loop random workload gives
//! latency (mean, median and 99th percentile), throughput and messages
//! per operation; and for each replica count, runs with random crashes
//! and repairs give availability with its spread, beside the closed form
//! for independent failures ([`super::availability`]).
//!
//! A load run charges every node [`SERVICE`] per event it handles (unless
//! the scenario's model sets its own `service`), so the primary is a
//! single server that saturates: VR's, without batching, handles 1 + 2f
//! events per operation (the REQUEST and a PREPAREOK from each of its 2f
//! backups), so it can commit at most 1 / ((1 + 2f) · service) operations
//! per time unit ([`capacity`]); PBFT's handles the REQUEST, a PREPARE and
//! a COMMIT from each of its 3f backups, and a CHECKPOINT from each every
//! K requests ([`Group::capacity`]). Latency climbs steeply as the offered
//! load nears that. §6 batching shares VR's PREPAREOKs among a batch's
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
use super::config::Random;
pub use super::group::Group;
use crate::core::sim::model::{Failures, SystemModel};
use crate::core::sim::property::{Measure, Metric};
use crate::core::sim::scenario::Scenario;
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
        /// The replicas in normal status the group needs (f + 1 for VR,
        /// 2f + 1 for PBFT): the closed form's q.
        quorum: usize,
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

/// The most operations per time unit a VR primary without batching
/// commits with `replicas` replicas and `service` per event: it handles
/// the REQUEST and 2f PREPAREOKs of each.
pub fn capacity(replicas: usize, service: Time) -> f64 {
    1.0 / ((1 + 2 * (replicas / 2)) as f64 * service)
}

impl Group {
    /// The most operations per time unit this group's primary commits
    /// with `service` per event: VR's [`capacity`]; PBFT's primary handles
    /// per request the REQUEST, 3f PREPAREs and 3f COMMITs (§4.2), and 3f
    /// CHECKPOINTs every K requests (§4.3).
    pub fn capacity(&self, service: Time) -> f64 {
        match self {
            Group::Vr(c) if !c.batching => capacity(c.replicas, service),
            Group::Vr(_) => f64::INFINITY,
            Group::Pbft(c) => {
                let others = (c.replicas - 1) as f64;
                1.0 / ((1.0 + 2.0 * others + others / c.checkpoint as f64) * service)
            }
        }
    }
}

/// The runs of the sweep, after checking the loads and replica counts:
/// for each replica count its availability runs, then its load runs,
/// batching off then on (VR), each load in the order given.
pub fn points(scenario: &Scenario, loads: &[f64], replicas: &[usize]) -> Result<Vec<Point>, String> {
    let base = Group::of(scenario)?;
    if let Some(l) = loads.iter().find(|l| !(l.is_finite() && **l > 0.0 && **l <= 100.0)) {
        return Err(format!("--load {l}: a load is between 0 and 100 requests per time unit"));
    }
    let mut points = Vec::new();
    for &n in replicas {
        base.sized(n, 1).map_err(|e| format!("--replicas: {e}"))?;
        points.extend((0..PLAN.runs).map(|run| Point::Availability { replicas: n, run }));
        for &batching in base.batchings() {
            points.extend(loads.iter().map(|&load| Point::Load { replicas: n, batching, load }));
        }
    }
    Ok(points)
}

/// Makes one run of the sweep.
pub fn run_point(scenario: &Scenario, point: &Point) -> Result<Figures, String> {
    let base = Group::of(scenario)?;
    match *point {
        Point::Load { replicas, batching, load } => {
            if batching && !base.batchings().contains(&true) {
                return Err(format!("{} has no batching switch", base.name()));
            }
            let group = base.sized(replicas, LOAD_CLIENTS)?;
            load_run(scenario, &group, batching, load).map(Figures::Load)
        }
        Point::Availability { replicas, run } => {
            let availability = availability_run(scenario, replicas, &PLAN, run)?;
            let quorum = base.sized(replicas, 1)?.quorum();
            Ok(Figures::Availability { replicas, quorum, availability })
        }
    }
}

/// The table's rows from a sweep's figures: each load run with its replica
/// count's availability.
pub fn rows(figures: &[Figures]) -> Vec<Row> {
    let runs = |n: usize| -> (Vec<f64>, usize) {
        let mut q = n / 2 + 1;
        let runs = figures
            .iter()
            .filter_map(|f| match f {
                Figures::Availability { replicas, quorum, availability } if *replicas == n => {
                    q = *quorum;
                    Some(*availability)
                }
                _ => None,
            })
            .collect();
        (runs, q)
    };
    let a = PLAN.replica_availability();
    figures
        .iter()
        .filter_map(|f| match f {
            Figures::Load(load) => {
                let (runs, quorum) = runs(load.replicas);
                let (availability, spread) = estimate(&runs);
                let closed_form = closed_form(load.replicas, quorum, a);
                Some(Row { load: load.clone(), availability, spread, closed_form })
            }
            Figures::Availability { .. } => None,
        })
        .collect()
}

/// The table for `scenario` (a VR or PBFT scenario: its model, seed and
/// `until` are kept; replicas, clients, batching and workload are set per
/// run).
pub fn measure(scenario: &Scenario, loads: &[f64], replicas: &[usize]) -> Result<Vec<Row>, String> {
    let figures = points(scenario, loads, replicas)?
        .iter()
        .map(|p| run_point(scenario, p))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows(&figures))
}

/// Runs `group` (sized for the run) with `s`'s model (and a service time)
/// under load `load` from time 1 to 90% of the run (the rest lets the
/// last requests finish).
fn load_run(s: &Scenario, group: &Group, batching: bool, load: f64) -> Result<Load, String> {
    let until = s.until.max(LOAD_RUN);
    let window = until * 0.9 - 1.0;
    let group = group.quiet(batching, until);
    let ops = ((load * window).round() as usize).clamp(1, 10_000);
    let random = Random { ops, keys: 4, every: 1.0 / load, from: 1.0 };
    // No failures: no Byzantine replica either (the scenario's are for
    // its own run).
    let mut model = SystemModel { byzantine: Default::default(), ..s.model.clone() };
    if model.service == 0.0 {
        model.service = SERVICE;
    }
    let scenario = Scenario {
        protocol: group.setup(),
        workload: Some(Box::new(WorkloadSpec::Own(json!({"random": random})))),
        inputs: Vec::new(),
        schedule: Vec::new(),
        faults: Vec::new(),
        model,
        until,
        ..s.clone()
    };
    let record = group.run(&scenario)?;
    let metrics = group.metrics(&record, until);
    let mut latencies: Vec<f64> = group.answered(&record).iter().map(|a| a.answered - a.sent).collect();
    latencies.sort_by(f64::total_cmp);
    Ok(Load {
        replicas: group.replicas(),
        batching: group.batching(),
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

/// A metric's value, by name.
pub fn metric(metrics: &[Metric], name: &str) -> Option<f64> {
    match metrics.iter().find(|m| m.name == name)?.value {
        Measure::Number(x) => Some(x),
        Measure::Maybe(x) => x,
        Measure::Count(n) => Some(n as f64),
        Measure::PerNode(_) => None,
    }
}

/// Availability run `run` of `plan` for `replicas` replicas of VR or PBFT
/// scenario `s`: crash-recovery replicas failing and repaired at random,
/// one client making a request every 25 units (status, not requests,
/// decides whether the group is up; the requests give the logs something
/// to carry). The scenario's model is kept, its own service time too
/// (none by default), but not its Byzantine replicas: these runs measure
/// crashes. A PBFT replica that recovers comes back empty, in
/// view 0 (the paper's recovery is not built): it counts as up, and votes.
pub fn availability_run(s: &Scenario, replicas: usize, plan: &Plan, run: usize) -> Result<f64, String> {
    let random = Random { ops: 1000, keys: 4, every: 25.0, from: 1.0 };
    let model =
        SystemModel { nodes: Failures::CrashRecovery, byzantine: Default::default(), ..s.model.clone() };
    let group = Group::of(s)?.sized(replicas, 1)?.unbounded();
    let scenario = Scenario {
        protocol: group.setup(),
        workload: Some(Box::new(WorkloadSpec::Own(json!({"random": random})))),
        inputs: Vec::new(),
        schedule: Vec::new(),
        faults: failures(plan, s.seed, run, replicas),
        model,
        until: plan.length,
        ..s.clone()
    };
    let record = group.run(&scenario)?;
    Ok(group.availability(&record, plan.length))
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
