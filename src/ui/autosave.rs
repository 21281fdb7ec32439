//! Saving the diagram as it changes, after the change is on screen: the
//! document's JSON and localStorage's write take milliseconds (more for a
//! big imported log) that an edit should not wait for. A save waits
//! `AFTER_MS`, a newer change replaces it, and a page being hidden or
//! closed writes what is waiting at once, so a reload keeps every change.
//! The diagram a page opens with is written at once, as before: a save
//! still waiting when something else writes the document (another tab, a
//! script) would otherwise write over it as the page goes.

use super::scene::Scene;
use super::state::{Action, AppState};
use super::storage;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// Long enough for the frame that shows the change to be painted first.
const AFTER_MS: i32 = 100;

type Waiting = Rc<RefCell<Option<Rc<Scene>>>>;

/// Saves `scene` while `saves` holds (see `Autosave::saves`).
#[hook]
pub fn use_autosave(dispatch: &UseReducerDispatcher<AppState>, scene: &Rc<Scene>, saves: bool) {
    let waiting: Waiting = use_mut_ref(|| None);
    {
        let (waiting, dispatch) = (waiting.clone(), dispatch.clone());
        use_effect_with((), move |_| on_page_hide(move || write(&waiting, &dispatch)));
    }
    let dispatch = dispatch.clone();
    let opened = use_mut_ref(|| false);
    use_effect_with((scene.clone(), saves), move |(scene, saves)| {
        let first = !std::mem::replace(&mut *opened.borrow_mut(), true);
        let timer = if first {
            *waiting.borrow_mut() = saves.then(|| scene.clone());
            write(&waiting, &dispatch);
            None
        } else if !*saves {
            // A diagram not to be saved (a link's not yet changed, or after
            // a refusal) follows one that was: that one is written now, as
            // it would have been had it not waited.
            write(&waiting, &dispatch);
            None
        } else {
            // A newer diagram takes the place of the waiting one.
            *waiting.borrow_mut() = Some(scene.clone());
            Some(super::dom::timeout(AFTER_MS, move || write(&waiting, &dispatch)))
        };
        move || drop(timer)
    });
}

/// Writes the waiting diagram, if any; says why when the browser refuses.
fn write(waiting: &RefCell<Option<Rc<Scene>>>, dispatch: &UseReducerDispatcher<AppState>) {
    let Some(scene) = waiting.borrow_mut().take() else { return };
    if let Err(text) = storage::save_document(&scene) {
        dispatch.dispatch(Action::AutosaveFailed(text));
    }
}

/// Calls `f` whenever the page is hidden or unloaded (`pagehide`), for as
/// long as the page lives.
fn on_page_hide(f: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else { return };
    let listener = Closure::<dyn Fn()>::new(f);
    let _ = window.add_event_listener_with_callback("pagehide", listener.as_ref().unchecked_ref());
    listener.forget();
}
