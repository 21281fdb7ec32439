//! The preset traces under www/presets (compiled in by the core's
//! library): what the page says of each, and opening one.

use serde::Deserialize;

pub use crate::core::library::{Preset, PRESETS};

/// The optional descriptive fields a preset carries beside the trace.
#[derive(Deserialize, Default, Clone, PartialEq)]
pub struct About {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub about: String,
}

impl Preset {
    /// Its title and what it shows, from its JSON.
    pub fn about(&self) -> About {
        serde_json::from_str(self.text).unwrap_or_default()
    }
}

/// Opens `preset` in place of the diagram (undoable), or says why not.
pub fn open(preset: &Preset, d: &yew::UseReducerDispatcher<super::state::AppState>) {
    use super::notice::Notice;
    use super::scene::Scene;
    use super::state::Action;
    match Scene::parse(preset.text) {
        // Its title shows over the diagram: no note needed.
        Ok(scene) => d.dispatch(Action::Replace(scene, String::new())),
        Err(error) => d.dispatch(Action::Notice(Some(Notice {
            text: format!("{}: {error}", preset.file),
            error: true,
        }))),
    }
}

/// The preset whose file is `name` (without `.json`).
pub fn by_name(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.file.strip_suffix(".json") == Some(name))
}
