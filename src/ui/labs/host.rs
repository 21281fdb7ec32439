//! What a lab may read and change of the page around it. A lab's reducer
//! works through this trait, so no lab imports the app's state: state.rs
//! implements it and hands each lab its own actions.

use crate::core::editor::Edit;
use crate::ui::notice::Notice;
use crate::ui::scene::Scene;
use std::rc::Rc;

pub trait Host {
    /// The diagram on screen.
    fn scene(&self) -> &Rc<Scene>;

    /// Shows `scene` as the diagram's next state (undo goes back), with
    /// nothing selected, playback off and `notice` (if any) in place of
    /// the last one.
    fn show(&mut self, scene: Rc<Scene>, notice: Option<Notice>);

    /// The next diagram shown is a new one rather than an edit: the view
    /// fits it, and its lines and runs start as it suggests.
    fn start_over(&mut self);

    /// Tells the user something.
    fn notice(&mut self, notice: Notice);

    /// Edits the diagram as a gesture on it would.
    fn edit(&mut self, edit: &Edit);
}

/// The diagram a run lab took the canvas over from, given back when
/// another lab is chosen (the commit, snapshot and time labs share it).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TakenOver(Option<Rc<Scene>>);

impl TakenOver {
    /// Keeps the diagram on screen, unless the lab already shows its own
    /// run (`running`) or keeps one.
    pub fn keep(&mut self, host: &impl Host, running: bool) {
        if !running && self.0.is_none() {
            self.0 = Some(host.scene().clone());
        }
    }

    /// Shows the kept diagram again, if there is one.
    pub fn give_back(&mut self, host: &mut impl Host) {
        if let Some(before) = self.0.take() {
            host.start_over();
            host.show(before, None);
        }
    }

    /// Another diagram loaded: there is nothing to give back.
    pub fn clear(&mut self) {
        self.0 = None;
    }
}
