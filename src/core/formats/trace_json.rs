//! The trace JSON format (the CLI's input and the editor's save format):
//!
//! ```json
//! {"processes": ["A", "B"],
//!  "events": [{"id": "a1", "process": "A", "kind": "send", "message": "m1"},
//!             {"id": "b1", "process": "B", "kind": "receive", "message": "m1"},
//!             {"id": "b2", "process": "B", "kind": "local", "label": "write x"}]}
//! ```
//!
//! Events of one process happen in array order. A broadcast or gather names
//! its messages as `"messages": ["m1", "m2"]`; a receive event that also
//! sends (as events in real logs do) names those as `"sends": ["m3"]`. A `"fork"` event names the
//! process it starts as `"child": "C"`, and a `"join"` the process it
//! retires as `"from": "C"`. `processes` may be omitted,
//! in which case processes appear in order of first use. An event may carry
//! a `"time"`, its position in the editor. Unknown fields are ignored, so the
//! format can grow.

use super::json_out::JsonOut;
use super::text::without_bom;
use crate::core::builder::{EventSpec, TraceBuilder};
use crate::core::error::At;
use crate::core::error::TraceError;
use crate::core::layout::TIME_RANGE;
use crate::core::trace::{EventIdx, EventKind, Trace};
use serde::Deserialize;
use std::borrow::Cow;
use std::io::{self, Write};

#[derive(Deserialize)]
struct TraceDoc<'a> {
    #[serde(borrow, default)]
    processes: Option<Vec<Cow<'a, str>>>,
    #[serde(borrow)]
    events: Vec<EventDoc<'a>>,
}

#[derive(Deserialize)]
struct EventDoc<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    process: Cow<'a, str>,
    kind: EventKind,
    #[serde(borrow, default)]
    label: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    message: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    messages: Option<Vec<Cow<'a, str>>>,
    #[serde(borrow, default)]
    sends: Option<Vec<Cow<'a, str>>>,
    #[serde(borrow, default)]
    child: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    from: Option<Cow<'a, str>>,
    #[serde(default)]
    time: Option<f64>,
}

/// Parses and validates a trace.
pub fn parse_trace(text: &str) -> Result<Trace, TraceError> {
    parse_trace_with_times(text).map(|(trace, _)| trace)
}

/// Parses and validates a trace, and returns the events' optional `"time"`
/// fields (their positions in the editor) by event index.
pub fn parse_trace_with_times(text: &str) -> Result<(Trace, Vec<Option<f64>>), TraceError> {
    let text = without_bom(text);
    let doc: TraceDoc = serde_json::from_str(text).map_err(json_error)?;
    let mut builder = TraceBuilder::with_capacity(doc.events.len());
    match &doc.processes {
        Some(names) => {
            for name in names {
                builder.process(name)?;
            }
        }
        None => {
            let mut seen = crate::core::interner::Interner::new();
            for e in &doc.events {
                for name in [Some(&e.process), e.child.as_ref(), e.from.as_ref()].into_iter().flatten() {
                    if !name.is_empty() && seen.intern(name).1 {
                        builder.process(name)?;
                    }
                }
            }
        }
    }
    let (mut messages, mut sends): (Vec<&str>, Vec<&str>) = Default::default();
    for (index, e) in doc.events.iter().enumerate() {
        if let Some(t) = e.time.filter(|t| t.abs() > TIME_RANGE) {
            let at = At { id: e.id.to_string(), index };
            return Err(TraceError::TimeOutOfRange { at, time: format!("{t:e}") });
        }
        messages.clear();
        messages.extend(e.message.as_deref());
        messages.extend(e.messages.iter().flatten().map(|m| &**m));
        sends.clear();
        sends.extend(e.sends.iter().flatten().map(|m| &**m));
        builder.event(&EventSpec {
            id: &e.id,
            process: &e.process,
            kind: e.kind,
            label: e.label.as_deref(),
            messages: &messages,
            partner: match e.kind {
                EventKind::Join => e.from.as_deref(),
                EventKind::Fork => e.child.as_deref(),
                _ => e.child.as_deref().or(e.from.as_deref()),
            },
            also_sends: &sends,
        })?;
    }
    Ok((builder.build()?, doc.events.iter().map(|e| e.time).collect()))
}

/// serde_json ends its messages with " at line L column C"; we say where
/// ourselves, once.
fn json_error(e: serde_json::Error) -> TraceError {
    let text = e.to_string();
    let message = match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    TraceError::Json { line: e.line(), column: e.column(), message }
}

/// Writes a trace in the same format, one event per line; parsing the
/// result gives back an equal trace.
pub fn write_trace(trace: &Trace) -> String {
    let mut bytes = Vec::new();
    write_trace_to(trace, None, &mut bytes).expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("JSON text is UTF-8")
}

/// [`write_trace`] into any writer, with each event's `"time"` (its position
/// in the editor) when `times` is given.
pub fn write_trace_to(trace: &Trace, times: Option<&[f64]>, out: impl Write) -> io::Result<()> {
    write_trace_with(trace, times, &Extras::default(), out)
}

/// Fields a format built on the trace format adds: top-level string fields
/// and per-event string fields (the CRDT format's `"crdt"` and `"op"`).
#[derive(Default)]
pub struct Extras<'a> {
    /// `(key, value)` pairs written first at the top level.
    pub top: Vec<(&'a str, String)>,
    /// `(key, value)` pairs of event e, by event index.
    pub events: Vec<Vec<(&'a str, String)>>,
    /// Fields of event e (an imported log's named groups), by event index,
    /// written as `"fields": [["name", "value"], …]` to keep their order.
    pub fields: Vec<&'a [(String, String)]>,
}

/// [`write_trace_to`] with extra string fields.
pub fn write_trace_with(
    trace: &Trace,
    times: Option<&[f64]>,
    extras: &Extras<'_>,
    out: impl Write,
) -> io::Result<()> {
    let mut j = JsonOut::new(out);
    j.raw("{")?;
    for (key, value) in &extras.top {
        j.string(key)?;
        j.raw(": ")?;
        j.string(value)?;
        j.raw(",\n")?;
    }
    j.raw("\"processes\": [")?;
    for p in 0..trace.process_count() as u32 {
        j.raw(if p == 0 { "" } else { ", " })?;
        j.string(trace.process_name(p))?;
    }
    j.raw("],\n\"events\": [")?;
    for e in 0..trace.event_count() as EventIdx {
        j.raw(if e == 0 { "\n  {\"id\": " } else { ",\n  {\"id\": " })?;
        j.string(trace.event_id(e))?;
        j.raw(", \"process\": ")?;
        j.string(trace.process_name(trace.process_of(e)))?;
        j.raw(", \"kind\": \"")?;
        j.raw(trace.kind(e).as_str())?;
        j.raw("\"")?;
        if let Some(times) = times {
            j.raw(", \"time\": ")?;
            j.number(times[e as usize])?;
        }
        if let Some(label) = trace.label(e) {
            j.raw(", \"label\": ")?;
            j.string(label)?;
        }
        let messages = match trace.kind(e) {
            EventKind::Send => trace.sent_by(e),
            EventKind::Receive => trace.received_by(e),
            EventKind::Fork | EventKind::Join => {
                let field = if trace.kind(e) == EventKind::Fork { ", \"child\": " } else { ", \"from\": " };
                j.raw(field)?;
                j.string(trace.process_name(trace.partner(e).expect("forks and joins name a process")))?;
                &[]
            }
            EventKind::Local => &[],
        };
        if let [one] = messages {
            j.raw(", \"message\": ")?;
            j.string(trace.message_id(*one))?;
        } else if !messages.is_empty() {
            write_message_list(&mut j, trace, "messages", messages)?;
        }
        if trace.kind(e) == EventKind::Receive && !trace.sent_by(e).is_empty() {
            write_message_list(&mut j, trace, "sends", trace.sent_by(e))?;
        }
        for (key, value) in extras.events.get(e as usize).into_iter().flatten() {
            j.raw(", ")?;
            j.string(key)?;
            j.raw(": ")?;
            j.string(value)?;
        }
        if let Some(fields) = extras.fields.get(e as usize).filter(|f| !f.is_empty()) {
            j.raw(", \"fields\": [")?;
            for (i, (name, value)) in fields.iter().enumerate() {
                j.raw(if i == 0 { "[" } else { ", [" })?;
                j.string(name)?;
                j.raw(", ")?;
                j.string(value)?;
                j.raw("]")?;
            }
            j.raw("]")?;
        }
        j.raw("}")?;
    }
    j.raw("\n]}\n")?;
    j.finish().map(drop)
}

fn write_message_list<W: Write>(
    j: &mut JsonOut<W>,
    trace: &Trace,
    key: &str,
    messages: &[crate::core::trace::MessageIdx],
) -> io::Result<()> {
    j.raw(", ")?;
    j.string(key)?;
    j.raw(": [")?;
    for (i, &m) in messages.iter().enumerate() {
        j.raw(if i == 0 { "" } else { ", " })?;
        j.string(trace.message_id(m))?;
    }
    j.raw("]")
}
