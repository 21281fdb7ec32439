//! A plot on the page, drawn from the core's laid-out [`Plot`]: axes with
//! their ticks and words, each series a line with its own marker and dash,
//! and a legend of the same marks, so colour is never the only signal.

use crate::core::chart::{lay_out, short, Plot};
use yew::prelude::*;

const W: f32 = 300.0;
const H: f32 = 210.0;

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    pub plot: Plot,
}

#[component]
pub fn Chart(p: &ChartProps) -> Html {
    let plot = &p.plot;
    let l = lay_out(plot, W, H);
    let a = l.area;
    let path = |pts: &[(f32, f32)]| {
        pts.iter()
            .enumerate()
            .map(|(k, (x, y))| format!("{}{x:.1},{y:.1}", if k == 0 { "M" } else { "L" }))
            .collect::<String>()
    };
    html! {
        <figure class="chart" id={plot.id.clone()}>
            <figcaption>{ plot.title.clone() }</figcaption>
            <svg width={W.to_string()} height={H.to_string()} viewBox={format!("0 0 {W} {H}")} role="img" aria-label={plot.title.clone()}>
                <path class="axis" d={format!("M{:.1},{:.1}V{:.1}H{:.1}", a.x0, a.y0, a.y1, a.x1)} />
                { for l.y_ticks.iter().map(|(y, text)| html! {
                    <>
                        <line class="grid" x1={a.x0.to_string()} x2={a.x1.to_string()} y1={y.to_string()} y2={y.to_string()} />
                        <text class="tick" x={(a.x0 - 5.0).to_string()} y={(y + 5.0).to_string()} text-anchor="end">{ text.clone() }</text>
                    </>
                }) }
                { for l.x_ticks.iter().map(|(x, text)| html! {
                    <text class="tick" x={x.to_string()} y={(a.y1 + 17.0).to_string()} text-anchor="middle">{ text.clone() }</text>
                }) }
                <text class="tick" x={((a.x0 + a.x1) / 2.0).to_string()} y={(H - 4.0).to_string()} text-anchor="middle">{ plot.x_label.clone() }</text>
                <text class="tick" transform={format!("translate(14 {}) rotate(-90)", (a.y0 + a.y1) / 2.0)} text-anchor="middle">{ plot.y_label.clone() }</text>
                { for l.series.iter().enumerate().map(|(k, s)| html! {
                    <g class={classes!("series", format!("c{k}"), s.series.dashed.then_some("dashed"))} data-series={s.series.name.clone()}>
                        <path class="curve" d={path(&s.points)} />
                        { for s.points.iter().zip(&s.series.points).map(|(&at, &(x, y))| html! {
                            <path class="marker" d={s.series.marker.path(at, 4.5)} data-x={x.to_string()} data-y={y.to_string()}>
                                <title>{ format!("{}: {}, {}", s.series.name, short(x), short(y)) }</title>
                            </path>
                        }) }
                    </g>
                }) }
            </svg>
            <ul class="chart-legend">
                { for plot.series.iter().enumerate().map(|(k, s)| html! {
                    <li class={classes!("series", format!("c{k}"), s.dashed.then_some("dashed"))}>
                        <svg width="34" height="14" aria-hidden="true">
                            <path class="curve" d="M2,7H32" />
                            <path class="marker" d={s.marker.path((17.0, 7.0), 4.5)} />
                        </svg>
                        { s.name.clone() }
                    </li>
                }) }
            </ul>
        </figure>
    }
}
