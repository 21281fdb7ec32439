//! Editing a diagram: the document the editor changes, the edits it may
//! make (refused, with a reason, when they would break causality), snapping,
//! hit-testing, playback and undo history. All pure, all tested natively;
//! the UI only turns pointer and key events into these calls.

pub mod document;
pub mod edit;
pub mod error;
mod find;
mod from_log;
pub mod gesture;
pub mod history;
pub mod hit;
pub mod playback;
pub mod snap;

pub use document::{DocEvent, DocMessage, Document, Link, Placed};
pub use edit::{apply, Applied, Edit};
pub use error::EditError;
pub use history::History;
