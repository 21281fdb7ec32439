//! Quorum intersection, as the run shows it: where a replica became
//! committed-local for n (§4.2), the prepare quorum behind its certificate
//! (the primary's PRE-PREPARE and 2f matching PREPAREs, 2f + 1 replicas)
//! and the commit quorum (2f + 1 matching COMMITs). Of 3f + 1 replicas, two
//! sets of 2f + 1 share at least 2(2f + 1) − (3f + 1) = f + 1, so with at
//! most f Byzantine at least one replica in both is correct: the argument
//! behind §4.2's safety and §4.4's view change.

use crate::core::sim::record::Record;
use crate::core::sim::NodeId;

/// The two quorums of one committed-local certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quorums {
    /// The replica that became committed-local.
    pub at: NodeId,
    /// Where (an index into [`Record::events`]).
    pub event: usize,
    /// The note's headline ("committed 1").
    pub headline: String,
    /// The primary and the backups whose PREPAREs made the certificate.
    pub prepare: Vec<NodeId>,
    /// The replicas whose COMMITs counted (its own among them).
    pub commit: Vec<NodeId>,
}

impl Quorums {
    /// The replicas in both quorums, by id.
    pub fn shared(&self) -> Vec<NodeId> {
        self.prepare.iter().copied().filter(|r| self.commit.contains(r)).collect()
    }
}

/// Every committed-local certificate of the run, in time order, with its
/// two quorums (from the notes the replicas made where they committed).
pub fn quorums(record: &Record) -> Vec<Quorums> {
    record
        .notes
        .iter()
        .filter_map(|n| {
            let set = |name: &str| n.note.sets.iter().find(|s| s.0 == name).map(|s| sorted(&s.1));
            Some(Quorums {
                at: record.events[n.event].node,
                event: n.event,
                headline: n.note.lines.first()?.clone(),
                prepare: set("prepare quorum")?,
                commit: set("commit quorum")?,
            })
        })
        .collect()
}

fn sorted(ids: &[NodeId]) -> Vec<NodeId> {
    let mut v = ids.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

/// One replica's column of the figure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// Its name.
    pub name: String,
    /// Byzantine in this run (the scenario's model says so).
    pub byzantine: bool,
    /// In the prepare quorum.
    pub prepare: bool,
    /// In the commit quorum.
    pub commit: bool,
}

/// The figure beside the diagram: one certificate's two quorums over the
/// 3f + 1 replicas, what they share, and the correct ones among those.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    /// "committed 1 at R2".
    pub title: String,
    /// Every replica, in order.
    pub members: Vec<Member>,
    /// f.
    pub f: usize,
    /// The sentences under it: each set and its size against its bound.
    pub lines: Vec<String>,
}

/// The figure of `q`, for a group of `replicas` whose names are `names`
/// (by id), `byzantine` saying which are.
pub fn figure(q: &Quorums, names: &[String], replicas: usize, byzantine: &dyn Fn(&str) -> bool) -> Figure {
    let f = (replicas - 1) / 3;
    let members: Vec<Member> = (0..replicas)
        .map(|r| Member {
            name: names[r].clone(),
            byzantine: byzantine(&names[r]),
            prepare: q.prepare.contains(&r),
            commit: q.commit.contains(&r),
        })
        .collect();
    let list = |ids: &[NodeId]| {
        if ids.is_empty() {
            "none".to_string()
        } else {
            ids.iter().map(|&r| names[r].as_str()).collect::<Vec<_>>().join(", ")
        }
    };
    let shared = q.shared();
    let correct: Vec<NodeId> = shared.iter().copied().filter(|&r| !members[r].byzantine).collect();
    let faulty = members.iter().filter(|m| m.byzantine).count();
    let lines = vec![
        format!("prepare quorum: {} ({} of 2f+1 = {})", list(&q.prepare), q.prepare.len(), 2 * f + 1),
        format!("commit quorum: {} ({} of 2f+1 = {})", list(&q.commit), q.commit.len(), 2 * f + 1),
        format!("in both: {} ({} ≥ 2(2f+1) − (3f+1) = f+1 = {})", list(&shared), shared.len(), f + 1),
        match faulty {
            0 => format!("correct in both: {} (no replica is Byzantine)", list(&correct)),
            k => format!("correct in both: {} ({k} Byzantine, ✗; f = {f})", list(&correct)),
        },
    ];
    Figure { title: format!("{} at {}", q.headline, names[q.at]), members, f, lines }
}
