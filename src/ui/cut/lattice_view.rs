//! The lattice of consistent global states as a Hasse diagram: a node per
//! consistent cut, by the number of events inside (the empty cut at the
//! bottom, the whole run at the top), an edge where one more event is
//! inside. The cut on the diagram is ringed; the run's own order of events
//! (each prefix of its events in time order) is a path drawn thicker, and
//! when the ringed cut is off it, the same events reordered to pass
//! through it (Chandy and Lamport's seq′, Theorem 1) a dashed one; a
//! pointer or keyboard focus on a node puts its cut on the diagram. While
//! the run plays back, the state it has reached is squared: playing is
//! walking the thick path.

use super::{Action, CutState};
use crate::core::cut::{Cut, Lattice};
use crate::core::Trace;
use crate::ui::diagram_layer::num;
use std::collections::HashMap;
use yew::prelude::*;

const WIDTH: f32 = 300.0;
const STEP: f32 = 22.0;

/// The lattice `l` of `trace`, with `shown` ringed and the playback's
/// state (its first `playhead` events in time order) squared.
pub fn view(l: &Lattice, trace: &Trace, shown: &Cut, playhead: Option<usize>, on: &Callback<Action>) -> Html {
    let now = playhead.map(|k| {
        let mut c = Cut::empty(trace);
        for e in 0..k.min(trace.event_count()) {
            c.frontier[trace.process_of(e as u32) as usize] += 1;
        }
        c
    });
    let levels = l.nodes.iter().map(|n| n.level).max().unwrap_or(0);
    let mut per_level: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, n) in l.nodes.iter().enumerate() {
        per_level.entry(n.level).or_default().push(i);
    }
    let height = STEP * (levels as f32 + 1.0);
    let at = |i: usize| {
        let lv = l.nodes[i].level;
        let row = &per_level[&lv];
        let k = row.iter().position(|&x| x == i).unwrap_or(0);
        let x = WIDTH * (k as f32 + 1.0) / (row.len() as f32 + 1.0);
        (x, height - STEP * (lv as f32 + 0.5))
    };
    let run = run_path(trace);
    let on_run = |c: &Cut| run.contains(&c.frontier);
    // Only where it differs from the run's own path.
    let through = if on_run(shown) { Vec::new() } else { through_path(trace, shown) };
    let step_of = |path: &[Vec<u32>], a: &Cut, b: &Cut| {
        path.windows(2).any(|w| w[0] == a.frontier && w[1] == b.frontier)
    };
    html! {
        <svg class="lattice" data-lattice={l.nodes.len().to_string()} viewBox={format!("0 0 {WIDTH} {}", num(height))}
             width={WIDTH.to_string()} height={num(height)} role="group" aria-label="The lattice of consistent cuts">
            { for l.edges.iter().map(|edge| {
                let ((x1, y1), (x2, y2)) = (at(edge.from), at(edge.to));
                let (a, b) = (&l.nodes[edge.from].cut, &l.nodes[edge.to].cut);
                let run = step_of(&run, a, b);
                let through = !run && step_of(&through, a, b);
                html! { <line class={classes!("lattice-edge", run.then_some("run"), through.then_some("through"))} x1={num(x1)} y1={num(y1)} x2={num(x2)} y2={num(y2)} /> }
            }) }
            { for l.nodes.iter().enumerate().map(|(i, node)| {
                let c = &node.cut;
                let (x, y) = at(i);
                let named = CutState::named(trace, c);
                let text = c.frontier.iter().enumerate().map(|(q, n)| format!("{}{n}", trace.process_name(q as u32))).collect::<Vec<_>>().join(" ");
                let show = { let (on, named) = (on.clone(), named.clone()); Callback::from(move |_: MouseEvent| on.emit(Action::Set(named.clone()))) };
                let focus = { let on = on.clone(); Callback::from(move |_: FocusEvent| on.emit(Action::Set(named.clone()))) };
                let here = c.frontier == shown.frontier;
                let playing = now.as_ref().is_some_and(|n| n.frontier == c.frontier);
                html! {
                    <g class={classes!("lattice-node", here.then_some("shown"), on_run(c).then_some("run"), playing.then_some("now"))} tabindex="0"
                       data-lattice-node={text.clone()} onmouseenter={show.clone()} onclick={show} onfocus={focus}>
                        <title>{ format!("the cut {text}") }</title>
                        if playing {
                            <rect class="now-mark" x={num(x - 9.0)} y={num(y - 9.0)} width="18" height="18" />
                        }
                        <circle cx={num(x)} cy={num(y)} r={if here { "7" } else { "5" }} />
                    </g>
                }
            }) }
        </svg>
    }
}

/// The frontiers of the run's prefixes, one more event each step: in time
/// order (the diagram's order of events, which the playback follows) when
/// every prefix of it is consistent, else in the trace's linear extension
/// (each prefix a consistent cut).
pub(super) fn run_path(trace: &Trace) -> Vec<Vec<u32>> {
    let mut at = Cut::empty(trace);
    let mut by_time = vec![at.frontier.clone()];
    for e in 0..trace.event_count() as u32 {
        at.frontier[trace.process_of(e) as usize] += 1;
        if !crate::core::cut::verdict(trace, &at).consistent {
            return (0..=trace.event_count())
                .map(|k| crate::core::cut::of_prefix(trace, k).frontier)
                .collect();
        }
        by_time.push(at.frontier.clone());
    }
    by_time
}

/// The frontiers of seq′'s prefixes for `cut` (none if it is inconsistent).
fn through_path(trace: &Trace, cut: &Cut) -> Vec<Vec<u32>> {
    let Some(seq) = crate::core::cut::through(trace, cut) else { return Vec::new() };
    let mut at = Cut::empty(trace);
    let mut path = vec![at.frontier.clone()];
    for e in seq {
        at.frontier[trace.process_of(e) as usize] += 1;
        path.push(at.frontier.clone());
    }
    path
}

/// What the lattice's marks mean, beside it.
pub fn legend(through: bool, playing: bool) -> Html {
    html! {
        <ul class="legend lattice-legend" aria-label="The lattice's marks">
            <li><svg width="28" height="12" aria-hidden="true"><line class="lattice-edge run" x1="2" y1="6" x2="26" y2="6" /></svg>{" the run as it happened (one more event each step)"}</li>
            <li><svg width="28" height="12" aria-hidden="true"><circle class="ringed" cx="14" cy="6" r="5" /></svg>{" the cut on the diagram (ringed)"}</li>
            if playing {
                <li><svg width="28" height="12" aria-hidden="true"><rect class="now-mark" x="9" y="1" width="10" height="10" /></svg>{" the state the playback has reached (squared)"}</li>
            }
            if through {
                <li><svg width="28" height="12" aria-hidden="true"><line class="lattice-edge through" x1="2" y1="6" x2="26" y2="6" /></svg>{" the same events reordered to pass through it"}</li>
            }
        </ul>
    }
}
