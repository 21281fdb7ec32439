//! Two-phase commit (Gray, "Notes on Data Base Operating Systems", 1978;
//! Bernstein, Hadzilacos and Goodman, "Concurrency Control and Recovery in
//! Database Systems", 1987, ch. 7).
//!
//! The coordinator asks every participant to vote, logs the decision
//! (commit only if all voted yes), then sends it. A participant that voted
//! yes has promised to commit if told to, so it cannot decide alone: if the
//! outcome does not come it is *uncertain*, and it stays blocked, asking the
//! coordinator again, until the coordinator answers. Everyone logs to
//! stable storage before acting, and recovers from its log: a coordinator
//! with no decision logged aborts (presumed abort); a participant that
//! logged its yes vote asks for the outcome.

use super::scenario::Scenario;
use super::{Decision, Effect, Message, Node, NodeId, Status, Time, Vote};

/// 2PC messages.
#[derive(Clone, Debug, PartialEq)]
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

impl Message for Msg {
    fn label(&self) -> String {
        match self {
            Msg::VoteRequest => "vote?".into(),
            Msg::Vote(Vote::Yes) => "yes".into(),
            Msg::Vote(Vote::No) => "no".into(),
            Msg::Outcome(Decision::Commit) => "commit".into(),
            Msg::Outcome(Decision::Abort) => "abort".into(),
            Msg::Ask => "outcome?".into(),
        }
    }
}

/// A 2PC node.
#[derive(Clone, Debug)]
pub struct TwoPc {
    id: NodeId,
    participants: usize,
    /// This participant's vote (unused by the coordinator).
    vote: Vote,
    vote_timeout: Time,
    decision_timeout: Time,
    votes: Vec<Option<Vote>>,
    /// A participant has been asked to vote.
    voted: bool,
    decided: Option<Decision>,
}

/// The nodes of a scenario: the coordinator, then the participants.
pub fn nodes(s: &Scenario) -> Vec<TwoPc> {
    (0..=s.participants)
        .map(|id| TwoPc {
            id,
            participants: s.participants,
            vote: if id == 0 { Vote::Yes } else { s.vote(id) },
            vote_timeout: s.timeouts.vote,
            decision_timeout: s.timeouts.decision,
            votes: vec![None; s.participants + 1],
            voted: false,
            decided: None,
        })
        .collect()
}

type Out = Vec<Effect<Msg>>;

impl TwoPc {
    fn all(&self) -> impl Iterator<Item = NodeId> {
        1..=self.participants
    }

    /// Logs, records and enters a decision (once).
    fn decide(&mut self, d: Decision, out: &mut Out) {
        if self.decided.is_some() {
            return;
        }
        self.decided = Some(d);
        out.push(Effect::Persist(format!("{d:?}").to_lowercase()));
        out.push(Effect::Decide(d));
        out.push(Effect::Enter(if d == Decision::Commit { Status::Committed } else { Status::Aborted }));
    }

    /// The coordinator decides and tells every participant.
    fn announce(&mut self, d: Decision, out: &mut Out) {
        self.decide(d, out);
        let d = self.decided.unwrap_or(d);
        for p in self.all() {
            out.push(Effect::Send { to: p, msg: Msg::Outcome(d) });
        }
    }

    fn coordinator_receive(&mut self, from: NodeId, msg: &Msg, out: &mut Out) {
        match msg {
            Msg::Vote(v) => {
                self.votes[from] = Some(*v);
                if self.decided.is_some() {
                    return;
                }
                if *v == Vote::No {
                    self.announce(Decision::Abort, out);
                } else if self.all().all(|p| self.votes[p] == Some(Vote::Yes)) {
                    self.announce(Decision::Commit, out);
                }
            }
            Msg::Ask => {
                if let Some(d) = self.decided {
                    out.push(Effect::Send { to: from, msg: Msg::Outcome(d) });
                }
            }
            _ => {}
        }
    }

    fn participant_receive(&mut self, msg: &Msg, out: &mut Out) {
        match msg {
            Msg::VoteRequest if self.decided.is_none() => {
                self.voted = true;
                out.push(Effect::Persist(format!("{:?}", self.vote).to_lowercase()));
                out.push(Effect::Send { to: 0, msg: Msg::Vote(self.vote) });
                if self.vote == Vote::No {
                    self.decide(Decision::Abort, out);
                } else {
                    out.push(Effect::Enter(Status::Prepared));
                    out.push(Effect::Timer { name: "outcome", after: self.decision_timeout });
                }
            }
            Msg::Outcome(d) => self.decide(*d, out),
            _ => {}
        }
    }
}

impl Node for TwoPc {
    type Msg = Msg;

    fn start(&mut self, out: &mut Out) {
        if self.id == 0 {
            out.push(Effect::Persist("start".into()));
            for p in self.all() {
                out.push(Effect::Send { to: p, msg: Msg::VoteRequest });
            }
            out.push(Effect::Timer { name: "votes", after: self.vote_timeout });
        } else {
            // A participant never asked to vote may abort on its own.
            out.push(Effect::Timer {
                name: "vote request",
                after: self.vote_timeout + self.decision_timeout,
            });
        }
    }

    fn receive(&mut self, from: NodeId, msg: &Msg, out: &mut Out) {
        if self.id == 0 {
            self.coordinator_receive(from, msg, out);
        } else {
            self.participant_receive(msg, out);
        }
    }

    fn timeout(&mut self, name: &'static str, out: &mut Out) {
        match name {
            "votes" if self.decided.is_none() => self.announce(Decision::Abort, out),
            "vote request" if self.decided.is_none() && !self.voted => self.decide(Decision::Abort, out),
            "outcome" if self.decided.is_none() => {
                // Voted yes, heard nothing: blocked until the coordinator answers.
                out.push(Effect::Enter(Status::Uncertain));
                out.push(Effect::Send { to: 0, msg: Msg::Ask });
                out.push(Effect::Timer { name: "outcome", after: self.decision_timeout });
            }
            _ => {}
        }
    }

    fn recover(&mut self, log: &[String], out: &mut Out) {
        let logged = |r: &str| log.iter().any(|x| x == r);
        let outcome = if logged("commit") {
            Some(Decision::Commit)
        } else if logged("abort") {
            Some(Decision::Abort)
        } else {
            None
        };
        if self.id == 0 {
            // Presumed abort: no decision in the log means none was sent.
            self.decided = None;
            self.announce(outcome.unwrap_or(Decision::Abort), out);
        } else if let Some(d) = outcome {
            self.decided = Some(d);
        } else if logged("yes") {
            out.push(Effect::Enter(Status::Uncertain));
            out.push(Effect::Send { to: 0, msg: Msg::Ask });
            out.push(Effect::Timer { name: "outcome", after: self.decision_timeout });
        } else {
            self.decide(Decision::Abort, out);
        }
    }

    fn reset(&self) -> Self {
        TwoPc { votes: vec![None; self.participants + 1], voted: false, decided: None, ..self.clone() }
    }
}
