//! Random traces for the property suites (native only: proptest does not
//! build for wasm32).

use super::{play, Step};
use lightcone::core::Trace;
use proptest::prelude::*;

/// One random step; process numbers up to 8 index the processes alive
/// then. `churn` weighs forks and joins against local events, sends and
/// receives (3 each).
fn step(churn: u32) -> impl Strategy<Value = Step> {
    let p = 0..8usize;
    prop_oneof![
        3 => p.clone().prop_map(Step::Local),
        3 => (p.clone(), proptest::collection::vec(0..8usize, 1..4)).prop_map(|(p, to)| Step::Send(p, to)),
        3 => (p.clone(), 1..3usize).prop_map(|(p, k)| Step::Receive(p, k)),
        churn => p.clone().prop_map(Step::Fork),
        churn => (p.clone(), p).prop_map(|(p, c)| Step::Join(p, c)),
    ]
}

/// Random traces on 1 to `initial` initial processes and up to `steps`
/// steps, with broadcasts, gathers, lost messages, forks and joins.
pub fn trace(initial: usize, steps: usize, churn: u32) -> impl Strategy<Value = Trace> {
    (1..=initial, proptest::collection::vec(step(churn), 0..steps)).prop_map(|(n, steps)| play(n, &steps))
}
