//! Counts, and Lamport's total order as a strip of clickable events.
//!
//! The strip's chips depend on the diagram alone; the selected one is
//! marked on its element, so a selection re-renders none of them (300
//! chips cost a click about half a millisecond of Yew's comparing).

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
    let strip = use_node_ref();
    {
        let (strip, scene, analysis) = (strip.clone(), p.scene.clone(), p.analysis.clone());
        use_effect_with((p.selected.clone(), p.scene.clone(), p.analysis.clone()), move |(selected, ..)| {
            let at = selected.as_deref().and_then(|id| place_of(&scene, &analysis, id));
            mark_selected(&strip, at);
        });
    }
    html! {
        <section class="summary" aria-label="Summary">
            <p id="counts">{ counts }</p>
            <ol class="total-order" aria-label="Lamport total order" onclick={pick} ref={strip}>
                <Chips scene={p.scene.clone()} analysis={p.analysis.clone()} />
            </ol>
            if trace.event_count() > MAX_CHIPS {
                <p class="hint">{ format!("…and {} more events in Lamport order (the first {MAX_CHIPS} are listed).", trace.event_count() - MAX_CHIPS) }</p>
            }
        </section>
    }
}

/// Where event `id` is in the strip, if it is listed.
fn place_of(scene: &Scene, analysis: &Analysis, id: &str) -> Option<usize> {
    let e = scene.placed.trace.event_by_id(id)?;
    analysis.total_order.iter().take(MAX_CHIPS).position(|&x| x == e)
}

/// Marks the chip at `at` (a child of the strip, by place) as selected, and
/// no other.
fn mark_selected(strip: &NodeRef, at: Option<usize>) {
    let Some(strip) = strip.cast::<web_sys::Element>() else { return };
    if let Ok(marked) = strip.query_selector_all(".chip.selected") {
        for i in 0..marked.length() {
            if let Some(el) =
                marked.item(i).and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
            {
                let _ = el.class_list().remove_1("selected");
            }
        }
    }
    let chip = at.and_then(|i| strip.children().item(i as u32)).and_then(|li| li.first_element_child());
    if let Some(chip) = chip {
        let _ = chip.class_list().add_1("selected");
    }
}

#[derive(Properties, PartialEq)]
struct ChipsProps {
    scene: Rc<Scene>,
    analysis: Shared<Analysis>,
}

/// The first `MAX_CHIPS` events in Lamport's total order, one `<li>` each.
#[component]
fn Chips(p: &ChipsProps) -> Html {
    let trace = &p.scene.placed.trace;
    html! {
        { for p.analysis.total_order.iter().take(MAX_CHIPS).map(|&e| {
            let id = AttrValue::from(trace.event_id(e).to_string());
            let key = id.to_string();
            html! { <Chip {key} {id} time={p.analysis.lamport.time(e)} /> }
        }) }
    }
}

#[derive(Properties, PartialEq)]
struct ChipProps {
    id: AttrValue,
    time: u64,
}

/// One event of the total order; re-rendered only when it changes. Its
/// `selected` class is written by [`mark_selected`], never here.
#[component]
fn Chip(c: &ChipProps) -> Html {
    html! {
        <li>
            <button class="chip" data-chip={c.id.clone()} title={format!("Lamport time {}", c.time)}>
                { c.id.clone() }<sub>{ c.time }</sub>
            </button>
        </li>
    }
}
