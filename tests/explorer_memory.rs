//! The explorer's memory budget: a search stops within it and says the
//! budget stopped it; within a budget it is the same search.
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::sim::explore::{explore, Bounds, Finding, Verdict};
use lightcone::core::sim::scenario::Scenario;

fn three_pc() -> Scenario {
    Scenario::parse(r#"{"protocol": "3pc", "participants": 3}"#).unwrap()
}

fn faulty(memory: usize) -> Bounds {
    Bounds { crashes: 3, drops: 3, partitions: 1, memory, ..Bounds::default() }
}

#[test]
fn a_small_budget_stops_the_search_and_says_so() {
    let s = three_pc();
    let v = explore(&s, &Bounds { memory: 4 << 20, ..Bounds::default() });
    assert!(v.truncated && v.memory_cut, "{v:?}");
    // Stopped, so nothing is claimed to hold.
    assert!(v.properties.iter().all(|p| p.finding != Finding::Holds), "{:?}", v.properties);
    let report = v.to_json(&s, &Bounds { memory: 4 << 20, ..Bounds::default() });
    assert_eq!(report["memory_cut"], true);
    assert_eq!(report["truncated"], true);
    assert_eq!(report["bounds"]["memory_mib"], 4);
}

#[test]
fn states_grow_with_the_budget_and_a_budget_that_suffices_changes_nothing() {
    let s = three_pc();
    let counts: Vec<Verdict> =
        [2usize << 20, 8 << 20, 32 << 20].iter().map(|&m| explore(&s, &faulty(m))).collect();
    assert!(counts.iter().all(|v| v.memory_cut));
    assert!(counts.windows(2).all(|w| w[0].states < w[1].states), "{:?}", counts.iter().map(|v| v.states));
    // The pinned figure (tests/explorer_counts.rs) is reached, by the same
    // search, under the default budget.
    let whole = explore(&s, &Bounds::default());
    assert_eq!((whole.states, whole.memory_cut, whole.truncated), (178_604, false, false));
}

#[test]
fn the_budget_bounds_what_the_tables_hold_per_state() {
    // 32 MiB stops the faulty 3PC search at a number of states that says
    // what a state costs: at most 1 KiB each, counting every table.
    let v = explore(&three_pc(), &faulty(32 << 20));
    assert!(v.memory_cut);
    assert!(v.states >= 32 << 10, "{} states in 32 MiB", v.states);
}
