//! The explorer's job in the commit lab: started on the scenario shown,
//! followed by its progress, and over with its report (a counterexample
//! loads as the run) or when cancelled. worker.rs runs it off the page's
//! thread; this is the state it leaves, and what it makes of the report.

use super::CommitState;
use crate::core::sim::explore::{group, Bounds};
use crate::core::sim::scenario::Scenario;
use crate::ui::labs::Host;
use crate::ui::notice::Notice;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Said when a new run replaces the one being explored.
pub const CANCELLED: &str = "Explorer: cancelled, as the scenario changed";

/// One search: what to explore, and within which bounds.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// Its number, which every word from its worker carries.
    pub id: u64,
    /// The scenario without its faults and schedule: the explorer makes its own.
    pub scenario: Rc<Scenario>,
    pub bounds: Bounds,
    /// A sweep over the Byzantine behaviours of up to this many replicas
    /// (`lightcone explore --byzantine-any`), else one search.
    pub byzantine: Option<usize>,
}

/// How far a search has got, as its worker reports it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    /// Distinct states found.
    pub states: usize,
    /// Steps from the start to the state being expanded.
    pub depth: usize,
    /// Seconds since the search began.
    pub seconds: f64,
    /// In a sweep, the assignment searched (from 1) and how many in all.
    pub assignment: Option<(usize, usize)>,
}

impl Progress {
    /// The progress line: states, depth and states per second.
    pub fn words(&self) -> String {
        let rate = if self.seconds > 0.0 { self.states as f64 / self.seconds } else { 0.0 };
        let which = self.assignment.map_or(String::new(), |(i, of)| format!(" assignment {i} of {of}:"));
        format!(
            "Exploring:{which} {} states explored, depth {}, {:.0} states per second",
            self.states, self.depth, rate
        )
    }
}

/// A search under way.
#[derive(Clone, Debug, PartialEq)]
pub struct Exploring {
    pub job: Job,
    /// The latest report (none yet at the start).
    pub progress: Option<Progress>,
}

/// What a finished search found: `lightcone explore`'s report, read.
#[derive(Debug, PartialEq)]
pub struct Explored {
    pub states: usize,
    /// The bound on states or the memory budget cut the search short.
    pub truncated: bool,
    /// It was the memory budget, of this many MiB.
    pub memory_cut: bool,
    pub memory_mib: usize,
    /// The property the counterexample violates.
    pub violation: Option<String>,
    /// A scripted scenario that replays the violation.
    pub counterexample: Option<Scenario>,
    /// A sweep's: each assignment tried, and how many there were.
    pub sweep: Option<SweptReport>,
}

/// A sweep over Byzantine behaviours, as its report says it.
#[derive(Debug, PartialEq, serde::Deserialize)]
pub struct SweptReport {
    /// Up to this many Byzantine replicas.
    pub byzantine_any: usize,
    /// Assignments in all.
    pub assignments: usize,
    /// The counterexample's assignment.
    pub byzantine: Option<BTreeMap<String, String>>,
    pub tried: Vec<TriedReport>,
}

/// One assignment tried: the Byzantine replicas, each property's finding
/// ("holds", "violated", "unknown") and the states searched.
#[derive(Debug, PartialEq, serde::Deserialize)]
pub struct TriedReport {
    pub byzantine: BTreeMap<String, String>,
    pub properties: BTreeMap<String, String>,
    pub states: usize,
}

impl TriedReport {
    /// "R1 equivocate, R2 lie".
    pub fn who(&self) -> String {
        assignment(&self.byzantine)
    }

    /// "R1 silent: ✓ agreement, ✓ durability, ✗ liveness (812 states)":
    /// ✓ holds, ✗ violated, ? not known within the bounds.
    pub fn line(&self) -> String {
        let marks: Vec<String> = self
            .properties
            .iter()
            .map(|(name, finding)| {
                let mark = match finding.as_str() {
                    "holds" => "✓",
                    "violated" => "✗",
                    _ => "?",
                };
                format!("{mark} {name}")
            })
            .collect();
        format!("{}: {} ({} states)", self.who(), marks.join(", "), self.states)
    }
}

/// Byzantine replicas and their behaviours, as a phrase.
pub fn assignment(a: &BTreeMap<String, String>) -> String {
    a.iter().map(|(n, b)| format!("{n} {b}")).collect::<Vec<_>>().join(", ")
}

impl Explored {
    /// Reads the report's JSON text, as the worker posts it (see
    /// `wasm_api::JsExploration::run`).
    pub fn read(report: &str) -> Result<Explored, String> {
        #[derive(serde::Deserialize)]
        struct Report {
            states: usize,
            truncated: bool,
            memory_cut: bool,
            bounds: ReportBounds,
            violation: Option<String>,
            counterexample: Option<serde_json::Value>,
        }
        #[derive(serde::Deserialize)]
        struct ReportBounds {
            memory_mib: usize,
        }
        let unreadable = |e: serde_json::Error| format!("unreadable report: {e}");
        let value: serde_json::Value = serde_json::from_str(report).map_err(unreadable)?;
        let sweep = value.get("byzantine_any").map(|_| serde_json::from_value::<SweptReport>(value.clone()));
        let sweep = sweep.transpose().map_err(unreadable)?;
        let r: Report = serde_json::from_value(value).map_err(unreadable)?;
        let counterexample = r.counterexample.map(|c| Scenario::parse(&c.to_string())).transpose()?;
        Ok(Explored {
            states: r.states,
            truncated: r.truncated,
            memory_cut: r.memory_cut,
            memory_mib: r.bounds.memory_mib,
            violation: r.violation,
            counterexample,
            sweep,
        })
    }
}

impl CommitState {
    /// Starts a search of the scenario shown (unless one is under way).
    pub(super) fn explore(&mut self) {
        let Some(lab) = &self.lab else { return };
        if self.exploring.is_some() {
            return;
        }
        self.jobs += 1;
        let scenario = Scenario { faults: Vec::new(), schedule: Vec::new(), ..(*lab.scenario).clone() };
        // A sweep takes 1 to f + 1 replicas; a group made smaller since
        // the option was chosen takes fewer.
        let most = group(&scenario).map_or(0, |(_, f)| f + 1);
        let byzantine = Some(lab.byzantine_any.min(most)).filter(|&k| k > 0);
        let job = Job { id: self.jobs, scenario: Rc::new(scenario), bounds: lab.bounds, byzantine };
        self.exploring = Some(Exploring { job, progress: None });
        self.swept = None;
    }

    pub(super) fn progress(&mut self, id: u64, progress: Progress) {
        if let Some(e) = self.exploring.as_mut().filter(|e| e.job.id == id) {
            e.progress = Some(progress);
        }
    }

    /// Job `id` is over: loads its counterexample, or says what it found.
    pub(super) fn explored(&mut self, host: &mut impl Host, id: u64, report: Result<Rc<Explored>, String>) {
        if self.exploring.take_if(|e| e.job.id == id).is_none() {
            return;
        }
        let report = match report {
            Ok(report) => report,
            Err(reason) => return host.notice(Notice::error(format!("The explorer failed: {reason}"))),
        };
        let states = report.states;
        if let Some(sweep) = &report.sweep {
            self.swept = Some(report.clone());
            return self.swept_notice(host, sweep, &report);
        }
        let Some(counter) = &report.counterexample else {
            let cut = match (report.truncated, report.memory_cut) {
                (_, true) => format!(" (stopped at the memory budget, {} MiB)", report.memory_mib),
                (true, _) => " (stopped at the state bound)".to_string(),
                _ => String::new(),
            };
            let holds = if self.lab.as_ref().is_some_and(|l| l.scenario.protocol.bank().is_some()) {
                "every snapshot records a consistent state"
            } else {
                "atomicity holds and no node blocks"
            };
            let text = format!(
                "Explorer: no counterexample within the bounds, {states} states explored{cut}: {holds}"
            );
            return host.notice(Notice::note(text));
        };
        let what = match report.violation.as_deref() {
            Some("atomicity") => "atomicity is violated",
            Some("termination") => "a node can block forever",
            Some("snapshot-consistent") => "a snapshot can record an inconsistent state",
            _ => "a property is violated",
        };
        let note = format!(
            "Explorer: {what}; counterexample loaded ({} steps, {states} states explored)",
            counter.schedule.len()
        );
        if let Some(lab) = &mut self.lab {
            lab.stepping = true;
        }
        self.run(host, counter.clone(), Some(note));
    }

    /// A sweep's verdict: its counterexample loaded with its assignment,
    /// or what held over every assignment.
    fn swept_notice(&mut self, host: &mut impl Host, sweep: &SweptReport, report: &Explored) {
        let tried = format!(
            "{} of {} assignments of up to {} Byzantine replicas tried",
            sweep.tried.len(),
            sweep.assignments,
            sweep.byzantine_any
        );
        let (Some(counter), Some(who)) = (&report.counterexample, &sweep.byzantine) else {
            let cut = if report.truncated { ", some searches cut short: not proved" } else { "" };
            let text = format!(
                "Explorer: {tried}: no counterexample within the bounds, {} states explored{cut}",
                report.states
            );
            return host.notice(Notice::note(text));
        };
        let what = report.violation.as_deref().unwrap_or("a property");
        let note = format!(
            "Explorer: with {}, {what} is violated; counterexample loaded ({} steps; {tried})",
            assignment(who),
            counter.schedule.len()
        );
        if let Some(lab) = &mut self.lab {
            lab.stepping = true;
        }
        self.run(host, counter.clone(), Some(note));
    }

    /// Stops the search under way; its worker goes with it (worker.rs).
    pub(super) fn cancel(&mut self, host: &mut impl Host) {
        let Some(exploring) = self.exploring.take() else { return };
        let states = exploring.progress.map_or(0, |p| p.states);
        host.notice(Notice::note(format!("Explorer: cancelled after {states} states")));
    }
}
