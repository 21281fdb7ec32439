//! Clients (§4.1, and §4 on the client side): a client has at most one
//! request outstanding, numbers its requests, sends each to the primary
//! of the latest view it knows, and if no reply comes in time resends it
//! to every replica, so that a new primary hears it. Operations given to a
//! busy client wait their turn.

use super::kv::Op;
use super::msg::{Msg, Request, Status, Timer};
use super::{Call, Disk, Stamp, Vr};
use crate::core::sim::context::Ctx;
use std::collections::VecDeque;

/// A client's volatile state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Client {
    /// The latest view it has heard of.
    pub view: u64,
    /// The request outstanding.
    pub waiting: Option<Request>,
    /// How often it has been resent.
    pub retries: u32,
    /// Operations given while busy, in order.
    pub queue: VecDeque<Op>,
}

/// The history's digest after `change` (a call made, a call answered).
fn digest(before: u64, change: impl std::hash::Hash) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x6b5f_6469_6765).hash_one((before, change))
}

impl Vr {
    /// An operation is given to the client.
    pub(super) fn client_input(&self, c: &mut Client, op: &Op, ctx: &mut Ctx<'_, Self>) {
        if c.waiting.is_some() {
            c.queue.push_back(op.clone());
        } else {
            self.issue(c, op.clone(), ctx);
        }
    }

    /// Sends the next request. Its request-number is one more than the
    /// calls in the client's history, so numbers grow across a crash too.
    fn issue(&self, c: &mut Client, op: Op, ctx: &mut Ctx<'_, Self>) {
        let number = ctx.storage().history.len() as u64 + 1;
        let now = Stamp::of(ctx.now);
        let call = Call { op: op.clone(), invoked: now, returned: None, result: None };
        ctx.save(|d: &mut Disk| {
            d.digest = digest(d.digest, (number, &call.op));
            d.history.push(call);
        });
        let req = Request { op, client: ctx.id, number };
        ctx.send(self.config.primary(c.view), Msg::Request(req.clone()));
        c.waiting = Some(req);
        c.retries = 0;
        ctx.set_timer(Timer::Request, self.config.timeouts.request);
        ctx.show(Status::Waiting);
    }

    /// A REPLY to the request outstanding ends it (a late copy of an
    /// earlier one is ignored).
    pub(super) fn on_reply(
        &self,
        c: &mut Client,
        view: u64,
        number: u64,
        result: &super::kv::Output,
        ctx: &mut Ctx<'_, Self>,
    ) {
        if c.waiting.as_ref().is_none_or(|w| w.number != number) {
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
        c.view = c.view.max(view);
        c.waiting = None;
        ctx.cancel_timer(Timer::Request);
        match c.queue.pop_front() {
            Some(op) => self.issue(c, op, ctx),
            None => ctx.show(Status::Idle),
        }
    }

    /// No reply in time: resend to every replica.
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
