//! Lai–Yang snapshots (T. H. Lai and T. H. Yang, "On Distributed Snapshots",
//! Information Processing Letters 25(3), 1987): no markers, and correct
//! on channels that reorder.
//!
//! Every process is white until it records, then red; every transfer
//! carries its sender's colour. A white process records (and turns red) on
//! a `snapshot` input or when a red message reaches it, before taking that
//! message in, so a transfer sent after its sender recorded is never
//! inside the receiver's cut. A red process that receives a white transfer
//! adds it to that channel's record: it was sent before the cut and is
//! received after it, so it was in flight across it.
//!
//! When is a channel's record complete? As in the paper's counters: on
//! recording, a process sends each peer a control message (red, so it too
//! makes a white receiver record) carrying how many white transfers it sent
//! on that channel, its *white count*. The receiver's record of the channel
//! is complete once it has that count and has received that many white
//! transfers on the channel in all (before and after it recorded): no more
//! white transfer can come on it. A process has finished when every
//! incoming channel is complete.
//!
//! One snapshot per run (colours are one bit): a scenario may start it at
//! one process; its id is 0. Everything a process holds is on stable
//! storage.

use super::bank::{tokens, Config, Ledger, Order};
use super::Recorded;
use crate::core::sim::byzantine::Behaviour;
use crate::core::sim::context::Ctx;
use crate::core::sim::interpret::NodeOf;
use crate::core::sim::property::{Kind, Metric, Property, View};
use crate::core::sim::protocol::{Label, NoDecision, NoTimer, Protocol, Word};
use crate::core::sim::record::Record;
use crate::core::sim::scenario::Input;
use crate::core::sim::{NodeId, Time};
use serde_json::{json, Map, Value};

/// A message: a coloured transfer, or the control message with a white
/// count.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Msg {
    /// `amount` tokens, the `seq`th transfer on its channel, sent by a
    /// red (recorded) process or a white one.
    Transfer {
        /// Its number on the channel, from 1.
        seq: u32,
        /// How many tokens.
        amount: u64,
        /// Its sender had recorded.
        red: bool,
    },
    /// How many white transfers the sender sent on this channel.
    WhiteCount(u32),
}

impl Label for Msg {
    fn label(&self) -> String {
        match self {
            Msg::Transfer { amount, red: false, .. } => tokens(*amount),
            Msg::Transfer { amount, red: true, .. } => format!("{} (red)", tokens(*amount)),
            Msg::WhiteCount(n) => format!("white count {n}"),
        }
    }

    fn fields(&self) -> Map<String, Value> {
        match self {
            Msg::Transfer { amount, red, .. } => {
                Map::from_iter([("amount".to_string(), json!(amount)), ("red".to_string(), json!(red))])
            }
            Msg::WhiteCount(n) => Map::from_iter([("white_count".to_string(), json!(n))]),
        }
    }
}

/// A process's colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Colour {
    /// It has not recorded.
    White,
    /// It has recorded.
    Red,
}

impl Word for Colour {
    fn word(&self) -> &'static str {
        match self {
            Colour::White => "white",
            Colour::Red => "red",
        }
    }
}

/// A process: its account, its record (once red), and what it knows of
/// each incoming channel's white transfers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Process {
    /// The account.
    pub ledger: Ledger,
    /// Its record: `None` while white.
    pub snapshot: Option<Recorded>,
    /// White transfers received on each incoming channel, in all.
    pub white_in: Vec<u32>,
    /// Each incoming channel's white count, once its control message came.
    pub expected: Vec<Option<u32>>,
}

/// Lai–Yang snapshots of a token bank, configured.
#[derive(Clone, Debug, PartialEq)]
pub struct LaiYang {
    config: Config,
}

impl LaiYang {
    /// The protocol on this bank.
    pub fn new(config: Config) -> LaiYang {
        LaiYang { config }
    }

    /// A white process records (`before`: the state before this event)
    /// and sends each peer its white count.
    fn record(&self, p: &mut Process, initiator: bool, before: bool, ctx: &mut Ctx<'_, Self>) {
        if p.snapshot.is_some() {
            return;
        }
        p.snapshot = Some(Recorded::new(0, initiator, &p.ledger, ctx.id, before));
        let me = ctx.id;
        for q in (0..self.config.processes.len()).filter(|&q| q != me) {
            ctx.send(q, Msg::WhiteCount(p.ledger.sent[q]));
        }
        ctx.show(Colour::Red);
    }

    fn step(&self, ctx: &mut Ctx<'_, Self>, change: impl FnOnce(&mut Process, &mut Ctx<'_, Self>)) {
        let mut p = ctx.storage().clone();
        p.ledger.handled += 1;
        change(&mut p, ctx);
        // A channel is complete once every white transfer on it has come.
        if let Some(r) = &mut p.snapshot {
            for q in 0..r.open.len() {
                r.open[q] &= p.expected[q] != Some(p.white_in[q]);
            }
        }
        ctx.save(|s| *s = p);
    }
}

impl Protocol for LaiYang {
    type Msg = Msg;
    type Timer = NoTimer;
    type Input = Order;
    type Storage = Process;
    type State = ();
    type Status = Colour;
    type Decision = NoDecision;

    fn names(&self) -> Vec<String> {
        self.config.processes.clone()
    }

    fn init(&self, _id: NodeId) {}

    fn first_status(&self, _id: NodeId) -> Colour {
        Colour::White
    }

    fn on_start(&self, _: &mut (), ctx: &mut Ctx<'_, Self>) {
        let n = self.config.processes.len();
        let ledger = Ledger::new(&self.config, ctx.id);
        self.step(ctx, |p, _| {
            *p = Process {
                ledger: Ledger { handled: p.ledger.handled, ..ledger },
                snapshot: None,
                white_in: vec![0; n],
                expected: vec![None; n],
            }
        });
    }

    fn on_msg(&self, _: &mut (), from: NodeId, msg: &Msg, ctx: &mut Ctx<'_, Self>) {
        self.step(ctx, |p, ctx| match *msg {
            Msg::Transfer { seq, amount, red } => {
                if red {
                    // Record first: this transfer is after the cut.
                    self.record(p, false, true, ctx);
                } else {
                    p.white_in[from] += 1;
                    if let Some(r) = &mut p.snapshot {
                        r.channels[from].push((seq, amount));
                    }
                }
                p.ledger.receive(from, seq, amount);
            }
            Msg::WhiteCount(n) => {
                self.record(p, false, false, ctx);
                p.expected[from] = Some(n);
            }
        });
    }

    fn on_timer(&self, _: &mut (), timer: NoTimer, _ctx: &mut Ctx<'_, Self>) {
        match timer {}
    }

    fn on_input(&self, _: &mut (), order: &Order, ctx: &mut Ctx<'_, Self>) {
        self.step(ctx, |p, ctx| match *order {
            Order::Snapshot(_) => self.record(p, true, false, ctx),
            Order::Transfer { to, amount, up_to } => {
                let red = p.snapshot.is_some();
                if let Some((to, seq, amount)) = p.ledger.pay(to, amount, up_to) {
                    ctx.send(to, Msg::Transfer { seq, amount, red });
                }
            }
        });
    }

    fn on_recover(&self, _: &mut (), ctx: &mut Ctx<'_, Self>) {
        self.step(ctx, |_, _| {});
    }

    fn parse_input(&self, input: &Value) -> Result<Order, String> {
        match self.config.parse(input)? {
            Order::Snapshot(k) if k > 0 => {
                Err("lai-yang takes one snapshot per run: {\"snapshot\": 0}".into())
            }
            order => Ok(order),
        }
    }

    fn settle_inputs(&self, inputs: &mut Vec<Input>, seed: u64, until: Time) -> Result<(), String> {
        let one = (1, "lai-yang takes one snapshot per run (its colours are one bit)");
        self.config.settle(inputs, seed, until, Some(one))
    }

    fn properties(&self) -> Vec<Property<Self>> {
        vec![Property {
            name: "snapshot-consistent",
            kind: Kind::Always,
            broken: super::BROKEN,
            holds: |ly: &LaiYang, v: &View<'_, LaiYang>| {
                let recs: Vec<&[Recorded]> = v.nodes.iter().map(|n| n.storage.snapshot.as_slice()).collect();
                super::consistent(ly.config.total(), &recs)
            },
        }]
    }

    fn metrics(&self, record: &Record, _until: Time) -> Vec<Metric> {
        super::chandy_lamport::metrics(record)
    }

    fn report(&self, record: &Record, nodes: &[NodeOf<Self>]) -> Map<String, Value> {
        let recs: Vec<&[Recorded]> = nodes.iter().map(|n| n.storage.snapshot.as_slice()).collect();
        super::report(&self.config, record, &recs)
    }

    fn refuses(&self, _behaviour: Behaviour) -> Option<String> {
        super::byzantine_refused()
    }
}
