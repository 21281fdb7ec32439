//! Service time in timed runs: a node handles one event at a time, each
//! for the model's `service`, and what arrives while it is busy waits its
//! turn, first come first served. Checked on a small fan-in protocol
//! against a queue worked out by hand and against Lindley's recursion
//! (each customer starts at the later of its arrival and the previous
//! customer's departure).
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::sim::engine;
use lightcone::core::sim::env::Env;
use lightcone::core::sim::model::{Failures, SystemModel};
use lightcone::core::sim::protocol::NoDecision;
use lightcone::core::sim::record::{Record, What};
use lightcone::core::sim::scenario::Fault;
use lightcone::core::sim::{Ctx, Label, NodeId, Protocol, Time, Word};
use proptest::prelude::*;

/// Senders `S1` ... `Sk` each send the receiver `R` a message when given
/// an input; `R` also arms a timer at its start that does nothing when it
/// fires.
struct FanIn {
    senders: usize,
    quiet_timer: Time,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Hello;

impl Label for Hello {
    fn label(&self) -> String {
        "hello".into()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Quiet;

impl Label for Quiet {
    fn label(&self) -> String {
        "quiet".into()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Up;

impl Word for Up {
    fn word(&self) -> &'static str {
        "up"
    }
}

impl Protocol for FanIn {
    type Msg = Hello;
    type Timer = Quiet;
    type Input = Hello;
    type Storage = ();
    type State = ();
    type Status = Up;
    type Decision = NoDecision;

    fn names(&self) -> Vec<String> {
        (1..=self.senders).map(|i| format!("S{i}")).chain(["R".to_string()]).collect()
    }
    fn init(&self, _id: NodeId) {}
    fn first_status(&self, _id: NodeId) -> Up {
        Up
    }
    fn on_start(&self, _s: &mut (), ctx: &mut Ctx<'_, Self>) {
        if ctx.id == self.senders {
            ctx.set_timer(Quiet, self.quiet_timer);
        }
    }
    fn on_msg(&self, _s: &mut (), _from: NodeId, _msg: &Hello, _ctx: &mut Ctx<'_, Self>) {}
    fn on_timer(&self, _s: &mut (), _t: Quiet, _ctx: &mut Ctx<'_, Self>) {}
    fn on_input(&self, _s: &mut (), _input: &Hello, ctx: &mut Ctx<'_, Self>) {
        ctx.send(self.senders, Hello);
    }
    fn on_recover(&self, _s: &mut (), _ctx: &mut Ctx<'_, Self>) {}
    fn properties(&self) -> Vec<lightcone::core::sim::property::Property<Self>> {
        Vec::new()
    }
}

/// Delay 1 everywhere, and `service`.
fn model(service: Time) -> SystemModel {
    SystemModel { service, ..SystemModel::default() }
}

/// Each message's receive time, by message id (none: not received).
fn received(r: &Record) -> Vec<Option<Time>> {
    r.messages.iter().map(|m| m.received.map(|e| r.events[e].time)).collect()
}

/// One input per sender, sender i at `times[i]`, under `service`, with
/// `faults`, until 100.
fn fan_in(times: &[Time], service: Time, faults: &[Fault]) -> Record {
    let p = FanIn { senders: times.len(), quiet_timer: 2.6 };
    let env = Env::new(&p, &model(service), 1, 100.0).unwrap();
    let inputs: Vec<_> = times.iter().enumerate().map(|(i, &t)| (t, i, Hello)).collect();
    engine::run(&env, &model(service), faults, &inputs, 100.0).record
}

fn close(a: Time, b: Time) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn three_deliveries_to_one_node_wait_their_turn() {
    // Sent at 1.0, 1.1, 1.2, each leaving when its sender's 0.5 of
    // service ends and arriving one unit later: at 2.5, 2.6, 2.7. R takes
    // the first at 2.5 and is busy until 3.0, the second then until 3.5,
    // the third then. R's quiet timer (due at 2.6) waits in line too, and
    // costs nothing when its turn comes, for it does nothing.
    let r = fan_in(&[1.0, 1.1, 1.2], 0.5, &[]);
    let due: Vec<Time> = r.messages.iter().map(|m| m.due.unwrap()).collect();
    assert!(due.iter().zip([2.5, 2.6, 2.7]).all(|(&a, b)| close(a, b)), "{due:?}");
    let got: Vec<Time> = received(&r).into_iter().map(Option::unwrap).collect();
    assert!(got.iter().zip([2.5, 3.0, 3.5]).all(|(&a, b)| close(a, b)), "{got:?}");
    assert!(!r.events.iter().any(|e| matches!(e.what, What::Timeout(_))));
    // Without a service time the same run receives each on arrival.
    let r = fan_in(&[1.0, 1.1, 1.2], 0.0, &[]);
    let got: Vec<Time> = received(&r).into_iter().map(Option::unwrap).collect();
    assert!(got.iter().zip([2.0, 2.1, 2.2]).all(|(&a, b)| close(a, b)), "{got:?}");
}

#[test]
fn a_crash_while_busy_loses_what_waits() {
    // R is busy with the second message (3.0 to 3.5) when it crashes at
    // 3.2: the third, waiting, is lost as a delivery to a crashed node is.
    let crash = Fault::Crash { node: "R".into(), at: 3.2 };
    let r = fan_in(&[1.0, 1.1, 1.2], 0.5, &[crash]);
    let got = received(&r);
    assert!(close(got[0].unwrap(), 2.5) && close(got[1].unwrap(), 3.0), "{got:?}");
    assert_eq!(got[2], None);
    assert!(r.messages[2].lost);
}

#[test]
fn a_recovered_node_is_not_held_up_by_its_lost_work() {
    // R crashes at 2.6 while busy until 3.0 and recovers at 2.8: the
    // recovery is an event like any other (2.8 to 3.3), and the message
    // that arrives at 2.9 waits for it, not for the lost work.
    let mut m = model(0.5);
    m.nodes = Failures::CrashRecovery;
    let p = FanIn { senders: 2, quiet_timer: 50.0 };
    let env = Env::new(&p, &m, 1, 100.0).unwrap();
    let faults = [Fault::Crash { node: "R".into(), at: 2.6 }, Fault::Recover { node: "R".into(), at: 2.8 }];
    let inputs = [(1.0, 0, Hello), (1.4, 1, Hello)];
    let r = engine::run(&env, &m, &faults, &inputs, 100.0).record;
    let got = received(&r);
    assert!(close(got[0].unwrap(), 2.5) && close(got[1].unwrap(), 3.3), "{got:?}");
}

/// Lindley's recursion: each arrival (in order of arrival) starts at the
/// later of when it arrives and when the one before it is done.
fn lindley(arrivals: &[Time], service: Time) -> Vec<Time> {
    let mut free = Time::NEG_INFINITY;
    arrivals
        .iter()
        .map(|&a| {
            let start = a.max(free);
            free = start + service;
            start
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the arrival pattern, a node's receive times are a
    /// single-server FIFO queue's start times; with a crash, what would
    /// have started after it is lost.
    #[test]
    fn a_node_is_a_fifo_single_server(
        quarters in proptest::collection::vec(4..40u32, 1..8),
        service_eighths in 1..8u32,
        crash in proptest::option::of(0..40u32),
    ) {
        let times: Vec<Time> = quarters.iter().map(|&q| f64::from(q) / 4.0).collect();
        let service = f64::from(service_eighths) / 8.0;
        // A crash between quarter marks, never at the same time as a turn.
        let crash_at = crash.map(|c| f64::from(c) / 4.0 + 1.0 / 16.0 + 1.0 / 64.0);
        let faults: Vec<Fault> = crash_at.iter().map(|&at| Fault::Crash { node: "R".into(), at }).collect();
        let r = fan_in(&times, service, &faults);
        // Sender i's input is handled when given (it is otherwise idle),
        // so its message arrives at times[i] + service + 1; ties in the
        // order the inputs were given.
        let mut order: Vec<usize> = (0..times.len()).collect();
        order.sort_by(|&a, &b| times[a].total_cmp(&times[b]).then(a.cmp(&b)));
        let arrivals: Vec<Time> = order.iter().map(|&i| times[i] + service + 1.0).collect();
        let starts = lindley(&arrivals, service);
        let got = received(&r);
        prop_assert_eq!(got.len(), times.len());
        for (m, &got) in got.iter().enumerate() {
            let k = order.iter().position(|&i| i == r.messages[m].from).unwrap();
            let expected = Some(starts[k]).filter(|&s| crash_at.is_none_or(|c| s < c));
            match (got, expected) {
                (Some(a), Some(b)) => prop_assert!(close(a, b), "message {}: {} vs {}", m, a, b),
                (a, b) => prop_assert_eq!(a, b, "message {}", m),
            }
        }
    }
}
