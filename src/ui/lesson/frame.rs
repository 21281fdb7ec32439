//! A lesson in a frame and across visits: a parent page (a slide deck)
//! moves an embedded lesson with `postMessage({type: "lightcone", step:
//! K})`, and hears back `{type: "lightcone", lesson, step, steps}` after
//! every step change; the step is also kept locally, so a student comes
//! back where they left off.

use crate::ui::state::{Action as AppAction, AppState};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Listens for a parent page's step messages. Any origin may move the
/// step (that is all a message can do); anything else in it is ignored.
pub fn install(dispatch: UseReducerDispatcher<AppState>) {
    let Some(window) = web_sys::window() else { return };
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        if let Some(step) = step_of(&e.data()) {
            dispatch.dispatch(AppAction::Lesson(super::Action::Go(step)));
        }
    });
    let _ = window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    on_message.forget();
}

/// The step a message asks for: `{type: "lightcone", step: K}` with K a
/// whole number from 0.
fn step_of(data: &JsValue) -> Option<usize> {
    let get = |k: &str| js_sys::Reflect::get(data, &JsValue::from_str(k)).ok();
    if !data.is_object() || get("type")?.as_string()? != "lightcone" {
        return None;
    }
    let step = get("step")?.as_f64()?;
    (step >= 0.0 && step.fract() == 0.0 && step < 1e6).then_some(step as usize)
}

/// Tells the parent page (if any) the step shown, and keeps it locally.
#[hook]
pub fn use_step_report(lesson: Option<(String, usize, usize)>) {
    use_effect_with(lesson, |lesson| {
        if let Some((name, step, steps)) = lesson {
            crate::ui::storage::save_lesson_step(name, *step);
            report(name, *step, *steps);
        }
    });
}

fn report(name: &str, step: usize, steps: usize) {
    let Some(window) = web_sys::window() else { return };
    let Ok(Some(parent)) = window.parent() else { return };
    if parent == window {
        return;
    }
    let message = js_sys::Object::new();
    for (k, v) in [
        ("type", JsValue::from_str("lightcone")),
        ("lesson", JsValue::from_str(name)),
        ("step", JsValue::from_f64(step as f64)),
        ("steps", JsValue::from_f64(steps as f64)),
    ] {
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str(k), &v);
    }
    let _ = parent.post_message(&message, "*");
}
