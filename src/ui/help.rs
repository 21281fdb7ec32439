//! The "?" overlay listing every mouse and keyboard action.

use super::state::{Action, AppState};
use yew::prelude::*;

const SHORTCUTS: [(&str, &str); 23] = [
    ("Click a process line", "add a local event there"),
    ("Drag an event along its line", "move it in time"),
    ("Drag an event to another line", "send a message (drop on an event to have it receive)"),
    ("Drag near an arrow's end", "move that send or receive along its line"),
    ("Click an event", "select it: its past, future and concurrent events are coloured"),
    ("Shift+click a second event", "state the relation of the two, with its proof"),
    ("Drag empty space / wheel", "pan / zoom"),
    ("Tab, Shift+Tab", "move between events and messages"),
    ("Enter (Shift+Enter)", "select the focused event (as the second event)"),
    ("Delete or Backspace", "delete the focused or selected event or message"),
    ("← →", "move the focused event in time"),
    ("↑ ↓", "focus the nearest event on the line above or below"),
    ("a", "add an event after the focused one on its line (+ in Processes adds one at a line's end)"),
    ("Shift+↑ Shift+↓", "send a message from the focused event to the line above or below"),
    ("f", "fork a new process from the focused event (or \"Fork a process here\" in the inspector)"),
    (
        "fork and \"retire into…\" in Processes",
        "fork a process from a line's end; retire a process into another",
    ),
    ("Ctrl+Z, Ctrl+Shift+Z (or Ctrl+Y)", "undo, redo"),
    ("Space", "play or pause"),
    (", and .", "step back, step forward"),
    ("+ − 0", "zoom in, zoom out, fit (with the diagram focused)"),
    ("Escape", "clear the selection, close this help"),
    ("?", "show this help"),
    ("Hover or focus an event", "show how its clocks were computed"),
];

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub dispatch: UseReducerDispatcher<AppState>,
}

#[component]
pub fn Help(p: &HelpProps) -> Html {
    let close = {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::ToggleHelp(Some(false))))
    };
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="help-title">
            <div class="dialog">
                <h2 id="help-title">{"Mouse and keyboard"}</h2>
                <dl class="shortcuts">
                    { for SHORTCUTS.iter().map(|(keys, what)| html! { <><dt>{ *keys }</dt><dd>{ *what }</dd></> }) }
                </dl>
                <button id="close-help" onclick={close}>{"Close"}</button>
            </div>
        </div>
    }
}
