//! Two-phase commit (Gray, "Notes on Data Base Operating Systems", 1978;
//! Bernstein, Hadzilacos and Goodman, "Concurrency Control and Recovery in
//! Database Systems", 1987, §7.3).
//!
//! Phase 1: the coordinator sends VOTE-REQ ("vote?") and collects each
//! participant's YES or NO. Phase 2: it logs the decision (COMMIT only if
//! all voted yes) and sends it. A participant that voted yes has promised
//! to commit if told to, so it cannot decide alone: if the outcome does not
//! come it is *uncertain*, and it stays blocked, asking the coordinator
//! again ("outcome?"), until the coordinator answers (the cooperative
//! termination protocol of §7.3 is not used). Everyone logs before acting
//! and recovers from its log: a coordinator with no decision logged aborts
//! (presumed abort); a participant that logged its yes asks for the
//! outcome.

use super::properties;
use super::{coordinator, participant, CommitProtocol, Config, Decision, Heard, Status, Vote};
use crate::core::sim::byzantine::Signer;
use crate::core::sim::context::Ctx;
use crate::core::sim::property::{Metric, Property};
use crate::core::sim::protocol::{Label, NoInput, Protocol};
use crate::core::sim::record::Record;
use crate::core::sim::{NodeId, Time};

/// 2PC messages.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Msg {
    /// Coordinator to participant: vote.
    VoteRequest,
    /// Participant to coordinator.
    Vote(Vote),
    /// Coordinator to participant: the outcome.
    Outcome(Decision),
    /// Uncertain participant to coordinator: what was decided?
    Ask,
}

impl Label for Msg {
    fn label(&self) -> String {
        match self {
            Msg::VoteRequest => "vote?",
            Msg::Vote(Vote::Yes) => "yes",
            Msg::Vote(Vote::No) => "no",
            Msg::Outcome(Decision::Commit) => "commit",
            Msg::Outcome(Decision::Abort) => "abort",
            Msg::Ask => "outcome?",
        }
        .into()
    }
}

/// 2PC timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Timer {
    /// The coordinator's wait for votes.
    Votes,
    /// A participant's wait for the vote request.
    VoteRequest,
    /// A prepared participant's wait for the outcome.
    Outcome,
}

impl Label for Timer {
    fn label(&self) -> String {
        match self {
            Timer::Votes => "votes",
            Timer::VoteRequest => "vote request",
            Timer::Outcome => "outcome",
        }
        .into()
    }
}

/// A 2PC node's volatile state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct State {
    /// Coordinator: who voted yes.
    pub yes: Heard,
    /// Coordinator: who voted no.
    pub no: Heard,
    /// A participant has been asked to vote.
    pub voted: bool,
    /// Decided.
    pub decided: Option<Decision>,
}

impl State {
    /// The coordinator notes `from`'s vote (a later vote replaces it).
    fn count(&mut self, from: NodeId, v: Vote) {
        let (heard, other) = match v {
            Vote::Yes => (&mut self.yes, &mut self.no),
            Vote::No => (&mut self.no, &mut self.yes),
        };
        heard.add(from);
        other.remove(from);
    }
}

/// Two-phase commit, configured.
#[derive(Clone, Debug, PartialEq)]
pub struct TwoPc {
    config: Config,
}

impl TwoPc {
    /// 2PC with these settings.
    pub fn new(config: Config) -> TwoPc {
        TwoPc { config }
    }

    /// The coordinator decides and tells every participant.
    fn announce(&self, state: &mut State, d: Decision, ctx: &mut Ctx<'_, Self>) {
        coordinator::announce(&mut state.decided, d, self.config.participant_ids(), ctx);
    }

    fn coordinator_msg(&self, state: &mut State, from: NodeId, msg: &Msg, ctx: &mut Ctx<'_, Self>) {
        match msg {
            Msg::Vote(v) => {
                state.count(from, *v);
                if state.decided.is_some() {
                    return;
                }
                if *v == Vote::No {
                    self.announce(state, Decision::Abort, ctx);
                } else if coordinator::from_all(self, state.yes) {
                    self.announce(state, Decision::Commit, ctx);
                }
            }
            Msg::Ask => {
                if let Some(d) = state.decided {
                    ctx.send(from, Msg::Outcome(d));
                }
            }
            _ => {}
        }
    }

    fn participant_msg(&self, state: &mut State, _from: NodeId, msg: &Msg, ctx: &mut Ctx<'_, Self>) {
        match msg {
            Msg::VoteRequest if state.decided.is_none() => {
                state.voted = true;
                if participant::vote(self, &mut state.decided, ctx) == Vote::Yes {
                    ctx.show(Status::Prepared);
                    ctx.set_timer(Timer::Outcome, self.config.timeouts.decision);
                }
            }
            Msg::Outcome(d) => participant::decide(&mut state.decided, *d, ctx),
            _ => {}
        }
    }

    /// Voted yes, heard nothing: blocked until the coordinator answers.
    fn ask(&self, ctx: &mut Ctx<'_, Self>) {
        ctx.show(Status::Uncertain);
        ctx.send(0, Msg::Ask);
        ctx.set_timer(Timer::Outcome, self.config.timeouts.decision);
    }
}

impl CommitProtocol for TwoPc {
    fn config(&self) -> &Config {
        &self.config
    }
    fn request() -> Msg {
        Msg::VoteRequest
    }
    fn vote(v: Vote) -> Msg {
        Msg::Vote(v)
    }
    fn outcome(d: Decision) -> Msg {
        Msg::Outcome(d)
    }
    const VOTES: Timer = Timer::Votes;
    const REQUEST: Timer = Timer::VoteRequest;
}

impl Protocol for TwoPc {
    type Msg = Msg;
    type Timer = Timer;
    type Input = NoInput;
    type Storage = super::Log;
    type State = State;
    type Status = Status;
    type Decision = Decision;

    commit_protocol_basics!();

    fn on_timer(&self, state: &mut State, timer: Timer, ctx: &mut Ctx<'_, Self>) {
        if state.decided.is_some() {
            return;
        }
        match timer {
            Timer::Votes => self.announce(state, Decision::Abort, ctx),
            // A participant never asked to vote may abort on its own.
            Timer::VoteRequest if !state.voted => {
                participant::decide(&mut state.decided, Decision::Abort, ctx)
            }
            Timer::VoteRequest => {}
            Timer::Outcome => self.ask(ctx),
        }
    }

    fn on_recover(&self, state: &mut State, ctx: &mut Ctx<'_, Self>) {
        participant::show_recovered(ctx);
        let log = *ctx.storage();
        if ctx.id == 0 {
            // Presumed abort: no decision in the log means none was sent.
            self.announce(state, coordinator::recovered(log.decision, false), ctx);
        } else if let Some(d) = log.decision {
            state.decided = Some(d);
        } else if log.vote == Some(Vote::Yes) {
            self.ask(ctx);
        } else {
            participant::decide(&mut state.decided, Decision::Abort, ctx);
        }
    }

    fn forge(&self, msg: &Msg, _me: &Signer) -> Option<Msg> {
        match msg {
            Msg::Vote(v) => Some(Msg::Vote(v.flipped())),
            Msg::Outcome(d) => Some(Msg::Outcome(d.flipped())),
            _ => None,
        }
    }

    fn rename_state(&self, state: &State, map: &[NodeId]) -> State {
        State { yes: state.yes.renamed(map), no: state.no.renamed(map), ..state.clone() }
    }
}
