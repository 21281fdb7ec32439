//! The JavaScript-facing API: starting the app, the typed API on objects
//! ([`typed`]), the explorer for the page's Web Worker
//! (www/explore-worker.js), and the core's analysis as text for scripts,
//! the wasm test suites and the browser benchmark. Built without the `ui`
//! feature, this is all the core-only module (pkg/core/lightcone_core.js)
//! exports.

pub(crate) mod objects;
pub mod typed;

use crate::core::clocks::{ItcClocks, LamportRule};
use crate::core::formats::parse_trace;
use crate::core::generate::{random_trace, Settings};
use crate::core::sim::explore::{Bounds, Exploration, Slice, Sweep, SweepProgress, SweepSlice};
use crate::core::sim::scenario::Scenario;
use crate::core::{Analysis, Trace};
use wasm_bindgen::prelude::*;

/// Mounts the app into `#app`.
#[cfg(feature = "ui")]
#[wasm_bindgen]
pub fn start() {
    crate::ui::mount();
}

/// `lightcone analyze` in the browser: the same JSON in, the same JSON out.
#[wasm_bindgen(js_name = analyzeJson)]
pub fn analyze_json(text: &str) -> Result<String, JsError> {
    let report = analyze_json_bytes(text.as_bytes())?;
    Ok(String::from_utf8(report).expect("the report is UTF-8"))
}

/// [`analyze_json`] on UTF-8 bytes (a file's contents), returning UTF-8
/// bytes: no string transcoding at the JavaScript boundary.
#[wasm_bindgen(js_name = analyzeJsonBytes)]
pub fn analyze_json_bytes(bytes: &[u8]) -> Result<Vec<u8>, JsError> {
    let text = crate::core::formats::text::utf8(bytes).map_err(|e| JsError::new(&e))?;
    analyze_report(text).map_err(|e| JsError::new(&e))
}

/// `lightcone analyze`'s report on trace JSON text, as JSON bytes; errors
/// are the CLI's messages.
fn analyze_report(text: &str) -> Result<Vec<u8>, String> {
    let trace = parse_trace(text).map_err(|e| e.to_string())?;
    let refused = |e: crate::core::TraceError| e.to_string();
    Analysis::check_report_size(&trace).map_err(refused)?;
    ItcClocks::check_nesting(&trace).map_err(refused)?;
    // About what the report takes, so a big one is not copied as it grows
    // (in u64: on wasm32 the product can pass usize).
    let estimate = trace.event_count() as u64 * (64 + 12 * trace.process_count() as u64);
    let mut out = Vec::with_capacity(estimate.min(64 << 20) as usize);
    Analysis::run(&trace, &LamportRule::classic())
        .map_err(refused)?
        .write_json(&trace, &mut out)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// `lightcone explore` for the page's worker (www/explore-worker.js), run
/// a slice at a time so the worker can post its progress, and be stopped,
/// between slices; or, given `byzantine`, `lightcone explore
/// --byzantine-any` (a sweep over the Byzantine behaviours of up to that
/// many replicas).
#[wasm_bindgen(js_name = Exploration)]
pub struct JsExploration {
    search: Option<Search>,
    scenario: Scenario,
    bounds: Bounds,
    progress: SweepProgress,
    /// The report, once the search is over.
    report: Option<String>,
}

/// One search, or a sweep of them.
enum Search {
    One(Box<Exploration>),
    Sweep(Box<Sweep>),
}

#[wasm_bindgen(js_class = Exploration)]
impl JsExploration {
    /// A search of the scenario in `scenario` (JSON) within `bounds` (JSON,
    /// every field optional); with `byzantine` (1 to f + 1), a sweep of
    /// every assignment of Byzantine behaviours to up to that many replicas.
    #[wasm_bindgen(constructor)]
    pub fn new(scenario: &str, bounds: &str, byzantine: Option<u32>) -> Result<JsExploration, JsError> {
        let scenario = Scenario::parse(scenario).map_err(|e| JsError::new(&format!("scenario: {e}")))?;
        let bounds: Bounds =
            serde_json::from_str(bounds).map_err(|e| JsError::new(&format!("bounds: {e}")))?;
        let search = match byzantine {
            Some(k) => Search::Sweep(Box::new(
                Sweep::new(&scenario, &bounds, k as usize).map_err(|e| JsError::new(&e))?,
            )),
            None => Search::One(Box::new(Exploration::new(&scenario, &bounds))),
        };
        let progress = match &search {
            Search::One(e) => SweepProgress { assignment: 1, of: 1, search: e.progress() },
            Search::Sweep(s) => s.progress(),
        };
        Ok(JsExploration { search: Some(search), scenario, bounds, progress, report: None })
    }

    /// Expands up to `expansions` more states. Once the search is over,
    /// returns `lightcone explore`'s report as JSON, with one more key,
    /// `"violation"`: the property its counterexample violates, or null.
    pub fn run(&mut self, expansions: usize) -> Option<String> {
        match self.search.take() {
            Some(Search::One(search)) => match search.run(expansions) {
                Slice::Going(search) => {
                    self.progress.search = search.progress();
                    self.search = Some(Search::One(search));
                }
                Slice::Over(verdict) => {
                    let mut report = verdict.to_json(&self.scenario, &self.bounds);
                    report["violation"] = verdict.first_violation().map(|(found, _)| found.name).into();
                    self.progress.search.states = verdict.states;
                    self.report = Some(report.to_string());
                }
            },
            Some(Search::Sweep(sweep)) => match sweep.run(expansions) {
                SweepSlice::Going(sweep) => {
                    self.progress = sweep.progress();
                    self.search = Some(Search::Sweep(sweep));
                }
                SweepSlice::Over(swept) => {
                    let mut report = swept.to_json(&self.scenario, &self.bounds);
                    report["violation"] = swept.first_violation().map(|(_, found)| found.name).into();
                    self.report = Some(report.to_string());
                }
            },
            None => {}
        }
        self.report.clone()
    }

    /// Distinct states found so far (by the search of the assignment under
    /// way, in a sweep).
    #[wasm_bindgen(getter)]
    pub fn states(&self) -> f64 {
        self.progress.search.states as f64
    }

    /// Steps from the start to the state expanded next.
    #[wasm_bindgen(getter)]
    pub fn depth(&self) -> f64 {
        self.progress.search.depth as f64
    }

    /// In a sweep, the assignment being searched (from 1); else 1.
    #[wasm_bindgen(getter)]
    pub fn assignment(&self) -> f64 {
        self.progress.assignment as f64
    }

    /// In a sweep, how many assignments in all; else 1.
    #[wasm_bindgen(getter)]
    pub fn assignments(&self) -> f64 {
        self.progress.of as f64
    }
}

/// A generated trace held in wasm memory, for benchmarks.
#[wasm_bindgen]
pub struct GeneratedTrace {
    trace: Trace,
}

#[wasm_bindgen]
impl GeneratedTrace {
    /// Generates `events` events over `processes` processes from `seed`.
    #[wasm_bindgen(constructor)]
    pub fn new(processes: usize, events: usize, seed: u64) -> GeneratedTrace {
        let settings = Settings { processes, events, message_probability: 0.5, loss_probability: 0.0, seed };
        // A benchmark's sizes, far below the generator's limits.
        GeneratedTrace { trace: random_trace(&settings).unwrap_or_default() }
    }

    /// Runs the full analysis; returns the number of concurrent pairs.
    pub fn analyze(&self) -> f64 {
        Analysis::run(&self.trace, &LamportRule::classic()).map_or(f64::NAN, |a| a.concurrent_pairs as f64)
    }

    /// Computes and stores every event's interval tree clock stamp; returns
    /// their total size in bits.
    pub fn itc(&self) -> f64 {
        let Ok(itc) = ItcClocks::compute(&self.trace) else { return f64::NAN };
        (0..self.trace.event_count() as u32).map(|e| itc.bits(e) as f64).sum()
    }

    /// The trace as JSON text.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        crate::core::formats::write_trace(&self.trace)
    }
}

/// Runs a scenario (JSON) as `lightcone simulate` does, every property
/// checked after every event, without building its report; returns the
/// requests answered (the `requests` count). For the benchmark's VR cases
/// (scripts/bench-wasm.mjs), timed against benches/vr.rs's native runs.
#[wasm_bindgen(js_name = simulateAnswered)]
pub fn simulate_answered(scenario: &str) -> Result<f64, JsError> {
    let scenario = Scenario::parse(scenario).map_err(|e| JsError::new(&format!("scenario: {e}")))?;
    let out = crate::core::sim::outcome::run(&scenario);
    Ok(out.count("requests").map_or(f64::NAN, |n| n as f64))
}

/// The size of this module's linear memory in bytes. It never shrinks, so
/// after a run it is that run's peak (the benchmark reports it).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}
