//! The tooltip on a hovered or focused event: how its clocks came about,
//! e.g. "receive of m2: max(3, 5) + 1 = 6".

use super::diagram_layer::LayerProps;
use super::state::ClockLabels;
use crate::core::explain;
use crate::core::formats::text::clip;
use crate::core::layout::Orientation;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TooltipProps {
    pub layer: Rc<LayerProps>,
    pub event: String,
    /// The part of the drawing in view: x, y, width, height.
    pub view: (f32, f32, f32, f32),
}

/// Width of one character of the tooltip's 14px monospace text.
const CHAR: f32 = 14.0 * 0.62;

/// Characters of log text a tooltip line shows.
const CLIP: usize = 90;

#[component]
pub fn Tooltip(props: &TooltipProps) -> Html {
    let layer = &props.layer.diagram;
    let trace = &layer.scene.placed.trace;
    let Some(e) = trace.event_by_id(&props.event) else { return html! {} };
    let mut lines = vec![format!("{} ({})", props.event, explain::kind(trace, e))];
    if let Some(action) = trace.label(e) {
        lines.push(format!("action: {}", clip(action, CLIP)));
    }
    // What an imported log said of it: its named groups and its line.
    for (name, value) in layer.scene.document.fields.get(&props.event).into_iter().flatten() {
        lines.push(format!("{name}: {}", clip(value, CLIP)));
    }
    lines.push(format!("Lamport: {}", layer.analysis.lamport.derivation(trace, e)));
    if let Some(clock) =
        layer.texts.clock.get(e as usize).cloned().flatten().filter(|_| layer.labels == ClockLabels::Crdt)
    {
        lines.push(format!("value: {}", clock.join("")));
    }
    if layer.labels == ClockLabels::Vector {
        lines.push(format!("vector: {}", explain::vector_derivation(trace, &layer.analysis.vectors, e)));
    }
    if layer.labels == ClockLabels::Itc {
        lines.push(format!("ITC: {}", explain::itc_derivation(trace, e)));
        match layer.analysis.itc(trace) {
            Ok(itc) => lines.push(format!("    = {}", itc.of(e))),
            Err(refused) => lines.push(refused.to_string()),
        }
    }
    if let Some(g) = layer.shape.folds.group_of(e) {
        lines.push(format!("a collapsed run of {} events: click to open it", g.events.len()));
    }
    let Some((x, y)) = props.layer.drawing.layout.shown(e) else { return html! {} };
    let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f32 * CHAR + 16.0;
    let height = lines.len() as f32 * 19.0 + 10.0;
    // Below-right of the dot, flipped to stay inside the view.
    let (vx, vy, vw, vh) = props.view;
    let left = if x + 14.0 + width > vx + vw { (x - 14.0 - width).max(vx + 4.0) } else { x + 14.0 };
    let below =
        if props.layer.drawing.layout.orientation == Orientation::Horizontal { y + 50.0 } else { y + 14.0 };
    let top = if below + height > vy + vh { (y - 30.0 - height).max(vy + 4.0) } else { below };
    html! {
        <g class="tooltip" role="tooltip" data-tooltip-for={props.event.clone()}>
            <rect x={left.to_string()} y={top.to_string()} width={width.to_string()} height={height.to_string()} rx="5" />
            { for lines.iter().enumerate().map(|(i, line)| html! {
                <text x={(left + 8.0).to_string()} y={(top + 21.0 + i as f32 * 19.0).to_string()}>{ line.clone() }</text>
            }) }
        </g>
    }
}
