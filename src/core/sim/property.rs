//! What a protocol promises, as named properties over the state of the whole
//! system (Alpern and Schneider, "Defining Liveness", 1985): a **safety**
//! property must hold in every state ("always"), a **liveness** property
//! must come to hold ("eventually") under a stated fairness assumption. A
//! timed run checks safety after every event and liveness at its end; the
//! explorer checks safety in every state it reaches and liveness from every
//! quiet state, by letting the protocol run on fairly.
//!
//! Metrics are numbers a protocol reports about a finished run.

use super::byzantine::Behaviour;
use super::env::Env;
use super::interpret::{NodeOf, Nodes};
use super::protocol::Protocol;
use super::NodeId;

/// When a property must hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// In every state (safety).
    Always,
    /// Sooner or later, assuming `fairness` (liveness).
    Eventually {
        /// What the run must grant, in words.
        fairness: &'static str,
    },
}

/// A named property.
pub struct Property<P: Protocol> {
    /// Its name in reports, e.g. "atomicity".
    pub name: &'static str,
    /// Safety or liveness.
    pub kind: Kind,
    /// What a violation means, in a sentence (counterexamples say it).
    pub broken: &'static str,
    /// Whether it holds in a state of the system.
    pub holds: fn(&P, &View<'_, P>) -> bool,
}

/// The system as a property sees it.
pub struct View<'a, P: Protocol> {
    /// Every node, by id.
    pub nodes: &'a [NodeOf<P>],
    /// Each node's Byzantine behaviour, if it has one.
    pub byzantine: &'a [Option<Behaviour>],
}

impl<'a, P: Protocol> View<'a, P> {
    /// The nodes that follow the protocol (not Byzantine), crashed or not.
    pub fn honest(&self) -> impl Iterator<Item = (NodeId, &'a NodeOf<P>)> + '_ {
        self.nodes.iter().enumerate().filter(|(n, _)| self.byzantine[*n].is_none())
    }

    /// Honest nodes that are up.
    pub fn correct(&self) -> impl Iterator<Item = (NodeId, &'a NodeOf<P>)> + '_ {
        self.honest().filter(|(_, node)| node.up)
    }

    /// The decisions of honest nodes.
    pub fn decisions(&self) -> impl Iterator<Item = P::Decision> + '_ {
        self.honest().filter_map(|(_, node)| node.decided)
    }
}

/// A property's verdict on one run.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    /// Its name.
    pub name: &'static str,
    /// Safety or liveness.
    pub kind: Kind,
    /// Whether it held (safety: in every state; liveness: at the end).
    pub holds: bool,
}

/// A metric's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Measure {
    /// A whole number.
    Count(usize),
    /// A number.
    Number(f64),
    /// A number that may be missing (written as null).
    Maybe(Option<f64>),
    /// A number for every node.
    PerNode(Vec<f64>),
}

/// A named metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    /// Its name in reports.
    pub name: &'static str,
    /// Its value.
    pub value: Measure,
    /// Reported beside the properties (a measure of how far one held, such
    /// as the time each node was blocked) rather than with the metrics.
    pub beside_properties: bool,
}

impl Metric {
    /// A metric reported with the others.
    pub fn new(name: &'static str, value: Measure) -> Metric {
        Metric { name, value, beside_properties: false }
    }

    /// A metric reported beside the properties.
    pub fn beside_properties(name: &'static str, value: Measure) -> Metric {
        Metric { name, value, beside_properties: true }
    }
}

/// Checks a run's properties as it goes: safety after every step, liveness
/// at the end.
pub(crate) struct Checker<P: Protocol> {
    properties: Vec<Property<P>>,
    broken: Vec<bool>,
}

impl<P: Protocol> Checker<P> {
    pub(crate) fn new(protocol: &P) -> Self {
        let properties = protocol.properties();
        Checker { broken: vec![false; properties.len()], properties }
    }

    /// After a step: any safety property that fails now has failed.
    pub(crate) fn check(&mut self, env: &Env<'_, P>, nodes: &Nodes<P>) {
        let view = View { nodes: &nodes.nodes, byzantine: &env.byzantine };
        for (p, broken) in self.properties.iter().zip(&mut self.broken) {
            if p.kind == Kind::Always && !*broken && !(p.holds)(env.protocol, &view) {
                *broken = true;
            }
        }
    }

    /// At the end: liveness properties hold if they hold now.
    pub(crate) fn finish(self, env: &Env<'_, P>, nodes: &Nodes<P>) -> Vec<Checked> {
        let view = View { nodes: &nodes.nodes, byzantine: &env.byzantine };
        self.properties
            .iter()
            .zip(self.broken)
            .map(|(p, broken)| {
                let holds = match p.kind {
                    Kind::Always => !broken,
                    Kind::Eventually { .. } => (p.holds)(env.protocol, &view),
                };
                Checked { name: p.name, kind: p.kind, holds }
            })
            .collect()
    }
}
