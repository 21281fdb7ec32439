//! The token bank, the application both snapshot protocols record: each
//! process holds tokens, and a transfer moves `amount` of them from one
//! process to another as a message. The sender's balance drops when it
//! sends, the receiver's rises when the message arrives, so the total (held
//! plus in flight) is the same at every instant, and a snapshot that adds
//! up to another total has recorded an impossible state. This is the
//! example of Chandy and Lamport's paper (§2, the single-token
//! conservation system, generalised to many tokens).
//!
//! Transfers are injected inputs at their senders: listed, `{"from": "A",
//! "to": "B", "amount": 3, "at": 2}` (refused by the sender, sending
//! nothing, if it holds less than `amount` then), or drawn from the
//! scenario's seed, `{"random": {"count": 30, "max": 3}}`: `count` transfers
//! at uniform times in [0, `until`) between uniform ordered pairs, each of
//! 1 to `max` tokens drawn then, but never more than the sender holds when
//! it sends (one that holds none sends nothing).

use super::super::scenario::Input;
use super::super::{NodeId, Time};
use crate::core::known_fields;
use rand_core::Rng;
use rand_pcg::Pcg64Mcg;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The most transfers a scenario draws at random.
pub const MAX_TRANSFERS: usize = 10_000;

/// Tells the transfers' draws apart from the model's and a workload's.
const STREAM: u64 = 0x7472_616e_7366_6572;

/// A listed transfer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// The sender.
    pub from: String,
    /// The receiver.
    pub to: String,
    /// How many tokens (at least 1).
    pub amount: u64,
    /// When the sender is asked to send it.
    pub at: Time,
}

/// Transfers drawn from the seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RandomTransfers {
    /// How many (1 to [`MAX_TRANSFERS`]).
    pub count: usize,
    /// The largest amount drawn (at least 1).
    pub max: u64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Random {
    random: RandomTransfers,
}

/// A scenario's `"transfers"`: a list, or `{"random": …}`.
#[derive(Clone, Debug, PartialEq)]
pub enum Transfers {
    /// Given one by one.
    Listed(Vec<Transfer>),
    /// Drawn from the seed.
    Random(RandomTransfers),
}

impl Default for Transfers {
    fn default() -> Self {
        Transfers::Listed(Vec::new())
    }
}

impl Serialize for Transfers {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Transfers::Listed(list) => list.serialize(s),
            Transfers::Random(r) => Random { random: r.clone() }.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Transfers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let explain = |e: serde_json::Error| {
            D::Error::custom(format!("transfers: {}", known_fields::explain(&e.to_string())))
        };
        match Value::deserialize(d)? {
            v @ Value::Array(_) => Vec::<Transfer>::deserialize(v).map(Transfers::Listed).map_err(explain),
            v @ Value::Object(_) => Random::deserialize(v).map(|r| Transfers::Random(r.random)).map_err(explain),
            _ => Err(D::Error::custom(
                "\"transfers\" is a list of {\"from\", \"to\", \"amount\", \"at\"} or {\"random\": {\"count\", \"max\"}}",
            )),
        }
    }
}

/// The bank's settings, shared by both snapshot protocols.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// Process names, in order (2 to 9); channels join every ordered pair.
    pub processes: Vec<String>,
    /// Each process's tokens at the start (0 for one not named).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tokens: BTreeMap<String, u64>,
    /// The transfers.
    #[serde(default)]
    pub transfers: Transfers,
}

impl Config {
    /// Checks the settings: names, balances, transfers.
    pub fn check(&self) -> Result<(), String> {
        let n = self.processes.len();
        if !(2..=9).contains(&n) {
            return Err(format!("\"processes\" names {n}; a bank takes 2 to 9 processes"));
        }
        for (i, p) in self.processes.iter().enumerate() {
            let plain = !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !plain {
                return Err(format!("processes[{i}]: \"{p}\" is not a name (letters, digits and _)"));
            }
            if self.processes[..i].iter().any(|q| q.eq_ignore_ascii_case(p)) {
                return Err(format!("processes[{i}]: \"{p}\" is named twice"));
            }
        }
        for name in self.tokens.keys() {
            self.node(name).map_err(|e| format!("tokens: {e}"))?;
        }
        if self.total() > u64::from(u32::MAX) {
            return Err("tokens: at most 4294967295 in all".into());
        }
        match &self.transfers {
            Transfers::Listed(list) => {
                for (i, t) in list.iter().enumerate() {
                    let at = |e: String| format!("transfers[{i}]: {e}");
                    let (from, to) = (self.node(&t.from).map_err(at)?, self.node(&t.to).map_err(at)?);
                    if from == to {
                        return Err(at("a transfer goes to another process".into()));
                    }
                    if t.amount == 0 {
                        return Err(at("\"amount\" is at least 1".into()));
                    }
                    if !(t.at.is_finite() && t.at >= 0.0) {
                        return Err(at("\"at\" is a time, 0 or more".into()));
                    }
                }
            }
            Transfers::Random(r) => {
                if r.count == 0 || r.count > MAX_TRANSFERS {
                    return Err(format!("transfers: \"count\" is {}; 1 to {MAX_TRANSFERS}", r.count));
                }
                if r.max == 0 {
                    return Err("transfers: \"max\" is at least 1".into());
                }
            }
        }
        Ok(())
    }

    /// The process called `name`.
    pub fn node(&self, name: &str) -> Result<NodeId, String> {
        self.processes.iter().position(|p| p == name).ok_or_else(|| {
            format!("no process is called \"{name}\" (processes are {})", self.processes.join(", "))
        })
    }

    /// Process `n`'s tokens at the start.
    pub fn initial(&self, n: NodeId) -> u64 {
        self.tokens.get(&self.processes[n]).copied().unwrap_or(0)
    }

    /// Every token in the bank.
    pub fn total(&self) -> u64 {
        self.tokens.values().sum()
    }

    /// The scenario's inputs completed: each `"snapshot"` numbered by its
    /// place among them (`{"snapshot": k}`; at most `max_snapshots`), then
    /// the transfers, as inputs at their senders.
    pub fn settle(
        &self,
        inputs: &mut Vec<Input>,
        seed: u64,
        until: Time,
        max_snapshots: Option<(usize, &str)>,
    ) -> Result<(), String> {
        let mut ids: Vec<u64> = Vec::new();
        for (i, x) in inputs.iter_mut().enumerate() {
            let id = match &x.input {
                Value::String(s) if s == "snapshot" => {
                    let k = (0..).find(|k| !ids.contains(k)).unwrap_or(0);
                    x.input = json!({ "snapshot": k });
                    k
                }
                v => match v.get("snapshot").and_then(Value::as_u64) {
                    Some(k) => k,
                    None => continue,
                },
            };
            if ids.contains(&id) {
                return Err(format!("inputs[{i}]: snapshot {id} is started twice"));
            }
            ids.push(id);
        }
        if let Some((most, why)) = max_snapshots {
            if ids.len() > most {
                return Err(format!("{} snapshots: {why}", ids.len()));
            }
        }
        match &self.transfers {
            Transfers::Listed(list) => inputs.extend(list.iter().map(|t| Input {
                node: t.from.clone(),
                at: t.at,
                input: json!({"transfer": {"to": t.to, "amount": t.amount}}),
            })),
            Transfers::Random(r) => {
                let mut rng = Pcg64Mcg::new(u128::from(seed) << 64 | u128::from(STREAM));
                let n = self.processes.len() as u64;
                for _ in 0..r.count {
                    let at = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * until;
                    let from = rng.next_u64() % n;
                    let mut to = rng.next_u64() % (n - 1);
                    if to >= from {
                        to += 1;
                    }
                    let up_to = 1 + rng.next_u64() % r.max;
                    inputs.push(Input {
                        node: self.processes[from as usize].clone(),
                        at,
                        input: json!({"transfer": {"to": self.processes[to as usize], "up_to": up_to}}),
                    });
                }
            }
        }
        Ok(())
    }

    /// Reads an input: `{"snapshot": k}` or a transfer.
    pub fn parse(&self, input: &Value) -> Result<Order, String> {
        const WHAT: &str = "an input is \"snapshot\" (in a schedule, {\"snapshot\": k}) or {\"transfer\": \
                            {\"to\": P, \"amount\": n}} ({\"up_to\": n}: at most n)";
        let Value::Object(o) = input else { return Err(WHAT.into()) };
        if let (Some(k), 1) = (o.get("snapshot"), o.len()) {
            let k = k.as_u64().filter(|&k| k <= u64::from(u32::MAX)).ok_or(WHAT)?;
            return Ok(Order::Snapshot(k as u32));
        }
        let Some(Value::Object(t)) = o.get("transfer").filter(|_| o.len() == 1) else {
            return Err(WHAT.into());
        };
        known_fields::check(t, &["to", "amount", "up_to"], "transfer")?;
        let to = t.get("to").and_then(Value::as_str).ok_or("transfer: \"to\" names a process")?;
        let to = self.node(to).map_err(|e| format!("transfer: {e}"))?;
        let (amount, up_to) = match (t.get("amount"), t.get("up_to")) {
            (Some(a), None) => (a, false),
            (None, Some(a)) => (a, true),
            _ => return Err("transfer: give \"amount\" or \"up_to\"".into()),
        };
        let amount =
            amount.as_u64().filter(|&a| a >= 1).ok_or("transfer: an amount is a whole number, 1 or more")?;
        Ok(Order::Transfer { to, amount, up_to })
    }
}

/// An input to a bank process.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Order {
    /// Start snapshot `k` here.
    Snapshot(u32),
    /// Send `amount` tokens to `to` (with `up_to`, as many as it holds if
    /// fewer; else nothing if it holds fewer).
    Transfer {
        /// The receiver.
        to: NodeId,
        /// How many.
        amount: u64,
        /// At most `amount`.
        up_to: bool,
    },
}

impl super::super::Label for Order {
    fn label(&self) -> String {
        match self {
            Order::Snapshot(k) => format!("snapshot {k}"),
            Order::Transfer { amount, up_to: false, .. } => format!("pay {amount}"),
            Order::Transfer { amount, up_to: true, .. } => format!("pay up to {amount}"),
        }
    }
}

/// A process's account and what it has sent and received, as the checks
/// need it: transfers on each channel are numbered from 1 in the order sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Ledger {
    /// Tokens held.
    pub tokens: u64,
    /// Transfers sent to each process.
    pub sent: Vec<u32>,
    /// The numbers of the transfers received from each process, sorted.
    pub received: Vec<Vec<u32>>,
    /// Handler calls so far (start, inputs, receives, recoveries): this
    /// process's events that are neither sends nor crashes.
    pub handled: u32,
}

impl Ledger {
    /// A process's ledger at the start.
    pub fn new(config: &Config, n: NodeId) -> Ledger {
        let k = config.processes.len();
        Ledger { tokens: config.initial(n), sent: vec![0; k], received: vec![Vec::new(); k], handled: 0 }
    }

    /// What `order` sends, if it is a transfer it can make: (to, number on
    /// the channel, amount), already taken from the account.
    pub fn pay(&mut self, to: NodeId, amount: u64, up_to: bool) -> Option<(NodeId, u32, u64)> {
        let amount = if up_to { amount.min(self.tokens) } else { amount };
        if amount == 0 || amount > self.tokens {
            return None;
        }
        self.tokens -= amount;
        self.sent[to] += 1;
        Some((to, self.sent[to], amount))
    }

    /// Transfer number `seq` from `from` arrives with `amount`.
    pub fn receive(&mut self, from: NodeId, seq: u32, amount: u64) {
        self.tokens += amount;
        let got = &mut self.received[from];
        let at = got.partition_point(|&s| s < seq);
        got.insert(at, seq);
    }
}

/// "1 token", "3 tokens": a transfer's label.
pub fn tokens(amount: u64) -> String {
    if amount == 1 {
        "1 token".to_string()
    } else {
        format!("{amount} tokens")
    }
}
