//! Watching a search as it goes: the progress hook (called as the search
//! goes, able to stop it; tests/explorer_counts.rs checks that a watcher
//! that never stops it changes no count) and the search run in slices, as
//! the page's worker runs it (the same verdict, however it is sliced).
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::sim::explore::{
    explore, explore_watched, Bounds, Exploration, Finding, Progress, Slice, Verdict, PROGRESS_EVERY,
};
use lightcone::core::sim::scenario::Scenario;

fn three(protocol: &str) -> Scenario {
    Scenario::parse(&format!(r#"{{"protocol": "{protocol}", "participants": 3}}"#)).unwrap()
}

/// Explores, keeping every report; `stop_after` reports, says stop.
fn watched(s: &Scenario, bounds: &Bounds, stop_after: Option<usize>) -> (Verdict, Vec<Progress>) {
    let mut seen = Vec::new();
    let verdict = explore_watched(s, bounds, &mut |p| {
        seen.push(p);
        stop_after.is_none_or(|n| seen.len() < n)
    });
    (verdict, seen)
}

#[test]
fn progress_is_reported_as_the_search_goes() {
    // 3PC with one crash: 178,604 states, so about 43 reports.
    let (verdict, reports) = watched(&three("3pc"), &Bounds::default(), None);
    assert_eq!(verdict.states, 178_604);
    // One report each time the count passes a multiple of PROGRESS_EVERY.
    assert_eq!(reports.len(), verdict.states / PROGRESS_EVERY, "{reports:?}");
    for (k, p) in reports.iter().enumerate() {
        let threshold = (k + 1) * PROGRESS_EVERY;
        assert!((threshold..threshold + PROGRESS_EVERY).contains(&p.states), "report {k}: {p:?}");
        assert!(p.depth > 0 && p.depth <= 60, "report {k}: {p:?}");
    }
    for pair in reports.windows(2) {
        assert!(pair[1].depth >= pair[0].depth, "breadth-first: depth never falls ({pair:?})");
    }
}

#[test]
fn the_watcher_can_stop_the_search() {
    let (verdict, reports) = watched(&three("3pc"), &Bounds::default(), Some(3));
    assert_eq!(reports.len(), 3, "no report after the one that said stop");
    assert!(verdict.cancelled && !verdict.truncated);
    assert!(verdict.states < 4 * PROGRESS_EVERY, "{} states", verdict.states);
    // Cut short, the search can claim nothing holds, and found no violation.
    assert!(verdict.properties.iter().all(|p| p.finding == Finding::Unknown), "{:?}", verdict.properties);
    assert!(verdict.counterexample(&three("3pc")).is_none());
    // A search that finds its violation before stopping keeps it.
    let split = Bounds { crashes: 0, partitions: 1, ..Bounds::default() };
    let (found, _) = watched(&three("3pc"), &split, Some(1_000));
    assert!(!found.cancelled && found.violation("atomicity").is_some());
}

/// Runs an exploration to its end in slices of `expansions`, keeping the
/// progress after each.
fn sliced(s: &Scenario, bounds: &Bounds, expansions: usize) -> (Verdict, Vec<Progress>) {
    let mut x = Exploration::new(s, bounds);
    let mut seen = vec![x.progress()];
    loop {
        match x.run(expansions) {
            Slice::Going(next) => {
                seen.push(next.progress());
                x = *next;
            }
            Slice::Over(verdict) => return (verdict, seen),
        }
    }
}

#[test]
fn a_search_in_slices_finds_what_one_run_finds() {
    let partition = Bounds { crashes: 0, partitions: 1, ..Bounds::default() };
    let cases = [
        ("2pc", Bounds::default(), 1),
        ("2pc", Bounds { symmetry: true, ..Bounds::default() }, 7),
        ("3pc", Bounds::default(), 1_000),
        ("3pc", partition, 333),
        ("3pc", Bounds { states: 20_000, ..Bounds::default() }, 500),
    ];
    for (protocol, bounds, expansions) in cases {
        let s = three(protocol);
        let whole = explore(&s, &bounds);
        let (verdict, progress) = sliced(&s, &bounds, expansions);
        assert_eq!(verdict, whole, "{protocol} {bounds:?} in slices of {expansions}");
        assert_eq!(verdict.to_json(&s, &bounds), whole.to_json(&s, &bounds));
        assert!(progress.len() > 2, "{protocol}: {} slices", progress.len());
        for pair in progress.windows(2) {
            assert!(pair[1].states >= pair[0].states && pair[1].depth >= pair[0].depth, "{pair:?}");
        }
    }
}

#[test]
fn bounds_read_from_json_default_what_is_left_out() {
    let b: Bounds = serde_json::from_str(r#"{"crashes": 2, "drops": 1}"#).unwrap();
    assert_eq!(b, Bounds { crashes: 2, drops: 1, ..Bounds::default() });
    let back: Bounds = serde_json::from_str(&serde_json::to_string(&b).unwrap()).unwrap();
    assert_eq!(back, b);
    assert!(serde_json::from_str::<Bounds>(r#"{"crash": 2}"#).is_err(), "a misspelt bound is refused");
}
