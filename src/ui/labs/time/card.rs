//! A time-lab preset as a gallery card: its title, what it shows, and a
//! picture of its first exchanges (a whole run is an hour of polls).

use super::preset;
use crate::core::timesync::{self, Scenario};
use crate::ui::scene::Scene;
use std::rc::Rc;

/// How many exchanges the picture shows.
const SHOWN: usize = 3;
/// The picture's width in time units: its exchanges fill the card.
const WIDTH: f64 = 12.0;
/// How long a run the picture is taken from.
const FIRST: f64 = 2.0;

/// The preset `name`'s title, what it shows, and the diagram of its run
/// until its first few exchanges are over.
pub fn card(name: &str) -> Option<(String, String, Option<Rc<Scene>>)> {
    let value = preset(name)?;
    let scenario = Scenario::from_value(&value).ok()?;
    let title = scenario.title.clone().unwrap_or_else(|| name.to_string());
    let about = scenario.about.clone().unwrap_or_default();
    Some((title, about, picture(value)))
}

/// The run's events until its first exchanges are over, stretched across
/// the card.
fn picture(mut value: serde_json::Value) -> Option<Rc<Scene>> {
    // Every preset's first exchanges are over within two seconds: the
    // rest of the hour is not run (the gallery opens on a first visit).
    let until = value["until"].as_f64()?.min(FIRST);
    value["until"] = serde_json::json!(until);
    let run = timesync::run(&Scenario::from_value(&value).ok()?);
    let (mut trace, end) = run.opening(SHOWN);
    let events = trace["events"].as_array_mut()?;
    for e in events.iter_mut() {
        let t = e["time"].as_f64().unwrap_or(0.0);
        e["time"] = serde_json::json!(t * WIDTH / end);
    }
    Scene::parse(&trace.to_string()).ok()
}
