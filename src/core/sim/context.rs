//! What a handler sees and what it may ask for: the node's id, its local
//! clock reading, the seeded random generator, its stable storage, and an
//! outbox of effects that the simulator applies after the handler returns.

use super::byzantine::{Signed, Signer};
use super::protocol::Protocol;
use super::record::Note;
use super::{NodeId, Time};
use rand_pcg::Pcg64Mcg;

/// What a handler asks the simulator to do, as data.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect<P: Protocol> {
    /// Send a message (one to the node itself is ignored).
    Send {
        /// The receiver.
        to: NodeId,
        /// The message.
        msg: P::Msg,
    },
    /// Fire `timer` after `after` units of the node's local time, replacing
    /// a pending timer of the same kind.
    SetTimer {
        /// The timer.
        timer: P::Timer,
        /// Delay, in local time.
        after: Time,
    },
    /// Forget a pending timer.
    CancelTimer(P::Timer),
    /// Replace what stable storage holds.
    Save(P::Storage),
    /// Decide (only a node's first decision counts).
    Decide(P::Decision),
    /// Show this status on the node's timeline.
    Show(P::Status),
    /// Note this on the diagram at the event (recorded runs only).
    Note(Note),
    /// The running count of this key is settled: drop it.
    Settle(u64),
}

/// A handler's context.
pub struct Ctx<'a, P: Protocol> {
    /// The node handling the event.
    pub id: NodeId,
    /// The node's local clock reading (true time unless the scenario gives
    /// the node a clock).
    pub now: Time,
    /// The run's seeded generator (explored schedules do not branch on it).
    pub rng: &'a mut Pcg64Mcg,
    storage: &'a P::Storage,
    saved: Option<P::Storage>,
    out: Vec<Effect<P>>,
    /// Whether the run is recorded: notes are made only then, so a search
    /// formats none.
    noting: bool,
}

impl<'a, P: Protocol> Ctx<'a, P> {
    pub(crate) fn new(id: NodeId, now: Time, rng: &'a mut Pcg64Mcg, storage: &'a P::Storage) -> Self {
        Ctx { id, now, rng, storage, saved: None, out: Vec::new(), noting: false }
    }

    /// The same, making the notes it is asked for.
    pub(crate) fn noting(mut self, noting: bool) -> Self {
        self.noting = noting;
        self
    }

    /// The effects, in the order asked for.
    pub(crate) fn into_effects(self) -> Vec<Effect<P>> {
        self.out
    }

    /// Sends `msg` to `to`.
    pub fn send(&mut self, to: NodeId, msg: P::Msg) {
        self.out.push(Effect::Send { to, msg });
    }

    /// Sets `timer` to fire after `after` units of local time.
    pub fn set_timer(&mut self, timer: P::Timer, after: Time) {
        self.out.push(Effect::SetTimer { timer, after });
    }

    /// Cancels `timer` if it is pending.
    pub fn cancel_timer(&mut self, timer: P::Timer) {
        self.out.push(Effect::CancelTimer(timer));
    }

    /// What stable storage holds, including what this handler saved.
    pub fn storage(&self) -> &P::Storage {
        self.saved.as_ref().unwrap_or(self.storage)
    }

    /// Changes stable storage (written before any later effect, as a log
    /// is forced before a message goes out).
    pub fn save(&mut self, change: impl FnOnce(&mut P::Storage)) {
        let mut next = self.storage().clone();
        change(&mut next);
        self.saved = Some(next.clone());
        self.out.push(Effect::Save(next));
    }

    /// Decides.
    pub fn decide(&mut self, decision: P::Decision) {
        self.out.push(Effect::Decide(decision));
    }

    /// Shows `status` on the timeline from now on.
    pub fn show(&mut self, status: P::Status) {
        self.out.push(Effect::Show(status));
    }

    /// Notes what `note` makes on the diagram at this event: called only
    /// when the run is recorded.
    pub fn note(&mut self, note: impl FnOnce() -> Note) {
        if self.noting {
            self.out.push(Effect::Note(note()));
        }
    }

    /// Settles the running count noted under `key`
    /// ([`Note::pending`]): it reached its quorum, so it is not drawn.
    pub fn settle(&mut self, key: u64) {
        if self.noting {
            self.out.push(Effect::Settle(key));
        }
    }

    /// Signs `value` as this node: the only way to make a [`Signed`] that
    /// names it.
    pub fn sign<T>(&self, value: T) -> Signed<T> {
        Signer::new(self.id).sign(value)
    }
}
