//! The commit lab: a 2PC/3PC scenario's run is the diagram. A click on a
//! node's line crashes or recovers it there, a message can be dropped or
//! delayed, a partition added by form or drawn on the canvas; every change
//! re-simulates at once. Beside it: each node's states over time, the
//! invariants, the metrics, the explorer (in a Web Worker) and a
//! step-by-step panel of what may happen next.
//!
//! - mod.rs: the lab's state (the scenario, its run, the diagram it took
//!   over) and its actions
//! - run.rs: how each change edits the scenario and re-simulates it
//! - explore.rs: the explorer's job, its progress and its report;
//!   worker.rs: the hook that runs it in a Web Worker
//! - panel.rs, explorer_panel.rs, stepper.rs: the panel; declared.rs and
//!   byzantine.rs: a replica group's settings and Byzantine nodes
//! - quorums.rs: PBFT's quorum intersection, beside the diagram
//! - partition.rs: partitions, by form or by a rectangle on the canvas
//! - scenarios.rs: the presets under www/scenarios, compiled in
//! - measure_panel.rs: the sweep `lightcone measure` prints, plotted;
//!   compare_panel.rs: VR and PBFT side by side
//! - snapshots.rs: the snapshot protocols' switches and recorded states

mod byzantine;
mod compare_panel;
mod declared;
mod explore;
mod explorer_panel;
mod measure_panel;
mod panel;
mod partition;
mod quorums;
mod run;
mod scenarios;
mod snapshots;
mod stepper;
pub mod worker;

pub use panel::CommitLabPanel;
pub use partition::use_canvas;
pub use scenarios::all as scenarios;
pub use worker::use_explorer;

use super::host::TakenOver;
use super::{Host, Lab};
use crate::core::diagram::overlay::Overlay;
use crate::core::sim::explore::Bounds;
use crate::core::sim::outcome::Outcome;
use crate::core::sim::scenario::{Fault, Scenario, Step};
use crate::core::Trace;
use crate::ui::notice::Notice;
use explore::{Explored, Exploring, Progress};
use std::rc::Rc;

/// The lab's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CommitState {
    /// The scenario and its run, while the lab is on.
    pub lab: Option<CommitLab>,
    /// The explorer, while it searches the scenario of the run shown.
    exploring: Option<Exploring>,
    /// The diagram shown before the lab took over the canvas, given back
    /// when another lab is chosen.
    before: TakenOver,
    /// Explorations started, so each job has its own number and a late
    /// word from an old one is ignored.
    jobs: u64,
    /// The last sweep over Byzantine behaviours: its report, shown until
    /// another search starts or another scenario opens.
    swept: Option<Rc<Explored>>,
}

/// The lab's scenario and its run.
#[derive(Clone, Debug, PartialEq)]
pub struct CommitLab {
    pub scenario: Rc<Scenario>,
    pub outcome: Rc<Outcome>,
    pub bounds: Bounds,
    /// The explorer sweeps the Byzantine behaviours of up to this many
    /// replicas (0: it searches the scenario's own).
    pub byzantine_any: usize,
    /// Step by step: every delivery, timeout and fault is chosen by hand.
    pub stepping: bool,
    /// The next rectangle drawn on the diagram is a partition.
    pub drawing: bool,
}

/// What the lab's panel, gestures and explorer ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Opens the lab on a scenario.
    Open(Rc<Scenario>),
    /// Replaces the settings (protocol, votes, model, seed), keeping the faults.
    Settings(Box<Scenario>),
    /// Drops (`None`) or delays message m of the run.
    MessageFault(usize, Option<f64>),
    /// Adds a partition: sides, from, until.
    Partition(Vec<Vec<String>>, f64, f64),
    ClearFaults,
    /// The next rectangle drawn on the diagram is a partition.
    Draw,
    SetBounds(Bounds),
    /// The explorer's sweep over Byzantine behaviours: up to this many
    /// replicas (0: none).
    SetByzantineAny(usize),
    /// Starts the explorer on the scenario, without its faults.
    Explore,
    /// How far exploration `job` has got.
    Progress(u64, Progress),
    /// Exploration `job` is over: its report, or why it failed.
    Explored(u64, Result<Rc<Explored>, String>),
    CancelExplore,
    /// Step by step: start afresh (`None`) or take one more step.
    Step(Option<Step>),
}

impl CommitState {
    pub fn reduce(&mut self, host: &mut impl Host, action: Action) {
        match action {
            Action::Open(scenario) => self.open(host, &scenario),
            Action::Settings(settings) => self.settings(host, *settings),
            Action::MessageFault(m, delay) => self.message_fault(host, m, delay),
            Action::Partition(groups, from, until) => {
                self.change(host, |s| s.faults.push(Fault::Partition { groups, from, until }))
            }
            Action::ClearFaults => self.change(host, |s| s.faults.clear()),
            Action::Draw => {
                if let Some(lab) = &mut self.lab {
                    lab.drawing = true;
                    host.notice(Notice::note("Drag a rectangle over one side's lines, from when the partition starts to when it heals."));
                }
            }
            Action::SetBounds(bounds) => {
                if let Some(lab) = &mut self.lab {
                    lab.bounds = bounds;
                }
            }
            Action::SetByzantineAny(k) => {
                if let Some(lab) = &mut self.lab {
                    lab.byzantine_any = k;
                }
            }
            Action::Explore => self.explore(),
            Action::Progress(job, progress) => self.progress(job, progress),
            Action::Explored(job, report) => self.explored(host, job, report),
            Action::CancelExplore => self.cancel(host),
            Action::Step(step) => self.step(host, step),
        }
    }

    /// Choosing the lab (the commit or the snapshot lab) opens its first
    /// scenario.
    pub fn enter(&mut self, host: &mut impl Host, lab: Lab) {
        let first = scenarios::of(lab).next().expect("every run lab has scenarios").1;
        self.open(host, &first);
    }

    /// Choosing another lab gives back the diagram the lab took over.
    pub fn leave(&mut self, host: &mut impl Host) {
        self.forget();
        self.before.give_back(host);
    }

    /// Another diagram loaded: the lab closes, and has nothing to give back.
    pub fn close(&mut self) {
        self.forget();
        self.before.clear();
    }

    /// The run shown is no longer the lab's (undo went back past it): the
    /// panels and the explorer let it go.
    pub fn forget(&mut self) {
        self.lab = None;
        self.exploring = None;
        self.swept = None;
    }

    /// The last sweep's report, if one is shown.
    pub fn swept(&self) -> Option<&Explored> {
        self.swept.as_deref()
    }

    /// The explorer's job, while it searches (the worker hook runs it).
    pub fn job(&self) -> Option<explore::Job> {
        self.exploring.as_ref().map(|e| e.job.clone())
    }

    fn open(&mut self, host: &mut impl Host, scenario: &Scenario) {
        self.before.keep(host, self.lab.is_some());
        self.lab = None;
        self.swept = None;
        host.start_over();
        self.run(host, scenario.clone(), None);
    }
}

impl CommitLab {
    /// The run's marks on the diagram: downtime, blocking, decisions,
    /// partitions, lost and in-flight messages.
    pub fn overlay(&self, trace: &Trace) -> Overlay {
        crate::core::sim::marks::overlay(&self.scenario, &self.outcome, trace, &["uncertain"])
    }

    /// The run's verdict over the diagram: the first declared property it
    /// breaks, else that all hold; and whether all do.
    pub fn verdict(&self) -> (String, bool) {
        match self.outcome.properties.iter().find(|p| !p.holds) {
            Some(p) if p.name == "termination" => ("✗ blocked: a node never decides".to_string(), false),
            Some(p) => (format!("✗ {} violated", p.name), false),
            None => ("✓ every property holds".to_string(), true),
        }
    }
}
