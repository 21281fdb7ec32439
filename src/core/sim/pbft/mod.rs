//! Practical Byzantine Fault Tolerance, as Castro and Liskov write it in
//! "Practical Byzantine Fault Tolerance" (OSDI 1999).
//!
//! 3f + 1 replicas `R1` ... `Rn` keep VR's key-value store
//! ([`crate::core::sim::vr::kv`]) for clients `K1` ... `Km`, and stay safe
//! and live with up to f of them Byzantine. The primary of view v is
//! replica v mod n (R1 leads view 0). Clients sign their requests and wait
//! for f + 1 matching replies ([`client`], §4.1); the primary orders each
//! request with PRE-PREPARE, and PREPARE and COMMIT rounds make it
//! prepared and committed-local ([`normal`], §4.2); checkpoints every K
//! requests become stable with 2f + 1 CHECKPOINTs and move the watermarks
//! h and H = h + L ([`checkpoint`], §4.3); a primary that stalls is
//! replaced by VIEW-CHANGE and NEW-VIEW ([`view_change`], §4.4, §4.5.2).
//! Messages carry the paper's names ([`msg`]); what a Byzantine node says
//! instead is [`forge`]; what the group promises is [`properties`].
//!
//! Not built: the paper's optimisations (§5: digest replies, tentative
//! execution, read-only requests, MACs), state transfer for a replica
//! behind a stable checkpoint, and proactive recovery.

pub mod checkpoint;
pub mod client;
pub mod config;
pub mod forge;
pub mod msg;
pub mod normal;
pub mod notes;
pub mod properties;
pub mod quorums;
pub mod replica;
pub mod report;
pub mod view_change;

pub use config::Config;

use crate::core::sim::byzantine::Signer;
use crate::core::sim::context::Ctx;
use crate::core::sim::interpret::NodeOf;
use crate::core::sim::property::{Metric, Property};
use crate::core::sim::protocol::{NoDecision, Protocol};
use crate::core::sim::record::{Record, Shown};
use crate::core::sim::scenario::Input;
use crate::core::sim::vr::kv::Op;
use crate::core::sim::vr::{Call, Given};
use crate::core::sim::{NodeId, Time};
use client::Client;
use msg::{Msg, Status, Timer};
use replica::Replica;

/// What a node keeps across a crash: only what the checkers read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Disk {
    /// Replica, ghost: for each sequence number it has executed, the
    /// request's digest and the view it executed in. Read only by the
    /// `durability` property.
    pub ghost: Vec<(u64, u64)>,
    /// Client: a running hash of its history's changes.
    pub digest: u64,
    /// Client: its calls, in order.
    pub history: Vec<Call>,
}

/// A node's volatile state.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum State {
    /// A replica.
    Replica(Box<Replica>),
    /// A client.
    Client(Client),
}

/// PBFT, configured.
#[derive(Clone, Debug, PartialEq)]
pub struct Pbft {
    /// The settings.
    pub config: Config,
    /// Whether the `linearizable` property runs its search.
    pub check_history: bool,
}

impl Pbft {
    /// PBFT with these settings.
    pub fn new(config: Config) -> Pbft {
        Pbft { config, check_history: true }
    }

    fn replica_msg(&self, r: &mut Replica, from: NodeId, msg: &Msg, ctx: &mut Ctx<'_, Self>) {
        match msg {
            Msg::Request(sr) => self.on_request(r, sr, ctx),
            Msg::PrePrepare(pre) => self.on_pre_prepare(r, from, pre, ctx),
            Msg::Prepare(vote) => self.on_vote(r, from, vote, false, ctx),
            Msg::Commit(vote) => self.on_vote(r, from, vote, true, ctx),
            Msg::Checkpoint(c) => self.on_checkpoint(r, from, c, ctx),
            Msg::ViewChange(vc) => self.on_view_change(r, from, vc, ctx),
            Msg::NewView { view, changes, pre } => self.on_new_view(r, from, *view, changes, pre, ctx),
            Msg::Reply { .. } => {}
        }
        r.refresh_log();
    }
}

impl Protocol for Pbft {
    type Msg = Msg;
    type Timer = Timer;
    type Input = Given;
    type Storage = Disk;
    type State = State;
    type Status = Status;
    type Decision = NoDecision;

    fn names(&self) -> Vec<String> {
        self.config.names()
    }

    fn describe_names(&self) -> String {
        format!("R1 to R{} and K1 to K{}", self.config.replicas, self.config.clients)
    }

    fn init(&self, id: NodeId) -> State {
        if self.config.is_replica(id) {
            State::Replica(Box::default())
        } else {
            State::Client(Client::default())
        }
    }

    fn first_status(&self, id: NodeId) -> Status {
        if self.config.is_replica(id) {
            Status::Normal
        } else {
            Status::Idle
        }
    }

    /// A replica's ⟨view, n⟩ (n: the last number it has executed) and its
    /// log: the executed requests, committed, then those pre-prepared after
    /// them in this view.
    fn shown<'s>(&self, state: &'s State) -> Option<Shown<'s>> {
        let State::Replica(r) = state else { return None };
        Some(Shown {
            stamp: format!("⟨{},{}⟩", r.view, r.executed),
            committed: r.executed as usize,
            chain: &r.chain,
            entry: Box::new(move |i| r.log[i].as_ref().map_or("null".into(), |q| q.op.short())),
        })
    }

    /// A replica notes its first window, h = 0, H = L (§4.3).
    fn on_start(&self, state: &mut State, ctx: &mut Ctx<'_, Self>) {
        if let State::Replica(_) = state {
            ctx.note(|| notes::initial(self.config.window));
        }
    }

    fn on_msg(&self, state: &mut State, from: NodeId, msg: &Msg, ctx: &mut Ctx<'_, Self>) {
        match state {
            State::Replica(r) => self.replica_msg(r, from, msg, ctx),
            State::Client(c) => {
                if let Msg::Reply { view, number, result } = msg {
                    self.on_reply(c, from, (*view, *number, result), ctx);
                }
            }
        }
    }

    fn on_timer(&self, state: &mut State, timer: Timer, ctx: &mut Ctx<'_, Self>) {
        match (state, timer) {
            (State::Replica(r), Timer::ViewChange) => {
                self.on_view_change_timer(r, ctx);
                r.refresh_log();
            }
            (State::Client(c), Timer::Request) => self.on_request_timer(c, ctx),
            _ => {}
        }
    }

    fn on_input(&self, state: &mut State, input: &Given, ctx: &mut Ctx<'_, Self>) {
        if let State::Client(c) = state {
            self.client_input(c, &input.0, ctx);
        }
    }

    /// The paper's recovery is not built: a replica that comes back starts
    /// afresh in view 0 (run crash-stop for PBFT); a client's outstanding
    /// call stays unanswered.
    fn on_recover(&self, state: &mut State, ctx: &mut Ctx<'_, Self>) {
        if let State::Client(_) = state {
            ctx.show(Status::Idle);
        }
    }

    fn parse_input(&self, input: &serde_json::Value) -> Result<Given, String> {
        let text = input.as_str().ok_or("a PBFT input is an operation such as \"put x 1\" or \"get x\"")?;
        Op::parse(text).map(Given)
    }

    fn workload_input(&self, k: usize) -> Option<serde_json::Value> {
        let key = (b'a' + (k % 3) as u8) as char;
        Some(serde_json::json!(format!("put {key} {}", k + 1)))
    }

    fn own_workload(&self, spec: &serde_json::Value, seed: u64) -> Result<Vec<Input>, String> {
        crate::core::sim::vr::config::workload(&self.config.as_vr(), spec, seed)
    }

    fn report(&self, record: &Record, nodes: &[NodeOf<Self>]) -> serde_json::Map<String, serde_json::Value> {
        report::report(self, record, nodes)
    }

    fn properties(&self) -> Vec<Property<Self>> {
        properties::properties()
    }

    fn metrics(&self, record: &Record, until: Time) -> Vec<Metric> {
        report::metrics(self, record, until)
    }

    fn forge(&self, msg: &Msg, me: &Signer) -> Option<Msg> {
        forge::forge(msg, me)
    }
}
