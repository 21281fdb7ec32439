//! What atomic commitment promises (Bernstein, Hadzilacos and Goodman 1987,
//! §7.2, conditions AC1-AC5, for the nodes that follow the protocol):
//! **atomicity**, no node commits while another aborts; **validity**, a
//! commit only if every participant voted yes; **termination**, every live
//! node eventually decides, once faults stop. And how a run is measured:
//! messages, message delays to the last decision, time blocked (uncertain),
//! availability of the coordinator.

use super::{CommitProtocol, Config, Decision, Vote};
use crate::core::sim::property::{Kind, Measure, Metric, Property, View};
use crate::core::sim::record::{Record, CRASHED};
use crate::core::sim::{NodeId, Time};

/// The three properties, for 2PC and 3PC alike.
pub fn properties<P: CommitProtocol>() -> Vec<Property<P>> {
    vec![
        Property {
            name: "atomicity",
            kind: Kind::Always,
            broken: "A schedule under which nodes decide differently: atomicity is violated.",
            holds: atomic::<P>,
        },
        Property {
            name: "validity",
            kind: Kind::Always,
            broken:
                "A schedule under which a node commits though a participant voted no: validity is violated.",
            holds: valid::<P>,
        },
        Property {
            name: "termination",
            kind: Kind::Eventually {
                fairness: "no more faults: every message in flight arrives and every timer fires",
            },
            broken: "A schedule after which some node can never decide: it is blocked.",
            holds: terminated::<P>,
        },
    ]
}

fn atomic<P: CommitProtocol>(_: &P, v: &View<'_, P>) -> bool {
    let mut seen = v.decisions();
    let first = seen.next();
    seen.all(|d| Some(d) == first)
}

fn valid<P: CommitProtocol>(p: &P, v: &View<'_, P>) -> bool {
    let all_yes = v.honest().filter(|(n, _)| *n > 0).all(|(n, _)| p.config().vote(n) == Vote::Yes);
    all_yes || !v.decisions().any(|d| d == Decision::Commit)
}

fn terminated<P: CommitProtocol>(_: &P, v: &View<'_, P>) -> bool {
    v.correct().all(|(_, node)| node.decided.is_some())
}

/// A run's metrics (`blocked`, per node, is reported with the properties).
pub fn metrics(r: &Record, until: Time) -> Vec<Metric> {
    let blocked: Vec<Time> = (0..r.timelines.len()).map(|n| r.time_in(n, "uncertain", until)).collect();
    let hops = r.hops_to_decisions();
    let last = r.decisions.iter().flatten().map(|&(_, t)| t).reduce(f64::max);
    vec![
        Metric::beside_properties("blocked", Measure::PerNode(blocked.clone())),
        Metric::new("messages", Measure::Count(r.messages.len())),
        Metric::new("message_delays", Measure::Count(hops)),
        Metric::new("round_trips", Measure::Number(hops as f64 / 2.0)),
        Metric::new("time_to_decision", Measure::Maybe(last)),
        Metric::new("time_blocked", Measure::Number(blocked.iter().fold(0.0, |a, b| a + b))),
        // The coordinator's uptime over the run's length.
        Metric::new("availability", Measure::Number(1.0 - r.time_in(0, CRASHED, until) / until)),
    ]
}

/// "C and P1 to Pn", as errors list the nodes.
pub fn describe_names(c: &Config) -> String {
    format!("C and P1 to P{}", c.participants)
}

/// Participants that vote alike are interchangeable.
pub fn same_votes(c: &Config) -> Vec<Vec<NodeId>> {
    [Vote::Yes, Vote::No].iter().map(|&v| c.participant_ids().filter(|&n| c.vote(n) == v).collect()).collect()
}
