//! The page: a toolbar (preset, clock labels), the diagram and a summary.

use super::diagram::{layout_for, ClockLabels, Diagram, Model};
use super::presets::PRESETS;
use crate::core::clocks::LamportRule;
use crate::core::formats::parse_trace;
use crate::core::Analysis;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

fn model_of(preset: usize) -> Result<Rc<Model>, String> {
    let trace = parse_trace(PRESETS[preset].text).map_err(|e| format!("{}: {e}", PRESETS[preset].file))?;
    let analysis = Analysis::run(&trace, &LamportRule::classic());
    Ok(Rc::new(Model { trace, analysis }))
}

fn select_value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlSelectElement>().value()
}

#[component]
pub fn App() -> Html {
    let preset = use_state(|| 0usize);
    let labels = use_state(|| ClockLabels::Vector);
    let model = use_memo(*preset, |&p| model_of(p));
    let layout = use_memo((model.clone(), *labels), |(model, labels)| match &**model {
        Ok(model) => Some(Rc::new(layout_for(model, *labels))),
        Err(_) => None,
    });
    let about = PRESETS[*preset].about();

    let on_preset = {
        let preset = preset.clone();
        Callback::from(move |e: Event| preset.set(select_value(&e).parse().unwrap_or(0)))
    };
    let on_labels = {
        let labels = labels.clone();
        Callback::from(move |e: Event| labels.set(ClockLabels::from_name(&select_value(&e))))
    };

    html! {
        <main class="lightcone">
            <header class="toolbar">
                <h1 class="brand">{"Lightcone"}</h1>
                <label>{"Preset "}
                    <select id="preset" onchange={on_preset}>
                        { for PRESETS.iter().enumerate().map(|(i, p)| html! {
                            <option value={i.to_string()} selected={i == *preset}>{ p.about().title }</option>
                        }) }
                    </select>
                </label>
                <label>{"Clock labels "}
                    <select id="labels" onchange={on_labels}>
                        { for ClockLabels::ALL.iter().map(|l| html! {
                            <option value={l.name()} selected={*l == *labels}>{ l.title() }</option>
                        }) }
                    </select>
                </label>
            </header>
            <p class="about">{ about.about }</p>
            { match (&*model, &*layout) {
                (Ok(model), Some(layout)) => html! {
                    <>
                        <div class="diagram-scroll">
                            <Diagram model={model.clone()} layout={layout.clone()} labels={*labels} />
                        </div>
                        <Summary model={model.clone()} />
                    </>
                },
                (Err(error), _) => html! { <p class="error" role="alert">{ error.clone() }</p> },
                _ => html! {},
            } }
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct SummaryProps {
    model: Rc<Model>,
}

#[component]
fn Summary(props: &SummaryProps) -> Html {
    let Model { trace, analysis, .. } = &*props.model;
    let order: Vec<&str> = analysis.total_order.iter().map(|&e| trace.event_id(e)).collect();
    html! {
        <section class="summary" aria-label="Summary">
            <p id="counts">
                { format!("{} events, {} messages, {} concurrent pairs",
                    trace.event_count(), trace.message_count(), analysis.concurrent_pairs) }
            </p>
            <p class="total-order">{ "Lamport total order: " }{ order.join(" < ") }</p>
        </section>
    }
}
