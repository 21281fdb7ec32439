//! The SVG (and PNG) export: the picture on screen, drawn by the core at
//! its natural size, with the title, caption, relation and legend.

use super::diagram_head::Head;
use super::diagram_layer::DiagramProps;
use super::legend::legend_entries;
use crate::core::diagram::drawing::{draw, Subject};
use crate::core::diagram::metrics::Style;
use crate::core::render::{picture as draw_picture, Highlight, Words};

/// The picture: its SVG text, width and height.
pub fn picture(dp: &DiagramProps, head: &Head, dark: bool) -> (String, f32, f32) {
    let trace = &dp.scene.placed.trace;
    // Exports are drawn at the page's normal size, whatever the mode.
    let mut shape = (*dp.shape).clone();
    shape.style = Style::NORMAL;
    let subject = Subject { trace, shape: &shape, texts: &dp.texts, overlay: &dp.overlay, focus: &dp.focus };
    let drawing = draw(&subject, shape.natural(&dp.texts), None);
    let found: Vec<crate::core::EventIdx> =
        dp.found.iter().flat_map(|f| f.iter().enumerate().filter(|x| *x.1).map(|x| x.0 as u32)).collect();
    let marks = super::view_model::marks(dp.cone.as_deref().map(Vec::as_slice), &found, trace.event_count());
    let highlight = Highlight {
        marks,
        chain: dp.proof.iter().flat_map(|p| p.events.iter().copied()).collect(),
        chain_messages: dp.proof.iter().flat_map(|p| p.messages.iter().copied()).collect(),
        witness: dp
            .proof
            .iter()
            .flat_map(|p| [p.a, p.b].into_iter().filter_map(|e| p.witness_entry(e).map(|w| (e, w))))
            .collect(),
        broken: dp.broken.messages.iter().copied().collect(),
        broken_steps: dp.broken.steps.clone(),
    };
    let words = Words {
        title: head.title.clone(),
        caption: head.caption.clone(),
        relation: head.relation.clone(),
        legend: legend_entries(dp, &drawing),
        beside: dp.logs.as_ref().map(|l| {
            let along = drawing.layout.line_span.1 + 8.0;
            crate::core::diagram::logs::column(&l.logs, &drawing.layout, &shape.style, along, l.title.clone())
        }),
    };
    draw_picture(&subject, &drawing, &highlight, &words, dark)
}
