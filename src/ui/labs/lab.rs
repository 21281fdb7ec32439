//! The labs, chosen from one switcher over the page: each sets what the
//! diagram's labels show and which panel sits beside it.

/// A lab.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lab {
    /// Events, messages, Lamport and vector clocks, light cones.
    #[default]
    Causality,
    /// Interval tree clocks: ids that split and join.
    Itc,
    /// Replicated data types over gossip.
    Crdt,
    /// Two- and three-phase commit on the simulator.
    Commit,
    /// Cuts and snapshots (Chandy–Lamport, Lai–Yang) of a token bank, on
    /// the same simulator.
    Snapshot,
    /// Physical clocks and their synchronisation (Cristian, Berkeley, NTP).
    Time,
    /// Replicas that agree (Viewstamped Replication), on the simulator.
    Replication,
}

impl Lab {
    /// Every lab, in the switcher's order.
    pub const ALL: [Lab; 7] =
        [Lab::Causality, Lab::Itc, Lab::Crdt, Lab::Commit, Lab::Snapshot, Lab::Time, Lab::Replication];

    /// Its name in links (`?lab=`) and hooks.
    pub fn name(self) -> &'static str {
        match self {
            Lab::Causality => "causality",
            Lab::Itc => "itc",
            Lab::Crdt => "crdt",
            Lab::Commit => "commit",
            Lab::Snapshot => "snapshot",
            Lab::Time => "time",
            Lab::Replication => "replication",
        }
    }

    /// Its tab's text.
    pub fn title(self) -> &'static str {
        match self {
            Lab::Causality => "Causality",
            Lab::Itc => "ITC",
            Lab::Crdt => "CRDT",
            Lab::Commit => "Commit",
            Lab::Snapshot => "Snapshots",
            Lab::Time => "Time",
            Lab::Replication => "Replicas",
        }
    }

    /// The one line that invites a first-time visitor in.
    pub fn invitation(self) -> &'static str {
        match self {
            Lab::Causality => "Click an event to light up its past and future; drag an event to another line to send a message.",
            Lab::Itc => "Fork and join processes and watch interval tree clock ids split and merge back.",
            Lab::Crdt => "Give replicas operations, gossip, and see which types converge when messages repeat or reorder.",
            Lab::Commit => "Crash the coordinator of two- or three-phase commit and see who blocks, and when a partition breaks atomicity.",
            Lab::Snapshot => "Draw a cut across a run, then watch Chandy–Lamport record a global state that adds up, and see why it needs FIFO channels.",
            Lab::Replication => "Crash the primary of a Viewstamped Replication group and watch the view change elect the next; crash f + 1 and see it stop, safely.",
            Lab::Time => "Drag one leg of a clock exchange and watch the computed offset go wrong by half the asymmetry; see NTP step, slew or refuse.",
        }
    }

    /// Its diagram is a simulator run (the commit and snapshot labs share
    /// the machinery: a scenario, its run, faults, the explorer).
    pub fn runs(self) -> bool {
        matches!(self, Lab::Commit | Lab::Snapshot | Lab::Replication)
    }

    /// The run lab that shows `scenario`: a token bank's in the snapshot
    /// lab, a replica group's in the replication lab, any other in the
    /// commit lab.
    pub fn of_scenario(scenario: &crate::core::sim::scenario::Scenario) -> Lab {
        if scenario.protocol.bank().is_some() {
            Lab::Snapshot
        } else if scenario.protocol.vr().is_some() || scenario.protocol.pbft().is_some() {
            Lab::Replication
        } else {
            Lab::Commit
        }
    }

    /// The lab called `name`.
    pub fn from_name(name: &str) -> Option<Lab> {
        Lab::ALL.into_iter().find(|l| l.name() == name)
    }
}
