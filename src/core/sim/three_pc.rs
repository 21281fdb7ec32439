//! Three-phase commit with the termination protocol (Skeen, "Nonblocking
//! Commit Protocols", SIGMOD 1981; Bernstein, Hadzilacos and Goodman 1987,
//! §7.5).
//!
//! CanCommit? collects votes; if all are yes the coordinator sends
//! PreCommit, collects acks, then DoCommit. No participant commits before
//! every participant has voted yes and some have pre-committed, so when the
//! coordinator falls silent a participant can take over: it asks the others
//! for their states and decides by the rules: any committed, commit; any
//! aborted, abort; any pre-committed, commit; all only voted yes (or not
//! yet), abort. With crash-stop nodes, reliable links and synchronous
//! timing no one blocks and all agree. Under a partition each side may take
//! over on its own and decide differently: atomicity is lost.

use super::scenario::Scenario;
use super::{Decision, Effect, Message, Node, NodeId, Status, Time, Vote};

/// Where a participant is in the protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Not asked to vote yet.
    Init,
    /// Voted yes, waiting for PreCommit.
    Wait,
    /// Pre-committed, waiting for DoCommit.
    PreCommitted,
    /// Decided.
    Done(Decision),
}

/// 3PC messages.
#[derive(Clone, Debug, PartialEq)]
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
    /// A participant's state, in answer.
    State(Phase),
}

impl Message for Msg {
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
            Msg::State(p) => format!("state {}", phase_word(*p)),
        }
    }
}

fn phase_word(p: Phase) -> &'static str {
    match p {
        Phase::Init => "init",
        Phase::Wait => "wait",
        Phase::PreCommitted => "pre-committed",
        Phase::Done(Decision::Commit) => "committed",
        Phase::Done(Decision::Abort) => "aborted",
    }
}

/// A 3PC node.
#[derive(Clone, Debug)]
pub struct ThreePc {
    id: NodeId,
    participants: usize,
    vote: Vote,
    vote_timeout: Time,
    decision_timeout: Time,
    ack_timeout: Time,
    phase: Phase,
    votes: Vec<Option<Vote>>,
    acks: Vec<bool>,
    /// While taking over: the states collected so far.
    collected: Option<Vec<Option<Phase>>>,
}

/// The nodes of a scenario: the coordinator, then the participants.
pub fn nodes(s: &Scenario) -> Vec<ThreePc> {
    (0..=s.participants)
        .map(|id| ThreePc {
            id,
            participants: s.participants,
            vote: if id == 0 { Vote::Yes } else { s.vote(id) },
            vote_timeout: s.timeouts.vote,
            decision_timeout: s.timeouts.decision,
            ack_timeout: s.timeouts.ack,
            phase: Phase::Init,
            votes: vec![None; s.participants + 1],
            acks: vec![false; s.participants + 1],
            collected: None,
        })
        .collect()
}

type Out = Vec<Effect<Msg>>;

impl ThreePc {
    fn all(&self) -> impl Iterator<Item = NodeId> {
        1..=self.participants
    }

    fn decided(&self) -> Option<Decision> {
        match self.phase {
            Phase::Done(d) => Some(d),
            _ => None,
        }
    }

    fn decide(&mut self, d: Decision, out: &mut Out) {
        if self.decided().is_some() {
            return;
        }
        self.phase = Phase::Done(d);
        self.collected = None;
        out.push(Effect::Persist(format!("{d:?}").to_lowercase()));
        out.push(Effect::Decide(d));
        out.push(Effect::Enter(if d == Decision::Commit { Status::Committed } else { Status::Aborted }));
    }

    /// Decides and tells everyone else (coordinator and participants).
    fn announce(&mut self, d: Decision, out: &mut Out) {
        self.decide(d, out);
        let d = self.decided().unwrap_or(d);
        for n in (0..=self.participants).filter(|&n| n != self.id) {
            out.push(Effect::Send { to: n, msg: Msg::Outcome(d) });
        }
    }

    fn coordinator_receive(&mut self, from: NodeId, msg: &Msg, out: &mut Out) {
        if self.decided().is_some() {
            if let Msg::StateRequest = msg {
                out.push(Effect::Send { to: from, msg: Msg::State(self.phase) });
            }
            return;
        }
        match msg {
            Msg::Vote(Vote::No) => self.announce(Decision::Abort, out),
            Msg::Vote(Vote::Yes) => {
                self.votes[from] = Some(Vote::Yes);
                if self.phase == Phase::Init && self.all().all(|p| self.votes[p] == Some(Vote::Yes)) {
                    self.phase = Phase::PreCommitted;
                    out.push(Effect::Persist("pre-commit".into()));
                    for p in self.all() {
                        out.push(Effect::Send { to: p, msg: Msg::PreCommit });
                    }
                    out.push(Effect::Timer { name: "acks", after: self.ack_timeout });
                }
            }
            Msg::Ack => {
                self.acks[from] = true;
                if self.all().all(|p| self.acks[p]) {
                    self.announce(Decision::Commit, out);
                }
            }
            Msg::Outcome(d) => self.decide(*d, out),
            Msg::StateRequest => out.push(Effect::Send { to: from, msg: Msg::State(self.phase) }),
            _ => {}
        }
    }

    fn participant_receive(&mut self, from: NodeId, msg: &Msg, out: &mut Out) {
        match (msg, self.phase) {
            (Msg::StateRequest, phase) => out.push(Effect::Send { to: from, msg: Msg::State(phase) }),
            (_, Phase::Done(_)) => {}
            (Msg::CanCommit, Phase::Init) => {
                out.push(Effect::Persist(format!("{:?}", self.vote).to_lowercase()));
                out.push(Effect::Send { to: 0, msg: Msg::Vote(self.vote) });
                if self.vote == Vote::No {
                    self.decide(Decision::Abort, out);
                } else {
                    self.phase = Phase::Wait;
                    out.push(Effect::Enter(Status::Prepared));
                    out.push(Effect::Timer { name: "pre-commit", after: self.decision_timeout });
                }
            }
            (Msg::PreCommit, Phase::Wait) => {
                self.phase = Phase::PreCommitted;
                out.push(Effect::Persist("pre-commit".into()));
                out.push(Effect::Send { to: from, msg: Msg::Ack });
                out.push(Effect::Timer { name: "do-commit", after: self.decision_timeout });
            }
            (Msg::Outcome(d), _) => self.decide(*d, out),
            (Msg::State(p), _) => {
                if let Some(states) = &mut self.collected {
                    states[from] = Some(*p);
                }
            }
            _ => {}
        }
    }

    /// The coordinator fell silent: ask everyone for their state.
    fn take_over(&mut self, out: &mut Out) {
        let mut states = vec![None; self.participants + 1];
        states[self.id] = Some(self.phase);
        self.collected = Some(states);
        // Not blocked: it will decide when the states are in.
        out.push(Effect::Enter(Status::Prepared));
        for n in (0..=self.participants).filter(|&n| n != self.id) {
            out.push(Effect::Send { to: n, msg: Msg::StateRequest });
        }
        out.push(Effect::Timer { name: "states", after: self.ack_timeout });
    }

    /// The termination rule over the states collected.
    fn terminate(&mut self, out: &mut Out) {
        let Some(states) = self.collected.take() else { return };
        let known: Vec<Phase> = states.into_iter().flatten().collect();
        let has = |p: Phase| known.contains(&p);
        let d = if has(Phase::Done(Decision::Commit)) {
            Decision::Commit
        } else if has(Phase::Done(Decision::Abort)) {
            Decision::Abort
        } else if has(Phase::PreCommitted) {
            Decision::Commit
        } else {
            Decision::Abort
        };
        self.announce(d, out);
    }
}

impl Node for ThreePc {
    type Msg = Msg;

    fn start(&mut self, out: &mut Out) {
        if self.id == 0 {
            out.push(Effect::Persist("start".into()));
            for p in self.all() {
                out.push(Effect::Send { to: p, msg: Msg::CanCommit });
            }
            out.push(Effect::Timer { name: "votes", after: self.vote_timeout });
        } else {
            out.push(Effect::Timer { name: "can-commit", after: self.vote_timeout + self.decision_timeout });
        }
    }

    fn receive(&mut self, from: NodeId, msg: &Msg, out: &mut Out) {
        if self.id == 0 {
            self.coordinator_receive(from, msg, out);
        } else {
            self.participant_receive(from, msg, out);
        }
    }

    fn timeout(&mut self, name: &'static str, out: &mut Out) {
        match (name, self.phase) {
            ("votes", Phase::Init) if self.id == 0 => self.announce(Decision::Abort, out),
            // Everyone voted yes; a missing ack means a crashed participant.
            ("acks", Phase::PreCommitted) if self.id == 0 => self.announce(Decision::Commit, out),
            ("can-commit", Phase::Init) => self.decide(Decision::Abort, out),
            ("pre-commit", Phase::Wait) | ("do-commit", Phase::PreCommitted) => self.take_over(out),
            ("states", _) => self.terminate(out),
            _ => {}
        }
    }

    fn recover(&mut self, log: &[String], out: &mut Out) {
        let logged = |r: &str| log.iter().any(|x| x == r);
        if logged("commit") {
            self.phase = Phase::Done(Decision::Commit);
        } else if logged("abort") {
            self.phase = Phase::Done(Decision::Abort);
        } else if self.id == 0 {
            // Pre-committed means everyone voted yes; otherwise presume abort.
            let d = if logged("pre-commit") { Decision::Commit } else { Decision::Abort };
            self.announce(d, out);
        } else if logged("pre-commit") || logged("yes") {
            self.phase = if logged("pre-commit") { Phase::PreCommitted } else { Phase::Wait };
            self.take_over(out);
        } else {
            self.decide(Decision::Abort, out);
        }
    }

    fn reset(&self) -> Self {
        ThreePc {
            phase: Phase::Init,
            votes: vec![None; self.participants + 1],
            acks: vec![false; self.participants + 1],
            collected: None,
            ..self.clone()
        }
    }
}
