//! The panel parts of the run labs that are not commit's: a protocol's
//! declared properties as it reports them (the snapshot and replication
//! labs), and the replication lab's settings and figures.

use super::Action;
use crate::core::sim::model::{Failures, Links, Timing};
use crate::core::sim::outcome::Outcome;
use crate::core::sim::pbft::Config as PbftConfig;
use crate::core::sim::scenario::{ProtocolSetup, Scenario};
use crate::core::sim::vr::Config as VrConfig;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What a property promises, for the ones the panel knows.
fn promise(name: &str, holds: bool) -> &'static str {
    match (name, holds) {
        ("agreement", true) => "replicas agree on the committed prefix",
        ("agreement", false) => "two replicas committed different operations at one position",
        ("durability", true) => "no committed operation was lost or changed",
        ("durability", false) => "a committed operation was lost or changed",
        ("linearizable", true) => "the clients' history is linearizable against the store",
        ("linearizable", false) => "the clients saw results no single order of the operations gives",
        ("liveness", true) => "every request was answered",
        ("liveness", false) => "a request was never answered",
        ("snapshot-consistent", true) => "every recorded snapshot is a consistent cut",
        ("snapshot-consistent", false) => "a recorded snapshot is not a consistent cut",
        _ => "",
    }
}

/// Each declared property with its verdict (✓ or ✗, not colour alone).
pub fn properties(o: &Outcome) -> Html {
    html! {
        <ul id="invariants" class="invariants">
            { for o.properties.iter().map(|p| {
                let text = promise(p.name, p.holds);
                let line = if text.is_empty() { p.name.to_string() } else { format!("{}: {text}", p.name) };
                html! {
                    <li id={format!("inv-{}", p.name)} class={if p.holds { "ok" } else { "bad" }}>
                        { format!("{} {line}", if p.holds { "✓" } else { "✗" }) }
                    </li>
                }
            }) }
        </ul>
    }
}

/// The group's size, batching (VR) or the checkpoint interval and window
/// (PBFT), each node's Byzantine behaviour, and the system model.
pub fn settings(on: &Callback<Action>, s: &Scenario) -> Html {
    let change = |f: fn(&mut Scenario, &str)| {
        let base = s.clone();
        on.reform(move |e: Event| {
            let mut next = base.clone();
            f(&mut next, &value(&e));
            Action::Settings(Box::new(next))
        })
    };
    let group = match (s.protocol.vr(), s.protocol.pbft()) {
        (Some(c), _) => vr(on, &change, s, c),
        (_, Some(c)) => pbft(&change, c),
        _ => {
            return html! { <div class="settings" role="group" aria-label="Replica group">{ model(&change, s) }</div> }
        }
    };
    html! {
        <div class="settings" role="group" aria-label="Replica group">
            { group }
            { model(&change, s) }
            { super::byzantine::nodes(on, s) }
        </div>
    }
}

/// A select's or a field's value.
fn value(e: &Event) -> String {
    let target = e.target();
    let select = target.clone().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()).map(|x| x.value());
    let field = || target.and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).map(|x| x.value());
    select.or_else(field).unwrap_or_default()
}

type Change<'a> = dyn Fn(fn(&mut Scenario, &str)) -> Callback<Event> + 'a;

fn option(value: &'static str, now: &str, text: String) -> Html {
    html! { <option {value} selected={value == now}>{ text }</option> }
}

/// Byzantine replicas past the group's last are forgotten with it.
fn keep_replicas(s: &mut Scenario, n: usize) {
    s.model.byzantine.retain(|name, _| {
        name.strip_prefix('R').and_then(|i| i.parse::<usize>().ok()).is_none_or(|i| i <= n)
    });
}

/// VR's group size and batching.
fn vr(on: &Callback<Action>, change: &Change<'_>, s: &Scenario, config: &VrConfig) -> Html {
    let base = s.clone();
    let batching = on.reform(move |_: MouseEvent| {
        let mut next = base.clone();
        if let ProtocolSetup::Vr(c) = &mut next.protocol {
            c.batching = !c.batching;
        }
        Action::Settings(Box::new(next))
    });
    let replicas = config.replicas.to_string();
    html! {
        <>
            <select id="vr-replicas" aria-label="Replicas" onchange={change(|s, v| {
                let n = v.parse().unwrap_or(3);
                if let ProtocolSetup::Vr(c) = &mut s.protocol { c.replicas = n }
                keep_replicas(s, n);
            })}>
                { for ["3", "5", "7"].iter().map(|&n| {
                    let f = (n.parse::<usize>().unwrap_or(3) - 1) / 2;
                    option(n, &replicas, format!("{n} replicas (f = {f})"))
                }) }
            </select>
            <label class="inline"><input id="vr-batching" type="checkbox" checked={config.batching} onclick={batching} />{" batching (§6)"}</label>
        </>
    }
}

/// PBFT's group size, checkpoint interval K and window L (§4.3: L a
/// multiple of K; a pair that is not is refused by the scenario's check).
fn pbft(change: &Change<'_>, config: &PbftConfig) -> Html {
    let replicas = config.replicas.to_string();
    html! {
        <>
            <select id="pbft-replicas" aria-label="Replicas" onchange={change(|s, v| {
                let n = v.parse().unwrap_or(4);
                if let ProtocolSetup::Pbft(c) = &mut s.protocol { c.replicas = n }
                keep_replicas(s, n);
            })}>
                { for ["4", "7", "10"].iter().map(|&n| {
                    let f = (n.parse::<usize>().unwrap_or(4) - 1) / 3;
                    option(n, &replicas, format!("{n} replicas (f = {f})"))
                }) }
            </select>
            <label class="inline" title="a checkpoint after every K requests (§4.3)">{"K "}
                <input id="pbft-checkpoint" class="short" type="number" min="1" max="100" value={config.checkpoint.to_string()}
                       onchange={change(|s, v| if let ProtocolSetup::Pbft(c) = &mut s.protocol { c.checkpoint = v.trim().parse().unwrap_or(0) })} />
            </label>
            <label class="inline" title="the watermark window: H = h + L, a multiple of K (§4.3)">{" L "}
                <input id="pbft-window" class="short" type="number" min="1" max="1000" value={config.window.to_string()}
                       onchange={change(|s, v| if let ProtocolSetup::Pbft(c) = &mut s.protocol { c.window = v.trim().parse().unwrap_or(0) })} />
            </label>
        </>
    }
}

/// Links, failures and timing, as selects (every run lab but the
/// snapshot lab's, whose bank runs on reliable FIFO or non-FIFO links).
pub(super) fn model(change: &dyn Fn(fn(&mut Scenario, &str)) -> Callback<Event>, s: &Scenario) -> Html {
    let links = match s.model.links {
        Links::Reliable => "reliable",
        Links::FairLoss { .. } => "fair-loss",
        Links::Arbitrary { .. } => "arbitrary",
    };
    let nodes = if s.model.nodes == Failures::CrashStop { "crash-stop" } else { "crash-recovery" };
    let timing = match s.model.timing {
        Timing::Synchronous { .. } => "synchronous",
        Timing::PartiallySynchronous { .. } => "partially-synchronous",
        Timing::Asynchronous { .. } => "asynchronous",
    };
    let option =
        |value: &'static str, now: &str| html! { <option {value} selected={value == now}>{ value }</option> };
    html! {
        <>
            <select id="commit-links" aria-label="Links" onchange={change(|s, v| s.model.links = match v {
                "fair-loss" => Links::FairLoss { loss: 0.2 },
                "arbitrary" => Links::Arbitrary { loss: 0.1, duplicate: 0.2, max_delay: 2.0 },
                _ => Links::Reliable,
            })}>
                { option("reliable", links) }{ option("fair-loss", links) }{ option("arbitrary", links) }
            </select>
            <select id="commit-nodes" aria-label="Nodes" onchange={change(|s, v| s.model.nodes = if v == "crash-recovery" { Failures::CrashRecovery } else { Failures::CrashStop })}>
                { option("crash-stop", nodes) }{ option("crash-recovery", nodes) }
            </select>
            <select id="commit-timing" aria-label="Timing" onchange={change(|s, v| s.model.timing = match v {
                "partially-synchronous" => Timing::PartiallySynchronous { gst: 10.0, delay: 1.0, max_before: 5.0 },
                "asynchronous" => Timing::Asynchronous { max_delay: 4.0 },
                _ => Timing::Synchronous { delay: 1.0 },
            })}>
                { option("synchronous", timing) }{ option("partially-synchronous", timing) }{ option("asynchronous", timing) }
            </select>
        </>
    }
}

/// Replication as measured quantities: requests answered, latency, messages
/// per operation, throughput and availability.
pub fn metrics(o: &Outcome) -> Html {
    let number = |name: &str| o.number(name);
    let fmt = |x: Option<f64>, unit: &str| x.map_or("none".to_string(), |x| format!("{x:.2}{unit}"));
    let requests = o.count("requests").unwrap_or(0);
    let text = format!(
        "{requests} requests answered; latency mean {}, max {} ({} message delays on average); {} messages, {} per operation; throughput {}; availability {:.1}%",
        fmt(number("latency_mean"), ""),
        fmt(number("latency_max"), ""),
        fmt(number("message_delays_mean"), ""),
        o.count("messages").unwrap_or(0),
        fmt(number("messages_per_op"), ""),
        fmt(number("throughput"), " per time unit"),
        number("availability").unwrap_or(1.0) * 100.0,
    );
    html! { <p id="metrics" class="metrics">{ text }</p> }
}
