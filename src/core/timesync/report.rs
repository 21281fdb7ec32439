//! What a run reports besides its trace: every exchange, every run of an
//! NTP clock filter and of its selection, every adjustment, and each
//! Berkeley round; and their JSON, the stable format of `lightcone
//! timesync` (docs/timesync.md).

use super::discipline::Decision;
use super::filter::{Chosen, Sample};
use super::onwire::Stamps;
use super::select::Candidate;
use crate::core::sim::{NodeId, Time};
use serde_json::{json, Map, Value};

/// One request and its reply.
#[derive(Clone, Debug, PartialEq)]
pub struct Exchange {
    /// Who asked (an NTP or Cristian client, a Berkeley master).
    pub client: NodeId,
    /// Who answered.
    pub server: NodeId,
    /// T1–T4 as the two clocks read them.
    pub stamps: Stamps,
    /// T1–T4 in true time.
    pub truth: [Time; 4],
    /// The offset computed (NTP's θ; Cristian's and Berkeley's T + RTT/2 − T4).
    pub offset: f64,
    /// The delay computed (NTP's δ; Cristian's and Berkeley's RTT).
    pub delay: f64,
    /// Cristian and Berkeley: ±(RTT/2 − min).
    pub accuracy: Option<f64>,
    /// Why the client discarded the reply, if it did.
    pub discarded: Option<&'static str>,
}

/// One run of a clock filter.
#[derive(Clone, Debug, PartialEq)]
pub struct FilterRun {
    /// The client.
    pub node: NodeId,
    /// The server.
    pub server: NodeId,
    /// When (true time).
    pub at: Time,
    /// The register, newest first.
    pub samples: Vec<Sample>,
    /// What it chose, if any stage was valid.
    pub chosen: Option<Chosen>,
    /// Whether the chosen sample was new, and went on to selection.
    pub used: bool,
}

/// One run of the selection, clustering and combining algorithms.
#[derive(Clone, Debug, PartialEq)]
pub struct Selection {
    /// The client.
    pub node: NodeId,
    /// When.
    pub at: Time,
    /// The candidates (servers fit to synchronise with).
    pub candidates: Vec<(NodeId, Candidate)>,
    /// The servers left out before selection, and why.
    pub unfit: Vec<(NodeId, String)>,
    /// The intersection interval, if a majority agreed.
    pub interval: Option<(f64, f64)>,
    /// Candidates whose offset lies in the interval.
    pub truechimers: Vec<NodeId>,
    /// The other candidates.
    pub falsetickers: Vec<NodeId>,
    /// What clustering kept, best first.
    pub survivors: Vec<NodeId>,
    /// The combined offset Θ.
    pub offset: Option<f64>,
    /// The system jitter Ψ.
    pub jitter: Option<f64>,
    /// The client's poll interval after this update.
    pub poll: f64,
    /// The client's own stratum after this update (16: unsynchronised).
    pub stratum: u32,
}

/// What a node did to its clock.
#[derive(Clone, Debug, PartialEq)]
pub struct Adjustment {
    /// The node.
    pub node: NodeId,
    /// When (true time).
    pub at: Time,
    /// What, how much, and why.
    pub decision: Decision,
}

/// One round of Berkeley's master.
#[derive(Clone, Debug, PartialEq)]
pub struct Round {
    /// The master.
    pub master: NodeId,
    /// When it averaged.
    pub at: Time,
    /// Each clock's estimated difference from the master's (its own is 0).
    pub differences: Vec<(NodeId, f64)>,
    /// The fault-tolerant average of the differences.
    pub average: f64,
    /// The clocks averaged.
    pub included: Vec<NodeId>,
    /// The clocks left out as outliers.
    pub outliers: Vec<NodeId>,
    /// The correction sent to each (the master's own applied).
    pub corrections: Vec<(NodeId, f64)>,
}

/// Writes the sections with node names.
pub(crate) struct Names<'a>(pub &'a [String]);

impl Names<'_> {
    fn list(&self, ids: &[NodeId]) -> Value {
        json!(ids.iter().map(|&n| &self.0[n]).collect::<Vec<_>>())
    }

    fn by_node(&self, pairs: &[(NodeId, f64)]) -> Value {
        Value::Object(pairs.iter().map(|&(n, x)| (self.0[n].clone(), json!(x))).collect())
    }

    pub fn exchange(&self, e: &Exchange) -> Value {
        let s = &e.stamps;
        let mut v = json!({
            "client": self.0[e.client], "server": self.0[e.server],
            "t1": s.t1, "t2": s.t2, "t3": s.t3, "t4": s.t4,
            "true": {"t1": e.truth[0], "t2": e.truth[1], "t3": e.truth[2], "t4": e.truth[3]},
            "offset": e.offset, "delay": e.delay, "discarded": e.discarded,
        });
        if let Some(a) = e.accuracy {
            v["accuracy"] = json!(a);
        }
        v
    }

    pub fn filter(&self, f: &FilterRun) -> Value {
        let sample = |s: &Sample| {
            if s.valid() {
                json!({"offset": s.offset, "delay": s.delay, "dispersion": s.dispersion, "at": s.at, "valid": true})
            } else {
                json!({"offset": s.offset, "delay": s.delay, "dispersion": s.dispersion, "at": null, "valid": false})
            }
        };
        let c = f.chosen.as_ref();
        json!({
            "node": self.0[f.node], "server": self.0[f.server], "at": f.at,
            "samples": f.samples.iter().map(sample).collect::<Vec<_>>(),
            "chosen": c.map(|c| c.stage),
            "offset": c.map(|c| c.offset), "delay": c.map(|c| c.delay),
            "dispersion": c.map(|c| c.dispersion), "jitter": c.map(|c| c.jitter),
            "used": f.used,
        })
    }

    pub fn selection(&self, s: &Selection) -> Value {
        let candidate = |(n, c): &(NodeId, Candidate)| {
            json!({"server": self.0[*n], "offset": c.offset, "distance": c.distance, "jitter": c.jitter,
                   "stratum": c.stratum, "interval": [c.offset - c.distance, c.offset + c.distance]})
        };
        let unfit: Map<String, Value> =
            s.unfit.iter().map(|(n, why)| (self.0[*n].clone(), json!(why))).collect();
        json!({
            "node": self.0[s.node], "at": s.at,
            "candidates": s.candidates.iter().map(candidate).collect::<Vec<_>>(),
            "unfit": unfit,
            "interval": s.interval.map(|(l, u)| [l, u]),
            "truechimers": self.list(&s.truechimers), "falsetickers": self.list(&s.falsetickers),
            "survivors": self.list(&s.survivors),
            "system_peer": s.survivors.first().map(|&n| &self.0[n]),
            "offset": s.offset, "jitter": s.jitter, "poll": s.poll, "stratum": s.stratum,
        })
    }

    pub fn adjustment(&self, a: &Adjustment) -> Value {
        let d = &a.decision;
        json!({"node": self.0[a.node], "at": a.at, "kind": d.kind.word(), "amount": d.amount,
               "rate_ppm": d.rate_ppm, "rule": d.rule})
    }

    pub fn round(&self, r: &Round) -> Value {
        json!({"master": self.0[r.master], "at": r.at, "differences": self.by_node(&r.differences),
               "average": r.average, "included": self.list(&r.included), "outliers": self.list(&r.outliers),
               "corrections": self.by_node(&r.corrections)})
    }
}
