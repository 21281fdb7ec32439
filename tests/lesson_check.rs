//! `lesson check`: a good lesson passes with the answers and solutions it
//! finds; each kind of broken lesson is refused with a problem naming the
//! step and the field; the CLI prints the report, or every problem on a
//! line of its own. Expected answers here are worked out by hand from the
//! diagrams (and the commit-lab ones from `lightcone simulate` runs), not
//! taken from the code under test.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::cli::lightcone;
use lightcone::core::lesson::{check, Lesson, Problem};
use serde_json::{json, Value};

/// A sends m1 from a2 (time 2), received by b2 (time 3); b1 (time 1.5)
/// has seen nothing of A, so it is concurrent with a1 and a2.
fn two_processes() -> Value {
    json!({"processes": ["A", "B"], "events": [
        {"id": "a1", "process": "A", "kind": "local", "time": 1},
        {"id": "a2", "process": "A", "kind": "send", "message": "m1", "time": 2},
        {"id": "b1", "process": "B", "kind": "local", "time": 1.5},
        {"id": "b2", "process": "B", "kind": "receive", "message": "m1", "time": 3}]})
}

fn lesson(steps: Value) -> Value {
    json!({"format": "lightcone-lesson/1", "title": "Concurrency", "abstract": "What concurrent means.",
           "steps": steps})
}

/// The good lesson: a trace, a prediction, a task on the trace, a task on
/// a commit-lab run.
fn good() -> Value {
    lesson(json!([
        {"title": "Two processes", "diagram": {"trace": two_processes()},
         "caption": "*a2* sends `m1` to B.",
         "highlight": {"events": ["a2"], "messages": ["m1"], "processes": ["A"]},
         "select": ["a1", "b2"]},
        {"title": "Guess", "caption": "Which events are concurrent with b1?",
         "prediction": {"question": "Click every event concurrent with b1.",
                        "why": "No message reaches B before b1.",
                        "events": {"concurrent_with": "b1"}}},
        {"title": "Move it", "caption": "Drag b1.",
         "task": {"do": "Move b1 so that it happens after a2's message arrives.",
                  "check": {"relation": {"a": "a2", "b": "b1", "is": "before"}},
                  "hint": "b1 must come after b2."}},
        {"title": "Block", "diagram": {"scenario": "2pc-happy-path"}, "caption": "Everyone commits.",
         "task": {"do": "Crash a node so that the participants block.",
                  "check": {"all": [{"crashed": "C"},
                                    {"property": {"name": "termination", "is": "violated"}}]},
                  "hint": "Crash the coordinator before it decides."}}
    ]))
}

fn checked(v: &Value) -> Result<Vec<String>, Vec<Problem>> {
    let lesson = Lesson::parse(&v.to_string()).expect("the lesson parses");
    check(&lesson)
}

/// The problems of a lesson that must fail, as `steps[K].field: message`.
fn problems(v: &Value) -> Vec<String> {
    match checked(v) {
        Ok(report) => panic!("accepted: {report:?}"),
        Err(problems) => problems.iter().map(Problem::to_string).collect(),
    }
}

/// The one problem of a lesson with one thing wrong: its step and field,
/// and the message.
fn problem(v: &Value) -> (usize, String, String) {
    let Err(problems) = checked(v) else { panic!("accepted: {v}") };
    assert_eq!(problems.len(), 1, "one problem expected: {problems:?}");
    let p = &problems[0];
    (p.step, p.field.clone(), p.message.clone())
}

/// The good lesson with step `i`'s `key` set to `value`.
fn with(i: usize, key: &str, value: Value) -> Value {
    let mut v = good();
    v["steps"][i][key] = value;
    v
}

#[test]
fn a_good_lesson_passes_with_the_answers_and_solutions_found() {
    let report = checked(&good()).unwrap_or_else(|p| panic!("refused: {p:?}"));
    assert_eq!(report.len(), 4);
    assert_eq!(report[0], "step 0 (Two processes): ok");
    // By hand: b1 (at 1.5, before anything reaches B) is concurrent with
    // both of A's events.
    assert_eq!(report[1], "step 1 (Guess): ok; prediction: answer a1, a2");
    // The search moves b1 after b2 (at 3): only then has m1 reached it.
    let moved =
        report[2].strip_prefix("step 2 (Move it): ok; task solved by moving b1 to ").expect(&report[2]);
    assert!(moved.parse::<f64>().unwrap() > 3.0, "{}", report[2]);
    // `lightcone simulate` on 2pc-happy-path with C crashed at 0.5: no
    // one decides, termination false.
    assert_eq!(report[3], "step 3 (Block): ok; task solved by crashing C at 0.5");
}

#[test]
fn given_solutions_are_applied_and_checked() {
    let mut v = good();
    v["steps"][2]["task"]["solution"] = json!({"moves": {"b1": 3.5}});
    // `lightcone simulate` with C crashed at 1.5: the participants have
    // voted and wait for a decision that never comes.
    v["steps"][3]["task"]["solution"] = json!({"faults": [{"crash": {"node": "C", "at": 1.5}}]});
    let report = checked(&v).unwrap_or_else(|p| panic!("refused: {p:?}"));
    assert!(report[2].ends_with("task solved by its solution (moving b1 to 3.5)"), "{}", report[2]);
    assert!(report[3].ends_with("task solved by its solution (1 fault)"), "{}", report[3]);

    // b1 at 2.5 is still before m1 arrives at 3.
    let mut v = good();
    v["steps"][2]["task"]["solution"] = json!({"moves": {"b1": 2.5}});
    let (step, field, message) = problem(&v);
    assert_eq!((step, field.as_str()), (2, "task.solution"), "{message}");
    // A crash after C has decided (at 2.5 everyone commits) blocks no one.
    let mut v = good();
    v["steps"][3]["task"]["solution"] = json!({"faults": [{"crash": {"node": "C", "at": 2.5}}]});
    assert_eq!(problem(&v).1, "task.solution");
    let mut v = good();
    v["steps"][3]["task"]["solution"] = json!({"faults": [{"crash": {"node": "P9", "at": 1}}]});
    let (step, field, message) = problem(&v);
    assert_eq!((step, field.as_str()), (3, "task.solution.faults[0]"));
    assert!(message.contains("P9"), "{message}");
    // b1 cannot move before time 0.
    let mut v = good();
    v["steps"][2]["task"]["solution"] = json!({"moves": {"b1": -1}});
    assert_eq!(problem(&v).1, "task.solution.moves.b1");
    // A solution's trace that does the task.
    let mut v = good();
    let mut done = two_processes();
    done["events"][2]["time"] = json!(4);
    let b1 = done["events"].as_array_mut().unwrap().remove(2);
    done["events"].as_array_mut().unwrap().push(b1);
    v["steps"][2]["task"]["solution"] = json!({"trace": done});
    let report = checked(&v).unwrap_or_else(|p| panic!("refused: {p:?}"));
    assert!(report[2].ends_with("task solved by its solution's trace"), "{}", report[2]);
    // One that is not a trace.
    v["steps"][2]["task"]["solution"] = json!({"trace": {"events": [{"id": "x"}]}});
    assert_eq!(problem(&v).1, "task.solution.trace");
}

#[test]
fn unknown_ids_are_named_by_step_and_field() {
    let v = with(0, "highlight", json!({"events": ["a2", "zz"]}));
    let (step, field, message) = problem(&v);
    assert_eq!((step, field.as_str()), (0, "highlight.events[1]"));
    assert!(message.contains("\"zz\""), "{message}");

    assert_eq!(problem(&with(0, "highlight", json!({"messages": ["m9"]}))).1, "highlight.messages[0]");
    assert_eq!(problem(&with(0, "highlight", json!({"processes": ["Q"]}))).1, "highlight.processes[0]");
    assert_eq!(problem(&with(1, "select", json!(["b1", "nope"]))).1, "select[1]");

    let v = with(1, "prediction", json!({"question": "q", "why": "w", "events": {"concurrent_with": "b7"}}));
    let (step, field, _) = problem(&v);
    assert_eq!((step, field.as_str()), (1, "prediction.events.concurrent_with"));
    let v = with(1, "prediction", json!({"question": "q", "why": "w", "events": ["a1", "x"]}));
    assert_eq!(problem(&v).1, "prediction.events[1]");
    let v = with(1, "prediction", json!({"question": "q", "why": "w", "lamport": "x"}));
    assert_eq!(problem(&v).1, "prediction.lamport");

    let mut v = good();
    v["steps"][2]["task"]["check"] = json!({"relation": {"a": "a2", "b": "b9", "is": "before"}});
    let (step, field, message) = problem(&v);
    assert_eq!((step, field.as_str()), (2, "task.check.relation"));
    assert!(message.contains("\"b9\""), "{message}");
    let mut v = good();
    v["steps"][3]["task"]["check"] =
        json!({"all": [{"crashed": "C"}, {"decision": {"node": "P7", "is": "commit"}}]});
    assert_eq!(problem(&v), (3, "task.check.all[1].decision".into(), problem(&v).2));
}

#[test]
fn a_task_already_done_or_impossible_is_refused() {
    // a1 → a2 on A's line: already so.
    let mut v = good();
    v["steps"][2]["task"]["check"] = json!({"relation": {"a": "a1", "b": "a2", "is": "before"}});
    assert_eq!(
        problem(&v),
        (2, "task.check".into(), "the task is already done on the step's diagram".into())
    );
    // Two different events are never the same event.
    let mut v = good();
    v["steps"][2]["task"]["check"] = json!({"relation": {"a": "a1", "b": "b1", "is": "same"}});
    let (step, field, message) = problem(&v);
    assert_eq!((step, field.as_str()), (2, "task.check"));
    assert!(message.starts_with("no solution found (tried "), "{message}");
    assert!(message.ends_with(" changes); give one in task.solution"), "{message}");
    // A run's condition on a trace.
    let mut v = good();
    v["steps"][2]["task"]["check"] = json!({"crashed": "C"});
    assert_eq!(problem(&v).1, "task.check.crashed");
    // An empty computed answer must be listed as [] to be meant.
    let lonely = json!({"processes": ["A"], "events": [{"id": "a1", "process": "A", "kind": "local"}]});
    let v = lesson(json!([{"diagram": {"trace": lonely}, "caption": "c",
        "prediction": {"question": "q", "why": "w", "events": {"concurrent_with": "a1"}}}]));
    assert_eq!(problem(&v).1, "prediction.events");
    let v = lesson(json!([{"diagram": {"trace": lonely}, "caption": "c",
        "prediction": {"question": "q", "why": "w", "events": []}}]));
    assert_eq!(checked(&v).unwrap(), ["step 0: ok; prediction: answer no event"]);
}

#[test]
fn a_lab_or_labels_that_do_not_fit_the_diagram_are_refused() {
    assert_eq!(problem(&with(0, "lab", json!("commit"))).1, "lab");
    assert_eq!(problem(&with(3, "lab", json!("causality"))).1, "lab");
    // The trace names no CRDT type.
    assert_eq!(problem(&with(0, "lab", json!("crdt"))).1, "lab");
    assert_eq!(problem(&with(0, "view", json!({"labels": "crdt"}))).1, "view.labels");
    // A CRDT preset in its own lab, with its labels, is fine.
    let v =
        lesson(json!([{"diagram": {"preset": "crdt-lww-vs-mv"}, "lab": "crdt", "view": {"labels": "crdt"},
                           "caption": "c"}]));
    assert!(checked(&v).is_ok(), "{:?}", checked(&v));
}

#[test]
fn an_unknown_preset_is_named_at_the_step_that_names_it() {
    let v = lesson(json!([
        {"diagram": {"preset": "lamport-concurrency"}, "caption": "c"},
        {"diagram": {"preset": "no-such-preset"}, "caption": "c"},
        {"caption": "inherits it"}
    ]));
    let (step, field, message) = problem(&v);
    assert_eq!((step, field.as_str()), (1, "diagram.preset"));
    assert!(message.contains("no-such-preset"), "{message}");
    let v = lesson(json!([{"diagram": {"scenario": "4pc"}, "caption": "c"}]));
    assert_eq!(problem(&v).1, "diagram.scenario");
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let mut v = good();
    v["steps"][0]["select"] = json!(["qq"]);
    v["steps"][2]["task"]["check"] = json!({"relation": {"a": "a1", "b": "a2", "is": "before"}});
    assert_eq!(
        problems(&v),
        [
            "steps[0].select[0]: there is no event \"qq\" in the diagram",
            "steps[2].task.check: the task is already done on the step's diagram"
        ]
    );
}

#[test]
fn the_format_version_and_unknown_keys_are_refused_with_their_place() {
    let mut v = good();
    v["format"] = json!("lightcone-lesson/2");
    let e = Lesson::parse(&v.to_string()).unwrap_err();
    assert!(e.starts_with("format: ") && e.contains("lightcone-lesson/2"), "{e}");
    let text = "{\"format\": \"lightcone-lesson/1\", \"title\": \"t\", \"abstract\": \"a\",\n \"steps\": [\
                {\"diagram\": {\"preset\": \"lamport-concurrency\"}, \"captoin\": \"x\"}]}";
    let e = Lesson::parse(text).unwrap_err();
    assert!(e.starts_with("line 2, column ") && e.contains("captoin"), "{e}");
}

fn temp_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("lightcone-lesson-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn the_cli_prints_a_report_for_a_good_lesson() {
    let file = temp_file("good.json", &good().to_string());
    let out = lightcone(&["lesson", "check", &file], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert_eq!(lines[1], "step 1 (Guess): ok; prediction: answer a1, a2");
    assert!(lines[3].starts_with("step 3 (Block): ok; task solved by crashing C"), "{text}");
    assert!(out.stderr.is_empty());
}

#[test]
fn the_cli_prints_every_problem_of_a_bad_lesson_and_fails() {
    let mut v = good();
    v["steps"][0]["highlight"] = json!({"events": ["zz"]});
    v["steps"][2]["task"]["check"] = json!({"relation": {"a": "a1", "b": "b1", "is": "same"}});
    let file = temp_file("bad.json", &v.to_string());
    let out = lightcone(&["lesson", "check", &file], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert_eq!(
        lines[0],
        format!("lightcone: {file}: steps[0].highlight.events[0]: there is no event \"zz\" in the diagram")
    );
    assert!(
        lines[1].starts_with(&format!("lightcone: {file}: steps[2].task.check: no solution found")),
        "{err}"
    );
}

#[test]
fn the_cli_refuses_an_unreadable_lesson_in_one_line() {
    let text = "{\"format\": \"lightcone-lesson/1\", \"title\": \"t\", \"abstract\": \"a\",\n \"steps\": [\
                {\"diagram\": {\"preset\": \"lamport-concurrency\"}, \"captoin\": \"x\"}]}";
    let out = lightcone(&["lesson", "check", "-"], text);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("lightcone: -: line 2, column ") && err.contains("captoin"), "{err}");
    let out = lightcone(&["lesson", "check", "-"], "{\"format\": \"lightcone/1\"}");
    assert_eq!(out.status.code(), Some(1));
    let out = lightcone(&["lesson"], "");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("check") && err.lines().count() == 1, "{err}");
}

/// Every lesson shipped under www/lessons/ passes `lesson check`. There
/// must be some: an empty or missing directory is a failure, not a pass.
#[test]
fn every_shipped_lesson_passes_check() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/lessons");
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: cannot list the shipped lessons: {e}", dir.display()));
    let mut files: Vec<_> =
        entries.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no lesson (*.json) to check", dir.display());
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        match Lesson::parse(&text) {
            Err(e) => failures.push(format!("{}: {e}", path.display())),
            Ok(lesson) => {
                if let Err(problems) = check(&lesson) {
                    failures.extend(problems.iter().map(|p| format!("{}: {p}", path.display())));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Cuts: a step's cut names real processes and counts; a task about the
/// cut drawn is checked with its solution, or found by trying every cut.
/// On `two_processes` (m1 from a2 to b2) by hand: the cut {A: 1, B: 2}
/// has b2 inside and a2 outside, so m1 comes from its future.
#[test]
fn cuts_in_steps_and_tasks_are_checked() {
    let task = |check: Value, solution: Option<Value>| {
        let mut t = json!({"do": "Draw a cut.", "check": check, "hint": "h"});
        if let Some(s) = solution {
            t["solution"] = s;
        }
        lesson(json!([{"diagram": {"trace": two_processes()}, "caption": "c", "task": t}]))
    };
    let consistent_with_b2 = json!({"cut": {"consistent": true, "inside": ["b2"]}});
    // Without a solution the search finds the least cut that does it: b2
    // inside needs a2 inside.
    let report = checked(&task(consistent_with_b2.clone(), None)).unwrap();
    assert_eq!(report, ["step 0: ok; task solved by drawing the cut A=2,B=2"]);
    let report = checked(&task(consistent_with_b2.clone(), Some(json!({"cut": {"A": 2, "B": 2}})))).unwrap();
    assert_eq!(report, ["step 0: ok; task solved by its solution (the cut A=2,B=2)"]);
    // A solution that leaves m1 coming from the future does not do it.
    let (_, field, message) =
        problem(&task(consistent_with_b2.clone(), Some(json!({"cut": {"A": 1, "B": 2}}))));
    assert_eq!(
        (field.as_str(), message.as_str()),
        ("task.solution", "the task's condition does not hold after drawing its solution's cut")
    );
    // Names and counts that are not on the diagram.
    let (_, field, message) = problem(&task(consistent_with_b2.clone(), Some(json!({"cut": {"C": 1}}))));
    assert_eq!((field.as_str(), message.as_str()), ("task.solution.cut", "\"C=1\": unknown process \"C\""));
    let (_, field, _) = problem(&task(json!({"cut": {"inside": ["b9"]}}), None));
    assert_eq!(field, "task.check.cut.inside");
    // Inconsistent in every cut with b1 outside and b2 inside: impossible.
    let (_, field, message) = problem(&task(json!({"cut": {"inside": ["b2"], "outside": ["b1"]}}), None));
    assert_eq!(field, "task.check");
    assert!(message.starts_with("no solution found"), "{message}");
    // A step's own cut: checked, and a task it already does is refused.
    let mut v = task(consistent_with_b2.clone(), None);
    v["steps"][0]["cut"] = json!({"A": 2, "B": 3});
    assert_eq!(problems(&v), ["steps[0].cut: \"B=3\": process \"B\" has only 2 events"]);
    v["steps"][0]["cut"] = json!({"A": 2, "B": 2});
    assert_eq!(problem(&v).1, "task.check");
    // A token bank's run belongs in the snapshot lab; a trace in neither.
    let bank =
        lesson(json!([{"diagram": {"scenario": "bank-one-snapshot"}, "lab": "commit", "caption": "c"}]));
    assert_eq!(problem(&bank).1, "lab");
    let bank = lesson(json!([{"diagram": {"scenario": "bank-one-snapshot"}, "caption": "c"}]));
    assert!(checked(&bank).is_ok());
    assert_eq!(problem(&with(0, "lab", json!("snapshot"))).1, "lab");
}

/// Time-lab presets: a step names one with `timesync`; it opens in the
/// time lab only, and takes predictions, not tasks.
#[test]
fn time_lab_steps_are_checked() {
    let step = |extra: Value| {
        let mut s = json!({"diagram": {"timesync": "cristian-asymmetric"}, "caption": "c",
            "prediction": {"question": "q", "why": "w", "choose": {"options": ["a", "b"], "answer": 0}}});
        for (k, v) in extra.as_object().unwrap() {
            s[k] = v.clone();
        }
        lesson(json!([s]))
    };
    assert_eq!(checked(&step(json!({}))).unwrap(), ["step 0: ok; prediction: answer a"]);
    assert!(checked(&step(json!({"lab": "time"}))).is_ok());
    assert_eq!(problem(&step(json!({"lab": "commit"}))).1, "lab");
    assert_eq!(problem(&with(0, "lab", json!("time"))).1, "lab");
    let (_, field, message) = problem(&step(json!({"diagram": {"timesync": "no-such"}})));
    assert_eq!(field, "diagram.timesync");
    assert!(message.contains("no time-lab preset called \"no-such\""), "{message}");
}
