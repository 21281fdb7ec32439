//! The preset traces under www/presets, compiled in so the page works from
//! any static host (or a file) without fetching.

use serde::Deserialize;

/// A preset: its file name and JSON text.
pub struct Preset {
    pub file: &'static str,
    pub text: &'static str,
}

pub const PRESETS: [Preset; 9] = [
    Preset {
        file: "four-servers-async.json",
        text: include_str!("../../www/presets/four-servers-async.json"),
    },
    Preset { file: "four-servers-sync.json", text: include_str!("../../www/presets/four-servers-sync.json") },
    Preset {
        file: "lamport-concurrency.json",
        text: include_str!("../../www/presets/lamport-concurrency.json"),
    },
    Preset { file: "events-vs-actions.json", text: include_str!("../../www/presets/events-vs-actions.json") },
    Preset { file: "itc-paper-run.json", text: include_str!("../../www/presets/itc-paper-run.json") },
    Preset { file: "itc-churn.json", text: include_str!("../../www/presets/itc-churn.json") },
    Preset {
        file: "crdt-or-set-add-wins.json",
        text: include_str!("../../www/presets/crdt-or-set-add-wins.json"),
    },
    Preset {
        file: "crdt-counter-duplicates.json",
        text: include_str!("../../www/presets/crdt-counter-duplicates.json"),
    },
    Preset { file: "crdt-lww-vs-mv.json", text: include_str!("../../www/presets/crdt-lww-vs-mv.json") },
];

/// The optional descriptive fields a preset carries beside the trace.
#[derive(Deserialize, Default, Clone, PartialEq)]
pub struct About {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub about: String,
}

impl Preset {
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
