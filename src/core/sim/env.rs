//! The fixed setting of a run: the protocol (its configuration), node
//! names, and what the system model says about each node (its clock,
//! whether it is Byzantine, whether it may recover) and each channel
//! (FIFO or not). It never changes while a run goes.

use super::byzantine::Behaviour;
use super::clock::Clock;
use super::model::{Failures, SystemModel};
use super::protocol::Protocol;
use super::{NodeId, Time};

/// A protocol in its system model.
pub struct Env<'p, P: Protocol> {
    /// The protocol and its configuration.
    pub protocol: &'p P,
    /// Node names, by id.
    pub names: Vec<String>,
    /// Each node's Byzantine behaviour, if any.
    pub byzantine: Vec<Option<Behaviour>>,
    /// Each node's clock.
    pub clocks: Vec<Clock>,
    /// Channels keep their order.
    pub fifo: bool,
    /// Crashed nodes may recover.
    pub recovery: bool,
    /// The seed of every random choice.
    pub seed: u64,
}

impl<'p, P: Protocol> Env<'p, P> {
    /// The setting of `protocol` under `model`, for a run seeded with `seed`
    /// lasting until `horizon`. Unknown node names and behaviours the
    /// protocol refuses are errors naming them.
    pub fn new(protocol: &'p P, model: &SystemModel, seed: u64, horizon: Time) -> Result<Self, String> {
        let names = protocol.names();
        let mut env = Env {
            protocol,
            byzantine: vec![None; names.len()],
            clocks: vec![Clock::perfect(); names.len()],
            fifo: model.fifo,
            recovery: model.nodes == Failures::CrashRecovery,
            seed,
            names,
        };
        for (name, spec) in &model.clocks {
            let n = env.node(name).map_err(|e| format!("clocks: {e}"))?;
            env.clocks[n] = Clock::new(spec, seed, n, horizon);
        }
        for (name, &behaviour) in &model.byzantine {
            let n = env.node(name).map_err(|e| format!("byzantine: {e}"))?;
            if let Some(why) = protocol.refuses(behaviour) {
                return Err(format!("byzantine: \"{name}\": \"{}\" {why}", behaviour.name()));
            }
            env.byzantine[n] = Some(behaviour);
        }
        Ok(env)
    }

    /// The node called `name`.
    pub fn node(&self, name: &str) -> Result<NodeId, String> {
        self.names.iter().position(|n| n == name).ok_or_else(|| {
            format!("no node is called \"{name}\" (nodes are {})", self.protocol.describe_names())
        })
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}
