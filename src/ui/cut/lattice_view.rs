//! The lattice of consistent global states as a Hasse diagram: a node per
//! consistent cut, by the number of events inside (the empty cut at the
//! bottom, the whole run at the top), an edge where one more event is
//! inside. The cut on the diagram is ringed; the run's own order of events
//! (each prefix of its events in time order) is a path drawn thicker; a
//! pointer or keyboard focus on a node puts its cut on the diagram.

use super::{Action, CutState};
use crate::core::cut::{Cut, Lattice};
use crate::core::Trace;
use crate::ui::diagram_layer::num;
use std::collections::HashMap;
use yew::prelude::*;

const WIDTH: f32 = 300.0;
const STEP: f32 = 22.0;

/// The lattice `l` of `trace`, with `shown` ringed.
pub fn view(l: &Lattice, trace: &Trace, shown: &Cut, on: &Callback<Action>) -> Html {
    let levels = l.nodes.iter().map(|c| level(c)).max().unwrap_or(0);
    let mut per_level: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, c) in l.nodes.iter().enumerate() {
        per_level.entry(level(c)).or_default().push(i);
    }
    let height = STEP * (levels as f32 + 1.0);
    let at = |i: usize| {
        let lv = level(&l.nodes[i]);
        let row = &per_level[&lv];
        let k = row.iter().position(|&x| x == i).unwrap_or(0);
        let x = WIDTH * (k as f32 + 1.0) / (row.len() as f32 + 1.0);
        (x, height - STEP * (lv as f32 + 0.5))
    };
    let run = run_path(trace);
    let on_run = |c: &Cut| run.contains(&c.frontier);
    html! {
        <svg class="lattice" data-lattice={l.nodes.len().to_string()} viewBox={format!("0 0 {WIDTH} {}", num(height))}
             width={WIDTH.to_string()} height={num(height)} role="group" aria-label="The lattice of consistent cuts">
            { for l.edges.iter().map(|&(a, b)| {
                let ((x1, y1), (x2, y2)) = (at(a), at(b));
                let run = on_run(&l.nodes[a]) && on_run(&l.nodes[b]);
                html! { <line class={classes!("lattice-edge", run.then_some("run"))} x1={num(x1)} y1={num(y1)} x2={num(x2)} y2={num(y2)} /> }
            }) }
            { for l.nodes.iter().enumerate().map(|(i, c)| {
                let (x, y) = at(i);
                let named = CutState::named(trace, c);
                let text = c.frontier.iter().enumerate().map(|(q, n)| format!("{}{n}", trace.process_name(q as u32))).collect::<Vec<_>>().join(" ");
                let show = { let (on, named) = (on.clone(), named.clone()); Callback::from(move |_: MouseEvent| on.emit(Action::Set(named.clone()))) };
                let focus = { let on = on.clone(); Callback::from(move |_: FocusEvent| on.emit(Action::Set(named.clone()))) };
                let here = c.frontier == shown.frontier;
                html! {
                    <g class={classes!("lattice-node", here.then_some("shown"), on_run(c).then_some("run"))} tabindex="0"
                       data-lattice-node={text.clone()} onmouseenter={show.clone()} onclick={show} onfocus={focus}>
                        <title>{ format!("the cut {text}") }</title>
                        <circle cx={num(x)} cy={num(y)} r={if here { "7" } else { "5" }} />
                    </g>
                }
            }) }
        </svg>
    }
}

fn level(c: &Cut) -> u32 {
    c.frontier.iter().sum()
}

/// The frontiers of the run's prefixes: its events in time order, one more
/// each step (the trace stores events so that each prefix is consistent).
fn run_path(trace: &Trace) -> Vec<Vec<u32>> {
    let mut frontier = vec![0u32; trace.process_count()];
    let mut path = vec![frontier.clone()];
    for e in 0..trace.event_count() as u32 {
        frontier[trace.process_of(e) as usize] += 1;
        path.push(frontier.clone());
    }
    path
}
