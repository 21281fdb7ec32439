//! The replication lab's measurements on the page: one click runs the same
//! sweep as `lightcone measure` (each offered load with batching off and
//! on, and the random crash/repair runs, for 3, 5 and 7 VR replicas; for
//! PBFT, batching off, 4, 7 and 10 replicas and lower loads, its primary's
//! capacity being lower), one run per timer tick so the page stays
//! responsive, then plots it.

use crate::core::chart::short;
use crate::core::sim::scenario::Scenario;
use crate::core::sim::vr::measure::{self, Figures, Point};
use crate::core::sim::vr::plots;
use crate::ui::chart::Chart;
use std::rc::Rc;
use yew::prelude::*;

/// The offered loads, requests per time unit.
pub const LOADS: [f64; 7] = [0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0];
/// The replica counts.
pub const REPLICAS: [usize; 3] = [3, 5, 7];
/// PBFT's offered loads: its primary handles about three times VR's
/// events per request, so its knee comes at a third of the load.
pub const PBFT_LOADS: [f64; 7] = [0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0];
/// PBFT's replica counts, n = 3f + 1.
pub const PBFT_REPLICAS: [usize; 3] = [4, 7, 10];

/// The sweep for `scenario`'s protocol: its loads and replica counts.
fn sweep_of(scenario: &Scenario) -> (&'static [f64; 7], &'static [usize; 3]) {
    if scenario.protocol.pbft().is_some() {
        (&PBFT_LOADS, &PBFT_REPLICAS)
    } else {
        (&LOADS, &REPLICAS)
    }
}

#[derive(Properties, PartialEq)]
pub struct MeasureProps {
    pub scenario: Rc<Scenario>,
}

/// A sweep under way or done.
#[derive(Clone, Debug, PartialEq)]
struct Sweep {
    points: Vec<Point>,
    figures: Vec<Figures>,
    error: Option<String>,
}

impl Sweep {
    fn running(&self) -> bool {
        self.error.is_none() && self.figures.len() < self.points.len()
    }
}

#[component]
pub fn MeasurePanel(p: &MeasureProps) -> Html {
    let (loads, counts) = sweep_of(&p.scenario);
    let sweep = use_state(|| None::<Rc<Sweep>>);
    let shown = use_state(|| counts[0]);
    {
        // A changed scenario makes the figures stale.
        let (sweep, shown) = (sweep.clone(), shown.clone());
        use_effect_with(p.scenario.clone(), move |s| {
            sweep.set(None);
            shown.set(sweep_of(s).1[0]);
        });
    }
    {
        let (state, scenario) = (sweep.clone(), p.scenario.clone());
        use_effect_with((*sweep).clone(), move |now| {
            let guard = now.as_ref().filter(|s| s.running()).map(|s| {
                let mut next = (**s).clone();
                crate::ui::dom::timeout(0, move || {
                    match measure::run_point(&scenario, &next.points[next.figures.len()]) {
                        Ok(f) => next.figures.push(f),
                        Err(e) => next.error = Some(e),
                    }
                    state.set(Some(Rc::new(next)));
                })
            });
            move || drop(guard)
        });
    }
    let start = {
        let (sweep, scenario) = (sweep.clone(), p.scenario.clone());
        Callback::from(move |_: MouseEvent| {
            let (loads, counts) = sweep_of(&scenario);
            let s = match measure::points(&scenario, loads, counts) {
                Ok(points) => Sweep { points, figures: Vec::new(), error: None },
                Err(e) => Sweep { points: Vec::new(), figures: Vec::new(), error: Some(e) },
            };
            sweep.set(Some(Rc::new(s)));
        })
    };
    let pick = {
        let shown = shown.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            shown.set(v.parse().unwrap_or(0));
        })
    };
    let s = (*sweep).clone();
    let running = s.as_ref().is_some_and(|s| s.running());
    html! {
        <section class="measure" aria-label="Replication as measured quantities">
            <h3>{"Latency, throughput, availability"}</h3>
            <p class="hint">{ hint(&p.scenario, loads, counts) }</p>
            <button id="vr-measure" onclick={start} disabled={running}>{ if s.is_some() { "Measure again" } else { "Measure" } }</button>
            if let Some(s) = &s {
                if let Some(e) = &s.error {
                    <p class="error" role="alert">{ e.clone() }</p>
                } else if s.running() {
                    <p id="vr-measure-progress" aria-live="polite">
                        <progress max={s.points.len().to_string()} value={s.figures.len().to_string()} />
                        { format!(" run {} of {}", s.figures.len(), s.points.len()) }
                    </p>
                } else {
                    { results(s, counts, *shown, pick) }
                }
            }
        </section>
    }
}

fn hint(scenario: &Scenario, loads: &[f64; 7], counts: &[usize; 3]) -> String {
    let batching = if scenario.protocol.pbft().is_some() {
        "batching off: PBFT has no batching switch here"
    } else {
        "batching off and on"
    };
    let counts = counts.map(|n| n.to_string());
    format!(
        "Runs this scenario's group under offered loads of {} requests per time unit ({batching}) and under random crashes and repairs, for {}, {} and {} replicas: what lightcone measure prints.",
        loads.map(short).join(", "),
        counts[0],
        counts[1],
        counts[2]
    )
}

fn results(s: &Sweep, counts: &[usize; 3], shown: usize, pick: Callback<Event>) -> Html {
    let rows = measure::rows(&s.figures);
    html! {
        <div id="vr-measured" data-rows={rows.len().to_string()}>
            <label>{"Replicas "}
                <select id="vr-plot-replicas" onchange={pick}>
                    { for counts.iter().map(|&n| html! { <option value={n.to_string()} selected={n == shown}>{ n.to_string() }</option> }) }
                </select>
            </label>
            <Chart plot={plots::latency(&rows, shown)} />
            <Chart plot={plots::messages(&rows)} />
            <Chart plot={plots::availability(&rows)} />
            <details>
                <summary>{"The table"}</summary>
                <pre id="vr-measure-table">{ measure::table(&rows) }</pre>
            </details>
        </div>
    }
}
