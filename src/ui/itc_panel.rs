//! The interval tree clock panel: for each living process, the parts of
//! [0,1) its id owns (a bar) and its event tree as a step plot over the same
//! interval, at the current step; and the size of vector and ITC stamps
//! over the run, side by side.

use super::scene::Scene;
use super::shared::Shared;
use crate::core::clocks::itc::Stamp;
use crate::core::clocks::ItcClocks;
use crate::core::{Analysis, EventIdx, ProcessIdx};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ItcPanelProps {
    pub scene: Rc<Scene>,
    pub analysis: Shared<Analysis>,
    /// How many events (in time order) have happened at the step shown.
    pub upto: usize,
}

/// Width of a bar in SVG units; [0,1) maps onto it. The panel's SVGs
/// carry no text: every word is HTML, so it keeps its size in a narrow
/// panel.
const BAR: f32 = 300.0;
/// Height of a bar's drawing.
const ROW: f32 = 44.0;

#[component]
pub fn ItcPanel(p: &ItcPanelProps) -> Html {
    let trace = &p.scene.placed.trace;
    let itc = match p.analysis.itc(trace) {
        Ok(itc) => itc,
        Err(refused) => {
            return html! { <section class="itc-panel"><p class="hint">{ refused.to_string() }</p></section> }
        }
    };
    let done: Vec<bool> = (0..trace.event_count()).map(|e| e < p.upto).collect();
    let rows: Vec<(ProcessIdx, Stamp)> = (0..trace.process_count() as ProcessIdx)
        .filter_map(|q| itc.holding(trace, q, &done).map(|s| (q, s)))
        .collect();
    let top = rows.iter().map(|(_, s)| s.event.max()).max().unwrap_or(0).max(1);
    let when = match p.upto {
        0 => "at the start".to_string(),
        n if n >= trace.event_count() => "after every event".to_string(),
        n => format!("after {}", trace.event_id(n as EventIdx - 1)),
    };
    html! {
        <section class="itc-panel" aria-label="Interval tree clocks">
            <h2>{ format!("Interval tree clocks {when}") }</h2>
            <p class="hint">{"Each bar is [0,1): the filled parts are the process's id, the parts of the event tree only it may raise; the steps are its event tree, how many events it has seen over each part. A fork halves an id; a join merges two back. Step through the run to watch them."}</p>
            <div id="itc-ids" class="itc-ids" role="img" aria-label={format!("ITC ids and event trees {when}")}>
                { for rows.iter().map(|(q, s)| id_row(trace.process_name(*q), s, top)) }
            </div>
            { sizes(p, itc) }
        </section>
    }
}

/// One process: its name and stamp in the paper's notation, then its id as
/// filled parts of a [0,1) bar and its event tree as a step plot over it.
fn id_row(name: &str, stamp: &Stamp, top: u32) -> Html {
    let x = |f: f64| f as f32 * BAR;
    let owned = stamp.id.intervals();
    let owned_words: Vec<String> = owned.iter().map(|(a, b)| format!("{a}-{b}")).collect();
    let mut plot = String::new();
    for (a, b, v) in stamp.event.steps() {
        let y = ROW - 14.0 - v as f32 / top as f32 * (ROW - 18.0);
        plot.push_str(&format!("{},{y} {},{y} ", x(a), x(b)));
    }
    html! {
        <div class="itc-row" data-process={name.to_string()} data-owned={owned_words.join(" ")} data-stamp={stamp.to_string()}>
            <div class="itc-head"><strong class="itc-name">{ name.to_string() }</strong>
                <code class="itc-stamp">{ format!("{stamp}  ({} bits)", stamp.bit_len()) }</code></div>
            <svg class="itc-bar" viewBox={format!("-2 0 {} {ROW}", BAR + 4.0)} preserveAspectRatio="none" aria-hidden="true">
                <rect class="itc-track" x="0" y={(ROW - 10.0).to_string()} width={BAR.to_string()} height="9" />
                { for owned.iter().map(|&(a, b)| html! {
                    <rect class="itc-owned" x={x(a).to_string()} y={(ROW - 10.0).to_string()} width={(x(b) - x(a)).to_string()} height="9" />
                }) }
                <polyline class="itc-steps" points={plot} />
            </svg>
        </div>
    }
}

/// Vector entries (the non-zero ones a vector must carry) and ITC bits per
/// event, in time order: two small plots over the same run.
fn sizes(p: &ItcPanelProps, itc: &ItcClocks) -> Html {
    let trace = &p.scene.placed.trace;
    let n = trace.event_count();
    if n == 0 {
        return html! {};
    }
    let entries: Vec<u32> =
        (0..n as EventIdx).map(|e| p.analysis.vectors.of(e).nonzero().count() as u32).collect();
    let bits: Vec<u32> = (0..n as EventIdx).map(|e| itc.bits(e) as u32).collect();
    let (most, widest) =
        (entries.iter().copied().max().unwrap_or(0), bits.iter().copied().max().unwrap_or(0));
    let summary = format!(
        "Over the run a vector timestamp carries up to {most} non-zero {} (about {} bits at 32 bits each); an ITC stamp takes up to {widest} bits (the paper's encoding).",
        if most == 1 { "entry" } else { "entries" },
        most * 32
    );
    html! {
        <div class="sizes">
            <h3>{"Stamp size over the run"}</h3>
            <p id="size-summary">{ summary }</p>
            { plot("size-vector", &format!("vector: non-zero entries (0 to {most})"), &entries, p.upto) }
            { plot("size-itc", &format!("ITC: bits (0 to {widest})"), &bits, p.upto) }
        </div>
    }
}

fn plot(id: &str, title: &str, values: &[u32], upto: usize) -> Html {
    const W: f32 = 300.0;
    const H: f32 = 60.0;
    let top = values.iter().copied().max().unwrap_or(1).max(1) as f32;
    let step = W / values.len().max(2).saturating_sub(1) as f32;
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, &v)| format!("{},{}", i as f32 * step, 4.0 + H - v as f32 / top * H))
        .collect();
    let now = upto.saturating_sub(1) as f32 * step;
    html! {
        <figure class="size-figure">
            <figcaption class="plot-title">{ title.to_string() }</figcaption>
            <svg id={id.to_string()} class="size-plot" viewBox={format!("-2 0 {} {}", W + 4.0, H + 8.0)} preserveAspectRatio="none"
                 role="img" aria-label={format!("{title}, up to {}", top as u32)} data-values={values.iter().map(u32::to_string).collect::<Vec<_>>().join(",")}>
                <line class="axis" x1="0" y1={(H + 4.0).to_string()} x2={W.to_string()} y2={(H + 4.0).to_string()} />
                <polyline class="series" points={points.join(" ")} />
                if upto > 0 {
                    <line class="now" x1={now.to_string()} y1="0" x2={now.to_string()} y2={(H + 4.0).to_string()} />
                }
            </svg>
        </figure>
    }
}
