//! Counts, and Lamport's total order as a strip of clickable events.

use super::shared::Shared;
use super::state::{Action, AppState, Scene};
use crate::core::Analysis;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    pub scene: Rc<Scene>,
    pub analysis: Shared<Analysis>,
    pub selected: Option<String>,
    pub dispatch: UseReducerDispatcher<AppState>,
}

#[component]
pub fn Summary(p: &SummaryProps) -> Html {
    let trace = &p.scene.placed.trace;
    let lost = (0..trace.message_count() as u32).filter(|&m| trace.receive_of(m).is_none()).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let counts = format!(
        "{}, {}{}, {}",
        plural(trace.event_count(), "event"),
        plural(trace.message_count(), "message"),
        if lost > 0 { format!(" ({lost} lost)") } else { String::new() },
        plural(p.analysis.concurrent_pairs as usize, "concurrent pair")
    );
    html! {
        <section class="summary" aria-label="Summary">
            <p id="counts">{ counts }</p>
            <ol class="total-order" aria-label="Lamport total order">
                { for p.analysis.total_order.iter().map(|&e| {
                    let id = trace.event_id(e).to_string();
                    let d = p.dispatch.clone();
                    let pick = id.clone();
                    let onclick = Callback::from(move |_: MouseEvent| d.dispatch(Action::Select { event: Some(pick.clone()), second: false }));
                    let selected = p.selected.as_deref() == Some(id.as_str());
                    html! {
                        <li key={id.clone()}>
                            <button class={classes!("chip", selected.then_some("selected"))} {onclick}
                                    title={format!("Lamport time {}", p.analysis.lamport.time(e))}>
                                { id }<sub>{ p.analysis.lamport.time(e) }</sub>
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
