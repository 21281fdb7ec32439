//! The lab switcher over the page: a tab per lab.

use super::Lab;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TabsProps {
    pub lab: Lab,
    pub on_choose: Callback<Lab>,
}

/// The switcher: a tab per lab.
#[component]
pub fn LabTabs(p: &TabsProps) -> Html {
    html! {
        <nav class="lab-tabs" role="tablist" aria-label="Labs">
            { for Lab::ALL.iter().map(|&lab| {
                let onclick = p.on_choose.reform(move |_: MouseEvent| lab);
                let selected = lab == p.lab;
                html! {
                    <button role="tab" id={format!("lab-{}", lab.name())} data-lab={lab.name()}
                            aria-selected={selected.to_string()} class={classes!("tab", selected.then_some("selected"))}
                            {onclick}>{ lab.title() }</button>
                }
            }) }
        </nav>
    }
}
