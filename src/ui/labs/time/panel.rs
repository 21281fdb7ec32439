//! The time lab's panel: the preset, the algorithm and the constants in
//! force (a select re-runs the same scenario under another set), then the
//! exchanges, NTP's selection, the adjustments, each node's metrics and
//! the offset plot.

use super::exchanges::{adjustments, exchanges, metrics, selection};
use super::{presets, Action, TimeState};
use crate::core::timesync::constants::PRESETS;
use crate::core::timesync::discipline::secs;
use crate::core::timesync::{Algorithm, Scenario};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TimeProps {
    pub state: TimeState,
    /// The message selected on the diagram, if any: its exchange is shown.
    pub selected_message: Option<String>,
    /// The event selected on the diagram, if any: its message's exchange is shown.
    pub selected: Option<String>,
    pub on_action: Callback<Action>,
}

#[component]
pub fn TimeLabPanel(p: &TimeProps) -> Html {
    let on = p.on_action.clone();
    let on_preset = Callback::from(move |e: Event| {
        on.emit(Action::Open(e.target_unchecked_into::<HtmlSelectElement>().value()));
    });
    let Some(lab) = &p.state.lab else {
        return html! { <section class="time-lab" aria-label="Time lab"><h2>{"Time lab"}</h2></section> };
    };
    let s = &lab.run.scenario;
    html! {
        <>
            <section class="time-lab" aria-label="Time lab">
                <h2>{"Time lab"}</h2>
                <label>{"Preset "}
                    <select id="time-preset" onchange={on_preset}>
                        { for presets().into_iter().map(|(name, title)| html! {
                            <option value={name} selected={lab.preset == name}>{ title }</option>
                        }) }
                    </select>
                </label>
                { algorithm(s) }
                if s.algorithm == Algorithm::Ntp { { constants(s, &p.on_action) } }
                <p class="time-hint">{"Drag either end of a message's arrow to change that leg's delay."}</p>
            </section>
            { exchanges(lab, p.selected_message.as_deref(), p.selected.as_deref()) }
            { selection(lab) }
            { adjustments(lab) }
            { metrics(lab) }
            <super::plot::OffsetPlot lab={lab.clone()} />
        </>
    }
}

/// The algorithm, in a line.
fn algorithm(s: &Scenario) -> Html {
    let text = match s.algorithm {
        Algorithm::Cristian => format!(
            "Cristian (1989): the client asks, sets T + RTT/2, and keeps the shortest of {} tries.",
            s.tries
        ),
        Algorithm::Berkeley => format!(
            "Berkeley (Gusella & Zatti): the master polls, averages the clocks within {} of each other, and sends each its correction.",
            secs(s.threshold)
        ),
        Algorithm::Ntp => "NTP (RFC 5905): on-wire, clock filter, selection, clustering, combining, discipline.".into(),
    };
    html! { <p id="time-algorithm">{ text }</p> }
}

/// The constants select and the values in force.
fn constants(s: &Scenario, on: &Callback<Action>) -> Html {
    let c = &s.constants;
    let on = on.clone();
    let onchange = Callback::from(move |e: Event| {
        on.emit(Action::Constants(e.target_unchecked_into::<HtmlSelectElement>().value()));
    });
    let limit = c.step_updates.map_or(String::new(), |n| format!(" (only in the first {n} updates)"));
    html! {
        <>
            <label>{"Constants "}
                <select id="time-constants" {onchange}>
                    { for PRESETS.iter().map(|&name| html! {
                        <option value={name} selected={c.preset == name}>{ title(name) }</option>
                    }) }
                </select>
            </label>
            <ul id="time-constants-values" class="time-values">
                <li>{ if c.step > 0.0 { format!("step: over {}{limit}", secs(c.step)) } else { "step: never".into() } }</li>
                <li>{ if c.stepout > 0.0 { format!("stepout: {}", secs(c.stepout)) } else { "stepout: none (at once)".into() } }</li>
                <li>{ if c.panic > 0.0 { format!("panic: over {}", secs(c.panic)) } else { "panic: none".into() } }</li>
                <li>{ format!("max slew: {} ppm", c.max_slew_ppm) }</li>
            </ul>
        </>
    }
}

/// A constants preset's name as the panel writes it.
pub(super) fn title(name: &str) -> &'static str {
    match name {
        "ntpd" => "ntpd 4.2.8",
        "chrony" => "chrony (makestep 0.1 3)",
        _ => "RFC 5905",
    }
}
