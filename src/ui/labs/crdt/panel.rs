//! The CRDT lab panel: pick a type, see each replica's value in the chosen
//! type and its counterpart side by side, whether they converge (and the
//! moment they diverge), what the gossip carried, faults for the selected
//! message, and automatic anti-entropy.

use super::view::{latest, replica_now, CrdtView, Side};
use super::Action;
use crate::core::crdt::anti_entropy::Settings;
use crate::core::crdt::Kind;
use crate::core::editor::Edit;
use crate::core::ProcessIdx;
use crate::ui::scene::Scene;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LabProps {
    pub scene: Rc<Scene>,
    pub view: Option<Rc<CrdtView>>,
    /// Events (in time order) that have happened at the step shown.
    pub upto: usize,
    pub selected_message: Option<String>,
    pub gossip: Settings,
    /// Edits of the diagram: its type, a message's faults.
    pub on_edit: Callback<Edit>,
    pub on_action: Callback<Action>,
}

#[component]
pub fn CrdtLab(p: &LabProps) -> Html {
    let on_kind = p.on_edit.reform(|e: Event| {
        let name = e.target_unchecked_into::<HtmlSelectElement>().value();
        Edit::SetCrdt { kind: Kind::from_name(&name) }
    });
    let kind = p.scene.document.crdt;
    html! {
        <section class="crdt-lab" aria-label="CRDT lab">
            <h2>{"CRDT lab"}</h2>
            <label>{"Type "}
                <select id="crdt-type" onchange={on_kind}>
                    { for Kind::ALL.iter().map(|k| html! {
                        <option value={k.name()} selected={kind == Some(*k)}>{ k.title() }</option>
                    }) }
                </select>
            </label>
            if let Some(view) = &p.view { { lab_body(p, view) } }
        </section>
    }
}

fn lab_body(p: &LabProps, view: &CrdtView) -> Html {
    let on_causal = p
        .on_action
        .reform(|e: Event| Action::SetCausal(e.target_unchecked_into::<HtmlInputElement>().checked()));
    let kind = view.main.kind;
    let registers = matches!(kind, Kind::LwwRegister | Kind::MvRegister);
    html! {
        <>
            <p class="hint">{ format!("Click a replica's line to add an event, then pick its operation ({}). Drag from an event to another line to gossip.", kind.operations()) }</p>
            if registers {
                <p class="hint" id="lww-rule">{"LWW-Register: of concurrent writes, the one with the greater (Lamport time of the write, process name) wins; the MV-Register keeps every concurrent value."}</p>
            }
            <label class="causal"><input id="causal" type="checkbox" checked={view.causal} onchange={on_causal} />
                {" Causal delivery for op-based types (hold an operation until its causes arrive; drop copies)"}</label>
            { status("convergence-main", p, &view.main) }
            if let Some(other) = &view.other { { status("convergence-other", p, other) } }
            { replicas(p, view) }
            { payload(p, view) }
            { faults(p) }
            { gossip(p) }
        </>
    }
}

/// Converged, not yet, or diverged (strong eventual consistency broken).
fn status(id: &'static str, p: &LabProps, side: &Side) -> Html {
    let title = side.kind.title();
    let run = match &side.run {
        Err(problem) => {
            return html! { <p {id} class="lab-status error">{ format!("{title}: cannot run: {problem}") }</p> }
        }
        Ok(run) => run,
    };
    let trace = &p.scene.placed.trace;
    let at = latest(&p.scene, p.upto);
    let name = |q: ProcessIdx| trace.process_name(q).to_string();
    let (class, text) = if let Some(&(a, b)) = run.divergent(Some(&at)).first() {
        let (va, n) = replica_now(run, at[a as usize]);
        let (vb, _) = replica_now(run, at[b as usize]);
        let text = format!(
            "⚠ {title} diverged: {} and {} have seen the same {n} updates but show {va} and {vb}",
            name(a),
            name(b)
        );
        ("diverged", text)
    } else if run.converged(Some(&at)) {
        let (v, n) = replica_now(run, at[0]);
        ("converged", format!("✓ {title} converged: every replica has seen all {n} updates and shows {v}"))
    } else {
        ("pending", format!("{title}: not converged yet (replicas have seen different updates)"))
    };
    html! { <p {id} class={classes!("lab-status", class)} role="status">{ text }</p> }
}

/// Each replica's value in both runs and the updates it has seen.
fn replicas(p: &LabProps, view: &CrdtView) -> Html {
    let trace = &p.scene.placed.trace;
    let at = latest(&p.scene, p.upto);
    let cell = |side: &Side, q: usize| match &side.run {
        Ok(run) => replica_now(run, at[q]),
        Err(_) => ("–".into(), 0),
    };
    // Replicas that have seen the very same updates share a group letter.
    let sets: Vec<Option<u32>> = match &view.main.run {
        Ok(run) => at.iter().map(|e| e.map(|e| run.seen[e as usize])).collect(),
        Err(_) => vec![None; at.len()],
    };
    let mut firsts: Vec<Option<u32>> = Vec::new();
    let group = |q: usize, firsts: &mut Vec<Option<u32>>| {
        let i = firsts.iter().position(|s| *s == sets[q]).unwrap_or_else(|| {
            firsts.push(sets[q]);
            firsts.len() - 1
        });
        char::from(b'a' + (i % 26) as u8)
    };
    let groups: Vec<char> = (0..at.len()).map(|q| group(q, &mut firsts)).collect();
    html! {
        <table id="replicas" class="replicas">
            <caption id="replicas-step">{ step_words(trace, p.upto) }</caption>
            <tr>
                <th>{"Replica"}</th><th>{ view.main.kind.title() }</th>
                if let Some(o) = &view.other { <th>{ o.kind.title() }</th> }
                <th title="how many updates this replica has seen; the same letter means the same updates">{"seen"}</th>
            </tr>
            { for (0..trace.process_count()).map(|q| {
                let (value, seen) = cell(&view.main, q);
                html! {
                    <tr data-replica={trace.process_name(q as ProcessIdx).to_string()}>
                        <th>{ trace.process_name(q as ProcessIdx) }</th>
                        <td class="main-value">{ value }</td>
                        if let Some(o) = &view.other { <td class="other-value">{ cell(o, q).0 }</td> }
                        <td class="seen" title="replicas with the same letter have seen the same updates">{ format!("{seen} ({})", groups[q]) }</td>
                    </tr>
                }
            }) }
        </table>
    }
}

/// What the gossip carried, in bytes of JSON, per run.
fn payload(p: &LabProps, view: &CrdtView) -> Html {
    let trace = &p.scene.placed.trace;
    let delivered = |m: u32| trace.receive_of(m).is_some();
    let total = |side: &Side| -> Option<(usize, usize)> {
        let run = side.run.as_ref().ok()?;
        let sent: Vec<usize> = (0..trace.message_count() as u32).map(|m| run.payload[m as usize]).collect();
        Some((sent.iter().sum(), (0..trace.message_count() as u32).filter(|&m| delivered(m)).count()))
    };
    let line = |side: &Side| total(side).map(|(bytes, _)| format!("{}: {bytes} B", side.kind.title()));
    let parts: Vec<String> =
        std::iter::once(line(&view.main)).chain(view.other.as_ref().map(line)).flatten().collect();
    html! {
        <p id="payload-total">{ format!("Payload over {} messages (compact JSON): {}", trace.message_count(), parts.join("; ")) }</p>
    }
}

/// Faults on the selected message.
fn faults(p: &LabProps) -> Html {
    let Some(m) = p.selected_message.clone() else {
        return html! { <p class="hint">{"Select a message to drop it or deliver it twice; drag an arrow's end to deliver it out of order."}</p> };
    };
    let fault = |edit: Edit| p.on_edit.reform(move |_: MouseEvent| edit.clone());
    html! {
        <div class="faults" role="group" aria-label={format!("Faults on {m}")}>
            { format!("Fault on {m}: ") }
            <button id="drop-message" onclick={fault(Edit::Drop { message: m.clone() })}>{"Drop"}</button>
            <button id="duplicate-message" onclick={fault(Edit::Duplicate { message: m.clone() })}>{"Deliver twice"}</button>
        </div>
    }
}

/// Automatic anti-entropy until convergence.
fn gossip(p: &LabProps) -> Html {
    let s = p.gossip;
    let field = |label: &'static str, id: &'static str, value: String, set: fn(Settings, f64) -> Settings| {
        let on = p.on_action.clone();
        let onchange = Callback::from(move |e: Event| {
            if let Ok(x) = e.target_unchecked_into::<HtmlInputElement>().value().trim().parse::<f64>() {
                on.emit(Action::SetGossip(set(s, x)));
            }
        });
        html! { <label>{ label }<input {id} type="number" min="1" {value} {onchange} /></label> }
    };
    let run = p.on_action.reform(|_: MouseEvent| Action::Gossip);
    html! {
        <div class="gossip" role="group" aria-label="Automatic gossip">
            <h3>{"Automatic gossip"}</h3>
            { field("Fanout ", "gossip-fanout", s.fanout.to_string(), |s, x| Settings { fanout: (x as usize).clamp(1, 16), ..s }) }
            { field("Period ", "gossip-period", s.period.to_string(), |s, x| Settings { period: x.clamp(1.0, 20.0), ..s }) }
            { field("Seed ", "gossip-seed", s.seed.to_string(), |s, x| Settings { seed: x.max(0.0) as u64, ..s }) }
            <button id="gossip" onclick={run}>{"Gossip until converged"}</button>
        </div>
    }
}

/// Which step the replica table shows, in words.
fn step_words(trace: &crate::core::Trace, upto: usize) -> String {
    let n = trace.event_count();
    match upto {
        0 => "Replicas at the start".to_string(),
        u if u >= n => format!("Replicas after every event ({n})"),
        u => format!(
            "Replicas after {} (event {u} of {n}; step or select to move)",
            trace.event_id(u as u32 - 1)
        ),
    }
}
