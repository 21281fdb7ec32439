//! The explorer's part of the commit lab's panel: its bounds, Explore,
//! and while it searches a progress line and Cancel.

use super::explore::Exploring;
use super::{Action, CommitLab};
use crate::core::sim::explore::Bounds;
use web_sys::HtmlInputElement;
use yew::prelude::*;

pub fn explorer(on_action: &Callback<Action>, lab: &CommitLab, exploring: Option<&Exploring>) -> Html {
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
            <button id="explore" onclick={run} disabled={exploring.is_some()}>{"Explore: find a counterexample"}</button>
            if let Some(e) = exploring {
                <div class="explore-progress">
                    <p data-explore-progress="" role="status">{ e.progress.map_or("Exploring: starting…".to_string(), |p| p.words()) }</p>
                    <button id="explore-cancel" onclick={on_action.reform(|_: MouseEvent| Action::CancelExplore)}>{"Cancel"}</button>
                </div>
            }
        </div>
    }
}
