//! Counts, and Lamport's total order as a strip of clickable events.

use super::dom::closest_id;
use super::scene::Scene;
use super::shared::Shared;
use super::state::{Action, AppState};
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

/// Chips listed at most: beyond this the strip is longer than anyone reads
/// (a big imported log has thousands of events).
const MAX_CHIPS: usize = 300;

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
    // One handler for the whole strip: 500 chips need no 500 listeners.
    let d = p.dispatch.clone();
    let pick = Callback::from(move |e: MouseEvent| {
        if let Some(id) = closest_id(e.target(), "data-chip") {
            d.dispatch(Action::Select { event: Some(id), second: e.shift_key() });
        }
    });
    html! {
        <section class="summary" aria-label="Summary">
            <p id="counts">{ counts }</p>
            <ol class="total-order" aria-label="Lamport total order" onclick={pick}>
                { for p.analysis.total_order.iter().take(MAX_CHIPS).map(|&e| {
                    let id = AttrValue::from(trace.event_id(e).to_string());
                    let selected = p.selected.as_deref() == Some(&*id);
                    let key = id.to_string();
                    html! { <Chip {key} {id} time={p.analysis.lamport.time(e)} {selected} /> }
                }) }
            </ol>
            if trace.event_count() > MAX_CHIPS {
                <p class="hint">{ format!("…and {} more events in Lamport order (the first {MAX_CHIPS} are listed).", trace.event_count() - MAX_CHIPS) }</p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ChipProps {
    id: AttrValue,
    time: u64,
    selected: bool,
}

/// One event of the total order; re-rendered only when it changes.
#[component]
fn Chip(c: &ChipProps) -> Html {
    html! {
        <li>
            <button class={classes!("chip", c.selected.then_some("selected"))} data-chip={c.id.clone()}
                    title={format!("Lamport time {}", c.time)}>
                { c.id.clone() }<sub>{ c.time }</sub>
            </button>
        </li>
    }
}
