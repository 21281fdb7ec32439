//! The seeded random generator: its settings, with the seed shown and
//! editable so a lecturer can reproduce a diagram.

use super::state::{Action, AppState};
use crate::core::generate::Settings;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GeneratorProps {
    pub settings: Settings,
    pub dispatch: UseReducerDispatcher<AppState>,
}

fn field(
    p: &GeneratorProps,
    id: &'static str,
    label: &'static str,
    value: String,
    step: &'static str,
    set: fn(Settings, &str) -> Option<Settings>,
) -> Html {
    let (d, settings) = (p.dispatch.clone(), p.settings.clone());
    let onchange = Callback::from(move |e: Event| {
        let raw = e.target_unchecked_into::<HtmlInputElement>().value();
        if let Some(next) = set(settings.clone(), raw.trim()) {
            d.dispatch(Action::SetGenerator(next));
        }
    });
    html! {
        <label>{ label }<input {id} type="number" min="0" {step} {value} {onchange} /></label>
    }
}

#[component]
pub fn Generator(p: &GeneratorProps) -> Html {
    let s = &p.settings;
    let generate = {
        let (d, s) = (p.dispatch.clone(), s.clone());
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Generate(s.clone())))
    };
    let reseed = {
        let (d, s) = (p.dispatch.clone(), s.clone());
        Callback::from(move |_: MouseEvent| {
            let seed = (js_sys::Math::random() * 1e9) as u64;
            d.dispatch(Action::Generate(Settings { seed, ..s.clone() }))
        })
    };
    html! {
        <section class="generator" aria-label="Random diagram">
            <h2>{"Random diagram"}</h2>
            { field(p, "gen-processes", "Processes ", s.processes.to_string(), "1", |s, x| Some(Settings { processes: x.parse::<usize>().ok()?.clamp(1, 26), ..s })) }
            { field(p, "gen-events", "Events ", s.events.to_string(), "1", |s, x| Some(Settings { events: x.parse::<usize>().ok()?.min(5000), ..s })) }
            { field(p, "gen-messages", "Message probability ", s.message_probability.to_string(), "0.05", |s, x| Some(Settings { message_probability: x.parse::<f64>().ok()?.clamp(0.0, 1.0), ..s })) }
            { field(p, "gen-loss", "Loss probability ", s.loss_probability.to_string(), "0.05", |s, x| Some(Settings { loss_probability: x.parse::<f64>().ok()?.clamp(0.0, 1.0), ..s })) }
            { field(p, "gen-seed", "Seed ", s.seed.to_string(), "1", |s, x| Some(Settings { seed: x.parse().ok()?, ..s })) }
            <div class="buttons">
                <button id="generate" onclick={generate}>{"Generate"}</button>
                <button id="reseed" onclick={reseed} title="Generate with a new random seed">{"New seed"}</button>
            </div>
        </section>
    }
}
