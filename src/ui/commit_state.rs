//! How the commit lab changes the app's state: every change edits the
//! scenario and re-simulates it; the diagram is the run.

use super::commit_lab::CommitLab;
use super::state::{AppState, Notice, Scene};
use crate::core::editor::{Document, Edit};
use crate::core::sim::explore::{explore, Bounds, PAGE_MEMORY};
use crate::core::sim::model::Failures;
use crate::core::sim::outcome::run;
use crate::core::sim::record::CRASHED;
use crate::core::sim::scenario::{Fault, Scenario, Step};
use std::rc::Rc;

impl AppState {
    /// Simulates `scenario` and shows its run; `note` (if any) becomes the
    /// notice (an empty one: the scenario's title).
    pub(super) fn commit_run(&mut self, scenario: Scenario, note: Option<String>) {
        let bounds = self
            .commit
            .as_ref()
            .map_or(Bounds { states: 300_000, memory: PAGE_MEMORY, ..Bounds::default() }, |l| l.bounds);
        // Stepping with no step chosen yet: just the starts.
        let shown = if self.stepping() && scenario.schedule.is_empty() {
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
                self.history.push(scene);
                self.selected = None;
                self.second = None;
                self.selected_message = None;
                self.playback = None;
                // A scenario's title shows over the diagram; a note says more.
                self.notice = note.filter(|n| !n.is_empty()).map(|text| Notice { text, error: false });
                let stepping = self.stepping();
                self.commit = Some(CommitLab {
                    scenario: Rc::new(scenario),
                    outcome: Rc::new(outcome),
                    bounds,
                    stepping,
                    drawing: false,
                });
            }
            Err(reason) => {
                self.notice = Some(Notice { text: format!("The run cannot be drawn: {reason}"), error: true })
            }
        }
    }

    fn stepping(&self) -> bool {
        self.commit.as_ref().is_some_and(|l| l.stepping)
    }

    /// Changes the scenario's faults (leaving step-by-step mode) and re-runs.
    pub(super) fn commit_change(&mut self, change: impl FnOnce(&mut Scenario)) {
        let Some(lab) = &mut self.commit else { return };
        lab.stepping = false;
        let mut scenario = (*lab.scenario).clone();
        scenario.schedule.clear();
        change(&mut scenario);
        self.commit_run(scenario, None);
    }

    /// A click on a node's line crashes it there, or recovers it if down.
    pub(super) fn commit_edit(&mut self, edit: &Edit) {
        let Some(lab) = &self.commit else { return };
        if let Edit::MoveEvent { event, time } = edit {
            return self.commit_delay(event, *time);
        }
        let Edit::AddEvent { process, time } = edit else {
            let text = "In the commit lab the diagram is the run: click a line to crash or recover a node, select a message to drop or delay it, drag its arrow's end to deliver it later.";
            self.notice = Some(Notice { text: text.into(), error: true });
            return;
        };
        let Some(n) = lab.outcome.names.iter().position(|x| x == process) else { return };
        let down = lab.outcome.record.timelines[n].iter().rev().find(|(t, _)| t <= time).map(|&(_, s)| s)
            == Some(CRASHED);
        let (node, at) = (process.clone(), *time);
        self.commit_change(|s| {
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
    fn commit_delay(&mut self, event: &str, time: f64) {
        let scene = self.scene().clone();
        let trace = &scene.placed.trace;
        let Some(e) = trace.event_by_id(event) else { return };
        let Some(&m) = trace.received_by(e).first() else {
            let text = "Only a message's arrival can move: drag the receiving end of an arrow.";
            self.notice = Some(Notice { text: text.into(), error: true });
            return;
        };
        let by = time - scene.placed.times[e as usize];
        let index = trace.message_id(m).strip_prefix('m').and_then(|k| k.parse::<usize>().ok());
        match index {
            Some(k) if by > 0.0 && self.commit.as_ref().is_some_and(|l| l.scenario.schedule.is_empty()) => {
                self.commit_message_fault(k - 1, Some((by * 100.0).round() / 100.0))
            }
            _ => {
                let text =
                    "A message can only arrive later than the link delivers it (and not while stepping).";
                self.notice = Some(Notice { text: text.into(), error: true });
            }
        }
    }

    /// Drops or delays message `m` (its sender's nth message to its
    /// receiver, as the run recorded it).
    pub(super) fn commit_message_fault(&mut self, m: usize, delay: Option<f64>) {
        let Some(lab) = &self.commit else { return };
        let messages = &lab.outcome.record.messages;
        let (from, to, nth) = (messages[m].from, messages[m].to, messages[m].nth);
        let (from, to) = (lab.outcome.names[from].clone(), lab.outcome.names[to].clone());
        self.commit_change(|s| {
            s.faults.push(match delay {
                None => Fault::Drop { from, to, nth },
                Some(by) => Fault::Delay { from, to, nth, by },
            })
        });
    }

    /// Runs the explorer; loads a counterexample if it finds one.
    pub(super) fn commit_explore(&mut self) {
        let Some(lab) = &self.commit else { return };
        let base = Scenario { faults: Vec::new(), schedule: Vec::new(), ..(*lab.scenario).clone() };
        let verdict = explore(&base, &lab.bounds);
        let states = verdict.states;
        match verdict.counterexample(&base) {
            Some(counter) => {
                let what = match verdict.first_violation() {
                    Some((found, _)) if found.name == "atomicity" => "atomicity is violated",
                    Some((found, _)) if found.name == "termination" => "a node can block forever",
                    _ => "a property is violated",
                };
                let note = format!(
                    "Explorer: {what}; counterexample loaded ({} steps, {states} states explored)",
                    counter.schedule.len()
                );
                if let Some(lab) = &mut self.commit {
                    lab.stepping = true;
                }
                self.commit_run(counter, Some(note));
            }
            None => {
                let cut = match (verdict.truncated, verdict.memory_cut) {
                    (_, true) => &format!(" (stopped at the memory budget, {} MiB)", PAGE_MEMORY >> 20),
                    (true, _) => " (stopped at the state bound)",
                    _ => "",
                };
                let text = format!("Explorer: no counterexample within the bounds, {states} states explored{cut}: atomicity holds and no node blocks");
                self.notice = Some(Notice { text, error: false });
            }
        }
    }

    /// Step by step: start afresh (`None`) or take one more step.
    pub(super) fn commit_step(&mut self, step: Option<Step>) {
        let Some(lab) = &mut self.commit else { return };
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
        self.commit_run(scenario, None);
    }
}
