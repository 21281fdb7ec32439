//! The snapshot protocols in the lab (Chandy–Lamport, Lai–Yang, on a token
//! bank): the protocol and FIFO switches, and each snapshot's recorded
//! state as the run reports it, with its three checks; "Show its cut" puts
//! the recorded cut on the diagram, where the cut's own verdict and the
//! lattice judge it too.

use super::Action;
use crate::core::cut::{through, Cut};
use crate::core::sim::outcome::Outcome;
use crate::core::sim::scenario::{ProtocolSetup, Scenario};
use crate::core::sim::snapshot::{held, Held};
use crate::ui::cut::Action as CutAction;
use serde_json::Value;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The protocol (the same bank either way) and whether channels are FIFO.
pub fn settings(on: &Callback<Action>, s: &Scenario) -> Html {
    let Some(bank) = s.protocol.bank().cloned() else { return html! {} };
    let base = s.clone();
    let protocol = on.reform(move |e: Event| {
        let mut next = base.clone();
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        next.protocol = if v == "lai-yang" {
            ProtocolSetup::LaiYang(bank.clone())
        } else {
            ProtocolSetup::ChandyLamport(bank.clone())
        };
        Action::Settings(Box::new(next))
    });
    let base = s.clone();
    let fifo = on.reform(move |_: MouseEvent| {
        let mut next = base.clone();
        next.model.fifo = !next.model.fifo;
        Action::Settings(Box::new(next))
    });
    let now = s.protocol.name();
    let option = |value: &'static str, text: &'static str| html! { <option {value} selected={value == now}>{ text }</option> };
    html! {
        <div class="settings" role="group" aria-label="Snapshot protocol">
            <select id="snapshot-protocol" aria-label="Protocol" onchange={protocol}>
                { option("chandy-lamport", "Chandy–Lamport (markers)") }{ option("lai-yang", "Lai–Yang (colours)") }
            </select>
            <label class="inline"><input id="snapshot-fifo" type="checkbox" checked={s.model.fifo} onclick={fifo} />{" FIFO channels"}</label>
        </div>
    }
}

/// Each snapshot the run recorded: who started it, each process's tokens
/// and where it recorded, each channel's recorded transfers, the checks.
pub fn snapshots(o: &Outcome, on_cut: &Callback<CutAction>) -> Html {
    let Some(Value::Array(all)) = o.report.get("snapshots") else { return html! {} };
    html! {
        <div class="snapshots">
            <h3>{"Snapshots"}</h3>
            { for all.iter().map(|snap| one(o, snap, on_cut)) }
        </div>
    }
}

fn one(o: &Outcome, snap: &Value, on_cut: &Callback<CutAction>) -> Html {
    let id = snap.get("id").and_then(Value::as_u64).unwrap_or(0);
    let initiator = snap.get("initiator").and_then(Value::as_str).unwrap_or("?");
    let processes = snap.get("processes").and_then(Value::as_object).cloned().unwrap_or_default();
    let channels = snap.get("channels").and_then(Value::as_object).cloned().unwrap_or_default();
    let checks = snap.get("checks").and_then(Value::as_object).cloned();
    let recorded = crate::core::sim::snapshot::recorded_cut(o, snap);
    let frontier =
        recorded.as_ref().map(|cut| crate::ui::cut::CutState::named(&o.trace, cut)).unwrap_or_default();
    let tokens: u64 = processes.values().filter_map(|v| v.get("tokens").and_then(Value::as_u64)).sum();
    let show = on_cut.reform(move |_: MouseEvent| CutAction::Set(frontier.clone()));
    let check = |key: &str, words: &str| {
        let ok = checks.as_ref().and_then(|c| c.get(key)).and_then(Value::as_bool);
        let (sign, class) = match ok {
            Some(true) => ("✓", "ok"),
            Some(false) => ("✗", "violated"),
            None => ("…", "pending"),
        };
        html! { <li class={class} data-snapshot-check={key.to_string()}>{ format!("{sign} {words}") }</li> }
    };
    html! {
        <div class="snapshot" data-snapshot={id.to_string()}>
            <p><strong>{ format!("Snapshot {id}") }</strong>{ format!(", started by {initiator}:") }</p>
            <ul>
                { for processes.iter().map(|(p, v)| html! {
                    <li>{ format!("{p} recorded {} tokens at {}", v.get("tokens").and_then(Value::as_u64).unwrap_or(0),
                                  v.get("event").and_then(Value::as_str).unwrap_or("?")) }</li>
                }) }
                { for channels.iter().map(|(c, v)| {
                    let ms: Vec<&str> = v.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
                    html! { <li data-snapshot-channel={c.clone()}>{ format!("channel {c}: {}", if ms.is_empty() { "empty".to_string() } else { ms.join(", ") }) }</li> }
                }) }
            </ul>
            <ul class="invariants">
                { check("conserved", &format!("tokens conserved (processes hold {tokens}, plus the channels' transfers)")) }
                { check("consistent_cut", "the recorded cut is consistent") }
                { check("channels_match_cut", "each channel's record is what was in flight across the cut") }
            </ul>
            if let Some(cut) = &recorded { { theorem(o, cut) } }
            <button class="show-snapshot-cut" onclick={show}>{"Show its cut"}</button>
        </div>
    }
}

/// Chandy and Lamport's Theorem 1 (§4) on this snapshot: whether the run
/// ever was in the recorded state, and that a reordering of its events
/// (seq′) passes through it all the same when its cut is consistent.
fn theorem(o: &Outcome, cut: &Cut) -> Html {
    let t = &o.trace;
    let at = |e: u32| format!("{} (t = {})", t.event_id(e), time(o.times[e as usize]));
    let held = match held(o, cut) {
        Held::During { from, until } => html! {
            <p data-snapshot-held="during">{ format!("The run was in this state from t = {}{}: the snapshot caught a moment of it.",
                time(from), until.map_or(" to the end".to_string(), |u| format!(" until t = {}", time(u)))) }</p>
        },
        Held::Never { earlier, later } => html! {
            <p data-snapshot-held="never"><strong>{"No instant of the run was in this state: "}</strong>
               { format!("{}, outside the cut, happened before {}, inside it, so by the time of {} the run had moved past it.",
                         at(earlier), at(later), t.event_id(later)) }</p>
        },
    };
    let Some(seq) = through(t, cut) else {
        return html! { <div class="theorem">{ held }<p data-snapshot-through="">{"Its cut is inconsistent: no run of these events passes through it."}</p></div> };
    };
    let size = cut.size() as usize;
    let ids = |es: &[u32]| es.iter().map(|&e| t.event_id(e)).collect::<Vec<_>>().join(" ");
    html! {
        <div class="theorem">
            { held }
            <p data-snapshot-through="">{"Theorem 1 (Chandy & Lamport, §4): the cut is consistent, so the same events in another order, the events inside first, are a run through it: it is reachable from the start, and the end is reachable from it. "}
               <code>{ format!("{} | {}", ids(&seq[..size]), ids(&seq[size..])) }</code></p>
        </div>
    }
}

/// A time as the trace shows it: at most two decimals, no trailing zeros.
fn time(x: f64) -> String {
    let text = format!("{x:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}
