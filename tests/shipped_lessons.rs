//! The lessons that ship in `www/lessons/`, checked independently of
//! `lesson check`: every file parses; every step's diagram loads; what a
//! step highlights or selects is on its diagram; every prediction has an
//! answer there; and every task is not yet done on the step's diagram and
//! is done once its solution is applied (moves by the editor's own
//! `MoveEvent`, faults added to the scenario and the run redone).

use lightcone::core::clocks::LamportRule;
use lightcone::core::cut::{self, Cut};
use lightcone::core::editor::{apply, Document, Edit};
use lightcone::core::lesson::format::{Solution, Task};
use lightcone::core::lesson::{answer, markup, Condition, Expected, Lesson, Loaded, Step, Subject};
use lightcone::core::sim::outcome::{self, Outcome};
use lightcone::core::sim::scenario::{Fault, Scenario};
use lightcone::core::{Analysis, Trace};
use std::path::Path;

/// The lessons issue 16 ships, issue 19's for the replication lab and
/// issue 20's for PBFT, by file name.
const SHIPPED: [&str; 20] = [
    "events-and-processes.json",
    "sync-vs-async.json",
    "lamport-receive-rule.json",
    "lamport-concurrency.json",
    "vector-clocks.json",
    "interval-tree-clocks.json",
    "crdt-state-vs-op.json",
    "2pc-blocking.json",
    "3pc-takeover.json",
    "system-model.json",
    "cuts.json",
    "chandy-lamport.json",
    "physical-time.json",
    "cristian.json",
    "berkeley.json",
    "ntp.json",
    "vr-normal-and-view-change.json",
    "vr-limits.json",
    "pbft.json",
    "vr-vs-pbft.json",
];

fn lessons() -> Vec<(String, Lesson)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/lessons");
    let mut all: Vec<(String, Lesson)> = std::fs::read_dir(dir)
        .expect("www/lessons exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap();
            let lesson = Lesson::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, lesson)
        })
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

/// A diagram as a condition sees it: trace, clocks under the step's rule,
/// the document (traces) or the run (scenarios).
struct Seen {
    trace: Trace,
    analysis: Analysis,
    document: Option<Document>,
    run: Option<Outcome>,
    /// The cut drawn: the step's, or a solution's.
    cut: Option<Cut>,
}

impl Seen {
    fn of_document(document: Document, step: &Step) -> Result<Seen, String> {
        let placed = document.place().map_err(|e| e.to_string())?;
        let analysis = Analysis::run(&placed.trace, &rule(step)).map_err(|e| e.to_string())?;
        let cut = step_cut(&placed.trace, step)?;
        Ok(Seen { trace: placed.trace, analysis, document: Some(document), run: None, cut })
    }

    fn of_run(run: Outcome, step: &Step) -> Result<Seen, String> {
        let trace = run.trace.clone();
        let analysis = Analysis::run(&trace, &rule(step)).map_err(|e| e.to_string())?;
        let cut = step_cut(&trace, step)?;
        Ok(Seen { trace, analysis, document: None, run: Some(run), cut })
    }

    fn of_loaded(loaded: Loaded, step: &Step) -> Result<Seen, String> {
        match loaded {
            Loaded::Trace { document, .. } => Seen::of_document(*document, step),
            Loaded::Run { outcome, .. } => Seen::of_run(*outcome, step),
            // A time-lab run: its trace, with no run conditions to offer.
            Loaded::Time { outcome } => {
                let mut seen = Seen::of_run(*outcome, step)?;
                seen.run = None;
                Ok(seen)
            }
        }
    }

    fn subject(&self) -> Subject<'_> {
        Subject {
            trace: &self.trace,
            analysis: &self.analysis,
            document: self.document.as_ref(),
            run: self.run.as_ref(),
            cut: self.cut.as_ref(),
        }
    }
}

/// The step's own cut on `trace`, if it draws one.
fn step_cut(trace: &Trace, step: &Step) -> Result<Option<Cut>, String> {
    step.cut.as_ref().map(|named| cut::from_names(trace, named).map_err(|e| format!("cut: {e}"))).transpose()
}

fn rule(step: &Step) -> LamportRule {
    LamportRule { receive: step.rule(), ..LamportRule::classic() }
}

/// The diagram once the task's solution is applied.
fn solved(task: &Task, loaded: Loaded, step: &Step) -> Result<Seen, String> {
    let solution = task.solution.as_ref().ok_or("the task gives no solution")?;
    match (solution, loaded) {
        (Solution::Moves(moves), Loaded::Trace { document, .. }) => {
            let mut doc = *document;
            for (event, &time) in moves {
                let edit = Edit::MoveEvent { event: event.clone(), time };
                doc = apply(&doc, &edit).map_err(|e| format!("moving {event} to {time}: {e}"))?.document;
            }
            Seen::of_document(doc, step)
        }
        (Solution::Trace(value), Loaded::Trace { .. }) => {
            let doc = Document::parse(&value.to_string()).map_err(|e| format!("solution trace: {e}"))?;
            Seen::of_document(doc, step)
        }
        (Solution::Faults(faults), Loaded::Run { scenario, .. }) => {
            let mut s: Scenario = *scenario;
            for f in faults {
                let fault: Fault =
                    serde_json::from_value(f.clone()).map_err(|e| format!("fault {f}: {e}"))?;
                s.faults.push(fault);
            }
            // Read back, so the added faults are checked as a file's are.
            let s = Scenario::parse(&serde_json::to_string(&s).unwrap())?;
            Seen::of_run(outcome::run(&s), step)
        }
        (Solution::Cut(named), loaded) => {
            let mut seen = Seen::of_loaded(loaded, step)?;
            seen.cut = Some(cut::from_names(&seen.trace, named).map_err(|e| format!("solution cut: {e}"))?);
            Ok(seen)
        }
        (Solution::Faults(_), Loaded::Trace { .. }) => Err("faults on a trace diagram".into()),
        (_, Loaded::Run { .. }) => Err("moves or a trace on a commit-lab run".into()),
        (_, Loaded::Time { .. }) => Err("a task on a time-lab run".into()),
    }
}

/// Text the page writes as text: no markup that looks like HTML, and
/// every `*` and `` ` `` closed (else the caption shows a stray marker).
fn check_text(place: &str, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    for w in chars.windows(2) {
        assert!(
            !(w[0] == '<' && (w[1].is_ascii_alphabetic() || w[1] == '/')),
            "{place}: \"<{}\" reads as HTML",
            w[1]
        );
    }
    let plain = markup::plain(text);
    assert!(!plain.contains('`'), "{place}: an unclosed ` in {text:?}");
    assert!(!plain.contains('*'), "{place}: an unclosed * in {text:?}");
    assert!(!text.trim().is_empty(), "{place}: empty");
}

#[test]
fn exactly_the_shipped_lessons() {
    let names: Vec<String> = lessons().into_iter().map(|(n, _)| n).collect();
    let mut want: Vec<String> = SHIPPED.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(names, want);
}

#[test]
fn every_lesson_asks_something_and_is_short() {
    for (name, lesson) in lessons() {
        let n = lesson.steps.len();
        assert!((3..=7).contains(&n), "{name}: {n} steps");
        assert!(
            lesson.steps.iter().any(|s| s.prediction.is_some() || s.task.is_some()),
            "{name}: no prediction or task"
        );
        check_text(&format!("{name}: title"), &lesson.title);
        check_text(&format!("{name}: abstract"), &lesson.summary);
        for (i, step) in lesson.steps.iter().enumerate() {
            let at = format!("{name}: steps[{i}]");
            check_text(&format!("{at}.caption"), &step.caption);
            if let Some(t) = &step.title {
                check_text(&format!("{at}.title"), t);
            }
            if let Some(p) = &step.prediction {
                check_text(&format!("{at}.prediction.question"), &p.question);
                check_text(&format!("{at}.prediction.why"), &p.why);
                for (k, o) in p.choose.iter().flat_map(|c| c.options.iter()).enumerate() {
                    check_text(&format!("{at}.prediction.choose.options[{k}]"), o);
                }
            }
            if let Some(t) = &step.task {
                check_text(&format!("{at}.task.do"), &t.goal);
                check_text(&format!("{at}.task.hint"), &t.hint);
                if let Some(d) = &t.done {
                    check_text(&format!("{at}.task.done"), d);
                }
            }
        }
    }
}

#[test]
fn every_step_works_on_its_diagram() {
    for (name, lesson) in lessons() {
        for (i, step) in lesson.steps.iter().enumerate() {
            let at = format!("{name}: steps[{i}]");
            let diagram = lesson.diagram_of(i).diagram;
            let loaded = diagram.load().unwrap_or_else(|e| panic!("{at}: {e}"));
            let lab = step.lab.clone().unwrap_or_else(|| loaded.lab().to_string());
            let is_run = matches!(loaded, Loaded::Run { .. });
            // A time-lab preset opens in the time lab, and only there.
            assert_eq!(lab == "time", matches!(loaded, Loaded::Time { .. }), "{at}: lab {lab}");
            assert_eq!(
                ["commit", "snapshot", "replication"].contains(&lab.as_str()),
                is_run,
                "{at}: lab {lab} on a {}",
                if is_run { "run" } else { "trace" }
            );
            if let Loaded::Trace { document, .. } = &loaded {
                if lab == "crdt" || step.view.labels.as_deref() == Some("crdt") {
                    assert!(document.crdt.is_some(), "{at}: the CRDT lab on a diagram without a CRDT type");
                }
            }
            let seen = Seen::of_loaded(diagram.load().unwrap(), step).unwrap_or_else(|e| panic!("{at}: {e}"));
            let s = seen.subject();

            for id in step.highlight.events.iter().chain(&step.select) {
                assert!(s.trace.event_by_id(id).is_some(), "{at}: no event {id}");
            }
            for id in &step.highlight.messages {
                assert!(s.trace.message_by_id(id).is_some(), "{at}: no message {id}");
            }
            for p in &step.highlight.processes {
                assert!(s.trace.process_by_name(p).is_some(), "{at}: no process {p}");
            }

            if let Some(p) = &step.prediction {
                let expected = answer::expected(p, &s).unwrap_or_else(|e| panic!("{at}.prediction: {e}"));
                // The reveal says the answer the diagram gives.
                match &expected {
                    Expected::Events(events) => {
                        assert!(!events.is_empty(), "{at}.prediction: the answer is no event");
                        for &e in events {
                            let id = s.trace.event_id(e);
                            assert!(
                                p.why.contains(&format!("`{id}`")),
                                "{at}.prediction.why does not name {id}"
                            );
                        }
                    }
                    Expected::Lamport(_) | Expected::Vector(_) => {
                        let words = answer::words(&expected, s.trace, &[]);
                        assert!(p.why.contains(&words), "{at}.prediction.why does not say {words}");
                    }
                    Expected::Choose(_) => {}
                }
            }

            if let Some(task) = &step.task {
                let check: &Condition = &task.check;
                // A cut is drawn on a trace and on a run alike.
                if !check.needs_cut() {
                    assert_eq!(
                        check.needs_run(),
                        is_run,
                        "{at}.task: the condition and the diagram disagree"
                    );
                }
                let before = check.holds(&s).unwrap_or_else(|e| panic!("{at}.task.check: {e}"));
                assert!(!before, "{at}.task: already done on the step's diagram");
                let after =
                    solved(task, diagram.load().unwrap(), step).unwrap_or_else(|e| panic!("{at}.task: {e}"));
                let done =
                    check.holds(&after.subject()).unwrap_or_else(|e| panic!("{at}.task (solved): {e}"));
                assert!(done, "{at}.task: the solution does not do it");
            }
        }
    }
}
