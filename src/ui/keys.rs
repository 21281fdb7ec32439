//! Page-wide shortcuts: undo/redo, help, playback, deleting the selection.
//! Keys on a focused event or message are handled by the canvas first.

use super::dom::typing_in_field;
use super::playback_state::Control;
use super::state::{Action, AppState};
use wasm_bindgen::prelude::*;
use web_sys::KeyboardEvent;
use yew::UseReducerDispatcher;

pub fn install(dispatch: UseReducerDispatcher<AppState>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let on_key = Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
        if let Some(action) = action_for(&e) {
            e.prevent_default();
            dispatch.dispatch(action);
        }
    });
    let _ = document.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
    on_key.forget();
}

fn action_for(e: &KeyboardEvent) -> Option<Action> {
    let key = e.key();
    let command = e.ctrl_key() || e.meta_key();
    if key == "Escape" {
        return Some(Action::Escape);
    }
    if typing_in_field() {
        return None;
    }
    let on_button = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_some_and(|a| a.tag_name().eq_ignore_ascii_case("button"));
    Some(match key.as_str() {
        "z" | "Z" if command && e.shift_key() => Action::Redo,
        "z" | "Z" if command => Action::Undo,
        "y" | "Y" if command => Action::Redo,
        "?" => Action::ToggleHelp(Some(true)),
        "Delete" | "Backspace" => Action::DeleteSelection,
        " " if !on_button => Action::Playback(Control::PlayPause),
        // Presenter remotes send PageUp/PageDown (and arrows).
        "," => Action::Playback(Control::Step(false)),
        "." => Action::Playback(Control::Step(true)),
        // A lesson's steps when one is open, else the playback's.
        "ArrowLeft" | "PageUp" => Action::Turn(false),
        "ArrowRight" | "PageDown" => Action::Turn(true),
        _ => return None,
    })
}
