//! `window.lightcone`, the automation and embedding API (stable; the
//! browser tests use it). Types: types/lightcone-api.d.ts (shipped as
//! pkg/lightcone-api.d.ts).
//! - `load(traceOrText)`: replaces the diagram with a trace, given as an
//!   object or as JSON text (the CLI's format; events may carry `"time"`).
//!   Text: returns `null`, or the error message (also shown on the page)
//!   with the diagram left unchanged. An object: returns `null`, or throws
//!   an `Error` with that message (naming the path of a wrongly typed
//!   field), the diagram again unchanged.
//! - `trace()`: the current diagram as trace JSON text, with times;
//!   `traceObject()`: the same as an object (`JSON.parse(trace())`).
//! - `shareUrl()`: a link that opens the current diagram and view settings.
//! - `present(on)`: presentation mode on (`true`) or off.
//! - `analyze(trace)`, `relation(trace, a, b)`, `simulate(scenario)`: the
//!   CLI's commands on objects (src/wasm_api/typed.rs), throwing an
//!   `Error` with the CLI's message; they leave the diagram alone.
//! - `explore(scenario, bounds?, {onProgress, signal}?)`: a Promise of the
//!   explorer's report, searched in a Web Worker (src/ui/js_explore.rs).

use super::notice::Notice;
use super::scene::Scene;
use super::state::{Action, AppState, View};
use crate::wasm_api::objects::{error, object_of_text, trace_text};
use crate::wasm_api::typed;
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
    let load = Closure::<dyn Fn(JsValue) -> Result<JsValue, JsValue>>::new(move |given: JsValue| {
        let is_text = given.is_string();
        let scene = trace_text(given).and_then(|g| Scene::parse(g.text()).map_err(|e| g.message(e)));
        match scene {
            Ok(scene) => {
                // trace() answers at once, before the page re-renders.
                *shown.borrow_mut() = scene.clone();
                dispatch.dispatch(Action::Replace(scene, "Loaded a trace".into()));
                Ok(JsValue::NULL)
            }
            Err(why) => {
                let text = format!("Not loaded: {why}");
                dispatch.dispatch(Action::Notice(Some(Notice { text, error: true })));
                if is_text {
                    Ok(JsValue::from_str(&why))
                } else {
                    Err(error(why))
                }
            }
        }
    });
    let linked = current.clone();
    let text = current.clone();
    let trace = Closure::<dyn Fn() -> String>::new(move || {
        let scene = text.borrow();
        scene.document.to_json(&scene.placed)
    });
    let trace_object = Closure::<dyn Fn() -> Result<JsValue, JsValue>>::new(move || {
        let scene = current.borrow();
        object_of_text(scene.document.to_json(&scene.placed).as_bytes()).map_err(error)
    });
    let share =
        Closure::<dyn Fn() -> String>::new(move || super::share_link::link(&linked.borrow(), &view.borrow()));
    let analyze = Closure::<dyn Fn(JsValue) -> Result<JsValue, JsValue>>::new(typed::analyze);
    let relation = Closure::<dyn Fn(JsValue, String, String) -> Result<JsValue, JsValue>>::new(
        |trace, a: String, b: String| typed::relation(trace, &a, &b),
    );
    let simulate = Closure::<dyn Fn(JsValue) -> Result<JsValue, JsValue>>::new(typed::simulate);
    let explore =
        Closure::<dyn Fn(JsValue, JsValue, JsValue) -> js_sys::Promise>::new(super::js_explore::explore);
    let methods: [(&str, &JsValue); 9] = [
        ("load", load.as_ref()),
        ("trace", trace.as_ref()),
        ("traceObject", trace_object.as_ref()),
        ("shareUrl", share.as_ref()),
        ("present", present.as_ref()),
        ("analyze", analyze.as_ref()),
        ("relation", relation.as_ref()),
        ("simulate", simulate.as_ref()),
        ("explore", explore.as_ref()),
    ];
    for (name, method) in methods {
        let _ = js_sys::Reflect::set(&api, &name.into(), method);
    }
    let _ = js_sys::Reflect::set(&window, &"lightcone".into(), &api);
    // The API lives as long as the page.
    load.forget();
    trace.forget();
    trace_object.forget();
    share.forget();
    present.forget();
    analyze.forget();
    relation.forget();
    simulate.forget();
    explore.forget();
}
