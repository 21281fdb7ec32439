//! Partitions in the commit lab: typed into the panel's form, or drawn
//! on the canvas as a rectangle over one side's lines, from when the
//! partition starts to when it heals.

use super::Action;
use crate::ui::canvas_lab::{LabCanvas, Rectangle};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the lab adds to the canvas: after "Draw a partition", the next
/// rectangle drawn cuts the lines inside it off from the rest.
#[hook]
pub fn use_canvas(drawing: bool, on_action: &Callback<Action>) -> LabCanvas {
    let rectangle = use_memo((drawing, on_action.clone()), |(drawing, on)| {
        let on = on.clone();
        drawing.then(|| {
            Callback::from(move |r: Rectangle| {
                if let Some((sides, from, until)) = partition(r) {
                    on.emit(Action::Partition(sides, from, until));
                }
            })
        })
    });
    LabCanvas { rectangle: (*rectangle).clone(), ..LabCanvas::default() }
}

/// The partition a rectangle draws: the lines inside it one side, the rest
/// the other, between its times (to a tenth); none if either side is empty
/// or it spans no time.
fn partition(r: Rectangle) -> Option<(Vec<Vec<String>>, f64, f64)> {
    let round = |t: f64| (t * 10.0).round() / 10.0;
    let spans = r.until - r.from > 0.05;
    (spans && !r.inside.is_empty() && !r.outside.is_empty())
        .then(|| (vec![r.inside, r.outside], round(r.from), round(r.until)))
}

#[derive(Properties, PartialEq)]
pub struct PartitionProps {
    pub on_action: Callback<Action>,
}

/// Adds a partition (sides as names split by "|") for an interval.
#[component]
pub fn PartitionForm(p: &PartitionProps) -> Html {
    let groups = use_state(|| "C P1 | P2 P3".to_string());
    let from = use_state(|| "2.5".to_string());
    let until = use_state(|| "40".to_string());
    let input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on = p.on_action.clone();
    let (g, f, u) = (groups.clone(), from.clone(), until.clone());
    let add = Callback::from(move |_: MouseEvent| {
        let sides: Vec<Vec<String>> =
            g.split('|').map(|side| side.split_whitespace().map(String::from).collect()).collect();
        let (a, b) = (f.trim().parse::<f64>(), u.trim().parse::<f64>());
        if let (Ok(a), Ok(b)) = (a, b) {
            on.emit(Action::Partition(sides, a, b));
        }
    });
    let clear = p.on_action.reform(|_: MouseEvent| Action::ClearFaults);
    let draw = p.on_action.reform(|_: MouseEvent| Action::Draw);
    html! {
        <div class="partition" role="group" aria-label="Partition">
            <label>{"Partition "}<input id="partition-groups" type="text" value={(*groups).clone()} oninput={input(&groups)} size="12" /></label>
            <label>{" from "}<input id="partition-from" type="text" value={(*from).clone()} oninput={input(&from)} size="3" /></label>
            <label>{" until "}<input id="partition-until" type="text" value={(*until).clone()} oninput={input(&until)} size="3" /></label>
            <button id="add-partition" onclick={add}>{"Add"}</button>
            <button id="draw-partition" onclick={draw} title="Then drag a rectangle over one side's lines, from one time to another">{"Draw a partition"}</button>
            <button id="clear-faults" onclick={clear}>{"Clear faults"}</button>
        </div>
    }
}
