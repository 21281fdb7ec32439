//! The document the editor changes: processes, events placed in time, and
//! messages. An event's kind follows from its link and messages: it forks or
//! joins a process, sends, receives, or is local. Events are kept sorted by (time, process), so a document's
//! event index is its trace's event index. Time is the diagram's physical
//! time axis: a process's events happen in time order, and no message may
//! arrive before it is sent.

use super::error::EditError;
use crate::core::builder::{EventSpec, TraceBuilder};
use crate::core::clocks::vector;
use crate::core::error::TraceError;
use crate::core::formats::crdt_trace::{read_extras, Kind, Op};
use crate::core::formats::text::without_bom;
use crate::core::formats::{parse_trace_with_times, write_trace_to, write_trace_with, Extras};
use crate::core::layout::depth_times;
use crate::core::trace::{EventKind, Trace};
use std::collections::HashMap;

/// The most events the editor will draw: beyond this an SVG diagram is
/// neither readable nor quick to edit. It holds the largest real log we
/// test on (8,213 events, imported and drawn in the browser).
pub const MAX_EVENTS: usize = 10_000;
/// The most text the editor will parse (bytes).
pub const MAX_TEXT: usize = 32 << 20;
/// The most processes the editor will draw: a line each, with its name,
/// its panel row and its place in every vector label; past a thousand no
/// line is readable and the page's work per edit grows with them.
pub const MAX_PROCESSES: usize = 1_000;

/// Refuses a diagram with more lines than the editor draws.
fn check_processes(processes: usize) -> Result<(), TraceError> {
    if processes <= MAX_PROCESSES {
        return Ok(());
    }
    let what = format!(
        "{processes} processes; the editor draws at most {MAX_PROCESSES} (the lightcone CLI analyses any number)"
    );
    Err(TraceError::TooLarge { what })
}

/// Refuses, before anything is built, a diagram whose vector clocks could
/// pass their limit ([`vector::MAX_BYTES`]; at most 8 bytes an entry, every
/// entry of every row), so the page's analysis of a placed document always
/// fits.
fn check_clock_room(events: usize, processes: usize) -> Result<(), TraceError> {
    let entries = events as u64 * processes as u64;
    if entries.saturating_mul(8) <= vector::MAX_BYTES {
        return Ok(());
    }
    let what = format!(
        "{events} events over {processes} processes; the editor's clocks take at most {} events × processes",
        vector::MAX_BYTES / 8
    );
    Err(TraceError::TooLarge { what })
}

/// The saved-file format this version writes (`"format"` at the top level).
/// Files without one are plain traces, which every version reads.
pub const FORMAT: &str = "lightcone/1";

/// An event in the editor.
#[derive(Clone, Debug, PartialEq)]
pub struct DocEvent {
    /// Unique id.
    pub id: String,
    /// Its process's name.
    pub process: String,
    /// Its position on the time axis (0 or more).
    pub time: f64,
    /// The action it performs.
    pub label: Option<String>,
    /// The process it forks or joins, if any.
    pub link: Option<Link>,
    /// The CRDT operation it performs (local events only).
    pub op: Option<Op>,
}

/// A fork or join: how the set of processes changes at an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    /// Starts this process, whose line branches off here.
    Fork(String),
    /// Retires this process, whose line merges back here.
    Join(String),
}

impl Link {
    /// The process forked or joined.
    pub fn process(&self) -> &str {
        match self {
            Link::Fork(p) | Link::Join(p) => p,
        }
    }
}

/// A message in the editor.
#[derive(Clone, Debug, PartialEq)]
pub struct DocMessage {
    /// Unique id.
    pub id: String,
    /// The sending event's id.
    pub from: String,
    /// The receiving event's id; `None` when lost or in flight.
    pub to: Option<String>,
}

/// An editable diagram.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// Process names, in display order.
    pub processes: Vec<String>,
    /// Events, sorted by (time, process order).
    pub events: Vec<DocEvent>,
    /// Messages.
    pub messages: Vec<DocMessage>,
    /// The CRDT type the lab runs over it, if any.
    pub crdt: Option<Kind>,
    /// What an imported log recorded of each event (its named groups, its
    /// line), by event id: shown on hover, searched, saved.
    pub fields: Fields,
    /// The diagram's title, shown over it and in exports.
    pub title: Option<String>,
    /// What it shows: its first sentence is the caption, what to notice.
    pub about: Option<String>,
}

/// Log fields by event id.
pub type Fields = std::collections::BTreeMap<String, Vec<(String, String)>>;

/// A valid document's trace, and each event's time by trace event index.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    /// The trace.
    pub trace: Trace,
    /// Event times, by event index.
    pub times: Vec<f64>,
}

impl Placed {
    /// The trace in the JSON format, with times.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        write_trace_to(&self.trace, Some(&self.times), &mut out).expect("writing to memory cannot fail");
        String::from_utf8(out).expect("JSON is UTF-8")
    }
}

impl Document {
    /// An empty diagram with these processes.
    pub fn with_processes<S: AsRef<str>>(names: &[S]) -> Self {
        Self { processes: names.iter().map(|n| n.as_ref().to_string()).collect(), ..Self::default() }
    }

    /// A document from a trace, with event `e` at `times[e]`.
    pub fn from_trace(trace: &Trace, times: &[f64]) -> Self {
        let n = trace.event_count() as u32;
        let mut doc = Document {
            processes: (0..trace.process_count() as u32).map(|p| trace.process_name(p).into()).collect(),
            events: (0..n)
                .map(|e| DocEvent {
                    id: trace.event_id(e).into(),
                    process: trace.process_name(trace.process_of(e)).into(),
                    time: times[e as usize],
                    label: trace.label(e).map(Into::into),
                    link: trace.partner(e).map(|c| {
                        let name = trace.process_name(c).to_string();
                        if trace.kind(e) == EventKind::Fork {
                            Link::Fork(name)
                        } else {
                            Link::Join(name)
                        }
                    }),
                    op: None,
                })
                .collect(),
            messages: (0..trace.message_count() as u32)
                .map(|m| DocMessage {
                    id: trace.message_id(m).into(),
                    from: trace.event_id(trace.send_of(m)).into(),
                    to: trace.receive_of(m).map(|r| trace.event_id(r).into()),
                })
                .collect(),
            crdt: None,
            fields: Fields::new(),
            title: None,
            about: None,
        };
        doc.sort();
        doc
    }

    /// Reads the trace JSON format. Events may all carry a `"time"`; if none
    /// does, each is placed at its happened-before depth. Traces too big to
    /// draw and edit (see [`MAX_EVENTS`]) are refused: the CLI takes those.
    pub fn parse(text: &str) -> Result<Self, EditError> {
        let text = without_bom(text);
        if text.len() > MAX_TEXT {
            let what =
                format!("{} MB of text; the editor takes at most {} MB", text.len() >> 20, MAX_TEXT >> 20);
            return Err(TraceError::TooLarge { what }.into());
        }
        check_format(text)?;
        let (trace, given) = parse_trace_with_times(text)?;
        if trace.event_count() > MAX_EVENTS {
            let what = format!(
                "{} events; the editor draws at most {MAX_EVENTS} (the lightcone CLI analyses any size)",
                trace.event_count()
            );
            return Err(TraceError::TooLarge { what }.into());
        }
        let times = if given.iter().all(Option::is_none) {
            depth_times(&trace)
        } else {
            given_times(&trace, &given)?
        };
        let mut doc = Self::from_trace(&trace, &times);
        let (crdt, ops) = read_extras(text, &trace)?;
        doc.crdt = crdt;
        doc.fields = read_fields(text)?;
        (doc.title, doc.about) = read_about(text);
        // from_trace sorted the events by time: match ops up by id.
        for (e, op) in ops.into_iter().enumerate() {
            if let Some(op) = op {
                let id = trace.event_id(e as u32).to_string();
                if let Some(event) = doc.events.iter_mut().find(|x| x.id == id) {
                    event.op = Some(op);
                }
            }
        }
        doc.place()?;
        Ok(doc)
    }

    /// The document as a saved file: [`Document::to_json`] with the format
    /// version first.
    pub fn to_saved_json(&self, placed: &Placed) -> String {
        self.write_json(placed, Some(FORMAT))
    }

    /// The document in the trace JSON format, with times, and with the
    /// CRDT type and operations when it has them (the `lightcone crdt`
    /// format).
    pub fn to_json(&self, placed: &Placed) -> String {
        self.write_json(placed, None)
    }

    fn write_json(&self, placed: &Placed, format: Option<&str>) -> String {
        let format = format.map(|f| ("format", f.to_string()));
        let about = [("title", &self.title), ("about", &self.about)];
        let about = about.into_iter().filter_map(|(k, v)| v.clone().map(|v| (k, v)));
        let extras = Extras {
            top: format
                .into_iter()
                .chain(about)
                .chain(self.crdt.map(|k| ("crdt", k.name().to_string())))
                .collect(),
            // Document order is trace order.
            events: self
                .events
                .iter()
                .map(|e| e.op.iter().map(|op| ("op", op.to_string())).collect())
                .collect(),
            fields: self
                .events
                .iter()
                .map(|e| self.fields.get(&e.id).map_or(&[][..], Vec::as_slice))
                .collect(),
        };
        let mut out = Vec::new();
        write_trace_with(&placed.trace, Some(&placed.times), &extras, &mut out)
            .expect("writing to memory cannot fail");
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    /// Keeps events in (time, process) order, and messages in the order of
    /// their send events (as a trace numbers them).
    pub(crate) fn sort(&mut self) {
        let order: HashMap<&str, usize> =
            self.processes.iter().enumerate().map(|(i, p)| (p.as_str(), i)).collect();
        let mut keyed: Vec<(f64, usize, DocEvent)> = std::mem::take(&mut self.events)
            .into_iter()
            .map(|e| (e.time, order.get(e.process.as_str()).copied().unwrap_or(usize::MAX), e))
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        self.events = keyed.into_iter().map(|(_, _, e)| e).collect();
        let position: HashMap<&str, usize> =
            self.events.iter().enumerate().map(|(i, e)| (e.id.as_str(), i)).collect();
        let mut messages = std::mem::take(&mut self.messages);
        messages.sort_by_key(|m| position.get(m.from.as_str()).copied().unwrap_or(usize::MAX));
        self.messages = messages;
    }

    /// The event with this id.
    pub fn event(&self, id: &str) -> Option<&DocEvent> {
        self.events.iter().find(|e| e.id == id)
    }

    /// True when event `id` sends a message.
    pub fn sends(&self, id: &str) -> bool {
        self.messages.iter().any(|m| m.from == id)
    }

    /// True when event `id` forks or joins a process.
    pub fn links(&self, id: &str) -> bool {
        self.event(id).is_some_and(|e| e.link.is_some())
    }

    /// The time a process's line starts (its fork's, or 0) and ends (its
    /// join's), for drawing.
    pub fn lifetime(&self, process: &str) -> (f64, Option<f64>) {
        let at = |want: fn(&Link) -> bool| {
            self.events.iter().find(|e| e.link.as_ref().is_some_and(|l| want(l) && l.process() == process))
        };
        let start = at(|l| matches!(l, Link::Fork(_))).map_or(0.0, |e| e.time);
        (start, at(|l| matches!(l, Link::Join(_))).map(|e| e.time))
    }

    /// True when event `id` receives a message.
    pub fn receives(&self, id: &str) -> bool {
        self.messages.iter().any(|m| m.to.as_deref() == Some(id))
    }

    /// Validates the document and builds its trace.
    pub fn place(&self) -> Result<Placed, EditError> {
        check_processes(self.processes.len())?;
        check_clock_room(self.events.len(), self.processes.len())?;
        let (sends, receives) = self.message_ends()?;
        for e in &self.events {
            if !(e.time.is_finite() && e.time >= 0.0) {
                return Err(EditError::BadTime { event: e.id.clone() });
            }
        }
        self.check_distinct_times()?;
        let mut builder = TraceBuilder::with_capacity(self.events.len());
        for p in &self.processes {
            builder.process(p)?;
        }
        for e in &self.events {
            let (kind, messages, also_sends) = match (sends.get(e.id.as_str()), receives.get(e.id.as_str())) {
                (Some(out), Some(ms)) => (EventKind::Receive, ms.as_slice(), out.as_slice()),
                (Some(ms), None) => (EventKind::Send, ms.as_slice(), &[][..]),
                (None, Some(ms)) => (EventKind::Receive, ms.as_slice(), &[][..]),
                _ => (EventKind::Local, &[][..], &[][..]),
            };
            if e.op.is_some() && (!messages.is_empty() || e.link.is_some()) {
                let problem =
                    format!("{} carries an op, so it cannot also send, receive, fork or join", e.id);
                return Err(EditError::Lifecycle { problem });
            }
            let (kind, partner) = match &e.link {
                _ if !messages.is_empty() && e.link.is_some() => {
                    let problem = format!("{} forks or joins, so it cannot also send or receive", e.id);
                    return Err(EditError::Lifecycle { problem });
                }
                Some(Link::Fork(c)) => (EventKind::Fork, Some(c.as_str())),
                Some(Link::Join(c)) => (EventKind::Join, Some(c.as_str())),
                None => (kind, None),
            };
            let label = e.label.as_deref();
            builder.event(&EventSpec {
                id: &e.id,
                process: &e.process,
                kind,
                label,
                messages,
                partner,
                also_sends,
            })?;
        }
        let trace = builder.build()?;
        let times: Vec<f64> = self.events.iter().map(|e| e.time).collect();
        check_forwards(&trace, &times)?;
        check_links(&trace, &times)?;
        Ok(Placed { trace, times })
    }

    /// The messages each event sends and receives; refuses ends that name
    /// no event. (An event may do both, as events of real logs do; the
    /// editor's own gestures never make one.)
    fn message_ends(&self) -> Result<(Ends<'_>, Ends<'_>), EditError> {
        let known: std::collections::HashSet<&str> = self.events.iter().map(|e| e.id.as_str()).collect();
        let (mut sends, mut receives): (Ends, Ends) = Default::default();
        for m in &self.messages {
            let unknown = |id: &str| EditError::Unknown { what: "event", id: id.into() };
            if !known.contains(m.from.as_str()) {
                return Err(unknown(&m.from));
            }
            sends.entry(m.from.as_str()).or_default().push(m.id.as_str());
            if let Some(to) = &m.to {
                if !known.contains(to.as_str()) {
                    return Err(unknown(to));
                }
                receives.entry(to.as_str()).or_default().push(m.id.as_str());
            }
        }
        Ok((sends, receives))
    }

    fn check_distinct_times(&self) -> Result<(), EditError> {
        let mut last: HashMap<&str, &DocEvent> = HashMap::new();
        for e in &self.events {
            if let Some(prev) = last.insert(e.process.as_str(), e) {
                if prev.time == e.time {
                    return Err(EditError::SameTime {
                        process: e.process.clone(),
                        events: (prev.id.clone(), e.id.clone()),
                    });
                }
            }
        }
        Ok(())
    }
}

type Ends<'a> = HashMap<&'a str, Vec<&'a str>>;

/// The `"fields"` of events that have them, by event id.
/// The optional `"title"` and `"about"` of a file (anything but strings
/// is ignored: they only describe the diagram).
fn read_about(text: &str) -> (Option<String>, Option<String>) {
    #[derive(serde::Deserialize)]
    struct Doc {
        #[serde(default)]
        title: serde_json::Value,
        #[serde(default)]
        about: serde_json::Value,
    }
    let text_of =
        |v: serde_json::Value| v.as_str().map(str::trim).filter(|s| !s.is_empty()).map(String::from);
    match serde_json::from_str::<Doc>(text) {
        Ok(d) => (text_of(d.title), text_of(d.about)),
        Err(_) => (None, None),
    }
}

fn read_fields(text: &str) -> Result<Fields, EditError> {
    #[derive(serde::Deserialize)]
    struct Doc {
        events: Vec<Event>,
    }
    #[derive(serde::Deserialize)]
    struct Event {
        id: String,
        #[serde(default)]
        fields: Vec<(String, String)>,
    }
    let doc: Doc = serde_json::from_str(text).map_err(|e| {
        EditError::Fields(format!("an event's \"fields\" must be [name, value] pairs of strings ({e})"))
    })?;
    Ok(doc.events.into_iter().filter(|e| !e.fields.is_empty()).map(|e| (e.id, e.fields)).collect())
}

/// Times given in a file: all present, valid, and increasing along each
/// process (a file's event order is its processes' order).
fn given_times(trace: &Trace, given: &[Option<f64>]) -> Result<Vec<f64>, EditError> {
    let mut times = Vec::with_capacity(given.len());
    for (e, t) in given.iter().enumerate() {
        let id = || trace.event_id(e as u32).to_string();
        let t = t.ok_or_else(|| EditError::MissingTime { event: id() })?;
        if !(t.is_finite() && t >= 0.0) {
            return Err(EditError::BadTime { event: id() });
        }
        if let Some(p) = trace.predecessor(e as u32).filter(|&p| times[p as usize] >= t) {
            return Err(EditError::TimesOutOfOrder { event: id(), after: trace.event_id(p).into() });
        }
        times.push(t);
    }
    Ok(times)
}

fn check_forwards(trace: &Trace, times: &[f64]) -> Result<(), EditError> {
    for m in 0..trace.message_count() as u32 {
        if let Some(r) = trace.receive_of(m) {
            let (sent, arrives) = (times[trace.send_of(m) as usize], times[r as usize]);
            if arrives <= sent {
                return Err(EditError::ArrivesBeforeSent {
                    message: trace.message_id(m).into(),
                    sent,
                    arrives,
                });
            }
        }
    }
    Ok(())
}

/// A saved file's `"format"`, if any, must be one this version reads.
fn check_format(text: &str) -> Result<(), EditError> {
    #[derive(serde::Deserialize)]
    struct Head {
        #[serde(default)]
        format: Option<String>,
    }
    // Malformed JSON is reported by the trace parser, with its place.
    let Ok(head) = serde_json::from_str::<Head>(text) else { return Ok(()) };
    match head.format.as_deref() {
        None | Some(FORMAT) => Ok(()),
        Some(other) => Err(EditError::Crdt(format!(
            "this file's format is \"{other}\"; this version of Lightcone reads \"{FORMAT}\" and plain traces"
        ))),
    }
}

/// A forked process's events come after its fork, and a joined process's
/// before its join, in time as in causality.
fn check_links(trace: &Trace, times: &[f64]) -> Result<(), EditError> {
    for p in 0..trace.process_count() as u32 {
        let name = || trace.process_name(p).to_string();
        let events = trace.process_events(p);
        if let (Some(f), Some(&first)) = (trace.forked_by(p), events.first()) {
            if times[first as usize] <= times[f as usize] {
                let (event, fork) = (trace.event_id(first).into(), trace.event_id(f).into());
                return Err(EditError::BeforeFork { process: name(), event, fork });
            }
        }
        if let (Some(j), Some(last)) = (trace.joined_by(p), trace.last_of(p)) {
            if times[last as usize] >= times[j as usize] {
                let (event, join) = (trace.event_id(last).into(), trace.event_id(j).into());
                return Err(EditError::AfterJoin { process: name(), event, join });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRACE: &str = r#"{"processes": ["A", "B"], "events": [
        {"id": "a1", "process": "A", "kind": "send", "message": "m1", "label": "ask"},
        {"id": "b1", "process": "B", "kind": "local"},
        {"id": "b2", "process": "B", "kind": "receive", "message": "m1"},
        {"id": "a2", "process": "A", "kind": "send", "message": "m2"}]}"#;

    #[test]
    fn a_trace_without_times_is_placed_by_depth() {
        let doc = Document::parse(TRACE).unwrap();
        let time = |id: &str| doc.event(id).unwrap().time;
        assert_eq!((time("a1"), time("b1"), time("b2"), time("a2")), (1.0, 1.0, 2.0, 2.0));
        // Sorted by (time, process): a1, b1 | a2, b2.
        let ids: Vec<&str> = doc.events.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["a1", "b1", "a2", "b2"]);
        assert_eq!(doc.messages.iter().find(|m| m.id == "m2").unwrap().to, None, "m2 is lost");
        assert_eq!(doc.event("a1").unwrap().label.as_deref(), Some("ask"));
    }

    #[test]
    fn a_saved_file_carries_its_format_and_newer_ones_are_named() {
        let doc = Document::parse(TRACE).unwrap();
        let saved = doc.to_saved_json(&doc.place().unwrap());
        assert!(saved.starts_with("{\"format\": \"lightcone/1\","), "{saved}");
        assert_eq!(Document::parse(&saved).unwrap(), doc);
        let newer = saved.replace("lightcone/1", "lightcone/9");
        assert_eq!(
            Document::parse(&newer).unwrap_err().to_string(),
            "this file's format is \"lightcone/9\"; this version of Lightcone reads \"lightcone/1\" and plain traces"
        );
    }

    #[test]
    fn the_json_form_round_trips_with_times() {
        let doc = Document::parse(TRACE).unwrap();
        let text = doc.place().unwrap().to_json();
        assert!(text.contains("\"time\": 2"), "{text}");
        assert_eq!(Document::parse(&text).unwrap(), doc);
    }

    #[test]
    fn given_times_must_be_complete_ordered_and_forwards() {
        let with = |times: [&str; 4]| {
            let mut text = TRACE.to_string();
            for (id, t) in ["a1", "b1", "b2", "a2"].iter().zip(times) {
                text = text.replace(&format!("\"id\": \"{id}\","), &format!("\"id\": \"{id}\", {t}"));
            }
            Document::parse(&text)
        };
        assert!(with(["\"time\": 0,", "\"time\": 0,", "\"time\": 3,", "\"time\": 5,"]).is_ok());
        assert_eq!(
            with(["\"time\": 0,", "", "\"time\": 3,", "\"time\": 5,"]),
            Err(EditError::MissingTime { event: "b1".into() })
        );
        assert_eq!(
            with(["\"time\": 6,", "\"time\": 0,", "\"time\": 7,", "\"time\": 5,"]),
            Err(EditError::TimesOutOfOrder { event: "a2".into(), after: "a1".into() })
        );
        assert_eq!(
            with(["\"time\": 4,", "\"time\": 0,", "\"time\": 3,", "\"time\": 5,"]),
            Err(EditError::ArrivesBeforeSent { message: "m1".into(), sent: 4.0, arrives: 3.0 })
        );
        assert_eq!(
            with(["\"time\": -1,", "\"time\": 0,", "\"time\": 3,", "\"time\": 5,"]),
            Err(EditError::BadTime { event: "a1".into() })
        );
    }

    #[test]
    fn a_trace_too_big_to_draw_is_refused_with_its_size() {
        let events: Vec<String> = (0..=MAX_EVENTS)
            .map(|i| format!(r#"{{"id": "a{i}", "process": "A", "kind": "local"}}"#))
            .collect();
        let text = format!(r#"{{"processes": ["A"], "events": [{}]}}"#, events.join(","));
        let error = Document::parse(&text).unwrap_err().to_string();
        assert_eq!(error, "input too large: 10001 events; the editor draws at most 10000 (the lightcone CLI analyses any size)");
        let huge = " ".repeat(MAX_TEXT + 1);
        assert!(Document::parse(&huge)
            .unwrap_err()
            .to_string()
            .starts_with("input too large: 32 MB of text"));
    }

    #[test]
    fn more_lines_than_the_editor_draws_are_refused_by_count_and_no_edit_passes_the_limit() {
        let doc = |n: usize| {
            let names: Vec<String> = (0..n).map(|i| format!("\"P{i}\"")).collect();
            format!(r#"{{"processes": [{}], "events": []}}"#, names.join(","))
        };
        let most = Document::parse(&doc(MAX_PROCESSES)).expect("the limit itself is drawn");
        let error = Document::parse(&doc(MAX_PROCESSES + 1)).unwrap_err().to_string();
        assert_eq!(
            error,
            "input too large: 1001 processes; the editor draws at most 1000 (the lightcone CLI analyses any number)"
        );
        // Adding a line or forking one at the limit is refused the same way.
        let add =
            crate::core::editor::apply(&most, &crate::core::editor::Edit::AddProcess { name: "Q".into() });
        assert_eq!(add.unwrap_err().to_string(), error);
        let fork = crate::core::editor::Edit::Fork { process: "P0".into(), time: 1.0, child: None };
        assert_eq!(crate::core::editor::apply(&most, &fork).unwrap_err().to_string(), error);
    }

    #[test]
    fn an_event_that_receives_may_also_send_and_survives_a_save() {
        let mut doc = Document::parse(TRACE).unwrap();
        let a3 =
            DocEvent { id: "a3".into(), process: "A".into(), time: 3.0, label: None, link: None, op: None };
        doc.events.push(a3);
        doc.messages.push(DocMessage { id: "m3".into(), from: "b2".into(), to: Some("a3".into()) });
        let placed = doc.place().unwrap();
        let t = &placed.trace;
        let b2 = t.event_by_id("b2").unwrap();
        assert_eq!(t.kind(b2), EventKind::Receive);
        assert_eq!(t.sent_by(b2), &[t.message_by_id("m3").unwrap()]);
        let again = Document::parse(&doc.to_saved_json(&placed)).unwrap();
        assert_eq!(again.messages, doc.messages);
    }

    #[test]
    fn a_file_with_a_byte_order_mark_opens_as_without() {
        let saved = format!("\u{FEFF}{TRACE}");
        assert_eq!(Document::parse(&saved).unwrap(), Document::parse(TRACE).unwrap());
    }
}
