//! Which process lines are drawn, in what order, and what a hidden one
//! still shows: as in ShiViz, hiding a host keeps its causal effect, drawn
//! as dashed edges from the last event of each shown process that the
//! hidden one had heard of to the shown event that hears of it through the
//! hidden one.

use crate::core::clocks::VectorClocks;
use crate::core::trace::{EventIdx, ProcessIdx, Trace};

/// The order of the process lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum HostOrder {
    /// As the trace lists them.
    #[default]
    Given,
    /// By name.
    Name,
    /// Busiest first.
    Events,
}

impl HostOrder {
    /// Every order, for a menu.
    pub const ALL: [HostOrder; 3] = [HostOrder::Given, HostOrder::Name, HostOrder::Events];

    /// Its name in settings and links.
    pub fn name(self) -> &'static str {
        match self {
            HostOrder::Given => "given",
            HostOrder::Name => "name",
            HostOrder::Events => "events",
        }
    }

    /// Said in a menu.
    pub fn title(self) -> &'static str {
        match self {
            HostOrder::Given => "as given",
            HostOrder::Name => "by name",
            HostOrder::Events => "busiest first",
        }
    }

    /// The order called `name`.
    pub fn from_name(name: &str) -> Option<HostOrder> {
        HostOrder::ALL.into_iter().find(|o| o.name() == name)
    }
}

/// The shown processes, top to bottom.
pub fn lane_order(trace: &Trace, order: HostOrder, hidden: &[bool]) -> Vec<ProcessIdx> {
    let mut shown: Vec<ProcessIdx> = (0..trace.process_count() as ProcessIdx)
        .filter(|&p| !hidden.get(p as usize).copied().unwrap_or(false))
        .collect();
    match order {
        HostOrder::Given => {}
        HostOrder::Name => shown.sort_by(|&a, &b| trace.process_name(a).cmp(trace.process_name(b))),
        HostOrder::Events => shown.sort_by_key(|&p| std::cmp::Reverse(trace.process_events(p).len())),
    }
    shown
}

/// The dashed edges that stand for what hidden processes carried: for each
/// message a hidden process sends to a shown one, an edge from the latest
/// event of every other shown process in the sender's past that the
/// receiving line had not yet heard of. Sorted, without repeats.
pub fn through_hidden(trace: &Trace, vectors: &VectorClocks, hidden: &[bool]) -> Vec<(EventIdx, EventIdx)> {
    let is_hidden = |p: ProcessIdx| hidden.get(p as usize).copied().unwrap_or(false);
    if !(0..trace.process_count() as ProcessIdx).any(is_hidden) {
        return Vec::new();
    }
    let mut edges = Vec::new();
    for m in 0..trace.message_count() as u32 {
        let (s, Some(r)) = (trace.send_of(m), trace.receive_of(m)) else { continue };
        let (from, to) = (trace.process_of(s), trace.process_of(r));
        if !is_hidden(from) || is_hidden(to) {
            continue;
        }
        let before = trace.predecessor(r);
        // Only the processes the sender has heard of can bring news.
        for (p, known) in vectors.of(s).nonzero().filter(|&(p, _)| p != to && !is_hidden(p)) {
            let already = before.map_or(0, |e| vectors.entry(e, p));
            if known > already {
                edges.push((trace.process_events(p)[known as usize - 1], r));
            }
        }
    }
    edges.sort_unstable();
    edges.dedup();
    edges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::formats::parse_trace;

    // A -> H -> B: H relays A's news to B.
    const RELAY: &str = r#"{"processes": ["A", "H", "B"], "events": [
        {"id": "a1", "process": "A", "kind": "send", "message": "m1"},
        {"id": "h1", "process": "H", "kind": "receive", "message": "m1"},
        {"id": "h2", "process": "H", "kind": "send", "message": "m2"},
        {"id": "b1", "process": "B", "kind": "local"},
        {"id": "b2", "process": "B", "kind": "receive", "message": "m2"},
        {"id": "h3", "process": "H", "kind": "send", "message": "m3"},
        {"id": "b3", "process": "B", "kind": "receive", "message": "m3"}]}"#;

    #[test]
    fn a_hidden_relay_leaves_one_dashed_edge_per_new_piece_of_news() {
        let t = parse_trace(RELAY).unwrap();
        let v = VectorClocks::compute(&t).unwrap();
        let edges = through_hidden(&t, &v, &[false, true, false]);
        let named: Vec<(&str, &str)> = edges.iter().map(|&(a, b)| (t.event_id(a), t.event_id(b))).collect();
        assert_eq!(named, [("a1", "b2")], "b3 learns nothing new of A");
        assert!(through_hidden(&t, &v, &[false; 3]).is_empty());
        // Brute force: each edge's source happened before its target.
        let c = crate::core::Causality::new(&t, &v);
        assert!(edges.iter().all(|&(a, b)| c.happened_before(a, b)));
    }

    #[test]
    fn lines_sort_by_name_or_by_how_busy_they_are() {
        let t = parse_trace(RELAY).unwrap();
        let names = |o| lane_order(&t, o, &[false; 3]).iter().map(|&p| t.process_name(p)).collect::<Vec<_>>();
        assert_eq!(names(HostOrder::Given), ["A", "H", "B"]);
        assert_eq!(names(HostOrder::Name), ["A", "B", "H"]);
        assert_eq!(names(HostOrder::Events), ["H", "B", "A"]);
        assert_eq!(lane_order(&t, HostOrder::Given, &[false, true, false]), [0, 2]);
        assert_eq!(HostOrder::from_name("events"), Some(HostOrder::Events));
    }
}
