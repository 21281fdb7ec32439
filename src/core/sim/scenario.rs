//! A commit-lab scenario as JSON: the protocol, the participants and their
//! votes, timeouts, the system model, explicit faults with times, and a
//! seed. Nodes are named `C` (the coordinator) and `P1` ... `Pn`.
//!
//! ```json
//! {"protocol": "2pc", "participants": 3, "votes": ["yes", "yes", "yes"],
//!  "timeouts": {"vote": 4, "decision": 6},
//!  "model": {"links": "reliable", "nodes": "crash-stop",
//!            "timing": {"synchronous": {"delay": 1}}},
//!  "faults": [{"crash": {"node": "C", "at": 2.5}}],
//!  "seed": 1, "until": 40}
//! ```

use super::model::SystemModel;
use super::{NodeId, Time, Vote};
use serde::{Deserialize, Serialize};

/// Which protocol runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Protocol {
    /// Two-phase commit.
    #[serde(rename = "2pc")]
    TwoPc,
    /// Three-phase commit with the termination protocol.
    #[serde(rename = "3pc")]
    ThreePc,
}

/// Timeouts, in time units.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Timeouts {
    /// The coordinator waits this long for votes; a participant this long
    /// for the vote request.
    pub vote: Time,
    /// A prepared participant waits this long for the outcome (then asks
    /// again every `decision`).
    pub decision: Time,
    /// 3PC: the coordinator waits this long for pre-commit acks; a
    /// participant taking over waits this long for the others' states.
    pub ack: Time,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts { vote: 4.0, decision: 6.0, ack: 4.0 }
    }
}

/// A fault the scenario injects.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Fault {
    /// The node crashes at a time.
    Crash {
        /// Node name.
        node: String,
        /// When.
        at: Time,
    },
    /// The node recovers at a time (crash-recovery only).
    Recover {
        /// Node name.
        node: String,
        /// When.
        at: Time,
    },
    /// The `nth` message (from 1) from one node to another is lost.
    Drop {
        /// Sender.
        from: String,
        /// Receiver.
        to: String,
        /// Which of the messages between them.
        nth: usize,
    },
    /// The `nth` message from one node to another takes `by` longer.
    Delay {
        /// Sender.
        from: String,
        /// Receiver.
        to: String,
        /// Which of the messages between them.
        nth: usize,
        /// Extra time.
        by: Time,
    },
    /// Between two times, messages between groups are lost.
    Partition {
        /// The sides: node names.
        groups: Vec<Vec<String>>,
        /// Start.
        from: Time,
        /// End.
        until: Time,
    },
}

/// One step of a scripted run (what the explorer's counterexamples are):
/// steps happen one time unit apart, in order.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Step {
    /// Deliver the oldest message in flight from one node to another.
    Deliver {
        /// Sender.
        from: String,
        /// Receiver.
        to: String,
    },
    /// Lose the oldest message in flight from one node to another.
    Drop {
        /// Sender.
        from: String,
        /// Receiver.
        to: String,
    },
    /// A node crashes.
    Crash {
        /// The node.
        node: String,
    },
    /// A pending timer of a node fires.
    Timeout {
        /// The node.
        node: String,
        /// The timer's name.
        timer: String,
    },
    /// From now on, messages between the groups are lost.
    Partition {
        /// The sides.
        groups: Vec<Vec<String>>,
    },
}

fn default_participants() -> usize {
    3
}
fn default_seed() -> u64 {
    1
}
fn default_until() -> Time {
    40.0
}

/// A whole scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// A title, for presets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What it shows, for presets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    /// The protocol.
    pub protocol: Protocol,
    /// How many participants (1 to 9).
    #[serde(default = "default_participants")]
    pub participants: usize,
    /// Each participant's vote (missing ones vote yes).
    #[serde(default)]
    pub votes: Vec<Vote>,
    /// Timeouts.
    #[serde(default)]
    pub timeouts: Timeouts,
    /// The system model.
    #[serde(default)]
    pub model: SystemModel,
    /// Faults.
    #[serde(default)]
    pub faults: Vec<Fault>,
    /// The seed of every random choice.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// The run stops at this time.
    #[serde(default = "default_until")]
    pub until: Time,
    /// A scripted run: when given, these steps decide every delivery,
    /// timeout and fault, one time unit apart (timing, links and `faults`
    /// are not used).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedule: Vec<Step>,
}

impl Scenario {
    /// Reads and checks a scenario; errors say what and where.
    pub fn parse(text: &str) -> Result<Scenario, String> {
        let s: Scenario = serde_json::from_str(text).map_err(|e| e.to_string())?;
        s.check()?;
        Ok(s)
    }

    /// Node names: `C`, then `P1` ... `Pn`.
    pub fn names(&self) -> Vec<String> {
        std::iter::once("C".to_string()).chain((1..=self.participants).map(|i| format!("P{i}"))).collect()
    }

    /// The node called `name`.
    pub fn node(&self, name: &str) -> Result<NodeId, String> {
        self.names().iter().position(|n| n == name).ok_or_else(|| {
            format!("no node is called \"{name}\" (nodes are C and P1 to P{})", self.participants)
        })
    }

    /// Participant `i`'s vote (from 1).
    pub fn vote(&self, i: usize) -> Vote {
        self.votes.get(i - 1).copied().unwrap_or(Vote::Yes)
    }

    fn check(&self) -> Result<(), String> {
        if !(1..=9).contains(&self.participants) {
            return Err(format!("\"participants\" is {}; the lab takes 1 to 9", self.participants));
        }
        if self.votes.len() > self.participants {
            return Err(format!("{} votes for {} participants", self.votes.len(), self.participants));
        }
        let t = self.timeouts;
        if ![t.vote, t.decision, t.ack, self.until].iter().all(|x| x.is_finite() && *x > 0.0)
            || self.until > 10_000.0
        {
            return Err("timeouts and \"until\" must be positive (and \"until\" at most 10000)".into());
        }
        self.check_model().map_err(|e| format!("model: {e}"))?;
        for (i, f) in self.faults.iter().enumerate() {
            self.check_fault(f).map_err(|e| format!("faults[{i}]: {e}"))?;
        }
        for (i, step) in self.schedule.iter().enumerate() {
            self.check_step(step).map_err(|e| format!("schedule[{i}]: {e}"))?;
        }
        Ok(())
    }

    fn check_step(&self, step: &Step) -> Result<(), String> {
        match step {
            Step::Deliver { from, to } | Step::Drop { from, to } => {
                self.node(from).and(self.node(to)).map(drop)
            }
            Step::Crash { node } | Step::Timeout { node, .. } => self.node(node).map(drop),
            Step::Partition { groups } => groups.iter().flatten().try_for_each(|n| self.node(n).map(drop)),
        }
    }

    /// Delays of at least 0.1 (so every arrow points forwards in time) and
    /// probabilities between 0 and 1.
    fn check_model(&self) -> Result<(), String> {
        use super::model::{Links, Timing};
        let delay = |d: Time| {
            if d.is_finite() && (0.1..=1000.0).contains(&d) {
                Ok(())
            } else {
                Err("delays must be between 0.1 and 1000")
            }
        };
        let chance = |p: f64| {
            if (0.0..=1.0).contains(&p) {
                Ok(())
            } else {
                Err("probabilities must be between 0 and 1")
            }
        };
        match self.model.timing {
            Timing::Synchronous { delay: d } => delay(d)?,
            Timing::PartiallySynchronous { gst, delay: d, max_before } => {
                delay(d)?;
                delay(max_before)?;
                if !(gst.is_finite() && gst >= 0.0) {
                    return Err("\"gst\" must be a time, 0 or more".into());
                }
            }
            Timing::Asynchronous { max_delay } => delay(max_delay)?,
        }
        match self.model.links {
            Links::Reliable => {}
            Links::FairLoss { loss } => chance(loss)?,
            Links::Arbitrary { loss, duplicate, max_delay } => {
                chance(loss)?;
                chance(duplicate)?;
                if !(max_delay.is_finite() && (0.0..=1000.0).contains(&max_delay)) {
                    return Err("\"max_delay\" must be between 0 and 1000".into());
                }
            }
        }
        Ok(())
    }

    fn check_fault(&self, f: &Fault) -> Result<(), String> {
        let time = |t: Time| {
            if t.is_finite() && t >= 0.0 {
                Ok(())
            } else {
                Err("a time must be 0 or more".to_string())
            }
        };
        match f {
            Fault::Crash { node, at } | Fault::Recover { node, at } => self.node(node).and(time(*at)),
            Fault::Drop { from, to, nth } | Fault::Delay { from, to, nth, .. } => {
                self.node(from)?;
                self.node(to)?;
                if *nth == 0 {
                    return Err("\"nth\" counts from 1".into());
                }
                match f {
                    Fault::Delay { by, .. } => time(*by),
                    _ => Ok(()),
                }
            }
            Fault::Partition { groups, from, until } => {
                for name in groups.iter().flatten() {
                    self.node(name)?;
                }
                time(*from)?;
                if until < from {
                    return Err("a partition must end after it starts".into());
                }
                Ok(())
            }
        }
    }
}
