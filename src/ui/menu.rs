//! A toolbar menu: a button that opens a list of commands under it. A
//! command closes it; so do Escape and a click elsewhere.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MenuProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub children: Children,
}

#[component]
pub fn Menu(p: &MenuProps) -> Html {
    let open = use_state(|| false);
    let node = use_node_ref();
    {
        // A click outside closes it.
        let (open, node) = (open.clone(), node.clone());
        use_effect_with(*open, move |&is_open| {
            let document = web_sys::window().and_then(|w| w.document());
            let listener = is_open.then(|| {
                Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |e: web_sys::MouseEvent| {
                    let inside = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                        .zip(node.cast::<web_sys::Node>())
                        .is_some_and(|(t, menu)| menu.contains(Some(&t)));
                    if !inside {
                        open.set(false);
                    }
                })
            });
            if let (Some(d), Some(l)) = (&document, &listener) {
                let _ = d.add_event_listener_with_callback("pointerdown", l.as_ref().unchecked_ref());
            }
            move || {
                if let (Some(d), Some(l)) = (document, listener) {
                    let _ = d.remove_event_listener_with_callback("pointerdown", l.as_ref().unchecked_ref());
                }
            }
        });
    }
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    // A command (a button, not a select or a checkbox's label) closes it.
    let chosen = {
        let open = open.clone();
        Callback::from(move |e: MouseEvent| {
            let button = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| t.closest("button").ok().flatten());
            if button.is_some() {
                open.set(false);
            }
        })
    };
    let on_key = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && *open {
                e.stop_propagation();
                open.set(false);
            }
        })
    };
    html! {
        <div class="menu" ref={node} onkeydown={on_key}>
            <button id={p.id.clone()} class="menu-button" aria-haspopup="true" aria-expanded={open.to_string()} onclick={toggle}>
                { p.label.clone() }{" ▾"}
            </button>
            if *open {
                <div class="menu-body" role="menu" onclick={chosen}>{ for p.children.iter() }</div>
            }
        </div>
    }
}
