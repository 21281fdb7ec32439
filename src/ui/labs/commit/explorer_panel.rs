//! The explorer's part of the commit lab's panel: its bounds and Explore.

use super::{Action, CommitLab};
use crate::core::sim::explore::Bounds;
use web_sys::HtmlInputElement;
use yew::prelude::*;

pub fn explorer(on_action: &Callback<Action>, lab: &CommitLab) -> Html {
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
            <button id="explore" onclick={run}>{"Explore: find a counterexample"}</button>
        </div>
    }
}
