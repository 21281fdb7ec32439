//! The lab's small popover beside the selected event: the operations its
//! replica can perform in the chosen type, one click each; and the hook
//! that puts it on the canvas.

use crate::core::crdt::{Kind, Op};
use crate::core::editor::Edit;
use crate::ui::canvas_lab::LabCanvas;
use crate::ui::scene::Scene;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PopoverProps {
    pub kind: Kind,
    pub event: String,
    pub op: Option<Op>,
    pub on_edit: Callback<Edit>,
}

/// What the lab adds to the canvas: the popover beside the selected
/// event, if it is a local one (an update) and the diagram has a type.
#[hook]
pub fn use_canvas(
    kind: Option<Kind>,
    scene: &Rc<Scene>,
    selected: Option<String>,
    on_edit: &Callback<Edit>,
) -> LabCanvas {
    let overlay = use_memo(
        (kind, scene.clone(), selected, on_edit.clone()),
        |(kind, scene, selected, on_edit)| {
            let (Some(kind), Some(id)) = (kind, selected) else { return Html::default() };
            let doc = &scene.document;
            let Some(event) = doc.event(id) else { return Html::default() };
            if event.link.is_some() || doc.sends(id) || doc.receives(id) {
                return Html::default();
            }
            html! { <OpPopover kind={*kind} event={id.clone()} op={event.op.clone()} on_edit={on_edit.clone()} /> }
        },
    );
    LabCanvas { overlay: (*overlay).clone(), ..LabCanvas::default() }
}

#[component]
pub fn OpPopover(p: &PopoverProps) -> Html {
    let node = use_node_ref();
    let text = use_state(|| "x".to_string());
    {
        // Follow the event's dot, wherever pan and zoom have put it.
        let (node, id) = (node.clone(), p.event.clone());
        use_effect(move || place(&node, &id));
    }
    let set = |op: Option<Op>| {
        let event = p.event.clone();
        p.on_edit.reform(move |_: MouseEvent| Edit::SetOp { event: event.clone(), op: op.clone() })
    };
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let arg = text.trim().to_string();
    let with_arg = |make: fn(String) -> Op| (!arg.is_empty()).then(|| make(arg.clone()));
    let button = |label: String, op: Option<Op>| {
        let disabled = op.is_none();
        html! { <button class="op" onclick={set(op)} {disabled}>{ label }</button> }
    };
    let buttons = match p.kind {
        Kind::GCounter => html! { { button("inc".into(), Some(Op::Inc)) } },
        Kind::PnCounter | Kind::OpCounter => {
            html! { <>{ button("inc".into(), Some(Op::Inc)) }{ button("dec".into(), Some(Op::Dec)) }</> }
        }
        Kind::GSet => html! { { button(format!("add {arg}"), with_arg(Op::Add)) } },
        Kind::TwoPSet | Kind::OrSet | Kind::OpOrSet => html! {
            <>{ button(format!("add {arg}"), with_arg(Op::Add)) }{ button(format!("remove {arg}"), with_arg(Op::Remove)) }</>
        },
        Kind::LwwRegister | Kind::MvRegister => {
            html! { { button(format!("write {arg}"), with_arg(Op::Write)) } }
        }
    };
    let needs_text = !matches!(p.kind, Kind::GCounter | Kind::PnCounter | Kind::OpCounter);
    html! {
        <div ref={node} class="op-popover" role="dialog" aria-label={format!("Operation of {}", p.event)}>
            <span class="op-now">{ format!("{}: {}", p.event, p.op.as_ref().map_or("no op".to_string(), Op::to_string)) }</span>
            if needs_text {
                <input id="op-text" type="text" value={(*text).clone()} oninput={on_text} aria-label="Element or value" size="6" />
            }
            { buttons }
            if p.op.is_some() { <button class="op clear" onclick={set(None)}>{"clear"}</button> }
        </div>
    }
}

/// Puts the popover just below the event's dot, inside the canvas. Uses
/// the style object (CSSOM), which the page's CSP allows, not a style
/// attribute.
fn place(node: &NodeRef, id: &str) {
    let Some(pop) = node.cast::<HtmlElement>() else { return };
    let Some(canvas) = pop.parent_element() else { return };
    let Some(dot) = find_dot(id) else { return };
    let (c, d) = (canvas.get_bounding_client_rect(), dot.get_bounding_client_rect());
    let style = pop.style();
    let _ = style.set_property("left", &format!("{}px", d.left() - c.left() + d.width() / 2.0 - 20.0));
    let _ = style.set_property("top", &format!("{}px", d.bottom() - c.top() + 44.0));
}

/// The dot of the event with this id (compared as text: ids are user text).
fn find_dot(id: &str) -> Option<Element> {
    let document = web_sys::window()?.document()?;
    let all = document.query_selector_all("[data-event-id]").ok()?;
    (0..all.length())
        .filter_map(|i| all.item(i)?.dyn_into::<Element>().ok())
        .find(|el| el.get_attribute("data-event-id").as_deref() == Some(id))
        .and_then(|el| el.query_selector("circle").ok().flatten())
}
