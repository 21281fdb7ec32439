//! A random workload: inputs the scenario does not list one by one, drawn
//! from its seed so a run replays exactly. Arrivals form a Poisson process
//! (gaps drawn from an exponential distribution of the given mean, the
//! textbook model of independent clients); each goes to a node chosen
//! uniformly among the named ones, and what it carries is the protocol's
//! to say ([`Protocol::workload_input`]). The timed engine gives each input
//! at its time; the explorer, which has no time, gives them in every order
//! its bounds allow, like any listed input.

use super::env::Env;
use super::protocol::Protocol;
use super::scenario::Input;
use super::{check_duration, Time};
use rand_core::Rng;
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// The most inputs a workload draws.
pub const MAX_WORKLOAD: usize = 10_000;

/// Tells the workload's draws apart from the model's (link delays, drops),
/// which come from the same seed: adding a workload leaves those as they were.
const STREAM: u64 = 0x776f_726b_6c6f_6164;

/// `"workload": {"count": 20, "every": 1.5, "from": 0, "nodes": ["P1"]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    /// How many inputs.
    pub count: usize,
    /// The mean gap between two (time units).
    pub every: Time,
    /// When the first gap starts.
    #[serde(default)]
    pub from: Time,
    /// The nodes that get them (all when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<String>,
}

/// A scenario's `"workload"`: arrivals drawn as [`Workload`] says
/// (`{"count", "every", ...}`), or a form of the protocol's own (VR's list
/// of requests, or `{"random": ...}`), which the protocol reads
/// ([`Protocol::own_workload`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum WorkloadSpec {
    /// Arrivals drawn from the seed.
    Drawn(Workload),
    /// The protocol's own form.
    Own(Value),
}

impl<'de> Deserialize<'de> for WorkloadSpec {
    /// An object without `"random"` is the drawn form (so its misspelt
    /// fields are refused by name); anything else is the protocol's.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        match &v {
            Value::Object(o) if !o.contains_key("random") => {
                Workload::deserialize(v).map(WorkloadSpec::Drawn).map_err(serde::de::Error::custom)
            }
            _ => Ok(WorkloadSpec::Own(v)),
        }
    }
}

impl WorkloadSpec {
    /// The inputs it gives `env`'s protocol with `seed`, in the order drawn.
    pub fn inputs<P: Protocol>(&self, env: &Env<'_, P>, seed: u64) -> Result<Vec<Input>, String> {
        match self {
            WorkloadSpec::Drawn(w) => w.inputs(env, seed),
            WorkloadSpec::Own(v) => env.protocol.own_workload(v, seed),
        }
    }
}

impl Workload {
    /// The inputs it draws with `seed`, in time order, as a scenario would
    /// list them; refuses a protocol that takes none, and bad fields by name.
    pub fn inputs<P: Protocol>(&self, env: &Env<'_, P>, seed: u64) -> Result<Vec<Input>, String> {
        self.check()?;
        let names = if self.nodes.is_empty() { env.protocol.names() } else { self.nodes.clone() };
        for n in &names {
            env.node(n).map_err(|e| format!("nodes: {e}"))?;
        }
        let mut rng = Pcg64Mcg::new(u128::from(seed) << 64 | u128::from(STREAM));
        let mut at = self.from;
        let mut inputs = Vec::with_capacity(self.count);
        for k in 0..self.count {
            let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            at += -self.every * (1.0 - u).ln();
            let node = names[(rng.next_u64() % names.len() as u64) as usize].clone();
            let input =
                env.protocol.workload_input(k).ok_or("this protocol takes no inputs, so no workload")?;
            inputs.push(Input { node, at, input });
        }
        Ok(inputs)
    }

    fn check(&self) -> Result<(), String> {
        if self.count == 0 || self.count > MAX_WORKLOAD {
            return Err(format!("\"count\" is {}; a workload draws 1 to {MAX_WORKLOAD} inputs", self.count));
        }
        check_duration("every", self.every, false)?;
        if !(self.from.is_finite() && self.from >= 0.0) {
            return Err(format!("\"from\" is {:?}; a time is 0 or more", self.from));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::core::sim::broadcast::{Broadcast, Config};
    use crate::core::sim::explore::{explore, Bounds, Finding};
    use crate::core::sim::outcome::run;
    use crate::core::sim::scenario::{Input, Scenario};

    fn broadcast(workload: &str, seed: u64) -> Result<Scenario, String> {
        Scenario::parse(&format!(
            r#"{{"protocol": "broadcast", "nodes": 3, "seed": {seed}, "workload": {workload}}}"#
        ))
    }

    fn drawn(s: &Scenario) -> Vec<Input> {
        let protocol = Broadcast::new(Config { nodes: 3 });
        s.all_inputs(&s.env(&protocol).unwrap()).unwrap()
    }

    #[test]
    fn a_workload_replays_from_its_seed_in_time_order_at_the_nodes_named() {
        let w = r#"{"count": 6, "every": 2, "from": 5, "nodes": ["P2", "P3"]}"#;
        let first = drawn(&broadcast(w, 7).unwrap());
        assert_eq!(first, drawn(&broadcast(w, 7).unwrap()), "the same seed draws the same inputs");
        assert_ne!(first, drawn(&broadcast(w, 8).unwrap()), "another seed draws others");
        let names: Vec<&str> = first.iter().map(|x| x.input.as_str().unwrap()).collect();
        assert_eq!(names, ["w1", "w2", "w3", "w4", "w5", "w6"]);
        assert!(first.windows(2).all(|p| p[0].at < p[1].at) && first[0].at > 5.0);
        assert!(first.iter().all(|x| x.node == "P2" || x.node == "P3"));
    }

    #[test]
    fn gaps_are_exponential_with_the_mean_asked_and_nodes_uniform() {
        let inputs = drawn(&broadcast(r#"{"count": 10000, "every": 1.5}"#, 1).unwrap());
        let mean = inputs.last().unwrap().at / inputs.len() as f64;
        // The mean of 10,000 exponential gaps is within 3% (two standard errors) of 1.5.
        assert!((mean - 1.5).abs() < 0.045, "mean gap {mean}");
        // An exponential gap is under its mean with probability 1 - 1/e.
        let gaps: Vec<f64> =
            std::iter::once(inputs[0].at).chain(inputs.windows(2).map(|p| p[1].at - p[0].at)).collect();
        let short = gaps.iter().filter(|&&g| g < 1.5).count() as f64 / gaps.len() as f64;
        assert!((short - (1.0 - (-1.0f64).exp())).abs() < 0.02, "{short}");
        for node in ["P1", "P2", "P3"] {
            let share = inputs.iter().filter(|x| x.node == node).count() as f64 / inputs.len() as f64;
            assert!((share - 1.0 / 3.0).abs() < 0.02, "{node}: {share}");
        }
    }

    #[test]
    fn a_timed_run_and_the_explorer_both_take_the_workload() {
        let s = broadcast(r#"{"count": 4, "every": 1}"#, 3).unwrap();
        let out = run(&s);
        assert!(out.holds("agreement") && out.holds("no creation"));
        for k in 1..=4 {
            let label = format!("w{k}");
            assert!(out.record.messages.iter().any(|m| m.label == label), "{label} was broadcast");
        }
        let one = explore(&broadcast(r#"{"count": 1, "every": 1}"#, 3).unwrap(), &Bounds::default());
        let two = explore(&broadcast(r#"{"count": 2, "every": 1}"#, 3).unwrap(), &Bounds::default());
        assert!(two.properties.iter().all(|p| p.finding == Finding::Holds), "{:?}", two.properties);
        assert!(
            two.states > one.states,
            "the second input is explored: {} states against {}",
            two.states,
            one.states
        );
    }

    #[test]
    fn a_bad_workload_is_refused_by_name() {
        let refused = |w: &str| broadcast(w, 1).unwrap_err();
        assert_eq!(
            refused(r#"{"count": 0, "every": 1}"#),
            "workload: \"count\" is 0; a workload draws 1 to 10000 inputs"
        );
        assert!(refused(r#"{"count": 2, "every": 1e-300}"#)
            .starts_with("workload: \"every\" is 1e-300; a duration is at least 0.001"));
        assert!(refused(r#"{"count": 2, "evry": 1}"#).contains("(did you mean `every`?)"));
        assert!(refused(r#"{"count": 2, "every": 1, "nodes": ["P9"]}"#).starts_with("workload: nodes: "));
        let commit =
            Scenario::parse(r#"{"protocol": "2pc", "workload": {"count": 2, "every": 1}}"#).unwrap_err();
        assert_eq!(commit, "workload: this protocol takes no inputs, so no workload");
    }
}
