//! The replicated group a measurement runs ([`super::measure`]), VR or
//! PBFT: what differs between the two when a sweep sets the group's size,
//! clients and timeouts, runs it quietly and reads its figures. VR's group
//! is 2f + 1 replicas that commit with a quorum of f + 1 and may batch
//! (§6); PBFT's is 3f + 1 that commit with 2f + 1 (Castro and Liskov §4)
//! and has no batching switch here (§5.1's batching is not built).

use super::config::Config as VrConfig;
use super::report::{self, Answered};
use super::Vr;
use crate::core::sim::engine::{self, MAX_RUN_EVENTS};
use crate::core::sim::pbft::{self, Pbft};
use crate::core::sim::property::Metric;
use crate::core::sim::protocol::Protocol;
use crate::core::sim::record::Record;
use crate::core::sim::scenario::{ProtocolSetup, Scenario};
use crate::core::sim::Time;

/// A group's settings.
#[derive(Clone, Debug, PartialEq)]
pub enum Group {
    /// Viewstamped Replication.
    Vr(VrConfig),
    /// PBFT.
    Pbft(pbft::Config),
}

impl Group {
    /// The group of a VR or PBFT scenario.
    pub fn of(s: &Scenario) -> Result<Group, String> {
        match &s.protocol {
            ProtocolSetup::Vr(c) => Ok(Group::Vr(c.clone())),
            ProtocolSetup::Pbft(c) => Ok(Group::Pbft(c.clone())),
            _ => Err("measure takes a VR or PBFT scenario (\"protocol\": \"vr\" or \"pbft\")".into()),
        }
    }

    /// "VR" or "PBFT".
    pub fn name(&self) -> &'static str {
        match self {
            Group::Vr(_) => "VR",
            Group::Pbft(_) => "PBFT",
        }
    }

    /// Replicas.
    pub fn replicas(&self) -> usize {
        match self {
            Group::Vr(c) => c.replicas,
            Group::Pbft(c) => c.replicas,
        }
    }

    /// The replicas in normal status the group needs to commit: f + 1 of
    /// 2f + 1 for VR, 2f + 1 of 3f + 1 for PBFT.
    pub fn quorum(&self) -> usize {
        match self {
            Group::Vr(c) => c.f() + 1,
            Group::Pbft(c) => 2 * c.f() + 1,
        }
    }

    /// The batching settings a sweep tries: VR's off and on; PBFT's off.
    pub fn batchings(&self) -> &'static [bool] {
        match self {
            Group::Vr(_) => &[false, true],
            Group::Pbft(_) => &[false],
        }
    }

    /// The same group with `replicas` replicas and `clients` clients,
    /// checked (errors name the setting).
    pub fn sized(&self, replicas: usize, clients: usize) -> Result<Group, String> {
        let g = match self {
            Group::Vr(c) => Group::Vr(VrConfig { replicas, clients, ..c.clone() }),
            Group::Pbft(c) => Group::Pbft(pbft::Config { replicas, clients, ..c.clone() }),
        };
        match &g {
            Group::Vr(c) => c.check(),
            Group::Pbft(c) => c.check(),
        }
        .map(|_| g)
    }

    /// The group for a load run of length `until`: batching as given (VR),
    /// and neither a client's resend nor a view change within the run (a
    /// load run has no failures, and a long queue at the primary would
    /// otherwise look like one).
    pub fn quiet(&self, batching: bool, until: Time) -> Group {
        match self {
            Group::Vr(c) => {
                let timeouts = super::config::Timeouts { request: until, primary: until, ..c.timeouts };
                Group::Vr(VrConfig { batching, timeouts, ..c.clone() })
            }
            Group::Pbft(c) => {
                let timeouts = pbft::config::Timeouts { request: until, view_change: until };
                Group::Pbft(pbft::Config { timeouts, ..c.clone() })
            }
        }
    }

    /// The group with no explorer bounds (an availability run's views and
    /// resends are the protocol's own).
    pub fn unbounded(&self) -> Group {
        match self {
            Group::Vr(c) => Group::Vr(VrConfig { max_views: None, max_retries: None, ..c.clone() }),
            Group::Pbft(c) => Group::Pbft(pbft::Config { max_views: None, max_retries: None, ..c.clone() }),
        }
    }

    /// Whether batching is on.
    pub fn batching(&self) -> bool {
        matches!(self, Group::Vr(c) if c.batching)
    }

    /// The scenario's protocol field for this group.
    pub fn setup(&self) -> ProtocolSetup {
        match self {
            Group::Vr(c) => ProtocolSetup::Vr(c.clone()),
            Group::Pbft(c) => ProtocolSetup::Pbft(c.clone()),
        }
    }

    /// Checks and runs `s` (made for this group), without the history
    /// search and without making a trace (a measurement reads only the
    /// record).
    pub fn run(&self, s: &Scenario) -> Result<Record, String> {
        let text = serde_json::to_string(s).map_err(|e| e.to_string())?;
        let s = Scenario::parse(&text)?;
        match self {
            Group::Vr(c) => quiet_run(&Vr { config: c.clone(), check_history: false }, &s),
            Group::Pbft(c) => quiet_run(&Pbft { config: c.clone(), check_history: false }, &s),
        }
    }

    /// The run's metrics (VR's names, PBFT's availability).
    pub fn metrics(&self, r: &Record, until: Time) -> Vec<Metric> {
        match self {
            Group::Vr(c) => report::metrics(c, r, until),
            Group::Pbft(c) => pbft::report::metrics(&Pbft::new(c.clone()), r, until),
        }
    }

    /// The run's answered requests.
    pub fn answered(&self, r: &Record) -> Vec<Answered> {
        match self {
            Group::Vr(c) => report::answered(c, r),
            Group::Pbft(c) => report::answered(&c.as_vr(), r),
        }
    }

    /// The share of the run during which a quorum was in normal status.
    pub fn availability(&self, r: &Record, until: Time) -> f64 {
        match self {
            Group::Vr(c) => report::availability(c, r, until),
            Group::Pbft(c) => pbft::report::availability(&Pbft::new(c.clone()), r, until),
        }
    }
}

fn quiet_run<P: Protocol>(p: &P, s: &Scenario) -> Result<Record, String> {
    let env = s.env(p)?;
    let inputs = s.timed_inputs(&env)?;
    let record = engine::run(&env, &s.model, &s.faults, &inputs, s.until).record;
    match record.stopped {
        Some(at) => Err(format!(
            "a measurement run reached {MAX_RUN_EVENTS} events at time {at:.3} of {} and was stopped",
            s.until
        )),
        None => Ok(record),
    }
}
