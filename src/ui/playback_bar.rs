//! Playback controls: step through the events in time order, play and pause.

use super::playback_state::{Control, Playback};
use super::state::{Action, AppState};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PlaybackProps {
    pub playback: Option<Playback>,
    pub speed: f64,
    pub events: usize,
    pub dispatch: UseReducerDispatcher<AppState>,
}

#[component]
pub fn PlaybackBar(p: &PlaybackProps) -> Html {
    let act = |a: Action| {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(a.clone()))
    };
    let on_speed = {
        let d = p.dispatch.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            d.dispatch(Action::SetSpeed(value.parse().unwrap_or(2.0)))
        })
    };
    let playing = p.playback.is_some_and(|pb| pb.playing);
    let status = match p.playback {
        Some(pb) => format!("{} of {} events", pb.head.shown, p.events),
        None => "all events shown".into(),
    };
    html! {
        <div class="playback" role="group" aria-label="Playback">
            <button id="step-back" onclick={act(Action::Playback(Control::Step(false)))} title="Step back (,)">{"◀ Step"}</button>
            <button id="play" onclick={act(Action::Playback(Control::PlayPause))} title="Play or pause (Space)">
                { if playing { "❚❚ Pause" } else { "▶ Play" } }
            </button>
            <button id="step" onclick={act(Action::Playback(Control::Step(true)))} title="Step forward (.)">{"Step ▶"}</button>
            <button id="show-all" onclick={act(Action::Playback(Control::Stop))} disabled={p.playback.is_none()}>{"Show all"}</button>
            <label>{"Speed "}
                <select id="speed" onchange={on_speed}>
                    { for [0.5, 1.0, 2.0, 4.0, 8.0].iter().map(|s| html! {
                        <option value={s.to_string()} selected={*s == p.speed}>{ format!("{s}×") }</option>
                    }) }
                </select>
            </label>
            <span id="playback-status" aria-live="polite">{ status }</span>
        </div>
    }
}
