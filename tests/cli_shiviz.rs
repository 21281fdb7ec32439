//! `lightcone import --shiviz` and `export --shiviz` as a user runs them:
//! on logs written here, on the shared real logs (when present), and on
//! corrupted copies of those, which must give one clear line, never a panic.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
mod common;

use common::cli::lightcone;
use std::process::Output;

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The one line of a refusal.
fn refusal(out: &Output) -> String {
    assert!(!out.status.success(), "accepted: {}", text(&out.stdout));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "one line expected: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const LOG: &str =
    "A {\"A\":1}\nsend to B\nB {\"B\":1, \"A\":1}\nreceive from A\nB {\"B\":2, \"A\":1}\nwrite x\n";

#[test]
fn import_prints_a_trace_with_messages_labels_and_lines() {
    let out = lightcone(&["import", "--shiviz", "-"], LOG);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let events: Vec<(String, String, String)> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap().into(),
                e["kind"].as_str().unwrap().into(),
                e["label"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            ("A:1".into(), "send".into(), "send to B".into()),
            ("B:1".into(), "receive".into(), "receive from A".into()),
            ("B:2".into(), "local".into(), "write x".into())
        ]
    );
    assert_eq!(v["events"][1]["fields"], serde_json::json!([["line", "3"]]));
    // What import prints, analyze reads.
    let analyzed = lightcone(&["analyze", "-"], &text(&out.stdout));
    assert!(analyzed.status.success());
}

#[test]
fn import_merges_raw_logs_given_together_and_names_the_file_in_errors() {
    let dir = temp_dir("raw-logs");
    let a = dir.join("a.log");
    let b = dir.join("b.log");
    std::fs::write(&a, "A {\"A\":1}\nsend\nA {\"A\":2, \"B\":1}\nreceive\n").unwrap();
    std::fs::write(&b, "B {\"B\":1, \"A\":1}\nreceive, send\n").unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let alone = refusal(&lightcone(&["import", "--shiviz", a], ""));
    assert!(alone.contains("a.log, line 3: the clock names host \"B\", which has no events here"), "{alone}");
    let out = lightcone(&["import", "--shiviz", a, b], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(v["processes"], serde_json::json!(["A", "B"]));
    assert_eq!(v["events"][2]["fields"], serde_json::json!([["line", "1"], ["file", b]]));
    std::fs::write(dir.join("c.log"), "B {\"B\":1, \"A\":1}\nreceive\nB {\"B\":1}\nagain\n").unwrap();
    let bad = refusal(&lightcone(&["import", "--shiviz", a, dir.join("c.log").to_str().unwrap()], ""));
    assert!(bad.contains("c.log, line 3: host \"B\"'s own clock entry repeats after 1 (line 1)"), "{bad}");
}

#[test]
fn import_picks_an_execution_by_number_or_name() {
    let log = "=== one ===\nA {\"A\":1}\nx\n=== two ===\nB {\"B\":1}\ny\n";
    let args = ["import", "--shiviz", "--delimiter", "^=== (?<trace>.*) ===$", "-"];
    let first = lightcone(&args, log);
    assert!(text(&first.stderr).contains("2 executions (1 \"one\", 2 \"two\"); printing the first"));
    assert!(text(&first.stdout).contains("\"A:1\""));
    let by_name = lightcone(&[&args[..4], &["--execution", "two", "-"]].concat(), log);
    assert!(text(&by_name.stdout).contains("\"B:1\""));
    let none = refusal(&lightcone(&[&args[..4], &["--execution", "3", "-"]].concat(), log));
    assert!(none.contains("--execution \"3\": no such execution"), "{none}");
}

#[test]
fn export_writes_govector_that_imports_back() {
    let trace = r#"{"processes": ["A", "B"], "events": [
        {"id": "a1", "process": "A", "kind": "send", "message": "m1", "label": "ask"},
        {"id": "b1", "process": "B", "kind": "receive", "message": "m1"},
        {"id": "b2", "process": "B", "kind": "local", "label": "write x"}]}"#;
    let out = lightcone(&["export", "--shiviz", "-"], trace);
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        "A {\"A\":1}\nask\nB {\"B\":1, \"A\":1}\nreceive b1\nB {\"B\":2, \"A\":1}\nwrite x\n"
    );
    let back = lightcone(&["import", "--shiviz", "-"], &text(&out.stdout));
    assert!(back.status.success());
    let bad = refusal(&lightcone(&["export", "--shiviz", "-"], "{\"events\": 3}"));
    assert!(bad.starts_with("lightcone: -: "), "{bad}");
}

#[test]
fn bad_expressions_are_named() {
    let out = refusal(&lightcone(&["import", "--shiviz", "--regex", "(?<host>\\S*)(?<clock>.*)", "-"], LOG));
    assert!(out.contains("it has no event"), "{out}");
    let out = refusal(&lightcone(&["import", "--shiviz", "--regex", "(a)\\1", "-"], LOG));
    assert!(out.contains("backreference"), "{out}");
}

/// The shared logs with their expressions, or None (said plainly) when this
/// clone has no ../shared.
fn shared_logs() -> Option<Vec<(PathBuf, serde_json::Value)>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/shiviz");
    let Ok(manifest) = std::fs::read_to_string(dir.join("MANIFEST.json")) else {
        eprintln!("SKIPPED: ../shared/data/shiviz is not here; the CLI tests on the shared logs did not run");
        return None;
    };
    let v: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    Some(
        v["logs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| (dir.join(l["file"].as_str().unwrap()), l.clone()))
            .collect(),
    )
}

fn import_args(path: &Path, log: &serde_json::Value) -> Vec<String> {
    let mut args =
        vec!["import".into(), "--shiviz".into(), "--regex".into(), log["regex"].as_str().unwrap().into()];
    if let Some(d) = log["delimiter"].as_str() {
        args.extend(["--delimiter".into(), d.into()]);
    }
    args.push(path.to_str().unwrap().into());
    args
}

#[test]
fn shared_logs_import_render_and_export_round_trip() {
    let Some(logs) = shared_logs() else { return };
    let dir = temp_dir("shared-round-trip");
    for (path, log) in logs {
        let args = import_args(&path, &log);
        let out = lightcone(&args.iter().map(String::as_str).collect::<Vec<_>>(), "");
        let name = log["file"].as_str().unwrap();
        if log["hosts"] == serde_json::json!([1]) {
            assert!(refusal(&out).contains("raw log"), "{name}");
            continue;
        }
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        let trace = dir.join(format!("{name}.json"));
        std::fs::write(&trace, &out.stdout).unwrap();
        let svg = dir.join(format!("{name}.svg"));
        let drawn = lightcone(&["render", trace.to_str().unwrap(), "-o", svg.to_str().unwrap()], "");
        assert!(drawn.status.success(), "{name}: {}", text(&drawn.stderr));
        assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));
        let exported = lightcone(&["export", "--shiviz", trace.to_str().unwrap()], "");
        assert!(exported.status.success());
        let again = lightcone(&["import", "--shiviz", "-"], &text(&exported.stdout));
        assert!(again.status.success(), "{name}: {}", text(&again.stderr));
        let count = |o: &Output| text(&o.stdout).matches("\"process\":").count();
        assert_eq!(count(&again), count(&out), "{name}");
    }
}

#[test]
fn corrupted_shared_logs_give_one_line_naming_the_place() {
    let Some(logs) = shared_logs() else { return };
    let dir = temp_dir("shared-corrupted");
    let mut refused = 0;
    for (path, log) in logs {
        let original = std::fs::read(&path).unwrap();
        let name = log["file"].as_str().unwrap();
        let n = original.len();
        let mut copies: Vec<(&str, Vec<u8>)> = vec![
            ("truncated", original[..n / 2].to_vec()),
            ("invalid-utf8", [&original[..n / 3], &[0xff, 0xfe][..], &original[n / 3..]].concat()),
        ];
        // A clock entry bumped: the first `":1` becomes `":7`.
        let text_of = String::from_utf8_lossy(&original).into_owned();
        copies.push(("bumped-clock", text_of.replacen("\":1", "\":7", 1).into_bytes()));
        // A clock broken: the first `}` after a `{"` removed.
        if let Some(open) = text_of.find("{\"").or_else(|| text_of.find("{\\\"")) {
            let close = open + text_of[open..].find('}').unwrap();
            copies.push(("broken-clock", [&original[..close], &original[close + 1..]].concat()));
        }
        for (what, bytes) in copies {
            let copy = dir.join(format!("{what}-{name}"));
            std::fs::write(&copy, bytes).unwrap();
            let out = lightcone(&import_args(&copy, &log).iter().map(String::as_str).collect::<Vec<_>>(), "");
            if out.status.success() {
                continue;
            }
            let err = refusal(&out);
            refused += 1;
            assert!(err.contains(copy.to_str().unwrap()), "{what} {name}: {err}");
            if what == "bumped-clock" || what == "invalid-utf8" {
                assert!(err.contains("line ") || err.contains("byte "), "{what} {name}: {err}");
            }
        }
    }
    assert!(refused > 20, "only {refused} corrupted copies were refused");
}
