//! The CLI on inputs that are small on disk but large in what they ask
//! for: each one either runs in memory proportional to what it uses or is
//! refused in one line that names the size and the limit. Never an abort.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::cli::lightcone;
use std::process::Output;

/// The one stderr line of a refusal (status 1, nothing on stdout).
fn refusal(out: &Output) -> String {
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "one line expected: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.stdout.is_empty());
    err
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// `n` processes with one local event each (100,000 of them is 3.5 MB).
fn wide(n: usize) -> String {
    let events: Vec<String> =
        (0..n).map(|i| format!(r#"{{"id":"e{i}","process":"p{i}","kind":"local"}}"#)).collect();
    format!(r#"{{"events":[{}]}}"#, events.join(","))
}

/// A chain of `n` forks, each by the process the previous one started.
fn fork_chain(n: usize) -> String {
    let mut events: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"id":"f{i}","process":"P{i}","kind":"fork","child":"P{}"}}"#, i + 1))
        .collect();
    events.push(format!(r#"{{"id":"last","process":"P{n}","kind":"local"}}"#));
    let processes: Vec<String> = (0..=n).map(|i| format!("\"P{i}\"")).collect();
    format!(r#"{{"processes":[{}],"events":[{}]}}"#, processes.join(","), events.join(","))
}

/// These aborted asking for 40 GB of vector clocks. The report alone
/// would list ten billion entries: refused by size before anything is
/// computed. Export and relation need only the non-zero entries.
#[test]
fn a_hundred_thousand_processes_are_refused_or_answered_but_never_abort() {
    let trace = wide(100_000);
    let err = refusal(&lightcone(&["analyze", "-"], &trace));
    assert!(
        err.contains("10000000000 vector entries (100000 events × 100000 processes")
            && err.contains("the limit is"),
        "{err}"
    );
    let log = ok(&lightcone(&["export", "--shiviz", "-"], &trace));
    assert_eq!(log.lines().count(), 200_000);
    assert!(log.starts_with("p0 {\"p0\":1}\n"), "{}", &log[..40]);
    let relation = ok(&lightcone(&["relation", "-", "e1", "e99999"], &trace));
    assert!(relation.starts_with("concurrent\n"), "{relation}");
}

/// A chain of nested forks makes interval tree clock stamps one level
/// deeper per fork: past the depth every ITC operation (and the readers)
/// allow, the trace is refused by name and at once; below it, the stamps
/// cost their size, not n^2.6 (999 forks: 1.6 s in a release build, 0.26 s
/// now; in a debug build 7 to 8 s with grow's old cost, 0.7 s now).
#[test]
fn nested_forks_past_the_itc_depth_are_refused_and_below_it_are_quick() {
    for args in [&["analyze", "-"][..], &["render", "--labels", "itc", "-"]] {
        let err = refusal(&lightcone(args, &fork_chain(3000)));
        assert!(
            err.contains(
                "interval tree clock stamps would nest 1001 levels deep at event \"f999\" (events[999])"
            ) && err.contains("the limit is 1000"),
            "{err}"
        );
    }
    let start = std::time::Instant::now();
    let report = ok(&lightcone(&["analyze", "-"], &fork_chain(999)));
    assert!(report.contains(r#""id": "last""#));
    // Seven times the debug build's time, and below what grow used to cost.
    assert!(start.elapsed().as_secs_f64() < 5.0, "{:?}", start.elapsed());
    let svg = ok(&lightcone(&["render", "--labels", "vector", "-"], &fork_chain(3000)));
    assert!(svg.contains('…'), "vector labels of 3,000 processes are cut");
}

fn scenario_file(name: &str) -> String {
    std::fs::read_to_string(format!("{}/www/scenarios/{name}.json", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// `scenario` with `key` (a JSON pointer into it) set to `value`.
fn with(scenario: &str, pointer: &str, value: serde_json::Value) -> String {
    let mut s: serde_json::Value = serde_json::from_str(scenario).unwrap();
    *s.pointer_mut(pointer).unwrap() = value;
    s.to_string()
}

/// A decision timeout of 1e-300 never let time move on (`now + 1e-300 ==
/// now`) and took 4.9 GB in 10 s; 0.001 over 10,000 units also aborted.
/// The first is below the resolution, the second stops at the event bound.
#[test]
fn tiny_timeouts_are_refused_or_stopped_at_the_event_bound() {
    let crash = scenario_file("2pc-coordinator-crash");
    let err = refusal(&lightcone(&["simulate", "-"], &with(&crash, "/timeouts/decision", 1e-300.into())));
    assert!(err.contains("timeouts: \"decision\" is 1e-300; a duration is at least 0.001"), "{err}");
    let long = with(&with(&crash, "/timeouts/decision", 0.001.into()), "/until", 10000.into());
    let err = refusal(&lightcone(&["simulate", "-"], &long));
    assert!(
        err.contains("the run reached 100000 events at time") && err.contains("of 10000 and was stopped"),
        "{err}"
    );
    let delay = with(
        &crash,
        "/faults",
        serde_json::json!([{"delay": {"from": "C", "to": "P1", "nth": 1, "by": 1e-9}}]),
    );
    let err = refusal(&lightcone(&["simulate", "-"], &delay));
    assert!(err.contains("faults[0]: \"by\" is 1e-9; a duration is at least 0.001 (or 0)"), "{err}");
}

/// `--events 18446744073709551615` panicked (capacity overflow) and
/// `--events 1000000000000` aborted: both are refused with the maximum.
#[test]
fn generate_refuses_what_it_cannot_build() {
    for (flag, n, what) in [
        (
            "--events",
            "18446744073709551615",
            "18446744073709551615 events; a generated trace has at most 10000000",
        ),
        ("--events", "1000000000000", "1000000000000 events; a generated trace has at most 10000000"),
        ("--processes", "100000000", "100000000 processes; a generated trace has at most 1000000"),
    ] {
        let err = refusal(&lightcone(&["generate", flag, n], ""));
        assert!(err.contains(what), "{err}");
    }
}

/// `--step A=18446744073709551615` wrapped Lamport time in release builds
/// (2^64 - 1, then 0, 1: a wrong total order) and panicked in debug ones.
#[test]
fn a_lamport_time_past_two_to_the_64_is_refused_by_event() {
    let trace = r#"{"events": [
        {"id": "a1", "process": "A", "kind": "local"}, {"id": "a2", "process": "A", "kind": "local"},
        {"id": "b1", "process": "B", "kind": "local"}]}"#;
    let err = refusal(&lightcone(&["analyze", "--step", "A=18446744073709551615", "-"], trace));
    assert!(
        err.contains("event \"a2\" (events[1]): its Lamport time would pass 2^64 - 1 (18446744073709551615) with a step of 18446744073709551615 on A"),
        "{err}"
    );
    let report = ok(&lightcone(&["analyze", "--step", "A=9223372036854775807", "-"], trace));
    assert!(report.contains(r#""lamport": 18446744073709551614"#), "2^63 - 1 twice still fits");
}

/// Misspelt keys ran the defaults (three participants, no faults): now
/// each is named, with the key it is closest to, at every level.
#[test]
fn misspelt_scenario_keys_are_named_with_a_suggestion() {
    let base = scenario_file("2pc-coordinator-crash");
    let rename = |from: &str, to: &str| base.replacen(&format!("\"{from}\""), &format!("\"{to}\""), 1);
    for (text, want) in [
        (
            rename("participants", "particpants"),
            "the scenario: unknown field \"particpants\" (did you mean \"participants\"?)",
        ),
        (rename("faults", "fualts"), "the scenario: unknown field \"fualts\" (did you mean \"faults\"?)"),
        (rename("links", "lniks"), "unknown field `lniks` (did you mean `links`?)"),
        (rename("decision", "decison"), "unknown field `decison` (did you mean `decision`?)"),
        (rename("crash", "crsh"), "unknown variant `crsh` (did you mean `crash`?)"),
    ] {
        assert_ne!(text, base);
        for command in ["simulate", "explore"] {
            let err = refusal(&lightcone(&[command, "-"], &text));
            assert!(err.contains(want), "{command}: {err}");
        }
    }
    // A CRDT run refuses keys its format never had; a misspelt "op" would
    // have left its event without an operation.
    let crdt =
        r#"{"crdt": "g-counter", "events": [{"id": "a1", "process": "A", "kind": "local", "opp": "inc"}]}"#;
    let err = refusal(&lightcone(&["crdt", "-"], crdt));
    assert!(err.contains("events[0]: unknown field \"opp\" (did you mean \"op\"?)"), "{err}");
    let top = r#"{"crdt": "g-counter", "evnets": [], "events": []}"#;
    assert!(refusal(&lightcone(&["crdt", "-"], top))
        .contains("unknown field \"evnets\" (did you mean \"events\"?)"));
}

#[test]
fn the_explorer_stops_at_its_memory_budget_and_refuses_a_bad_one() {
    let scenario = scenario_file("3pc-coordinator-crash");
    let args = ["explore", "-", "--crashes", "3", "--drops", "3", "--partitions", "1", "--max-memory", "16M"];
    let report: serde_json::Value = serde_json::from_str(&ok(&lightcone(&args, &scenario))).unwrap();
    assert_eq!((report["memory_cut"].as_bool(), report["truncated"].as_bool()), (Some(true), Some(true)));
    assert_eq!(report["bounds"]["memory_mib"], 16);
    for (value, says) in [
        ("0", "no memory"),
        ("99999999999999999999G", "can count"),
        ("lots", "not a size"),
        ("9999999999999G", "can count"),
        ("2T", "unknown unit"),
    ] {
        let out = lightcone(&["explore", "-", "--max-memory", value], &scenario);
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            !out.status.success() && err.contains("--max-memory") && err.contains(says),
            "{value}: {err}"
        );
    }
}
