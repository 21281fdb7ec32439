//! The offset plot: each node's clock minus true time over the run, read
//! from its clock on a grid and either side of each step, so a step is a
//! vertical jump (with a ▲ marker) and a slew a sloped stretch (drawn
//! thick). Each node has its own dash as well as its own colour.

use super::TimeLab;
use crate::core::timesync::discipline::Kind;
use crate::core::timesync::Run;
use yew::prelude::*;

const W: f64 = 300.0;
const H: f64 = 190.0;
/// Room for the axes' numbers and words.
const LEFT: f64 = 58.0;
const BOTTOM: f64 = 40.0;
const TOP: f64 = 10.0;
const RIGHT: f64 = 10.0;
/// Samples along the run, besides those around steps.
const SAMPLES: usize = 240;
/// Dashes, one per node in turn, so colour is never the only signal.
const DASHES: [&str; 5] = ["", "8 4", "2 3", "10 3 2 3", "4 4"];

#[derive(Properties, PartialEq)]
pub struct PlotProps {
    pub lab: TimeLab,
}

/// One node's curve and its corrections, in data coordinates.
struct Series {
    points: Vec<(f64, f64)>,
    steps: Vec<(f64, f64)>,
    slews: Vec<Vec<(f64, f64)>>,
}

fn series(run: &Run, n: usize) -> Series {
    let until = run.scenario.until;
    let offset = |t: f64| run.local_time(n, t) - t;
    let mine: Vec<_> = run.adjustments.iter().filter(|a| a.node == n).collect();
    let mut times: Vec<f64> = (0..=SAMPLES).map(|k| until * k as f64 / SAMPLES as f64).collect();
    let steps: Vec<f64> = mine.iter().filter(|a| a.decision.kind == Kind::Step).map(|a| a.at).collect();
    times.extend(steps.iter().flat_map(|&t| [t - 1e-9, t + 1e-9]));
    let slews: Vec<(f64, f64)> = mine
        .iter()
        .filter_map(|a| {
            let rate = a.decision.rate_ppm.filter(|r| *r != 0.0)?;
            Some((a.at, (a.at + a.decision.amount / (rate * 1e-6)).min(until)))
        })
        .collect();
    times.extend(slews.iter().flat_map(|&(a, b)| [a, b]));
    times.sort_by(f64::total_cmp);
    let points: Vec<(f64, f64)> = times.iter().map(|&t| (t, offset(t))).collect();
    let slews = slews
        .iter()
        .map(|&(a, b)| points.iter().copied().filter(|&(t, _)| t >= a && t <= b).collect())
        .collect();
    Series { steps: steps.iter().map(|&t| (t, offset(t + 1e-9))).collect(), points, slews }
}

/// A round step for the axis: 1, 2 or 5 times a power of ten.
fn nice(span: f64) -> f64 {
    let raw = span / 4.0;
    let p = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * p).find(|s| *s >= raw).unwrap_or(p * 10.0)
}

#[component]
pub fn OffsetPlot(p: &PlotProps) -> Html {
    let run = &p.lab.run;
    let names = &run.outcome.names;
    let all: Vec<Series> = (0..names.len()).map(|n| series(run, n)).collect();
    let ys = all.iter().flat_map(|s| s.points.iter().map(|p| p.1));
    let (lo, hi) = ys.fold((0.0f64, 0.0f64), |(l, h), y| (l.min(y), h.max(y)));
    let pad = ((hi - lo) * 0.08).max(1e-6);
    let (lo, hi) = (lo - pad, hi + pad);
    let until = run.scenario.until;
    let x = move |t: f64| LEFT + t / until * (W - LEFT - RIGHT);
    let y = move |v: f64| TOP + (hi - v) / (hi - lo) * (H - TOP - BOTTOM);
    let path = |pts: &[(f64, f64)]| {
        pts.iter()
            .enumerate()
            .map(|(k, &(t, v))| format!("{}{:.1},{:.1}", if k == 0 { "M" } else { "L" }, x(t), y(v)))
            .collect::<String>()
    };
    let (ystep, xstep) = (nice(hi - lo), nice(until));
    let yticks = ((lo / ystep).ceil() as i64..=(hi / ystep).floor() as i64).map(|k| k as f64 * ystep);
    let xticks = (0..=(until / xstep).floor() as i64).map(|k| k as f64 * xstep);
    html! {
        <section class="time-plot" aria-label="Offset from true time">
            <h3>{"Offset from true time"}</h3>
            <svg id="time-offset-plot" width={W.to_string()} height={H.to_string()} viewBox={format!("0 0 {W} {H}")} role="img"
                 aria-label="Each clock's offset from true time over the run, in seconds">
                <line class="axis" x1={LEFT.to_string()} x2={LEFT.to_string()} y1={TOP.to_string()} y2={(H - BOTTOM).to_string()} />
                <line class="axis" x1={LEFT.to_string()} x2={(W - RIGHT).to_string()} y1={(H - BOTTOM).to_string()} y2={(H - BOTTOM).to_string()} />
                <line class="zero" x1={LEFT.to_string()} x2={(W - RIGHT).to_string()} y1={y(0.0).to_string()} y2={y(0.0).to_string()} />
                { for yticks.map(|v| html! {
                    <text class="tick" x={(LEFT - 4.0).to_string()} y={(y(v) + 5.0).to_string()} text-anchor="end">{ short(v) }</text>
                }) }
                { for xticks.map(|t| html! {
                    <text class="tick" x={x(t).to_string()} y={(H - BOTTOM + 16.0).to_string()} text-anchor="middle">{ short(t) }</text>
                }) }
                <text class="tick" x={((LEFT + W) / 2.0).to_string()} y={(H - 4.0).to_string()} text-anchor="middle">{"true time (s)"}</text>
                <text class="tick" transform={format!("translate(13 {}) rotate(-90)", (TOP + H - BOTTOM) / 2.0)} text-anchor="middle">{"offset (s)"}</text>
                { for all.iter().enumerate().map(|(n, s)| html! {
                    <g class={format!("series c{}", n % 6)} data-node={names[n].clone()}>
                        { for s.slews.iter().filter(|p| p.len() > 1).map(|pts| html! { <path class="slew" d={path(pts)} /> }) }
                        <path class="curve" d={path(&s.points)} stroke-dasharray={DASHES[n % DASHES.len()]} />
                        { for s.steps.iter().map(|&(t, v)| html! {
                            <path class="step" d={format!("M{:.1},{:.1}l-5,9h10z", x(t), y(v) - 4.0)} />
                        }) }
                    </g>
                }) }
            </svg>
            { legend(names) }
        </section>
    }
}

/// Axis numbers in a short form.
fn short(v: f64) -> String {
    let text = format!("{v:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

/// The legend: each node's dash and colour, and the correction marks.
fn legend(names: &[String]) -> Html {
    html! {
        <ul class="time-legend" id="time-plot-legend">
            { for names.iter().enumerate().map(|(n, name)| html! {
                <li class={format!("series c{}", n % 6)}>
                    <svg width="34" height="12" aria-hidden="true"><path class="curve" d="M2,6H32" stroke-dasharray={DASHES[n % DASHES.len()]} /></svg>
                    { name.clone() }
                </li>
            }) }
            <li><svg width="34" height="14" aria-hidden="true"><path class="step" d="M17,1l-6,11h12z" /></svg>{"step"}</li>
            <li><svg width="34" height="12" aria-hidden="true"><path class="slew" d="M2,10L32,2" /></svg>{"slew"}</li>
        </ul>
    }
}
