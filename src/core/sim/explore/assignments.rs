//! The explorer over Byzantine behaviours as well as schedules: every
//! assignment of a behaviour (silent, equivocate, replay, lie) to up to k
//! of a replica group's replicas, each searched within the same bounds.
//! Castro and Liskov's claim (§2: safety and liveness "provided at most
//! ⌊(n − 1)/3⌋ replicas are faulty", whatever they do) is a statement about
//! every such assignment with k ≤ f; with k = f + 1 some assignment must
//! break it, and the sweep finds which.
//!
//! The sweep stops at the first assignment whose search finds a safety
//! violation, as a single search stops at its first violation: that
//! counterexample, with its assignment in the scenario's model, is the one
//! to show. So the assignments likeliest to break safety come first: the
//! most Byzantine replicas, equivocation and lies before replays and
//! silence (with k ≤ f every assignment is searched anyway). It runs a slice at a time ([`Sweep::run`]), as a single search
//! does, so the page's worker can post its progress and stop at once.

use super::slices::{Exploration, Slice};
use super::{Bounds, Finding, Found, Progress, Verdict};
use crate::core::sim::byzantine::Behaviour;
use crate::core::sim::property::Kind;
use crate::core::sim::scenario::Scenario;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The behaviours tried, in the order tried.
pub const BEHAVIOURS: [Behaviour; 4] =
    [Behaviour::Equivocate, Behaviour::Lie, Behaviour::Replay, Behaviour::Silent];

/// Byzantine replicas by name, and each one's behaviour.
pub type Assignment = BTreeMap<String, Behaviour>;

/// A replica group's replicas (`R1` … `Rn`) and f, the faults it is built
/// to survive: VR's n = 2f + 1 (crashes), PBFT's n = 3f + 1.
pub fn group(s: &Scenario) -> Result<(Vec<String>, usize), String> {
    let (n, f) = match (s.protocol.vr(), s.protocol.pbft()) {
        (Some(c), _) => (c.replicas, (c.replicas - 1) / 2),
        (_, Some(c)) => (c.replicas, c.f()),
        _ => return Err(format!("byzantine-any: takes a VR or PBFT scenario, not {}", s.protocol.name())),
    };
    Ok(((1..=n).map(|i| format!("R{i}")).collect(), f))
}

/// Every assignment of a behaviour to `k`, then `k` − 1, … down to 1
/// replica: the sets of replicas of each size in lexicographic order, each
/// with every choice of behaviours in [`BEHAVIOURS`]' order. `k` runs from
/// 1 to f + 1.
pub fn assignments(s: &Scenario, k: usize) -> Result<Vec<Assignment>, String> {
    let (replicas, f) = group(s)?;
    if !(1..=f + 1).contains(&k) {
        return Err(format!(
            "byzantine-any: {k} replicas; a group of {} (f = {f}) takes 1 to f + 1 = {}",
            replicas.len(),
            f + 1
        ));
    }
    let mut all = Vec::new();
    for size in (1..=k).rev() {
        for set in subsets(replicas.len(), size) {
            for choice in 0..BEHAVIOURS.len().pow(size as u32) {
                let behaviour =
                    |i: usize| BEHAVIOURS[choice / BEHAVIOURS.len().pow((size - 1 - i) as u32) % 4];
                all.push(set.iter().enumerate().map(|(i, &r)| (replicas[r].clone(), behaviour(i))).collect());
            }
        }
    }
    Ok(all)
}

/// The `size`-element subsets of 0..n, each sorted, in lexicographic order.
fn subsets(n: usize, size: usize) -> Vec<Vec<usize>> {
    if size == 0 {
        return vec![Vec::new()];
    }
    (0..n)
        .flat_map(|first| {
            subsets(n - first - 1, size - 1)
                .into_iter()
                .map(move |rest| std::iter::once(first).chain(rest.iter().map(|r| r + first + 1)).collect())
        })
        .collect()
}

/// `s` with its replicas' behaviours replaced by `a` (its clients' kept).
pub fn with_assignment(s: &Scenario, a: &Assignment) -> Scenario {
    let mut next = s.clone();
    let replicas = group(s).map(|(r, _)| r).unwrap_or_default();
    next.model.byzantine.retain(|name, _| !replicas.contains(name));
    next.model.byzantine.extend(a.iter().map(|(n, b)| (n.clone(), *b)));
    next
}

/// One assignment and what its search found.
#[derive(Clone, Debug, PartialEq)]
pub struct Tried {
    /// The Byzantine replicas (and the scenario's Byzantine clients).
    pub byzantine: Assignment,
    /// What its search found.
    pub verdict: Verdict,
}

/// What a sweep found: each assignment tried, in order, of how many.
#[derive(Clone, Debug, PartialEq)]
pub struct Swept {
    /// Up to this many Byzantine replicas.
    pub k: usize,
    /// Assignments in all (more than were tried if one broke safety).
    pub assignments: usize,
    /// Each assignment searched, in order.
    pub tried: Vec<Tried>,
}

/// How far a sweep has got: the assignment being searched (from 1), of
/// how many, and its search's progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SweepProgress {
    /// The assignment searched, from 1.
    pub assignment: usize,
    /// Assignments in all.
    pub of: usize,
    /// Its search's progress.
    pub search: Progress,
}

/// A sweep under way.
pub struct Sweep {
    scenario: Scenario,
    bounds: Bounds,
    k: usize,
    assignments: Vec<Assignment>,
    tried: Vec<Tried>,
    current: Option<Exploration>,
}

/// What a slice of a sweep leaves.
pub enum SweepSlice {
    /// Not over yet: the sweep, to run on.
    Going(Box<Sweep>),
    /// Over: what it found.
    Over(Swept),
}

impl Sweep {
    /// A sweep of `scenario` over up to `k` Byzantine replicas, each
    /// assignment searched within `bounds`.
    pub fn new(scenario: &Scenario, bounds: &Bounds, k: usize) -> Result<Sweep, String> {
        let assignments = assignments(scenario, k)?;
        // Each assignment's scenario must pass the scenario's checks (a
        // protocol may refuse a behaviour that means nothing for it).
        for a in &assignments {
            let text = serde_json::to_string(&with_assignment(scenario, a)).map_err(|e| e.to_string())?;
            Scenario::parse(&text)?;
        }
        Ok(Sweep {
            scenario: scenario.clone(),
            bounds: *bounds,
            k,
            assignments,
            tried: Vec::new(),
            current: None,
        })
    }

    /// How far it has got.
    pub fn progress(&self) -> SweepProgress {
        let search = self.current.as_ref().map_or(Progress { states: 1, depth: 0 }, |e| e.progress());
        SweepProgress {
            assignment: (self.tried.len() + 1).min(self.assignments.len()),
            of: self.assignments.len(),
            search,
        }
    }

    /// Expands up to `expansions` more states of the assignment searched.
    pub fn run(mut self, expansions: usize) -> SweepSlice {
        let i = self.tried.len();
        let search = self.current.take().unwrap_or_else(|| {
            Exploration::new(&with_assignment(&self.scenario, &self.assignments[i]), &self.bounds)
        });
        match search.run(expansions) {
            Slice::Going(going) => self.current = Some(*going),
            Slice::Over(verdict) => {
                let broke = broken_safety(&verdict);
                self.tried.push(Tried { byzantine: self.assignments[i].clone(), verdict });
                if broke || self.tried.len() == self.assignments.len() {
                    return SweepSlice::Over(Swept {
                        k: self.k,
                        assignments: self.assignments.len(),
                        tried: self.tried,
                    });
                }
            }
        }
        SweepSlice::Going(Box::new(self))
    }
}

/// Sweeps `scenario` to the end (see [`Sweep`]).
pub fn sweep(scenario: &Scenario, bounds: &Bounds, k: usize) -> Result<Swept, String> {
    let mut sweep = Sweep::new(scenario, bounds, k)?;
    loop {
        match sweep.run(usize::MAX) {
            SweepSlice::Going(going) => sweep = *going,
            SweepSlice::Over(swept) => return Ok(swept),
        }
    }
}

fn broken_safety(v: &Verdict) -> bool {
    v.first_violation().is_some_and(|(p, _)| p.kind == Kind::Always)
}

impl Swept {
    /// The assignment whose counterexample to show, and the violated
    /// property: the one that broke safety (the last tried), else the
    /// first with a liveness violation.
    pub fn first_violation(&self) -> Option<(&Tried, &Found)> {
        let last = self.tried.last().filter(|t| broken_safety(&t.verdict));
        let any = || self.tried.iter().find(|t| t.verdict.first_violation().is_some());
        let t = last.or_else(any)?;
        Some((t, t.verdict.first_violation()?.0))
    }

    /// That counterexample: a scripted copy of `scenario` with the
    /// assignment in its model.
    pub fn counterexample(&self, scenario: &Scenario) -> Option<Scenario> {
        let (t, _) = self.first_violation()?;
        t.verdict.counterexample(&with_assignment(scenario, &t.byzantine))
    }

    /// Each property over every assignment tried: violated in one, else
    /// unknown in one (or assignments left untried), else holds.
    fn finding(&self, name: &str) -> &'static str {
        let findings =
            || self.tried.iter().flat_map(|t| t.verdict.properties.iter().filter(|p| p.name == name));
        if findings().any(|p| matches!(p.finding, Finding::Violated(_))) {
            "violated"
        } else if self.tried.len() < self.assignments || findings().any(|p| p.finding == Finding::Unknown) {
            "unknown"
        } else {
            "holds"
        }
    }

    /// `lightcone explore --byzantine-any K`'s report: a single search's
    /// keys over the whole sweep (each property's finding over every
    /// assignment, states summed, a cut anywhere), the counterexample and
    /// its `"byzantine"` assignment, `"byzantine_any"` (K), `"assignments"`
    /// (how many in all) and `"tried"`: per assignment its `"byzantine"`
    /// map, `"properties"`, `"states"` and cuts.
    pub fn to_json(&self, scenario: &Scenario, bounds: &Bounds) -> Value {
        let names: Vec<&str> = self
            .tried
            .first()
            .map(|t| t.verdict.properties.iter().map(|p| p.name).collect())
            .unwrap_or_default();
        let properties: Map<String, Value> =
            names.iter().map(|n| (n.to_string(), json!(self.finding(n)))).collect();
        let any = |f: fn(&Verdict) -> bool| self.tried.iter().any(|t| f(&t.verdict));
        let tried: Vec<Value> = self
            .tried
            .iter()
            .map(|t| {
                let mut one = t.verdict.to_json(scenario, bounds);
                let one = one.as_object_mut().expect("a report is an object");
                for key in ["bounds", "counterexample", "atomicity", "blocking"] {
                    one.remove(key);
                }
                one.insert("byzantine".into(), json!(t.byzantine));
                Value::Object(one.clone())
            })
            .collect();
        let mut report = Verdict {
            states: self.tried.iter().map(|t| t.verdict.states).sum(),
            truncated: any(|v| v.truncated),
            memory_cut: any(|v| v.memory_cut),
            depth_cut: any(|v| v.depth_cut),
            cancelled: false,
            properties: Vec::new(),
        }
        .to_json(scenario, bounds);
        report["properties"] = Value::Object(properties);
        report["counterexample"] = json!(self.counterexample(scenario));
        report["byzantine"] = json!(self.first_violation().map(|(t, _)| &t.byzantine));
        report["byzantine_any"] = json!(self.k);
        report["assignments"] = json!(self.assignments);
        report["tried"] = Value::Array(tried);
        report
    }
}
