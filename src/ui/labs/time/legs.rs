//! Which messages of a run carry which exchange: the request leaves the
//! client at the exchange's true T1 and reaches the server at its true T2;
//! the reply leaves at T3 and arrives at T4. Found by those times, so a
//! duplicated copy (same send time, another arrival) is told apart.

use crate::core::sim::record::SimMessage;
use crate::core::timesync::report::Exchange;
use crate::core::timesync::Run;

/// An exchange's two legs, as indices of the run's messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Legs {
    pub request: Option<usize>,
    pub reply: Option<usize>,
}

/// Every exchange's legs, in the run's order of exchanges.
pub fn of(run: &Run) -> Vec<Legs> {
    let messages = &run.outcome.record.messages;
    run.exchanges
        .iter()
        .map(|x| Legs {
            request: find(messages, x.client, x.server, x.truth[0], x.truth[1]),
            reply: find(messages, x.server, x.client, x.truth[2], x.truth[3]),
        })
        .collect()
}

fn find(messages: &[SimMessage], from: usize, to: usize, sent: f64, arrived: f64) -> Option<usize> {
    messages.iter().position(|m| m.from == from && m.to == to && m.sent == sent && m.due == Some(arrived))
}

/// The exchange message `m` is a leg of, if any.
pub fn exchange_of(legs: &[Legs], m: usize) -> Option<usize> {
    legs.iter().position(|l| l.request == Some(m) || l.reply == Some(m))
}

/// The true error of an exchange's computed offset: what it computed less
/// what it should have, the server's clock minus the client's, read at
/// the middle of the server's turnaround.
pub fn true_error(run: &Run, x: &Exchange) -> f64 {
    let mid = (x.truth[1] + x.truth[2]) / 2.0;
    let truth = run.local_time(x.server, mid) - run.local_time(x.client, mid);
    x.offset - truth
}

/// Half the legs' asymmetry, (d_forward − d_back)/2, from the true times:
/// what the error is when neither clock drifts during the exchange.
pub fn half_asymmetry(x: &Exchange) -> f64 {
    let forward = x.truth[1] - x.truth[0];
    let back = x.truth[3] - x.truth[2];
    (forward - back) / 2.0
}
