//! `window.lightcone`, the automation and embedding API (stable; the
//! browser tests use it):
//! - `load(text)`: replaces the diagram with the trace JSON in `text` (the
//!   CLI's format; events may carry `"time"`). Returns `null`, or the error
//!   message (also shown on the page) with the diagram left unchanged.
//! - `trace()`: the current diagram as trace JSON text, with times.
//! - `shareUrl()`: a link that opens the current diagram and view settings.
//! - `present(on)`: presentation mode on (`true`) or off.

use super::notice::Notice;
use super::scene::Scene;
use super::state::{Action, AppState, View};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::UseReducerDispatcher;

pub fn install(
    dispatch: UseReducerDispatcher<AppState>,
    current: Rc<RefCell<Rc<Scene>>>,
    view: Rc<RefCell<View>>,
) {
    let Some(window) = web_sys::window() else { return };
    let api = js_sys::Object::new();
    let presenting = dispatch.clone();
    let present = Closure::<dyn Fn(bool)>::new(move |on: bool| presenting.dispatch(Action::Present(on)));
    let shown = current.clone();
    let load = Closure::<dyn Fn(String) -> JsValue>::new(move |text: String| match Scene::parse(&text) {
        Ok(scene) => {
            // trace() answers at once, before the page re-renders.
            *shown.borrow_mut() = scene.clone();
            dispatch.dispatch(Action::Replace(scene, "Loaded a trace".into()));
            JsValue::NULL
        }
        Err(error) => {
            dispatch
                .dispatch(Action::Notice(Some(Notice { text: format!("Not loaded: {error}"), error: true })));
            JsValue::from_str(&error)
        }
    });
    let linked = current.clone();
    let trace = Closure::<dyn Fn() -> String>::new(move || {
        let scene = current.borrow();
        scene.document.to_json(&scene.placed)
    });
    let share =
        Closure::<dyn Fn() -> String>::new(move || super::share_link::link(&linked.borrow(), &view.borrow()));
    let _ = js_sys::Reflect::set(&api, &"load".into(), load.as_ref());
    let _ = js_sys::Reflect::set(&api, &"trace".into(), trace.as_ref());
    let _ = js_sys::Reflect::set(&api, &"shareUrl".into(), share.as_ref());
    let _ = js_sys::Reflect::set(&api, &"present".into(), present.as_ref());
    let _ = js_sys::Reflect::set(&window, &"lightcone".into(), &api);
    // The API lives as long as the page.
    load.forget();
    trace.forget();
    share.forget();
    present.forget();
}
