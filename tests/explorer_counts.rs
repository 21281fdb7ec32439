//! The explorer's state counts with three participants, pinned: the
//! figures the README quotes. If one changes, the protocol or the search
//! changed; symmetry reduction is the one documented way to lower them.
//! Watching a search (the page's progress line) changes none of them.
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::sim::explore::{explore, explore_watched, Bounds, PROGRESS_EVERY};
use lightcone::core::sim::scenario::Scenario;

fn three(protocol: &str) -> Scenario {
    Scenario::parse(&format!(r#"{{"protocol": "{protocol}", "participants": 3}}"#)).unwrap()
}

#[test]
fn state_counts_are_pinned_with_and_without_symmetry() {
    let one_crash = Bounds::default();
    let partition = Bounds { crashes: 0, partitions: 1, ..Bounds::default() };
    let reduced = |b: Bounds| Bounds { symmetry: true, ..b };
    let cases = [
        ("2pc", one_crash, 1_004, false),
        ("2pc", reduced(one_crash), 612, false),
        ("3pc", one_crash, 178_604, false),
        ("3pc", reduced(one_crash), 51_606, false),
        // The search stops at the first violation it finds.
        ("3pc", partition, 58_991, true),
        ("3pc", reduced(partition), 21_782, true),
    ];
    for (protocol, bounds, states, violated) in cases {
        let s = three(protocol);
        let v = explore(&s, &bounds);
        assert_eq!(v.states, states, "{protocol} {bounds:?}");
        assert_eq!(v.violation("atomicity").is_some(), violated, "{protocol} {bounds:?}");
        // A watcher that never says stop is told of every 4,096 states, and
        // the search finds exactly what it found unwatched.
        let mut reports = 0;
        let watched = explore_watched(&s, &bounds, &mut |_| {
            reports += 1;
            true
        });
        assert_eq!(watched, v, "{protocol} {bounds:?} watched");
        assert_eq!(reports, states / PROGRESS_EVERY, "{protocol} {bounds:?}");
    }
}
