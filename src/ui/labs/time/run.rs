//! How the time lab's changes reach the diagram: every change edits the
//! scenario's JSON, which is read again (a refusal names the field) and
//! re-run; the diagram is the run.

use super::{legs, TimeLab, TimeState};
use crate::core::editor::{Document, Edit};
use crate::core::timesync::{self, Scenario};
use crate::ui::labs::Host;
use crate::ui::notice::Notice;
use crate::ui::scene::Scene;
use serde_json::{json, Value};
use std::rc::Rc;

impl TimeState {
    /// Reads `value`, runs it and shows the run, with `note` (if any).
    pub(super) fn run(&mut self, host: &mut impl Host, preset: String, value: Value, note: Option<String>) {
        let scenario = match Scenario::from_value(&value) {
            Ok(s) => s,
            Err(reason) => return host.notice(Notice::error(format!("The scenario is refused: {reason}"))),
        };
        let run = timesync::run(&scenario);
        let note = note.or_else(|| run.stopped_short().map(|s| format!("Shown as far as it got: {s}.")));
        let mut doc = Document::from_trace(&run.outcome.trace, &run.outcome.times);
        doc.title = scenario.title.clone().map(|t| t + &retitled(&preset, &value));
        doc.about = scenario.about.clone();
        match Scene::new(doc) {
            Ok(scene) => {
                host.show(scene, note.map(Notice::note));
                let legs = Rc::new(legs::of(&run));
                self.lab = Some(TimeLab {
                    preset,
                    scenario: Rc::new(value),
                    run: Rc::new(run),
                    legs,
                    dragged: None,
                });
            }
            Err(reason) => host.notice(Notice::error(format!("The run cannot be drawn: {reason}"))),
        }
    }

    /// Changes the scenario's JSON and re-runs it.
    pub(super) fn change(&mut self, host: &mut impl Host, change: impl FnOnce(&mut Value)) {
        let Some(lab) = &self.lab else { return };
        let mut value = (*lab.scenario).clone();
        change(&mut value);
        let preset = lab.preset.clone();
        self.run(host, preset, value, None);
    }

    /// An edit of the diagram, which is the run: dragging either end of a
    /// message's arrow changes that leg's delay; anything else is refused
    /// with what to do.
    pub fn edit(&mut self, host: &mut impl Host, edit: &Edit) {
        if self.lab.is_none() {
            return;
        }
        let Edit::MoveEvent { event, time } = edit else {
            let text = "In the time lab the diagram is the run: drag either end of a message's arrow to change that leg's delay.";
            return host.notice(Notice::error(text));
        };
        match self.dragged(host, event, *time) {
            Ok((fault, message)) => {
                self.change(host, |s| set_delay(s, fault));
                if let Some(lab) = &mut self.lab {
                    lab.dragged = Some(message);
                }
            }
            // An empty refusal: the drag was of nothing the lab knows.
            Err(text) if text.is_empty() => {}
            Err(text) => host.notice(Notice::error(text)),
        }
    }

    /// The `delay` fault a drag of `event` to `time` asks for: a receive
    /// moved sets delay = new receive − send; a send moved, receive − new send.
    /// With it, the message as (sender, receiver, nth).
    fn dragged(
        &self,
        host: &impl Host,
        event: &str,
        time: f64,
    ) -> Result<(Value, (usize, usize, usize)), String> {
        let lab = self.lab.as_ref().ok_or_default()?;
        let scene = host.scene();
        let trace = &scene.placed.trace;
        let e = trace.event_by_id(event).ok_or_default()?;
        let by = time - scene.placed.times[e as usize];
        let (m, by) = match (trace.received_by(e).first(), trace.sent_by(e).first()) {
            (Some(&m), _) => (m, by),
            (None, Some(&m)) => (m, -by),
            (None, None) => {
                return Err(
                    "Only a message's ends can move: drag the sending or receiving end of an arrow.".into()
                )
            }
        };
        let k =
            trace.message_id(m).strip_prefix('m').and_then(|k| k.parse::<usize>().ok()).ok_or_default()?;
        let message = lab.run.outcome.record.messages.get(k - 1).ok_or_default()?;
        let due = message.due.ok_or("That message was lost: it has no delay to change.")?;
        let delay = due - message.sent + by;
        if delay < 0.0 {
            return Err(format!(
                "Refused: that would deliver the message {:.1} ms before it was sent. A delay is never negative.",
                -delay * 1e3
            ));
        }
        let names = &lab.run.outcome.names;
        let fault = json!({"delay": {"from": names[message.from], "to": names[message.to], "nth": message.nth,
                                     "delay": (delay * 1e6).round() / 1e6}});
        Ok((fault, (message.from, message.to, message.nth)))
    }
}

/// What the title adds when the constants are not the preset's own: the
/// run is no longer the one the preset's title names.
fn retitled(preset: &str, value: &Value) -> String {
    let own = super::preset(preset).map(|p| p["constants"].clone()).unwrap_or_default();
    match &value["constants"] {
        Value::String(name) if value["constants"] != own => format!(" — under {}", super::panel::title(name)),
        _ => String::new(),
    }
}

/// Adds a `delay` fault, replacing any that fixed the same message's.
fn set_delay(scenario: &mut Value, fault: Value) {
    let same = |f: &Value| {
        let (a, b) = (&f["delay"], &fault["delay"]);
        a.is_object() && a["from"] == b["from"] && a["to"] == b["to"] && a["nth"] == b["nth"]
    };
    let faults = scenario.as_object_mut().map(|o| o.entry("faults").or_insert_with(|| json!([])));
    if let Some(Value::Array(faults)) = faults {
        faults.retain(|f| !same(f));
        faults.push(fault);
    }
}

/// `Option`'s missing value as an empty refusal (the edit is ignored).
trait OkOrDefault<T> {
    fn ok_or_default(self) -> Result<T, String>;
}

impl<T> OkOrDefault<T> for Option<T> {
    fn ok_or_default(self) -> Result<T, String> {
        self.ok_or_else(String::new)
    }
}
