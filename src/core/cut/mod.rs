//! Cuts and consistent global states (K. M. Chandy and L. Lamport,
//! "Distributed Snapshots: Determining Global States of Distributed
//! Systems", 1985; F. Mattern, "Virtual Time and Global States of
//! Distributed Systems", 1989).
//!
//! A *cut* takes a prefix of every process's line: its *frontier* says how
//! many events of each process are inside. The last event inside on a
//! process is that process's *frontier event*. A cut is *consistent* when
//! it is closed under happened-before (a *downset*): whatever happened
//! before an event inside is inside too. Prefixes keep program order, so
//! only the edges between processes can break it: a message received
//! inside but sent outside (a message "from the future"), a forked
//! process's first event inside without the fork, or a join inside without
//! the retired process's history. A consistent cut is a global state the
//! run could have passed through, which is what a snapshot must record.
//!
//! - [`verdict`]: consistent or not, with every violating edge.
//! - [`largest_consistent_within`] and [`smallest_consistent_containing`]:
//!   the nearest consistent cuts below and above a cut.
//! - [`frontier_vector`] and [`frontier_test`]: Mattern's vector view: the
//!   cut's vector timestamp, and the rule that a cut is consistent exactly
//!   when no frontier event has seen more of a process than that process's
//!   own frontier event.
//! - [`count`], [`all`] and [`lattice`]: the consistent cuts form a lattice
//!   under union and intersection (the lattice of consistent global
//!   states); these count, list and draw it.
//! - [`through`]: a run that passes through a consistent cut (Chandy and
//!   Lamport's Theorem 1).
//!
//! Everything here is deterministic from its inputs.

mod closure;
mod count;
mod frontier;
mod lattice;
mod through;
mod verdict;

pub use closure::{largest_consistent_within, smallest_consistent_containing};
pub use count::{all, count, Count};
pub use frontier::{frontier_test, frontier_vector, FrontierCheck};
pub use lattice::{lattice, Lattice, LatticeEdge, LatticeNode};
pub use through::through;
pub use verdict::{verdict, Verdict, Violation};

use super::trace::{EventIdx, Trace};

/// A cut: for each process, by process index, how many of its events (a
/// prefix of its line) are inside.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cut {
    /// Events inside, per process index.
    pub frontier: Vec<u32>,
}

impl Cut {
    /// The empty cut: no event inside (the initial global state).
    pub fn empty(trace: &Trace) -> Self {
        Self { frontier: vec![0; trace.process_count()] }
    }

    /// The full cut: every event inside (the final global state).
    pub fn full(trace: &Trace) -> Self {
        let frontier =
            (0..trace.process_count() as u32).map(|p| trace.process_events(p).len() as u32).collect();
        Self { frontier }
    }

    /// True when event `e` is inside.
    pub fn contains(&self, trace: &Trace, e: EventIdx) -> bool {
        trace.seq(e) < self.frontier[trace.process_of(e) as usize]
    }

    /// How many events are inside: the cut's level in the lattice.
    pub fn size(&self) -> u64 {
        self.frontier.iter().map(|&n| u64::from(n)).sum()
    }

    /// True when every event inside is inside `other` too.
    pub fn is_within(&self, other: &Cut) -> bool {
        self.frontier.iter().zip(&other.frontier).all(|(a, b)| a <= b)
    }

    /// Each process's frontier event (its last event inside), `None` where
    /// none of its events is.
    pub fn frontier_events(&self, trace: &Trace) -> Vec<Option<EventIdx>> {
        self.frontier
            .iter()
            .enumerate()
            .map(|(p, &n)| n.checked_sub(1).map(|i| trace.process_events(p as u32)[i as usize]))
            .collect()
    }
}

/// The cut of the run's first `upto` events (all of them if fewer) in the
/// trace's [`Trace::linear_extension`]. Such a cut is always consistent:
/// the linear extension lists each event after everything that happened
/// before it. A prefix of the *input* order need not be: the trace format
/// lets a receive be listed before its send.
pub fn of_prefix(trace: &Trace, upto: usize) -> Cut {
    let mut cut = Cut::empty(trace);
    for &e in trace.linear_extension().iter().take(upto) {
        cut.frontier[trace.process_of(e) as usize] += 1;
    }
    cut
}

/// Reads a frontier written `A=2,B=3`: each named process's count of
/// events inside; processes not named have none. Refuses, naming it, an
/// unknown process, one named twice, a count that is not a whole number,
/// or more events than the process has. An empty text is the empty cut.
pub fn parse_frontier(trace: &Trace, text: &str) -> Result<Cut, String> {
    let mut cut = Cut::empty(trace);
    let mut named = vec![false; trace.process_count()];
    for item in text.split(',').map(str::trim).filter(|item| !item.is_empty()) {
        let (name, n) = item
            .rsplit_once('=')
            .map(|(name, n)| (name.trim(), n.trim()))
            .ok_or_else(|| format!("\"{item}\": expected PROCESS=COUNT"))?;
        let p =
            trace.process_by_name(name).ok_or_else(|| format!("\"{item}\": unknown process \"{name}\""))?;
        if std::mem::replace(&mut named[p as usize], true) {
            return Err(format!("\"{item}\": process \"{name}\" is named twice"));
        }
        let count: u32 = n.parse().map_err(|_| format!("\"{item}\": \"{n}\" is not a whole number"))?;
        let has = trace.process_events(p).len();
        if count as usize > has {
            let events = if has == 1 { "event" } else { "events" };
            return Err(format!("\"{item}\": process \"{name}\" has only {has} {events}"));
        }
        cut.frontier[p as usize] = count;
    }
    Ok(cut)
}

/// The cut `named` gives, by process name (a preset's or a lesson's
/// `"cut": {"A": 2}`), refused as [`parse_frontier`] refuses a text.
pub fn from_names(trace: &Trace, named: &std::collections::BTreeMap<String, u32>) -> Result<Cut, String> {
    let text: Vec<String> = named.iter().map(|(p, n)| format!("{p}={n}")).collect();
    // A name with "=" or "," in it would read as another item.
    if let Some(bad) = named.keys().find(|p| p.contains(['=', ','])) {
        return Err(format!("unknown process \"{bad}\""));
    }
    parse_frontier(trace, &text.join(","))
}
