//! The system model's newer parts, on small protocols written against the
//! framework here and on the shipped ones: FIFO links, physical clocks,
//! Byzantine nodes, injected inputs.
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::sim::byzantine::Behaviour;
use lightcone::core::sim::env::Env;
use lightcone::core::sim::explore::{search, Bounds, Finding, Inputs};
use lightcone::core::sim::model::{ClockSpec, Links, SystemModel, Timing};
use lightcone::core::sim::outcome::run;
use lightcone::core::sim::property::{Kind, Property, View};
use lightcone::core::sim::protocol::{NoDecision, NoInput};
use lightcone::core::sim::record::{Record, What};
use lightcone::core::sim::scenario::{Fault, Scenario, Step};
use lightcone::core::sim::world::World;
use lightcone::core::sim::{engine, script, Ctx, Label, NodeId, Protocol, Time, Word};
use proptest::prelude::*;

/// Node 0 sends node 1 the numbers 1 to `count`, one every `gap` units of
/// its clock; each node notes what it receives and the clock readings its
/// handlers saw.
struct Stream {
    count: u32,
    gap: Time,
}

/// A number, and the sender's clock reading when it sent it (as bits:
/// f64 is not Hash).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Num(u32, u64);

impl Label for Num {
    fn label(&self) -> String {
        format!("#{} at {}", self.0, f64::from_bits(self.1))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Next;

impl Label for Next {
    fn label(&self) -> String {
        "next".into()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Up;

impl Word for Up {
    fn word(&self) -> &'static str {
        "up"
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
struct Seen {
    sent: u32,
    got: Vec<u32>,
    /// Each handler's `ctx.now`, as bits (f64 is not Hash).
    readings: Vec<u64>,
}

impl Protocol for Stream {
    type Msg = Num;
    type Timer = Next;
    type Input = NoInput;
    type Storage = ();
    type State = Seen;
    type Status = Up;
    type Decision = NoDecision;

    fn names(&self) -> Vec<String> {
        vec!["A".into(), "B".into()]
    }
    fn init(&self, _id: NodeId) -> Seen {
        Seen::default()
    }
    fn first_status(&self, _id: NodeId) -> Up {
        Up
    }
    fn on_start(&self, s: &mut Seen, ctx: &mut Ctx<'_, Self>) {
        s.readings.push(ctx.now.to_bits());
        if ctx.id == 0 {
            self.on_timer(s, Next, ctx);
        }
    }
    fn on_msg(&self, s: &mut Seen, _from: NodeId, msg: &Num, ctx: &mut Ctx<'_, Self>) {
        s.readings.push(ctx.now.to_bits());
        s.got.push(msg.0);
    }
    fn on_timer(&self, s: &mut Seen, _: Next, ctx: &mut Ctx<'_, Self>) {
        s.readings.push(ctx.now.to_bits());
        if s.sent < self.count {
            s.sent += 1;
            ctx.send(1, Num(s.sent, ctx.now.to_bits()));
            ctx.set_timer(Next, self.gap);
        }
    }
    fn on_recover(&self, _s: &mut Seen, _ctx: &mut Ctx<'_, Self>) {}
    fn properties(&self) -> Vec<Property<Self>> {
        vec![Property {
            name: "in order",
            kind: Kind::Always,
            broken: "B got a number out of order.",
            holds: in_order,
        }]
    }
}

fn in_order(_: &Stream, v: &View<'_, Stream>) -> bool {
    v.nodes[1].state.got.windows(2).all(|w| w[0] <= w[1])
}

fn model(fifo: bool) -> SystemModel {
    SystemModel { fifo, ..SystemModel::default() }
}

/// On each channel, the messages received, in the order received.
fn receipts(r: &Record) -> Vec<((NodeId, NodeId), Vec<usize>)> {
    let mut channels: Vec<((NodeId, NodeId), Vec<usize>)> = Vec::new();
    for e in &r.events {
        if let What::Receive(m) = e.what {
            let key = (r.messages[m].from, r.messages[m].to);
            match channels.iter_mut().find(|(k, _)| *k == key) {
                Some((_, ms)) => ms.push(m),
                None => channels.push((key, vec![m])),
            }
        }
    }
    channels
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// FIFO links deliver each channel in send order whatever the delays,
    /// losses, duplicates, drops and crashes.
    #[test]
    fn fifo_channels_deliver_in_send_order(
        seed in any::<u64>(),
        count in 2..12u32,
        loss in 0.0..0.4f64,
        duplicate in 0.0..0.4f64,
        drops in proptest::collection::vec(1..12usize, 0..3),
        crash in proptest::option::of((0..2usize, 0..40u8)),
    ) {
        let p = Stream { count, gap: 0.3 };
        let m = SystemModel {
            links: Links::Arbitrary { loss, duplicate, max_delay: 5.0 },
            timing: Timing::Asynchronous { max_delay: 4.0 },
            ..model(true)
        };
        let env = Env::new(&p, &m, seed, 40.0).unwrap();
        let mut faults: Vec<Fault> = drops.iter().map(|&nth| Fault::Drop { from: "A".into(), to: "B".into(), nth }).collect();
        if let Some((n, at)) = crash {
            faults.push(Fault::Crash { node: ["A", "B"][n].into(), at: f64::from(at) / 4.0 });
        }
        let run = engine::run(&env, &m, &faults, &[], 40.0);
        for (channel, received) in receipts(&run.record) {
            prop_assert!(received.windows(2).all(|w| w[0] < w[1]), "{channel:?}: {received:?}");
        }
        prop_assert!(run.properties[0].holds);
    }
}

#[test]
fn without_fifo_the_explorer_finds_a_reordering_and_it_replays() {
    let p = Stream { count: 2, gap: 0.0 };
    let bounds = Bounds { crashes: 0, ..Bounds::default() };
    let inputs: Inputs<Stream> = vec![Vec::new(); 2];
    let env = Env::new(&p, &model(false), 1, 10.0).unwrap();
    let verdict = search(&env, &inputs, &bounds, false);
    let path = verdict.violation("in order").expect("a reordering").to_vec();
    assert!(path.iter().any(|s| matches!(s, Step::Deliver { overtaking: 1, .. })), "{path:?}");
    assert!(!script::replay(&env, &path).properties[0].holds, "the counterexample replays");
    let fifo = Env::new(&p, &model(true), 1, 10.0).unwrap();
    let verdict = search(&fifo, &inputs, &bounds, false);
    assert_eq!(verdict.properties[0].finding, Finding::Holds);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// A clock reads offset + (1 + drift) t exactly at every event, and
    /// handlers are given that reading; timers run in local time.
    #[test]
    fn local_times_follow_offset_and_drift(offset in -50.0..50.0f64, drift_ppm in -90_000.0..90_000.0f64, seed in any::<u64>()) {
        let p = Stream { count: 6, gap: 1.5 };
        let mut m = SystemModel { timing: Timing::Asynchronous { max_delay: 3.0 }, ..model(false) };
        for name in ["A", "B"] {
            m.clocks.insert(name.into(), ClockSpec { offset, drift_ppm, wander_ppm: 0.0 });
        }
        let env = Env::new(&p, &m, seed, 40.0).unwrap();
        let record = engine::run(&env, &m, &[], &[], 40.0).record;
        for e in &record.events {
            prop_assert_eq!(e.local_time, offset + (1.0 + drift_ppm / 1e6) * e.time);
            // Each message carries the reading its sender's handler saw.
            if let What::Send(ms) = &e.what {
                let reading = format!(" at {}", e.local_time);
                for &m in ms {
                    prop_assert!(record.messages[m].label.ends_with(&reading));
                }
            }
        }
        // A's timers fire every 1.5 of its own units.
        let ticks: Vec<Time> = record.events.iter().filter(|e| matches!(e.what, What::Timeout(_))).map(|e| e.local_time).collect();
        for (k, t) in ticks.iter().enumerate() {
            prop_assert!((t - (offset + 1.5 * (k + 1) as f64)).abs() < 1e-9, "tick {k} at {t}");
        }
    }
}

#[test]
fn handlers_read_their_own_clock() {
    let p = Stream { count: 3, gap: 1.0 };
    let mut m = model(false);
    m.clocks.insert("A".into(), ClockSpec { offset: 100.0, drift_ppm: 50_000.0, wander_ppm: 0.0 });
    let env = Env::new(&p, &m, 1, 10.0).unwrap();
    let mut world = World::start(&env, false);
    world.at(2.0);
    world.fire(&env, 0, Next);
    let readings: Vec<f64> = world.nodes.nodes[0].state.readings.iter().map(|&b| f64::from_bits(b)).collect();
    // Start at 0 (100 by A's clock) and its first tick, then the timer at 2.
    assert_eq!(readings, [100.0, 100.0, 100.0 + 1.05 * 2.0]);
    assert_eq!(f64::from_bits(world.nodes.nodes[1].state.readings[0]), 0.0, "B reads true time");
}

#[test]
fn a_wandering_clock_still_runs_forwards_and_replays() {
    let p = Stream { count: 8, gap: 1.0 };
    let mut m = model(false);
    m.clocks.insert("A".into(), ClockSpec { offset: 3.0, drift_ppm: 200.0, wander_ppm: 5_000.0 });
    let env = Env::new(&p, &m, 9, 20.0).unwrap();
    let record = engine::run(&env, &m, &[], &[], 20.0).record;
    let local: Vec<Time> = record.events.iter().filter(|e| e.node == 0).map(|e| e.local_time).collect();
    assert!(local.windows(2).all(|w| w[0] <= w[1]), "{local:?}");
    assert!(local
        .iter()
        .zip(record.events.iter().filter(|e| e.node == 0))
        .any(|(l, e)| *l != 3.0 + 1.0002 * e.time));
    assert_eq!(engine::run(&env, &m, &[], &[], 20.0).record, record);
}

fn scenario(text: &str) -> Scenario {
    Scenario::parse(text).unwrap()
}

/// The labels of the messages node `from` sent node `to`, in order.
fn sent(r: &Record, from: NodeId, to: NodeId) -> Vec<String> {
    r.messages.iter().filter(|m| (m.from, m.to) == (from, to)).map(|m| m.label.clone()).collect()
}

#[test]
fn an_equivocating_coordinator_tells_participants_different_outcomes() {
    let s = scenario(
        r#"{"protocol": "2pc", "participants": 2, "model": {"links": "reliable", "nodes": "crash-stop",
        "timing": {"synchronous": {"delay": 1}}, "byzantine": {"C": "equivocate"}}}"#,
    );
    let out = run(&s);
    // P2 (an even id) hears the forgery of each message, P1 the truth.
    assert_eq!(sent(&out.record, 0, 1), ["vote?", "commit"]);
    assert_eq!(sent(&out.record, 0, 2), ["vote?", "abort"]);
    assert_eq!(out.record.decisions[1..], [Some(("commit", 3.0)), Some(("abort", 3.0))]);
    assert!(!out.holds("atomicity"), "the honest participants disagree");
}

#[test]
fn lying_silent_and_replaying_nodes_do_what_they_are_told() {
    let with = |who: &str, how: &str| {
        let text = r#"{"protocol": "2pc", "participants": 2, "votes": ["no", "yes"], "model": {"links": "reliable",
            "nodes": "crash-stop", "timing": {"synchronous": {"delay": 1}}, "byzantine": {"WHO": "HOW"}}}"#;
        run(&scenario(&text.replace("WHO", who).replace("HOW", how)))
    };
    // P1 votes no, but says yes: the coordinator commits.
    let lie = with("P1", "lie");
    assert_eq!(sent(&lie.record, 1, 0), ["yes"]);
    assert_eq!(lie.record.decisions[0], Some(("commit", 2.0)));
    assert!(lie.holds("validity"), "only honest participants' votes count");
    // A silent coordinator sends nothing: the participants give up.
    let silent = with("C", "silent");
    assert!(silent.record.messages.iter().all(|m| m.from != 0));
    assert_eq!(silent.record.decisions[2], Some(("abort", 10.0)));
    // A replaying coordinator sends each participant its previous message again.
    let replay = with("C", "replay");
    assert_eq!(sent(&replay.record, 0, 2), ["vote?", "abort", "vote?"]);
}

#[test]
fn a_protocol_refuses_a_behaviour_that_means_nothing_for_it() {
    let err = Scenario::parse(
        r#"{"protocol": "broadcast", "model": {"links": "reliable", "nodes": "crash-stop",
        "timing": {"synchronous": {"delay": 1}}, "byzantine": {"P2": "lie"}}}"#,
    )
    .unwrap_err();
    assert!(err.starts_with("model: byzantine: \"P2\": \"lie\" means nothing for broadcast"), "{err}");
    let err = Scenario::parse(
        r#"{"protocol": "2pc", "model": {"links": "reliable", "nodes": "crash-stop",
        "timing": {"synchronous": {"delay": 1}}, "byzantine": {"P7": "silent"}}}"#,
    )
    .unwrap_err();
    assert_eq!(err, "model: byzantine: no node is called \"P7\" (nodes are C and P1 to P3)");
}

#[test]
fn no_node_emits_a_message_authenticated_as_another() {
    use lightcone::core::sim::broadcast::{Broadcast, Config, Payload};
    let p = Broadcast::new(Config { nodes: 4 });
    for behaviour in [Behaviour::Silent, Behaviour::Equivocate, Behaviour::Replay] {
        let mut m = model(false);
        m.byzantine.insert("P2".into(), behaviour);
        let env = Env::new(&p, &m, 1, 10.0).unwrap();
        let mut world = World::start(&env, false);
        let mut rng = 7u64;
        for step in 0..60 {
            if step % 7 == 0 {
                world.input(&env, step % 4, &Payload(format!("m{step}")));
            } else if !world.quiet() {
                rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                world.deliver(&env, (rng >> 33) as usize % world.net.flight.len());
            }
            for e in &world.net.flight {
                let signed = &e.msg.0;
                if signed.by() == 1 {
                    continue; // P2 signs what it likes, as itself.
                }
                // Anyone else's words are exactly what that node broadcast.
                let (seq, payload) = signed.value();
                let origin = &world.nodes.nodes[signed.by()].storage.delivered;
                assert!(origin.contains(&(signed.by(), *seq, payload.clone())), "{behaviour:?}: {e:?}");
            }
        }
    }
}

#[test]
fn injected_inputs_replay_from_the_scenario() {
    let text = r#"{"protocol": "broadcast", "nodes": 3,
        "model": {"links": {"arbitrary": {"loss": 0, "duplicate": 0.5, "max_delay": 2}}, "nodes": "crash-stop",
                  "timing": {"asynchronous": {"max_delay": 3}}},
        "inputs": [{"node": "P2", "at": 4, "input": "late"}, {"node": "P1", "at": 1, "input": "early"}],
        "seed": 3, "until": 30}"#;
    let s = scenario(text);
    let (a, b) = (run(&s), run(&s));
    assert_eq!(a.to_json(), b.to_json(), "a run replays identically");
    let inputs: Vec<(NodeId, Time, &str)> = a
        .record
        .events
        .iter()
        .filter_map(|e| match &e.what {
            What::Input(label) => Some((e.node, e.time, label.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(inputs, [(0, 1.0, "broadcast early"), (1, 4.0, "broadcast late")]);
    assert!(a.properties.iter().all(|p| p.holds), "{:?}", a.properties);
    let bad = Scenario::parse(r#"{"protocol": "2pc", "inputs": [{"node": "C", "at": 1, "input": "go"}]}"#);
    assert_eq!(bad.unwrap_err(), "inputs[0]: this protocol takes no inputs");
}

#[test]
fn the_explorer_gives_inputs_and_finds_what_equivocation_breaks() {
    use lightcone::core::sim::explore::explore;
    let base = r#"{"protocol": "broadcast", "nodes": 3, "inputs": [{"node": "P1", "at": 1, "input": "x"}]"#;
    let honest = explore(&scenario(&format!("{base}}}")), &Bounds::default());
    assert!(honest.properties.iter().all(|p| p.finding == Finding::Holds), "{:?}", honest.properties);
    let model = r#""model": {"links": "reliable", "nodes": "crash-stop", "timing": {"synchronous": {"delay": 1}},
        "byzantine": {"P1": "equivocate"}}"#;
    let s = scenario(&format!("{base}, {model}}}"));
    let v = explore(&s, &Bounds { crashes: 0, ..Bounds::default() });
    let path = v.violation("agreement").expect("equivocation breaks agreement");
    assert!(matches!(&path[0], Step::Input { node, .. } if node == "P1"));
    let replayed = run(&v.counterexample(&s).unwrap());
    assert!(!replayed.holds("agreement"));
}
