//! The process list: add, rename, reorder and remove process lines; fork a
//! new process from one, or retire one into another. Nothing here is
//! quadratic in processes: the list of lines to retire into is built only
//! for the line being retired, when its button is pressed.

use super::state::{Action, AppState};
use crate::core::editor::Edit;
use crate::core::generate::process_name;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProcessesProps {
    pub processes: Vec<String>,
    /// Each process's Lamport tick, in the same order.
    pub ticks: Vec<u64>,
    /// Where a new event at the end of each line would go.
    pub next_times: Vec<f64>,
    /// Whether each process has been retired by a join.
    pub retired: Vec<bool>,
    /// Processes whose lines are hidden.
    pub hidden: std::collections::BTreeSet<String>,
    pub dispatch: UseReducerDispatcher<AppState>,
}

#[component]
pub fn Processes(p: &ProcessesProps) -> Html {
    let edit = |e: Edit| {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Edit(e.clone())))
    };
    let taken: std::collections::HashSet<&str> = p.processes.iter().map(String::as_str).collect();
    let fresh = (0..).map(process_name).find(|n| !taken.contains(n.as_str())).expect("a free name");
    let n = p.processes.len();
    let retiring = use_state(|| None::<String>);
    let chooser = use_node_ref();
    {
        let chooser = chooser.clone();
        use_effect_with((*retiring).clone(), move |r| {
            if r.is_some() {
                if let Some(select) = chooser.cast::<HtmlSelectElement>() {
                    let _ = select.focus();
                }
            }
        });
    }
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
                    let (d, chosen) = (p.dispatch.clone(), retiring.clone());
                    let process = name.clone();
                    let on_retire = Callback::from(move |e: Event| {
                        let into = e.target_unchecked_into::<HtmlSelectElement>().value();
                        chosen.set(None);
                        if !into.is_empty() {
                            d.dispatch(Action::Edit(Edit::Retire { process: process.clone(), into }));
                        }
                    });
                    let (open, process) = (retiring.clone(), name.clone());
                    let on_open = Callback::from(move |_: MouseEvent| open.set(Some(process.clone())));
                    let close = retiring.clone();
                    let on_close = Callback::from(move |_: FocusEvent| close.set(None));
                    let retired = p.retired.get(i).copied().unwrap_or(false);
                    let hidden = p.hidden.contains(name);
                    let d = p.dispatch.clone();
                    let process = name.clone();
                    let on_hide = Callback::from(move |_: MouseEvent| d.dispatch(Action::HideProcess(process.clone(), !hidden)));
                    let next = p.next_times.get(i).copied().unwrap_or(1.0);
                    html! {
                        <li key={name.clone()}>
                            if name.chars().count() > 12 { <span class="full-name">{ name.clone() }</span> }
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
                            <button class="hide" onclick={on_hide} aria-pressed={hidden.to_string()}
                                    aria-label={format!("{} {name}'s line", if hidden { "Show" } else { "Hide" })}
                                    title="Hide this line; what it carried between the others is drawn dashed">{ if hidden { "show" } else { "hide" } }</button>
                            if !retired {
                                <div class="lifecycle">
                                    <button class="fork" onclick={edit(Edit::Fork { process: name.clone(), time: next, child: None })}
                                            aria-label={format!("Fork a new process from {name}")} title="A new process branches off the end of this line">{"fork"}</button>
                                    if retiring.as_ref() == Some(name) {
                                        <select ref={chooser.clone()} class="retire" aria-label={format!("Retire {name} into")} onchange={on_retire}
                                                onblur={on_close} title="This line merges into another, which inherits its history">
                                            <option value="" selected=true>{"retire into…"}</option>
                                            { for p.processes.iter().enumerate().filter(|&(j, other)| other != name && !p.retired.get(j).copied().unwrap_or(false)).map(|(_, other)| html! {
                                                <option value={other.clone()}>{ other.clone() }</option>
                                            }) }
                                        </select>
                                    } else {
                                        <button class="retire" onclick={on_open} aria-label={format!("Retire {name}")}
                                                title="This line merges into another, which inherits its history">{"retire into…"}</button>
                                    }
                                </div>
                            }
                        </li>
                    }
                }) }
            </ol>
            <button id="add-process" onclick={edit(Edit::AddProcess { name: fresh })}>{"+ Add process"}</button>
        </section>
    }
}
