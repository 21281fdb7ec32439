//! PBFT's quorum intersection beside the diagram (`#pbft-quorums`): for a
//! committed-local certificate of the run, its prepare and commit quorums
//! over the 3f + 1 replicas, the replicas in both, and the correct ones
//! among them. The sets come from the core
//! ([`crate::core::sim::pbft::quorums`]); each mark is a symbol as well as
//! a colour, and a Byzantine replica is marked ✗.

use crate::core::sim::outcome::Outcome;
use crate::core::sim::pbft::quorums::{figure, quorums, Figure};
use crate::core::sim::scenario::Scenario;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct QuorumProps {
    pub scenario: std::rc::Rc<Scenario>,
    pub outcome: std::rc::Rc<Outcome>,
}

#[component]
pub fn PbftQuorums(p: &QuorumProps) -> Html {
    let picked = use_state(|| 0usize);
    let Some(config) = p.scenario.protocol.pbft() else { return html! {} };
    let all = quorums(&p.outcome.record);
    if all.is_empty() {
        return html! {
            <section id="pbft-quorums" class="pbft-quorums" aria-label="Quorum intersection">
                <h3>{"Quorum intersection"}</h3>
                <p class="hint">{"No replica became committed-local in this run: there are no quorums to compare."}</p>
            </section>
        };
    }
    let byzantine = |name: &str| p.scenario.model.byzantine.contains_key(name);
    let figures: Vec<Figure> =
        all.iter().map(|q| figure(q, &p.outcome.names, config.replicas, &byzantine)).collect();
    let k = (*picked).min(figures.len() - 1);
    let on_pick = {
        let picked = picked.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            picked.set(v.parse().unwrap_or(0));
        })
    };
    let fig = &figures[k];
    let mark = |on: bool, sign: &'static str| if on { sign } else { "·" };
    html! {
        <section id="pbft-quorums" class="pbft-quorums" aria-label="Quorum intersection">
            <h3>{"Quorum intersection"}</h3>
            <label>{"Certificate "}
                <select id="pbft-quorum-pick" onchange={on_pick}>
                    { for figures.iter().enumerate().map(|(i, f)| html! {
                        <option value={i.to_string()} selected={i == k}>{ f.title.clone() }</option>
                    }) }
                </select>
            </label>
            <table class="quorum-table">
                <thead><tr><th></th>
                    { for fig.members.iter().map(|m| html! {
                        <th class={classes!(m.byzantine.then_some("byzantine"))}
                            title={if m.byzantine { "Byzantine" } else { "correct" }}>
                            { m.name.clone() }{ if m.byzantine { " ✗" } else { "" } }
                        </th>
                    }) }
                </tr></thead>
                <tbody>
                    <tr data-quorum="prepare"><th>{"prepare"}</th>
                        { for fig.members.iter().map(|m| html! { <td class={classes!(m.prepare.then_some("in"))}>{ mark(m.prepare, "P") }</td> }) }
                    </tr>
                    <tr data-quorum="commit"><th>{"commit"}</th>
                        { for fig.members.iter().map(|m| html! { <td class={classes!(m.commit.then_some("in"))}>{ mark(m.commit, "C") }</td> }) }
                    </tr>
                    <tr data-quorum="both"><th>{"both"}</th>
                        { for fig.members.iter().map(|m| {
                            let both = m.prepare && m.commit;
                            let sign = if both && !m.byzantine { "◆" } else if both { "✗" } else { "·" };
                            html! { <td class={classes!(both.then_some("in"), (both && !m.byzantine).then_some("correct"))}>{ sign }</td> }
                        }) }
                    </tr>
                </tbody>
            </table>
            <ul class="quorum-lines">
                { for fig.lines.iter().map(|l| html! { <li>{ l.clone() }</li> }) }
            </ul>
            <p class="hint">{"P: its PRE-PREPARE or PREPARE made the certificate; C: its COMMIT counted; ◆: in both and correct, ✗: Byzantine."}</p>
        </section>
    }
}
