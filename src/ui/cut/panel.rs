//! The cut's panel: the verdict with each message from the future, the
//! frontier and its vector timestamp with the rule a student can check by
//! hand, the consistent cuts nearest an inconsistent one, the number of
//! consistent cuts, and for small diagrams their lattice (hover a node to
//! see its cut; the run's own order of events is a path through it).

use super::{Action, CutState};
use crate::core::cut::{self, Cut};
use crate::core::{Analysis, Trace};
use crate::ui::scene::Scene;
use crate::ui::shared::Shared;
use std::rc::Rc;
use yew::prelude::*;

/// The most consistent cuts the panel draws as a lattice.
const LATTICE_NODES: usize = 80;
/// The most it counts before giving a bound (a count is never a hang).
const COUNT_LIMIT: u64 = 100_000;

#[derive(Properties, PartialEq)]
pub struct CutProps {
    pub state: CutState,
    pub scene: Rc<Scene>,
    pub analysis: Shared<Analysis>,
    pub on: Callback<Action>,
    /// While the run plays back: how many of its events (in time order)
    /// are shown, the state the lattice marks as now.
    #[prop_or_default]
    pub playhead: Option<usize>,
}

#[component]
pub fn CutPanel(p: &CutProps) -> Html {
    let trace = &p.scene.placed.trace;
    let draw = {
        let (on, drawing) = (p.on.clone(), p.state.drawing);
        Callback::from(move |_: MouseEvent| on.emit(Action::Draw(!drawing)))
    };
    let title = if p.state.drawing {
        "Stop drawing: drags pan and clicks select again"
    } else {
        "Drag a line across the process lines to draw a cut; click an event to move its line's frontier"
    };
    html! {
        <section class="cut-panel" aria-label="Cut">
            <h2>{"Cuts"}</h2>
            <p>
                <button id="draw-cut" class={classes!(p.state.drawing.then_some("primary"))} aria-pressed={p.state.drawing.to_string()}
                        onclick={draw} {title}>{ if p.state.drawing { "Drawing a cut: done" } else { "Draw a cut" } }</button>
                if !p.state.frontier.is_empty() {
                    {" "}<button id="clear-cut" onclick={p.on.reform(|_: MouseEvent| Action::Clear)}>{"Clear the cut"}</button>
                }
            </p>
            if !p.state.frontier.is_empty() {
                { verdict(p, trace) }
            }
            { lattice(p, trace) }
        </section>
    }
}

fn frontier_text(trace: &Trace, c: &Cut) -> String {
    c.frontier
        .iter()
        .enumerate()
        .map(|(q, n)| format!("{}: {n}", trace.process_name(q as u32)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn verdict(p: &CutProps, trace: &Trace) -> Html {
    let c = p.state.cut(trace);
    let v = cut::verdict(trace, &c);
    let vector = cut::frontier_vector(trace, &p.analysis.vectors, &c);
    let vector = format!("[{}]", vector.iter().map(u32::to_string).collect::<Vec<_>>().join(","));
    let set = |c: Cut| {
        let named = CutState::named(trace, &c);
        p.on.reform(move |_: MouseEvent| Action::Set(named.clone()))
    };
    let id = |e| trace.event_id(e).to_string();
    html! {
        <div class={classes!("cut-verdict", if v.consistent { "right" } else { "wrong" })}
             data-cut={if v.consistent { "consistent" } else { "inconsistent" }} role="status">
            <p><strong>{ if v.consistent { "✓ Consistent cut." } else { "✗ Inconsistent cut." } }</strong>
               { format!(" Inside: {}.", frontier_text(trace, &c)) }</p>
            if !v.consistent {
                <ul class="cut-violations">
                    { for v.violations.iter().map(|x| html! {
                        <li data-cut-violation={x.message().map(|m| trace.message_id(m).to_string()).unwrap_or_default()}>{ match x.message() {
                            Some(m) => format!("{} comes from the future: received at {} (inside), sent at {} (outside).",
                                               trace.message_id(m), id(x.effect), id(x.cause)),
                            None => format!("{} is inside but {}, which happened before it, is not.", id(x.effect), id(x.cause)),
                        } }</li>
                    }) }
                </ul>
                <p>
                    <button id="cut-largest" onclick={set(cut::largest_consistent_within(trace, &c))}
                            title="The greatest consistent cut inside this one">{"Largest consistent cut inside"}</button>{" "}
                    <button id="cut-smallest" onclick={set(cut::smallest_consistent_containing(trace, &c))}
                            title="The least consistent cut that contains this one">{"Smallest consistent cut containing it"}</button>
                </p>
            }
            <p>{"Frontier vector (the entrywise max of the frontier events' vector clocks): "}<code data-cut-vector="">{ vector }</code></p>
            <p class="cut-rule">{"The rule: a cut is consistent exactly when no frontier event has seen more events of a process than that process's own frontier event (Mattern): V(eⱼ)[i] ≤ V(eᵢ)[i] for all i, j. Then the frontier vector equals the counts inside."}</p>
        </div>
    }
}

fn lattice(p: &CutProps, trace: &Trace) -> Html {
    let count = cut::count(trace, &p.analysis.vectors, COUNT_LIMIT);
    let words = if count.exact {
        format!("This diagram has {} consistent cuts (the empty and the whole one included).", count.count)
    } else {
        format!("This diagram has more than {} consistent cuts (counting stopped there).", count.count)
    };
    let drawn = (count.exact && count.count as usize <= LATTICE_NODES)
        .then(|| cut::lattice(trace, &p.analysis.vectors, LATTICE_NODES))
        .flatten();
    let shown = p.state.cut(trace);
    // The shown cut is consistent and off the run's own path (asked only
    // of a diagram small enough for its lattice).
    let off_run = drawn.is_some()
        && cut::verdict(trace, &shown).consistent
        && !super::lattice_view::run_path(trace).contains(&shown.frontier);
    html! {
        <>
            <p data-cut-count={count.count.to_string()} data-cut-exact={count.exact.to_string()}>{ words }</p>
            if let Some(l) = drawn {
                { super::lattice_view::view(&l, trace, &shown, p.playhead, &p.on) }
                { super::lattice_view::legend(off_run, p.playhead.is_some()) }
            } else if count.exact {
                <p>{ format!("Their lattice is drawn for diagrams with at most {LATTICE_NODES}.") }</p>
            }
        </>
    }
}
