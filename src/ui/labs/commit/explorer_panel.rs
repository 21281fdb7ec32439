//! The explorer's part of the commit lab's panel: its bounds, Explore,
//! and while it searches a progress line and Cancel. For a replica group,
//! a choice to sweep the Byzantine behaviours of up to f + 1 replicas,
//! and the last sweep's verdict per assignment.

use super::explore::{Explored, Exploring};
use super::{Action, CommitLab};
use crate::core::sim::explore::{group, Bounds};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

pub fn explorer(
    on_action: &Callback<Action>,
    lab: &CommitLab,
    exploring: Option<&Exploring>,
    swept: Option<&Explored>,
) -> Html {
    let b = lab.bounds;
    let field = |label: &'static str, id: &'static str, value: usize, set: fn(Bounds, usize) -> Bounds| {
        let on = on_action.clone();
        let onchange = Callback::from(move |e: Event| {
            if let Ok(x) = e.target_unchecked_into::<HtmlInputElement>().value().trim().parse::<usize>() {
                on.emit(Action::SetBounds(set(b, x)));
            }
        });
        html! { <label>{ label }<input {id} type="number" min="0" value={value.to_string()} {onchange} /></label> }
    };
    let run = on_action.reform(|_: MouseEvent| Action::Explore);
    html! {
        <div class="explorer" role="group" aria-label="Explorer">
            <h3>{"Explorer"}</h3>
            { field("crashes ", "bound-crashes", b.crashes, |b, x| Bounds { crashes: x.min(3), ..b }) }
            { field(" drops ", "bound-drops", b.drops, |b, x| Bounds { drops: x.min(3), ..b }) }
            { field(" partitions ", "bound-partitions", b.partitions, |b, x| Bounds { partitions: x.min(1), ..b }) }
            { byzantine_any(on_action, lab) }
            <button id="explore" onclick={run} disabled={exploring.is_some()}>{"Explore: find a counterexample"}</button>
            if let Some(e) = exploring {
                <div class="explore-progress">
                    <p data-explore-progress="" role="status">{ e.progress.map_or("Exploring: starting…".to_string(), |p| p.words()) }</p>
                    <button id="explore-cancel" onclick={on_action.reform(|_: MouseEvent| Action::CancelExplore)}>{"Cancel"}</button>
                </div>
            }
            { swept.map_or(html! {}, tried) }
        </div>
    }
}

/// For a replica group: search the scenario's own Byzantine nodes, or
/// every assignment of behaviours to up to k replicas (k = 1 … f + 1).
fn byzantine_any(on_action: &Callback<Action>, lab: &CommitLab) -> Html {
    let Ok((replicas, f)) = group(&lab.scenario) else { return html! {} };
    let onchange = on_action.reform(|e: Event| {
        let k = e.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(0);
        Action::SetByzantineAny(k)
    });
    let now = lab.byzantine_any.min(f + 1);
    let text = |k: usize| match k {
        0 => "the scenario's Byzantine nodes".to_string(),
        1 => "any behaviour of any 1 replica".to_string(),
        k => format!("any behaviours of up to {k} of {} replicas", replicas.len()),
    };
    html! {
        <label class="explore-byzantine" title="Each assignment of silent, equivocate, replay or lie to the replicas is searched within the bounds; the search stops at the first that breaks safety.">
            {" Byzantine "}
            <select id="explore-byzantine" {onchange}>
                { for (0..=f + 1).map(|k| html! { <option value={k.to_string()} selected={k == now}>{ text(k) }</option> }) }
            </select>
        </label>
    }
}

/// The last sweep: each assignment tried and its verdicts.
fn tried(report: &Explored) -> Html {
    let Some(sweep) = &report.sweep else { return html! {} };
    let broken = sweep
        .byzantine
        .as_ref()
        .map_or(String::new(), |a| format!("; first counterexample: {}", super::explore::assignment(a)));
    html! {
        <details id="explore-assignments" class="assignments">
            <summary>{ format!("{} of {} assignments tried{broken}", sweep.tried.len(), sweep.assignments) }</summary>
            <ul>{ for sweep.tried.iter().map(|t| html! { <li key={t.who()}>{ t.line() }</li> }) }</ul>
        </details>
    }
}
