//! Every loader of this session's formats, fed random and mutated input:
//! each returns an error or a value, and never panics (a panic fails the
//! test). Valid inputs that load are also run, since a scenario that parses
//! must simulate and a CRDT trace that parses must run.
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::clocks::itc::Stamp;
use lightcone::core::crdt::{run, Delivery, Scenario as CrdtScenario};
use lightcone::core::editor::Document;
use lightcone::core::formats::shiviz::{self, Format};
use lightcone::core::render;
use lightcone::core::share;
use lightcone::core::sim::outcome;
use lightcone::core::sim::scenario::Scenario as SimScenario;
use proptest::prelude::*;

const SEEDS: [&str; 4] = [
    r#"{"crdt": "or-set", "processes": ["A", "B"], "events": [
        {"id": "a1", "process": "A", "kind": "local", "op": "add x", "time": 1},
        {"id": "a2", "process": "A", "kind": "send", "message": "m1", "time": 2},
        {"id": "b1", "process": "B", "kind": "receive", "message": "m1", "time": 3}]}"#,
    r#"{"processes": ["A", "C"], "events": [
        {"id": "a1", "process": "A", "kind": "fork", "child": "C"},
        {"id": "c1", "process": "C", "kind": "local"},
        {"id": "a2", "process": "A", "kind": "join", "from": "C"}]}"#,
    r#"{"protocol": "3pc", "participants": 2, "votes": ["yes", "no"],
        "model": {"links": {"arbitrary": {"loss": 0.2, "duplicate": 0.3, "max_delay": 2}},
                  "nodes": "crash-recovery", "timing": {"asynchronous": {"max_delay": 3}}},
        "faults": [{"crash": {"node": "C", "at": 1.5}}, {"recover": {"node": "C", "at": 4}},
                   {"partition": {"groups": [["C"], ["P1", "P2"]], "from": 2, "until": 9}}],
        "seed": 7, "until": 30}"#,
    r#"{"protocol": "2pc", "participants": 2, "schedule": [
        {"deliver": {"from": "C", "to": "P1"}}, {"crash": {"node": "C"}},
        {"timeout": {"node": "P1", "timer": "outcome"}}]}"#,
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

/// A seed with bytes replaced, inserted or deleted at random places.
fn mutated() -> impl Strategy<Value = String> {
    (0..SEEDS.len(), edits(6)).prop_map(|(i, e)| mutate(SEEDS[i], e, b"{}[]\",:0123456789-.eE aAxtrue"))
}

fn load_everything(text: &str) {
    if let Ok(doc) = Document::parse(text) {
        let placed = doc.place().expect("a parsed document places");
        let _ = doc.to_json(&placed);
        let options = render::Options { labels: render::Labels::Itc, ..Default::default() };
        let _ = render::svg(&placed.trace, Some(&placed.times), &options).unwrap();
    }
    if let Ok(s) = CrdtScenario::parse(text) {
        for delivery in [Delivery::Immediate, Delivery::Causal] {
            let _ = run(&s.trace, s.kind, &s.ops, delivery);
        }
    }
    if let Ok(s) = SimScenario::parse(text) {
        let _ = outcome::run(&s).to_json();
    }
    let _ = text.parse::<Stamp>();
    let _ = shiviz::import(vec![("log".into(), text.into())], &Format::default(), 1 << 20);
    // Share links: any fragment, and a real one with this text inside.
    if let Ok(unpacked) = share::decode(text) {
        load_everything_but_links(&unpacked);
    }
    let packed = share::encode(text);
    assert_eq!(share::decode(&packed).as_deref(), Ok(text));
    let _ = share::decode(&packed[..packed.len() / 2]);
}

/// The loaders above, for text that came out of a link.
fn load_everything_but_links(text: &str) {
    let _ = Document::parse(text);
    let _ = SimScenario::parse(text);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn mutated_inputs_never_panic(text in mutated()) {
        load_everything(&text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        load_everything(&text);
    }

    /// ShiViz logs with bytes replaced, inserted or deleted: an error or a
    /// trace, never a panic; a trace that comes out draws and exports.
    #[test]
    fn mutated_shiviz_logs_never_panic(log in mutated_log(), which in 0..LOG_FORMATS.len()) {
        let (regex, delimiter) = LOG_FORMATS[which];
        let format = Format { regex: regex.into(), delimiter: delimiter.map(Into::into) };
        if let Ok(all) = shiviz::import(vec![("log".into(), log)], &format, 1 << 20) {
            for x in all {
                let _ = render::svg(&x.trace, None, &render::Options::default()).unwrap();
                let _ = shiviz::write_shiviz(&x.trace).unwrap();
                let _ = Document::from_log(&x);
            }
        }
    }

    /// Any expression: compiled or refused with a message.
    #[test]
    fn arbitrary_expressions_never_panic(pattern in "[\\\\(){}\\[\\]?<>=!:*+.^$|a-z0-9 -]{0,40}") {
        if let Ok(r) = shiviz::compile(&pattern) {
            let _ = r.find("alice {\"alice\":1}\nhello");
        }
    }
}

/// Expressions and delimiters the mutated logs are read with.
const LOG_FORMATS: [(&str, Option<&str>); 3] = [
    (shiviz::GOVECTOR_REGEX, None),
    (r"(?<event>.*)\n(?<host>\S*) (?<clock>{.*})", None),
    (shiviz::GOVECTOR_REGEX, Some(r"^=== (?<trace>.*) ===$")),
];

const LOG_SEED: &str =
    "=== one ===\nA {\"A\":1}\nsend\nB {\"B\":1, \"A\":1}\nreceive\nB {\"B\":2, \"A\":1}\nsend on\n\
=== two ===\nA {\"A\":1, \"C\":1}\nmerge\nC {\"C\":1}\nstart\nA {\"A\":2, \"C\":1}\nx\n";

/// The seed log with a few bytes replaced, inserted or deleted, from the
/// characters clocks and expressions care about.
fn mutated_log() -> impl Strategy<Value = String> {
    edits(8).prop_map(|e| mutate(LOG_SEED, e, b"{}\",:0123456789\n =ABCx\\-.e\xff"))
}

#[test]
fn deep_nesting_and_huge_numbers_are_refused_not_crashed() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    load_everything(&deep);
    let huge = r#"{"protocol": "2pc", "participants": 1e300, "until": 1e308}"#;
    assert!(SimScenario::parse(huge).is_err());
    let long = r#"{"protocol": "2pc", "until": 1e9}"#;
    assert!(SimScenario::parse(long).unwrap_err().contains("at most 10000"));
    assert!("(".repeat(100_000).parse::<Stamp>().is_err());
}
