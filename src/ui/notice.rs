//! The notice under the diagram: a refused edit, a load error, a note.

/// A short message for the user.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    /// An error stays until dismissed; a note goes by itself.
    pub error: bool,
}
