//! Any durations a scenario may give: it is refused by name, or its run
//! ends within the simulator's event bound. (A timeout of 1e-300 used to
//! loop without time moving; 0.001 over 10,000 units ran out of memory.)
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::sim::engine::MAX_RUN_EVENTS;
use lightcone::core::sim::outcome;
use lightcone::core::sim::scenario::Scenario;
use proptest::prelude::*;

/// A duration anywhere from 1e-300 to 1000, or a small number of units.
fn duration() -> impl Strategy<Value = f64> {
    prop_oneof![
        1 => (-300i32..4).prop_map(|k| 10f64.powi(k)),
        4 => 0.0009f64..20.0,
        2 => 0.001f64..0.01,
        1 => Just(0.0),
        1 => Just(-1.0),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn every_scenario_is_refused_by_name_or_runs_within_the_bound(
        protocol in prop_oneof![Just("2pc"), Just("3pc")],
        (vote, decision, ack) in (duration(), duration(), duration()),
        until in prop_oneof![1.0f64..100.0, Just(10_000.0)],
        crash in 0.0f64..10.0,
        by in duration(),
    ) {
        let text = serde_json::json!({
            "protocol": protocol, "participants": 3,
            "timeouts": {"vote": vote, "decision": decision, "ack": ack},
            "faults": [{"crash": {"node": "C", "at": crash}}, {"delay": {"from": "P1", "to": "C", "nth": 1, "by": by}}],
            "until": until,
        }).to_string();
        match Scenario::parse(&text) {
            Err(e) => prop_assert!(e.contains("a duration is at least 0.001") || e.contains("must be positive"), "{e}"),
            Ok(s) => {
                let run = outcome::run(&s);
                // One handled step records at most its event and a batch of sends.
                prop_assert!(run.record.events.len() <= MAX_RUN_EVENTS + 2, "{}", run.record.events.len());
                let stopped = run.record.stopped;
                prop_assert!(stopped.is_some() || run.record.events.len() < MAX_RUN_EVENTS);
                prop_assert!(stopped.is_none_or(|t| t <= until));
            }
        }
    }
}
