//! The space-time diagram as SVG: one line per process, a dot per event, an
//! arrow per message. Coordinates come from core::layout.

use crate::core::layout::{layout, Layout, Spacing};
use crate::core::{Analysis, EventIdx, Trace};
use std::rc::Rc;
use yew::prelude::*;

/// A trace with its analysis, shared by reference.
pub struct Model {
    pub trace: Trace,
    pub analysis: Analysis,
}

impl PartialEq for Model {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// Which clock each event is labelled with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockLabels {
    None,
    Lamport,
    Vector,
}

impl ClockLabels {
    pub const ALL: [ClockLabels; 3] = [ClockLabels::None, ClockLabels::Lamport, ClockLabels::Vector];

    pub fn name(self) -> &'static str {
        match self {
            ClockLabels::None => "none",
            ClockLabels::Lamport => "lamport",
            ClockLabels::Vector => "vector",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ClockLabels::None => "None",
            ClockLabels::Lamport => "Lamport",
            ClockLabels::Vector => "Vector",
        }
    }

    pub fn from_name(name: &str) -> Self {
        Self::ALL.into_iter().find(|l| l.name() == name).unwrap_or(ClockLabels::None)
    }
}

#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    pub model: Rc<Model>,
    pub layout: Rc<Layout>,
    pub labels: ClockLabels,
}

/// The layout for `labels`: columns as wide as the widest label.
pub fn layout_for(model: &Model, labels: ClockLabels) -> Layout {
    let widest = (0..model.trace.event_count() as u32)
        .map(|e| clock_label(model, labels, e).map_or(0, |l| l.len()))
        .max()
        .unwrap_or(0);
    layout(&model.trace, &Spacing::for_labels(widest))
}

pub fn clock_label(model: &Model, labels: ClockLabels, e: EventIdx) -> Option<String> {
    let a = &model.analysis;
    match labels {
        ClockLabels::None => None,
        ClockLabels::Lamport => Some(a.lamport.time(e).to_string()),
        ClockLabels::Vector => {
            let entries: Vec<String> = a.vectors.of(e).iter().map(u32::to_string).collect();
            Some(format!("[{}]", entries.join(",")))
        }
    }
}

#[component]
pub fn Diagram(props: &DiagramProps) -> Html {
    let model = &*props.model;
    let (trace, layout) = (&model.trace, &*props.layout);
    let view_box = format!("0 0 {} {}", layout.width, layout.height);
    let aria = format!(
        "Space-time diagram of {} processes and {} events",
        trace.process_count(),
        trace.event_count()
    );
    html! {
        <svg class="diagram" viewBox={view_box} role="img" aria-label={aria}
             width={layout.width.to_string()} height={layout.height.to_string()}>
            <defs>
                <marker id="arrowhead" viewBox="0 0 10 10" refX="10" refY="5"
                        markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
                </marker>
            </defs>
            { for (0..trace.process_count() as u32).map(|p| process_line(trace, layout, p)) }
            { for (0..trace.message_count() as u32).map(|m| message_arrow(trace, layout, m)) }
            { for (0..trace.event_count() as u32).map(|e| event_dot(model, layout, props.labels, e)) }
        </svg>
    }
}

fn process_line(trace: &Trace, layout: &Layout, p: u32) -> Html {
    let y = layout.lanes[p as usize].to_string();
    let name = trace.process_name(p).to_string();
    html! {
        <g class="process" key={format!("p-{name}")} data-process={name.clone()}>
            <text x="12" y={y.clone()} class="process-name" dominant-baseline="middle">{ name }</text>
            <line x1={layout.line_span.0.to_string()} y1={y.clone()} x2={layout.line_span.1.to_string()} y2={y} />
        </g>
    }
}

fn message_arrow(trace: &Trace, layout: &Layout, m: u32) -> Html {
    let id = trace.message_id(m).to_string();
    let (x1, y1) = layout.at(trace.send_of(m));
    let (class, (x2, y2), title) = match trace.receive_of(m) {
        Some(r) => ("message", layout.at(r), format!("message {id}")),
        // Lost or still in flight: a short dashed stub that ends nowhere.
        None => ("message lost", (x1 + 40.0, y1 + 30.0), format!("message {id}: sent, never received")),
    };
    // Stop short of the receiving dot so the arrowhead stays visible.
    let (dx, dy) = (x2 - x1, y2 - y1);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let shorten = if trace.receive_of(m).is_some() { 11.0 } else { 0.0 };
    let (x2, y2) = (x2 - dx / len * shorten, y2 - dy / len * shorten);
    html! {
        <g class={class} key={format!("m-{id}")} data-message-id={id}>
            <title>{ title }</title>
            <line x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()}
                  marker-end="url(#arrowhead)" />
        </g>
    }
}

fn event_dot(model: &Model, layout: &Layout, labels: ClockLabels, e: EventIdx) -> Html {
    let trace = &model.trace;
    let id = trace.event_id(e).to_string();
    let (x, y) = layout.at(e);
    let derivation = model.analysis.lamport.derivation(trace, e);
    let action = trace.label(e).map(str::to_string);
    let title = match &action {
        Some(a) => format!("{id} ({}): {a}\nLamport {derivation}", trace.kind(e).as_str()),
        None => format!("{id} ({})\nLamport {derivation}", trace.kind(e).as_str()),
    };
    html! {
        <g class={classes!("event", trace.kind(e).as_str())} key={format!("e-{id}")} data-event-id={id.clone()}>
            <title>{ title }</title>
            <circle cx={x.to_string()} cy={y.to_string()} r="9" />
            <text x={x.to_string()} y={(y + 26.0).to_string()} class="event-id" text-anchor="middle">{ id }</text>
            if let Some(clock) = clock_label(model, labels, e) {
                <text x={x.to_string()} y={(y - 16.0).to_string()} class="clock" text-anchor="middle">{ clock }</text>
            }
            if let Some(action) = action {
                <text x={x.to_string()} y={(y + 42.0).to_string()} class="action" text-anchor="middle">{ action }</text>
            }
        </g>
    }
}
