//! Everything `lightcone analyze` reports about a trace, and its JSON form.

use super::causality::Causality;
use super::clocks::{LamportClocks, LamportRule, VectorClocks, Violation};
use super::trace::{EventIdx, Trace};
use std::io::{self, Write};

/// Clocks and causality summary for one trace under one Lamport rule.
pub struct Analysis {
    /// Lamport times under the chosen rule.
    pub lamport: LamportClocks,
    /// Vector timestamps.
    pub vectors: VectorClocks,
    /// Unordered pairs of concurrent events.
    pub concurrent_pairs: u64,
    /// Events by (Lamport time, process, position): Lamport's total order.
    pub total_order: Vec<EventIdx>,
    /// Where the rule breaks the clock condition (empty for the classic rule).
    pub violations: Vec<Violation>,
}

impl Analysis {
    /// Runs every analysis.
    pub fn run(trace: &Trace, rule: &LamportRule) -> Self {
        let lamport = LamportClocks::compute(trace, rule);
        let vectors = VectorClocks::compute(trace);
        let concurrent_pairs = Causality::new(trace, &vectors).concurrent_pairs();
        let total_order = total_order(trace, &lamport);
        let violations = lamport.violations(trace);
        Self { lamport, vectors, concurrent_pairs, total_order, violations }
    }

    /// Queries over the analysed trace.
    pub fn causality<'t>(&'t self, trace: &'t Trace) -> Causality<'t> {
        Causality::new(trace, &self.vectors)
    }

    /// Writes the report as JSON, one event per line.
    pub fn write_json(&self, trace: &Trace, out: &mut impl Write) -> io::Result<()> {
        let names: Vec<String> = (0..trace.process_count() as u32).map(|p| json_str(trace.process_name(p))).collect();
        out.write_all(b"{\"events\": [")?;
        for e in 0..trace.event_count() as EventIdx {
            let sep = if e == 0 { "\n" } else { ",\n" };
            let (id, p) = (json_str(trace.event_id(e)), &names[trace.process_of(e) as usize]);
            write!(out, "{sep}  {{\"id\": {id}, \"process\": {p}, \"lamport\": {}, \"vector\": {{", self.lamport.time(e))?;
            for (i, x) in self.vectors.of(e).iter().enumerate() {
                write!(out, "{}{}: {x}", if i == 0 { "" } else { ", " }, names[i])?;
            }
            out.write_all(b"}}")?;
        }
        write!(out, "\n],\n\"concurrent_pairs\": {},\n\"total_order\": [", self.concurrent_pairs)?;
        for (i, &e) in self.total_order.iter().enumerate() {
            write!(out, "{}{}", if i == 0 { "" } else { ", " }, json_str(trace.event_id(e)))?;
        }
        out.write_all(b"],\n")?;
        self.write_clock_condition(trace, out)?;
        out.write_all(b"}\n")
    }

    fn write_clock_condition(&self, trace: &Trace, out: &mut impl Write) -> io::Result<()> {
        let rule = self.lamport.rule();
        let steps: Vec<String> = (0..trace.process_count() as u32)
            .map(|p| format!("{}: {}", json_str(trace.process_name(p)), rule.step(p)))
            .collect();
        write!(
            out,
            "\"lamport_rule\": {{\"receive\": \"{}\", \"steps\": {{{}}}}},\n\"clock_condition\": {{\"holds\": {}, \"violations\": [",
            rule.receive.name(),
            steps.join(", "),
            self.violations.is_empty()
        )?;
        for (i, v) in self.violations.iter().enumerate() {
            let message = v.message.map_or("null".into(), |m| json_str(trace.message_id(m)));
            write!(
                out,
                "{}\n  {{\"before\": {}, \"after\": {}, \"message\": {message}, \"lamport\": [{}, {}]}}",
                if i == 0 { "" } else { "," },
                json_str(trace.event_id(v.before)),
                json_str(trace.event_id(v.after)),
                self.lamport.time(v.before),
                self.lamport.time(v.after)
            )?;
        }
        out.write_all(b"]}\n")
    }

    /// The report as a JSON string.
    pub fn to_json(&self, trace: &Trace) -> String {
        let mut out = Vec::new();
        self.write_json(trace, &mut out).expect("writing to memory cannot fail");
        String::from_utf8(out).expect("the report is UTF-8")
    }
}

/// Lamport's total order: by time, ties broken by process index (then by
/// position, which only matters under rules that let a process repeat a time).
pub fn total_order(trace: &Trace, lamport: &LamportClocks) -> Vec<EventIdx> {
    let mut order: Vec<EventIdx> = (0..trace.event_count() as EventIdx).collect();
    order.sort_unstable_by_key(|&e| (lamport.time(e), trace.process_of(e), trace.seq(e)));
    order
}

/// `s` as a JSON string literal.
pub fn json_str(s: &str) -> String {
    serde_json::to_string(s).expect("a str always serialises")
}
