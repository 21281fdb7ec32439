//! The time lab: physical clocks that drift, and the algorithms that
//! synchronise them — Cristian's (1989), Berkeley's (Gusella and Zatti,
//! 1989) and NTP's client side as RFC 5905 specifies it — run on a
//! deterministic simulation with millisecond links, faults, and clocks
//! that steps and slews correct while the run goes.
//!
//! Every timestamp a node takes is its own clock's reading, never true
//! time: an exchange's computed offset carries the client's own error as
//! well as the path's asymmetry, and the report puts both side by side
//! (each exchange's four timestamps, and the same four in true time).
//!
//! # Layout
//! - [`scenario`]: the scenario's JSON, read strictly ([`read`] names the
//!   field in every error); [`constants`]: the presets of the discipline's
//!   constants (RFC 5905, ntpd, chrony) and RFC 5905's fixed parameters;
//!   [`faults`]: falsetickers, clock jumps, wrong strata, unreachable
//!   servers, partitions, bursts of jitter.
//! - [`clock`]: a node's software clock (physical clock, corrections,
//!   faults); [`world`]: the event queue, links and messages, recorded as
//!   the simulator framework records any run.
//! - NTP, stage by stage: [`onwire`] (§8), [`filter`] (§10), [`select`]
//!   (§11.2), [`discipline`] (§11.3); [`ntp`] runs them on every node that
//!   syncs. [`cristian`] and [`berkeley`] are the two older algorithms.
//! - [`report`]: what a run reports and its JSON; [`metrics`]: how well
//!   each node kept time.
//!
//! A run is deterministic from the scenario's `seed`; docs/timesync.md
//! documents the scenario and the output of `lightcone timesync`.

pub mod berkeley;
pub mod clock;
pub mod constants;
pub mod cristian;
pub mod discipline;
pub mod faults;
pub mod filter;
pub mod metrics;
pub mod ntp;
pub mod onwire;
mod opening;
mod read;
pub mod report;
pub mod scenario;
pub mod select;
pub mod world;

pub use scenario::{Algorithm, Scenario};

use crate::core::sim::outcome::Outcome;
use crate::core::sim::record::PartitionSpan;
use crate::core::sim::{NodeId, Time};
use clock::SoftClock;
use faults::Fault;
use report::{Adjustment, Exchange, FilterRun, Names, Round, Selection};
use serde_json::{json, Map, Value};

/// A node's events at one true time are this far apart on the trace's
/// time axis (the framework's protocols use 0.01; here delays are
/// milliseconds).
const SPREAD: Time = 1e-6;

/// A finished run.
#[derive(Clone, Debug)]
pub struct Run {
    /// The scenario run.
    pub scenario: Scenario,
    /// Every node's clock over the run (read it at any true time).
    pub clocks: Vec<SoftClock>,
    /// Every request and its reply.
    pub exchanges: Vec<Exchange>,
    /// Every run of an NTP clock filter.
    pub filters: Vec<FilterRun>,
    /// Every run of NTP's selection.
    pub selections: Vec<Selection>,
    /// Every decision about a clock.
    pub adjustments: Vec<Adjustment>,
    /// Every Berkeley round.
    pub rounds: Vec<Round>,
    /// The run as the framework's outcome: its record and its trace (each
    /// event with its node's clock reading as `local_time`).
    pub outcome: Outcome,
    /// When the run stopped at the event cap, if it did.
    pub stopped: Option<Time>,
}

/// Runs a scenario.
pub fn run(s: &Scenario) -> Run {
    let world = match s.algorithm {
        Algorithm::Ntp => {
            let mut a = ntp::Ntp::new(s);
            let first = a.first();
            world::run(s, &mut a, first)
        }
        Algorithm::Cristian => {
            let mut a = cristian::Cristian::new(s);
            let first = a.first();
            world::run(s, &mut a, first)
        }
        Algorithm::Berkeley => {
            let mut a = berkeley::Berkeley::new(s);
            let first = a.first(s.nodes.len());
            world::run(s, &mut a, first)
        }
    };
    let mut record = world.rec.record;
    record.partitions = partitions(s);
    record.stopped = world.stopped;
    let out = world.out;
    Run {
        outcome: Outcome::from_record(s.names(), record, SPREAD, Map::new()),
        scenario: s.clone(),
        clocks: world.clocks,
        exchanges: out.exchanges,
        filters: out.filters,
        selections: out.selections,
        adjustments: out.adjustments,
        rounds: out.rounds,
        stopped: world.stopped,
    }
}

/// The partitions and unreachable nodes, as the diagram draws partitions
/// (an unreachable node is on no side).
fn partitions(s: &Scenario) -> Vec<PartitionSpan> {
    let span =
        |sides, w: &faults::Window| PartitionSpan { sides, from: w.from, until: w.until.or(Some(s.until)) };
    s.faults
        .iter()
        .filter_map(|f| match f {
            Fault::Partition { groups, window, .. } => Some(span(groups.clone(), window)),
            Fault::Unreachable { node, window } => {
                let others: Vec<NodeId> = (0..s.nodes.len()).filter(|m| m != node).collect();
                Some(span(vec![others], window))
            }
            _ => None,
        })
        .collect()
}

impl Run {
    /// Node `n`'s clock at true time `t`.
    pub fn local_time(&self, n: NodeId, t: Time) -> f64 {
        self.clocks[n].read(t)
    }

    /// Each node's `[true time, offset from true time]` at its events.
    pub fn offsets(&self) -> Vec<Vec<(Time, f64)>> {
        metrics::offsets(&self.outcome.record, self.scenario.nodes.len())
    }

    /// Why the run is no report (`lightcone timesync` refuses it so).
    pub fn stopped_short(&self) -> Option<String> {
        let at = self.stopped?;
        Some(format!(
            "the run reached {} events at time {at:.3} of {} and was stopped (poll less often or stop sooner)",
            world::MAX_RUN_EVENTS,
            self.scenario.until
        ))
    }

    /// The report `lightcone timesync` prints (docs/timesync.md).
    pub fn to_json(&self) -> Value {
        let names = self.scenario.names();
        let w = Names(&names);
        let offsets = self.offsets();
        let by_node = |f: &dyn Fn(usize) -> Value| -> Map<String, Value> {
            names.iter().enumerate().map(|(n, name)| (name.clone(), f(n))).collect()
        };
        let record = &self.outcome.record;
        let bound = self.scenario.bound;
        let metric = |n: usize| metrics::node_metrics(record, n, &offsets[n], bound).to_json();
        let mut report = json!({
            "algorithm": self.scenario.algorithm.name(),
            "constants": self.scenario.constants.to_json(),
            "exchanges": self.exchanges.iter().map(|e| w.exchange(e)).collect::<Vec<_>>(),
            "adjustments": self.adjustments.iter().map(|a| w.adjustment(a)).collect::<Vec<_>>(),
            "offsets": by_node(&|n| json!(offsets[n].iter().map(|&(t, x)| [t, x]).collect::<Vec<_>>())),
            "metrics": {"bound": bound, "messages": record.messages.len(), "nodes": by_node(&metric)},
            "trace": self.outcome.trace_json(),
        });
        match self.scenario.algorithm {
            Algorithm::Ntp => {
                report["filter"] = json!(self.filters.iter().map(|f| w.filter(f)).collect::<Vec<_>>());
                report["selection"] =
                    json!(self.selections.iter().map(|s| w.selection(s)).collect::<Vec<_>>());
            }
            Algorithm::Berkeley => {
                report["rounds"] = json!(self.rounds.iter().map(|r| w.round(r)).collect::<Vec<_>>());
            }
            Algorithm::Cristian => {}
        }
        report
    }
}
