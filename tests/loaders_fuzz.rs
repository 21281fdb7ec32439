//! Fuzz targets for every loader: trace documents, protocol and CRDT
//! scenarios, share links and ShiViz logs, fed random and mutated input.
//! Each input must load or be refused with a message, never panic, and
//! stay within limits (limits.rs): a peak allocation proportional to its
//! size plus a constant, and a wall-clock time. Inputs that load are also
//! run on (placed, drawn, simulated, exported), since that is what a user
//! does next.
//!
//! `cargo test` runs a few hundred cases per target; `make fuzz` runs
//! `LIGHTCONE_FUZZ_CASES` of them (20,000 by default) in an optimised build
//! that keeps overflow checks (the `fuzz` profile).
//!
//! Kept in ranges that this side bounds (see each generator): the counts
//! and durations below stay small until the core bounds process counts,
//! durations and ITC depth, so that a failure here is this side's.
#![cfg(not(target_arch = "wasm32"))]

mod common;
#[path = "loaders_fuzz/limits.rs"]
mod limits;

use lightcone::core::clocks::itc::Stamp;
use lightcone::core::crdt::{run, Delivery, Scenario as CrdtScenario};
use lightcone::core::editor::Document;
use lightcone::core::formats::shiviz::{self, Format};
use lightcone::core::formats::{parse_trace_with_times, write_trace_to};
use lightcone::core::render;
use lightcone::core::share;
use lightcone::core::sim::outcome;
use lightcone::core::sim::scenario::Scenario as SimScenario;
use limits::{bounded, cases, time_limit, Counting, Limits};
use proptest::prelude::*;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What a trace, a share link or any text may cost: the loaders keep a
/// few copies of the text and per-event tables (a document is parsed,
/// placed, saved and drawn with ITC labels).
const TEXT: Limits = Limits { per_byte: 400, base: 8 << 20, time: std::time::Duration::ZERO };
/// A scenario's run does not grow with its text but with what it asks for,
/// which the generators keep small (until the core bounds it).
const SCENARIO: Limits = Limits { per_byte: 400, base: 16 << 20, time: std::time::Duration::ZERO };
/// A log: its events, clocks and fields, the trace built from them and
/// its drawing.
const LOG: Limits = Limits { per_byte: 600, base: 8 << 20, time: std::time::Duration::ZERO };

fn check(target: &str, input: &str, limits: Limits, load: fn(&str)) -> Result<(), TestCaseError> {
    let text = input.to_string();
    let limits = Limits { time: time_limit(), ..limits };
    bounded(target, input, limits, move || load(&text)).map(|_| ()).map_err(|e| {
        let shown: String = input.chars().take(300).collect();
        TestCaseError::fail(format!("{e}; input: {shown:?}"))
    })
}

const TRACES: [&str; 3] = [
    r#"{"processes": ["A", "C"], "events": [
        {"id": "a1", "process": "A", "kind": "fork", "child": "C", "time": 1},
        {"id": "c1", "process": "C", "kind": "local", "label": "work", "time": 2},
        {"id": "a2", "process": "A", "kind": "join", "from": "C", "time": 3}]}"#,
    r#"{"format": "lightcone/1", "title": "t", "about": "a.", "processes": ["A", "B"], "events": [
        {"id": "a1", "process": "A", "kind": "send", "messages": ["m1", "m2"], "time": 1},
        {"id": "b1", "process": "B", "kind": "receive", "message": "m1", "sends": ["m3"], "time": 2},
        {"id": "a2", "process": "A", "kind": "receive", "message": "m3", "time": 4,
         "fields": [["line", "3"]]}]}"#,
    r#"{"events": [{"id": "a1", "process": "A", "kind": "send", "message": "m1"},
        {"id": "b1", "process": "B", "kind": "receive", "message": "m1"},
        {"id": "b2", "process": "B", "kind": "local", "label": "write x"}]}"#,
];

/// CRDT seeds: a few operations (mutations add at most a few digits). Once
/// the core bounds a CRDT run's memory, add seeds with many operations.
const CRDTS: [&str; 2] = [
    r#"{"crdt": "or-set", "processes": ["A", "B"], "events": [
        {"id": "a1", "process": "A", "kind": "local", "op": "add x", "time": 1},
        {"id": "a2", "process": "A", "kind": "send", "message": "m1", "time": 2},
        {"id": "b0", "process": "B", "kind": "local", "op": "remove x", "time": 2.5},
        {"id": "b1", "process": "B", "kind": "receive", "message": "m1", "time": 3}]}"#,
    r#"{"crdt": "op-counter", "events": [
        {"id": "a1", "process": "A", "kind": "local", "op": "inc"},
        {"id": "a2", "process": "A", "kind": "send", "messages": ["m1", "m2"]},
        {"id": "b1", "process": "B", "kind": "receive", "message": "m1"},
        {"id": "b2", "process": "B", "kind": "receive", "message": "m2"}]}"#,
];

/// Scenario seeds: 2 or 3 nodes, short runs, delays of 1 to 3 (mutations
/// add at most a few digits or a sign or exponent). Once the simulator
/// bounds its events and the resolution of durations, add many nodes, long
/// runs and tiny delays (1e-300); once the explorer has its memory budget,
/// explore the parsed scenarios too.
const SCENARIOS: [&str; 3] = [
    r#"{"protocol": "3pc", "participants": 2, "votes": ["yes", "no"],
        "model": {"links": {"arbitrary": {"loss": 0.2, "duplicate": 0.3, "max_delay": 2}},
                  "nodes": "crash-recovery", "timing": {"asynchronous": {"max_delay": 3}}},
        "faults": [{"crash": {"node": "C", "at": 1.5}}, {"recover": {"node": "C", "at": 4}},
                   {"partition": {"groups": [["C"], ["P1", "P2"]], "from": 2, "until": 9}}],
        "seed": 7, "until": 30}"#,
    r#"{"protocol": "2pc", "participants": 2, "schedule": [
        {"deliver": {"from": "C", "to": "P1"}}, {"crash": {"node": "C"}},
        {"timeout": {"node": "P1", "timer": "outcome"}}]}"#,
    r#"{"protocol": "broadcast", "nodes": 3, "inputs": [{"node": "P1", "at": 1, "input": "hi"}],
        "model": {"links": "reliable", "nodes": "crash-stop", "timing": {"synchronous": {"delay": 1}},
                  "byzantine": {"P2": "replay"}, "clocks": {"P3": {"offset": 2, "drift_ppm": 100}}},
        "until": 20}"#,
];

/// Up to `n` edits: (where, which byte of the alphabet, replace/insert/delete).
type Edits = Vec<(u16, u8, u8)>;

fn edits(n: usize) -> impl Strategy<Value = Edits> {
    proptest::collection::vec((any::<u16>(), any::<u8>(), 0..3u8), 1..n)
}

/// `seed` with bytes from `alphabet` replaced, inserted or deleted at the
/// edits' places.
fn mutate(seed: &str, edits: Edits, alphabet: &[u8]) -> String {
    let mut bytes = seed.as_bytes().to_vec();
    for (at, byte, how) in edits {
        let at = at as usize % (bytes.len() + 1);
        let byte = alphabet[byte as usize % alphabet.len()];
        match how {
            0 if at < bytes.len() => bytes[at] = byte,
            1 => bytes.insert(at, byte),
            _ if at < bytes.len() => {
                bytes.remove(at);
            }
            _ => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

const JSON_BYTES: &[u8] = b"{}[]\",:0123456789-.eE aAbBxtrue\\\xef\xbb\xbf";

fn mutated(seeds: &'static [&'static str]) -> impl Strategy<Value = String> {
    (0..seeds.len(), edits(6)).prop_map(move |(i, e)| mutate(seeds[i], e, JSON_BYTES))
}

/// Random traces (forks, joins, broadcasts; up to 40 steps, 6 processes),
/// written with times, then mutated a little; the many-process and deep
/// fork-chain sizes have a target of their own (`wide_or_deep_traces`).
fn written_traces() -> impl Strategy<Value = String> {
    (common::strategy::trace(6, 40, 1), edits(3), any::<bool>()).prop_map(|(t, e, edit)| {
        let times: Vec<f64> = (0..t.event_count()).map(|e| e as f64 + 1.0).collect();
        let mut out = Vec::new();
        write_trace_to(&t, Some(&times), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        if edit {
            mutate(&text, e, JSON_BYTES)
        } else {
            text
        }
    })
}

/// A trace document as the page and the CLI take it: opened, placed,
/// saved, drawn with ITC labels; the plain reader and `render` too.
fn load_trace(text: &str) {
    if let Ok(doc) = Document::parse(text) {
        let placed = doc.place().expect("a parsed document places");
        let _ = doc.to_json(&placed);
        let options = render::Options { labels: render::Labels::Itc, ..Default::default() };
        let _ = render::svg(&placed.trace, Some(&placed.times), &options).unwrap();
    }
    if let Ok((trace, given)) = parse_trace_with_times(text) {
        let times: Option<Vec<f64>> = given.into_iter().collect();
        let _ = render::svg(&trace, times.as_deref(), &render::Options::default());
        let _ = shiviz::write_shiviz(&trace);
    }
}

fn load_crdt(text: &str) {
    if let Ok(s) = CrdtScenario::parse(text) {
        for delivery in [Delivery::Immediate, Delivery::Causal] {
            let _ = run(&s.trace, s.kind, &s.ops, delivery);
        }
    }
}

fn load_scenario(text: &str) {
    if let Ok(s) = SimScenario::parse(text) {
        let _ = outcome::run(&s).to_json();
    }
}

/// A link as the page opens it: unpacked, then opened as a document.
fn load_link(fragment: &str) {
    if let Ok(text) = share::decode(fragment) {
        let _ = Document::parse(&text).map(|d| d.place());
        let _ = SimScenario::parse(&text);
    }
}

/// Any text, through every loader.
fn load_anything(text: &str) {
    load_trace(text);
    load_crdt(text);
    load_scenario(text);
    load_link(text);
    let _ = text.parse::<Stamp>();
    for (regex, delimiter) in LOG_FORMATS {
        let format = Format { regex: regex.into(), delimiter: delimiter.map(Into::into) };
        let _ = shiviz::import(vec![("log".into(), text.into())], &format, 1 << 20);
    }
}

/// Expressions and delimiters logs are read with, the greedy optional
/// tail (which looks on to the end of the log after every event) and
/// delimiters that match everywhere included.
const LOG_FORMATS: [(&str, Option<&str>); 7] = [
    (shiviz::GOVECTOR_REGEX, None),
    (r"(?<event>.*)\n(?<host>\S*) (?<clock>{.*})", None),
    (shiviz::GOVECTOR_REGEX, Some(r"^=== (?<trace>.*) ===$")),
    (r"(?<host>\S*) (?<clock>{.*})\n(?<event>.*)(?:[\s\S]*QQQ)?", None),
    (r"(?<host>\S*) (?<clock>{[^}]*})\n(?<event>[\s\S]*?)\n", None),
    (shiviz::GOVECTOR_REGEX, Some("(?<trace>)")),
    (shiviz::GOVECTOR_REGEX, Some("^")),
];

const LOG_SEED: &str =
    "=== one ===\nA {\"A\":1}\nsend\nB {\"B\":1, \"A\":1}\nreceive\nB {\"B\":2, \"A\":1}\nsend on\n\
=== two ===\nA {\"A\":1, \"C\":1}\nmerge\nC {\"C\":1}\nstart\nA {\"A\":2, \"C\":1}\nx\n";

/// The seed log, repeated up to 40 times, or 100 to 400 times (up to
/// 50 KB: enough for work or memory that grows faster than the log to pass
/// its limits), with a few bytes replaced, inserted or deleted from the
/// characters clocks and expressions care about.
fn mutated_log() -> impl Strategy<Value = String> {
    let repeats = prop_oneof![3 => 1..40usize, 1 => 100..400usize];
    (repeats, edits(8))
        .prop_map(|(n, e)| mutate(&LOG_SEED.repeat(n), e, b"{}\",:0123456789\n\r =ABCx\\-.eQ\xff"))
}

fn load_log(text: &str, format: usize) {
    let (regex, delimiter) = LOG_FORMATS[format];
    let format = Format { regex: regex.into(), delimiter: delimiter.map(Into::into) };
    if let Ok(all) = shiviz::import(vec![("log".into(), text.into())], &format, 1 << 20) {
        for x in all {
            let _ = render::svg(&x.trace, None, &render::Options::default());
            let _ = shiviz::write_shiviz(&x.trace);
            let _ = Document::from_log(&x);
        }
    }
}

/// A real link to a document, then damaged: characters replaced, inserted
/// or cut off; or any run of URL-safe characters.
fn links() -> impl Strategy<Value = String> {
    let damaged = (mutated(&TRACES), edits(4), any::<u16>()).prop_map(|(text, e, cut)| {
        let link = share::encode(&text);
        let link = mutate(&link, e, b"AZaz09-_$%=.");
        let keep = cut as usize % (link.len() + 1);
        link[..keep.min(link.len())].to_string()
    });
    prop_oneof![damaged, "[A-Za-z0-9_-]{0,200}"]
}

/// Traces at the sizes the core now bounds: many lines (past the editor's
/// 1,000), or a chain of nested forks (ITC stamps one level deeper each;
/// a deep chain also makes as many processes), written as the trace format.
fn wide_or_deep_traces() -> impl Strategy<Value = String> {
    let wide = (1..1_500usize, any::<u64>()).prop_map(|(n, seed)| {
        let processes: Vec<String> = (0..n).map(|i| format!("\"P{i}\"")).collect();
        let pick = |k: u64| (seed.wrapping_mul(k + 1) >> 7) as usize % n;
        let mut events: Vec<String> = (0..n.min(200))
            .map(|i| format!(r#"{{"id": "e{i}", "process": "P{}", "kind": "local"}}"#, pick(i as u64)))
            .collect();
        events.push(format!(r#"{{"id": "s", "process": "P{}", "kind": "send", "message": "m"}}"#, pick(900)));
        events.push(format!(
            r#"{{"id": "r", "process": "P{}", "kind": "receive", "message": "m"}}"#,
            pick(901)
        ));
        format!(r#"{{"processes": [{}], "events": [{}]}}"#, processes.join(","), events.join(","))
    });
    // Each fork by the process the previous one started.
    let deep = (1..300usize).prop_map(|d| {
        let events: Vec<String> = (0..d)
            .map(|i| format!(r#"{{"id": "f{i}", "process": "P{i}", "kind": "fork", "child": "P{}"}}"#, i + 1))
            .collect();
        let processes: Vec<String> = (0..=d).map(|i| format!("\"P{i}\"")).collect();
        format!(r#"{{"processes": [{}], "events": [{}]}}"#, processes.join(","), events.join(","))
    });
    prop_oneof![wide, deep]
}

proptest! {
    // Each case draws up to 1,500 lines or 300 nested forks: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(cases(300) / 5))]

    #[test]
    fn wide_and_deep_trace_documents(text in wide_or_deep_traces()) {
        check("wide or deep trace", &text, TEXT, load_trace)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(300)))]

    #[test]
    fn trace_documents(text in prop_oneof![mutated(&TRACES), written_traces()]) {
        check("trace", &text, TEXT, load_trace)?;
    }

    #[test]
    fn crdt_scenarios(text in mutated(&CRDTS)) {
        check("crdt", &text, SCENARIO, load_crdt)?;
    }

    #[test]
    fn protocol_scenarios(text in mutated(&SCENARIOS)) {
        check("scenario", &text, SCENARIO, load_scenario)?;
    }

    #[test]
    fn share_links(fragment in links()) {
        check("link", &fragment, TEXT, load_link)?;
    }

    /// ShiViz logs with bytes replaced, inserted or deleted, read with
    /// each expression: an error or a trace that draws and exports.
    #[test]
    fn logs(log in mutated_log(), format in 0..LOG_FORMATS.len()) {
        let text = log.clone();
        let limits = Limits { time: time_limit(), ..LOG };
        let loaded = bounded(&format!("log-{format}"), &log, limits, move || load_log(&text, format));
        prop_assert!(loaded.is_ok(), "{}: format {format}, input {:?}", loaded.unwrap_err(), &log[..log.len().min(300)]);
    }

    #[test]
    fn any_text(text in "\\PC{0,200}") {
        check("text", &text, TEXT, load_anything)?;
    }

    /// Any expression: compiled or refused with a message.
    #[test]
    fn expressions(pattern in "[\\\\(){}\\[\\]?<>=!:*+.^$|a-z0-9 -]{0,40}") {
        if let Ok(r) = shiviz::compile(&pattern) {
            let _ = r.find("alice {\"alice\":1}\nhello");
        }
    }
}

#[test]
fn deep_nesting_and_huge_numbers_are_refused_not_crashed() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let limits = Limits { time: time_limit(), ..TEXT };
    bounded("deep", &deep, limits, {
        let deep = deep.clone();
        move || load_anything(&deep)
    })
    .unwrap();
    let huge = r#"{"protocol": "2pc", "participants": 1e300, "until": 1e308}"#;
    assert!(SimScenario::parse(huge).is_err());
    let long = r#"{"protocol": "2pc", "until": 1e9}"#;
    assert!(SimScenario::parse(long).unwrap_err().contains("at most 10000"));
    assert!("(".repeat(100_000).parse::<Stamp>().is_err());
}

/// The limits themselves: an input that allocates past its bound fails,
/// and one that stays within it passes.
#[test]
fn the_memory_bound_is_enforced() {
    let small = Limits { per_byte: 10, base: 1 << 20, time: time_limit() };
    let greedy = bounded("greedy", "x", small, || {
        let v = vec![0u8; 4 << 20];
        std::hint::black_box(&v);
    });
    assert!(greedy.unwrap_err().contains("peak allocation"), "a 4 MB allocation for 1 byte passes");
    let modest = bounded("modest", "x", small, || {
        let v = vec![0u8; 512 << 10];
        std::hint::black_box(&v);
    });
    assert!(modest.unwrap() >= 512 << 10);
    assert!(bounded("panics", "x", small, || panic!("boom")).unwrap_err().contains("panicked"));
}

/// The time limit: an input that runs past it stops the run with a message
/// naming the file that holds the input. The run ends there, so the input
/// is run in a child process (this test again, told so by the variable).
#[test]
fn the_time_limit_is_enforced() {
    use std::time::Duration;
    const CHILD: &str = "LIGHTCONE_FUZZ_TIME_LIMIT_CHILD";
    if std::env::var_os(CHILD).is_some() {
        let slow = Limits { per_byte: 10, base: 1 << 20, time: Duration::from_millis(100) };
        let _ = bounded("slow", "x", slow, || std::thread::sleep(Duration::from_secs(5)));
        return; // reached only when the limit is not enforced
    }
    let me = std::env::current_exe().unwrap();
    let out = std::process::Command::new(me)
        .args(["--exact", "the_time_limit_is_enforced", "--test-threads=1"])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(101), "{stderr}");
    assert!(stderr.contains("fuzz slow: an input took more than 100ms; the run stops here"), "{stderr}");
    assert!(stderr.contains("lightcone-fuzz-slow.txt"), "{stderr}");
}
