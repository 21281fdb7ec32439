//! The explorer's job in the commit lab: started on the scenario shown,
//! followed by its progress, and over with its report (a counterexample
//! loads as the run) or when cancelled. worker.rs runs it off the page's
//! thread; this is the state it leaves, and what it makes of the report.

use super::CommitState;
use crate::core::sim::explore::Bounds;
use crate::core::sim::scenario::Scenario;
use crate::ui::labs::Host;
use crate::ui::notice::Notice;
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
}

impl Progress {
    /// The progress line: states, depth and states per second.
    pub fn words(&self) -> String {
        let rate = if self.seconds > 0.0 { self.states as f64 / self.seconds } else { 0.0 };
        format!(
            "Exploring: {} states explored, depth {}, {:.0} states per second",
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
        let r: Report = serde_json::from_str(report).map_err(|e| format!("unreadable report: {e}"))?;
        let counterexample = r.counterexample.map(|c| Scenario::parse(&c.to_string())).transpose()?;
        Ok(Explored {
            states: r.states,
            truncated: r.truncated,
            memory_cut: r.memory_cut,
            memory_mib: r.bounds.memory_mib,
            violation: r.violation,
            counterexample,
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
        let job = Job { id: self.jobs, scenario: Rc::new(scenario), bounds: lab.bounds };
        self.exploring = Some(Exploring { job, progress: None });
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

    /// Stops the search under way; its worker goes with it (worker.rs).
    pub(super) fn cancel(&mut self, host: &mut impl Host) {
        let Some(exploring) = self.exploring.take() else { return };
        let states = exploring.progress.map_or(0, |p| p.states);
        host.notice(Notice::note(format!("Explorer: cancelled after {states} states")));
    }
}
