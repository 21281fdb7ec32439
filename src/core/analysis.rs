//! Everything `lightcone analyze` reports about a trace, and its JSON form.

use super::causality::Causality;
use super::clocks::{ItcClocks, LamportClocks, LamportRule, Row, VectorClocks, Violation};
use super::error::TraceError;
use super::formats::json_out::{json_str, JsonOut};
use super::trace::{EventIdx, Trace, Via};
use std::cell::OnceCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::{self, Write};

/// The most vector entries a report lists (some 25 GB of JSON, written as
/// it goes): past it [`Analysis::check_report_size`] refuses the trace.
#[cfg(target_pointer_width = "64")]
pub const MAX_REPORT_ENTRIES: u64 = 1 << 32;
/// The most vector entries a report lists: on wasm32 the report is built
/// in memory, so about 1 GB of JSON.
#[cfg(not(target_pointer_width = "64"))]
pub const MAX_REPORT_ENTRIES: u64 = 1 << 27;

/// Clocks and causality summary for one trace under one Lamport rule.
pub struct Analysis {
    /// Lamport times under the chosen rule.
    pub lamport: LamportClocks,
    /// Vector timestamps.
    pub vectors: VectorClocks,
    /// Interval tree clock stamps, computed on first use (see
    /// [`Analysis::itc`]): a report streams them instead.
    itc: OnceCell<Result<ItcClocks, TraceError>>,
    /// Unordered pairs of concurrent events.
    pub concurrent_pairs: u64,
    /// Events by (Lamport time, process, position): Lamport's total order.
    pub total_order: Vec<EventIdx>,
    /// Where the rule breaks the clock condition (empty for the classic rule).
    pub violations: Vec<Violation>,
}

impl Analysis {
    /// Runs every analysis. Refuses, by name, a Lamport time that would
    /// pass 2^64 - 1 (a huge `--step`) and vector clocks too big to store.
    pub fn run(trace: &Trace, rule: &LamportRule) -> Result<Self, TraceError> {
        let lamport = LamportClocks::compute(trace, rule)?;
        let vectors = VectorClocks::compute(trace)?;
        let concurrent_pairs = Causality::new(trace, &vectors).concurrent_pairs();
        let total_order = total_order(trace, &lamport);
        let violations = lamport.violations(trace);
        Ok(Self { lamport, vectors, itc: OnceCell::new(), concurrent_pairs, total_order, violations })
    }

    /// Refuses a trace whose report would list more than
    /// [`MAX_REPORT_ENTRIES`] vector entries: every event lists every
    /// process, zeros included, so 100,000 processes with one event each
    /// would write ten billion. Checked before anything is computed.
    pub fn check_report_size(trace: &Trace) -> Result<(), TraceError> {
        let entries = trace.event_count() as u64 * trace.process_count() as u64;
        if entries <= MAX_REPORT_ENTRIES {
            return Ok(());
        }
        let what = format!(
            "the report would list {entries} vector entries ({} events × {} processes, zeros included); \
             the limit is {MAX_REPORT_ENTRIES}",
            trace.event_count(),
            trace.process_count()
        );
        Err(TraceError::TooLarge { what })
    }

    /// Every event's interval tree clock stamp (computed once, on first
    /// use), or why a trace's stamps are refused.
    pub fn itc(&self, trace: &Trace) -> Result<&ItcClocks, &TraceError> {
        self.itc.get_or_init(|| ItcClocks::compute(trace)).as_ref()
    }

    /// Queries over the analysed trace.
    pub fn causality<'t>(&'t self, trace: &'t Trace) -> Causality<'t> {
        Causality::new(trace, &self.vectors)
    }

    /// Writes the report as JSON, one event per line. Each event's ITC
    /// stamp is written as it is computed when input order allows (see
    /// [`ItcClocks::stream`]), so a big report stores no stamps.
    pub fn write_json(&self, trace: &Trace, out: impl Write) -> io::Result<()> {
        let mut j = JsonOut::new(out);
        // `"A": ` for each process, escaped once.
        let keys: Vec<String> = (0..trace.process_count() as u32)
            .map(|p| format!("{}: ", json_str(trace.process_name(p))))
            .collect();
        j.raw("{\"events\": [")?;
        let mut written = Ok(());
        let streamed = self.itc.get().is_none()
            && ItcClocks::stream(trace, |e, stamp| {
                if written.is_ok() {
                    written = self.write_event(trace, &keys, e, |out| stamp.write_text(out), &mut j);
                }
            })
            .map_err(refused)?;
        written?;
        if !streamed {
            let itc = self.itc(trace).map_err(|e| refused(e.clone()))?;
            for e in 0..trace.event_count() as EventIdx {
                self.write_event(trace, &keys, e, |out| itc.write_text(e, out), &mut j)?;
            }
        }
        j.raw("\n],\n\"concurrent_pairs\": ")?;
        j.uint(self.concurrent_pairs)?;
        j.raw(",\n\"total_order\": [")?;
        for (i, &e) in self.total_order.iter().enumerate() {
            j.raw(if i == 0 { "" } else { ", " })?;
            j.string(trace.event_id(e))?;
        }
        j.raw("],\n")?;
        self.write_clock_condition(trace, &mut j)?;
        j.raw("}\n")?;
        j.finish().map(drop)
    }

    /// One event's line: id, process, Lamport time, vector, ITC stamp.
    fn write_event(
        &self,
        trace: &Trace,
        keys: &[String],
        e: EventIdx,
        itc: impl FnOnce(&mut Vec<u8>),
        j: &mut JsonOut<impl Write>,
    ) -> io::Result<()> {
        j.raw(if e == 0 { "\n  {\"id\": " } else { ",\n  {\"id\": " })?;
        j.string(trace.event_id(e))?;
        j.raw(", \"process\": ")?;
        j.string(trace.process_name(trace.process_of(e)))?;
        j.raw(", \"lamport\": ")?;
        j.uint(self.lamport.time(e))?;
        j.raw(", \"vector\": {")?;
        let mut entry = |i: usize, x: u32| -> io::Result<()> {
            j.raw(if i == 0 { "" } else { ", " })?;
            j.raw(&keys[i])?;
            j.uint(x.into())
        };
        // A plain loop over a whole row; a sparse one fills in its zeros.
        match self.vectors.of(e) {
            Row::Dense(v) => v.iter().enumerate().try_for_each(|(i, &x)| entry(i, x))?,
            row => row.entries().enumerate().try_for_each(|(i, x)| entry(i, x))?,
        }
        // The paper's notation has only digits, commas and parentheses:
        // nothing to escape.
        j.raw("}, \"itc\": \"")?;
        j.raw_with(itc)?;
        j.raw("\"}")
    }

    fn write_clock_condition(&self, trace: &Trace, j: &mut JsonOut<impl Write>) -> io::Result<()> {
        let rule = self.lamport.rule();
        let steps: Vec<String> = (0..trace.process_count() as u32)
            .map(|p| format!("{}: {}", json_str(trace.process_name(p)), rule.step(p)))
            .collect();
        j.raw(&format!(
            "\"lamport_rule\": {{\"receive\": \"{}\", \"steps\": {{{}}}}},\n",
            rule.receive.name(),
            steps.join(", ")
        ))?;
        j.raw(&format!(
            "\"clock_condition\": {{\"holds\": {}, \"violations\": [",
            self.violations.is_empty()
        ))?;
        for (i, v) in self.violations.iter().enumerate() {
            let (edge, message) = match v.via {
                None => ("program", "null".into()),
                Some(Via::Message(m)) => ("message", json_str(trace.message_id(m))),
                Some(Via::Fork) => ("fork", "null".into()),
                Some(Via::Join) => ("join", "null".into()),
            };
            j.raw(&format!(
                "{}\n  {{\"before\": {}, \"after\": {}, \"edge\": \"{edge}\", \"message\": {message}, \"lamport\": [{}, {}]}}",
                if i == 0 { "" } else { "," },
                json_str(trace.event_id(v.before)),
                json_str(trace.event_id(v.after)),
                self.lamport.time(v.before),
                self.lamport.time(v.after)
            ))?;
        }
        j.raw("]}\n")
    }

    /// The report as a JSON string.
    pub fn to_json(&self, trace: &Trace) -> String {
        let mut out = Vec::new();
        self.write_json(trace, &mut out).expect("writing to memory cannot fail");
        String::from_utf8(out).expect("the report is UTF-8")
    }
}

/// A refusal as what [`Analysis::write_json`] returns (callers check
/// [`ItcClocks::check_nesting`] first to tell it apart).
fn refused(e: TraceError) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e.to_string())
}

/// Lamport's total order: by time, ties broken by process index, then by
/// position on the process. Every rule leaves each process's clock
/// non-decreasing along the process, so this is a merge of the processes'
/// event lists, O(N log P), with no sort.
pub fn total_order(trace: &Trace, lamport: &LamportClocks) -> Vec<EventIdx> {
    let mut heads: BinaryHeap<Reverse<(u64, u32, u32)>> = (0..trace.process_count() as u32)
        .filter_map(|p| trace.process_events(p).first().map(|&e| Reverse((lamport.time(e), p, 0))))
        .collect();
    let mut order = Vec::with_capacity(trace.event_count());
    while let Some(Reverse((_, p, seq))) = heads.pop() {
        let events = trace.process_events(p);
        order.push(events[seq as usize]);
        if let Some(&next) = events.get(seq as usize + 1) {
            heads.push(Reverse((lamport.time(next), p, seq + 1)));
        }
    }
    order
}
