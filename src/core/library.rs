//! The presets, scenarios, time-lab scenarios and lessons under `www/`,
//! compiled in, so the page works from any static host (or a file)
//! without fetching, and the CLI's `lesson check` resolves the same names
//! the page does.

/// A preset diagram: its file name and JSON text.
pub struct Preset {
    /// Its file name under www/presets.
    pub file: &'static str,
    /// Its JSON text.
    pub text: &'static str,
}

impl Preset {
    /// Its name in links and lessons: the file name without `.json`.
    pub fn name(&self) -> &'static str {
        self.file.trim_end_matches(".json")
    }
}

macro_rules! presets {
    ($($file:literal),* $(,)?) => {
        [$(Preset { file: $file, text: include_str!(concat!("../../www/presets/", $file)) }),*]
    };
}

/// The preset traces, in the gallery's order.
pub const PRESETS: [Preset; 11] = presets![
    "four-servers-async.json",
    "four-servers-sync.json",
    "lamport-concurrency.json",
    "events-vs-actions.json",
    "cut-consistent.json",
    "cut-inconsistent.json",
    "itc-paper-run.json",
    "itc-churn.json",
    "crdt-or-set-add-wins.json",
    "crdt-counter-duplicates.json",
    "crdt-lww-vs-mv.json",
];

macro_rules! named {
    ($dir:literal: $($name:literal),* $(,)?) => {
        [$(($name, include_str!(concat!("../../www/", $dir, "/", $name, ".json")))),*]
    };
}

/// The protocol scenarios the page's commit lab opens (2PC, 3PC, and the
/// snapshot protocols on a token bank): each name (its file's, without
/// `.json`) and text.
pub const SCENARIOS: [(&str, &str); 10] = named!["scenarios":
    "2pc-happy-path",
    "2pc-coordinator-crash",
    "2pc-coordinator-recovers",
    "3pc-coordinator-crash",
    "3pc-partition",
    "bank-one-snapshot",
    "bank-never-held",
    "bank-two-snapshots",
    "bank-fifo-counterexample",
    "bank-lai-yang",
];

/// The replication lab's scenarios (Viewstamped Replication,
/// docs/vr.md): each name (its file's, without `.json`) and text.
pub const REPLICATION: [(&str, &str); 8] = named!["scenarios":
    "vr-normal",
    "vr-primary-crash",
    "vr-backup-recovers",
    "vr-f-plus-one-crashes",
    "vr-partition-heals",
    "vr-batching",
    "vr-read-leases",
    "vr-state-transfer-loss",
];

/// PBFT's scenarios (docs/pbft.md): each name and text. The page offers
/// them in the replication lab, after VR's.
pub const PBFT: [(&str, &str); 6] = named!["scenarios":
    "pbft-normal",
    "pbft-equivocating-primary",
    "pbft-view-change",
    "pbft-equivocation-view-change",
    "pbft-checkpoints",
    "pbft-f-plus-one-byzantine",
];

/// The time lab's scenarios (`lightcone timesync`'s format,
/// docs/timesync.md): each name (its file's, without `.json`) and text, in
/// the course's order.
pub const TIMESYNC: [(&str, &str); 12] = named!["timesync":
    "drift-without-sync",
    "cristian-symmetric",
    "cristian-asymmetric",
    "berkeley-outlier",
    "ntp-falseticker",
    "step-versus-slew",
    "panic",
    "clock-jump-rfc5905",
    "clock-jump-ntpd",
    "clock-jump-chrony",
    "ntpdate-versus-ntpd",
    "strata",
];

/// A time-lab scenario's text by name.
pub fn timesync(name: &str) -> Option<&'static str> {
    TIMESYNC.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// A preset's text by name (with or without `.json`).
pub fn preset(name: &str) -> Option<&'static str> {
    let name = name.trim_end_matches(".json");
    PRESETS.iter().find(|p| p.name() == name).map(|p| p.text)
}

/// A scenario's text by name.
pub fn scenario(name: &str) -> Option<&'static str> {
    SCENARIOS.iter().chain(&REPLICATION).chain(&PBFT).find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The lessons of `www/lessons/`: each name (its file's, without `.json`)
/// and text, in the gallery's order (the course's).
pub const LESSONS: [(&str, &str); 20] = named!["lessons":
    "events-and-processes",
    "sync-vs-async",
    "lamport-receive-rule",
    "lamport-concurrency",
    "vector-clocks",
    "interval-tree-clocks",
    "cuts",
    "chandy-lamport",
    "physical-time",
    "cristian",
    "berkeley",
    "ntp",
    "crdt-state-vs-op",
    "2pc-blocking",
    "3pc-takeover",
    "vr-normal-and-view-change",
    "vr-limits",
    "pbft",
    "vr-vs-pbft",
    "system-model",
];

/// A lesson's text by name.
pub fn lesson(name: &str) -> Option<&'static str> {
    LESSONS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}
