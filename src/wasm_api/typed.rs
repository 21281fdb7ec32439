//! The typed API: the CLI's commands on JavaScript objects, exported by
//! both the page's module and the core-only one (pkg/core/lightcone_core.js),
//! and called by `window.lightcone` (src/ui/js_api.rs). Each returns the
//! object `JSON.parse` makes of the CLI's JSON output, and throws an
//! `Error` whose message is the CLI's one-line message (less its
//! `lightcone: FILE: ` prefix). Types: types/lightcone-api.d.ts.

use super::objects::{self, error, object, object_of_text, trace_text};
use crate::core::clocks::VectorClocks;
use crate::core::formats::{parse_trace, write_trace};
use crate::core::sim::explore::{Bounds, Exploration, Slice, DEFAULT_MEMORY};
use crate::core::sim::outcome;
use crate::core::sim::scenario::Scenario;
use crate::core::{explain, Causality, Trace};
use serde_json::json;
use wasm_bindgen::prelude::*;

/// `lightcone analyze` on a trace (an object or text): the report object.
#[wasm_bindgen]
pub fn analyze(trace: JsValue) -> Result<JsValue, JsValue> {
    let given = trace_text(trace).map_err(error)?;
    let report = super::analyze_report(given.text()).map_err(|e| error(given.message(e)))?;
    object_of_text(&report).map_err(error)
}

/// `lightcone relation` on a trace and two event ids: `{a, b, relation,
/// proof}`, where `relation` is the CLI's first line (`before`, `after`,
/// `concurrent` or `same`) and `proof` its other lines.
#[wasm_bindgen]
pub fn relation(trace: JsValue, a: &str, b: &str) -> Result<JsValue, JsValue> {
    let trace = read_trace(trace)?;
    let find = |id: &str| trace.event_by_id(id).ok_or_else(|| error(format!("no event has id \"{id}\"")));
    let (ea, eb) = (find(a)?, find(b)?);
    let vectors = VectorClocks::compute(&trace).map_err(|e| error(e.to_string()))?;
    let found = Causality::new(&trace, &vectors).relation(ea, eb);
    let mut lines = explain::relation(&trace, ea, eb, &found).into_iter();
    let word = lines.next().unwrap_or_default();
    object(&json!({"a": a, "b": b, "relation": word, "proof": lines.collect::<Vec<_>>()})).map_err(error)
}

/// `lightcone simulate` on a scenario (an object or text): the run object
/// (trace, decisions, invariants, metrics, states).
#[wasm_bindgen]
pub fn simulate(scenario: JsValue) -> Result<JsValue, JsValue> {
    let scenario = read_scenario(scenario)?;
    let run = outcome::run(&scenario);
    if let Some(why) = run.stopped_short(scenario.until) {
        return Err(error(why));
    }
    object(&run.to_json()).map_err(error)
}

/// `lightcone explore` on a scenario within `bounds` (every field
/// optional; the CLI's defaults), here and now: the report object. For a
/// long search in a page use `window.lightcone.explore`, which runs in a
/// Web Worker. `options.onProgress({states, depth, seconds})` is called
/// between slices of the search, at most every 100 ms.
#[wasm_bindgen]
pub fn explore(scenario: JsValue, bounds: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let scenario = read_scenario(scenario)?;
    let bounds = read_bounds(&scenario, bounds, DEFAULT_MEMORY)?;
    let on_progress = js_sys::Reflect::get(&options, &"onProgress".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let started = js_sys::Date::now();
    let mut posted = f64::NEG_INFINITY;
    let mut search = Exploration::new(&scenario, &bounds);
    let verdict = loop {
        match search.run(4096) {
            Slice::Over(verdict) => break verdict,
            Slice::Going(going) => search = *going,
        }
        let now = js_sys::Date::now();
        if let Some(call) = on_progress.as_ref().filter(|_| now - posted >= 100.0) {
            posted = now;
            let p = search.progress();
            let progress = json!({"states": p.states, "depth": p.depth, "seconds": (now - started) / 1000.0});
            call.call1(&JsValue::NULL, &object(&progress).map_err(error)?)?;
        }
    };
    object(&verdict.to_json(&scenario, &bounds)).map_err(error)
}

/// Reads and validates a trace (an object or text): the trace object in
/// the CLI's format, as `lightcone import` and `generate` write it.
#[wasm_bindgen(js_name = parseTrace)]
pub fn parse_trace_object(trace: JsValue) -> Result<JsValue, JsValue> {
    let trace = read_trace(trace)?;
    object_of_text(write_trace(&trace).as_bytes()).map_err(error)
}

/// A trace (an object or text), validated, as the CLI's trace JSON text.
#[wasm_bindgen(js_name = writeTrace)]
pub fn write_trace_text(trace: JsValue) -> Result<String, JsValue> {
    Ok(write_trace(&read_trace(trace)?))
}

/// A trace given as an object or text, read and validated.
pub fn read_trace(trace: JsValue) -> Result<Trace, JsValue> {
    let given = trace_text(trace).map_err(error)?;
    parse_trace(given.text()).map_err(|e| error(given.message(e.to_string())))
}

/// A scenario given as an object or text, read and checked.
pub fn read_scenario(scenario: JsValue) -> Result<Scenario, JsValue> {
    match scenario.as_string() {
        Some(text) => Scenario::parse(&text),
        None => Scenario::from_value(objects::data(scenario, "the scenario").map_err(error)?),
    }
    .map_err(error)
}

/// Bounds given as an object (or undefined), over the scenario's own.
pub fn read_bounds(scenario: &Scenario, bounds: JsValue, memory: usize) -> Result<Bounds, JsValue> {
    let given = objects::data(bounds, "bounds").map_err(error)?;
    Bounds::given(scenario, &given, memory).map_err(error)
}
