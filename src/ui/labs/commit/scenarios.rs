//! The commit lab's scenarios: the presets under www/scenarios, compiled
//! in (the gallery, `?scenario=NAME` and the lab's select offer them).

/// Each preset's name (its file's, without `.json`) and text.
pub const SCENARIOS: [(&str, &str); 5] = [
    ("2pc-happy-path", include_str!("../../../../www/scenarios/2pc-happy-path.json")),
    ("2pc-coordinator-crash", include_str!("../../../../www/scenarios/2pc-coordinator-crash.json")),
    ("2pc-coordinator-recovers", include_str!("../../../../www/scenarios/2pc-coordinator-recovers.json")),
    ("3pc-coordinator-crash", include_str!("../../../../www/scenarios/3pc-coordinator-crash.json")),
    ("3pc-partition", include_str!("../../../../www/scenarios/3pc-partition.json")),
];
