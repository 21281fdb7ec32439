//! Atomic commitment: two-phase commit ([`two_pc`]) and three-phase commit
//! with its termination protocol ([`three_pc`]) on the simulator, sharing
//! their coordinator and participant steps ([`coordinator`],
//! [`participant`]), their settings ([`config`]) and what they promise
//! ([`properties`]): atomicity (no node commits while another aborts),
//! validity (commit only if every participant voted yes) and termination
//! (every live node decides).
//!
//! Node 0 is the coordinator `C`; participants are `P1` ... `Pn`. Every
//! node logs to stable storage ([`Log`]) before it acts on a step, and
//! recovers from its log.

/// The items of `impl Protocol` that 2PC and 3PC write alike: names, the
/// state each node starts with, its first status, the start (coordinator or
/// participant), message dispatch, properties, metrics, symmetry. Each
/// protocol's own `coordinator_msg` and `participant_msg` take over.
macro_rules! commit_protocol_basics {
    () => {
        fn names(&self) -> Vec<String> {
            self.config.names()
        }

        fn describe_names(&self) -> String {
            properties::describe_names(&self.config)
        }

        fn init(&self, _id: NodeId) -> State {
            State::default()
        }

        fn first_status(&self, _id: NodeId) -> Status {
            Status::Working
        }

        fn on_start(&self, _state: &mut State, ctx: &mut Ctx<'_, Self>) {
            if ctx.id == 0 {
                coordinator::start(self, ctx);
            } else {
                participant::start(self, ctx);
            }
        }

        fn on_msg(&self, state: &mut State, from: NodeId, msg: &Msg, ctx: &mut Ctx<'_, Self>) {
            if ctx.id == 0 {
                self.coordinator_msg(state, from, msg, ctx);
            } else {
                self.participant_msg(state, from, msg, ctx);
            }
        }

        fn properties(&self) -> Vec<Property<Self>> {
            properties::properties()
        }

        fn metrics(&self, record: &Record, until: Time) -> Vec<Metric> {
            properties::metrics(record, until)
        }

        fn interchangeable(&self) -> Vec<Vec<NodeId>> {
            properties::same_votes(&self.config)
        }
    };
}

pub mod config;
pub mod coordinator;
pub mod participant;
pub mod properties;
pub mod three_pc;
pub mod two_pc;

pub use config::{Config, Timeouts};
pub use three_pc::ThreePc;
pub use two_pc::TwoPc;

use super::protocol::{Protocol, Word};
use serde::{Deserialize, Serialize};

/// A participant's vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Vote {
    /// Ready to commit.
    Yes,
    /// Must abort.
    No,
}

impl Vote {
    /// The other vote (what a lying node says).
    pub fn flipped(self) -> Vote {
        match self {
            Vote::Yes => Vote::No,
            Vote::No => Vote::Yes,
        }
    }
}

/// A commit protocol's outcome at a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// The transaction commits.
    Commit,
    /// The transaction aborts.
    Abort,
}

impl Decision {
    /// The other decision (what an equivocating coordinator tells some).
    pub fn flipped(self) -> Decision {
        match self {
            Decision::Commit => Decision::Abort,
            Decision::Abort => Decision::Commit,
        }
    }
}

impl Word for Decision {
    fn word(&self) -> &'static str {
        match self {
            Decision::Commit => "commit",
            Decision::Abort => "abort",
        }
    }
}

/// What a node is doing, for the state timelines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Running, nothing promised yet.
    Working,
    /// Voted yes (or, in 3PC, pre-committed) and waiting for the outcome.
    Prepared,
    /// Waited too long for the outcome and cannot decide alone: blocked.
    Uncertain,
    /// Decided commit.
    Committed,
    /// Decided abort.
    Aborted,
}

impl Word for Status {
    fn word(&self) -> &'static str {
        match self {
            Status::Working => "working",
            Status::Prepared => "prepared",
            Status::Uncertain => "uncertain",
            Status::Committed => "committed",
            Status::Aborted => "aborted",
        }
    }
}

impl Status {
    /// The status of a node that decided `d`.
    pub fn of(d: Decision) -> Status {
        match d {
            Decision::Commit => Status::Committed,
            Decision::Abort => Status::Aborted,
        }
    }
}

/// A node's stable log: what it has promised or decided.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Log {
    /// The coordinator started the transaction.
    pub started: bool,
    /// A participant's vote, once it voted.
    pub vote: Option<Vote>,
    /// Pre-committed (3PC).
    pub pre_committed: bool,
    /// The decision.
    pub decision: Option<Decision>,
}

/// Votes (or acks) heard, one bit per node.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Heard(u16);

impl Heard {
    /// Node `n` was heard.
    pub fn add(&mut self, n: usize) {
        self.0 |= 1 << n;
    }

    /// Node `n` is no longer counted.
    pub fn remove(&mut self, n: usize) {
        self.0 &= !(1 << n);
    }

    /// Whether node `n` was heard.
    pub fn has(self, n: usize) -> bool {
        self.0 & 1 << n != 0
    }

    /// The same with node ids renamed by `map`.
    pub fn renamed(self, map: &[usize]) -> Heard {
        let mut out = Heard::default();
        (0..map.len()).filter(|&n| self.has(n)).for_each(|n| out.add(map[n]));
        out
    }
}

/// What 2PC and 3PC share, so that their coordinator and participant
/// steps are written once.
pub trait CommitProtocol: Protocol<Storage = Log, Decision = Decision, Status = Status> {
    /// The settings.
    fn config(&self) -> &Config;
    /// The coordinator's request for votes.
    fn request() -> Self::Msg;
    /// A participant's vote.
    fn vote(v: Vote) -> Self::Msg;
    /// The outcome.
    fn outcome(d: Decision) -> Self::Msg;
    /// The coordinator's wait for the votes.
    const VOTES: Self::Timer;
    /// A participant's wait for the request.
    const REQUEST: Self::Timer;
}
