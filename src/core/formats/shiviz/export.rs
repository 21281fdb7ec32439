//! Writing a trace as a GoVector log that ShiViz opens with its default
//! expression ([`super::GOVECTOR_REGEX`]): for each event a line
//! `host {clock}` and a line of what happened.

use super::js_regex::is_js_space;
use crate::core::clocks::vector::VectorClocks;
use crate::core::error::TraceError;
use crate::core::trace::Trace;
use std::collections::HashSet;

/// The trace as a ShiViz log (refused only when its vector clocks are too
/// big to compute); an event's line is its label, or its kind and
/// id. Process names lose what JavaScript counts as
/// whitespace, which the host group `\S*` cannot hold, and stay distinct.
pub fn write_shiviz(trace: &Trace) -> Result<String, TraceError> {
    let hosts = host_names(trace);
    let vectors = VectorClocks::compute(trace)?;
    let mut out = String::with_capacity(trace.event_count() * 48);
    for &e in trace.linear_extension() {
        let p = trace.process_of(e) as usize;
        out.push_str(&hosts[p]);
        out.push_str(" {");
        // Own entry first, as GoVector writes it.
        let v = vectors.of(e);
        let own = (p as u32, v.get(p as u32));
        for (i, (q, n)) in std::iter::once(own).chain(v.nonzero().filter(|&(q, _)| q != p as u32)).enumerate()
        {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&serde_json::to_string(&hosts[q as usize]).expect("a string serialises"));
            out.push(':');
            out.push_str(&n.to_string());
        }
        out.push_str("}\n");
        let line = match trace.label(e) {
            Some(label) => label.to_string(),
            None => format!("{} {}", trace.kind(e).as_str(), trace.event_id(e)),
        };
        // One line per event: the expression's `.*` stops at a line end
        // (JavaScript's four).
        out.push_str(&line.replace(['\n', '\r', '\u{2028}', '\u{2029}'], " "));
        out.push('\n');
    }
    Ok(out)
}

/// Process names with whitespace replaced by `_`, made distinct again if
/// that merged two.
fn host_names(trace: &Trace) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::new();
    let mut names = Vec::with_capacity(trace.process_count());
    for p in 0..trace.process_count() as u32 {
        let base: String =
            trace.process_name(p).chars().map(|c| if is_js_space(c) { '_' } else { c }).collect();
        let mut name = base.clone();
        let mut n = 1;
        while !taken.insert(name.clone()) {
            n += 1;
            name = format!("{base}_{n}");
        }
        names.push(name);
    }
    names
}
