//! What a selection, a relation's proof, a search and the playhead say of
//! each drawn event, written onto the event's element directly: only the
//! events whose state changed are touched. A click then costs the browser
//! the restyling of the events it recoloured, and Yew renders none of the
//! dots (their components depend on the drawing alone).

use super::diagram_layer::Views;
use super::shared::Shared;
use std::rc::Rc;
use web_sys::Element;
use yew::prelude::*;

/// One event's state beyond its look: its `data-cone` word and its
/// `proof`, `second`, `later` and `found` classes.
#[derive(Clone, Copy, PartialEq, Default, Debug)]
pub struct Deco {
    pub cone: Option<&'static str>,
    pub proof: bool,
    pub second: bool,
    pub later: bool,
    pub found: bool,
}

/// What the elements show now: the views they were written for, and each
/// drawn event's state there.
#[derive(Default)]
struct Written {
    views: Option<Shared<Views>>,
    decos: Rc<Vec<Deco>>,
}

/// Keeps the children of `events` (one per drawn dot, in the order of
/// `views.dots`) showing `decos`. After a new drawing every element is
/// written (its dots may be new elements); otherwise only the changed ones.
#[hook]
pub fn use_decorations(events: NodeRef, views: Shared<Views>, decos: Rc<Vec<Deco>>) {
    let written = use_mut_ref(Written::default);
    use_effect_with((views, decos), move |(views, decos)| {
        if let Some(group) = events.cast::<Element>() {
            write(&group, &mut written.borrow_mut(), views, decos.clone());
        }
    });
}

fn write(group: &Element, written: &mut Written, views: &Shared<Views>, decos: Rc<Vec<Deco>>) {
    let children = group.children();
    let fresh = written.views.as_ref() != Some(views) || written.decos.len() != decos.len();
    for (i, new) in decos.iter().enumerate() {
        let old = if fresh { None } else { written.decos.get(i).copied() };
        if old == Some(*new) {
            continue;
        }
        if let Some(el) = children.item(i as u32) {
            apply(&el, old, *new);
        }
    }
    written.views = Some(views.clone());
    written.decos = decos;
}

/// Writes what differs between `old` and `new` (everything when the
/// element's state is unknown).
fn apply(el: &Element, old: Option<Deco>, new: Deco) {
    if old.map(|o| o.cone) != Some(new.cone) {
        let _ = match new.cone {
            Some(word) => el.set_attribute("data-cone", word),
            None => el.remove_attribute("data-cone"),
        };
    }
    let classes = el.class_list();
    let flags = [
        ("proof", new.proof, old.map(|o| o.proof)),
        ("second", new.second, old.map(|o| o.second)),
        ("later", new.later, old.map(|o| o.later)),
        ("found", new.found, old.map(|o| o.found)),
    ];
    for (class, on, was) in flags {
        if was != Some(on) {
            let _ = classes.toggle_with_force(class, on);
        }
    }
}
