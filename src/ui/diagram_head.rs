//! The words over the diagram: its title, what to notice, and the relation
//! of the two selected events with its proof, so the lesson's evidence is
//! on the canvas (in embeds and exports too), not only in a side panel.

use yew::prelude::*;

/// What the head says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Head {
    pub title: Option<String>,
    /// What to notice: one sentence.
    pub caption: Option<String>,
    /// The rest of what the diagram is about, shown on request.
    pub more: Option<String>,
    /// "b2 ∥ c1", then the proof's lines.
    pub relation: Vec<String>,
    /// A lab's verdict in a few words ("atomicity violated").
    pub verdict: Option<(String, bool)>,
}

#[derive(Properties, PartialEq)]
pub struct HeadProps {
    pub head: std::rc::Rc<Head>,
}

#[component]
pub fn DiagramHead(p: &HeadProps) -> Html {
    let h = &p.head;
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    if h.title.is_none() && h.caption.is_none() && h.relation.is_empty() && h.verdict.is_none() {
        return html! {};
    }
    // One title line and one text line, whatever is shown, so selecting
    // two events never resizes (and so re-fits) the diagram: the relation's
    // statement goes by the title, its proof in place of the caption.
    let relation = h.relation.split_first();
    html! {
        <header class="diagram-head">
            <div class="head-line">
                if let Some(t) = &h.title { <h2 class="diagram-title" data-title="">{ t.clone() }</h2> }
                if let Some((statement, _)) = relation {
                    <strong class="relation-statement" data-relation="">{ statement.clone() }</strong>
                }
                if let Some((v, ok)) = &h.verdict {
                    <span class={classes!("verdict", if *ok { "ok" } else { "bad" })} data-verdict="">{ v.clone() }</span>
                }
            </div>
            if let Some((_, proof)) = relation {
                <p class="caption proof-line" data-relation-proof="" title={proof.join("; ")}>{ proof.join("; ") }</p>
            } else if let Some(c) = &h.caption {
                <p class="caption" data-caption="">
                    <span class={classes!("text", (!*open).then_some("one-line"))} title={c.clone()}>{ c.clone() }</span>
                    if h.more.is_some() {
                        <button class="more" onclick={toggle} aria-expanded={open.to_string()}>{ if *open { "less" } else { "more" } }</button>
                    }
                </p>
                if *open { if let Some(m) = &h.more { <p class="caption more-text">{ m.clone() }</p> } }
            }
        </header>
    }
}
