//! The system model as a setting: what links may do, how nodes fail, and
//! what is known about timing (Cachin, Guerraoui and Rodrigues,
//! "Introduction to Reliable and Secure Distributed Programming", ch. 2).

use super::Time;
use rand_core::Rng;
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Failures {
    /// A crashed node stays down.
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

/// The whole model.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SystemModel {
    /// Links.
    pub links: Links,
    /// Nodes.
    pub nodes: Failures,
    /// Timing.
    pub timing: Timing,
}

impl Default for SystemModel {
    fn default() -> Self {
        SystemModel {
            links: Links::Reliable,
            nodes: Failures::CrashStop,
            timing: Timing::Synchronous { delay: 1.0 },
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
