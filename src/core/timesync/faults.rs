//! Faults, as actions at their times. Each is an object with one key, the
//! fault's kind; `from` and `until` (seconds of true time) bound it, from
//! the start and for ever when not given:
//!
//! ```json
//! [{"falseticker": {"node": "S4", "offset": 10}},
//!  {"clock-jump": {"node": "client", "at": 1200, "by": 0.5}},
//!  {"wrong-stratum": {"node": "S3", "stratum": 1, "from": 600}},
//!  {"unreachable": {"node": "S2", "from": 300, "until": 900}},
//!  {"partition": {"groups": [["client", "S1"], ["S2", "S3"]], "from": 600, "until": 1200}},
//!  {"jitter": {"extra": 0.4, "node": "S1", "from": 600, "until": 900}}]
//! ```
//!
//! - `falseticker`: the node's clock reads `offset` seconds wrong while the
//!   others agree (a broken reference clock);
//! - `clock-jump`: the node's clock jumps by `by` seconds at `at` (a VM
//!   resumed, an operator's mistake) and its software must notice;
//! - `wrong-stratum`: the node announces `stratum` instead of its own;
//! - `unreachable`: every message to or from the node is lost;
//! - `partition`: messages between different groups are lost (a node in
//!   no group is cut off from every other);
//! - `jitter`: a burst of congestion: each message sent to or from `node`
//!   (any message, without `node`) takes up to `extra` seconds longer.
//!
//! Asymmetric routes are links (`"links": {"client->S2": …}`), and a huge
//! initial offset (the panic case) is a node's `offset`.

use super::read::{kind, names, node, Obj};
use crate::core::sim::model::uniform;
use crate::core::sim::{NodeId, Time};
use rand_pcg::Pcg64Mcg;
use serde_json::Value;

/// When a fault is in force: from `from` until `until` (for ever: none).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// Start, true time.
    pub from: Time,
    /// End, true time.
    pub until: Option<Time>,
}

impl Window {
    /// In force at `t`.
    pub fn holds(&self, t: Time) -> bool {
        self.from <= t && self.until.is_none_or(|u| t < u)
    }
}

/// A fault.
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// The node's clock reads `offset` more while in force.
    Falseticker {
        /// The node.
        node: NodeId,
        /// Its error, s.
        offset: f64,
        /// When.
        window: Window,
    },
    /// The node's clock jumps by `by` at `at`.
    ClockJump {
        /// The node.
        node: NodeId,
        /// The jump, s.
        by: f64,
        /// When.
        at: Time,
    },
    /// The node announces `stratum` while in force.
    WrongStratum {
        /// The node.
        node: NodeId,
        /// What it announces.
        stratum: u32,
        /// When.
        window: Window,
    },
    /// Messages to and from the node are lost.
    Unreachable {
        /// The node.
        node: NodeId,
        /// When.
        window: Window,
    },
    /// Messages between groups are lost.
    Partition {
        /// Each node's group (none: alone).
        sides: Vec<Option<usize>>,
        /// The groups, as given.
        groups: Vec<Vec<NodeId>>,
        /// When.
        window: Window,
    },
    /// The `nth` message (from 1) from one node to another takes exactly
    /// `delay` (a leg of an exchange dragged on the diagram).
    Delay {
        /// The sender.
        from: NodeId,
        /// The receiver.
        to: NodeId,
        /// Which of the messages between them, from 1.
        nth: usize,
        /// Its one-way delay, s.
        delay: f64,
    },
    /// Messages touching `node` (any, without one) take up to `extra` longer.
    Jitter {
        /// The node, if one.
        node: Option<NodeId>,
        /// The largest extra delay, s.
        extra: f64,
        /// When.
        window: Window,
    },
}

/// The most faults a scenario lists (every message consults them all).
pub const MAX_FAULTS: usize = 256;

/// The fault kinds, for messages.
const KINDS: [&str; 7] =
    ["falseticker", "clock-jump", "wrong-stratum", "unreachable", "partition", "jitter", "delay"];

/// Reads `"faults"` over the nodes called `nodes`.
pub(crate) fn read(value: Option<&Value>, nodes: &[String]) -> Result<Vec<Fault>, String> {
    let Some(value) = value else { return Ok(Vec::new()) };
    let Value::Array(items) = value else {
        return Err(format!("\"faults\" must be a list, not {}", kind(value)));
    };
    if items.len() > MAX_FAULTS {
        return Err(format!("\"faults\" lists {}; a scenario has at most {MAX_FAULTS}", items.len()));
    }
    items.iter().enumerate().map(|(i, item)| read_one(item, &format!("faults[{i}]"), nodes)).collect()
}

fn read_one(item: &Value, place: &str, nodes: &[String]) -> Result<Fault, String> {
    let single = item.as_object().filter(|o| o.len() == 1);
    let Some((name, body)) = single.and_then(|o| o.iter().next()) else {
        return Err(format!("{place}: a fault is an object with one key, its kind ({})", KINDS.join(", ")));
    };
    let at = format!("{place}: \"{name}\"");
    let keys: &[&str] = match name.as_str() {
        "falseticker" => &["node", "offset", "from", "until"],
        "clock-jump" => &["node", "by", "at"],
        "wrong-stratum" => &["node", "stratum", "from", "until"],
        "unreachable" => &["node", "from", "until"],
        "partition" => &["groups", "from", "until"],
        "jitter" => &["node", "extra", "from", "until"],
        "delay" => &["from", "to", "nth", "delay"],
        other => {
            let hint = crate::core::known_fields::did_you_mean(other, &KINDS);
            return Err(format!(
                "{place}: unknown fault \"{other}\"{hint} (faults are {})",
                KINDS.join(", ")
            ));
        }
    };
    let o = Obj::new(body, &at, keys)?;
    let who = |o: &Obj<'_>| -> Result<NodeId, String> {
        let name = o.string("node")?.ok_or_else(|| o.err("node", "is missing"))?;
        node(nodes, name, o.place())
    };
    let required = |key: &str, range: (f64, f64)| -> Result<f64, String> {
        o.get(key).ok_or_else(|| o.err(key, "is missing"))?;
        o.within(key, 0.0, range)
    };
    Ok(match name.as_str() {
        "falseticker" => Fault::Falseticker {
            node: who(&o)?,
            offset: required("offset", (-1e6, 1e6))?,
            window: window(&o)?,
        },
        "clock-jump" => Fault::ClockJump {
            node: who(&o)?,
            by: required("by", (-1e6, 1e6))?,
            at: required("at", (0.0, 1e6))?,
        },
        "wrong-stratum" => {
            o.get("stratum").ok_or_else(|| o.err("stratum", "is missing"))?;
            Fault::WrongStratum {
                node: who(&o)?,
                stratum: o.whole("stratum", 0, (1, 16))? as u32,
                window: window(&o)?,
            }
        }
        "unreachable" => Fault::Unreachable { node: who(&o)?, window: window(&o)? },
        "partition" => partition(&o, nodes)?,
        "delay" => {
            let end = |key: &str| -> Result<NodeId, String> {
                let name = o.string(key)?.ok_or_else(|| o.err(key, "is missing"))?;
                node(nodes, name, o.place())
            };
            o.get("nth").ok_or_else(|| o.err("nth", "is missing"))?;
            Fault::Delay {
                from: end("from")?,
                to: end("to")?,
                nth: o.whole("nth", 1, (1, 1_000_000))? as usize,
                delay: required("delay", (0.0, 100.0))?,
            }
        }
        _ => {
            let node = if o.get("node").is_some() { Some(who(&o)?) } else { None };
            Fault::Jitter { node, extra: required("extra", (0.0, 100.0))?, window: window(&o)? }
        }
    })
}

fn window(o: &Obj<'_>) -> Result<Window, String> {
    let from = o.within("from", 0.0, (0.0, 1e6))?;
    let until = o.opt_number("until")?;
    if let Some(u) = until {
        if u <= from {
            return Err(o.err("until", &format!("is {u}; it must be after \"from\" ({from})")));
        }
    }
    Ok(Window { from, until })
}

fn partition(o: &Obj<'_>, nodes: &[String]) -> Result<Fault, String> {
    let list = o.get("groups").ok_or_else(|| o.err("groups", "is missing"))?;
    let Value::Array(list) = list else { return Err(o.err("groups", "must be a list of lists of names")) };
    let mut sides = vec![None; nodes.len()];
    let mut groups = Vec::new();
    for (g, members) in list.iter().enumerate() {
        let place = format!("{}: \"groups\"[{g}]", o.place());
        let mut group = Vec::new();
        for name in names(members, &place)? {
            let n = node(nodes, &name, &place)?;
            if sides[n].is_some() {
                return Err(format!("{place}: \"{name}\" is in two groups"));
            }
            sides[n] = Some(g);
            group.push(n);
        }
        groups.push(group);
    }
    Ok(Fault::Partition { sides, groups, window: window(o)? })
}

/// The faults of a run, asked about messages and announcements.
pub(crate) struct Faults<'a>(pub &'a [Fault]);

impl Faults<'_> {
    /// Whether a message from `from` to `to` sent at `t` is lost.
    pub fn lost(&self, from: NodeId, to: NodeId, t: Time) -> bool {
        self.0.iter().any(|f| match f {
            Fault::Unreachable { node, window } => window.holds(t) && (*node == from || *node == to),
            Fault::Partition { sides, window, .. } => {
                window.holds(t) && (sides[from].is_none() || sides[from] != sides[to])
            }
            _ => false,
        })
    }

    /// The extra delay of a message from `from` to `to` sent at `t`.
    pub fn extra(&self, from: NodeId, to: NodeId, t: Time, rng: &mut Pcg64Mcg) -> f64 {
        let mut extra = 0.0;
        for f in self.0 {
            if let Fault::Jitter { node, extra: x, window } = f {
                if window.holds(t) && node.is_none_or(|n| n == from || n == to) {
                    extra += uniform(rng) * x;
                }
            }
        }
        extra
    }

    /// The delay the `nth` message from `from` to `to` must take, if a
    /// fault fixes it.
    pub fn fixed(&self, from: NodeId, to: NodeId, nth: usize) -> Option<f64> {
        self.0.iter().rev().find_map(|f| match f {
            Fault::Delay { from: a, to: b, nth: k, delay } if (*a, *b, *k) == (from, to, nth) => Some(*delay),
            _ => None,
        })
    }

    /// The stratum `node` announces at `t` instead of its own, if any.
    pub fn stratum(&self, node: NodeId, t: Time) -> Option<u32> {
        self.0.iter().find_map(|f| match f {
            Fault::WrongStratum { node: n, stratum, window } if *n == node && window.holds(t) => {
                Some(*stratum)
            }
            _ => None,
        })
    }
}
