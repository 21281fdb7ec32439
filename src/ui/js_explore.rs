//! `window.lightcone.explore(scenario, bounds, {onProgress, signal})`: a
//! search in the commit lab's Web Worker (www/explore-worker.js), so a
//! script's long search never freezes the page. The Promise resolves to
//! `lightcone explore`'s report object, or rejects with an `Error` (the
//! CLI's message) or, once `signal` aborts, with its reason; the worker is
//! then terminated, which stops the search at once.

use super::labs::commit::worker::SCRIPT;
use crate::core::sim::explore::PAGE_MEMORY;
use crate::wasm_api::typed::{read_bounds, read_scenario};
use js_sys::{Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Event, EventTarget, MessageEvent, Worker, WorkerOptions, WorkerType};

/// Starts a search; see the module's doc.
pub fn explore(scenario: JsValue, bounds: JsValue, options: JsValue) -> Promise {
    Promise::new(&mut |resolve, reject| {
        if let Err(why) = start(&scenario, &bounds, &options, resolve, reject.clone()) {
            let _ = reject.call1(&JsValue::NULL, &why);
        }
    })
}

/// A search under way: its worker and the handlers that must live as long.
struct Search {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
    on_abort: Option<(EventTarget, Closure<dyn FnMut()>)>,
}

/// The search, until it ends (each handler holds it, to end it).
type Slot = Rc<RefCell<Option<Search>>>;

fn start(
    scenario: &JsValue,
    bounds: &JsValue,
    options: &JsValue,
    resolve: Function,
    reject: Function,
) -> Result<(), JsValue> {
    // Checked here, so a bad scenario is refused with the CLI's message
    // before a worker starts.
    let scenario = read_scenario(scenario.clone())?;
    let bounds = read_bounds(&scenario, bounds.clone(), PAGE_MEMORY)?;
    let option =
        |key: &str| Reflect::get(options, &key.into()).ok().filter(|v| !v.is_undefined() && !v.is_null());
    let signal = option("signal").and_then(|s| s.dyn_into::<EventTarget>().ok());
    if let Some(signal) = &signal {
        if aborted(signal) {
            return Err(reason(signal));
        }
    }
    let on_progress = option("onProgress").and_then(|f| f.dyn_into::<Function>().ok());
    let worker_options = WorkerOptions::new();
    worker_options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(SCRIPT, &worker_options)?;
    let slot: Slot = Rc::default();

    let (ended, settle) = (slot.clone(), reject.clone());
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let data = e.data();
        let get = |key: &str| Reflect::get(&data, &key.into()).ok().filter(|v| !v.is_undefined());
        if let Some(progress) = get("progress") {
            if let Some(call) = &on_progress {
                let _ = call.call1(&JsValue::NULL, &progress);
            }
            return;
        }
        end(&ended);
        match get("report").and_then(|r| r.as_string()).map(|r| report(&r)) {
            Some(Ok(report)) => drop(resolve.call1(&JsValue::NULL, &report)),
            Some(Err(why)) => drop(settle.call1(&JsValue::NULL, &why)),
            None => {
                let why =
                    get("error").and_then(|e| e.as_string()).unwrap_or_else(|| "the explorer failed".into());
                drop(settle.call1(&JsValue::NULL, &js_sys::Error::new(&why)));
            }
        }
    });
    let (ended, settle) = (slot.clone(), reject.clone());
    let on_error = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
        e.prevent_default();
        end(&ended);
        let why = Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string());
        let why = why.unwrap_or_else(|| format!("its script ({SCRIPT}) could not be loaded"));
        drop(
            settle
                .call1(&JsValue::NULL, &js_sys::Error::new(&format!("the explorer's worker failed: {why}"))),
        );
    });
    let on_abort = signal.map(|signal| {
        let (ended, target) = (slot.clone(), signal.clone());
        let on_abort = Closure::<dyn FnMut()>::new(move || {
            end(&ended);
            drop(reject.call1(&JsValue::NULL, &reason(&target)));
        });
        let _ = signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        (signal, on_abort)
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    worker.post_message(&request(&scenario, &bounds)?)?;
    *slot.borrow_mut() = Some(Search { worker, _on_message: on_message, _on_error: on_error, on_abort });
    Ok(())
}

/// Ends the search: the worker is terminated and says nothing more. The
/// handlers are freed on a later turn, as one of them is running now.
fn end(slot: &Slot) {
    let Some(search) = slot.borrow_mut().take() else { return };
    search.worker.set_onmessage(None);
    search.worker.set_onerror(None);
    search.worker.terminate();
    if let Some((signal, on_abort)) = &search.on_abort {
        let _ = signal.remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
    }
    wasm_bindgen_futures::spawn_local(async move { drop(search) });
}

/// What the worker is sent: this module, compiled already, and the job as
/// JSON (the worker's own protocol, as the commit lab sends it).
fn request(
    scenario: &crate::core::sim::scenario::Scenario,
    bounds: &crate::core::sim::explore::Bounds,
) -> Result<JsValue, JsValue> {
    let message = Object::new();
    let text =
        |v: Result<String, serde_json::Error>| v.map(JsValue::from).map_err(|e| JsValue::from(e.to_string()));
    Reflect::set(&message, &"module".into(), &wasm_bindgen::module())?;
    Reflect::set(&message, &"scenario".into(), &text(serde_json::to_string(scenario))?)?;
    Reflect::set(&message, &"bounds".into(), &text(serde_json::to_string(bounds))?)?;
    Ok(message.into())
}

/// The worker's report (JSON text) as the CLI's report object: without
/// the `"violation"` key the worker adds for the commit lab.
fn report(text: &str) -> Result<JsValue, JsValue> {
    let mut report: serde_json::Value =
        serde_json::from_str(text).map_err(|e| js_sys::Error::new(&e.to_string()))?;
    if let Some(fields) = report.as_object_mut() {
        fields.remove("violation");
    }
    crate::wasm_api::objects::object(&report).map_err(|e| js_sys::Error::new(&e).into())
}

fn aborted(signal: &EventTarget) -> bool {
    Reflect::get(signal, &"aborted".into()).is_ok_and(|a| a.is_truthy())
}

/// Why the signal aborted: its reason (an `AbortError` by default).
fn reason(signal: &EventTarget) -> JsValue {
    Reflect::get(signal, &"reason".into())
        .ok()
        .filter(|r| !r.is_undefined())
        .unwrap_or_else(|| js_sys::Error::new("the search was aborted").into())
}
