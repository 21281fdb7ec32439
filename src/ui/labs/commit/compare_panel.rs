//! VR and PBFT side by side on the page: a button in the Replicas lab
//! opens the comparison ([`crate::core::sim::compare`]) over the page, one
//! fault at a time: both runs' space-time diagrams, one above the other
//! with their names, and a table of their figures and verdicts. The
//! address's `?compare=FAULT` opens it (with the lab's `?scenario=`), and
//! the view links to itself.

use crate::core::diagram::legend::Entry;
use crate::core::sim::compare::{self, Drawn, Fault, Side, SIZES, WORKLOAD};
use crate::core::sim::scenario::Scenario;
use crate::ui::legend::glyph;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// How much room each diagram is drawn for, in pixels: beside the table,
/// two of them one above the other within 1280 × 720.
const PICTURE: (f32, f32) = (800.0, 190.0);

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    /// The lab's scenario: a VR or a PBFT one (the button names the other).
    pub scenario: Rc<Scenario>,
}

/// The fault the address asks for (`?compare=crashed-primary`).
fn asked() -> Option<Fault> {
    let search = web_sys::window()?.location().search().ok()?;
    let value = search.trim_start_matches('?').split('&').find_map(|p| p.strip_prefix("compare="))?;
    Fault::from_name(value)
}

#[component]
pub fn ComparePanel(p: &CompareProps) -> Html {
    let open = use_state(asked);
    let other = if p.scenario.protocol.pbft().is_some() { "VR" } else { "PBFT" };
    let show = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(Some(Fault::None)))
    };
    html! {
        <>
            <button id="compare-open" onclick={show}>{ format!("Compare with {other}") }</button>
            if let Some(fault) = *open { <CompareView {fault} on_fault={Callback::from({ let open = open.clone(); move |f| open.set(f) })} /> }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ViewProps {
    fault: Fault,
    /// Another fault, or `None` to close the view.
    on_fault: Callback<Option<Fault>>,
}

#[component]
fn CompareView(p: &ViewProps) -> Html {
    let sides = use_memo(p.fault, |&fault| compare::compare(&WORKLOAD, fault, SIZES).map(Rc::new));
    let pick = p
        .on_fault
        .reform(|e: Event| Fault::from_name(&e.target_unchecked_into::<HtmlSelectElement>().value()));
    let close = p.on_fault.reform(|_: MouseEvent| None);
    let link = format!("?lab=replication&compare={}", p.fault.name());
    html! {
        <div class="overlay" role="presentation">
            <section id="compare" class="dialog compare" role="dialog" aria-modal="true" aria-labelledby="compare-title" data-fault={p.fault.name()}>
                <header class="compare-head">
                    <h2 id="compare-title">{"VR and PBFT side by side"}</h2>
                    <label>{"Fault "}
                        <select id="compare-fault" onchange={pick}>
                            { for Fault::ALL.iter().map(|&f| html! {
                                <option value={f.name()} selected={f == p.fault}>{ f.title() }</option>
                            }) }
                        </select>
                    </label>
                    <a id="compare-link" href={link}>{"Link to this comparison"}</a>
                    <button class="close" onclick={close} aria-label="Close the comparison">{"×"}</button>
                </header>
                <p class="hint">{ format!("The same workload under both: K1 asks {}.", workload()) }</p>
                { match &*sides {
                    Ok(sides) => body(sides),
                    Err(e) => html! { <p class="error" role="alert">{ e.clone() }</p> },
                } }
            </section>
        </div>
    }
}

fn workload() -> String {
    WORKLOAD.iter().map(|(at, op)| format!("{op} at {at}")).collect::<Vec<_>>().join(", ")
}

fn body(sides: &[Side; 2]) -> Html {
    // Both themes' pictures are drawn; the stylesheet shows the page's.
    let (light, dark) =
        match (compare::pictures(sides, PICTURE, false), compare::pictures(sides, PICTURE, true)) {
            (Ok(l), Ok(d)) => (l, d),
            (Err(e), _) | (_, Err(e)) => return html! { <p class="error" role="alert">{ e }</p> },
        };
    let mut legend: Vec<Entry> = Vec::new();
    for e in light.iter().flat_map(|d| &d.legend) {
        if !legend.iter().any(|l| l.key == e.key) {
            legend.push(e.clone());
        }
    }
    html! {
        <div class="compare-body">
            <div class="compare-diagrams">
                { for (0..2).map(|k| diagram(&sides[k], [&light[k], &dark[k]])) }
            </div>
            <div class="compare-figures">
                { table(sides) }
                    <ul class="legend compare-legend" aria-label="Legend of both diagrams">
                        { for legend.iter().map(|e| html! {
                            <li data-legend-key={e.key.word()}>
                                <svg class="glyph" viewBox="0 0 24 18" width="24" height="18" aria-hidden="true">{ glyph(e.key) }</svg>
                                { e.text.clone() }
                            </li>
                        }) }
                    </ul>
            </div>
        </div>
    }
}

/// A side's diagram, in the light and the dark palette.
fn diagram(side: &Side, drawn: [&Drawn; 2]) -> Html {
    let name = side.protocol.to_lowercase();
    let picture = |d: &Drawn, theme: &'static str| {
        let node = crate::ui::dom::svg_node(&d.svg, &format!("compare-{name}-{theme}"));
        html! { <div class={classes!("compare-picture", theme)}>{ node.map(Html::VRef).unwrap_or_default() }</div> }
    };
    html! {
        <figure class="compare-diagram" data-protocol={name.clone()} aria-label={format!("{}, {} replicas: space-time diagram", side.protocol, side.replicas)}>
            { picture(drawn[0], "light") }{ picture(drawn[1], "dark") }
        </figure>
    }
}

/// A figure of a side, if it has one.
type Figure = fn(&Side) -> Option<f64>;

/// The figures, one row each, VR's column then PBFT's.
fn table(sides: &[Side; 2]) -> Html {
    let num = |x: Option<f64>| x.map_or("–".to_string(), |x| format!("{x:.2}"));
    let mut rows: Vec<(String, String, [String; 2])> = vec![(
        "answered".into(),
        "requests answered".into(),
        [&sides[0], &sides[1]].map(|s| format!("{} of {}", s.answered, s.requests)),
    )];
    for name in property_names(sides) {
        let verdict = |s: &Side| match s.verdicts().iter().find(|c| c.name == name) {
            Some(c) if c.holds => "✓ holds".to_string(),
            Some(_) => "✗ violated".to_string(),
            None => "–".to_string(),
        };
        rows.push((format!("property-{name}"), name.to_string(), [verdict(&sides[0]), verdict(&sides[1])]));
    }
    let figures: [(&str, &str, Figure); 4] = [
        ("messages", "messages per request", |s| s.messages_per_request),
        ("delays", "message delays to the reply", |s| s.message_delays),
        ("latency", "latency (mean)", |s| s.latency),
        ("throughput", "throughput (requests per unit)", |s| s.throughput),
    ];
    for (id, what, f) in figures {
        rows.push((id.into(), what.into(), [num(f(&sides[0])), num(f(&sides[1]))]));
    }
    let availability = |s: &Side| {
        format!("{:.4} ± {:.4} (closed form {:.4})", s.availability.0, s.availability.1, s.closed_form)
    };
    rows.push((
        "availability".into(),
        "availability, random crashes".into(),
        [availability(&sides[0]), availability(&sides[1])],
    ));
    html! {
        <table id="compare-table" class="compare-table">
            <thead><tr><th scope="col">{"figure"}</th>
                { for sides.iter().map(|s| html! { <th scope="col">{ format!("{}, {} replicas", s.protocol, s.replicas) }</th> }) }
            </tr></thead>
            <tbody>
                { for rows.into_iter().map(|(id, what, cells)| html! {
                    <tr key={id.clone()} data-figure={id}>
                        <th scope="row">{ what }</th>
                        { for cells.into_iter().map(|c| html! {
                            <td class={classes!(c.starts_with('✓').then_some("ok"), c.starts_with('✗').then_some("bad"))}>{ c }</td>
                        }) }
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// The declared properties of either side, in the order first seen.
fn property_names(sides: &[Side; 2]) -> Vec<&'static str> {
    let mut names = Vec::new();
    for c in sides.iter().flat_map(|s| s.verdicts()) {
        if !names.contains(&c.name) {
            names.push(c.name);
        }
    }
    names
}
