//! Step by step in the commit lab: the scripted path so far, and every
//! step the explorer's moves allow next, each a button.

use super::{Action, CommitLab};
use crate::core::sim::explore::enabled;
use crate::core::sim::scenario::Step;
use yew::prelude::*;

/// The scripted path so far and the steps enabled next, clickable.
pub fn stepper(on_action: &Callback<Action>, lab: &CommitLab) -> Html {
    let start = on_action.reform(|_: MouseEvent| Action::Step(None));
    if !lab.stepping {
        return html! {
            <div class="stepper"><h3>{"Step by step"}</h3>
                <button id="step-start" onclick={start}>{"Start stepping: choose every delivery, timeout and fault"}</button></div>
        };
    }
    let next = enabled(&lab.scenario, &lab.bounds).unwrap_or_default();
    html! {
        <div class="stepper">
            <h3>{"Step by step"}</h3>
            <ol id="path" class="path">{ for lab.scenario.schedule.iter().map(|s| html! { <li>{ describe(s) }</li> }) }</ol>
            <p>{ if next.is_empty() { "Nothing more can happen." } else { "Enabled next:" } }</p>
            <ul id="enabled" class="enabled">
                { for next.into_iter().map(|s| {
                    let text = describe(&s);
                    let pick = on_action.reform(move |_: MouseEvent| Action::Step(Some(s.clone())));
                    html! { <li><button class="step" onclick={pick}>{ text }</button></li> }
                }) }
            </ul>
            <button id="step-restart" onclick={start}>{"Restart"}</button>
        </div>
    }
}

fn describe(s: &Step) -> String {
    match s {
        Step::Deliver { from, to, overtaking: 0 } => format!("deliver {from} → {to}"),
        Step::Deliver { from, to, overtaking } => format!("deliver {from} → {to}, overtaking {overtaking}"),
        Step::Drop { from, to, overtaking: 0 } => format!("drop {from} → {to}"),
        Step::Drop { from, to, overtaking } => format!("drop {from} → {to}, overtaking {overtaking}"),
        Step::Crash { node } => format!("crash {node}"),
        Step::Recover { node } => format!("recover {node}"),
        Step::Input { node, input } => format!("{node}: input {input}"),
        Step::Timeout { node, timer } => format!("{node}: timeout {timer}"),
        Step::Partition { groups } => {
            format!("partition {}", groups.iter().map(|g| g.join(" ")).collect::<Vec<_>>().join(" | "))
        }
    }
}
