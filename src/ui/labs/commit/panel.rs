//! The commit lab's panel: the scenario, its settings as selects, the
//! invariants, each node's states over time, the metrics, faults for the
//! selected message, partitions, the explorer and step by step.

use super::explorer_panel::explorer;
use super::partition::PartitionForm;
use super::stepper::stepper;
use super::{scenarios, Action, CommitLab, CommitState};
use crate::core::sim::outcome::Outcome;
use crate::core::sim::scenario::Scenario;
use crate::ui::labs::Lab;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CommitProps {
    /// The commit or the snapshot lab: which scenarios it offers.
    pub lab: Lab,
    /// The lab's state: its run, and the explorer's search.
    pub state: CommitState,
    pub selected_message: Option<String>,
    pub on_action: Callback<Action>,
    /// Puts a recorded snapshot's cut on the diagram.
    pub on_cut: Callback<crate::ui::cut::Action>,
    /// The Cuts section, drawn under the snapshots (the snapshot lab's
    /// evidence: the recorded cut's verdict and its lattice).
    #[prop_or_default]
    pub cuts: Html,
}

#[component]
pub fn CommitLabPanel(p: &CommitProps) -> Html {
    let on = p.on_action.clone();
    let on_preset = Callback::from(move |e: Event| {
        let name = e.target_unchecked_into::<HtmlSelectElement>().value();
        let text = crate::core::library::scenario(&name);
        if let Some(scenario) = text.and_then(|t| Scenario::parse(t).ok()) {
            on.emit(Action::Open(Rc::new(scenario)));
        }
    });
    let title = match p.lab {
        Lab::Snapshot => "Snapshot lab",
        Lab::Replication => "Replication lab",
        _ => "Commit lab",
    };
    let shown = p.state.lab.as_ref().map(|l| &l.scenario);
    let offered: Vec<(&str, Scenario)> = scenarios::of(p.lab).collect();
    // A run no preset made (a counterexample, a lesson's own scenario).
    let own = shown.is_some_and(|s| !offered.iter().any(|(_, o)| o.title.is_some() && o.title == s.title));
    html! {
        <section class={classes!("commit-lab", (p.lab == Lab::Snapshot).then_some("snapshot-lab"))} aria-label={title}>
            <h2>{ title }</h2>
            <label>{"Scenario "}
                <select id="commit-scenario" onchange={on_preset}>
                    if own {
                        <option value="" selected=true disabled=true>{ shown.and_then(|s| s.title.clone()).unwrap_or_else(|| "this run".into()) }</option>
                    }
                    { for offered.iter().map(|(name, o)| {
                        let now = !own && shown.is_some_and(|s| s.title == o.title);
                        html! { <option value={*name} selected={now}>{ *name }</option> }
                    }) }
                </select>
            </label>
            if let Some(lab) = &p.state.lab { { body(p, lab) } }
        </section>
    }
}

fn body(p: &CommitProps, lab: &CommitLab) -> Html {
    let s = &lab.scenario;
    html! {
        <>
            <p class="hint">{"Click a node's line to crash it there (or recover it, if it is down); select a message to drop or delay it, or drag its arrow's end to deliver it later."}</p>
            if s.protocol.bank().is_some() {
                { super::snapshots::settings(&p.on_action, s) }
            } else if s.protocol.vr().is_some() || s.protocol.pbft().is_some() {
                { super::declared::settings(&p.on_action, s) }
            } else {
                { settings(p, s) }
            }
            if s.protocol.commit().is_some() {
                { invariants(&lab.outcome) }
            } else {
                { super::declared::properties(&lab.outcome) }
            }
            { super::snapshots::snapshots(&lab.outcome, &p.on_cut) }
            { p.cuts.clone() }
            // A bank's processes have no protocol states or decisions to chart.
            if s.protocol.bank().is_none() {
                { timelines(&lab.outcome, s.until) }
            }
            if s.protocol.vr().is_some() || s.protocol.pbft().is_some() {
                { super::declared::metrics(&lab.outcome) }
            } else if s.protocol.bank().is_none() {
                { metrics(&lab.outcome) }
            }
            if s.protocol.vr().is_some() || s.protocol.pbft().is_some() {
                <super::measure_panel::MeasurePanel scenario={s.clone()} />
                <super::compare_panel::ComparePanel scenario={s.clone()} />
            }
            if s.protocol.pbft().is_some() {
                <super::quorums::PbftQuorums scenario={s.clone()} outcome={lab.outcome.clone()} />
            }
            { message_faults(p, lab) }
            <PartitionForm on_action={p.on_action.clone()} />
            { explorer(&p.on_action, lab, p.state.exploring.as_ref(), p.state.swept()) }
            { stepper(&p.on_action, lab) }
        </>
    }
}

/// The protocol, votes, system model and seed, as selects.
fn settings(p: &CommitProps, s: &Scenario) -> Html {
    use crate::core::sim::commit::{Config, Vote};
    use crate::core::sim::scenario::ProtocolSetup;
    let change = |f: fn(&mut Scenario, &str)| {
        let base = s.clone();
        p.on_action.reform(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = base.clone();
            f(&mut next, &value);
            Action::Settings(Box::new(next))
        })
    };
    let config = s.protocol.commit().cloned().unwrap_or_default();
    let votes: Vec<&str> =
        config.participant_ids().map(|i| if config.vote(i) == Vote::Yes { "yes" } else { "no" }).collect();
    let option =
        |value: &'static str, now: &str| html! { <option {value} selected={value == now}>{ value }</option> };
    let protocol = s.protocol.name();
    let with_protocol = |s: &mut Scenario, v: &str| {
        let c: Config = s.protocol.commit().cloned().unwrap_or_default();
        s.protocol = if v == "3pc" { ProtocolSetup::ThreePc(c) } else { ProtocolSetup::TwoPc(c) };
    };
    html! {
        <div class="settings" role="group" aria-label="Scenario settings">
            <select id="commit-protocol" aria-label="Protocol" onchange={change(with_protocol)}>
                { option("2pc", protocol) }{ option("3pc", protocol) }
            </select>
            <select id="commit-votes" aria-label="Votes" onchange={change(|s, v| if let Some(c) = s.protocol.commit_mut() { c.votes = v.split(' ').map(|x| if x == "no" { Vote::No } else { Vote::Yes }).collect() })}>
                { for ["yes yes yes", "yes yes no", "yes no yes", "no yes yes"].iter().map(|v| {
                    let v: &'static str = v;
                    html! { <option value={v} selected={votes.join(" ") == v}>{ format!("votes: {v}") }</option> }
                }) }
            </select>
            { super::declared::model(&change, s) }
        </div>
    }
}

fn invariants(o: &Outcome) -> Html {
    let row = |id: &'static str, name: &str, ok: bool, what: &str| {
        html! {
            <li {id} class={if ok { "ok" } else { "bad" }}>{ format!("{} {name}: {what}", if ok { "✓" } else { "✗" }) }</li>
        }
    };
    let per_node = o.per_node("blocked").unwrap_or_default();
    let blocked: Vec<String> =
        o.names.iter().zip(per_node).filter(|(_, &b)| b > 0.0).map(|(n, b)| format!("{n} {b}")).collect();
    let (atomicity, validity, termination) =
        (o.holds("atomicity"), o.holds("validity"), o.holds("termination"));
    html! {
        <ul id="invariants" class="invariants">
            { row("inv-atomicity", "atomicity", atomicity, if atomicity { "no node commits while another aborts" } else { "one node committed, another aborted" }) }
            { row("inv-validity", "validity", validity, "commit only if every participant voted yes") }
            { row("inv-termination", "termination", termination, if termination { "every live node decided" } else { "a live node never decided" }) }
            { row("inv-blocked", "blocking", blocked.is_empty(), &if blocked.is_empty() { "no one blocked".to_string() } else { format!("blocked (time units): {}", blocked.join(", ")) }) }
        </ul>
    }
}

/// Each node's states over time, one bar per node; the states differ in
/// fill and pattern, and the key under the bars names them.
fn timelines(o: &Outcome, until: f64) -> Html {
    const W: f64 = 300.0;
    let x = |t: f64| t.min(until) / until * W;
    // The states this run's nodes were in, in the order first seen.
    let mut states: Vec<&str> = Vec::new();
    for &(_, s) in o.record.timelines.iter().flatten() {
        if !states.contains(&s) {
            states.push(s);
        }
    }
    html! {
        <div id="timelines" class="timelines" role="img" aria-label="Node states over time">
            { for o.names.iter().enumerate().map(|(n, name)| {
                let line = &o.record.timelines[n];
                html! {
                    <div class="timeline" data-node={name.clone()}>
                        <span class="timeline-name">{ name.clone() }</span>
                        <svg viewBox={format!("0 0 {W} 16")} preserveAspectRatio="none" aria-hidden="true">
                            { for line.iter().enumerate().map(|(i, &(t, s))| {
                                let end = line.get(i + 1).map_or(until, |next| next.0);
                                html! {
                                    <rect class={classes!("state", s)} data-status={s} x={x(t).to_string()} y="1"
                                          width={(x(end) - x(t)).max(0.0).to_string()} height="14"><title>{ format!("{name}: {s} from {t}") }</title></rect>
                                }
                            }) }
                        </svg>
                    </div>
                }
            }) }
            <ul class="state-key">
                { for states.iter().map(|&s| html! {
                    <li><svg viewBox="0 0 16 12" width="16" height="12" aria-hidden="true"><rect class={classes!("state", s)} x="0.5" y="0.5" width="15" height="11" /></svg>{ s }</li>
                }) }
            </ul>
        </div>
    }
}

fn metrics(o: &Outcome) -> Html {
    let decided =
        o.number("time_to_decision").map_or("no decision".to_string(), |t| format!("decided by {t}"));
    let (messages, delays) = (o.count("messages").unwrap_or(0), o.count("message_delays").unwrap_or(0));
    let (blocked, availability) =
        (o.number("time_blocked").unwrap_or(0.0), o.number("availability").unwrap_or(1.0));
    html! {
        <p id="metrics" class="metrics">{ format!(
            "{} messages, {} message delays ({} round trips), {decided}, {} blocked in total, availability {:.0}%",
            messages, delays, delays as f64 / 2.0, blocked, availability * 100.0
        ) }</p>
    }
}

fn message_faults(p: &CommitProps, lab: &CommitLab) -> Html {
    let Some(id) = &p.selected_message else { return html! {} };
    let Some(m) = id.strip_prefix('m').and_then(|k| k.parse::<usize>().ok()).map(|k| k - 1) else {
        return html! {};
    };
    if m >= lab.outcome.record.messages.len() || !lab.scenario.schedule.is_empty() {
        return html! {};
    }
    let fault = |delay: Option<f64>| p.on_action.reform(move |_: MouseEvent| Action::MessageFault(m, delay));
    html! {
        <div class="faults" role="group" aria-label={format!("Faults on {id}")}>
            { format!("{id} ({}): ", lab.outcome.record.messages[m].label) }
            <button id="commit-drop" onclick={fault(None)}>{"Drop"}</button>
            <button id="commit-delay" onclick={fault(Some(3.0))}>{"Delay by 3"}</button>
        </div>
    }
}
