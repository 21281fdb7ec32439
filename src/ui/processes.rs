//! The process list: add, rename, reorder and remove process lines.

use super::state::{Action, AppState};
use crate::core::editor::Edit;
use crate::core::generate::process_name;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProcessesProps {
    pub processes: Vec<String>,
    /// Each process's Lamport tick, in the same order.
    pub ticks: Vec<u64>,
    /// Where a new event at the end of each line would go.
    pub next_times: Vec<f64>,
    pub dispatch: UseReducerDispatcher<AppState>,
}

#[component]
pub fn Processes(p: &ProcessesProps) -> Html {
    let edit = |e: Edit| {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Edit(e.clone())))
    };
    let fresh = (0..).map(process_name).find(|n| !p.processes.contains(n)).expect("a free name");
    let n = p.processes.len();
    html! {
        <section class="processes" aria-label="Processes">
            <h2>{"Processes"}</h2>
            <ol>
                { for p.processes.iter().enumerate().map(|(i, name)| {
                    let d = p.dispatch.clone();
                    let from = name.clone();
                    let on_rename = Callback::from(move |e: Event| {
                        let to = e.target_unchecked_into::<HtmlInputElement>().value();
                        d.dispatch(Action::Edit(Edit::RenameProcess { from: from.clone(), to }));
                    });
                    let d = p.dispatch.clone();
                    let process = name.clone();
                    let on_tick = Callback::from(move |e: Event| {
                        let raw = e.target_unchecked_into::<HtmlInputElement>().value();
                        if let Ok(tick) = raw.trim().parse::<u64>() {
                            d.dispatch(Action::SetTick(process.clone(), tick.min(1000)));
                        }
                    });
                    html! {
                        <li key={name.clone()}>
                            <input type="text" value={name.clone()} aria-label={format!("Name of process {name}")} onchange={on_rename} />
                            <input type="number" class="tick" min="0" max="1000" value={p.ticks.get(i).copied().unwrap_or(1).to_string()}
                                   aria-label={format!("Lamport tick of {name}")} title="Lamport tick: how much this process's clock advances per event"
                                   onchange={on_tick} />
                            <button onclick={edit(Edit::AddEvent { process: name.clone(), time: p.next_times.get(i).copied().unwrap_or(1.0) })}
                                    aria-label={format!("Add an event to {name}")} title="Add an event at the end of this line">{"+"}</button>
                            <button onclick={edit(Edit::MoveProcess { name: name.clone(), to: i.saturating_sub(1) })}
                                    disabled={i == 0} aria-label={format!("Move {name} up")}>{"↑"}</button>
                            <button onclick={edit(Edit::MoveProcess { name: name.clone(), to: i + 1 })}
                                    disabled={i + 1 == n} aria-label={format!("Move {name} down")}>{"↓"}</button>
                            <button onclick={edit(Edit::RemoveProcess { name: name.clone() })}
                                    aria-label={format!("Remove {name}")}>{"✕"}</button>
                        </li>
                    }
                }) }
            </ol>
            <button id="add-process" onclick={edit(Edit::AddProcess { name: fresh })}>{"+ Add process"}</button>
        </section>
    }
}
