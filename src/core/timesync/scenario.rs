//! A time-lab scenario as JSON, read strictly: every key is known or
//! refused by name, every number is checked, and every error names the
//! field and where it is.
//!
//! ```json
//! {"algorithm": "ntp",
//!  "constants": "rfc5905",
//!  "nodes": {"S1": {"stratum": 1}, "S2": {"stratum": 1, "offset": 0.002},
//!            "S3": {"stratum": 2, "drift_ppm": 5}, "S4": {"stratum": 1, "offset": 10},
//!            "client": {"offset": 3.2, "drift_ppm": 80}},
//!  "sync": {"client": ["S1", "S2", "S3", "S4"]},
//!  "links": {"default": {"delay": [0.01, 0.05]}, "client->S2": {"delay": [0.2, 0.2]}},
//!  "poll": 16, "faults": [], "seed": 1, "until": 3600}
//! ```
//!
//! docs/timesync.md documents every field; nodes keep the order written.

use super::constants::Constants;
use super::faults::{self, Fault};
use super::read::{names, node, num, Obj};
use crate::core::sim::model::ClockSpec;
use crate::core::sim::{NodeId, Time};
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Which algorithm the nodes that sync run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    /// Cristian (1989): ask one server, set T + RTT/2.
    Cristian,
    /// Berkeley (Gusella and Zatti 1989): a master averages and corrects.
    Berkeley,
    /// NTP, the client side of RFC 5905.
    Ntp,
}

impl Algorithm {
    /// Its name in scenarios.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Cristian => "cristian",
            Algorithm::Berkeley => "berkeley",
            Algorithm::Ntp => "ntp",
        }
    }
}

/// How an NTP node disciplines its clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// ntpd: the full discipline, for the whole run.
    Ntpd,
    /// ntpdate: four samples from each server, one step, then exit.
    Ntpdate,
}

/// One node.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Its name.
    pub name: String,
    /// Its physical clock.
    pub clock: ClockSpec,
    /// Reading jitter: each timestamp is off by up to this much, s.
    pub jitter: f64,
    /// A server's turnaround between a request's arrival and its reply, s.
    pub processing: f64,
    /// NTP: the stratum of a server that syncs to no one in the scenario.
    pub stratum: Option<u32>,
    /// NTP: ntpd or ntpdate.
    pub mode: Mode,
    /// NTP: `-g`, the first update may exceed the panic threshold.
    pub panic_override: bool,
}

/// A link's behaviour in one direction.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Link {
    /// One-way delay range [min, max], s (uniform).
    pub delay: (f64, f64),
    /// Probability a message is lost.
    pub loss: f64,
    /// Probability a message is delivered twice.
    pub duplicate: f64,
}

/// Links by (from, to).
pub type Links = BTreeMap<(NodeId, NodeId), Link>;

/// The longest run, in seconds of true time (27.8 hours).
pub const MAX_UNTIL: f64 = 100_000.0;
/// The most events a run may be expected to record (its report, with
/// every filter run, is then some 50 MB of JSON).
pub const MAX_EVENTS: f64 = 100_000.0;
/// The most nodes.
pub const MAX_NODES: usize = 64;

/// A whole scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// A title, for presets.
    pub title: Option<String>,
    /// What it shows, for presets.
    pub about: Option<String>,
    /// The algorithm.
    pub algorithm: Algorithm,
    /// The discipline's constants.
    pub constants: Constants,
    /// The nodes, in the order written.
    pub nodes: Vec<Node>,
    /// Whom each node polls (its servers; a Berkeley master's machines).
    pub sync: Vec<Vec<NodeId>>,
    /// Every link without its own entry.
    pub default_link: Link,
    /// Links by (from, to).
    pub links: Links,
    /// The poll interval (NTP: where it starts), s.
    pub poll: f64,
    /// Faults.
    pub faults: Vec<Fault>,
    /// The seed of every random choice.
    pub seed: u64,
    /// The run stops at this true time.
    pub until: Time,
    /// The bound of "converged", s.
    pub bound: f64,
    /// Cristian: requests per round (the shortest round trip is kept).
    pub tries: u64,
    /// Cristian: the known minimum one-way delay (default: the links').
    pub min_delay: Option<f64>,
    /// Cristian and Berkeley: how long to wait for a reply, s.
    pub timeout: f64,
    /// Berkeley: the fault-tolerant average keeps the most clocks within this of each other, s.
    pub threshold: f64,
}

const TOP: [&str; 16] = [
    "algorithm",
    "constants",
    "nodes",
    "sync",
    "links",
    "poll",
    "faults",
    "seed",
    "until",
    "title",
    "about",
    "bound",
    "tries",
    "min_delay",
    "timeout",
    "threshold",
];
const NODE: [&str; 8] =
    ["offset", "drift_ppm", "wander_ppm", "jitter", "processing", "stratum", "mode", "panic_override"];

impl Scenario {
    /// Reads and checks a scenario from its text.
    pub fn parse(text: &str) -> Result<Scenario, String> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| format!("the scenario is not JSON: {e}"))?;
        let order = serde_json::from_str::<NodeOrder>(text).ok().and_then(|o| o.nodes).map(|k| k.0);
        Scenario::read(&value, order)
    }

    /// Reads and checks a scenario given as a value (nodes by name order).
    pub fn from_value(value: &Value) -> Result<Scenario, String> {
        Scenario::read(value, None)
    }

    fn read(value: &Value, order: Option<Vec<String>>) -> Result<Scenario, String> {
        let o = Obj::new(value, "the scenario", &TOP)?;
        let algorithm = read_algorithm(&o)?;
        only_for(&o, algorithm)?;
        let nodes = read_nodes(&o, algorithm, order)?;
        let names: Vec<String> = nodes.iter().map(|n| n.name.clone()).collect();
        let sync = read_sync(o.get("sync"), &names, algorithm)?;
        let (default_link, links) = read_links(o.get("links"), &names)?;
        let until = o.within("until", 3600.0, (1.0, MAX_UNTIL))?;
        let s = Scenario {
            title: o.string("title")?.map(str::to_string),
            about: o.string("about")?.map(str::to_string),
            algorithm,
            constants: Constants::read(o.get("constants"))?,
            poll: o.within("poll", 16.0, (1.0, MAX_UNTIL))?,
            faults: faults::read(o.get("faults"), &names)?,
            seed: o.whole("seed", 1, (0, u64::MAX))?,
            until,
            bound: o.within("bound", 0.01, (1e-9, 1e6))?,
            tries: o.whole("tries", 1, (1, 16))?,
            min_delay: o.opt_number("min_delay")?,
            timeout: o.within("timeout", 1.0, (0.001, MAX_UNTIL))?,
            threshold: o.within("threshold", 0.5, (1e-9, 1e6))?,
            nodes,
            sync,
            default_link,
            links,
        };
        s.check()?;
        Ok(s)
    }

    /// Node names, by id.
    pub fn names(&self) -> Vec<String> {
        self.nodes.iter().map(|n| n.name.clone()).collect()
    }

    /// The link from `from` to `to`.
    pub fn link(&self, from: NodeId, to: NodeId) -> Link {
        self.links.get(&(from, to)).copied().unwrap_or(self.default_link)
    }

    /// The checks across fields.
    fn check(&self) -> Result<(), String> {
        if let Some(m) = self.min_delay {
            if !(0.0..=1000.0).contains(&m) {
                return Err(format!(
                    "the scenario: \"min_delay\" is {}; it must be between 0 and 1000",
                    num(m)
                ));
            }
        }
        for (n, node) in self.nodes.iter().enumerate() {
            let place = format!("nodes: \"{}\"", node.name);
            let syncs = !self.sync[n].is_empty();
            if syncs && node.stratum.is_some() {
                return Err(format!(
                    "{place}: \"stratum\" is for a server that syncs to no one here; a node that syncs takes its peer's + 1"
                ));
            }
            if !syncs && (node.mode == Mode::Ntpdate || node.panic_override) {
                return Err(format!("{place}: \"mode\" and \"panic_override\" are for a node that syncs (it has no \"sync\" entry)"));
            }
        }
        if self.algorithm == Algorithm::Ntp {
            let (min, max) = self.constants.poll_range();
            if !(min..=max).contains(&self.poll) {
                return Err(format!(
                    "the scenario: \"poll\" is {}; with these constants it must be between {min} and {max} (2^minpoll to 2^maxpoll)",
                    self.poll
                ));
            }
        }
        let round = if self.algorithm == Algorithm::Cristian {
            self.timeout * self.tries as f64
        } else {
            self.timeout
        };
        if self.algorithm != Algorithm::Ntp && round >= self.poll {
            return Err(format!(
                "the scenario: \"timeout\" {} (times \"tries\" for cristian) must be shorter than \"poll\" {}",
                self.timeout, self.poll
            ));
        }
        self.check_size()
    }

    /// Refuses a run too big to record: too many events, or wandering
    /// clocks over too long a run (each keeps one rate per second).
    fn check_size(&self) -> Result<(), String> {
        let shortest = match self.algorithm {
            Algorithm::Ntp => self.constants.poll_range().0.min(self.poll),
            _ => self.poll,
        };
        let per_round = match self.algorithm {
            Algorithm::Cristian => 4.0 * self.tries as f64,
            Algorithm::Berkeley => 6.0,
            Algorithm::Ntp => 4.0,
        };
        let polled: usize = self.sync.iter().map(Vec::len).sum();
        let events = (self.until / shortest + 1.0) * per_round * polled as f64;
        if events > MAX_EVENTS {
            return Err(format!(
                "the scenario: \"until\" {} with \"poll\" {} makes about {events:.0} events; a run has at most {MAX_EVENTS} (poll less often or stop sooner)",
                self.until, shortest
            ));
        }
        let wandering = self.nodes.iter().filter(|n| n.clock.wander_ppm > 0.0).count();
        if wandering as f64 * self.until > 2e6 {
            return Err(format!(
                "the scenario: {wandering} wandering clocks over \"until\" {} s: a wandering clock keeps a rate per second, and a run keeps at most 2000000",
                self.until
            ));
        }
        Ok(())
    }
}

fn read_algorithm(o: &Obj<'_>) -> Result<Algorithm, String> {
    match o.string("algorithm")? {
        Some("cristian") => Ok(Algorithm::Cristian),
        Some("berkeley") => Ok(Algorithm::Berkeley),
        Some("ntp") => Ok(Algorithm::Ntp),
        None => Err("the scenario: \"algorithm\" is missing (cristian, berkeley or ntp)".into()),
        Some(other) => {
            let hint = crate::core::known_fields::did_you_mean(other, &["cristian", "berkeley", "ntp"]);
            Err(format!("the scenario: \"algorithm\" \"{other}\"{hint} is none of cristian, berkeley, ntp"))
        }
    }
}

/// Refuses a setting the algorithm does not read.
fn only_for(o: &Obj<'_>, algorithm: Algorithm) -> Result<(), String> {
    let owners: [(&str, &[Algorithm]); 4] = [
        ("tries", &[Algorithm::Cristian]),
        ("min_delay", &[Algorithm::Cristian]),
        ("timeout", &[Algorithm::Cristian, Algorithm::Berkeley]),
        ("threshold", &[Algorithm::Berkeley]),
    ];
    for (key, algorithms) in owners {
        if o.get(key).is_some() && !algorithms.contains(&algorithm) {
            let of: Vec<&str> = algorithms.iter().map(|a| a.name()).collect();
            return Err(
                o.err(key, &format!("is a setting of {}, not of {}", of.join(" and "), algorithm.name()))
            );
        }
    }
    Ok(())
}

fn read_nodes(o: &Obj<'_>, algorithm: Algorithm, order: Option<Vec<String>>) -> Result<Vec<Node>, String> {
    let value = o.get("nodes").ok_or("the scenario: \"nodes\" is missing")?;
    let all = Obj::any(value, "nodes")?;
    let mut list: Vec<(&String, &Value)> = all.entries().collect();
    if let Some(order) = order {
        if let Some(twice) = order.iter().enumerate().find(|(i, k)| order[..*i].contains(k)) {
            return Err(format!("nodes: \"{}\" is given twice", twice.1));
        }
        list.sort_by_key(|(name, _)| order.iter().position(|k| k == *name));
    }
    if list.is_empty() || list.len() > MAX_NODES {
        return Err(format!("nodes: there must be 1 to {MAX_NODES} nodes, not {}", list.len()));
    }
    let mut nodes: Vec<Node> = Vec::new();
    for (name, spec) in list {
        check_name(name, &nodes)?;
        nodes.push(read_node(name, spec, algorithm)?);
    }
    Ok(nodes)
}

fn check_name(name: &str, before: &[Node]) -> Result<(), String> {
    if name.is_empty() || name.contains("->") || name.chars().any(char::is_control) {
        return Err(format!(
            "nodes: \"{name}\" is no name: a name is not empty and has no \"->\" or control characters"
        ));
    }
    if let Some(other) = before.iter().find(|n| n.name.eq_ignore_ascii_case(name)) {
        return Err(format!(
            "nodes: \"{name}\" and \"{}\" differ only in case (event ids are lowercase)",
            other.name
        ));
    }
    Ok(())
}

fn read_node(name: &str, spec: &Value, algorithm: Algorithm) -> Result<Node, String> {
    let o = Obj::new(spec, &format!("nodes: \"{name}\""), &NODE)?;
    for key in ["stratum", "mode", "panic_override"] {
        if algorithm != Algorithm::Ntp && o.get(key).is_some() {
            return Err(o.err(key, &format!("is an NTP setting; the algorithm is {}", algorithm.name())));
        }
    }
    let mode = match o.string("mode")? {
        None | Some("ntpd") => Mode::Ntpd,
        Some("ntpdate") => Mode::Ntpdate,
        Some(other) => return Err(o.err("mode", &format!("is \"{other}\"; it is \"ntpd\" or \"ntpdate\""))),
    };
    Ok(Node {
        name: name.to_string(),
        clock: ClockSpec {
            offset: o.within("offset", 0.0, (-1e6, 1e6))?,
            drift_ppm: o.within("drift_ppm", 0.0, (-100_000.0, 100_000.0))?,
            wander_ppm: o.within("wander_ppm", 0.0, (0.0, 10_000.0))?,
        },
        jitter: o.within("jitter", 0.0, (0.0, 1.0))?,
        processing: o.within("processing", 0.0, (0.0, 10.0))?,
        stratum: match o.get("stratum") {
            None => None,
            Some(_) => Some(o.whole("stratum", 0, (1, 16))? as u32),
        },
        mode,
        panic_override: o.flag("panic_override")?,
    })
}

fn read_sync(
    value: Option<&Value>,
    nodes: &[String],
    algorithm: Algorithm,
) -> Result<Vec<Vec<NodeId>>, String> {
    let mut sync = vec![Vec::new(); nodes.len()];
    let Some(value) = value else { return Ok(sync) };
    let keys: Vec<&str> = nodes.iter().map(String::as_str).collect();
    let o = Obj::new(value, "sync", &keys)?;
    for (name, list) in o.entries() {
        let place = format!("sync: \"{name}\"");
        let me = node(nodes, name, "sync")?;
        let mut servers = Vec::new();
        for server in names(list, &place)? {
            let s = node(nodes, &server, &place)?;
            if s == me || servers.contains(&s) {
                return Err(format!("{place}: \"{server}\" is listed twice or is the node itself"));
            }
            servers.push(s);
        }
        let one = algorithm == Algorithm::Cristian && servers.len() != 1;
        if servers.is_empty() || one {
            let want =
                if algorithm == Algorithm::Cristian { "exactly one server" } else { "at least one node" };
            return Err(format!("{place}: a {} node names {want}", algorithm.name()));
        }
        sync[me] = servers;
    }
    let syncing = sync.iter().filter(|s| !s.is_empty()).count();
    if algorithm == Algorithm::Berkeley && syncing > 1 {
        return Err(
            "sync: berkeley has one master: \"sync\" has one entry, the master and the machines it polls"
                .into(),
        );
    }
    check_strata(&sync, nodes)?;
    Ok(sync)
}

/// Refuses a cycle of synchronisation: a server's stratum is its sync
/// peer's + 1, so strata cannot go round.
fn check_strata(sync: &[Vec<NodeId>], nodes: &[String]) -> Result<(), String> {
    // Depth first (at most MAX_NODES deep): 0 unseen, 1 on the path, 2 done.
    fn visit(
        n: NodeId,
        sync: &[Vec<NodeId>],
        mark: &mut [u8],
        path: &mut Vec<NodeId>,
        nodes: &[String],
    ) -> Result<(), String> {
        mark[n] = 1;
        path.push(n);
        for &m in &sync[n] {
            if mark[m] == 1 {
                let start = path.iter().position(|&p| p == m).unwrap_or(0);
                let cycle: Vec<String> =
                    path[start..].iter().chain([&m]).map(|&p| format!("\"{}\"", nodes[p])).collect();
                return Err(format!(
                    "sync: {} is a cycle (a server's stratum is its sync peer's + 1, so synchronisation cannot go round)",
                    cycle.join(" -> ")
                ));
            }
            if mark[m] == 0 {
                visit(m, sync, mark, path, nodes)?;
            }
        }
        path.pop();
        mark[n] = 2;
        Ok(())
    }
    let mut mark = vec![0u8; nodes.len()];
    for n in 0..nodes.len() {
        if mark[n] == 0 {
            visit(n, sync, &mut mark, &mut Vec::new(), nodes)?;
        }
    }
    Ok(())
}

fn read_links(value: Option<&Value>, nodes: &[String]) -> Result<(Link, Links), String> {
    let start = Link { delay: (0.01, 0.05), loss: 0.0, duplicate: 0.0 };
    let mut links = BTreeMap::new();
    let Some(value) = value else { return Ok((start, links)) };
    let o = Obj::any(value, "links")?;
    let default = match o.get("default") {
        Some(v) => read_link(v, "links: \"default\"", start)?,
        None => start,
    };
    for (key, v) in o.entries().filter(|(k, _)| *k != "default") {
        let place = format!("links: \"{key}\"");
        let Some((a, b)) = key.split_once("->") else {
            return Err(format!("{place}: a link is \"default\" or \"A->B\" (one direction)"));
        };
        let (from, to) = (node(nodes, a, &place)?, node(nodes, b, &place)?);
        if from == to {
            return Err(format!("{place}: a link joins two different nodes"));
        }
        links.insert((from, to), read_link(v, &place, default)?);
    }
    Ok((default, links))
}

fn read_link(value: &Value, place: &str, base: Link) -> Result<Link, String> {
    let o = Obj::new(value, place, &["delay", "loss", "duplicate"])?;
    let delay = o.range("delay")?.unwrap_or(base.delay);
    if !(0.0 <= delay.0 && delay.0 <= delay.1 && delay.1 <= 100.0) {
        return Err(o.err(
            "delay",
            &format!("is [{}, {}]; it must be [min, max] with 0 ≤ min ≤ max ≤ 100", delay.0, delay.1),
        ));
    }
    Ok(Link {
        delay,
        loss: o.within("loss", base.loss, (0.0, 1.0))?,
        duplicate: o.within("duplicate", base.duplicate, (0.0, 1.0))?,
    })
}

/// The order of the keys of `"nodes"` as written (serde_json's maps sort
/// them).
#[derive(Deserialize)]
struct NodeOrder {
    #[serde(default)]
    nodes: Option<Keys>,
}

struct Keys(Vec<String>);

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Keys, D::Error> {
        struct KeysVisitor;
        impl<'de> Visitor<'de> for KeysVisitor {
            type Value = Keys;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(key);
                }
                Ok(Keys(keys))
            }
        }
        d.deserialize_map(KeysVisitor)
    }
}
