//! The legend under the diagram: an entry for each kind of mark on screen
//! now (core::diagram::legend decides which), each with the mark drawn as
//! the diagram draws it, so colour is never the only clue.

use super::diagram_layer::DiagramProps;
use super::shared::Shared;
use crate::core::diagram::drawing::Drawing;
use crate::core::diagram::glyphs;
use crate::core::diagram::legend::{entries, Entry, Key};
use crate::core::render::{seen, Highlight, Mark};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    pub diagram: Rc<DiagramProps>,
    pub drawing: Shared<Drawing>,
}

/// What the legend lists for the diagram on screen.
pub fn legend_entries(dp: &DiagramProps, drawing: &Drawing) -> Vec<Entry> {
    let trace = &dp.scene.placed.trace;
    let mut h = Highlight::default();
    if dp.cone.is_some() {
        h.marks = vec![Mark::Selected];
    }
    if dp.found.is_some() {
        h.marks.push(Mark::Found);
    }
    h.chain_messages = dp.proof.iter().flat_map(|p| p.messages.iter().copied()).collect();
    h.broken = dp.broken.messages.iter().copied().collect();
    h.broken_steps = dp.broken.steps.clone();
    let mut s = seen(trace, drawing, &h, &dp.overlay);
    s.runs = !dp.shape.folds.groups.is_empty();
    s.hidden = !dp.shape.through_hidden.is_empty();
    s.forks = s.forks && !drawing.dense;
    s.values = dp.legend_values.clone();
    s.payload = dp.legend_payload.clone();
    s.lesson =
        dp.lesson.as_ref().map(|m| m.kinds().into_iter().map(|k| k.word()).collect()).unwrap_or_default();
    s.cut = dp.cut.as_ref().map(|c| c.consistent);
    s.from_future = dp.cut.as_ref().is_some_and(|c| !c.violations.is_empty());
    s.control = !dp.overlay.control.is_empty();
    s.recorded = !dp.overlay.recorded.is_empty();
    s.recording = !dp.overlay.recording.is_empty();
    s.local_time = !drawing.ticks.is_empty() && !drawing.dense;
    s.logs = dp.logs.is_some();
    s.viewstamps = s.logs && dp.labels == super::state::ClockLabels::None;
    s.byzantine = dp.shape.names.iter().any(|n| n.ends_with(crate::core::diagram::BYZANTINE));
    entries(&s)
}

#[component]
pub fn Legend(p: &LegendProps) -> Html {
    let list = legend_entries(&p.diagram, &p.drawing);
    html! {
        <ul class="legend" data-legend="" aria-label="Legend">
            { for list.iter().map(|e| html! {
                <li data-legend-key={e.key.word()}>
                    <svg class="glyph" viewBox="0 0 24 18" width="24" height="18" aria-hidden="true">{ glyph(e.key) }</svg>
                    { e.text.clone() }
                </li>
            }) }
        </ul>
    }
}

/// A lesson mark as the diagram draws it (see the layer's `lesson_marks`).
fn lesson_glyph(key: Key) -> Html {
    let c = (10.0, 10.0);
    let outline = if key == Key::Highlight { glyphs::disc(c, 7.0) } else { glyphs::square(c, 6.0) };
    let badge = match key {
        Key::Right | Key::Missed => Some(glyphs::tick((18.0, 4.0), 3.5)),
        Key::Wrong => Some(glyphs::cross((18.0, 4.0), 3.5)),
        _ => None,
    };
    html! {
        <g class={classes!("lesson-mark", key.word())}>
            <circle class="dot" cx="10" cy="10" r="3" />
            <path class="outline" d={outline} />
            if let Some(b) = badge { <path class="badge" d={b} /> }
        </g>
    }
}

/// A legend mark, in the diagram's own classes.
pub fn glyph(key: Key) -> Html {
    let c = (12.0, 9.0);
    let dot = |class: &'static str| html! { <g class={classes!("event", class)}><circle cx="12" cy="9" r="6" /></g> };
    let cone =
        |word: &'static str| html! { <g class="event" data-cone={word}><circle cx="12" cy="9" r="6" /></g> };
    let line = |class: &'static str, marker: &'static str| {
        html! {
            <g class={classes!("message", class)}><line x1="2" y1="9" x2="21" y2="9" marker-end={marker} /></g>
        }
    };
    match key {
        Key::Event => dot("local"),
        Key::Selected => {
            html! { <g class="event" data-cone="self"><path class="ring" d={glyphs::disc(c, 8.0)} /><circle cx="12" cy="9" r="5" /></g> }
        }
        Key::Past => cone("past"),
        Key::Future => cone("future"),
        Key::Concurrent => cone("concurrent"),
        Key::Found => dot("found"),
        Key::Message => line("delivered", "url(#arrowhead)"),
        Key::InFlight => line("in-flight", "url(#open)"),
        Key::Lost => {
            html! { <g class="message lost"><line x1="2" y1="9" x2="18" y2="9" /><path class="lost-mark" d={glyphs::cross((18.0, 9.0), 4.0)} /></g> }
        }
        Key::ForkJoin => html! { <line class="fork-link" x1="2" y1="9" x2="22" y2="9" /> },
        Key::Hidden => {
            html! { <g class="through-hidden"><line x1="2" y1="9" x2="21" y2="9" marker-end="url(#open)" /></g> }
        }
        Key::Proof => line("proof", ""),
        Key::Broken => html! { <line class="broken-step" x1="2" y1="9" x2="22" y2="9" /> },
        Key::Run => {
            html! { <g class="event run"><path class="behind" d={glyphs::disc((8.0, 9.0), 6.0)} /><circle cx="14" cy="9" r="6" /></g> }
        }
        Key::Break => html! { <path class="axis-break" d={glyphs::axis_break(&[c], 6.0, true)} /> },
        Key::Crash => html! { <path class="crash" d={glyphs::cross(c, 6.0)} /> },
        Key::Blocked => html! { <rect class="blocked" x="2" y="4" width="20" height="10" /> },
        Key::Partition => html! { <rect class="partition" x="2" y="2" width="20" height="14" /> },
        Key::Commit => {
            html! { <g class="decision commit"><path class="badge" d={glyphs::disc(c, 7.0)} /><path class="sign" d={glyphs::tick(c, 7.0)} /></g> }
        }
        Key::Abort => {
            html! { <g class="decision abort"><path class="badge" d={glyphs::square(c, 7.0)} /><path class="sign" d={glyphs::cross(c, 3.5)} /></g> }
        }
        Key::Conflict => {
            html! { <g class="decision conflict"><path class="conflict-ring" d={glyphs::disc(c, 7.5)} /></g> }
        }
        Key::Diverged => html! { <path class="diverged" d={glyphs::diamond(c, 7.0)} /> },
        Key::Density => {
            html! { <g class="density"><rect x="6" y="4" width="4" height="10" /><rect x="14" y="1" width="4" height="16" /></g> }
        }
        Key::Payload => html! { <text class="label payload" x="12" y="14" text-anchor="middle">{"B"}</text> },
        Key::Values => html! { <text class="label value" x="12" y="14" text-anchor="middle">{"v"}</text> },
        Key::Highlight | Key::Picked | Key::Right | Key::Wrong | Key::Missed => lesson_glyph(key),
        Key::Cut => html! { <polyline class="cut-line" points="8,2 8,9 14,9 14,16" /> },
        Key::FromFuture => line("violation", "url(#arrowhead)"),
        Key::Control => line("control delivered", "url(#arrowhead)"),
        Key::Recorded => line("recorded delivered", "url(#arrowhead)"),
        Key::View => html! { <line class="view-start" x1="12" y1="1" x2="12" y2="17" /> },
        Key::Primary => html! { <rect class="primary-band" x="2" y="5" width="20" height="8" /> },
        Key::Viewstamp => {
            html! { <text class="glyph-text" x="12" y="13" text-anchor="middle">{ "⟨⟩" }</text> }
        }
        Key::Status => html! { <rect class="status-band" x="2" y="5" width="20" height="8" /> },
        Key::Committed => {
            html! { <rect class="log-cell committed" x="3" y="3" width="18" height="12" rx="2" /> }
        }
        Key::Uncommitted => {
            html! { <rect class="log-cell uncommitted" x="3" y="3" width="18" height="12" rx="2" /> }
        }
        Key::Byzantine => {
            html! { <text class="glyph-text" x="12" y="14" text-anchor="middle">{ crate::core::diagram::BYZANTINE }</text> }
        }
        Key::LocalTime => html! { <path class="local-tick" d="M2 13H22M12 15V3" /> },
        Key::Certificate | Key::Shortfall | Key::Checkpoint | Key::ViewChangeNote => {
            let word = match key {
                Key::Shortfall => "shortfall",
                Key::Checkpoint => "checkpoint",
                Key::ViewChangeNote => "view-change",
                _ => "certificate",
            };
            html! { <rect class={classes!("note-box", word)} x="3" y="3" width="18" height="12" rx="3" /> }
        }
        Key::Recording => {
            html! { <g class="event"><circle cx="12" cy="9" r="5" /><path class="recording" d={glyphs::square(c, 8.0)} /></g> }
        }
    }
}
