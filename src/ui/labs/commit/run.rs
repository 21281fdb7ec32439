//! How the commit lab's changes reach the diagram: every change edits the
//! scenario and re-simulates it; the diagram is the run.

use super::{explore, CommitLab, CommitState};
use crate::core::editor::{Document, Edit};
use crate::core::sim::explore::{Bounds, PAGE_MEMORY};
use crate::core::sim::model::Failures;
use crate::core::sim::outcome::run;
use crate::core::sim::record::CRASHED;
use crate::core::sim::scenario::{Fault, Scenario, Step};
use crate::ui::labs::Host;
use crate::ui::notice::Notice;
use crate::ui::scene::Scene;
use std::rc::Rc;

impl CommitState {
    /// Simulates `scenario` and shows its run, with `note` (if any) as the
    /// notice. A search of the run it replaces stops.
    pub(super) fn run(&mut self, host: &mut impl Host, scenario: Scenario, note: Option<String>) {
        let (bounds, stepping) = self.lab.as_ref().map_or((page_bounds(), false), |l| (l.bounds, l.stepping));
        let byzantine_any = self.lab.as_ref().map_or(0, |l| l.byzantine_any);
        // Stepping with no step chosen yet: just the starts.
        let shown = if stepping && scenario.schedule.is_empty() {
            Scenario { until: 1e-6, ..scenario.clone() }
        } else {
            scenario.clone()
        };
        let outcome = run(&shown);
        let mut doc = Document::from_trace(&outcome.trace, &outcome.times);
        doc.title = scenario.title.clone();
        doc.about = scenario.about.clone();
        match Scene::new(doc) {
            Ok(scene) => {
                // A scenario's title shows over the diagram; a note says more.
                let stopped = self.exploring.take().is_some();
                let note = note.or_else(|| stopped.then(|| explore::CANCELLED.to_string()));
                host.show(scene, note.map(Notice::note));
                self.lab = Some(CommitLab {
                    scenario: Rc::new(scenario),
                    outcome: Rc::new(outcome),
                    bounds,
                    byzantine_any,
                    stepping,
                    drawing: false,
                });
            }
            Err(reason) => host.notice(Notice::error(format!("The run cannot be drawn: {reason}"))),
        }
    }

    /// New settings from the panel, the faults kept: refused with the
    /// scenario's own check's words if they do not make a valid scenario
    /// (the run shown stays).
    pub(super) fn settings(&mut self, host: &mut impl Host, settings: Scenario) {
        let Some(lab) = &self.lab else { return };
        let next = Scenario { faults: lab.scenario.faults.clone(), schedule: Vec::new(), ..settings };
        let checked =
            serde_json::to_string(&next).map_err(|e| e.to_string()).and_then(|t| Scenario::parse(&t));
        if let Err(why) = checked {
            return host.notice(Notice::error(format!("Settings refused, the run is unchanged: {why}")));
        }
        self.change(host, move |s| *s = next);
    }

    /// Changes the scenario's faults (leaving step-by-step mode) and re-runs.
    pub(super) fn change(&mut self, host: &mut impl Host, change: impl FnOnce(&mut Scenario)) {
        let Some(lab) = &mut self.lab else { return };
        lab.stepping = false;
        let mut scenario = (*lab.scenario).clone();
        scenario.schedule.clear();
        change(&mut scenario);
        self.run(host, scenario, None);
    }

    /// An edit of the diagram, which is the run: a click on a node's line
    /// crashes it there, or recovers it if down; dragging an arrival later
    /// delays its message; anything else is refused with what to do.
    pub fn edit(&mut self, host: &mut impl Host, edit: &Edit) {
        let Some(lab) = &self.lab else { return };
        if let Edit::MoveEvent { event, time } = edit {
            return self.delay(host, event, *time);
        }
        let Edit::AddEvent { process, time } = edit else {
            let text = "In the commit lab the diagram is the run: click a line to crash or recover a node, select a message to drop or delay it, drag its arrow's end to deliver it later.";
            return host.notice(Notice::error(text));
        };
        let Some(n) = lab.outcome.names.iter().position(|x| x == process) else { return };
        let down = lab.outcome.record.timelines[n].iter().rev().find(|(t, _)| t <= time).map(|&(_, s)| s)
            == Some(CRASHED);
        let (node, at) = (process.clone(), *time);
        self.change(host, |s| {
            if down {
                // Recovery needs stable storage to recover from.
                s.model.nodes = Failures::CrashRecovery;
                s.faults.push(Fault::Recover { node, at });
            } else {
                s.faults.push(Fault::Crash { node, at });
            }
        });
    }

    /// Dragging a receive later delays its message by the difference.
    fn delay(&mut self, host: &mut impl Host, event: &str, time: f64) {
        let scene = host.scene().clone();
        let trace = &scene.placed.trace;
        let Some(e) = trace.event_by_id(event) else { return };
        let Some(&m) = trace.received_by(e).first() else {
            return host.notice(Notice::error(
                "Only a message's arrival can move: drag the receiving end of an arrow.",
            ));
        };
        let by = time - scene.placed.times[e as usize];
        let index = trace.message_id(m).strip_prefix('m').and_then(|k| k.parse::<usize>().ok());
        match index {
            Some(k) if by > 0.0 && self.lab.as_ref().is_some_and(|l| l.scenario.schedule.is_empty()) => {
                self.message_fault(host, k - 1, Some((by * 100.0).round() / 100.0))
            }
            _ => host.notice(Notice::error(
                "A message can only arrive later than the link delivers it (and not while stepping).",
            )),
        }
    }

    /// Drops or delays message `m` (its sender's nth message to its
    /// receiver, as the run recorded it).
    pub(super) fn message_fault(&mut self, host: &mut impl Host, m: usize, delay: Option<f64>) {
        let Some(lab) = &self.lab else { return };
        let messages = &lab.outcome.record.messages;
        let (from, to, nth) = (messages[m].from, messages[m].to, messages[m].nth);
        let (from, to) = (lab.outcome.names[from].clone(), lab.outcome.names[to].clone());
        self.change(host, |s| {
            s.faults.push(match delay {
                None => Fault::Drop { from, to, nth },
                Some(by) => Fault::Delay { from, to, nth, by },
            })
        });
    }

    /// Step by step: start afresh (`None`) or take one more step.
    pub(super) fn step(&mut self, host: &mut impl Host, step: Option<Step>) {
        let Some(lab) = &mut self.lab else { return };
        lab.stepping = true;
        let mut scenario = (*lab.scenario).clone();
        match step {
            Some(step) => scenario.schedule.push(step),
            None => {
                scenario.schedule.clear();
                scenario.faults.clear();
            }
        }
        scenario.until = scenario.schedule.len() as f64 + 1.0;
        self.run(host, scenario, None);
    }
}

/// The page's bounds at first: the CLI's, within the page's memory budget
/// (a tab shares the browser's memory).
fn page_bounds() -> Bounds {
    Bounds { memory: PAGE_MEMORY, ..Bounds::default() }
}
