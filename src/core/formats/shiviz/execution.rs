//! Turning one execution's logged events into a trace: ShiViz's checks,
//! messages derived from the clocks, and a final check that the clocks are
//! the ones the vector clock algorithm gives for those messages.

use super::scan::{Execution, LogEvent};
use super::ShivizError;
use crate::core::builder::{EventSpec, TraceBuilder};
use crate::core::clocks::vector::VectorClocks;
use crate::core::error::TraceError;
use crate::core::trace::{EventKind, Trace};
use std::collections::HashMap;

/// What the log said about one event of the trace.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    /// The `event` group.
    pub text: String,
    /// The clock as written.
    pub clock: String,
    /// The other named groups.
    pub fields: Vec<(String, String)>,
    /// The file it was logged in, when several were given.
    pub file: Option<String>,
    /// Its 1-based line there.
    pub line: u32,
}

impl LogEntry {
    /// The named groups, then where it was logged (`line`, and `file`
    /// when several were merged): what the page shows on hover.
    /// A group of the expression's own called `line` or `file` keeps its
    /// name; ours then become `log line` and `log file`.
    pub fn fields(&self) -> Vec<(String, String)> {
        let mut fields = self.fields.clone();
        let name = |word: &str| match self.fields.iter().any(|(n, _)| n == word) {
            true => format!("log {word}"),
            false => word.to_string(),
        };
        fields.push((name("line"), self.line.to_string()));
        if let Some(file) = &self.file {
            fields.push((name("file"), file.clone()));
        }
        fields
    }
}

/// An imported execution.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The delimiter's label for it ("" when none).
    pub label: String,
    /// Its trace: processes are hosts in order of first appearance; the
    /// event `host:n` is host's n-th event.
    pub trace: Trace,
    /// The log's record of each event, by trace event index.
    pub entries: Vec<LogEntry>,
}

/// One event with its clock resolved to host indices, sorted by host.
struct Resolved {
    host: u32,
    clock: Vec<(u32, u32)>,
}

/// Checks an execution and derives its trace.
pub fn build(x: &Execution) -> Result<Imported, ShivizError> {
    let at = |e: &LogEvent, message: String| ShivizError::at(x.file_name(e.file), e.clock_line, message);
    let mut host_index: HashMap<&str, u32> = HashMap::new();
    let mut hosts: Vec<&str> = Vec::new();
    for e in &x.events {
        if !host_index.contains_key(e.host.as_str()) {
            host_index.insert(&e.host, hosts.len() as u32);
            hosts.push(&e.host);
        }
    }
    // Per host, its events in the order of their own clock entry.
    let mut by_host: Vec<Vec<usize>> = vec![Vec::new(); hosts.len()];
    for (i, e) in x.events.iter().enumerate() {
        if !e.clock.iter().any(|(h, _)| *h == e.host) {
            return Err(at(e, format!("host \"{}\" is missing from its own clock {}", e.host, e.clock_text)));
        }
        by_host[host_index[e.host.as_str()] as usize].push(i);
    }
    let own = |i: usize| own_entry(&x.events[i]);
    for events in &mut by_host {
        events.sort_by_key(|&i| own(i));
        check_counting(x, events, own)?;
    }
    let resolved = resolve(x, &host_index, &by_host)?;
    let trace = derive(x, &hosts, &by_host, &resolved)?;
    check_clocks(x, &trace, &hosts, &by_host, &resolved)?;
    let mut entries = Vec::with_capacity(x.events.len());
    for events in &by_host {
        for &i in events {
            let e = &x.events[i];
            entries.push(LogEntry {
                text: e.text.clone(),
                clock: e.clock_text.clone(),
                fields: e.fields.clone(),
                file: x.file_name(e.file).map(Into::into),
                line: e.line,
            });
        }
    }
    Ok(Imported { label: x.label.clone(), trace, entries })
}

fn own_entry(e: &LogEvent) -> u32 {
    e.clock.iter().find(|(h, _)| *h == e.host).map_or(0, |(_, n)| *n)
}

/// A host's own entries must read 1, 2, 3, … in its events.
fn check_counting(x: &Execution, events: &[usize], own: impl Fn(usize) -> u32) -> Result<(), ShivizError> {
    for (k, &i) in events.iter().enumerate() {
        let e = &x.events[i];
        let want = k as u32 + 1;
        if own(i) == want {
            continue;
        }
        let at = |message: String| ShivizError::at(x.file_name(e.file), e.clock_line, message);
        if k == 0 {
            return Err(at(format!(
                "the first event of host \"{}\" has its own clock entry at {}; a host's entry counts its \
                 events, so it starts at 1",
                e.host,
                own(i)
            )));
        }
        let before = &x.events[events[k - 1]];
        let how = if own(i) == want - 1 { "repeats".to_string() } else { format!("jumps to {}", own(i)) };
        return Err(at(format!(
            "host \"{}\"'s own clock entry {how} after {} (line {}); it must grow by exactly 1 per event",
            e.host,
            want - 1,
            before.clock_line
        )));
    }
    Ok(())
}

/// Each event's clock over host indices; every host named must have that
/// many events in this execution.
fn resolve(
    x: &Execution,
    host_index: &HashMap<&str, u32>,
    by_host: &[Vec<usize>],
) -> Result<Vec<Resolved>, ShivizError> {
    let mut out = Vec::with_capacity(x.events.len());
    for e in &x.events {
        let at = |message: String| ShivizError::at(x.file_name(e.file), e.clock_line, message);
        let mut clock = Vec::with_capacity(e.clock.len());
        for (h, n) in &e.clock {
            let Some(&g) = host_index.get(h.as_str()) else {
                return Err(at(unknown_host(x, host_index, h)));
            };
            let count = by_host[g as usize].len() as u32;
            if *n > count {
                return Err(at(format!(
                    "the clock says host \"{h}\" has done {n} events, but it has only {count} in this execution"
                )));
            }
            clock.push((g, *n));
        }
        clock.sort_unstable();
        out.push(Resolved { host: host_index[e.host.as_str()], clock });
    }
    Ok(out)
}

fn unknown_host(x: &Execution, host_index: &HashMap<&str, u32>, h: &str) -> String {
    if host_index.len() == 1 {
        let only = host_index.keys().next().copied().unwrap_or_default();
        return format!(
            "the clock names host \"{h}\", which has no events here: this is one process's raw log \
             (all its events are \"{only}\"'s), not a whole execution. Import it together with the \
             other processes' logs, all at once, to merge them into one execution"
        );
    }
    let named = if x.files.len() > 1 { "in these logs" } else { "in this execution" };
    format!("the clock names host \"{h}\", which has no events {named}")
}

/// Builds the trace: an edge into an event from each other host whose
/// entry grew since its previous event, minus the edges another implies.
fn derive(
    x: &Execution,
    hosts: &[&str],
    by_host: &[Vec<usize>],
    clocks: &[Resolved],
) -> Result<Trace, ShivizError> {
    let id = |i: usize| format!("{}:{}", x.events[i].host, own_entry(&x.events[i]));
    let at_own = |host: u32, n: u32| by_host[host as usize][n as usize - 1];
    // Messages as (sender, receiver) log indices. Work is proportional to
    // the clocks' entries, never to hosts × hosts: scratch arrays are reset
    // only where they were written.
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let (mut running, mut known) = (vec![0u32; hosts.len()], vec![0u32; hosts.len()]);
    for (h, events) in by_host.iter().enumerate() {
        for &i in events {
            let c = &clocks[i].clock;
            let grew: Vec<(u32, u32)> =
                c.iter().copied().filter(|&(g, n)| g != h as u32 && n > running[g as usize]).collect();
            // What the new senders' own clocks knew of each other host: an
            // edge from g is implied when another of them already knew g's
            // event.
            let mut wrote: Vec<u32> = Vec::new();
            for &(g2, n2) in &grew {
                for &(g, m) in clocks[at_own(g2, n2)].clock.iter().filter(|&&(g, _)| g != g2) {
                    wrote.push(g);
                    known[g as usize] = known[g as usize].max(m);
                }
            }
            edges.extend(
                grew.iter().filter(|&&(g, n)| known[g as usize] < n).map(|&(g, n)| (at_own(g, n), i)),
            );
            wrote.iter().for_each(|&g| known[g as usize] = 0);
            for &(g, n) in c {
                running[g as usize] = running[g as usize].max(n);
            }
        }
        clocks_of(by_host, h, clocks).for_each(|&(g, _)| running[g as usize] = 0);
    }
    let mut sends: Vec<Vec<String>> = vec![Vec::new(); x.events.len()];
    let mut receives: Vec<Vec<String>> = vec![Vec::new(); x.events.len()];
    for (k, &(s, r)) in edges.iter().enumerate() {
        let m = format!("m{}", k + 1);
        sends[s].push(m.clone());
        receives[r].push(m);
    }
    let mut b = TraceBuilder::with_capacity(x.events.len());
    for h in hosts {
        b.process(h).map_err(|e| ShivizError::new(e.to_string()))?;
    }
    for events in by_host {
        for &i in events {
            let id = id(i);
            let out: Vec<&str> = sends[i].iter().map(String::as_str).collect();
            let inn: Vec<&str> = receives[i].iter().map(String::as_str).collect();
            let (kind, messages, also) = match (inn.is_empty(), out.is_empty()) {
                (false, _) => (EventKind::Receive, &inn[..], &out[..]),
                (true, false) => (EventKind::Send, &out[..], &[][..]),
                (true, true) => (EventKind::Local, &[][..], &[][..]),
            };
            let label = Some(x.events[i].text.as_str()).filter(|t| !t.is_empty());
            let spec = EventSpec {
                label,
                also_sends: also,
                ..EventSpec::new(&id, &x.events[i].host, kind, messages)
            };
            b.event(&spec).map_err(|e| ShivizError::new(e.to_string()))?;
        }
    }
    b.build().map_err(|e| match e {
        TraceError::CausalCycle { cycle } => ShivizError::new(format!(
            "the clocks contradict each other: each of these events would happen before itself: {cycle}"
        )),
        other => ShivizError::new(other.to_string()),
    })
}

/// Every clock entry of host `h`'s events.
fn clocks_of<'a>(
    by_host: &'a [Vec<usize>],
    h: usize,
    clocks: &'a [Resolved],
) -> impl Iterator<Item = &'a (u32, u32)> {
    by_host[h].iter().flat_map(move |&i| clocks[i].clock.iter())
}

/// Every logged clock must be the vector clock of its event in the derived
/// trace; otherwise the log claims knowledge no message carried (or hides
/// some that one did).
fn check_clocks(
    x: &Execution,
    trace: &Trace,
    hosts: &[&str],
    by_host: &[Vec<usize>],
    clocks: &[Resolved],
) -> Result<(), ShivizError> {
    let vectors = VectorClocks::compute(trace).map_err(|e| ShivizError::new(e.to_string()))?;
    let mut e = 0u32;
    for events in by_host {
        for &i in events {
            let computed = vectors.of(e);
            // Both sorted by host: equal when their non-zero entries are,
            // in time proportional to the entries, not to the hosts.
            let logged = clocks[i].clock.iter().copied().filter(|&(_, n)| n > 0);
            if !computed.nonzero().eq(logged) {
                let show: Vec<String> =
                    computed.nonzero().map(|(h, n)| format!("\"{}\":{n}", hosts[h as usize])).collect();
                let ev = &x.events[i];
                debug_assert_eq!(clocks[i].host, trace.process_of(e));
                return Err(ShivizError::at(
                    x.file_name(ev.file),
                    ev.clock_line,
                    format!(
                        "the clock {} cannot be right: what this event can know through program order and \
                         messages gives {{{}}}",
                        ev.clock_text,
                        show.join(", ")
                    ),
                ));
            }
            e += 1;
        }
    }
    Ok(())
}
