//! Clients (§4.1): a client signs its request ⟨REQUEST, o, t, c⟩ with
//! timestamp t (its request number), sends it to the primary of the
//! latest view it knows, and takes a result once f + 1 replicas reply with
//! it (at least one of them is correct). With no such result in time it
//! multicasts the request to every replica. One request at a time;
//! operations given while it waits wait their turn.

use super::msg::{Msg, Request, Status, Timer};
use super::{Disk, Pbft};
use crate::core::sim::context::Ctx;
use crate::core::sim::vr::kv::{Op, Output};
use crate::core::sim::vr::{Call, Stamp};
use crate::core::sim::NodeId;
use std::collections::{BTreeMap, VecDeque};

/// A client's volatile state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Client {
    /// The latest view it has heard of.
    pub view: u64,
    /// The request outstanding.
    pub waiting: Option<super::msg::SignedRequest>,
    /// Replies to it so far, by replica: the view and the result.
    pub replies: BTreeMap<NodeId, (u64, Output)>,
    /// How often it has been resent.
    pub retries: u32,
    /// Operations given while busy, in order.
    pub queue: VecDeque<Op>,
}

/// The history's digest after `change` (a call made, a call answered).
fn digest(before: u64, change: impl std::hash::Hash) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x6b5f_7062_6674).hash_one((before, change))
}

impl Pbft {
    /// An operation is given to the client.
    pub(super) fn client_input(&self, c: &mut Client, op: &Op, ctx: &mut Ctx<'_, Self>) {
        if c.waiting.is_some() {
            c.queue.push_back(op.clone());
        } else {
            self.issue(c, op.clone(), ctx);
        }
    }

    /// Signs and sends the next request; its timestamp is one more than the
    /// calls in the client's history.
    fn issue(&self, c: &mut Client, op: Op, ctx: &mut Ctx<'_, Self>) {
        let number = ctx.storage().history.len() as u64 + 1;
        let call = Call { op: op.clone(), invoked: Stamp::of(ctx.now), returned: None, result: None };
        ctx.save(|d: &mut Disk| {
            d.digest = digest(d.digest, (number, &call.op));
            d.history.push(call);
        });
        let req = ctx.sign(Request { op, client: ctx.id, number });
        ctx.send(self.config.primary(c.view), Msg::Request(req.clone()));
        c.waiting = Some(req);
        c.replies.clear();
        c.retries = 0;
        ctx.set_timer(Timer::Request, self.config.timeouts.request);
        ctx.show(Status::Waiting);
    }

    /// A REPLY for the request outstanding; f + 1 with the same result end it.
    pub(super) fn on_reply(
        &self,
        c: &mut Client,
        from: NodeId,
        reply: (u64, u64, &Output),
        ctx: &mut Ctx<'_, Self>,
    ) {
        let (view, number, result) = reply;
        let outstanding = c.waiting.as_ref().is_some_and(|w| w.value().number == number);
        if !outstanding || !self.config.is_replica(from) {
            return;
        }
        c.replies.entry(from).or_insert((view, result.clone()));
        let matching: Vec<u64> = c.replies.values().filter(|(_, r)| r == result).map(|(v, _)| *v).collect();
        if matching.len() <= self.config.f() {
            return;
        }
        let now = Stamp::of(ctx.now);
        let result = result.clone();
        ctx.save(|d: &mut Disk| {
            d.digest = digest(d.digest, (now.bits(), &result));
            if let Some(call) = d.history.last_mut() {
                call.returned = Some(now);
                call.result = Some(result);
            }
        });
        c.view = c.view.max(matching.into_iter().max().unwrap_or(0));
        c.waiting = None;
        c.replies.clear();
        ctx.cancel_timer(Timer::Request);
        match c.queue.pop_front() {
            Some(op) => self.issue(c, op, ctx),
            None => ctx.show(Status::Idle),
        }
    }

    /// No result in time: multicast the request to every replica.
    pub(super) fn on_request_timer(&self, c: &mut Client, ctx: &mut Ctx<'_, Self>) {
        let Some(req) = &c.waiting else { return };
        if self.config.max_retries.is_some_and(|m| c.retries >= m) {
            return;
        }
        c.retries += 1;
        for j in 0..self.config.replicas {
            ctx.send(j, Msg::Request(req.clone()));
        }
        ctx.set_timer(Timer::Request, self.config.timeouts.request);
    }
}
