//! ShiViz import and export on logs written here: derived messages, every
//! validation rule with its line, merging raw logs, and a round trip of
//! random traces through the format.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use lightcone::core::clocks::itc_clocks::ItcClocks;
use lightcone::core::formats::shiviz::{import, write_shiviz, Format, Imported};
use lightcone::core::EventKind;
use proptest::prelude::*;

const LIMIT: usize = 1 << 20;

fn one(text: &str) -> Result<Imported, String> {
    let mut all =
        import(vec![("log".into(), text.into())], &Format::default(), LIMIT).map_err(|e| e.to_string())?;
    assert_eq!(all.len(), 1);
    Ok(all.remove(0))
}

fn error(text: &str) -> String {
    one(text).unwrap_err()
}

/// (sender id, receiver id) of every message.
fn messages(x: &Imported) -> Vec<(String, String)> {
    let t = &x.trace;
    (0..t.message_count() as u32)
        .map(|m| (t.event_id(t.send_of(m)).to_string(), t.event_id(t.receive_of(m).unwrap()).to_string()))
        .collect()
}

/// A sends to B; B forwards to C; C has heard of A only through B. A's
/// second message reaches C directly.
const CHAIN: &str = r#"A {"A":1}
send to B
B {"B":1, "A":1}
receive from A
B {"B":2, "A":1}
send to C
C {"C":1, "B":2, "A":1}
receive from B
A {"A":2}
send to C
C {"C":2, "B":2, "A":2}
receive from A
"#;

#[test]
fn messages_come_from_grown_entries_minus_implied_ones() {
    let x = one(CHAIN).unwrap();
    let pairs: Vec<(&str, &str)> = vec![("A:1", "B:1"), ("B:2", "C:1"), ("A:2", "C:2")];
    let mut got = messages(&x);
    got.sort();
    let mut want: Vec<(String, String)> = pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    want.sort();
    // C:1 learns A:1 too, but only through B:2: no edge from A:1.
    assert_eq!(got, want);
    let t = &x.trace;
    assert_eq!((0..3).map(|p| t.process_name(p)).collect::<Vec<_>>(), ["A", "B", "C"]);
    let b1 = t.event_by_id("B:1").unwrap();
    assert_eq!(t.kind(b1), EventKind::Receive);
    assert_eq!(t.label(b1), Some("receive from A"));
    assert_eq!(x.entries[b1 as usize].line, 3);
    assert_eq!(x.entries[b1 as usize].clock, r#"{"B":1, "A":1}"#);
}

#[test]
fn an_event_that_receives_and_sends_keeps_both() {
    let log = r#"A {"A":1}
ping
B {"B":1, "A":1}
pong, and forward
A {"A":2, "B":1}
got pong
C {"C":1, "B":1, "A":1}
got forward
"#;
    let x = one(log).unwrap();
    let t = &x.trace;
    let b1 = t.event_by_id("B:1").unwrap();
    assert_eq!(t.kind(b1), EventKind::Receive);
    assert_eq!(t.received_by(b1).len(), 1);
    assert_eq!(t.sent_by(b1).len(), 2);
    // Its clocks carry what it received on to what it sent.
    let itc = ItcClocks::compute(t).unwrap();
    let (a1, a2, c1) =
        (t.event_by_id("A:1").unwrap(), t.event_by_id("A:2").unwrap(), t.event_by_id("C:1").unwrap());
    assert!(itc.of(a1).leq(&itc.of(c1)) && itc.of(b1).leq(&itc.of(c1)) && itc.of(b1).leq(&itc.of(a2)));
    assert!(!itc.of(c1).leq(&itc.of(a2)) && !itc.of(a2).leq(&itc.of(c1)), "A:2 and C:1 are concurrent");
}

#[test]
fn events_may_be_logged_out_of_order_and_fields_are_kept() {
    let format = Format {
        regex: r"\[(?<date>[^\]]*)\] (?<host>\w+) (?<clock>{.*}) (?<event>.*)".into(),
        delimiter: None,
    };
    let log = "[t2] A {\"A\":2} second\n[t1] A {\"A\":1} first\n";
    let x = import(vec![("log".into(), log.into())], &format, LIMIT).unwrap().remove(0);
    let first = x.trace.event_by_id("A:1").unwrap() as usize;
    assert_eq!(x.entries[first].text, "first");
    assert_eq!(x.entries[first].line, 2);
    assert_eq!(x.entries[first].fields, vec![("date".to_string(), "t1".to_string())]);
    let shown = |k: &str, v: &str| (k.to_string(), v.to_string());
    assert_eq!(x.entries[first].fields(), vec![shown("date", "t1"), shown("line", "2")]);
    // A group of the log's own named `line` keeps its name.
    let format =
        Format { regex: r"(?<line>\d+) (?<host>\w+) (?<clock>{.*}) (?<event>.*)".into(), delimiter: None };
    let x = import(vec![("log".into(), "\n7 A {\"A\":1} x\n".into())], &format, LIMIT).unwrap().remove(0);
    assert_eq!(x.entries[0].fields(), vec![shown("line", "7"), shown("log line", "2")]);
}

#[test]
fn clock_errors_name_the_clock_line_and_repeated_labels_stay_cheap() {
    let format = Format { regex: r"(?<event>.*)\n(?<host>\S*) (?<clock>{.*)".into(), delimiter: None };
    let log = "start\na {\"a\":1}\nsecond\na {\"a\":1\n";
    let e = import(vec![("log".into(), log.into())], &format, LIMIT).unwrap_err().to_string();
    assert!(e.starts_with("line 4: the clock"), "{e}");
    // Thousands of unnamed executions are numbered (once cubic in their
    // number, this took minutes).
    let format = Format {
        regex: lightcone::core::formats::shiviz::GOVECTOR_REGEX.into(),
        delimiter: Some("^---$".into()),
    };
    let log = "---\na {\"a\":1}\nx\n".repeat(5000);
    let all = import(vec![("log".into(), log)], &format, 4 << 20).unwrap();
    let labels: Vec<&str> = all.iter().take(3).map(|x| x.label.as_str()).collect();
    assert_eq!((all.len(), labels), (5000, vec!["", "execution 2", "execution 3"]));
    let log = "=== run ===\na {\"a\":1}\nx\n=== run ===\nb {\"b\":1}\ny\n";
    let format = Format { delimiter: Some(r"^=== (?<trace>.*) ===$".into()), ..format };
    let all = import(vec![("log".into(), log.into())], &format, LIMIT).unwrap();
    assert_eq!(all.iter().map(|x| x.label.as_str()).collect::<Vec<_>>(), ["run", "run (2)"]);
}

#[test]
fn each_rule_is_named_with_its_line() {
    let cases = [
        ("A {\"B\":1}\nx\n", "line 1: host \"A\" is missing from its own clock"),
        ("A {\"A\":0}\nx\n", "line 1: host \"A\" is missing from its own clock"),
        ("A {\"A\":2}\nx\n", "line 1: the first event of host \"A\" has its own clock entry at 2"),
        (
            "A {\"A\":1}\nx\nA {\"A\":3}\ny\n",
            "line 3: host \"A\"'s own clock entry jumps to 3 after 1 (line 1)",
        ),
        ("A {\"A\":1}\nx\nA {\"A\":1}\ny\n", "own clock entry repeats after 1"),
        (
            "A {\"A\":1}\nx\nB {\"B\":1, \"A\":2}\ny\n",
            "line 3: the clock says host \"A\" has done 2 events, but it has only 1",
        ),
        (
            "A {\"A\":1}\nx\nB {\"B\":1, \"Z\":1}\ny\n",
            "line 3: the clock names host \"Z\", which has no events in this execution",
        ),
        ("A {\"A\":1}\nx\n\n\nB {\"B\":1 \"A\":1}\ny\n", "line 5: the clock {\"B\":1 \"A\":1} is not JSON"),
        ("A {\"A\":1, \"B\":1}\nx\nB {\"B\":1, \"A\":1}\ny\n", "would happen before itself"),
        // C:1 hears from B:1, who knew A:1, yet claims not to know A.
        (
            "A {\"A\":1}\nx\nB {\"B\":1, \"A\":1}\nz\nC {\"C\":1, \"B\":1}\nw\n",
            "line 5: the clock {\"C\":1, \"B\":1} cannot be right",
        ),
        ("", "the log is empty"),
        ("just prose\n", "the expression matches no event in the log"),
    ];
    for (log, want) in cases {
        let got = error(log);
        assert!(got.contains(want), "for {log:?}\n got: {got}\nwant: {want}");
    }
}

#[test]
fn impossible_knowledge_is_refused_even_when_shiviz_would_draw_it() {
    // C hears from B, who knew A:1, yet C's clock has no entry for A.
    // ShiViz derives the edge B:1 → C:1 and draws it; the vector clock
    // algorithm could never produce that clock.
    let log = "A {\"A\":1}\nx\nB {\"B\":1, \"A\":1}\nz\nC {\"C\":1, \"B\":1}\nw\n";
    assert!(error(log).contains("gives {\"A\":1, \"B\":1, \"C\":1}"), "{}", error(log));
}

#[test]
fn a_raw_log_alone_is_refused_and_merges_with_its_peers() {
    let a = "A {\"A\":1}\nsend\nA {\"A\":2, \"B\":1}\nreceive\n";
    let b = "B {\"B\":1, \"A\":1}\nreceive, send\n";
    let alone = import(vec![("a.log".into(), a.into())], &Format::default(), LIMIT).unwrap_err().to_string();
    assert!(alone.contains("one process's raw log"), "{alone}");
    assert!(alone.contains("Import it together with the other processes' logs, all at once"), "{alone}");
    let both =
        import(vec![("a.log".into(), a.into()), ("b.log".into(), b.into())], &Format::default(), LIMIT)
            .unwrap()
            .remove(0);
    assert_eq!(both.trace.event_count(), 3);
    assert_eq!(messages(&both), vec![("A:1".to_string(), "B:1".to_string()), ("B:1".into(), "A:2".into())]);
    let line = both.entries[both.trace.event_by_id("B:1").unwrap() as usize].clone();
    assert_eq!((line.file.as_deref(), line.line), (Some("b.log"), 1));
    // Errors in a merge name the file.
    let bad = "B {\"B\":2}\nx\n";
    let e = import(vec![("a.log".into(), a.into()), ("b.log".into(), bad.into())], &Format::default(), LIMIT)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("b.log, line 1: the first event of host \"B\""), "{e}");
}

#[test]
fn delimiters_split_executions_and_name_them() {
    let format = Format {
        regex: lightcone::core::formats::shiviz::GOVECTOR_REGEX.into(),
        delimiter: Some(r"^=== (?<trace>.*) ===$".into()),
    };
    let log = "=== first ===\nA {\"A\":1}\nx\n=== second ===\nB {\"B\":1}\ny\nB {\"B\":2}\nz\n";
    let all = import(vec![("log".into(), log.into())], &format, LIMIT).unwrap();
    let summary: Vec<(&str, usize)> = all.iter().map(|x| (x.label.as_str(), x.trace.event_count())).collect();
    assert_eq!(summary, [("first", 1), ("second", 2)]);
    assert_eq!(all[1].entries[1].line, 7);
    let empty = "=== first ===\nA {\"A\":1}\nx\n=== second ===\nnothing here\n";
    let e = import(vec![("log".into(), empty.into())], &format, LIMIT).unwrap_err().to_string();
    assert!(e.contains("no event in execution \"second\""), "{e}");
}

#[test]
fn windows_line_ends_and_tlc_clocks_read() {
    let x = one("A {\"A\":1}\r\nx\r\nB {\\\"B\\\":1,\\\"A\\\":1}\r\ny\r\n").unwrap();
    assert_eq!(x.trace.event_count(), 2);
    assert_eq!(x.trace.label(1), Some("y"));
}

#[test]
fn expressions_without_the_groups_and_oversized_logs_are_refused() {
    let format = Format { regex: r"(?<host>\S*) (?<when>.*)".into(), delimiter: None };
    let e = import(vec![("log".into(), "A x".into())], &format, LIMIT).unwrap_err().to_string();
    assert_eq!(e, "the expression needs the named groups host, clock and event; it has no clock, no event");
    let e = import(vec![("log".into(), "x".repeat(3 << 20))], &Format::default(), 2 << 20)
        .unwrap_err()
        .to_string();
    assert_eq!(e, "the log is 3.0 MB; the import limit is 2.0 MB (raise it to import this log)");
    let format = Format { regex: r"(?<host>a)(?=b)(?<clock>c)(?<event>d)".into(), delimiter: None };
    let e = import(vec![("log".into(), "x".into())], &format, LIMIT).unwrap_err().to_string();
    assert!(e.contains("lookaround"), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Exported and imported again, every trace keeps its happened-before
    /// relation, event for event (an event is its process and position).
    #[test]
    fn export_then_import_keeps_happened_before(t in common::strategy::trace(4, 30, 1)) {
        prop_assume!(t.event_count() > 0);
        let log = write_shiviz(&t).unwrap();
        let back = one(&log).map_err(|e| TestCaseError::fail(format!("{e}\n{log}")))?;
        let id = |e: u32| format!("{}:{}", t.process_name(t.process_of(e)), t.seq(e) + 1);
        let map: Vec<u32> = (0..t.event_count() as u32).map(|e| back.trace.event_by_id(&id(e)).unwrap()).collect();
        prop_assert_eq!(back.trace.event_count(), t.event_count());
        let (r1, r2) = (common::reachability(&t), common::reachability(&back.trace));
        // Imported events may receive and send at once: their interval tree
        // clocks must still order events as happened-before does.
        let itc = ItcClocks::compute(&back.trace).unwrap();
        for a in 0..t.event_count() {
            for b in 0..t.event_count() {
                let (x, y) = (map[a] as usize, map[b] as usize);
                prop_assert_eq!(r1[a][b], r2[x][y], "{} → {}", id(a as u32), id(b as u32));
                let leq = itc.of(x as u32).leq(&itc.of(y as u32));
                prop_assert_eq!(leq, r2[x][y] || x == y, "ITC {} ≤ {}", id(a as u32), id(b as u32));
            }
        }
    }
}

#[test]
fn export_names_hosts_without_whitespace_and_keeps_labels() {
    let t = lightcone::core::formats::parse_trace(
        r#"{"processes": ["Client 1", "Client_1"], "events": [
            {"id": "a1", "process": "Client 1", "kind": "send", "message": "m", "label": "ask\nnow"},
            {"id": "b1", "process": "Client_1", "kind": "receive", "message": "m"}]}"#,
    )
    .unwrap();
    let log = write_shiviz(&t).unwrap();
    assert_eq!(
        log,
        "Client_1 {\"Client_1\":1}\nask now\nClient_1_2 {\"Client_1_2\":1, \"Client_1\":1}\nreceive b1\n"
    );
}

#[test]
fn export_reads_back_with_javascript_whitespace_and_line_terminators() {
    let t = lightcone::core::formats::parse_trace(
        "{\"processes\": [\"a\u{FEFF}b\"], \"events\": [{\"id\": \"x\", \"process\": \"a\u{FEFF}b\", \"kind\": \"local\", \"label\": \"one\u{2028}two\"}]}",
    )
    .unwrap();
    let log = write_shiviz(&t).unwrap();
    assert_eq!(log, "a_b {\"a_b\":1}\none two\n");
    assert_eq!(one(&log).unwrap().trace.label(0), Some("one two"));
}
