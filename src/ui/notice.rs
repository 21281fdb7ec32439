//! The notice under the diagram: a refused edit, a load error, a note.

/// A short message for the user.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    /// An error stays until dismissed; a note goes by itself.
    pub error: bool,
}

impl Notice {
    /// A note, which goes away by itself after a while.
    pub fn note(text: impl Into<String>) -> Notice {
        Notice { text: text.into(), error: false }
    }

    /// An error, which stays until dismissed.
    pub fn error(text: impl Into<String>) -> Notice {
        Notice { text: text.into(), error: true }
    }
}
