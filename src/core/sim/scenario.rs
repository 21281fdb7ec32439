//! A scenario as JSON: the protocol and its settings, the system model,
//! faults with times, injected inputs, a seed, and optionally a schedule
//! that scripts the run step by step.
//!
//! ```json
//! {"protocol": "2pc", "participants": 3, "votes": ["yes", "yes", "yes"],
//!  "timeouts": {"vote": 4, "decision": 6},
//!  "model": {"links": "reliable", "nodes": "crash-stop",
//!            "timing": {"synchronous": {"delay": 1}}},
//!  "faults": [{"crash": {"node": "C", "at": 2.5}}],
//!  "seed": 1, "until": 40}
//! ```
//!
//! The protocol's own settings sit beside `"protocol"` (for 2PC and 3PC:
//! `participants`, `votes`, `timeouts`); everything else is the same for
//! every protocol. [`ProtocolSetup::with`] is the one place that maps a
//! protocol's name to its type.

use super::broadcast::{self, Broadcast};
use super::commit::{self, ThreePc, TwoPc};
use super::env::Env;
use super::model::SystemModel;
use super::pbft::{self, Pbft};
use super::protocol::Protocol;
use super::snapshot::{self, ChandyLamport, LaiYang};
use super::vr::{self, Vr};
use super::workload::WorkloadSpec;
use super::{NodeId, Time};
use crate::core::known_fields;
use serde::{Deserialize, Serialize};

/// Which protocol runs, with its settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "protocol")]
pub enum ProtocolSetup {
    /// Two-phase commit.
    #[serde(rename = "2pc")]
    TwoPc(commit::Config),
    /// Three-phase commit with the termination protocol.
    #[serde(rename = "3pc")]
    ThreePc(commit::Config),
    /// Eager reliable broadcast (the example protocol).
    #[serde(rename = "broadcast")]
    Broadcast(broadcast::Config),
    /// Chandy–Lamport snapshots of a token bank.
    #[serde(rename = "chandy-lamport")]
    ChandyLamport(snapshot::Config),
    /// Lai–Yang snapshots of a token bank.
    #[serde(rename = "lai-yang")]
    LaiYang(snapshot::Config),
    /// Viewstamped Replication (Liskov and Cowling 2012) of a key-value store.
    #[serde(rename = "vr")]
    Vr(vr::Config),
    /// Practical Byzantine Fault Tolerance (Castro and Liskov 1999) of a
    /// key-value store.
    #[serde(rename = "pbft")]
    Pbft(pbft::Config),
}

/// Something to do with whichever protocol a scenario names.
pub trait Task {
    /// What it gives.
    type Out;
    /// Does it with protocol `P`, configured.
    fn run<P: Protocol>(self, protocol: &P) -> Self::Out;
}

impl ProtocolSetup {
    /// Runs `task` with the protocol, configured.
    pub fn with<T: Task>(&self, task: T) -> T::Out {
        match self {
            ProtocolSetup::TwoPc(c) => task.run(&TwoPc::new(c.clone())),
            ProtocolSetup::ThreePc(c) => task.run(&ThreePc::new(c.clone())),
            ProtocolSetup::Broadcast(c) => task.run(&Broadcast::new(c.clone())),
            ProtocolSetup::ChandyLamport(c) => task.run(&ChandyLamport::new(c.clone())),
            ProtocolSetup::LaiYang(c) => task.run(&LaiYang::new(c.clone())),
            ProtocolSetup::Vr(c) => task.run(&Vr::new(c.clone())),
            ProtocolSetup::Pbft(c) => task.run(&Pbft::new(c.clone())),
        }
    }

    /// The settings the protocol called `name` reads from the scenario's
    /// top level (none for an unknown name, which serde then refuses).
    pub fn fields(name: &str) -> &'static [&'static str] {
        match name {
            "2pc" | "3pc" => &["participants", "votes", "timeouts"],
            "broadcast" => &["nodes"],
            "chandy-lamport" | "lai-yang" => &["processes", "tokens", "transfers"],
            "vr" => vr::config::FIELDS,
            "pbft" => pbft::config::FIELDS,
            _ => &[],
        }
    }

    /// Its name in scenarios.
    pub fn name(&self) -> &'static str {
        match self {
            ProtocolSetup::TwoPc(_) => "2pc",
            ProtocolSetup::ThreePc(_) => "3pc",
            ProtocolSetup::Broadcast(_) => "broadcast",
            ProtocolSetup::ChandyLamport(_) => "chandy-lamport",
            ProtocolSetup::LaiYang(_) => "lai-yang",
            ProtocolSetup::Vr(_) => "vr",
            ProtocolSetup::Pbft(_) => "pbft",
        }
    }

    /// A commit protocol's settings.
    pub fn commit(&self) -> Option<&commit::Config> {
        match self {
            ProtocolSetup::TwoPc(c) | ProtocolSetup::ThreePc(c) => Some(c),
            _ => None,
        }
    }

    /// A snapshot protocol's bank.
    pub fn bank(&self) -> Option<&snapshot::Config> {
        match self {
            ProtocolSetup::ChandyLamport(c) | ProtocolSetup::LaiYang(c) => Some(c),
            _ => None,
        }
    }

    /// VR's settings.
    pub fn vr(&self) -> Option<&vr::Config> {
        match self {
            ProtocolSetup::Vr(c) => Some(c),
            _ => None,
        }
    }

    /// PBFT's settings.
    pub fn pbft(&self) -> Option<&pbft::Config> {
        match self {
            ProtocolSetup::Pbft(c) => Some(c),
            _ => None,
        }
    }

    /// A commit protocol's settings, to change.
    pub fn commit_mut(&mut self) -> Option<&mut commit::Config> {
        match self {
            ProtocolSetup::TwoPc(c) | ProtocolSetup::ThreePc(c) => Some(c),
            _ => None,
        }
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

/// An input injected at a node at a time (a client request, "start a
/// snapshot"); what `input` may be is the protocol's to say.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// Node name.
    pub node: String,
    /// When.
    pub at: Time,
    /// What.
    pub input: serde_json::Value,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One step of a scripted run (what the explorer's counterexamples are):
/// steps happen one time unit apart, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Step {
    /// Deliver a message in flight from one node to another: the oldest,
    /// or the one that overtakes `overtaking` older ones (links that are
    /// not FIFO may reorder).
    Deliver {
        /// Sender.
        from: String,
        /// Receiver.
        to: String,
        /// How many older messages on the channel it overtakes.
        #[serde(default, skip_serializing_if = "is_zero")]
        overtaking: usize,
    },
    /// Lose a message in flight from one node to another (chosen as for
    /// `deliver`).
    Drop {
        /// Sender.
        from: String,
        /// Receiver.
        to: String,
        /// How many older messages on the channel it overtakes.
        #[serde(default, skip_serializing_if = "is_zero")]
        overtaking: usize,
    },
    /// A node crashes.
    Crash {
        /// The node.
        node: String,
    },
    /// A crashed node recovers (crash-recovery only).
    Recover {
        /// The node.
        node: String,
    },
    /// A pending timer of a node fires.
    Timeout {
        /// The node.
        node: String,
        /// The timer's label.
        timer: String,
    },
    /// From now on, messages between the groups are lost.
    Partition {
        /// The sides.
        groups: Vec<Vec<String>>,
    },
    /// A node is given an input.
    Input {
        /// The node.
        node: String,
        /// What.
        input: serde_json::Value,
    },
}

/// Every top-level field a scenario has besides its protocol's settings.
const FIELDS: &[&str] =
    &["protocol", "title", "about", "model", "faults", "inputs", "workload", "seed", "until", "schedule"];

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
    /// The protocol and its settings.
    #[serde(flatten)]
    pub protocol: ProtocolSetup,
    /// The system model.
    #[serde(default)]
    pub model: SystemModel,
    /// Faults.
    #[serde(default)]
    pub faults: Vec<Fault>,
    /// Inputs injected at given times.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<Input>,
    /// Inputs drawn at random from the seed, besides those listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload: Option<Box<WorkloadSpec>>,
    /// The seed of every random choice.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// The run stops at this time.
    #[serde(default = "default_until")]
    pub until: Time,
    /// A scripted run: when given, these steps decide every delivery,
    /// timeout, fault and input, one time unit apart (timing, links,
    /// `faults` and `inputs` are not used).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedule: Vec<Step>,
}

impl Scenario {
    /// Reads and checks a scenario; errors say what and where. Unknown
    /// fields are refused at every level, naming the one they are closest
    /// to (serde refuses them in nested objects; the top level, where the
    /// protocol's settings sit flattened, is checked here).
    pub fn parse(text: &str) -> Result<Scenario, String> {
        if let Ok(serde_json::Value::Object(top)) = serde_json::from_str::<serde_json::Value>(text) {
            Self::check_keys(&top)?;
        }
        let s: Scenario = serde_json::from_str(text).map_err(|e| known_fields::explain(&e.to_string()))?;
        s.check()?;
        Ok(s)
    }

    /// [`Scenario::parse`] for a scenario given as a value (an object
    /// through the page's API): the same checks and messages, less the
    /// line and column that only text has.
    pub fn from_value(value: serde_json::Value) -> Result<Scenario, String> {
        let serde_json::Value::Object(top) = &value else {
            return Err("the scenario: expected an object with \"protocol\"".to_string());
        };
        Self::check_keys(top)?;
        let s = Scenario::deserialize(value).map_err(|e| known_fields::explain(&e.to_string()))?;
        s.check()?;
        Ok(s)
    }

    /// Refuses a top-level key that neither a scenario nor its protocol's
    /// settings have.
    fn check_keys(top: &serde_json::Map<String, serde_json::Value>) -> Result<(), String> {
        let protocol = top.get("protocol").and_then(serde_json::Value::as_str).unwrap_or("");
        let known: Vec<&str> = FIELDS.iter().chain(ProtocolSetup::fields(protocol)).copied().collect();
        known_fields::check(top, &known, "the scenario")
    }

    /// Node names, by id.
    pub fn names(&self) -> Vec<String> {
        struct Names;
        impl Task for Names {
            type Out = Vec<String>;
            fn run<P: Protocol>(self, p: &P) -> Vec<String> {
                p.names()
            }
        }
        self.protocol.with(Names)
    }

    /// The node called `name`.
    pub fn node(&self, name: &str) -> Result<NodeId, String> {
        struct Find<'a>(&'a Scenario, &'a str);
        impl Task for Find<'_> {
            type Out = Result<NodeId, String>;
            fn run<P: Protocol>(self, p: &P) -> Self::Out {
                self.0.env(p)?.node(self.1)
            }
        }
        self.protocol.with(Find(self, name))
    }

    /// `protocol` in this scenario's system model.
    pub fn env<'p, P: Protocol>(&self, protocol: &'p P) -> Result<Env<'p, P>, String> {
        let horizon = self.until.max(self.schedule.len() as Time + 1.0);
        Env::new(protocol, &self.model, self.seed, horizon).map_err(|e| format!("model: {e}"))
    }

    /// Every input: those listed, then the workload's draws.
    pub fn all_inputs<P: Protocol>(&self, env: &Env<'_, P>) -> Result<Vec<Input>, String> {
        let mut all = self.inputs.clone();
        if let Some(w) = &self.workload {
            all.extend(w.inputs(env, self.seed).map_err(|e| format!("workload: {e}"))?);
        }
        env.protocol.settle_inputs(&mut all, self.seed, self.until)?;
        Ok(all)
    }

    /// The scenario's inputs for `protocol`, by time (then as listed, the
    /// workload's after).
    pub fn timed_inputs<P: Protocol>(
        &self,
        env: &Env<'_, P>,
    ) -> Result<Vec<(Time, NodeId, P::Input)>, String> {
        let all = self.all_inputs(env)?;
        let mut inputs = Vec::with_capacity(all.len());
        let drawn = match &self.workload {
            Some(w) => w.inputs(env, self.seed).map_or(0, |x| x.len()),
            None => 0,
        };
        for (i, x) in all.iter().enumerate() {
            let read = || -> Result<_, String> {
                let node = env.node(&x.node)?;
                time(x.at)?;
                Ok((x.at, node, env.protocol.parse_input(&x.input)?))
            };
            let place = match i.checked_sub(self.inputs.len()) {
                None => format!("inputs[{i}]"),
                Some(k) if k < drawn => format!("workload input {k}"),
                Some(k) => format!("transfers input {}", k - drawn),
            };
            inputs.push(read().map_err(|e| format!("{place}: {e}"))?);
        }
        inputs.sort_by(|a, b| a.0.total_cmp(&b.0));
        Ok(inputs)
    }

    fn check(&self) -> Result<(), String> {
        struct Check<'a>(&'a Scenario);
        impl Task for Check<'_> {
            type Out = Result<(), String>;
            fn run<P: Protocol>(self, p: &P) -> Self::Out {
                self.0.check_with(&self.0.env(p)?)
            }
        }
        if let Some(c) = self.protocol.commit() {
            c.check(self.until)?;
        }
        if let Some(c) = self.protocol.bank() {
            c.check()?;
        }
        if let ProtocolSetup::Vr(c) = &self.protocol {
            c.check()?;
        }
        if let ProtocolSetup::Pbft(c) = &self.protocol {
            c.check()?;
        }
        if !(self.until.is_finite() && self.until > 0.0 && self.until <= 10_000.0) {
            return Err("\"until\" must be positive (and at most 10000)".into());
        }
        self.model.check().map_err(|e| format!("model: {e}"))?;
        self.protocol.with(Check(self))
    }

    /// The checks that need the protocol: node names, steps, inputs.
    fn check_with<P: Protocol>(&self, env: &Env<'_, P>) -> Result<(), String> {
        for (i, f) in self.faults.iter().enumerate() {
            check_fault(env, f).map_err(|e| format!("faults[{i}]: {e}"))?;
        }
        for (i, step) in self.schedule.iter().enumerate() {
            check_step(env, step).map_err(|e| format!("schedule[{i}]: {e}"))?;
        }
        self.timed_inputs(env).map(drop)
    }
}

fn time(t: Time) -> Result<(), String> {
    if t.is_finite() && t >= 0.0 {
        Ok(())
    } else {
        Err("a time must be 0 or more".to_string())
    }
}

fn check_step<P: Protocol>(env: &Env<'_, P>, step: &Step) -> Result<(), String> {
    let node = |name: &str| env.node(name).map(drop);
    match step {
        Step::Deliver { from, to, overtaking } | Step::Drop { from, to, overtaking } => {
            node(from)?;
            node(to)?;
            if env.fifo && *overtaking > 0 {
                return Err("links are FIFO: no message overtakes another".into());
            }
            Ok(())
        }
        Step::Crash { node: n } | Step::Recover { node: n } | Step::Timeout { node: n, .. } => node(n),
        Step::Partition { groups } => groups.iter().flatten().try_for_each(|n| node(n)),
        Step::Input { node: n, input } => node(n).and(env.protocol.parse_input(input).map(drop)),
    }
}

fn check_fault<P: Protocol>(env: &Env<'_, P>, f: &Fault) -> Result<(), String> {
    let node = |name: &str| env.node(name).map(drop);
    match f {
        Fault::Crash { node: n, at } | Fault::Recover { node: n, at } => node(n).and(time(*at)),
        Fault::Drop { from, to, nth } | Fault::Delay { from, to, nth, .. } => {
            node(from)?;
            node(to)?;
            if *nth == 0 {
                return Err("\"nth\" counts from 1".into());
            }
            match f {
                Fault::Delay { by, .. } => super::check_duration("by", *by, true),
                _ => Ok(()),
            }
        }
        Fault::Partition { groups, from, until } => {
            groups.iter().flatten().try_for_each(|n| node(n))?;
            time(*from)?;
            if until < from {
                return Err("a partition must end after it starts".into());
            }
            Ok(())
        }
    }
}
