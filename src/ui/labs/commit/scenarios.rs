//! The run labs' scenarios: the presets under www/scenarios, compiled in
//! by the core's library (the gallery, `?scenario=NAME` and the labs'
//! selects offer them). A token bank's belong to the snapshot lab, a
//! replica group's (VR or PBFT) to the replication lab, the others to the
//! commit lab.

pub use crate::core::library::{PBFT, REPLICATION, SCENARIOS};
use crate::core::sim::scenario::Scenario;
use crate::ui::labs::Lab;

/// The scenarios `lab` offers, by name, read.
pub fn of(lab: Lab) -> impl Iterator<Item = (&'static str, Scenario)> {
    all().filter_map(move |(name, text)| {
        let s = Scenario::parse(text).ok()?;
        (Lab::of_scenario(&s) == lab).then_some((name, s))
    })
}

/// Every run lab's scenarios: (name, text).
pub fn all() -> impl Iterator<Item = (&'static str, &'static str)> {
    SCENARIOS.iter().chain(REPLICATION.iter()).chain(PBFT.iter()).copied()
}
