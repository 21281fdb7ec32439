//! The labs, chosen from one switcher over the page: each sets what the
//! diagram's labels show and which panel sits beside it. Time, Snapshots
//! and Replication join the list as they are built.

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
}

impl Lab {
    /// Every lab, in the switcher's order.
    pub const ALL: [Lab; 4] = [Lab::Causality, Lab::Itc, Lab::Crdt, Lab::Commit];

    /// Its name in links (`?lab=`) and hooks.
    pub fn name(self) -> &'static str {
        match self {
            Lab::Causality => "causality",
            Lab::Itc => "itc",
            Lab::Crdt => "crdt",
            Lab::Commit => "commit",
        }
    }

    /// Its tab's text.
    pub fn title(self) -> &'static str {
        match self {
            Lab::Causality => "Causality",
            Lab::Itc => "ITC",
            Lab::Crdt => "CRDT",
            Lab::Commit => "Commit",
        }
    }

    /// The one line that invites a first-time visitor in.
    pub fn invitation(self) -> &'static str {
        match self {
            Lab::Causality => "Click an event to light up its past and future; drag an event to another line to send a message.",
            Lab::Itc => "Fork and join processes and watch interval tree clock ids split and merge back.",
            Lab::Crdt => "Give replicas operations, gossip, and see which types converge when messages repeat or reorder.",
            Lab::Commit => "Crash the coordinator of two- or three-phase commit and see who blocks, and when a partition breaks atomicity.",
        }
    }

    /// The lab called `name`.
    pub fn from_name(name: &str) -> Option<Lab> {
        Lab::ALL.into_iter().find(|l| l.name() == name)
    }
}
