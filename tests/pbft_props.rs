//! Property tests for PBFT: with at most f Byzantine replicas, each with
//! any of the framework's behaviours, the correct replicas agree on every
//! executed sequence number, never prepare another request where one was
//! executed, and the clients' history is linearizable, on random
//! workloads and schedules (partial synchrony, random delays before GST);
//! and after GST every request is answered. With 10% of messages lost,
//! safety still holds.
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::sim::outcome::run;
use lightcone::core::sim::scenario::Scenario;
use proptest::prelude::*;

const BEHAVIOURS: [&str; 4] = ["silent", "equivocate", "replay", "lie"];

fn scenario(replicas: usize, byzantine: &[(usize, usize)], checkpoint: u64, seed: u64) -> Scenario {
    lossy(replicas, byzantine, checkpoint, seed, 0.0)
}

/// As [`scenario`], each message lost with probability `loss`.
fn lossy(replicas: usize, byzantine: &[(usize, usize)], checkpoint: u64, seed: u64, loss: f64) -> Scenario {
    let byz: Vec<String> =
        byzantine.iter().map(|(r, b)| format!(r#""R{}": "{}""#, r + 1, BEHAVIOURS[*b])).collect();
    Scenario::parse(&format!(
        r#"{{"protocol": "pbft", "replicas": {replicas}, "clients": 2, "checkpoint": {checkpoint},
            "window": {window}, "workload": {{"random": {{"ops": 8, "keys": 2, "every": 2, "from": 1}}}},
            "model": {{"links": {links}, "nodes": "crash-stop",
                       "timing": {{"partially-synchronous": {{"gst": 20, "delay": 1, "max_before": 4}}}},
                       "byzantine": {{{}}}}},
            "seed": {seed}, "until": 400}}"#,
        byz.join(", "),
        window = 2 * checkpoint,
        links = if loss > 0.0 {
            format!(r#"{{"fair-loss": {{"loss": {loss}}}}}"#)
        } else {
            r#""reliable""#.into()
        },
    ))
    .unwrap()
}

/// Up to f distinct replicas of `replicas`, each with a behaviour.
fn byzantine(replicas: usize) -> impl Strategy<Value = Vec<(usize, usize)>> {
    proptest::collection::btree_map(0..replicas, 0..BEHAVIOURS.len(), 0..=(replicas - 1) / 3)
        .prop_map(|m| m.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn with_at_most_f_byzantine_replicas_pbft_is_safe_and_live(
        replicas in prop_oneof![Just(4usize), Just(7)],
        faulty in byzantine(7),
        checkpoint in prop_oneof![Just(1u64), Just(2), Just(4)],
        seed in 1..1000u64,
    ) {
        let f = (replicas - 1) / 3;
        let faulty: Vec<_> = faulty.into_iter().filter(|(r, _)| *r < replicas).take(f).collect();
        let out = run(&scenario(replicas, &faulty, checkpoint, seed));
        for p in ["agreement", "durability", "linearizable"] {
            prop_assert!(out.holds(p), "{} fails with {:?}, n = {}, K = {}, seed {}", p, faulty, replicas, checkpoint, seed);
        }
        // §4.5.2: after GST every request is answered.
        prop_assert!(out.holds("liveness"), "liveness fails with {:?}, n = {}, K = {}, seed {}", faulty, replicas, checkpoint, seed);
        prop_assert_eq!(out.count("requests"), Some(8));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Lost messages are not sent again within a view (docs/pbft.md), so
    /// only safety is promised here.
    #[test]
    fn with_lossy_links_pbft_stays_safe(
        faulty in byzantine(4),
        seed in 1..1000u64,
    ) {
        let out = run(&lossy(4, &faulty, 2, seed, 0.1));
        for p in ["agreement", "durability", "linearizable"] {
            prop_assert!(out.holds(p), "{} fails with {:?}, seed {}", p, faulty, seed);
        }
    }
}
