//! The commit lab's scenarios: the presets under www/scenarios, compiled
//! in by the core's library (the gallery, `?scenario=NAME` and the lab's
//! select offer them).

pub use crate::core::library::SCENARIOS;
