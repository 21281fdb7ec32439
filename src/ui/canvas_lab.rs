//! What a lab adds to the canvas. Each lab makes its own with a hook
//! (ui/labs/<lab>/), and the app hands the chosen lab's to the canvas,
//! which itself knows no lab.

use yew::prelude::*;

/// The chosen lab's gestures and markup on the canvas.
#[derive(Clone, Default, PartialEq)]
pub struct LabCanvas {
    /// While set, a drag on the diagram draws a rectangle (instead of
    /// panning or moving an event), and letting go hands it over.
    pub rectangle: Option<Callback<Rectangle>>,
    /// Markup over the diagram, such as a popover beside an event.
    pub overlay: Html,
    /// The rectangle's drag draws a line instead (a cut across the lines).
    pub line: bool,
    /// A dragged event moves along its line to the exact time under the
    /// pointer, off the editor's grid (see `gesture::exact_move`).
    pub exact: bool,
}

/// A rectangle drawn on the diagram, in the diagram's terms: the stretch
/// of time it spans and the lines it covers.
#[derive(Clone, Debug, PartialEq)]
pub struct Rectangle {
    /// Its earlier and later time (never before 0).
    pub from: f64,
    pub until: f64,
    /// The processes whose lines it covers, by name, in the order shown.
    pub inside: Vec<String>,
    /// The other processes shown.
    pub outside: Vec<String>,
    /// Where the straight line from the drag's start to its end crosses
    /// each shown line, as (process, time), in the order shown; a line
    /// above or below the drag takes the time of the nearer end.
    pub crossings: Vec<(String, f64)>,
}
