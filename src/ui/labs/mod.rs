//! The labs. A lab is one folder here, in one pattern:
//!
//! - its state slice and its `Action`s, in its `mod.rs`: the app's state
//!   holds the slice and its reducer hands the lab its own actions
//!   (`Action::Crdt`, `Action::Commit`); the lab changes the rest of the
//!   page only through [`Host`], so no lab imports the app's state;
//! - `enter` and `leave`, called when the switcher chooses it or another;
//! - its panel components, which take narrow callbacks (`on_action` for
//!   its own actions, `on_edit` for edits of the diagram), never the
//!   app's dispatcher;
//! - a `use_canvas` hook that says what it adds to the canvas (see
//!   [`crate::ui::canvas_lab::LabCanvas`]): a gesture of its own, or
//!   markup over the diagram. The canvas knows no lab.
//!
//! Causality and ITC have no state or gestures of their own; their panels
//! are the shared ones (inspector, processes, ITC panel).

pub mod commit;
pub mod crdt;
mod host;
mod lab;
mod tabs;
pub mod time;

pub use host::Host;
pub use lab::Lab;
pub use tabs::LabTabs;
