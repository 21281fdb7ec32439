//! What a simulated run draws on the diagram, in the diagram's lab-neutral
//! terms (see [`crate::core::diagram::overlay`]): each node's time down,
//! the statuses a lab calls blocked, each decision (and, when nodes
//! decided differently, that they disagree), the partitions, and where each
//! undelivered message was going, lost or still in flight.

use super::outcome::Outcome;
use super::record::{LogAt, What};
use super::scenario::Scenario;
use crate::core::diagram::logs::LineLog;
use crate::core::diagram::overlay::{Decision, EventNote, Interval, Overlay, Partition, StatusSpan, View};
use crate::core::trace::{EventIdx, Trace};

/// Statuses drawn as stretches along a line, named at their start: a
/// replica that is not in normal status cannot take part in the normal
/// case (VR §4.2, §4.3).
pub const MARKED: [&str; 2] = ["view-change", "recovering"];

/// When the run ends: its `until`, or a step after the last scripted one.
pub fn run_end(s: &Scenario) -> f64 {
    if s.schedule.is_empty() {
        s.until
    } else {
        s.schedule.len() as f64 + 1.0
    }
}

/// The overlay of the run `o` of scenario `s`, drawn on `trace` (the run's
/// trace as a diagram holds it: events in time order, so each is found by
/// id). Stretches in one of the `blocked` statuses are drawn as blocked.
pub fn overlay(s: &Scenario, o: &Outcome, trace: &Trace, blocked: &[&str]) -> Overlay {
    let record = &o.record;
    let end = run_end(s);
    let mut overlay = Overlay { end: Some(end), ..Overlay::default() };
    // Every message id a snapshot recorded in a channel.
    let snapshots = o.report.get("snapshots").and_then(|v| v.as_array());
    let recorded: std::collections::BTreeSet<&str> = snapshots
        .into_iter()
        .flatten()
        .filter_map(|snap| snap.get("channels").and_then(|c| c.as_object()))
        .flat_map(|channels| channels.values().filter_map(|v| v.as_array()).flatten())
        .filter_map(|id| id.as_str())
        .collect();
    overlay.recording =
        super::snapshot::recording_points(o).iter().filter_map(|id| trace.event_by_id(id)).collect();
    for (n, line) in record.timelines.iter().enumerate() {
        for (from, until) in record.downtime(n) {
            overlay.down.push(Interval { process: n as u32, from, until });
        }
        for (i, &(t, word)) in line.iter().enumerate() {
            let interval = Interval { process: n as u32, from: t, until: line.get(i + 1).map(|x| x.0) };
            if blocked.contains(&word) {
                overlay.blocked.push(interval);
            } else if MARKED.contains(&word) {
                overlay.statuses.push(StatusSpan { interval, word });
            }
        }
    }
    let event = |i: usize| trace.event_by_id(o.trace.event_id(i as EventIdx));
    let mut words = Vec::new();
    for (i, e) in record.events.iter().enumerate() {
        let decision = match e.decided {
            Some("commit") => Decision::Commit,
            Some("abort") => Decision::Abort,
            _ => continue,
        };
        words.push(decision);
        if let Some(at) = event(i) {
            overlay.decisions.push((at, decision));
        }
    }
    // Nodes that decided differently: every decision is drawn in conflict.
    if words.windows(2).any(|w| w[0] != w[1]) {
        overlay.conflicts = overlay.decisions.iter().map(|d| d.0).collect();
    }
    overlay.views = views(o, trace);
    overlay.notes = notes(o, trace);
    for p in &record.partitions {
        let sides = p.sides.iter().map(|side| side.iter().map(|&n| n as u32).collect()).collect();
        overlay.partitions.push(Partition { sides, from: p.from, until: p.until.unwrap_or(end) });
    }
    // Every undelivered message has a known receiver: a lost one's stub
    // points there, one still on its way is drawn in flight towards it.
    for (m, msg) in record.messages.iter().enumerate() {
        let Some(at) = trace.message_by_id(o.trace.message_id(m as u32)) else { continue };
        // A snapshot's marker (or Lai–Yang's count) is the algorithm's own,
        // not the application's: drawn apart.
        if super::snapshot::is_control(msg) {
            overlay.control.push(at);
        }
        if recorded.contains(o.trace.message_id(m as u32)) {
            overlay.recorded.push(at);
        }
        if msg.received.is_none() {
            let list = if record.in_flight(m) { &mut overlay.in_flight } else { &mut overlay.lost };
            list.push((at, msg.to as u32));
        }
    }
    overlay
}

/// Each event of `trace` (the run's trace as a diagram holds it) with the
/// stamp its node showed after it (VR's viewstamp ⟨view, op⟩), by event.
pub fn stamps(o: &Outcome, trace: &Trace) -> Vec<Option<String>> {
    let mut out = vec![None; trace.event_count()];
    for s in &o.record.shown {
        if let Some(e) = trace.event_by_id(o.trace.event_id(s.event as EventIdx)) {
            out[e as usize] = Some(s.stamp.clone());
        }
    }
    out
}

/// The protocol's notes, each at its event of `trace` (the run's trace as
/// a diagram holds it), in time order.
pub fn notes(o: &Outcome, trace: &Trace) -> Vec<EventNote> {
    let mut out: Vec<EventNote> = o
        .record
        .notes
        .iter()
        .filter_map(|n| {
            let event = trace.event_by_id(o.trace.event_id(n.event as EventIdx))?;
            let (kind, rank, lines) = (n.note.kind, n.note.rank, n.note.lines.clone());
            Some(EventNote { event, kind, rank, lines })
        })
        .collect();
    out.sort_by_key(|n| n.event);
    out
}

/// Each shown node's log after the first `upto` events of `trace`: what a
/// handler left it, lost once it crashed.
pub fn logs(o: &Outcome, trace: &Trace, upto: usize) -> Vec<LineLog> {
    let r = &o.record;
    let within =
        |i: usize| trace.event_by_id(o.trace.event_id(i as EventIdx)).is_some_and(|e| (e as usize) < upto);
    let mut down = vec![false; r.timelines.len()];
    for (_, e) in r.events.iter().enumerate().filter(|(i, _)| within(*i)) {
        match e.what {
            What::Crash => down[e.node] = true,
            What::Recover => down[e.node] = false,
            _ => {}
        }
    }
    let shows: std::collections::BTreeSet<usize> = r.shown.iter().map(|s| r.events[s.event].node).collect();
    let mut logs = r.logs_at(within);
    shows
        .into_iter()
        .filter_map(|n| {
            let log = logs[n].take().unwrap_or_default();
            let process = trace.process_by_name(&o.names[n])?;
            let LogAt { stamp, entries, committed } = log;
            Some(LineLog { process, stamp, entries, committed, down: down[n] })
        })
        .collect()
}

/// The views a replica group's run reports (`"views"`: each view's number,
/// primary and start), each until the next one starts.
fn views(o: &Outcome, trace: &Trace) -> Vec<View> {
    let Some(rows) = o.report.get("views").and_then(|v| v.as_array()) else { return Vec::new() };
    let starts: Vec<Option<f64>> = rows.iter().map(|r| r["from"].as_f64()).collect();
    rows.iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let (number, primary) = (r["view"].as_u64()?, r["primary"].as_str()?);
            Some(View {
                number,
                primary: trace.process_by_name(primary),
                from: starts[i]?,
                until: starts.get(i + 1).copied().flatten(),
                label: view_label(number, primary, r.get("o")),
            })
        })
        .collect()
}

/// "view 1 · primary R2", and for a view that a NEW-VIEW started, a
/// second line with the O it carried (PBFT §4.4): "O: 1 put x 1, 2 null",
/// its first three entries and how many more, so the view change's
/// outcome is on the diagram whatever room the notes at its events find.
fn view_label(number: u64, primary: &str, o: Option<&serde_json::Value>) -> String {
    let head = format!("view {number} · primary {primary}");
    let Some(o) = o.and_then(|o| o.as_array()) else { return head };
    if o.is_empty() {
        return format!("{head}\nO: empty");
    }
    let entry = |e: &serde_json::Value| format!("{} {}", e["n"], e["request"].as_str().unwrap_or("?"));
    let mut listed: Vec<String> = o.iter().take(3).map(entry).collect();
    if o.len() > 3 {
        listed.push(format!("+{} more", o.len() - 3));
    }
    format!("{head}\nO: {}", listed.join(", "))
}

#[cfg(test)]
mod tests {
    use super::super::scenario::Step;
    use super::*;
    use crate::core::editor::Document;

    fn drawn(name: &str) -> (Scenario, Outcome, Trace) {
        let text =
            std::fs::read_to_string(format!("{}/www/scenarios/{name}.json", env!("CARGO_MANIFEST_DIR")))
                .unwrap();
        let s = Scenario::parse(&text).unwrap();
        let o = super::super::outcome::run(&s);
        let placed = Document::from_trace(&o.trace, &o.times).place().unwrap();
        (s, o, placed.trace)
    }

    #[test]
    fn a_snapshots_recorded_transfers_are_marked_and_its_markers_drawn_apart() {
        // bank-never-held: B's payment of 1 token to A is received after A
        // recorded and before B's marker: the one transfer in flight.
        let (s, o, t) = drawn("bank-never-held");
        let m = overlay(&s, &o, &t, &[]);
        assert_eq!(m.recorded.len(), 1, "{:?}", m.recorded);
        let r = m.recorded[0];
        let (from, to) = (t.process_of(t.send_of(r)), t.receive_of(r).map(|e| t.process_of(e)));
        assert_eq!((t.process_name(from), to.map(|p| t.process_name(p))), ("B", Some("A")));
        assert_eq!(t.label(t.receive_of(r).unwrap()), Some("1 token"));
        assert!(!m.control.contains(&r) && m.control.len() == 2, "two markers: A to B and B to A");
        // A recorded on its input, B on A's marker.
        let at: Vec<(&str, Option<&str>)> =
            m.recording.iter().map(|&e| (t.process_name(t.process_of(e)), t.label(e))).collect();
        assert_eq!(at, [("A", Some("snapshot 0")), ("B", Some("marker 0"))]);
    }

    #[test]
    fn a_crashed_coordinator_is_down_to_the_end_and_its_participants_block() {
        let (s, o, t) = drawn("2pc-coordinator-crash");
        let m = overlay(&s, &o, &t, &["uncertain"]);
        assert_eq!(m.down, [Interval { process: 0, from: 1.5, until: None }]);
        assert_eq!(m.blocked.iter().map(|b| b.process).collect::<Vec<_>>(), [1, 2, 3]);
        assert!(m.blocked.iter().all(|b| b.from == 7.0 && b.until.is_none()));
        assert!(m.decisions.is_empty() && m.conflicts.is_empty() && m.partitions.is_empty());
        assert_eq!(m.end, Some(40.0));
        // The votes go to the crashed coordinator: their stubs point at it.
        assert!(m.lost.iter().any(|&(msg, to)| to == 0 && t.event_id(t.send_of(msg)) == "p1.3"));
    }

    #[test]
    fn stepping_leaves_undelivered_messages_in_flight_and_a_run_cut_short_too() {
        let (mut s, _, _) = drawn("2pc-happy-path");
        s.schedule = vec![Step::Deliver { from: "C".into(), to: "P1".into(), overtaking: 0 }];
        s.until = 2.0;
        let o = super::super::outcome::run(&s);
        let t = Document::from_trace(&o.trace, &o.times).place().unwrap().trace;
        let m = overlay(&s, &o, &t, &["uncertain"]);
        // C's requests to P2 and P3, and P1's vote, are on their way.
        let to: Vec<u32> = m.in_flight.iter().map(|&(_, to)| to).collect();
        assert_eq!(to.len(), 3, "{:?}", m.in_flight);
        assert!(to.contains(&0) && to.contains(&2) && to.contains(&3));
        assert!(m.lost.is_empty());
        // A timed run stopped at 1.5 leaves the votes (due at 2) in flight.
        let (mut timed, _, _) = drawn("2pc-happy-path");
        timed.until = 1.5;
        let o = super::super::outcome::run(&timed);
        let t = Document::from_trace(&o.trace, &o.times).place().unwrap().trace;
        let m = overlay(&timed, &o, &t, &["uncertain"]);
        assert_eq!(m.in_flight.len(), 3);
        assert!(m.lost.is_empty());
    }

    #[test]
    fn a_partition_shows_its_sides_and_the_decisions_that_disagree() {
        let (s, o, t) = drawn("3pc-partition");
        let m = overlay(&s, &o, &t, &["uncertain"]);
        assert_eq!(m.partitions, [Partition { sides: vec![vec![0, 1], vec![2, 3]], from: 2.5, until: 40.0 }]);
        let decided: Vec<(String, Decision)> =
            m.decisions.iter().map(|&(e, d)| (t.process_name(t.process_of(e)).to_string(), d)).collect();
        assert_eq!(decided.len(), 3);
        assert!(decided.contains(&("P1".into(), Decision::Commit)));
        assert!(
            decided.contains(&("P2".into(), Decision::Abort))
                && decided.contains(&("P3".into(), Decision::Abort))
        );
        assert_eq!(m.conflicts.len(), 3, "atomicity is violated: every decision is drawn in conflict");
        // The decision marks sit on the events that decided.
        for &(e, d) in &m.decisions {
            assert!(t.label(e).unwrap_or_default().contains(&format!("decide {}", d.word())));
        }
    }

    #[test]
    fn each_replica_event_shows_its_viewstamp_and_the_logs_match_the_report() {
        let (_, o, t) = drawn("vr-primary-crash");
        let stamps = stamps(&o, &t);
        let r2 = t.process_by_name("R2").unwrap();
        // R2 takes over as the primary of view 1: its events after the
        // STARTVIEW it sends carry view 1, those before view 0.
        let on_r2: Vec<(&str, &str)> = (0..t.event_count() as EventIdx)
            .filter(|&e| t.process_of(e) == r2)
            .filter_map(|e| Some((t.event_id(e), stamps[e as usize].as_deref()?)))
            .collect();
        assert!(on_r2.first().is_some_and(|s| s.1 == "⟨0,0⟩"), "{on_r2:?}");
        assert!(on_r2.last().is_some_and(|s| s.1.starts_with("⟨1,")), "{on_r2:?}");
        let k1 = t.process_by_name("K1").unwrap();
        assert!((0..t.event_count()).all(|e| t.process_of(e as EventIdx) != k1 || stamps[e].is_none()));
        // At the end, each live replica's log is the one its final state
        // holds (the report reads it from the state, not from the record).
        let logs = logs(&o, &t, t.event_count());
        assert_eq!(logs.len(), 3, "replicas only");
        for log in &logs {
            let name = t.process_name(log.process);
            let state = &o.report["replicas"][name];
            let entries = state["log"].as_array().unwrap();
            if name == "R1" {
                assert!(log.down, "R1 crashed: its log is lost");
                continue;
            }
            assert!(!log.down);
            assert_eq!(log.entries.len(), entries.len(), "{name}");
            assert_eq!(log.committed as u64, state["commit_number"].as_u64().unwrap(), "{name}");
            for (drawn, entry) in log.entries.iter().zip(entries) {
                let op = entry["op"].as_str().unwrap();
                let words: Vec<&str> = op.split(' ').collect();
                let short = if words[0] == "put" {
                    format!("{}={}", words[1], words[2])
                } else {
                    format!("{}?", words[1])
                };
                assert_eq!(drawn, &short);
            }
        }
        // Before R1 crashed, R1 held put x 1 and nobody had a get yet.
        let crash = (0..t.event_count() as EventIdx).find(|&e| t.label(e) == Some("crash")).unwrap();
        let before = super::logs(&o, &t, crash as usize);
        let r1 = before.iter().find(|l| t.process_name(l.process) == "R1").unwrap();
        assert_eq!((r1.entries.clone(), r1.down), (vec!["x=1".to_string()], false));
    }
}
