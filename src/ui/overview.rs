//! The overview strip of a long diagram: the whole run as events per
//! stretch of time on each line, and the part in view as a window to drag
//! (a minimap). Shown only when the diagram is longer than the view.

use super::scene::Scene;
use super::shared::Shared;
use crate::core::diagram::density::density;
use crate::core::diagram::drawing::Drawing;
use crate::core::layout::Orientation;
use std::rc::Rc;
use web_sys::{Element, PointerEvent};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OverviewProps {
    pub drawing: Shared<Drawing>,
    pub trace: Rc<Scene>,
    /// Where the view starts along time, and how long it is (px).
    pub start: f32,
    pub length: f32,
    /// Moves the view's start.
    pub on_pan: Callback<f32>,
}

/// The strip's width in its own units.
const W: f32 = 1000.0;
/// Its height.
const H: f32 = 36.0;

#[component]
pub fn Overview(p: &OverviewProps) -> Html {
    let layout = &p.drawing.layout;
    let horizontal = layout.orientation == Orientation::Horizontal;
    let total = if horizontal { layout.width } else { layout.height };
    let strip = use_node_ref();
    let dragging = use_mut_ref(|| false);
    // All the bars are one path: a long run has thousands of them, and one
    // element costs the browser far less to style and paint than thousands.
    let bars = use_memo((p.drawing.clone(), p.trace.clone()), |(d, scene)| {
        let l = &d.layout;
        let total = if l.orientation == Orientation::Horizontal { l.width } else { l.height };
        let buckets = density(&scene.placed.trace, l, (total / 240.0).max(1.0), None);
        let lanes: Vec<u32> = {
            let mut shown: Vec<(f32, u32)> =
                l.shown_processes().filter_map(|q| l.lane(q).map(|y| (y, q))).collect();
            shown.sort_by(|a, b| a.0.total_cmp(&b.0));
            shown.into_iter().map(|(_, q)| q).collect()
        };
        let row = H / lanes.len().max(1) as f32;
        let most = buckets.iter().map(|b| b.count).max().unwrap_or(1) as f32;
        let mut path = String::new();
        for b in &buckets {
            let Some(i) = lanes.iter().position(|&q| q == b.process) else { continue };
            let (a0, a1) = if l.orientation == Orientation::Horizontal {
                (b.rect.x0, b.rect.x1)
            } else {
                (b.rect.y0, b.rect.y1)
            };
            let h = row * (0.3 + 0.7 * b.count as f32 / most);
            let (x, w, y) =
                (a0 / total * W, ((a1 - a0) / total * W).max(0.8), i as f32 * row + (row - h) / 2.0);
            path.push_str(&format!("M{x:.1} {y:.1}h{w:.1}v{h:.1}h-{w:.1}z"));
        }
        AttrValue::from(path)
    });
    if total <= p.length * 1.15 {
        return html! {};
    }
    let to_start = {
        let (strip, on_pan, length) = (strip.clone(), p.on_pan.clone(), p.length);
        move |client_x: i32| {
            let Some(el) = strip.cast::<Element>() else { return };
            let r = el.get_bounding_client_rect();
            let f = ((client_x as f64 - r.left()) / r.width().max(1.0)) as f32;
            on_pan.emit(f * total - length / 2.0);
        }
    };
    let down = {
        let (to_start, dragging) = (to_start.clone(), dragging.clone());
        Callback::from(move |e: PointerEvent| {
            *dragging.borrow_mut() = true;
            if let Some(t) = e.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<Element>(t).ok()) {
                let _ = t.set_pointer_capture(e.pointer_id());
            }
            to_start(e.client_x());
        })
    };
    let moved = {
        let dragging = dragging.clone();
        Callback::from(move |e: PointerEvent| {
            if *dragging.borrow() {
                to_start(e.client_x());
            }
        })
    };
    let up = Callback::from(move |_: PointerEvent| *dragging.borrow_mut() = false);
    let x = (p.start / total * W).clamp(0.0, W);
    let w = (p.length / total * W).clamp(4.0, W);
    html! {
        <svg ref={strip} class="overview" data-overview="" viewBox={format!("0 0 {W} {H}")} preserveAspectRatio="none"
             role="slider" aria-label="Overview of the whole run: drag the window to move the view"
             aria-valuemin="0" aria-valuemax="100" aria-valuenow={format!("{:.0}", x / W * 100.0)}
             onpointerdown={down} onpointermove={moved} onpointerup={up}>
            <path class="bar" d={(*bars).clone()} />
            <rect class="window" data-overview-window="" x={format!("{x:.1}")} y="0.5" width={format!("{w:.1}")} height={format!("{}", H - 1.0)} />
        </svg>
    }
}
