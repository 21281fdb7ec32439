//! Viewstamped Replication, as Liskov and Cowling write it in
//! "Viewstamped Replication Revisited" (MIT-CSAIL-TR-2012-021).
//!
//! 2f + 1 replicas `R1` ... `Rn` keep a key-value store ([`kv`]) for
//! clients `K1` ... `Km`. The primary of view v is replica v mod n (R1
//! leads view 0); it orders requests in its log and a request commits once
//! f backups have it (normal operation, §4.1, [`normal`]). When the
//! primary falls silent the others move to the next view and its primary
//! starts it with the most recent log among f + 1 of them (view change,
//! §4.2, [`view_change`]). A crashed replica has lost its state (nothing
//! is on disk) and recovers it from the others; one that is behind fetches
//! what it lacks (recovery §4.3 and state transfer §5.2, [`recovery`]).
//! §6 batching is a switch, and so are §6.3.1 reads at the primary under
//! leases ([`lease`]). Replica state is Fig. 2's ([`replica`]);
//! messages carry the paper's names ([`msg`]); clients are in [`client`].
//!
//! What it promises, as declared properties ([`properties`]): replicas
//! agree on the committed prefix; no committed operation is lost or
//! changed in any later primary's log; the clients' history is
//! linearizable against the store ([`linearizable`]); and with at most f
//! crashes and timing stable, every request gets its reply. It assumes
//! crash faults only: one Byzantine replica breaks it ([`forge`] is what
//! a lying one says).
//!
//! The scenario's settings are in [`config`]; what `simulate` adds (each
//! replica's log, the history, latencies) is in [`report`]; the
//! latency/throughput/availability table of `lightcone measure` is in
//! [`measure`], availability measured and in closed form in
//! [`availability`].

pub mod availability;
pub mod client;
pub mod config;
pub mod forge;
pub mod group;
pub mod histories;
pub mod kv;
pub mod lease;
pub mod linearizable;
pub mod measure;
pub mod msg;
pub mod normal;
pub mod plots;
pub mod properties;
pub mod recovery;
pub mod replica;
pub mod report;
pub mod view_change;

pub use config::Config;

use crate::core::sim::byzantine::Signer;
use crate::core::sim::context::Ctx;
use crate::core::sim::interpret::NodeOf;
use crate::core::sim::property::{Metric, Property};
use crate::core::sim::protocol::{Label, NoDecision, Protocol, Word};
use crate::core::sim::record::{Record, Shown};
use crate::core::sim::scenario::Input;
use crate::core::sim::{NodeId, Time};
use client::Client;
use kv::{Op, Output};
use msg::{Msg, Status, Timer};
use replica::{DoViewChange, Replica};

/// A time kept in a hashable form (its bits).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Stamp(u64);

impl Stamp {
    /// `t` as a stamp.
    pub fn of(t: Time) -> Stamp {
        Stamp(t.to_bits())
    }

    /// The time.
    pub fn time(self) -> Time {
        Time::from_bits(self.0)
    }

    /// Its bits.
    pub fn bits(self) -> u64 {
        self.0
    }
}

/// One call in a client's history.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Call {
    /// The operation.
    pub op: Op,
    /// When the client sent it.
    pub invoked: Stamp,
    /// When its reply came, if it did.
    pub returned: Option<Stamp>,
    /// The result, once returned.
    pub result: Option<Output>,
}

/// What a node keeps across a crash. VR itself keeps nothing on disk; this
/// holds what the checkers read (a ghost record) and a nonce source.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Disk {
    /// Replica: how often it has recovered (the nonce of its RECOVERY).
    pub recoveries: u64,
    /// Replica, ghost: for every request it has known committed, by
    /// op-number, the running hash of the log up to it (as
    /// [`Replica::chain`]) and the view it was in when it learned so. Read
    /// only by the `durability` property.
    pub ghost: Vec<(u64, u64)>,
    /// Client: a running hash of its history's changes (a call made, a
    /// call answered), so the checker knows when the history changed.
    pub digest: u64,
    /// Client: its calls, in order (the history the `linearizable`
    /// property and `simulate` read).
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

/// An operation given to a client.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Given(pub Op);

impl Label for Given {
    fn label(&self) -> String {
        self.0.to_string()
    }
}

/// VR, configured.
#[derive(Clone, Debug, PartialEq)]
pub struct Vr {
    /// The settings.
    pub config: Config,
    /// Whether the `linearizable` property runs its search (measurements
    /// of long runs turn it off: it is exponential in the worst case).
    pub check_history: bool,
}

impl Vr {
    /// VR with these settings.
    pub fn new(config: Config) -> Vr {
        Vr { config, check_history: true }
    }

    fn replica_msg(&self, r: &mut Replica, from: NodeId, msg: &Msg, ctx: &mut Ctx<'_, Self>) {
        if r.status == Status::Recovering {
            if let Msg::RecoveryResponse { view, nonce, primary } = msg {
                self.on_recovery_response(r, from, *view, *nonce, primary, ctx);
            }
            return;
        }
        match msg {
            Msg::Request(req) => self.on_request(r, req, ctx),
            Msg::Prepare { view, .. } | Msg::Commit { view, .. } if *view > r.view => {
                self.later_view(r, from, *view, ctx)
            }
            Msg::Prepare { view, entries, op, commit, lease } if self.current(r, *view) => {
                self.on_prepare(r, from, entries, (*op, *commit), *lease, ctx)
            }
            Msg::Commit { view, commit, lease } if self.current(r, *view) => {
                self.heard_primary(ctx);
                self.grant_for_commit(r, from, *lease, ctx);
                self.learn_commit(r, from, *commit, ctx)
            }
            Msg::PrepareOk { view, op, lease } if self.current(r, *view) => {
                if let Some(granted) = lease {
                    self.on_grant(r, from, *granted, ctx);
                }
                self.on_prepare_ok(r, from, *op, ctx)
            }
            Msg::Lease { view, granted } if self.current(r, *view) => self.on_grant(r, from, *granted, ctx),
            Msg::StartViewChange { view } => self.on_start_view_change(r, from, *view, ctx),
            Msg::DoViewChange { view, log, last_normal, op, commit } => {
                let dvc =
                    DoViewChange { last_normal: *last_normal, op: *op, commit: *commit, log: log.clone() };
                self.on_do_view_change(r, from, *view, dvc, ctx)
            }
            Msg::StartView { view, log, commit, .. } => self.on_start_view(r, from, *view, log, *commit, ctx),
            Msg::Recovery { nonce } => self.on_recovery(r, from, *nonce, ctx),
            Msg::GetState { view, op } => self.on_get_state(r, from, *view, *op, ctx),
            Msg::NewState { view, entries, op, commit } => {
                self.on_new_state(r, *view, entries, *op, *commit, ctx)
            }
            _ => {}
        }
    }

    /// A normal-protocol message counts only in the view it names, in
    /// normal status (§4: "if the sender is behind, the receiver drops").
    fn current(&self, r: &Replica, view: u64) -> bool {
        r.status == Status::Normal && view == r.view
    }
}

impl Protocol for Vr {
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
            State::Replica(Box::new(Replica::new(self.config.replicas)))
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

    /// A replica's viewstamp ⟨view-number, op-number⟩ and its log (§4:
    /// the viewstamp orders every request a replica has taken).
    fn shown<'s>(&self, state: &'s State) -> Option<Shown<'s>> {
        let State::Replica(r) = state else { return None };
        Some(Shown {
            stamp: format!("⟨{},{}⟩", r.view, r.op),
            committed: r.commit as usize,
            chain: &r.chain,
            entry: Box::new(move |i| r.log[i].op.short()),
        })
    }

    fn on_start(&self, state: &mut State, ctx: &mut Ctx<'_, Self>) {
        if let State::Replica(r) = state {
            if self.is_primary(r, ctx.id) {
                self.arm_idle(ctx);
            } else {
                self.heard_primary(ctx);
            }
        }
    }

    fn on_msg(&self, state: &mut State, from: NodeId, msg: &Msg, ctx: &mut Ctx<'_, Self>) {
        match state {
            State::Replica(r) => self.replica_msg(r, from, msg, ctx),
            State::Client(c) => {
                if let Msg::Reply { view, number, result } = msg {
                    self.on_reply(c, *view, *number, result, ctx);
                }
            }
        }
    }

    fn on_timer(&self, state: &mut State, timer: Timer, ctx: &mut Ctx<'_, Self>) {
        match (state, timer) {
            (State::Replica(r), Timer::ViewChange) => self.on_view_change_timer(r, ctx),
            (State::Replica(r), Timer::Idle) => self.on_idle(r, ctx),
            (State::Replica(r), Timer::Recovery) => self.on_recovery_timer(r, ctx),
            (State::Client(c), Timer::Request) => self.on_request_timer(c, ctx),
            _ => {}
        }
    }

    fn on_input(&self, state: &mut State, input: &Given, ctx: &mut Ctx<'_, Self>) {
        // An operation given to a replica means nothing: clients make requests.
        if let State::Client(c) = state {
            self.client_input(c, &input.0, ctx);
        }
    }

    fn on_recover(&self, state: &mut State, ctx: &mut Ctx<'_, Self>) {
        match state {
            State::Replica(r) => self.recover_replica(r, ctx),
            // A client's outstanding call is abandoned: it stays unanswered.
            State::Client(_) => ctx.show(Status::Idle),
        }
    }

    fn parse_input(&self, input: &serde_json::Value) -> Result<Given, String> {
        let text = input.as_str().ok_or("a VR input is an operation such as \"put x 1\" or \"get x\"")?;
        Op::parse(text).map(Given)
    }

    /// With the framework's `{"count", "every", "nodes"}` workload, draw
    /// `k` puts a (distinct) value under one of three keys.
    fn workload_input(&self, k: usize) -> Option<serde_json::Value> {
        let key = (b'a' + (k % 3) as u8) as char;
        Some(serde_json::json!(format!("put {key} {}", k + 1)))
    }

    fn own_workload(&self, spec: &serde_json::Value, seed: u64) -> Result<Vec<Input>, String> {
        config::workload(&self.config, spec, seed)
    }

    fn report(&self, record: &Record, nodes: &[NodeOf<Self>]) -> serde_json::Map<String, serde_json::Value> {
        report::report(self, record, nodes)
    }

    fn properties(&self) -> Vec<Property<Self>> {
        properties::properties()
    }

    fn metrics(&self, record: &Record, until: Time) -> Vec<Metric> {
        report::metrics(&self.config, record, until)
    }

    fn forge(&self, msg: &Msg, _me: &Signer) -> Option<Msg> {
        forge::forge(msg)
    }
}
