//! Global snapshots of a token bank: Chandy–Lamport ([`chandy_lamport`],
//! markers on FIFO channels) and Lai–Yang ([`lai_yang`], colours, any
//! channels), recording the [`bank`]'s state while transfers go on.
//!
//! A snapshot is a cut (each process's events up to the one where it
//! recorded) and, for each channel, the transfers recorded as in flight
//! across it. It is right when three things hold, which both the
//! explorer's property `snapshot-consistent` (from what the processes
//! recorded) and `simulate`'s `"snapshots"` (from the run's trace) check
//! for every snapshot every process has finished:
//!
//! - **conserved**: the recorded balances and channel transfers add up to
//!   the bank's total;
//! - **consistent cut**: no transfer is received inside the cut and sent
//!   outside it (the cut is closed under happened-before; the snapshot's
//!   own markers and counts are not the application's messages and do not
//!   count);
//! - **channels match the cut**: each channel's record is exactly the
//!   transfers sent on it inside the cut and received outside it.
//!
//! In a scenario: `"protocol": "chandy-lamport"` or `"lai-yang"`, the
//! bank's `"processes"`, `"tokens"` and `"transfers"` beside it, and each
//! snapshot an input, `{"node": "A", "at": 2.5, "input": "snapshot"}`,
//! numbered from 0 in the order listed.

pub mod bank;
pub mod chandy_lamport;
pub mod instant;
pub mod lai_yang;

pub use bank::{Config, Ledger, Order};
pub use chandy_lamport::ChandyLamport;
pub use instant::{held, Held};
pub use lai_yang::LaiYang;

use super::record::{Record, What};
use super::NodeId;
use crate::core::generate::event_id;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

/// What one process recorded for one snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Recorded {
    /// The snapshot.
    pub id: u32,
    /// This process started it (was given its input).
    pub initiator: bool,
    /// Which of this process's handler events recorded ([`Ledger::handled`]).
    pub event: u32,
    /// The state recorded is from just before that event (Lai–Yang, on a
    /// red transfer), so the cut ends at the event before it.
    pub before: bool,
    /// The balance recorded.
    pub tokens: u64,
    /// Transfers sent on each outgoing channel inside the cut.
    pub sent: Vec<u32>,
    /// Transfers received on each incoming channel inside the cut.
    pub received: Vec<Vec<u32>>,
    /// Each incoming channel's recorded state: (number on the channel,
    /// amount) of each transfer.
    pub channels: Vec<Vec<(u32, u64)>>,
    /// Each incoming channel still being recorded.
    pub open: Vec<bool>,
}

impl Recorded {
    /// Process `me` records `ledger` now for snapshot `id`, every incoming
    /// channel still open.
    pub fn new(id: u32, initiator: bool, ledger: &Ledger, me: NodeId, before: bool) -> Recorded {
        let n = ledger.sent.len();
        Recorded {
            id,
            initiator,
            event: ledger.handled,
            before,
            tokens: ledger.tokens,
            sent: ledger.sent.clone(),
            received: ledger.received.clone(),
            channels: vec![Vec::new(); n],
            open: (0..n).map(|q| q != me).collect(),
        }
    }

    /// Every incoming channel is recorded: this process has finished.
    pub fn done(&self) -> bool {
        !self.open.contains(&true)
    }
}

/// The three checks of one snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checks {
    /// Recorded balances and channels add up to the total.
    pub conserved: bool,
    /// No transfer received inside the cut was sent outside it.
    pub consistent_cut: bool,
    /// Each channel's record is what was in flight across the cut.
    pub channels_match_cut: bool,
}

impl Checks {
    /// All three hold.
    pub fn all(&self) -> bool {
        self.conserved && self.consistent_cut && self.channels_match_cut
    }
}

/// The snapshots every process has recorded and finished, by id, with
/// each process's record.
fn finished<'a>(per_node: &[&'a [Recorded]]) -> Vec<Vec<&'a Recorded>> {
    let ids: BTreeSet<u32> = per_node.iter().flat_map(|rs| rs.iter().map(|r| r.id)).collect();
    ids.into_iter()
        .filter_map(|id| {
            per_node.iter().map(|rs| rs.iter().find(|r| r.id == id).filter(|r| r.done())).collect()
        })
        .collect()
}

/// The checks on what the processes recorded (`recs`, by process) for one
/// snapshot of a bank holding `total` tokens.
pub fn recorded_checks(total: u64, recs: &[&Recorded]) -> Checks {
    let n = recs.len();
    let held: u64 = recs.iter().map(|r| r.tokens).sum();
    let moving: u64 = recs.iter().flat_map(|r| r.channels.iter().flatten().map(|&(_, a)| a)).sum();
    let mut consistent_cut = true;
    let mut channels_match_cut = true;
    for (p, q) in (0..n).flat_map(|p| (0..n).map(move |q| (p, q))).filter(|(p, q)| p != q) {
        // The channel from q to p.
        let sent = recs[q].sent[p];
        let got = &recs[p].received[q];
        consistent_cut &= got.iter().all(|&s| s <= sent);
        let across: BTreeSet<u32> = (1..=sent).filter(|s| !got.contains(s)).collect();
        let recorded: Vec<u32> = recs[p].channels[q].iter().map(|&(s, _)| s).collect();
        channels_match_cut &= recorded.len() == across.len() && recorded.iter().all(|s| across.contains(s));
    }
    Checks { conserved: held + moving == total, consistent_cut, channels_match_cut }
}

/// The property `snapshot-consistent`: every finished snapshot passes the
/// three checks.
pub fn consistent(total: u64, per_node: &[&[Recorded]]) -> bool {
    finished(per_node).iter().all(|recs| recorded_checks(total, recs).all())
}

/// The property's description.
pub(crate) const BROKEN: &str = "A schedule under which a finished snapshot records an inconsistent cut, \
                                 creates or loses tokens, or records the wrong transfers in a channel.";

/// `simulate`'s `"snapshots"`: for each snapshot any process recorded,
/// `{"id", "initiator", "complete", "processes": {P: {"tokens", "event"}},
/// "channels": {"A->B": [message ids]}, "checks": {…} | null}`, the checks
/// recomputed from the run's trace (null until every process has finished).
pub fn report(config: &Config, record: &Record, per_node: &[&[Recorded]]) -> Map<String, Value> {
    let names = &config.processes;
    let n = names.len();
    // Trace ids, each process's handler events, each message's send event.
    let mut count = vec![0usize; n];
    let mut ids = Vec::with_capacity(record.events.len());
    let mut handlers: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut send_of = vec![usize::MAX; record.messages.len()];
    for (i, e) in record.events.iter().enumerate() {
        count[e.node] += 1;
        ids.push(event_id(&names[e.node], count[e.node]));
        match &e.what {
            What::Send(ms) => ms.iter().for_each(|&m| send_of[m] = i),
            What::Crash => {}
            _ => handlers[e.node].push(i),
        }
    }
    let amount = |m: usize| record.messages[m].fields.get("amount").and_then(Value::as_u64);
    // The transfers on each channel, in the order sent.
    let mut on = vec![vec![Vec::new(); n]; n];
    for (m, msg) in record.messages.iter().enumerate() {
        if amount(m).is_some() {
            on[msg.from][msg.to].push(m);
        }
    }
    // Where a process's cut ends, as an index into the record.
    let last = |p: NodeId, r: &Recorded| -> Option<usize> {
        let at = *handlers[p].get((r.event as usize).checked_sub(1)?)?;
        if r.before {
            (0..at).rev().find(|&i| record.events[i].node == p)
        } else {
            Some(at)
        }
    };
    let all: BTreeSet<u32> = per_node.iter().flat_map(|rs| rs.iter().map(|r| r.id)).collect();
    let mut snapshots = Vec::new();
    for id in all {
        let recs: Vec<Option<&Recorded>> = per_node.iter().map(|rs| rs.iter().find(|r| r.id == id)).collect();
        let initiator = recs.iter().position(|r| r.is_some_and(|r| r.initiator)).map(|p| names[p].clone());
        let mut processes = Map::new();
        let mut channels = Map::new();
        let mut cut = vec![None; n];
        let mut recorded_msgs: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new(); n]; n];
        for (p, r) in recs.iter().enumerate() {
            let Some(r) = r else { continue };
            cut[p] = last(p, r);
            processes.insert(
                names[p].clone(),
                json!({"tokens": r.tokens, "event": cut[p].map(|i| ids[i].clone())}),
            );
            for q in (0..n).filter(|&q| q != p) {
                let ms: Vec<usize> = r.channels[q]
                    .iter()
                    .filter_map(|&(s, _)| on[q][p].get(s as usize - 1).copied())
                    .collect();
                let list: Vec<String> = ms.iter().map(|m| format!("m{}", m + 1)).collect();
                channels.insert(format!("{}->{}", names[q], names[p]), json!(list));
                recorded_msgs[q][p] = ms;
            }
        }
        let complete = recs.iter().all(|r| r.is_some_and(Recorded::done)) && cut.iter().all(Option::is_some);
        let checks = if complete {
            let cut: Vec<usize> = cut.iter().map(|c| c.unwrap_or(0)).collect();
            let inside = |i: usize| i <= cut[record.events[i].node];
            let held: u64 = recs.iter().flatten().map(|r| r.tokens).sum();
            let moving: u64 = recorded_msgs.iter().flatten().flatten().filter_map(|&m| amount(m)).sum();
            let transfers = || (0..record.messages.len()).filter(|&m| amount(m).is_some());
            let consistent_cut = transfers()
                .all(|m| record.messages[m].received.is_none_or(|r| !inside(r) || inside(send_of[m])));
            let channels_match_cut = (0..n).all(|q| {
                (0..n).filter(|&p| p != q).all(|p| {
                    let across: BTreeSet<usize> = on[q][p]
                        .iter()
                        .copied()
                        .filter(|&m| {
                            inside(send_of[m]) && record.messages[m].received.is_none_or(|r| !inside(r))
                        })
                        .collect();
                    let got: BTreeSet<usize> = recorded_msgs[q][p].iter().copied().collect();
                    got == across && got.len() == recorded_msgs[q][p].len()
                })
            });
            json!({"conserved": held + moving == config.total(), "consistent_cut": consistent_cut,
                   "channels_match_cut": channels_match_cut})
        } else {
            Value::Null
        };
        snapshots.push(json!({"id": id, "initiator": initiator, "complete": complete,
            "processes": processes, "channels": channels, "checks": checks}));
    }
    let mut out = Map::new();
    out.insert("snapshots".into(), Value::Array(snapshots));
    out
}

/// Which snapshot protocol, for the code both share.
pub(crate) fn byzantine_refused() -> Option<String> {
    Some("means nothing for a snapshot protocol: it assumes processes that follow it".into())
}

/// The cut `snapshot` (an entry of `simulate`'s `"snapshots"`) recorded,
/// on the run's trace: each process's events up to the one where it
/// recorded (its `"event"`). Where that event is the receipt of the
/// algorithm's own message (a Chandy–Lamport marker, a Lai–Yang white
/// count), the cut ends just before it: such a message moves no tokens,
/// and it was sent after its sender recorded, so it is not a message from
/// the cut's future (the cut's own verdict, which knows nothing of
/// markers, then agrees with the protocol's check). `None` when a process
/// has not recorded.
pub fn recorded_cut(
    run: &crate::core::sim::outcome::Outcome,
    snapshot: &Value,
) -> Option<crate::core::cut::Cut> {
    let trace = &run.trace;
    let processes = snapshot.get("processes")?.as_object()?;
    let marker = |m: u32| run.record.messages.get(m as usize).is_some_and(is_control);
    let mut cut = crate::core::cut::Cut::empty(trace);
    for (name, v) in processes {
        let p = trace.process_by_name(name)?;
        let e = trace.event_by_id(v.get("event")?.as_str()?)?;
        let seq = trace.process_events(p).iter().position(|&x| x == e)? as u32;
        let received = trace.received_by(e);
        let by_marker = !received.is_empty() && received.iter().all(|&m| marker(m));
        cut.frontier[p as usize] = if by_marker { seq } else { seq + 1 };
    }
    (processes.len() == trace.process_count()).then_some(cut)
}

/// The events (by trace id) at which a process recorded its state for
/// one of the run's snapshots, from `simulate`'s `"snapshots"`.
pub fn recording_points(run: &crate::core::sim::outcome::Outcome) -> Vec<&str> {
    let snapshots = run.report.get("snapshots").and_then(Value::as_array);
    snapshots
        .into_iter()
        .flatten()
        .filter_map(|snap| snap.get("processes").and_then(Value::as_object))
        .flat_map(|processes| processes.values())
        .filter_map(|p| p.get("event").and_then(Value::as_str))
        .collect()
}

/// Whether a message is the snapshot algorithm's own (a marker, a white
/// count) rather than a transfer of the bank's.
pub fn is_control(m: &super::record::SimMessage) -> bool {
    m.fields.contains_key("marker") || m.fields.contains_key("white_count")
}
