//! The system model as a setting: what links may do (and whether they keep
//! each channel's order), how nodes fail (crash or turn Byzantine), what is
//! known about timing, how long a node takes to handle an event, and each
//! node's physical clock (Cachin, Guerraoui and Rodrigues, "Introduction
//! to Reliable and Secure Distributed Programming", ch. 2).

use super::byzantine::Behaviour;
use super::Time;
use rand_core::Rng;
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What links may do to a message.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Links {
    /// Every message is delivered once.
    Reliable,
    /// Each message is lost with probability `loss`.
    FairLoss {
        /// Loss probability, 0 to 1.
        loss: f64,
    },
    /// Messages may be lost, duplicated, and delayed without bound (up to
    /// `max_delay` here, so runs end).
    Arbitrary {
        /// Loss probability.
        loss: f64,
        /// Duplication probability.
        duplicate: f64,
        /// Extra delay, up to this.
        max_delay: Time,
    },
}

/// How nodes fail.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Failures {
    /// A crashed node stays down.
    #[default]
    CrashStop,
    /// A crashed node may recover with its stable storage (not its memory).
    CrashRecovery,
}

/// What is known about message delays.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Timing {
    /// Every message takes exactly `delay`; timeouts are exact.
    Synchronous {
        /// The known delay.
        delay: Time,
    },
    /// Before the global stabilisation time `gst` a message takes up to
    /// `max_before`; after it, exactly `delay`.
    PartiallySynchronous {
        /// Global stabilisation time.
        gst: Time,
        /// Delay after it.
        delay: Time,
        /// Largest delay before it.
        max_before: Time,
    },
    /// Any delay up to `max_delay`, none known.
    Asynchronous {
        /// Largest delay (so runs end).
        max_delay: Time,
    },
}

/// A node's physical clock (see [`super::clock`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClockSpec {
    /// Its reading at true time 0.
    pub offset: Time,
    /// How fast it runs, in parts per million (negative: slow).
    pub drift_ppm: f64,
    /// How far its rate may change at each unit of true time, in ppm.
    #[serde(skip_serializing_if = "is_zero")]
    pub wander_ppm: f64,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

fn is_false(x: &bool) -> bool {
    !x
}

/// The whole model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SystemModel {
    /// Links.
    pub links: Links,
    /// Nodes (crash-stop when not given).
    #[serde(default)]
    pub nodes: Failures,
    /// Timing.
    pub timing: Timing,
    /// Each channel (sender to receiver) delivers in the order sent.
    #[serde(default, skip_serializing_if = "is_false")]
    pub fifo: bool,
    /// Service time: how long a node is occupied by each event it handles
    /// (a delivery, an input, a timer that does something). A node handles
    /// one event at a time; what arrives while it is busy waits, first come
    /// first served, and what a handler sends leaves when its service ends
    /// ([`super::service`]). 0 (the default): handling takes no time. Timed
    /// runs only; the explorer's interleavings have no time to spend.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub service: Time,
    /// Physical clocks, by node name (others read true time).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub clocks: BTreeMap<String, ClockSpec>,
    /// Byzantine nodes, by name, and their adversary.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub byzantine: BTreeMap<String, Behaviour>,
}

impl Default for SystemModel {
    fn default() -> Self {
        SystemModel {
            links: Links::Reliable,
            nodes: Failures::CrashStop,
            timing: Timing::Synchronous { delay: 1.0 },
            fifo: false,
            service: 0.0,
            clocks: BTreeMap::new(),
            byzantine: BTreeMap::new(),
        }
    }
}

impl SystemModel {
    /// A message sent at `now`: `None` if lost, else its delays (two when
    /// duplicated).
    pub fn transit(&self, now: Time, rng: &mut Pcg64Mcg) -> Vec<Time> {
        let base = match self.timing {
            Timing::Synchronous { delay } => delay,
            Timing::PartiallySynchronous { gst, delay, max_before } if now < gst => {
                delay.min(max_before) + uniform(rng) * (max_before - delay).max(0.0)
            }
            Timing::PartiallySynchronous { delay, .. } => delay,
            Timing::Asynchronous { max_delay } => 0.1 + uniform(rng) * (max_delay - 0.1).max(0.0),
        };
        match self.links {
            Links::Reliable => vec![base],
            Links::FairLoss { loss } => {
                if uniform(rng) < loss {
                    vec![]
                } else {
                    vec![base]
                }
            }
            Links::Arbitrary { loss, duplicate, max_delay } => {
                if uniform(rng) < loss {
                    return vec![];
                }
                let first = base + uniform(rng) * max_delay;
                if uniform(rng) < duplicate {
                    vec![first, base + uniform(rng) * max_delay]
                } else {
                    vec![first]
                }
            }
        }
    }
}

/// A uniform number in [0, 1) from 53 random bits.
pub fn uniform(rng: &mut Pcg64Mcg) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

impl SystemModel {
    /// Delays of at least 0.1 (so every arrow points forwards in time),
    /// probabilities between 0 and 1, clocks that run forwards.
    pub fn check(&self) -> Result<(), String> {
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
        match self.timing {
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
        match self.links {
            Links::Reliable => {}
            Links::FairLoss { loss } => chance(loss)?,
            Links::Arbitrary { loss, duplicate, max_delay } => {
                chance(loss)?;
                chance(duplicate)?;
                if !(max_delay.is_finite() && (0.0..=1000.0).contains(&max_delay)) {
                    return Err("\"max_delay\" must be between 0 and 1000".into());
                }
                super::check_duration("max_delay", max_delay, true)?;
            }
        }
        let service = self.service;
        if !(service == 0.0 || (super::RESOLUTION..=100.0).contains(&service)) {
            return Err(format!(
                "\"service\" is {service:?}; a service time is 0 or between {} and 100",
                super::RESOLUTION
            ));
        }
        for (name, c) in &self.clocks {
            c.check().map_err(|e| format!("clocks: \"{name}\": {e}"))?;
        }
        Ok(())
    }
}

impl ClockSpec {
    fn check(&self) -> Result<(), String> {
        if !(self.offset.is_finite() && self.offset.abs() <= 1e6) {
            return Err("\"offset\" must be between -1000000 and 1000000".into());
        }
        if !(self.drift_ppm.is_finite() && self.drift_ppm.abs() <= 100_000.0) {
            return Err("\"drift_ppm\" must be between -100000 and 100000".into());
        }
        if !(self.wander_ppm.is_finite() && (0.0..=10_000.0).contains(&self.wander_ppm)) {
            return Err("\"wander_ppm\" must be between 0 and 10000".into());
        }
        Ok(())
    }
}
