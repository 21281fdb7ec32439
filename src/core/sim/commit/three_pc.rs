//! Three-phase commit with the termination protocol (Skeen, "Nonblocking
//! Commit Protocols", SIGMOD 1981; Bernstein, Hadzilacos and Goodman 1987,
//! §7.5).
//!
//! CANCOMMIT? ("can commit?") collects votes; if all are yes the
//! coordinator sends PRECOMMIT, collects ACKs, then DOCOMMIT ("do
//! commit"). No participant commits before every participant has voted yes
//! and some have pre-committed, so when the coordinator falls silent a
//! participant can take over: it asks the others for their states
//! ("state?") and decides by the termination rule: any committed, commit;
//! any aborted, abort; any pre-committed, commit; all only voted yes (or not
//! yet), abort. With crash-stop nodes, reliable links and synchronous
//! timing no one blocks and all agree. Under a partition each side may take
//! over on its own and decide differently: atomicity is lost.

use super::properties;
use super::{coordinator, participant, CommitProtocol, Config, Decision, Heard, Log, Status, Vote};
use crate::core::sim::byzantine::Signer;
use crate::core::sim::context::Ctx;
use crate::core::sim::property::{Metric, Property};
use crate::core::sim::protocol::{Label, NoInput, Protocol};
use crate::core::sim::record::Record;
use crate::core::sim::{NodeId, Time};

/// Where a node is in the protocol.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Not asked to vote yet.
    #[default]
    Init,
    /// Voted yes, waiting for PreCommit.
    Wait,
    /// Pre-committed, waiting for DoCommit.
    PreCommitted,
    /// Decided.
    Done(Decision),
}

impl Phase {
    fn word(self) -> &'static str {
        match self {
            Phase::Init => "init",
            Phase::Wait => "wait",
            Phase::PreCommitted => "pre-committed",
            Phase::Done(Decision::Commit) => "committed",
            Phase::Done(Decision::Abort) => "aborted",
        }
    }

    fn decided(self) -> Option<Decision> {
        match self {
            Phase::Done(d) => Some(d),
            _ => None,
        }
    }
}

/// 3PC messages.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Msg {
    /// Coordinator: can you commit?
    CanCommit,
    /// Participant's vote.
    Vote(Vote),
    /// Coordinator: everyone voted yes.
    PreCommit,
    /// Participant: pre-committed.
    Ack,
    /// The outcome (DoCommit or Abort).
    Outcome(Decision),
    /// Takeover: what is your state?
    StateRequest,
    /// A node's state, in answer.
    State(Phase),
}

impl Label for Msg {
    fn label(&self) -> String {
        match self {
            Msg::CanCommit => "can commit?".into(),
            Msg::Vote(Vote::Yes) => "yes".into(),
            Msg::Vote(Vote::No) => "no".into(),
            Msg::PreCommit => "pre-commit".into(),
            Msg::Ack => "ack".into(),
            Msg::Outcome(Decision::Commit) => "do commit".into(),
            Msg::Outcome(Decision::Abort) => "abort".into(),
            Msg::StateRequest => "state?".into(),
            Msg::State(p) => format!("state {}", p.word()),
        }
    }
}

/// 3PC timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Timer {
    /// The coordinator's wait for votes.
    Votes,
    /// The coordinator's wait for acks.
    Acks,
    /// A participant's wait for CanCommit.
    CanCommit,
    /// A participant's wait for PreCommit.
    PreCommit,
    /// A participant's wait for DoCommit.
    DoCommit,
    /// A participant taking over waits for the others' states.
    States,
}

impl Label for Timer {
    fn label(&self) -> String {
        match self {
            Timer::Votes => "votes",
            Timer::Acks => "acks",
            Timer::CanCommit => "can-commit",
            Timer::PreCommit => "pre-commit",
            Timer::DoCommit => "do-commit",
            Timer::States => "states",
        }
        .into()
    }
}

/// Node ids fit in 0..=9 (at most nine participants).
const MAX_NODES: usize = 10;

/// A 3PC node's volatile state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct State {
    /// Where it is.
    pub phase: Phase,
    /// Coordinator: who voted yes.
    pub yes: Heard,
    /// Coordinator: who acked.
    pub acks: Heard,
    /// While taking over: the states collected so far, by node.
    pub collected: Option<[Option<Phase>; MAX_NODES]>,
}

/// Three-phase commit, configured.
#[derive(Clone, Debug, PartialEq)]
pub struct ThreePc {
    config: Config,
}

impl ThreePc {
    /// 3PC with these settings.
    pub fn new(config: Config) -> ThreePc {
        ThreePc { config }
    }

    fn decide(&self, state: &mut State, d: Decision, ctx: &mut Ctx<'_, Self>) {
        let mut decided = state.phase.decided();
        participant::decide(&mut decided, d, ctx);
        if state.phase.decided().is_none() {
            state.phase = Phase::Done(d);
            state.collected = None;
        }
    }

    /// Decides and tells everyone else (coordinator and participants).
    fn announce(&self, state: &mut State, d: Decision, ctx: &mut Ctx<'_, Self>) {
        let me = ctx.id;
        let others = (0..=self.config.participants).filter(|&n| n != me);
        let mut decided = state.phase.decided();
        let d = coordinator::announce(&mut decided, d, others, ctx);
        if state.phase.decided().is_none() {
            state.phase = Phase::Done(d);
            state.collected = None;
        }
    }

    fn coordinator_msg(&self, state: &mut State, from: NodeId, msg: &Msg, ctx: &mut Ctx<'_, Self>) {
        if state.phase.decided().is_some() {
            if let Msg::StateRequest = msg {
                ctx.send(from, Msg::State(state.phase));
            }
            return;
        }
        match msg {
            Msg::Vote(Vote::No) => self.announce(state, Decision::Abort, ctx),
            Msg::Vote(Vote::Yes) => {
                state.yes.add(from);
                if state.phase == Phase::Init && coordinator::from_all(self, state.yes) {
                    state.phase = Phase::PreCommitted;
                    ctx.save(|log| log.pre_committed = true);
                    for p in self.config.participant_ids() {
                        ctx.send(p, Msg::PreCommit);
                    }
                    ctx.set_timer(Timer::Acks, self.config.timeouts.ack);
                }
            }
            Msg::Ack => {
                state.acks.add(from);
                if coordinator::from_all(self, state.acks) {
                    self.announce(state, Decision::Commit, ctx);
                }
            }
            Msg::Outcome(d) => self.decide(state, *d, ctx),
            Msg::StateRequest => ctx.send(from, Msg::State(state.phase)),
            _ => {}
        }
    }

    fn participant_msg(&self, state: &mut State, from: NodeId, msg: &Msg, ctx: &mut Ctx<'_, Self>) {
        match (msg, state.phase) {
            (Msg::StateRequest, phase) => ctx.send(from, Msg::State(phase)),
            (_, Phase::Done(_)) => {}
            (Msg::CanCommit, Phase::Init) => {
                let mut decided = None;
                if participant::vote(self, &mut decided, ctx) == Vote::Yes {
                    state.phase = Phase::Wait;
                    ctx.show(Status::Prepared);
                    ctx.set_timer(Timer::PreCommit, self.config.timeouts.decision);
                } else {
                    state.phase = Phase::Done(Decision::Abort);
                }
            }
            (Msg::PreCommit, Phase::Wait) => {
                state.phase = Phase::PreCommitted;
                ctx.save(|log| log.pre_committed = true);
                ctx.send(from, Msg::Ack);
                ctx.set_timer(Timer::DoCommit, self.config.timeouts.decision);
            }
            (Msg::Outcome(d), _) => self.decide(state, *d, ctx),
            (Msg::State(p), _) => {
                if let Some(states) = &mut state.collected {
                    states[from] = Some(*p);
                }
            }
            _ => {}
        }
    }

    /// The coordinator fell silent: ask everyone for their state.
    fn take_over(&self, state: &mut State, ctx: &mut Ctx<'_, Self>) {
        let mut states = [None; MAX_NODES];
        states[ctx.id] = Some(state.phase);
        state.collected = Some(states);
        // Not blocked: it will decide when the states are in.
        ctx.show(Status::Prepared);
        let me = ctx.id;
        for n in (0..=self.config.participants).filter(|&n| n != me) {
            ctx.send(n, Msg::StateRequest);
        }
        ctx.set_timer(Timer::States, self.config.timeouts.ack);
    }

    /// The termination rule over the states collected.
    fn terminate(&self, state: &mut State, ctx: &mut Ctx<'_, Self>) {
        let Some(states) = state.collected.take() else { return };
        let has = |p: Phase| states.contains(&Some(p));
        let d = if has(Phase::Done(Decision::Commit)) {
            Decision::Commit
        } else if has(Phase::Done(Decision::Abort)) {
            Decision::Abort
        } else if has(Phase::PreCommitted) {
            Decision::Commit
        } else {
            Decision::Abort
        };
        self.announce(state, d, ctx);
    }

    fn recover(&self, state: &mut State, log: Log, ctx: &mut Ctx<'_, Self>) {
        if let Some(d) = log.decision {
            state.phase = Phase::Done(d);
        } else if ctx.id == 0 {
            // Pre-committed means everyone voted yes; otherwise presume abort.
            self.announce(state, coordinator::recovered(None, log.pre_committed), ctx);
        } else if log.pre_committed || log.vote == Some(Vote::Yes) {
            state.phase = if log.pre_committed { Phase::PreCommitted } else { Phase::Wait };
            self.take_over(state, ctx);
        } else {
            self.decide(state, Decision::Abort, ctx);
        }
    }
}

impl CommitProtocol for ThreePc {
    fn config(&self) -> &Config {
        &self.config
    }
    fn request() -> Msg {
        Msg::CanCommit
    }
    fn vote(v: Vote) -> Msg {
        Msg::Vote(v)
    }
    fn outcome(d: Decision) -> Msg {
        Msg::Outcome(d)
    }
    const VOTES: Timer = Timer::Votes;
    const REQUEST: Timer = Timer::CanCommit;
}

impl Protocol for ThreePc {
    type Msg = Msg;
    type Timer = Timer;
    type Input = NoInput;
    type Storage = Log;
    type State = State;
    type Status = Status;
    type Decision = Decision;

    commit_protocol_basics!();

    fn on_timer(&self, state: &mut State, timer: Timer, ctx: &mut Ctx<'_, Self>) {
        match (timer, state.phase) {
            (Timer::Votes, Phase::Init) if ctx.id == 0 => self.announce(state, Decision::Abort, ctx),
            // Everyone voted yes; a missing ack means a crashed participant.
            (Timer::Acks, Phase::PreCommitted) if ctx.id == 0 => self.announce(state, Decision::Commit, ctx),
            (Timer::CanCommit, Phase::Init) => self.decide(state, Decision::Abort, ctx),
            (Timer::PreCommit, Phase::Wait) | (Timer::DoCommit, Phase::PreCommitted) => {
                self.take_over(state, ctx)
            }
            (Timer::States, _) => self.terminate(state, ctx),
            _ => {}
        }
    }

    fn on_recover(&self, state: &mut State, ctx: &mut Ctx<'_, Self>) {
        participant::show_recovered(ctx);
        let log = *ctx.storage();
        self.recover(state, log, ctx);
    }

    fn forge(&self, msg: &Msg, _me: &Signer) -> Option<Msg> {
        match msg {
            Msg::Vote(v) => Some(Msg::Vote(v.flipped())),
            Msg::Outcome(d) => Some(Msg::Outcome(d.flipped())),
            // Lying about its state in the termination protocol.
            Msg::State(Phase::Done(d)) => Some(Msg::State(Phase::Done(d.flipped()))),
            Msg::State(Phase::Wait) => Some(Msg::State(Phase::PreCommitted)),
            Msg::State(Phase::PreCommitted) => Some(Msg::State(Phase::Wait)),
            _ => None,
        }
    }

    fn rename_state(&self, state: &State, map: &[NodeId]) -> State {
        let collected = state.collected.map(|states| {
            let mut renamed = [None; MAX_NODES];
            (0..map.len()).for_each(|n| renamed[map[n]] = states[n]);
            renamed
        });
        State { yes: state.yes.renamed(map), acks: state.acks.renamed(map), collected, ..state.clone() }
    }
}
