//! The explorer: a bounded exhaustive search, in the manner of a model
//! checker, over everything the network, the failures and the inputs may do
//! to a scenario's protocol: which message is delivered next (any in
//! flight, or on FIFO links the oldest of each channel), which is dropped
//! (at most `drops`), which node crashes (at most `crashes`) or recovers (at
//! most `recoveries`, crash-recovery only), whether a partition splits the
//! nodes (at most `partitions`, never healing), when timers fire and when
//! each injected input arrives. With synchronous timing a timer fires only
//! when no message is in flight (a timeout then means the message is not
//! coming, as a perfect failure detector would say); otherwise it may fire
//! at any point.
//!
//! It checks every safety property the protocol declares in every state it
//! reaches, and stops at the first violation; from every quiet state it
//! lets the protocol run on fairly (no more faults) to see whether each
//! liveness property comes to hold. The path to a violation is a
//! counterexample, returned as a scripted scenario that replays it.
//!
//! States are fingerprinted structurally (messages in flight and timers as
//! multisets). With `symmetry`, states that differ only by a renaming of
//! interchangeable nodes (participants that vote alike) count as one.
//!
//! A long search can be watched: [`explore_watched`] reports how far it has
//! got every [`PROGRESS_EVERY`] states and stops when told to. Or it can
//! run a slice at a time ([`Exploration`]), for a caller with other work
//! between slices: the page's worker, which posts progress and must stop
//! at once on Cancel. Neither changes what the search finds.
//!
//! A replica group's scenario can also be swept over its Byzantine
//! behaviours ([`sweep`], assignments.rs): every assignment of a behaviour
//! to up to k replicas, each searched within the same bounds.

mod assignments;
mod budget;
mod frontier;
mod report;
mod search;
mod slices;
mod symmetry;

pub use assignments::{
    assignments, group, sweep, with_assignment, Assignment, Sweep, SweepProgress, SweepSlice, Swept, Tried,
    BEHAVIOURS,
};
pub use budget::{DEFAULT_MEMORY, PAGE_MEMORY};
pub use search::{search, search_watched, Inputs};
pub use slices::{Exploration, Slice};

use super::model::Timing;
use super::property::Kind;
use super::protocol::Protocol;
use super::scenario::{Fault, Scenario, Step, Task};
use super::Time;

/// How far to look. As JSON (the page's worker takes it so), every field
/// is optional and defaults as [`Bounds::default`] says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Bounds {
    /// Crashes at most.
    pub crashes: usize,
    /// Dropped messages at most.
    pub drops: usize,
    /// Partitions at most (0 or 1).
    pub partitions: usize,
    /// Recoveries at most (crash-recovery nodes only).
    pub recoveries: usize,
    /// Steps per path at most.
    pub depth: usize,
    /// States at most, so a search always ends.
    pub states: usize,
    /// Bytes the search's tables may hold at most (fingerprints seen,
    /// moves, waiting worlds), so a search also ends within memory.
    pub memory: usize,
    /// Count states equal up to renaming interchangeable nodes once.
    pub symmetry: bool,
}

impl Default for Bounds {
    fn default() -> Self {
        Bounds {
            crashes: 1,
            drops: 0,
            partitions: 0,
            recoveries: 0,
            depth: 60,
            states: 2_000_000,
            memory: DEFAULT_MEMORY,
            symmetry: false,
        }
    }
}

impl Bounds {
    /// The bounds a scenario suggests: as many crashes, drops and
    /// recoveries as its faults have, a partition if it has one; with no
    /// faults at all, one crash.
    pub fn for_scenario(s: &Scenario) -> Bounds {
        let count = |f: fn(&Fault) -> bool| s.faults.iter().filter(|x| f(x)).count();
        if s.faults.is_empty() {
            return Bounds::default();
        }
        Bounds {
            crashes: count(|f| matches!(f, Fault::Crash { .. })),
            drops: count(|f| matches!(f, Fault::Drop { .. })),
            partitions: count(|f| matches!(f, Fault::Partition { .. })).min(1),
            recoveries: count(|f| matches!(f, Fault::Recover { .. })),
            ..Bounds::default()
        }
    }
}

impl Bounds {
    /// The bounds `lightcone explore` takes with the flags given as
    /// `given`'s fields (an object through the page's API; every field
    /// optional, named as in [`Bounds`]): the rest as the scenario
    /// suggests, `memory` as `default_memory` (the CLI's or the page's).
    pub fn given(
        scenario: &Scenario,
        given: &serde_json::Value,
        default_memory: usize,
    ) -> Result<Bounds, String> {
        let from_scenario = Bounds { memory: default_memory, ..Bounds::for_scenario(scenario) };
        let serde_json::Value::Object(fields) = given else {
            return match given {
                serde_json::Value::Null => Ok(from_scenario),
                _ => Err("bounds: expected an object".to_string()),
            };
        };
        let mut merged = serde_json::to_value(from_scenario).expect("bounds serialise");
        if let serde_json::Value::Object(all) = &mut merged {
            all.extend(fields.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), v.clone())));
        }
        let bounds: Bounds = serde::Deserialize::deserialize(merged)
            .map_err(|e| format!("bounds: {}", crate::core::known_fields::explain(&e.to_string())))?;
        if bounds.memory == 0 {
            return Err("bounds: a memory of 0 leaves the search no memory".to_string());
        }
        Ok(Bounds { partitions: bounds.partitions.min(1), ..bounds })
    }
}

/// What the search found about one property.
#[derive(Clone, Debug, PartialEq)]
pub enum Finding {
    /// It held in every state reached (or, for liveness, came to hold from
    /// every quiet one), and the search was complete within its bounds.
    Holds,
    /// A path that violates it.
    Violated(Vec<Step>),
    /// Not violated where the search looked, but the search was cut short
    /// (by the state, memory or depth bound, or by another property's violation).
    Unknown,
}

/// One property's finding.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// Its name.
    pub name: &'static str,
    /// Safety or liveness.
    pub kind: Kind,
    /// What a violation means, in a sentence.
    pub broken: &'static str,
    /// What the search found.
    pub finding: Finding,
}

/// What the search found.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// Distinct states explored.
    pub states: usize,
    /// True when the bound on states or the memory budget cut the search
    /// short.
    pub truncated: bool,
    /// True when it was the memory budget.
    pub memory_cut: bool,
    /// True when some path reached the depth bound with more to do.
    pub depth_cut: bool,
    /// True when the watcher stopped the search (see [`explore_watched`]).
    pub cancelled: bool,
    /// Each declared property, in the protocol's order.
    pub properties: Vec<Found>,
}

impl Verdict {
    /// The path violating the property called `name`, if one was found.
    pub fn violation(&self, name: &str) -> Option<&[Step]> {
        self.properties.iter().find(|p| p.name == name).and_then(|p| match &p.finding {
            Finding::Violated(path) => Some(path.as_slice()),
            _ => None,
        })
    }

    /// The violation to show: of a safety property first, else of a
    /// liveness one.
    pub fn first_violation(&self) -> Option<(&Found, &[Step])> {
        let violated = |safety: bool| {
            self.properties.iter().find_map(|p| match &p.finding {
                Finding::Violated(path) if (p.kind == Kind::Always) == safety => Some((p, path.as_slice())),
                _ => None,
            })
        };
        violated(true).or_else(|| violated(false))
    }

    /// The counterexample to show, as a scripted copy of `scenario`.
    pub fn counterexample(&self, scenario: &Scenario) -> Option<Scenario> {
        let (found, steps) = self.first_violation()?;
        Some(Scenario {
            title: Some(format!("Counterexample found by the explorer ({} steps)", steps.len())),
            about: Some(found.broken.to_string()),
            faults: Vec::new(),
            inputs: Vec::new(),
            schedule: steps.to_vec(),
            until: steps.len() as Time + 1.0,
            ..scenario.clone()
        })
    }
}

/// How far a search has got, as a progress line shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Distinct states found so far.
    pub states: usize,
    /// Steps from the start to the state being expanded. The search is
    /// breadth-first, so this never decreases.
    pub depth: usize,
}

/// A watched search reports after about this many new states: a few
/// milliseconds' work, so a progress line moves smoothly and a stop
/// request waits little, while the report costs nothing measurable.
pub const PROGRESS_EVERY: usize = 4096;

/// Searches `scenario`'s protocol within `bounds`.
pub fn explore(scenario: &Scenario, bounds: &Bounds) -> Verdict {
    explore_watched(scenario, bounds, &mut |_| true)
}

/// [`explore`], calling `watch` with the search's progress every
/// [`PROGRESS_EVERY`] states; when it returns false the search stops and
/// the verdict says it was cancelled. A watcher that never says stop
/// changes nothing: the same states in the same order, the same verdict.
pub fn explore_watched(
    scenario: &Scenario,
    bounds: &Bounds,
    watch: &mut dyn FnMut(Progress) -> bool,
) -> Verdict {
    struct Explore<'a, 'w>(&'a Scenario, &'a Bounds, &'w mut dyn FnMut(Progress) -> bool);
    impl Task for Explore<'_, '_> {
        type Out = Verdict;
        fn run<P: Protocol>(self, p: &P) -> Verdict {
            let (env, inputs) = setting(p, self.0);
            search_watched(&env, &inputs, self.1, synchronous(self.0), self.2)
        }
    }
    scenario.protocol.with(Explore(scenario, bounds, watch))
}

/// Searches `scenario` with `protocol` in place of the one it names.
pub fn explore_with<P: Protocol>(protocol: &P, scenario: &Scenario, bounds: &Bounds) -> Verdict {
    let (env, inputs) = setting(protocol, scenario);
    search(&env, &inputs, bounds, synchronous(scenario))
}

/// The steps enabled after `scenario`'s schedule (a model checker's "what
/// can happen next"), or `None` if the schedule itself cannot be followed.
pub fn enabled(scenario: &Scenario, bounds: &Bounds) -> Option<Vec<Step>> {
    struct Enabled<'a>(&'a Scenario, &'a Bounds);
    impl Task for Enabled<'_> {
        type Out = Option<Vec<Step>>;
        fn run<P: Protocol>(self, p: &P) -> Self::Out {
            let (env, inputs) = setting(p, self.0);
            search::enabled(&env, &inputs, self.1, synchronous(self.0), &self.0.schedule)
        }
    }
    scenario.protocol.with(Enabled(scenario, bounds))
}

fn synchronous(s: &Scenario) -> bool {
    matches!(s.model.timing, Timing::Synchronous { .. })
}

/// The protocol in the scenario's model, and each node's inputs in order of
/// time (with the JSON that names them in steps).
fn setting<'p, P: Protocol>(protocol: &'p P, s: &Scenario) -> (super::env::Env<'p, P>, Inputs<P>) {
    let env = s.env(protocol).expect("a checked scenario has a valid model");
    let mut inputs: Inputs<P> = vec![Vec::new(); env.len()];
    let all = s.all_inputs(&env).expect("a checked scenario has valid inputs");
    let mut by_time: Vec<&super::scenario::Input> = all.iter().collect();
    by_time.sort_by(|a, b| a.at.total_cmp(&b.at));
    for x in by_time {
        let n = env.node(&x.node).expect("a checked scenario names its nodes");
        let input = protocol.parse_input(&x.input).expect("a checked scenario has valid inputs");
        inputs[n].push((x.input.clone(), input));
    }
    (env, inputs)
}
