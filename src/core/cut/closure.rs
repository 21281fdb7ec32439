//! The consistent cuts nearest a cut: the greatest one inside it and the
//! least one around it. Consistent cuts are closed under intersection and
//! union, so both exist and are unique.

use super::{verdict, Cut};
use crate::core::trace::{EventIdx, Trace};

/// The greatest consistent cut within `cut`: its events whose whole causal
/// past is inside it. Found as a fixpoint: each event inside with a cause
/// outside leaves, with the rest of its line, and then so must every
/// effect of a leaving event. Each event leaves at most once, so it costs
/// O(events + edges).
pub fn largest_consistent_within(trace: &Trace, cut: &Cut) -> Cut {
    let mut within = cut.clone();
    let mut leaving: Vec<EventIdx> = Vec::new();
    let shrink = |within: &mut Cut, leaving: &mut Vec<EventIdx>, e: EventIdx| {
        let p = trace.process_of(e);
        let (keep, had) = (trace.seq(e), within.frontier[p as usize]);
        if keep < had {
            leaving.extend(&trace.process_events(p)[keep as usize..had as usize]);
            within.frontier[p as usize] = keep;
        }
    };
    for v in verdict(trace, cut).violations {
        shrink(&mut within, &mut leaving, v.effect);
    }
    while let Some(e) = leaving.pop() {
        for x in trace.effects(e) {
            if within.contains(trace, x) {
                shrink(&mut within, &mut leaving, x);
            }
        }
    }
    within
}

/// The least consistent cut containing `cut`: the union of the causal
/// pasts of its events (of its frontier events, in fact). Found as a
/// fixpoint: every cause of an event inside joins, with the line before
/// it. Each event joins at most once, so it costs O(events + edges).
pub fn smallest_consistent_containing(trace: &Trace, cut: &Cut) -> Cut {
    let mut around = Cut::empty(trace);
    let mut joining: Vec<EventIdx> = Vec::new();
    let grow = |around: &mut Cut, joining: &mut Vec<EventIdx>, p: u32, upto: u32| {
        let had = around.frontier[p as usize];
        if upto > had {
            joining.extend(&trace.process_events(p)[had as usize..upto as usize]);
            around.frontier[p as usize] = upto;
        }
    };
    for (p, &n) in cut.frontier.iter().enumerate() {
        grow(&mut around, &mut joining, p as u32, n);
    }
    while let Some(e) = joining.pop() {
        for (c, _) in trace.causes(e) {
            grow(&mut around, &mut joining, trace.process_of(c), trace.seq(c) + 1);
        }
    }
    around
}
