//! What a run leaves behind, for any protocol: its events (each at a true
//! and a local time), its messages (sent, due, delivered or lost), each
//! node's status over time, first decision, and the partitions in force.
//! Statuses and decisions are kept as the protocol's words, so a page can
//! draw a run without knowing its protocol.

use super::{NodeId, Time};
use std::collections::HashMap;

/// The status word of a crashed node, for every protocol.
pub const CRASHED: &str = "crashed";

/// What a recorded event was.
#[derive(Clone, Debug, PartialEq)]
pub enum What {
    /// The node started.
    Start,
    /// Message `m` arrived.
    Receive(usize),
    /// A timer (by its label) fired.
    Timeout(String),
    /// An input (by its label) was injected.
    Input(String),
    /// The node crashed.
    Crash,
    /// The node recovered from its stable storage.
    Recover,
    /// The node sent these messages (right after its previous event).
    Send(Vec<usize>),
}

/// One recorded event.
#[derive(Clone, Debug, PartialEq)]
pub struct SimEvent {
    /// Where.
    pub node: NodeId,
    /// When, in true time.
    pub time: Time,
    /// When, by the node's clock.
    pub local_time: Time,
    /// What.
    pub what: What,
    /// The decision taken there, if any (its word).
    pub decided: Option<&'static str>,
}

/// One message: sent by a send event, received (or not) by a receive event.
#[derive(Clone, Debug, PartialEq)]
pub struct SimMessage {
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// Its label.
    pub label: String,
    /// When it was sent.
    pub sent: Time,
    /// Which of the messages from its sender to its receiver it is, from 1
    /// (copies made by a duplicating link share it): what `drop` and
    /// `delay` faults name.
    pub nth: usize,
    /// When the network will hand it over, if it was scheduled (timed runs).
    pub due: Option<Time>,
    /// Its receive event, if it arrived.
    pub received: Option<usize>,
    /// Lost: dropped, cut off by a partition, lost by the link, or handed
    /// to a node that was down. Neither lost nor received: still in flight.
    pub lost: bool,
    /// What the protocol adds to its send event in the trace
    /// ([`super::Label::fields`]).
    pub fields: serde_json::Map<String, serde_json::Value>,
}

/// A partition: messages between its sides are lost while it lasts.
#[derive(Clone, Debug, PartialEq)]
pub struct PartitionSpan {
    /// The sides, as node ids (a node on no side is cut off from all).
    pub sides: Vec<Vec<NodeId>>,
    /// When it starts.
    pub from: Time,
    /// When it heals (never, in a scripted run).
    pub until: Option<Time>,
}

/// What the diagram shows of a node's state after one of its events
/// ([`super::Protocol::shown`]): a short stamp (Viewstamped Replication's
/// viewstamp) and a log, its first `committed` entries committed.
pub struct Shown<'a> {
    /// The stamp, e.g. "⟨1,3⟩".
    pub stamp: String,
    /// How many entries, from the first, are committed.
    pub committed: usize,
    /// A running digest per entry: entry i's covers entries 0 to i, so two
    /// logs agree on their first k entries exactly when their digests
    /// k - 1 do. The recorder keeps only what changed, and formats only new
    /// entries, so a long log costs nothing per event.
    pub chain: &'a [u64],
    /// Entry i's text, as drawn.
    pub entry: Box<dyn Fn(usize) -> String + 'a>,
}

/// A node's shown state as recorded after an event: its log as a change
/// from the node's previous one.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownAt {
    /// The event (an index into [`Record::events`]).
    pub event: usize,
    /// The stamp.
    pub stamp: String,
    /// Committed entries.
    pub committed: usize,
    /// Entries kept from the node's previous log.
    pub keep: usize,
    /// Entries that follow them.
    pub add: Vec<String>,
}

pub use crate::core::diagram::overlay::NoteKind;

/// A protocol's note at one event: something reached there, worth naming
/// on the diagram ("prepared 1", "2 of 2f = 2"). Made only where something
/// happens, so a long run keeps few.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Note {
    /// What it is.
    pub kind: NoteKind,
    /// Placed before notes of a higher rank when there is not room for
    /// all (0 first).
    pub rank: u8,
    /// Its text, a line each.
    pub lines: Vec<String>,
    /// Sets of nodes it is about, named ("prepare quorum"), each by id
    /// (PBFT: the two quorums of a commit).
    pub sets: Vec<(String, Vec<NodeId>)>,
    /// A running count: kept only if no later note of its node with the
    /// same key replaces it (the last one stands at the end of the run).
    pub pending: Option<u64>,
    /// Goes on the send event the handler makes, if it sends (a
    /// NEW-VIEW's O at its send), else on the event handled.
    pub at_send: bool,
}

/// A note as recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct NoteAt {
    /// The event (an index into [`Record::events`]).
    pub event: usize,
    /// The note.
    pub note: Note,
}

/// A node's log as the diagram shows it at some point of the run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogAt {
    /// The stamp after its last event.
    pub stamp: String,
    /// The entries.
    pub entries: Vec<String>,
    /// How many, from the first, are committed.
    pub committed: usize,
}

/// A finished run.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// Events in the order they happened.
    pub events: Vec<SimEvent>,
    /// Messages, by id (the trace calls message `m` "m{m + 1}").
    pub messages: Vec<SimMessage>,
    /// Each node's status changes, as (time, word); a crash shows
    /// [`CRASHED`] until the node recovers.
    pub timelines: Vec<Vec<(Time, &'static str)>>,
    /// Each node's first decision and when.
    pub decisions: Vec<Option<(&'static str, Time)>>,
    /// Whether each node is up at the end.
    pub alive: Vec<bool>,
    /// The partitions of the run.
    pub partitions: Vec<PartitionSpan>,
    /// When the run was stopped short of its end because it reached
    /// [`super::engine::MAX_RUN_EVENTS`] events (`None`: it ran to its end).
    pub stopped: Option<Time>,
    /// What the protocol showed of each event's node after it, in order
    /// (none for protocols that show nothing).
    pub shown: Vec<ShownAt>,
    /// The protocol's notes, by event (none for protocols that note
    /// nothing).
    pub notes: Vec<NoteAt>,
}

impl Record {
    /// Time node `node`'s timeline spends showing `word` before `end`.
    pub fn time_in(&self, node: NodeId, word: &str, end: Time) -> Time {
        let line = &self.timelines[node];
        line.iter()
            .enumerate()
            .filter(|(_, (_, w))| *w == word)
            .map(|(i, (t, _))| line.get(i + 1).map_or(end, |next| next.0).min(end) - t.min(end))
            .fold(0.0, |a, b| a + b)
    }

    /// Each time node `node` was down: from its crash to its recovery
    /// (`None`: it stayed down).
    pub fn downtime(&self, node: NodeId) -> Vec<(Time, Option<Time>)> {
        let line = &self.timelines[node];
        let mut spans = Vec::new();
        for (i, &(t, w)) in line.iter().enumerate() {
            if w == CRASHED && (i == 0 || line[i - 1].1 != CRASHED) {
                spans.push((t, line[i + 1..].iter().find(|(_, w)| *w != CRASHED).map(|&(t, _)| t)));
            }
        }
        spans
    }

    /// The longest chain of message hops ending at a decision (message
    /// delays, in the textbooks' count).
    pub fn hops_to_decisions(&self) -> usize {
        let mut last = vec![0usize; self.alive.len()];
        let mut sender_depth = vec![0usize; self.messages.len()];
        let mut best = 0;
        for e in &self.events {
            let mut d = last[e.node];
            match &e.what {
                What::Receive(m) => d = d.max(sender_depth[*m] + 1),
                What::Send(ms) => ms.iter().for_each(|&m| sender_depth[m] = d),
                _ => {}
            }
            last[e.node] = d;
            if e.decided.is_some() {
                best = best.max(d);
            }
        }
        best
    }

    /// Each node's log after the events `upto` admits (by index into
    /// [`Record::events`]); `None` for a node that showed none.
    pub fn logs_at(&self, upto: impl Fn(usize) -> bool) -> Vec<Option<LogAt>> {
        let mut logs: Vec<Option<LogAt>> = vec![None; self.timelines.len()];
        for s in self.shown.iter().filter(|s| upto(s.event)) {
            let log = logs[self.events[s.event].node].get_or_insert_with(LogAt::default);
            log.entries.truncate(s.keep);
            log.entries.extend(s.add.iter().cloned());
            log.stamp.clone_from(&s.stamp);
            log.committed = s.committed;
        }
        logs
    }

    /// True when message `m` was neither delivered nor lost.
    pub fn in_flight(&self, m: usize) -> bool {
        self.messages[m].received.is_none() && !self.messages[m].lost
    }
}

/// Builds a [`Record`] as a run goes: the same for timed runs and scripted
/// replays.
#[derive(Clone, Debug)]
pub(crate) struct Recorder {
    pub(crate) record: Record,
    /// Messages sent so far between each ordered pair.
    counts: HashMap<(NodeId, NodeId), usize>,
    /// The event being handled, and the messages its handler sent.
    current: usize,
    sends: Vec<usize>,
    /// Each node's last shown log, as its entries' digests.
    chains: Vec<Vec<u64>>,
    /// Running counts not yet replaced, by node and key.
    pending: HashMap<(NodeId, u64), NoteAt>,
}

impl Recorder {
    pub(crate) fn new(first: Vec<&'static str>) -> Recorder {
        let n = first.len();
        Recorder {
            record: Record {
                events: Vec::new(),
                messages: Vec::new(),
                timelines: first.into_iter().map(|w| vec![(0.0, w)]).collect(),
                decisions: vec![None; n],
                alive: vec![true; n],
                partitions: Vec::new(),
                stopped: None,
                shown: Vec::new(),
                notes: Vec::new(),
            },
            counts: HashMap::new(),
            current: 0,
            sends: Vec::new(),
            chains: vec![Vec::new(); n],
            pending: HashMap::new(),
        }
    }

    /// Records `note` at the current event of `node`. A note replaces the
    /// running count of its key, and a running count its predecessor.
    pub(crate) fn note(&mut self, node: NodeId, note: Note) {
        let event = self.current;
        match note.pending {
            Some(key) => {
                self.pending.insert((node, key), NoteAt { event, note });
            }
            None => self.record.notes.push(NoteAt { event, note }),
        }
    }

    /// Settles a running count of `node` with `key`: it reached what it
    /// counted towards, so it is not drawn.
    pub(crate) fn settle(&mut self, node: NodeId, key: u64) {
        self.pending.remove(&(node, key));
    }

    /// The record, with every running count left standing at its last
    /// event.
    pub(crate) fn finish(mut self) -> Record {
        let mut left: Vec<((NodeId, u64), NoteAt)> = self.pending.drain().collect();
        // By event, then key: the same on every run of a seed.
        left.sort_by_key(|(key, n)| (n.event, *key));
        self.record.notes.extend(left.into_iter().map(|(_, n)| n));
        self.record.notes.sort_by_key(|n| n.event);
        self.record
    }

    /// Records what event `event` left its node showing: only the entries
    /// past the longest prefix it shares with the node's previous log.
    pub(crate) fn shown(&mut self, event: usize, shown: Option<Shown<'_>>) {
        let Some(s) = shown else { return };
        let node = self.record.events[event].node;
        let before = &mut self.chains[node];
        // Digests chain, so the logs agree up to the first that differs.
        let keep = before.iter().zip(s.chain).take_while(|(a, b)| a == b).count();
        let add = (keep..s.chain.len()).map(|i| (s.entry)(i)).collect();
        before.truncate(keep);
        before.extend_from_slice(&s.chain[keep..]);
        let committed = s.committed;
        self.record.shown.push(ShownAt { event, stamp: s.stamp, committed, keep, add });
    }

    /// Records a handled event; its effects follow. Returns its index.
    pub(crate) fn begin(&mut self, node: NodeId, time: Time, local_time: Time, what: What) -> usize {
        self.current = self.record.events.len();
        self.record.events.push(SimEvent { node, time, local_time, what, decided: None });
        self.current
    }

    /// Closes the event begun last: its sends become one send event.
    pub(crate) fn end(&mut self) {
        if self.sends.is_empty() {
            return;
        }
        let e = &self.record.events[self.current];
        let (node, time, local_time) = (e.node, e.time, e.local_time);
        let what = What::Send(std::mem::take(&mut self.sends));
        let send = self.record.events.len();
        self.record.events.push(SimEvent { node, time, local_time, what, decided: None });
        for n in self.record.notes.iter_mut().rev().take_while(|n| n.event == self.current) {
            if n.note.at_send {
                n.event = send;
            }
        }
    }

    /// The number of the next message from `from` to `to`, from 1.
    pub(crate) fn nth(&mut self, from: NodeId, to: NodeId) -> usize {
        let count = self.counts.entry((from, to)).or_insert(0);
        *count += 1;
        *count
    }

    /// Records a message sent by the current event; returns its id.
    pub(crate) fn message(
        &mut self,
        from: NodeId,
        to: NodeId,
        (label, fields): (String, serde_json::Map<String, serde_json::Value>),
        sent: Time,
        nth: usize,
    ) -> usize {
        let m = self.record.messages.len();
        let lost = false;
        let message = SimMessage { from, to, label, sent, nth, due: None, received: None, lost, fields };
        self.record.messages.push(message);
        self.sends.push(m);
        m
    }

    pub(crate) fn decided(&mut self, node: NodeId, word: &'static str, time: Time) {
        if self.record.decisions[node].is_none() {
            self.record.decisions[node] = Some((word, time));
            self.record.events[self.current].decided = Some(word);
        }
    }

    pub(crate) fn show(&mut self, node: NodeId, time: Time, word: &'static str) {
        let line = &mut self.record.timelines[node];
        if line.last().map(|&(_, w)| w) != Some(word) {
            line.push((time, word));
        }
    }

    pub(crate) fn crash(&mut self, node: NodeId, time: Time, local_time: Time) {
        self.record.alive[node] = false;
        self.record.timelines[node].push((time, CRASHED));
        self.record.events.push(SimEvent { node, time, local_time, what: What::Crash, decided: None });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shows `log` (each entry's digest is the running hash of the entries
    /// so far) after a new event of node 0.
    fn show(rec: &mut Recorder, log: &[&str]) {
        let chain: Vec<u64> = log
            .iter()
            .scan(0u64, |h, e| {
                *h = h.wrapping_mul(31).wrapping_add(e.bytes().map(u64::from).sum::<u64>() + 1);
                Some(*h)
            })
            .collect();
        let event = rec.begin(0, 0.0, 0.0, What::Start);
        let texts: Vec<String> = log.iter().map(|s| s.to_string()).collect();
        let shown = Shown {
            stamp: format!("{}", log.len()),
            committed: 1,
            chain: &chain,
            entry: Box::new(move |i| texts[i].clone()),
        };
        rec.shown(event, Some(shown));
    }

    #[test]
    fn a_log_is_kept_as_changes_and_rebuilt_at_any_event() {
        let mut rec = Recorder::new(vec!["normal"]);
        let logs: [&[&str]; 5] = [&["a"], &["a", "b"], &["a", "b", "c"], &["a", "x"], &[]];
        for log in logs {
            show(&mut rec, log);
        }
        let r = &rec.record;
        // Only what changed is kept: "a" once, then "b", "c", then "x".
        let added: Vec<Vec<String>> = r.shown.iter().map(|s| s.add.clone()).collect();
        assert_eq!(added, [vec!["a"], vec!["b"], vec!["c"], vec!["x"], vec![]]);
        assert_eq!(r.shown.iter().map(|s| s.keep).collect::<Vec<_>>(), [0, 1, 2, 1, 0]);
        // Rebuilt after each event, every log is the one shown there.
        for (k, log) in logs.iter().enumerate() {
            let at = r.logs_at(|e| e <= k)[0].clone().unwrap();
            assert_eq!(at.entries, log.to_vec(), "after event {k}");
        }
    }
}
