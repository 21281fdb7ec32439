//! A replica group's Byzantine nodes, chosen per node (PBFT's replicas and
//! clients, VR's replicas): one select each, what each behaviour means,
//! the count against f and a plain warning past it. Each change reruns the
//! scenario through the lab's Settings, so the diagram, properties and
//! figures follow.

use super::Action;
use crate::core::sim::byzantine::Behaviour;
use crate::core::sim::explore::BEHAVIOURS;
use crate::core::sim::scenario::Scenario;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// What a behaviour does, in a line (docs/pbft.md "Byzantine behaviours";
/// src/core/sim/byzantine.rs).
pub fn meaning(b: Option<Behaviour>) -> &'static str {
    match b {
        None => "follows the protocol",
        Some(Behaviour::Silent) => "sends nothing",
        Some(Behaviour::Equivocate) => {
            "sends its forgery to peers with an even id (R3, R5, …), the true message to the others"
        }
        Some(Behaviour::Replay) => {
            "with each message to a peer, sends again the previous one it sent that peer"
        }
        Some(Behaviour::Lie) => {
            "sends the protocol's forgery of every message (a null request, a primed reply, a wrong digest)"
        }
    }
}

/// The group's shape: replicas, clients, f, and whether it is PBFT.
struct Group {
    replicas: usize,
    clients: usize,
    f: usize,
    pbft: bool,
}

fn group(s: &Scenario) -> Option<Group> {
    if let Some(c) = s.protocol.pbft() {
        return Some(Group { replicas: c.replicas, clients: c.clients, f: c.f(), pbft: true });
    }
    let c = s.protocol.vr()?;
    Some(Group { replicas: c.replicas, clients: c.clients, f: (c.replicas - 1) / 2, pbft: false })
}

/// "Byzantine: 1 of 4 (f = 1)", and the warning it calls for (PBFT: more
/// than f replicas; VR: any, as VR assumes crashes only).
pub fn count(s: &Scenario) -> Option<(String, Option<&'static str>)> {
    let g = group(s)?;
    let byzantine = |prefix: char| s.model.byzantine.keys().filter(|n| n.starts_with(prefix)).count();
    let (replicas, clients) = (byzantine('R'), byzantine('K'));
    let mut text = format!("Byzantine: {replicas} of {} (f = {})", g.replicas, g.f);
    if clients > 0 {
        text.push_str(&format!("; {clients} of {} clients", g.clients));
    }
    let warning = match (g.pbft, replicas) {
        (true, r) if r > g.f => Some("⚠ more than f: PBFT's guarantees do not hold"),
        (false, r) if r > 0 => Some(
            "⚠ VR assumes replicas fail only by crashing: with a Byzantine one its guarantees do not hold",
        ),
        _ => None,
    };
    Some((text, warning))
}

/// The Byzantine nodes' section: a compact row of selects in a
/// `<details>` (7 or 10 replicas would push the diagram down), its
/// summary the count, the warning before it so it shows when closed.
pub fn nodes(on: &Callback<Action>, s: &Scenario) -> Html {
    let (Some(g), Some((text, warning))) = (group(s), count(s)) else { return html! {} };
    let replicas = (1..=g.replicas).map(|i| format!("R{i}"));
    let clients = (1..=g.clients).map(|i| format!("K{i}")).filter(|_| g.pbft);
    let names: Vec<String> = replicas.chain(clients).collect();
    let legend =
        BEHAVIOURS.iter().map(|&b| format!("{}: {}", b.name(), meaning(Some(b)))).collect::<Vec<_>>();
    html! {
        <>
            if let Some(w) = warning {
                <p id="byzantine-warning" class="warning" role="alert">{ w }</p>
            }
            <details id="byzantine-nodes" class="byzantine">
                <summary id="byzantine-count">{ text }{ listed(s) }</summary>
                <div class="byzantine-row">
                    { for names.iter().map(|name| select(on, s, name)) }
                </div>
                <p class="caption">{ legend.join(" · ") }</p>
            </details>
        </>
    }
}

/// ": R1 equivocate, K1 lie", or nothing when all are correct.
fn listed(s: &Scenario) -> String {
    let all: Vec<String> = s.model.byzantine.iter().map(|(n, b)| format!("{n} {}", b.name())).collect();
    if all.is_empty() {
        String::new()
    } else {
        format!(": {}", all.join(", "))
    }
}

/// Node `name`'s select: correct or one of the behaviours, each option
/// titled with what it means.
fn select(on: &Callback<Action>, s: &Scenario, name: &str) -> Html {
    let now = s.model.byzantine.get(name).copied();
    let base = s.clone();
    let who = name.to_string();
    let onchange = on.reform(move |e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        let mut next = base.clone();
        match BEHAVIOURS.iter().find(|b| b.name() == value) {
            Some(&b) => next.model.byzantine.insert(who.clone(), b),
            None => next.model.byzantine.remove(&who),
        };
        Action::Settings(Box::new(next))
    });
    let option = |b: Option<Behaviour>| {
        let value = b.map_or("correct", |b| b.name());
        html! { <option {value} title={meaning(b)} selected={b == now}>{ value }</option> }
    };
    html! {
        <label class="byzantine-node">{ name }
            <select id={format!("byz-{name}")} aria-label={format!("{name}'s behaviour")} title={meaning(now)} {onchange}>
                { option(None) }
                { for BEHAVIOURS.iter().map(|&b| option(Some(b))) }
            </select>
        </label>
    }
}
