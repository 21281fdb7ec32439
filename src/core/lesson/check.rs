//! `lesson check`: whether a lesson works as written. Every step's diagram
//! loads, its lab and labels fit the diagram, every id it names is there,
//! every prediction has an answer, and every task is not done already but
//! can be done (by its solution, or by a change the check finds: an event
//! moved, a node crashed, a message dropped).
//!
//! Deterministic: the same lesson gives the same report, the same
//! problems and the same solutions found, in the same order.

use super::answer::{self, Expected};
use super::condition::{Condition, Subject};
use super::diagram::Loaded;
use super::format::{Answer, Diagram, EventSet, Lesson, Related, Solution, Step};
use crate::core::clocks::LamportRule;
use crate::core::cut::Cut;
use crate::core::editor::{apply, Document, Edit};
use crate::core::sim::outcome::{run, Outcome};
use crate::core::sim::scenario::{Fault, Scenario};
use crate::core::{Analysis, Trace};
use std::fmt;

/// The most changes the search for a task's solution tries.
pub const MAX_TRIES: usize = 20_000;

/// Something wrong with a lesson: the step (from 0), the field in it, and
/// what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The step's index in `steps`, from 0.
    pub step: usize,
    /// The field in the step, as the file writes it (`highlight.events[2]`).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "steps[{}].{}: {}", self.step, self.field, self.message)
    }
}

/// Checks every step of `lesson`: one report line per step when all is
/// well (`step 2 (Title): ok; prediction: answer a2, c1`), else every
/// problem found.
pub fn check(lesson: &Lesson) -> Result<Vec<String>, Vec<Problem>> {
    let mut report = Vec::with_capacity(lesson.steps.len());
    let mut problems = Vec::new();
    // Steps inherit diagrams forwards only, so one loaded diagram at a
    // time serves every step that shows it.
    let mut loaded: Option<(usize, Result<Loaded, ()>)> = None;
    for (i, step) in lesson.steps.iter().enumerate() {
        let from = lesson.diagram_of(i);
        if loaded.as_ref().is_none_or(|(j, _)| *j != from.from) {
            let result = from.diagram.load().map_err(|e| {
                let (field, message) = split_field(&e, "diagram");
                problems.push(Problem { step: from.from, field, message });
            });
            loaded = Some((from.from, result));
        }
        let Some((_, Ok(diagram))) = &loaded else { continue };
        let mut found = Vec::new();
        let before = problems.len();
        check_step(i, step, diagram, &mut found, &mut problems);
        if problems.len() == before {
            let title = step.title.as_deref().map(|t| format!(" ({})", super::clip(t))).unwrap_or_default();
            let mut line = format!("step {i}{title}: ok");
            for f in found {
                line.push_str("; ");
                line.push_str(&f);
            }
            report.push(line);
        }
    }
    if problems.is_empty() {
        Ok(report)
    } else {
        Err(problems)
    }
}

/// One step on its diagram: what it found (answers, solutions) goes to
/// `found`, what is wrong to `problems`.
fn check_step(i: usize, step: &Step, diagram: &Loaded, found: &mut Vec<String>, problems: &mut Vec<Problem>) {
    let mut problem =
        |field: &str, message: String| problems.push(Problem { step: i, field: field.into(), message });
    let rule = LamportRule { receive: step.rule(), ..LamportRule::classic() };
    let trace = diagram.trace();
    let analysis = match Analysis::run(trace, &rule) {
        Ok(a) => a,
        Err(e) => return problem("view.rule", format!("the diagram's clocks cannot be computed: {e}")),
    };
    let (document, outcome) = diagram.parts();

    // The lab and the labels.
    let lab = step.lab.as_deref().unwrap_or_else(|| diagram.lab());
    let itc = analysis.itc(trace).map(drop).map_err(|e| e.to_string());
    match (lab, diagram) {
        (lab @ ("commit" | "snapshot" | "replication"), Loaded::Trace { .. }) => problem(
            "lab",
            format!(
                "the {lab} lab shows a scenario's run; this step's diagram is a trace (name a scenario, or \
             another lab)"
            ),
        ),
        ("time", Loaded::Trace { .. } | Loaded::Run { .. }) => {
            problem("lab", "the time lab shows a time-lab preset's run (name one with \"timesync\")".into())
        }
        (lab, Loaded::Time { .. }) if lab != "time" => problem(
            "lab",
            format!("a time-lab preset's run shows in the time lab only, not the {} lab", super::clip(lab)),
        ),
        (lab, Loaded::Run { .. }) if lab != diagram.lab() => problem(
            "lab",
            format!(
                "this scenario's run shows in the {} lab only, not the {} lab",
                diagram.lab(),
                super::clip(lab)
            ),
        ),
        ("crdt", _) if document.and_then(|d| d.crdt).is_none() => problem(
            "lab",
            "the crdt lab needs a trace that names its CRDT type (\"crdt\" at its top level)".into(),
        ),
        ("itc", _) => {
            if let Err(e) = &itc {
                problem("lab", format!("the itc lab cannot stamp this diagram: {e}"));
            }
        }
        _ => {}
    }
    match step.view.labels.as_deref() {
        Some("crdt") if lab != "crdt" => problem(
            "view.labels",
            format!("crdt labels show in the crdt lab only; this step is in the {} lab", super::clip(lab)),
        ),
        Some("itc") => {
            if let Err(e) = &itc {
                problem("view.labels", format!("this diagram's ITC stamps cannot be computed: {e}"));
            }
        }
        _ => {}
    }

    // Every id named.
    let ids = |field: &str, ids: &[String], what: &str, exists: &dyn Fn(&str) -> bool| {
        ids.iter()
            .enumerate()
            .filter(|(_, id)| !exists(id))
            .map(|(j, id)| {
                (
                    format!("{field}[{j}]"),
                    format!("there is no {what} \"{}\" in the diagram", super::clip(id)),
                )
            })
            .collect::<Vec<_>>()
    };
    let event = |id: &str| trace.event_by_id(id).is_some();
    let message = |id: &str| trace.message_by_id(id).is_some();
    let process = |id: &str| trace.process_by_name(id).is_some();
    let h = &step.highlight;
    for (field, message) in ids("highlight.events", &h.events, "event", &event)
        .into_iter()
        .chain(ids("highlight.messages", &h.messages, "message", &message))
        .chain(ids("highlight.processes", &h.processes, "process", &process))
        .chain(ids("select", &step.select, "event", &event))
    {
        problem(&field, message);
    }

    let cut = step.cut.as_ref().and_then(|named| match crate::core::cut::from_names(trace, named) {
        Ok(c) => Some(c),
        Err(e) => {
            problem("cut", e);
            None
        }
    });
    let subject = Subject { trace, analysis: &analysis, document, run: outcome, cut: cut.as_ref() };
    if let Some(p) = &step.prediction {
        match answer::expected(p, &subject) {
            Err(message) => problem(&prediction_field(p.answer(), trace), message),
            Ok(Expected::Events(events))
                if events.is_empty() && matches!(p.events, Some(EventSet::Computed(_))) =>
            {
                problem(
                    "prediction.events",
                    "no event is so on this diagram, so the answer would be none; if that is meant, list it \
                     as []"
                        .into(),
                )
            }
            Ok(expected) => {
                let options = p.choose.as_ref().map_or(&[][..], |c| &c.options[..]);
                found.push(format!("prediction: answer {}", answer::words(&expected, trace, options)));
            }
        }
    }

    if let Some(task) = &step.task {
        match task.check.holds(&subject) {
            Err(_) => {
                let (field, message) = locate(&task.check, &subject, "task.check".into())
                    .unwrap_or_else(|| ("task.check".into(), "the condition cannot be evaluated".into()));
                problem(&field, message);
            }
            Ok(true) => problem("task.check", "the task is already done on the step's diagram".into()),
            Ok(false) => match &task.solution {
                Some(solution) => match solved_by(&task.check, solution, diagram, &rule) {
                    Ok(how) => found.push(format!("task solved by {how}")),
                    Err((field, message)) => problem(&field, message),
                },
                None => match search(&task.check, diagram, &rule) {
                    Ok(how) => found.push(format!("task solved by {how}")),
                    Err(tries) => problem(
                        "task.check",
                        format!("no solution found (tried {tries} changes); give one in task.solution"),
                    ),
                },
            },
        }
    }
}

/// A message's leading `field: ` (a word of the file's, like
/// `diagram.preset`), split off; else `field` as given.
fn split_field(message: &str, field: &str) -> (String, String) {
    match message.split_once(": ") {
        Some((head, rest))
            if head.starts_with(field)
                && head.chars().all(|c| c.is_ascii_alphanumeric() || "_.[]".contains(c)) =>
        {
            (head.to_string(), rest.to_string())
        }
        _ => (field.to_string(), message.to_string()),
    }
}

/// Where a prediction's answer names what is not there.
fn prediction_field(answer: Answer<'_>, trace: &Trace) -> String {
    match answer {
        Answer::Events(EventSet::Listed(ids)) => ids
            .iter()
            .position(|id| trace.event_by_id(id).is_none())
            .map_or("prediction.events".into(), |j| format!("prediction.events[{j}]")),
        Answer::Events(EventSet::Computed(r)) => format!(
            "prediction.events.{}",
            match r {
                Related::ConcurrentWith(_) => "concurrent_with",
                Related::Before(_) => "before",
                Related::After(_) => "after",
            }
        ),
        Answer::Lamport(_) => "prediction.lamport".into(),
        Answer::Vector(_) => "prediction.vector".into(),
        Answer::Choose(_) => "prediction.choose".into(),
    }
}

/// The first part of a condition that cannot be evaluated: its place
/// (`task.check.all[1].relation`) and why.
fn locate(c: &Condition, s: &Subject, path: String) -> Option<(String, String)> {
    match c {
        Condition::All(cs) | Condition::Any(cs) => {
            let key = if matches!(c, Condition::All(_)) { "all" } else { "any" };
            cs.iter().enumerate().find_map(|(j, c)| locate(c, s, format!("{path}.{key}[{j}]")))
        }
        Condition::Not(c) => locate(c, s, format!("{path}.not")),
        leaf => {
            let message = leaf.holds(s).err()?;
            let key = serde_json::to_value(leaf)
                .ok()
                .and_then(|v| v.as_object().and_then(|o| o.keys().next().cloned()))
                .unwrap_or_default();
            let (field, message) = split_field(&message, &key);
            Some((format!("{path}.{field}"), message))
        }
    }
}

/// Whether `c` holds on a trace (with its document) or a run.
fn holds(
    c: &Condition,
    trace: &Trace,
    document: Option<&Document>,
    run: Option<&Outcome>,
    cut: Option<&Cut>,
    rule: &LamportRule,
) -> bool {
    let Ok(analysis) = Analysis::run(trace, rule) else { return false };
    c.holds(&Subject { trace, analysis: &analysis, document, run, cut }).unwrap_or(false)
}

/// Applies a task's solution; says what it did, or which field is wrong.
fn solved_by(
    c: &Condition,
    solution: &Solution,
    diagram: &Loaded,
    rule: &LamportRule,
) -> Result<String, (String, String)> {
    let not_done = |what: &str| {
        ("task.solution".to_string(), format!("the task's condition does not hold after {what}"))
    };
    match (solution, diagram) {
        (Solution::Moves(moves), Loaded::Trace { document, .. }) => {
            let mut doc = (**document).clone();
            let mut placed = None;
            for (id, &time) in moves {
                let applied = apply(&doc, &Edit::MoveEvent { event: id.clone(), time }).map_err(|e| {
                    (format!("task.solution.moves.{id}"), format!("the editor refuses the move: {e}"))
                })?;
                doc = applied.document;
                placed = Some(applied.placed);
            }
            let placed =
                placed.ok_or_else(|| ("task.solution.moves".to_string(), "no move given".to_string()))?;
            let how = moves.iter().map(|(id, t)| format!("{id} to {t}")).collect::<Vec<_>>().join(" and ");
            if !holds(c, &placed.trace, Some(&doc), None, None, rule) {
                return Err(not_done(&format!("moving {how}")));
            }
            Ok(format!("its solution (moving {how})"))
        }
        (Solution::Trace(value), Loaded::Trace { .. }) => {
            let loaded = Diagram::Trace(value.clone()).load().map_err(|e| {
                let (_, message) = split_field(&e, "diagram");
                ("task.solution.trace".to_string(), message)
            })?;
            let Loaded::Trace { document, placed, .. } = &loaded else {
                unreachable!("a trace loads as a trace")
            };
            if !holds(c, &placed.trace, Some(document), None, None, rule) {
                return Err(not_done("its solution's trace"));
            }
            Ok("its solution's trace".into())
        }
        (Solution::Faults(faults), Loaded::Run { scenario, .. }) => {
            let mut value = serde_json::to_value(&**scenario).expect("a scenario serialises");
            let before = scenario.faults.len();
            for (j, f) in faults.iter().enumerate() {
                serde_json::from_value::<Fault>(f.clone()).map_err(|e| {
                    (
                        format!("task.solution.faults[{j}]"),
                        format!("not a fault: {}", super::diagram::clean(&e.to_string())),
                    )
                })?;
                value["faults"].as_array_mut().expect("a scenario's faults are an array").push(f.clone());
            }
            let s = Scenario::from_value(value).map_err(|e| fault_problem(&e, before))?;
            let outcome = run(&s);
            if !holds(c, &outcome.trace, None, Some(&outcome), None, rule) {
                return Err(not_done("its solution's faults"));
            }
            Ok(format!("its solution ({} fault{})", faults.len(), if faults.len() == 1 { "" } else { "s" }))
        }
        (Solution::Cut(named), _) => {
            let cut = crate::core::cut::from_names(diagram.trace(), named)
                .map_err(|e| ("task.solution.cut".to_string(), e))?;
            let (document, run) = diagram.parts();
            if !holds(c, diagram.trace(), document, run, Some(&cut), rule) {
                return Err(not_done("drawing its solution's cut"));
            }
            Ok(format!("its solution (the cut {})", frontier_words(diagram.trace(), &cut)))
        }
        (Solution::Faults(_), Loaded::Trace { .. }) => Err((
            "task.solution.faults".into(),
            "faults change a scenario's run; this step's diagram is a trace (give moves or a trace)".into(),
        )),
        (_, Loaded::Time { .. }) => {
            Err(("task.solution".into(), "a time-lab run takes no task; ask a prediction instead".into()))
        }
        (_, Loaded::Run { .. }) => Err((
            "task.solution".into(),
            "this step's diagram is a scenario's run: give its solution as faults".into(),
        )),
    }
}

/// A scenario's refusal of its faults, placed in the solution's list
/// (`faults[4]` of a scenario with 3 is the solution's `faults[1]`).
fn fault_problem(message: &str, before: usize) -> (String, String) {
    let index = message
        .strip_prefix("faults[")
        .and_then(|rest| rest.split_once("]: "))
        .and_then(|(n, rest)| n.parse::<usize>().ok().map(|n| (n, rest)));
    match index {
        Some((n, rest)) if n >= before => (format!("task.solution.faults[{}]", n - before), rest.to_string()),
        _ => ("task.solution.faults".into(), message.to_string()),
    }
}

/// Searches for a change that does the task: what it is, or how many
/// changes it tried.
fn search(c: &Condition, diagram: &Loaded, rule: &LamportRule) -> Result<String, usize> {
    let mut tries = 0;
    if c.needs_cut() {
        return search_cuts(c, diagram, rule, &mut tries).ok_or(tries);
    }
    let found = match diagram {
        Loaded::Trace { document, placed, .. } => {
            search_moves(c, document, &placed.trace, &placed.times, rule, &mut tries)
        }
        Loaded::Run { scenario, outcome } => search_faults(c, scenario, outcome, rule, &mut tries),
        Loaded::Time { .. } => None,
    };
    found.ok_or(tries)
}

/// The times an event may be moved to: before the first event, between
/// each two consecutive distinct times, after the last.
fn candidate_times(times: &[f64]) -> Vec<f64> {
    let mut distinct = times.to_vec();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    let (Some(&first), Some(&last)) = (distinct.first(), distinct.last()) else { return vec![] };
    let mut candidates = vec![(first - 1.0).max(first / 2.0)];
    candidates.extend(distinct.windows(2).map(|w| (w[0] + w[1]) / 2.0));
    candidates.push(last + 1.0);
    candidates.dedup();
    candidates
}

/// One event moved, then two (among the events the condition names, or
/// all when it names fewer than two), the first that does the task.
fn search_moves(
    c: &Condition,
    doc: &Document,
    trace: &Trace,
    times: &[f64],
    rule: &LamportRule,
    tries: &mut usize,
) -> Option<String> {
    let candidates = candidate_times(times);
    let events: Vec<(&str, f64)> =
        (0..trace.event_count() as u32).map(|e| (trace.event_id(e), times[e as usize])).collect();
    let moved = |doc: &Document, id: &str, time: f64, tries: &mut usize| {
        *tries += 1;
        apply(doc, &Edit::MoveEvent { event: id.into(), time }).ok()
    };
    for &(id, now) in &events {
        for &t in candidates.iter().filter(|&&t| t != now) {
            if *tries >= MAX_TRIES {
                return None;
            }
            if let Some(a) = moved(doc, id, t, tries) {
                if holds(c, &a.placed.trace, Some(&a.document), None, None, rule) {
                    return Some(format!("moving {id} to {t}"));
                }
            }
        }
    }
    let mut named = Vec::new();
    names(c, &mut named);
    let pair: Vec<(&str, f64)> = if named.len() >= 2 {
        events.iter().copied().filter(|(id, _)| named.iter().any(|n| n == id)).collect()
    } else {
        events.clone()
    };
    for (k, &(first, first_now)) in pair.iter().enumerate() {
        for &t1 in candidates.iter().filter(|&&t| t != first_now) {
            if *tries >= MAX_TRIES {
                return None;
            }
            let Some(one) = moved(doc, first, t1, tries) else { continue };
            for &(second, second_now) in &pair[k + 1..] {
                for &t2 in candidates.iter().filter(|&&t| t != second_now) {
                    if *tries >= MAX_TRIES {
                        return None;
                    }
                    if let Some(a) = moved(&one.document, second, t2, tries) {
                        if holds(c, &a.placed.trace, Some(&a.document), None, None, rule) {
                            return Some(format!("moving {first} to {t1} and {second} to {t2}"));
                        }
                    }
                }
            }
        }
    }
    None
}

/// The event ids a condition names.
fn names(c: &Condition, out: &mut Vec<String>) {
    match c {
        Condition::Relation { a, b, .. } => out.extend([a.clone(), b.clone()]),
        Condition::Lamport { event, .. } | Condition::Vector { event, .. } => out.push(event.clone()),
        Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| names(c, out)),
        Condition::Not(c) => names(c, out),
        _ => {}
    }
    out.dedup();
}

/// One node crashed (each node, each half time unit up to `until`), then
/// one message dropped (each of the run's), the first that does the task.
fn search_faults(
    c: &Condition,
    scenario: &Scenario,
    outcome: &Outcome,
    rule: &LamportRule,
    tries: &mut usize,
) -> Option<String> {
    let mut changes: Vec<(Fault, String)> = Vec::new();
    for name in &outcome.names {
        let mut k = 1;
        while k as f64 * 0.5 <= scenario.until {
            let at = k as f64 * 0.5;
            changes.push((Fault::Crash { node: name.clone(), at }, format!("crashing {name} at {at}")));
            k += 1;
        }
    }
    let mut seen = Vec::new();
    for m in &outcome.record.messages {
        let key = (m.from, m.to, m.nth);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let (from, to) = (outcome.names[m.from].clone(), outcome.names[m.to].clone());
        let how = format!("dropping message {} from {from} to {to} (\"{}\")", m.nth, super::clip(&m.label));
        changes.push((Fault::Drop { from, to, nth: m.nth }, how));
    }
    for (fault, how) in changes {
        if *tries >= MAX_TRIES {
            return None;
        }
        *tries += 1;
        let mut s = scenario.clone();
        s.faults.push(fault);
        let run = run(&s);
        if holds(c, &run.trace, None, Some(&run), None, rule) {
            return Some(how);
        }
    }
    None
}

/// The first cut that does the task, every frontier tried in turn.
fn search_cuts(c: &Condition, diagram: &Loaded, rule: &LamportRule, tries: &mut usize) -> Option<String> {
    let trace = diagram.trace();
    let (document, run) = diagram.parts();
    let mut cut = Cut::empty(trace);
    loop {
        *tries += 1;
        if holds(c, trace, document, run, Some(&cut), rule) {
            return Some(format!("drawing the cut {}", frontier_words(trace, &cut)));
        }
        if *tries >= MAX_TRIES {
            return None;
        }
        // The next frontier, counting with each process a digit.
        let mut p = 0;
        loop {
            if p == trace.process_count() {
                return None;
            }
            if cut.frontier[p] < trace.process_events(p as u32).len() as u32 {
                cut.frontier[p] += 1;
                break;
            }
            cut.frontier[p] = 0;
            p += 1;
        }
    }
}

/// `A=2,B=1`, as `lightcone cut --frontier` takes it.
fn frontier_words(trace: &Trace, cut: &Cut) -> String {
    let named: Vec<String> = cut
        .frontier
        .iter()
        .enumerate()
        .map(|(p, n)| format!("{}={n}", trace.process_name(p as u32)))
        .collect();
    named.join(",")
}
