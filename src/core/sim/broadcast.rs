//! Eager reliable broadcast, the example protocol of the README's "Adding a
//! protocol" (Cachin, Guerraoui and Rodrigues, "Introduction to Reliable
//! and Secure Distributed Programming", 2011, §3.3, Algorithm 3.3).
//!
//! To broadcast m, a process delivers it and sends [DATA, s, m] to every
//! other process; a process that receives a DATA message it has not
//! delivered yet delivers it and relays it to everyone. So if any correct
//! process delivers m, every correct process does, even when the sender
//! crashes half-way through (agreement), and no message is delivered twice
//! (no duplication) or made up (no creation). Each DATA message is signed by
//! its origin s, so a relay cannot pass off its own words as s's.
//!
//! Inputs are the messages to broadcast: `{"node": "P1", "at": 1, "input":
//! "hello"}`. What a process has delivered is on stable storage, so a
//! crash-recovery node does not deliver again what it delivered before.
//! Byzantine processes may be silent, replay, or equivocate (tell
//! different peers different messages under one sequence number, which
//! breaks agreement: the reason Byzantine broadcasts add echoes); "lie"
//! means nothing here.

use super::byzantine::{Behaviour, Signed, Signer};
use super::context::Ctx;
use super::property::{Kind, Measure, Metric, Property, View};
use super::protocol::{Label, NoDecision, NoTimer, Protocol, Word};
use super::record::{Record, What};
use super::{NodeId, Time};
use serde::{Deserialize, Serialize};

fn default_nodes() -> usize {
    3
}

/// The settings: how many processes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// How many processes (1 to 9), `P1` ... `Pn`.
    #[serde(default = "default_nodes")]
    pub nodes: usize,
}

impl Config {
    /// Checks the settings.
    pub fn check(&self) -> Result<(), String> {
        if (1..=9).contains(&self.nodes) {
            Ok(())
        } else {
            Err(format!("\"nodes\" is {}; broadcast takes 1 to 9", self.nodes))
        }
    }
}

/// A message to broadcast, as injected.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Payload(pub String);

impl Label for Payload {
    fn label(&self) -> String {
        format!("broadcast {}", self.0)
    }
}

/// [DATA, s, m]: the origin's `seq`-th message, signed by the origin.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Data(pub Signed<(u32, Payload)>);

impl Label for Data {
    fn label(&self) -> String {
        (self.0.value().1).0.clone()
    }
}

/// A delivered message: its origin, sequence number and payload.
pub type Delivered = (NodeId, u32, Payload);

/// What a process keeps on stable storage.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Log {
    /// How many messages it has broadcast.
    pub sent: u32,
    /// What it has delivered, in order.
    pub delivered: Vec<Delivered>,
}

/// A process's only status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Running;

impl Word for Running {
    fn word(&self) -> &'static str {
        "running"
    }
}

/// Eager reliable broadcast, configured.
#[derive(Clone, Debug, PartialEq)]
pub struct Broadcast {
    config: Config,
}

impl Broadcast {
    /// Reliable broadcast among `config.nodes` processes.
    pub fn new(config: Config) -> Broadcast {
        Broadcast { config }
    }

    /// Delivers `data` (unless delivered before) and sends it to every
    /// other process.
    fn deliver(&self, data: &Data, ctx: &mut Ctx<'_, Self>) {
        let (seq, payload) = data.0.value();
        let origin = data.0.by();
        if ctx.storage().delivered.iter().any(|&(o, s, _)| (o, s) == (origin, *seq)) {
            return;
        }
        ctx.save(|log| log.delivered.push((origin, *seq, payload.clone())));
        let me = ctx.id;
        for n in (0..self.config.nodes).filter(|&n| n != me) {
            ctx.send(n, data.clone());
        }
    }
}

impl Protocol for Broadcast {
    type Msg = Data;
    type Timer = NoTimer;
    type Input = Payload;
    type Storage = Log;
    type State = ();
    type Status = Running;
    type Decision = NoDecision;

    fn names(&self) -> Vec<String> {
        (1..=self.config.nodes).map(|i| format!("P{i}")).collect()
    }

    fn describe_names(&self) -> String {
        format!("P1 to P{}", self.config.nodes)
    }

    fn init(&self, _id: NodeId) {}

    fn first_status(&self, _id: NodeId) -> Running {
        Running
    }

    fn on_start(&self, _state: &mut (), _ctx: &mut Ctx<'_, Self>) {}

    fn on_msg(&self, _state: &mut (), _from: NodeId, data: &Data, ctx: &mut Ctx<'_, Self>) {
        self.deliver(data, ctx);
    }

    fn on_timer(&self, _state: &mut (), timer: NoTimer, _ctx: &mut Ctx<'_, Self>) {
        match timer {}
    }

    fn on_input(&self, _state: &mut (), payload: &Payload, ctx: &mut Ctx<'_, Self>) {
        let seq = ctx.storage().sent + 1;
        ctx.save(|log| log.sent = seq);
        let data = Data(ctx.sign((seq, payload.clone())));
        self.deliver(&data, ctx);
    }

    fn on_recover(&self, _state: &mut (), _ctx: &mut Ctx<'_, Self>) {}

    /// A workload's messages are "w1", "w2", …
    fn workload_input(&self, k: usize) -> Option<serde_json::Value> {
        Some(serde_json::Value::String(format!("w{}", k + 1)))
    }

    fn parse_input(&self, input: &serde_json::Value) -> Result<Payload, String> {
        match input {
            serde_json::Value::String(s) if !s.is_empty() => Ok(Payload(s.clone())),
            _ => Err("a broadcast input is the message to send, a non-empty string".into()),
        }
    }

    fn properties(&self) -> Vec<Property<Self>> {
        vec![
            Property {
                name: "no duplication",
                kind: Kind::Always,
                broken: "A schedule under which a process delivers a message twice.",
                holds: no_duplication,
            },
            Property {
                name: "no creation",
                kind: Kind::Always,
                broken: "A schedule under which a process delivers a message its origin never broadcast.",
                holds: no_creation,
            },
            Property {
                name: "agreement",
                kind: Kind::Eventually { fairness: "no more faults: every message in flight arrives" },
                broken: "A schedule after which a correct process never delivers what another delivered.",
                holds: agreement,
            },
        ]
    }

    fn metrics(&self, record: &Record, _until: Time) -> Vec<Metric> {
        let deliveries = record.events.iter().filter(|e| matches!(e.what, What::Receive(_))).count();
        vec![
            Metric::new("messages", Measure::Count(record.messages.len())),
            Metric::new("receives", Measure::Count(deliveries)),
        ]
    }

    fn refuses(&self, behaviour: Behaviour) -> Option<String> {
        (behaviour == Behaviour::Lie).then(|| {
            "means nothing for broadcast: its messages make no claim to lie about (try equivocate)".into()
        })
    }

    fn forge(&self, data: &Data, me: &Signer) -> Option<Data> {
        // It can re-word only what it signed itself.
        let (seq, Payload(text)) = data.0.value();
        (data.0.by() == me.id()).then(|| Data(me.sign((*seq, Payload(format!("{text}′"))))))
    }
}

fn no_duplication(_: &Broadcast, v: &View<'_, Broadcast>) -> bool {
    v.honest().all(|(_, node)| {
        let d = &node.storage.delivered;
        d.iter().enumerate().all(|(i, a)| d[..i].iter().all(|b| (a.0, a.1) != (b.0, b.1)))
    })
}

fn no_creation(_: &Broadcast, v: &View<'_, Broadcast>) -> bool {
    // An honest origin delivers its own message as it broadcasts it.
    let honest_origin = |o: NodeId| v.byzantine[o].is_none();
    v.honest().all(|(_, node)| {
        node.storage
            .delivered
            .iter()
            .filter(|m| honest_origin(m.0))
            .all(|m| v.nodes[m.0].storage.delivered.contains(m))
    })
}

fn agreement(_: &Broadcast, v: &View<'_, Broadcast>) -> bool {
    let mut correct = v.correct();
    let Some((_, first)) = correct.next() else { return true };
    let mut want: Vec<&Delivered> = first.storage.delivered.iter().collect();
    want.sort();
    correct.all(|(_, node)| {
        let mut got: Vec<&Delivered> = node.storage.delivered.iter().collect();
        got.sort();
        got == want
    })
}

#[cfg(test)]
mod tests {
    use crate::core::sim::explore::{explore, Bounds, Finding};
    use crate::core::sim::outcome::run;
    use crate::core::sim::scenario::Scenario;

    const THREE: &str =
        r#"{"protocol": "broadcast", "nodes": 3, "inputs": [{"node": "P1", "at": 1, "input": "m"}]"#;

    fn scenario(rest: &str) -> Scenario {
        Scenario::parse(&format!("{THREE}{rest}}}")).unwrap()
    }

    #[test]
    fn a_relay_delivers_what_a_crashed_sender_sent_only_halfway() {
        // P1's message to P3 is lost and P1 crashes: P2's relay reaches P3.
        let s = scenario(
            r#", "faults": [{"drop": {"from": "P1", "to": "P3", "nth": 1}}, {"crash": {"node": "P1", "at": 1.5}}]"#,
        );
        let out = run(&s);
        assert!(out.holds("agreement") && out.holds("no duplication") && out.holds("no creation"));
        let p3 = out.record.messages.iter().filter(|m| m.to == 2 && m.received.is_some());
        assert_eq!(p3.map(|m| m.from).collect::<Vec<_>>(), [1], "P3 heard it from P2");
    }

    #[test]
    fn every_property_holds_whatever_one_crash_does() {
        let v = explore(&scenario(""), &Bounds::default());
        assert!(v.properties.iter().all(|p| p.finding == Finding::Holds), "{:?}", v.properties);
    }

    #[test]
    fn a_silent_sender_breaks_nothing_but_an_equivocating_one_breaks_agreement() {
        let byzantine = |how: &str| {
            format!(
                r#", "model": {{"links": "reliable", "nodes": "crash-stop", "timing": {{"synchronous": {{"delay": 1}}}}, "byzantine": {{"P1": "{how}"}}}}"#
            )
        };
        assert!(run(&scenario(&byzantine("silent"))).holds("agreement"));
        let split = run(&scenario(&byzantine("equivocate")));
        assert!(!split.holds("agreement"));
        let labels: Vec<&str> =
            split.record.messages.iter().filter(|m| m.from == 0).map(|m| m.label.as_str()).collect();
        assert_eq!(labels, ["m", "m′"], "P2 and P3 hear different messages");
    }
}
