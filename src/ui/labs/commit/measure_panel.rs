//! The replication lab's measurements on the page: one click runs the same
//! sweep as `lightcone measure` (each offered load with batching off and
//! on, and the random crash/repair runs, for 3, 5 and 7 replicas), one run
//! per timer tick so the page stays responsive, then plots it.

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
    let sweep = use_state(|| None::<Rc<Sweep>>);
    let shown = use_state(|| 3usize);
    {
        // A changed scenario makes the figures stale.
        let sweep = sweep.clone();
        use_effect_with(p.scenario.clone(), move |_| sweep.set(None));
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
            let s = match measure::points(&scenario, &LOADS, &REPLICAS) {
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
            shown.set(v.parse().unwrap_or(3));
        })
    };
    let s = (*sweep).clone();
    let running = s.as_ref().is_some_and(|s| s.running());
    html! {
        <section class="measure" aria-label="Replication as measured quantities">
            <h3>{"Latency, throughput, availability"}</h3>
            <p class="hint">{ format!("Runs this scenario's group under offered loads of {} requests per time unit (batching off and on) and under random crashes and repairs, for 3, 5 and 7 replicas: what lightcone measure prints.", LOADS.map(short).join(", ")) }</p>
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
                    { results(s, *shown, pick) }
                }
            }
        </section>
    }
}

fn results(s: &Sweep, shown: usize, pick: Callback<Event>) -> Html {
    let rows = measure::rows(&s.figures);
    html! {
        <div id="vr-measured" data-rows={rows.len().to_string()}>
            <label>{"Replicas "}
                <select id="vr-plot-replicas" onchange={pick}>
                    { for REPLICAS.iter().map(|&n| html! { <option value={n.to_string()} selected={n == shown}>{ n.to_string() }</option> }) }
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
