//! Chandy–Lamport snapshots (K. M. Chandy and L. Lamport, "Distributed
//! Snapshots: Determining Global States of Distributed Systems", ACM TOCS
//! 3(1), 1985, §3.2).
//!
//! *Marker sending rule*: a process that records its state sends a marker
//! on every outgoing channel before it sends anything else on it.
//! *Marker receiving rule*: a process receiving a marker on channel c that
//! has not recorded yet records its state, records c as empty and follows
//! the sending rule; one that has recorded records c as the transfers it
//! received on c after recording and before this marker. A process has
//! finished when a marker has come on every incoming channel.
//!
//! Here a `snapshot` input starts a snapshot at its process (several may
//! run at once: markers carry the snapshot's id and each process keeps a
//! record per snapshot), and channels join every ordered pair. The
//! algorithm needs FIFO channels (`"fifo": true`): without them a marker may
//! overtake a transfer, which then is neither in the receiver's recorded
//! balance nor in the channel, and the explorer finds such a schedule.
//! Everything a process holds is on stable storage, so a crash-recovery
//! process comes back with its account and records.

use super::bank::{tokens, Config, Ledger, Order};
use super::Recorded;
use crate::core::sim::byzantine::Behaviour;
use crate::core::sim::context::Ctx;
use crate::core::sim::property::{Kind, Measure, Metric, Property, View};
use crate::core::sim::protocol::{Label, NoDecision, NoTimer, Protocol, Word};
use crate::core::sim::record::Record;
use crate::core::sim::scenario::Input;
use crate::core::sim::{NodeId, Time};
use serde_json::{json, Map, Value};

/// A message: a transfer, or a snapshot's marker.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Msg {
    /// `amount` tokens, the `seq`th transfer on its channel.
    Transfer {
        /// Its number on the channel, from 1.
        seq: u32,
        /// How many tokens.
        amount: u64,
    },
    /// The marker of snapshot `id`.
    Marker(u32),
}

impl Label for Msg {
    fn label(&self) -> String {
        match self {
            Msg::Transfer { amount, .. } => tokens(*amount),
            Msg::Marker(id) => format!("marker {id}"),
        }
    }

    fn fields(&self) -> Map<String, Value> {
        let (key, value) = match self {
            Msg::Transfer { amount, .. } => ("amount", json!(amount)),
            Msg::Marker(id) => ("marker", json!(id)),
        };
        Map::from_iter([(key.to_string(), value)])
    }
}

/// What a process shows: recording some channel, or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// No snapshot is recording here.
    Running,
    /// Some snapshot is recording a channel here.
    Recording,
}

impl Word for Status {
    fn word(&self) -> &'static str {
        match self {
            Status::Running => "running",
            Status::Recording => "recording",
        }
    }
}

/// A process: its account and its record of each snapshot.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Process {
    /// The account.
    pub ledger: Ledger,
    /// Each snapshot it has recorded, in the order recorded.
    pub snapshots: Vec<Recorded>,
}

/// Chandy–Lamport snapshots of a token bank, configured.
#[derive(Clone, Debug, PartialEq)]
pub struct ChandyLamport {
    config: Config,
}

impl ChandyLamport {
    /// The protocol on this bank.
    pub fn new(config: Config) -> ChandyLamport {
        ChandyLamport { config }
    }

    /// Records snapshot `id` and sends its markers (before anything else).
    fn record(&self, p: &mut Process, id: u32, initiator: bool, ctx: &mut Ctx<'_, Self>) {
        p.snapshots.push(Recorded::new(id, initiator, &p.ledger, ctx.id, false));
        let me = ctx.id;
        for q in (0..self.config.processes.len()).filter(|&q| q != me) {
            ctx.send(q, Msg::Marker(id));
        }
    }

    /// Runs `change` on the process's storage, counts the event, and
    /// shows whether it is recording.
    fn step(&self, ctx: &mut Ctx<'_, Self>, change: impl FnOnce(&mut Process, &mut Ctx<'_, Self>)) {
        let mut p = ctx.storage().clone();
        p.ledger.handled += 1;
        change(&mut p, ctx);
        let recording = p.snapshots.iter().any(|r| !r.done());
        ctx.show(if recording { Status::Recording } else { Status::Running });
        ctx.save(|s| *s = p);
    }
}

impl Protocol for ChandyLamport {
    type Msg = Msg;
    type Timer = NoTimer;
    type Input = Order;
    type Storage = Process;
    type State = ();
    type Status = Status;
    type Decision = NoDecision;

    fn names(&self) -> Vec<String> {
        self.config.processes.clone()
    }

    fn init(&self, _id: NodeId) {}

    fn first_status(&self, _id: NodeId) -> Status {
        Status::Running
    }

    fn on_start(&self, _: &mut (), ctx: &mut Ctx<'_, Self>) {
        let ledger = Ledger::new(&self.config, ctx.id);
        self.step(ctx, |p, _| p.ledger = Ledger { handled: p.ledger.handled, ..ledger });
    }

    fn on_msg(&self, _: &mut (), from: NodeId, msg: &Msg, ctx: &mut Ctx<'_, Self>) {
        self.step(ctx, |p, ctx| match *msg {
            Msg::Transfer { seq, amount } => {
                p.ledger.receive(from, seq, amount);
                for r in p.snapshots.iter_mut().filter(|r| r.open[from]) {
                    r.channels[from].push((seq, amount));
                }
            }
            Msg::Marker(id) => match p.snapshots.iter_mut().find(|r| r.id == id) {
                Some(r) => r.open[from] = false,
                None => {
                    self.record(p, id, false, ctx);
                    let r = p.snapshots.last_mut().expect("just recorded");
                    r.open[from] = false;
                }
            },
        });
    }

    fn on_timer(&self, _: &mut (), timer: NoTimer, _ctx: &mut Ctx<'_, Self>) {
        match timer {}
    }

    fn on_input(&self, _: &mut (), order: &Order, ctx: &mut Ctx<'_, Self>) {
        self.step(ctx, |p, ctx| match *order {
            Order::Snapshot(id) => {
                // A marker may have come first: then it is recorded already.
                if !p.snapshots.iter().any(|r| r.id == id) {
                    self.record(p, id, true, ctx);
                }
            }
            Order::Transfer { to, amount, up_to } => {
                if let Some((to, seq, amount)) = p.ledger.pay(to, amount, up_to) {
                    ctx.send(to, Msg::Transfer { seq, amount });
                }
            }
        });
    }

    fn on_recover(&self, _: &mut (), ctx: &mut Ctx<'_, Self>) {
        self.step(ctx, |_, _| {});
    }

    fn parse_input(&self, input: &Value) -> Result<Order, String> {
        self.config.parse(input)
    }

    fn settle_inputs(&self, inputs: &mut Vec<Input>, seed: u64, until: Time) -> Result<(), String> {
        self.config.settle(inputs, seed, until, None)
    }

    fn properties(&self) -> Vec<Property<Self>> {
        vec![Property {
            name: "snapshot-consistent",
            kind: Kind::Always,
            broken: super::BROKEN,
            holds: |cl: &ChandyLamport, v: &View<'_, ChandyLamport>| {
                let recs: Vec<&[Recorded]> = v.nodes.iter().map(|n| n.storage.snapshots.as_slice()).collect();
                super::consistent(cl.config.total(), &recs)
            },
        }]
    }

    fn metrics(&self, record: &Record, _until: Time) -> Vec<Metric> {
        metrics(record)
    }

    fn report(
        &self,
        record: &Record,
        nodes: &[crate::core::sim::interpret::NodeOf<Self>],
    ) -> Map<String, Value> {
        let recs: Vec<&[Recorded]> = nodes.iter().map(|n| n.storage.snapshots.as_slice()).collect();
        super::report(&self.config, record, &recs)
    }

    fn refuses(&self, _behaviour: Behaviour) -> Option<String> {
        super::byzantine_refused()
    }
}

/// The bank's metrics: messages, transfers among them, and the rest (the
/// snapshots' own).
pub(super) fn metrics(record: &Record) -> Vec<Metric> {
    let transfers = record.messages.iter().filter(|m| m.fields.contains_key("amount")).count();
    vec![
        Metric::new("messages", Measure::Count(record.messages.len())),
        Metric::new("transfers", Measure::Count(transfers)),
        Metric::new("snapshot_messages", Measure::Count(record.messages.len() - transfers)),
    ]
}
