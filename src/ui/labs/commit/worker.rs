//! Runs the explorer's job in a Web Worker (www/explore-worker.js), a
//! second instance of this very wasm module, so the page goes on painting
//! and answering while it searches. The worker's words become actions;
//! when the job ends (its report came, it was cancelled, or a new run
//! replaced the one explored) the worker is terminated, which is also how
//! a search is stopped at once.

use super::explore::{Explored, Job, Progress};
use super::Action;
use js_sys::{Object, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Event, MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::prelude::*;

/// The worker's script, relative to the page (as index.html's are), so
/// the site works from any sub-path.
pub const SCRIPT: &str = "www/explore-worker.js";

/// Keeps job `job`'s worker running while it is the job (`None`: none).
#[hook]
pub fn use_explorer(job: Option<Job>, on_action: Callback<Action>) {
    use_effect_with(job.as_ref().map(|j| j.id), move |_| {
        let running = job.and_then(|job| match Running::start(&job, on_action.clone()) {
            Ok(running) => Some(running),
            Err(reason) => {
                on_action.emit(Action::Explored(job.id, Err(reason)));
                None
            }
        });
        move || drop(running)
    });
}

/// A worker at work, with the handlers it calls.
struct Running {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

impl Running {
    fn start(job: &Job, on_action: Callback<Action>) -> Result<Running, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(SCRIPT, &options).map_err(|e| text(&e))?;
        let (id, on) = (job.id, on_action.clone());
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            on.emit(read(id, &e.data()));
        });
        // An error in the worker's script comes as an ErrorEvent with a
        // message; a script that cannot be loaded, as a plain Event.
        let on_error = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
            e.prevent_default();
            let why = Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string());
            let why = why.unwrap_or_else(|| format!("its script ({SCRIPT}) could not be loaded"));
            on_action.emit(Action::Explored(id, Err(why)));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let running = Running { worker, _on_message: on_message, _on_error: on_error };
        running.worker.post_message(&request(job)?).map_err(|e| text(&e))?;
        Ok(running)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // Nothing more from it, even a word already on its way.
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// What the worker is sent: this module, compiled already (so the worker
/// neither fetches nor compiles it again), and the job as JSON.
fn request(job: &Job) -> Result<JsValue, String> {
    let json = |v: Result<String, serde_json::Error>| v.map(JsValue::from).map_err(|e| e.to_string());
    let message = Object::new();
    let set = |key: &str, value: &JsValue| {
        Reflect::set(&message, &key.into(), value).map(|_| ()).map_err(|e| text(&e))
    };
    set("module", &wasm_bindgen::module())?;
    set("scenario", &json(serde_json::to_string(&*job.scenario))?)?;
    set("bounds", &json(serde_json::to_string(&job.bounds))?)?;
    if let Some(k) = job.byzantine {
        set("byzantine", &JsValue::from(k as u32))?;
    }
    Ok(message.into())
}

/// The action a word from job `id`'s worker asks for: `{progress: {states,
/// depth, seconds, assignment, assignments}}`, `{report}` or `{error}`.
fn read(id: u64, data: &JsValue) -> Action {
    let get = |v: &JsValue, key: &str| Reflect::get(v, &key.into()).ok().filter(|x| !x.is_undefined());
    if let Some(p) = get(data, "progress") {
        let number = |key| get(&p, key).and_then(|x| x.as_f64()).unwrap_or(0.0);
        let progress = Progress {
            states: number("states") as usize,
            depth: number("depth") as usize,
            seconds: number("seconds"),
            assignment: (number("assignments") > 1.0)
                .then(|| (number("assignment") as usize, number("assignments") as usize)),
        };
        return Action::Progress(id, progress);
    }
    if let Some(report) = get(data, "report").and_then(|r| r.as_string()) {
        return Action::Explored(id, Explored::read(&report).map(Rc::new));
    }
    let error = get(data, "error")
        .and_then(|e| e.as_string())
        .unwrap_or_else(|| "an unknown word from its worker".into());
    Action::Explored(id, Err(error))
}

/// A JavaScript error's message.
fn text(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| Reflect::get(e, &"message".into()).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| format!("{e:?}"))
}
