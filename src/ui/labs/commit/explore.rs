//! The explorer in the commit lab: it searches the scenario shown, and a
//! counterexample it finds loads as the run.

use super::CommitState;
use crate::core::sim::explore::explore;
use crate::core::sim::scenario::Scenario;
use crate::ui::labs::Host;
use crate::ui::notice::Notice;

impl CommitState {
    /// Runs the explorer; loads a counterexample if it finds one.
    pub(super) fn explore(&mut self, host: &mut impl Host) {
        let Some(lab) = &self.lab else { return };
        let base = Scenario { faults: Vec::new(), schedule: Vec::new(), ..(*lab.scenario).clone() };
        let verdict = explore(&base, &lab.bounds);
        let states = verdict.states;
        let Some(counter) = verdict.counterexample(&base) else {
            let cut = if verdict.truncated { " (stopped at the state bound)" } else { "" };
            let text = format!("Explorer: no counterexample within the bounds, {states} states explored{cut}: atomicity holds and no node blocks");
            return host.notice(Notice::note(text));
        };
        let what = match verdict.first_violation() {
            Some((found, _)) if found.name == "atomicity" => "atomicity is violated",
            Some((found, _)) if found.name == "termination" => "a node can block forever",
            _ => "a property is violated",
        };
        let note = format!(
            "Explorer: {what}; counterexample loaded ({} steps, {states} states explored)",
            counter.schedule.len()
        );
        if let Some(lab) = &mut self.lab {
            lab.stepping = true;
        }
        self.run(host, counter, Some(note));
    }
}
