//! The side panel: what is selected, its clocks and light cone, the relation
//! to a second event with its proof, and where the Lamport rule breaks the
//! clock condition.

use super::scene::Scene;
use super::shared::Shared;
use super::state::{Action, AppState};
use super::view_model::Proof;
use crate::core::causality::Relation;
use crate::core::clocks::ReceiveRule;
use crate::core::editor::gesture::fork_from;
use crate::core::editor::Edit;
use crate::core::trace::Via;
use crate::core::{explain, Analysis, EventIdx};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub scene: Rc<Scene>,
    pub analysis: Shared<Analysis>,
    pub selected: Option<String>,
    pub selected_message: Option<String>,
    pub cone: Option<Rc<Vec<&'static str>>>,
    pub proof: Option<Rc<Proof>>,
    pub dispatch: UseReducerDispatcher<AppState>,
}

#[component]
pub fn Inspector(p: &InspectorProps) -> Html {
    html! {
        <section class="inspector" aria-label="Inspector">
            { relation(p) }
            { event(p) }
            { message(p) }
            if p.selected.is_none() && p.selected_message.is_none() {
                <p class="hint">{"Click an event to see its light cone; shift+click a second event to relate them. Press ? for every shortcut."}</p>
            }
            { violations(p) }
        </section>
    }
}

/// The relation of the two selected events and its proof, a line each:
/// the statement first ("b2 ∥ c1").
pub fn relation_lines(scene: &Scene, proof: &Proof) -> Vec<String> {
    let t = &scene.placed.trace;
    let mut lines = vec![proof.statement(scene)];
    match &proof.relation {
        Relation::Concurrent(w) => lines.extend(explain::concurrency(t, proof.a, proof.b, w).iter().cloned()),
        Relation::Before(hops) | Relation::After(hops) => {
            lines.extend(hops.iter().map(|h| explain::hop(t, h)))
        }
        Relation::Same => {}
    }
    lines
}

#[derive(Properties, PartialEq)]
pub struct ClockSettingsProps {
    pub view: super::state::View,
    pub dispatch: UseReducerDispatcher<AppState>,
}

/// Which clock the labels show, and the Lamport receive rule.
#[component]
pub fn ClockSettings(p: &ClockSettingsProps) -> Html {
    use super::state::{ClockLabels, View};
    let set_view = |f: fn(View, &str) -> View| {
        let (d, view) = (p.dispatch.clone(), p.view);
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            d.dispatch(Action::SetView(f(view, &value)))
        })
    };
    html! {
        <section class="clock-settings" aria-label="Clocks">
            <label>{"Clocks "}
                <select id="labels" onchange={set_view(|v, s| View { labels: ClockLabels::from_name(s), ..v })}>
                    { for [ClockLabels::Lamport, ClockLabels::Vector, ClockLabels::None].iter().map(|l| html! {
                        <option value={l.name()} selected={*l == p.view.labels}>{ l.title() }</option>
                    }) }
                </select>
            </label>
            <label>{"Receive rule "}
                <select id="rule" onchange={set_view(|v, s| View { rule: ReceiveRule::from_name(s).unwrap_or_default(), ..v })}>
                    { for ReceiveRule::ALL.iter().map(|r| html! {
                        <option value={r.name()} selected={*r == p.view.rule}>{ r.formula() }</option>
                    }) }
                </select>
            </label>
        </section>
    }
}

fn relation(p: &InspectorProps) -> Html {
    let Some(proof) = &p.proof else { return html! {} };
    let t = &p.scene.placed.trace;
    let lines = match &proof.relation {
        Relation::Concurrent(w) => explain::concurrency(t, proof.a, proof.b, w).to_vec(),
        Relation::Before(hops) | Relation::After(hops) => hops.iter().map(|h| explain::hop(t, h)).collect(),
        Relation::Same => vec![],
    };
    html! {
        <div class="relation">
            <h2 id="relation" aria-live="polite">{ proof.statement(&p.scene) }</h2>
            <ul class="proof">{ for lines.into_iter().map(|l| html! { <li>{ l }</li> }) }</ul>
        </div>
    }
}

fn event(p: &InspectorProps) -> Html {
    let Some(id) = &p.selected else { return html! {} };
    let t = &p.scene.placed.trace;
    let Some(e) = t.event_by_id(id) else { return html! {} };
    let d = p.dispatch.clone();
    let event_id = id.clone();
    let on_label = Callback::from(move |ev: Event| {
        let label = ev.target_unchecked_into::<HtmlInputElement>().value();
        d.dispatch(Action::Edit(Edit::Label { event: event_id.clone(), label: Some(label) }));
    });
    let d = p.dispatch.clone();
    let on_delete = Callback::from(move |_: MouseEvent| d.dispatch(Action::DeleteSelection));
    let d = p.dispatch.clone();
    let fork = fork_from(&p.scene.document, id);
    let on_fork = Callback::from(move |_: MouseEvent| {
        if let Some(edit) = fork.clone() {
            d.dispatch(Action::Edit(edit));
        }
    });
    let count = |word: &str| p.cone.as_ref().map_or(0, |c| c.iter().filter(|w| **w == word).count());
    html! {
        <div class="selected-event">
            <h2>{ format!("Event {id}") }</h2>
            <p>{ explain::kind(t, e) }</p>
            <label>{"Action "}
                <input id="event-label" type="text" value={t.label(e).unwrap_or_default().to_string()}
                       placeholder="e.g. write x" onchange={on_label} />
            </label>
            <p class="derivation">{ format!("Lamport {}", p.analysis.lamport.derivation(t, e)) }</p>
            <p class="derivation">{ format!("Vector {}", explain::vector_derivation(t, &p.analysis.vectors, e)) }</p>
            <p class="derivation">{ format!("ITC {}", explain::itc_derivation(t, e)) }</p>
            { clocks_side_by_side(p, e) }
            <ul class="cone-legend">
                <li class="cone-past">{ format!("{} in its past", count("past")) }</li>
                <li class="cone-future">{ format!("{} in its future", count("future")) }</li>
                <li class="cone-concurrent">{ format!("{} concurrent", count("concurrent")) }</li>
            </ul>
            <button id="fork-here" onclick={on_fork} title="A new process starts here, with this history (F)">{"Fork a process here"}</button>
            <button id="delete-selection" onclick={on_delete}>{"Delete event"}</button>
        </div>
    }
}

/// Lamport, vector and ITC stamps of one event, with their sizes.
fn clocks_side_by_side(p: &InspectorProps, e: EventIdx) -> Html {
    let a = &p.analysis;
    let vector = a.vectors.of(e);
    let entries: Vec<String> = vector.entries().map(|x| x.to_string()).collect();
    let nonzero = vector.nonzero().count();
    let (itc, bits) = match a.itc(&p.scene.placed.trace) {
        Ok(itc) => (itc.of(e).to_string(), format!("{} bits", itc.bits(e))),
        Err(refused) => (refused.to_string(), String::new()),
    };
    html! {
        <table id="clocks" class="clocks">
            <caption>{"Clocks side by side"}</caption>
            <tr><th scope="row">{"Lamport"}</th><td>{ a.lamport.time(e) }</td><td>{"1 number"}</td></tr>
            <tr><th scope="row">{"Vector"}</th><td>{ format!("[{}]", entries.join(",")) }</td>
                <td>{ format!("{} entries, {nonzero} non-zero", vector.len()) }</td></tr>
            <tr><th scope="row">{"ITC"}</th><td id="itc-stamp">{ itc }</td><td>{ bits }</td></tr>
        </table>
    }
}

fn message(p: &InspectorProps) -> Html {
    let Some(id) = &p.selected_message else { return html! {} };
    let t = &p.scene.placed.trace;
    let Some(m) = t.message_by_id(id) else { return html! {} };
    let to = t.receive_of(m).map_or("nobody: lost or in flight".to_string(), |r| t.event_id(r).to_string());
    let d = p.dispatch.clone();
    let on_delete = Callback::from(move |_: MouseEvent| d.dispatch(Action::DeleteSelection));
    html! {
        <div class="selected-message">
            <h2>{ format!("Message {id}") }</h2>
            <p>{ format!("sent by {}, received by {to}", t.event_id(t.send_of(m))) }</p>
            <button id="delete-selection" onclick={on_delete}>{"Delete message"}</button>
        </div>
    }
}

fn violations(p: &InspectorProps) -> Html {
    let v = &p.analysis.violations;
    let rule = p.analysis.lamport.rule();
    if v.is_empty() {
        if rule.receive == ReceiveRule::Classic {
            return html! {};
        }
        return html! { <p id="violations" class="ok">{ format!("receive = {}: the clock condition holds here", rule.receive.formula()) }</p> };
    }
    let t = &p.scene.placed.trace;
    let l = &p.analysis.lamport;
    html! {
        <div id="violations" class="violations" role="status">
            <h2>{ format!("⚠ Clock condition broken in {} place{}", v.len(), if v.len() == 1 { "" } else { "s" }) }</h2>
            <p>{ format!("With receive = {}, a → b does not always give L(a) < L(b):", rule.receive.formula()) }</p>
            <ul>
                { for v.iter().map(|v| {
                    let (a, b) = (t.event_id(v.before), t.event_id(v.after));
                    let via = match v.via {
                        None => "program order".to_string(),
                        Some(Via::Message(m)) => format!("message {}", t.message_id(m)),
                        Some(Via::Fork) => "fork".to_string(),
                        Some(Via::Join) => "join".to_string(),
                    };
                    html! { <li>{ format!("{a} → {b} ({via}), but L({a}) = {} and L({b}) = {}", l.time(v.before), l.time(v.after)) }</li> }
                }) }
            </ul>
        </div>
    }
}
