//! The panel's sections on what the run did: the exchanges (the last
//! several, and the one selected on the diagram), NTP's latest selection,
//! the adjustments, and each node's metrics.

use super::legs::{exchange_of, half_asymmetry, true_error};
use super::TimeLab;
use crate::core::timesync::discipline::{secs, Kind};
use crate::core::timesync::metrics::node_metrics;
use crate::core::timesync::report::Exchange;
use crate::core::timesync::Algorithm;
use yew::prelude::*;

/// How many of the latest exchanges and adjustments are listed.
const LATEST: usize = 4;

/// Seconds as milliseconds, to the microsecond.
pub fn ms(x: f64) -> String {
    format!("{:+.3} ms", x * 1e3)
}

/// The exchange the diagram's selection is part of: a selected message,
/// or the message a selected event sends or receives.
fn selected_exchange(lab: &TimeLab, message: Option<&str>, event: Option<&str>) -> Option<usize> {
    let trace = &lab.run.outcome.trace;
    let by_message = message.and_then(|id| trace.message_by_id(id));
    let by_event = event
        .and_then(|id| trace.event_by_id(id))
        .and_then(|e| trace.received_by(e).first().or(trace.sent_by(e).first()).copied());
    let Some(m) = by_message.or(by_event) else { return dragged(lab) };
    let k = trace.message_id(m).strip_prefix('m')?.parse::<usize>().ok()?;
    exchange_of(&lab.legs, k - 1)
}

/// The exchange whose leg was dragged last, in the run that drag made.
fn dragged(lab: &TimeLab) -> Option<usize> {
    let (from, to, nth) = lab.dragged?;
    let messages = &lab.run.outcome.record.messages;
    let m = messages.iter().position(|m| m.from == from && m.to == to && m.nth == nth)?;
    exchange_of(&lab.legs, m)
}

/// The exchanges section.
pub fn exchanges(lab: &TimeLab, message: Option<&str>, event: Option<&str>) -> Html {
    let all = &lab.run.exchanges;
    if all.is_empty() {
        return html! {};
    }
    let chosen = selected_exchange(lab, message, event);
    let latest = all.len().saturating_sub(LATEST)..all.len();
    let shown: Vec<usize> = chosen.filter(|k| !latest.contains(k)).into_iter().chain(latest).collect();
    html! {
        <section class="time-exchanges" aria-label="Exchanges">
            <h3>{ format!("Exchanges ({} in all)", all.len()) }</h3>
            <p class="time-hint">{ formula(lab) }{" Its true error equals ½(d→ − d←) from the true times, but for the clocks' drift and slewing during the exchange (microseconds)."}</p>
            <ol class="time-list">
                { for shown.into_iter().map(|k| exchange(lab, k, Some(k) == chosen)) }
            </ol>
        </section>
    }
}

/// How the algorithm computes an exchange's offset and delay.
fn formula(lab: &TimeLab) -> &'static str {
    match lab.run.scenario.algorithm {
        Algorithm::Ntp => "Offset θ = ½[(T2 − T1) + (T3 − T4)], delay δ = (T4 − T1) − (T3 − T2).",
        Algorithm::Cristian | Algorithm::Berkeley => {
            "Offset T3 + RTT/2 − T4, with RTT = T4 − T1; accuracy ±(RTT/2 − min)."
        }
    }
}

/// One exchange: T1–T4 as read, offset, delay, true error, accuracy.
fn exchange(lab: &TimeLab, k: usize, chosen: bool) -> Html {
    let x: &Exchange = &lab.run.exchanges[k];
    let names = &lab.run.outcome.names;
    let s = &x.stamps;
    let error = true_error(&lab.run, x);
    let half = half_asymmetry(x);
    // The legs' message ids, as the diagram and the trace name them.
    let id = |m: Option<usize>| m.map(|m| format!("m{}", m + 1)).unwrap_or_default();
    let legs = lab.legs[k];
    html! {
        <li data-time-exchange={k.to_string()} data-time-request={id(legs.request)} data-time-reply={id(legs.reply)}
            class={classes!(chosen.then_some("chosen"))}>
            <strong>{ format!("#{} {} → {}", k + 1, names[x.client], names[x.server]) }</strong>
            if chosen { {" (chosen on the diagram)"} }
            if let Some(why) = x.discarded { <span class="time-discarded">{ format!(" discarded: {why}") }</span> }
            <br />
            <span class="time-stamps">{ format!("T1 {:.6} T2 {:.6} T3 {:.6} T4 {:.6}", s.t1, s.t2, s.t3, s.t4) }</span>
            <br />
            {"offset "}<span data-time-offset={x.offset.to_string()}>{ ms(x.offset) }</span>
            { format!(", delay {:.3} ms", x.delay * 1e3) }
            if let Some(a) = x.accuracy { { format!(", ±{:.3} ms", a * 1e3) } }
            <br />
            {"true error "}<span data-time-error={error.to_string()}>{ ms(error) }</span>
            {" · ½(d→ − d←) "}<span data-time-half-asymmetry={half.to_string()}>{ ms(half) }</span>
        </li>
    }
}

/// NTP's latest selection at each client.
pub fn selection(lab: &TimeLab) -> Html {
    let names = &lab.run.outcome.names;
    let mut latest: Vec<&crate::core::timesync::report::Selection> = Vec::new();
    for s in lab.run.selections.iter().rev() {
        if !latest.iter().any(|l| l.node == s.node) {
            latest.push(s);
        }
    }
    if latest.is_empty() {
        return html! {};
    }
    latest.reverse();
    let list = |ids: &[usize]| {
        if ids.is_empty() {
            "none".to_string()
        } else {
            ids.iter().map(|&n| names[n].as_str()).collect::<Vec<_>>().join(", ")
        }
    };
    html! {
        <section class="time-selection" aria-label="Selection">
            <h3>{"Latest selection"}</h3>
            <ul class="time-list">
                { for latest.iter().map(|s| html! {
                    <li data-time-selection={names[s.node].clone()}>
                        <strong>{ format!("{} at {:.1} s", names[s.node], s.at) }</strong><br />
                        { format!("truechimers: {}", list(&s.truechimers)) }<br />
                        { format!("falsetickers: {}", list(&s.falsetickers)) }<br />
                        { s.offset.map_or("no majority agreed: no offset".to_string(), |o| format!("combined offset {}", ms(o))) }
                    </li>
                }) }
            </ul>
        </section>
    }
}

/// The adjustments: every step and panic, and the latest few.
pub fn adjustments(lab: &TimeLab) -> Html {
    let all = &lab.run.adjustments;
    if all.is_empty() {
        return html! {};
    }
    let names = &lab.run.outcome.names;
    let count = |kind: Kind| all.iter().filter(|a| a.decision.kind == kind).count();
    let tally = format!(
        "{} steps, {} slews, {} refused (panic), {} left alone",
        count(Kind::Step),
        count(Kind::Slew),
        count(Kind::Panic),
        count(Kind::None)
    );
    let recent = all.len().saturating_sub(LATEST);
    let shown = all
        .iter()
        .enumerate()
        .filter(|(k, a)| *k >= recent || matches!(a.decision.kind, Kind::Step | Kind::Panic));
    html! {
        <section class="time-adjustments" aria-label="Adjustments">
            <h3>{"Adjustments"}</h3>
            <p>{ tally }</p>
            <ol class="time-list">
                { for shown.map(|(_, a)| {
                    let d = &a.decision;
                    let what = match d.kind {
                        Kind::Step => format!("stepped by {}", ms(d.amount)),
                        Kind::Slew => format!("slewing {} at {:.0} ppm", ms(d.amount), d.rate_ppm.unwrap_or_default()),
                        Kind::Panic => format!("refused {} (panic)", secs(d.amount)),
                        Kind::None => format!("left alone ({})", ms(d.amount)),
                    };
                    html! {
                        <li data-time-adjustment={d.kind.word()}>
                            <strong>{ format!("{} at {:.1} s: ", names[a.node], a.at) }</strong>{ what }<br />
                            <span class="time-rule">{ d.rule.clone() }</span>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

/// Each node's metrics: largest error, when it came within the bound, messages.
pub fn metrics(lab: &TimeLab) -> Html {
    let run = &lab.run;
    let offsets = run.offsets();
    let bound = run.scenario.bound;
    html! {
        <section class="time-metrics" aria-label="Metrics">
            <h3>{ format!("Metrics (bound {})", secs(bound)) }</h3>
            <ul class="time-list">
                { for run.outcome.names.iter().enumerate().map(|(n, name)| {
                    let m = node_metrics(&run.outcome.record, n, &offsets[n], bound);
                    let first = offsets[n].first().map_or(0.0, |o| o.0);
                    let within = match m.converged_at {
                        None => "not within the bound at the end".to_string(),
                        Some(t) if t <= first => "within the bound throughout".to_string(),
                        Some(t) => format!("within the bound from {t:.1} s on"),
                    };
                    let error = if m.max_error == 0.0 { "no error".to_string() } else { format!("max error {}", secs(m.max_error)) };
                    html! {
                        <li data-time-metrics={name.clone()}>
                            { format!("{name}: {error}, {within}, {} messages", m.messages) }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
