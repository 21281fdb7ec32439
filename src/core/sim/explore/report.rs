//! The report `lightcone explore` prints.

use super::{Bounds, Finding, Verdict};
use crate::core::sim::scenario::Scenario;
use serde_json::{json, Map, Value};

impl Verdict {
    /// `{"properties": {name: "holds" | "violated" | "unknown"}, "states",
    /// "truncated", "memory_cut", "depth_cut", "bounds", "counterexample"}`, and for 2PC
    /// and 3PC the `atomicity` and `blocking` keys their reports had before
    /// properties were declared.
    pub fn to_json(&self, scenario: &Scenario, bounds: &Bounds) -> Value {
        let properties: Map<String, Value> = self
            .properties
            .iter()
            .map(|p| {
                let word = match p.finding {
                    Finding::Holds => "holds",
                    Finding::Violated(_) => "violated",
                    Finding::Unknown => "unknown",
                };
                (p.name.to_string(), json!(word))
            })
            .collect();
        let mut report = json!({
            "properties": properties,
            "states": self.states,
            "truncated": self.truncated,
            "memory_cut": self.memory_cut,
            "depth_cut": self.depth_cut,
            "bounds": {
                "crashes": bounds.crashes,
                "drops": bounds.drops,
                "partitions": bounds.partitions,
                "recoveries": bounds.recoveries,
                "depth": bounds.depth,
                "memory_mib": bounds.memory >> 20,
                "symmetry": bounds.symmetry,
            },
            "counterexample": self.counterexample(scenario),
        });
        if scenario.protocol.commit().is_some() {
            let violated = |name| self.violation(name).is_some();
            report["atomicity"] = json!(if violated("atomicity") { "violated" } else { "holds" });
            report["blocking"] = json!(if violated("termination") { "possible" } else { "impossible" });
        }
        report
    }
}
