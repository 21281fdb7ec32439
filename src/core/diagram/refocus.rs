//! A selection's labels without placing every label again: the placement
//! without focus stays, the labels of the events in focus are placed as
//! [`place`] places them (first, after the process names), and only the
//! labels they cover look for another free slot. A selection then moves a
//! few labels on the page, not every label placed after the first one that
//! changed, which the browser would style and lay out again.

use super::geometry::Rect;
use super::grid::Grid;
use super::labels::{fit, Kind, Owner, Placed, Placement, Request, PAD};
use super::metrics::Style;
use crate::core::trace::EventIdx;
use std::collections::{HashMap, HashSet};

/// `base`, placed for `requests` with no focus, with the focus requests
/// given their places first.
pub fn place_focused(
    requests: &[Request],
    obstacles: &[Rect],
    bounds: Option<Rect>,
    style: &Style,
    name_size: f32,
    base: &Placement,
) -> Placement {
    let mut grid = Grid::new(style.label * 4.0);
    obstacles.iter().for_each(|o| grid.insert(*o));
    let first = |l: &Placed| matches!(l.kind, Kind::Process | Kind::Axis);
    let mut labels: Vec<Placed> = base.labels.iter().filter(|l| first(l)).cloned().collect();
    labels.iter().for_each(|l| grid.insert(l.rect.grown(PAD / 2.0)));
    // The focus requests in place's order: by kind, then as listed.
    let mut focus: Vec<&Request> = requests.iter().filter(|r| r.focus && !first_kind(r.kind)).collect();
    focus.sort_by_key(|r| r.kind);
    let focused: HashSet<(Owner, Kind)> = focus.iter().map(|r| (r.owner, r.kind)).collect();
    let mut taken: Vec<Rect> = Vec::new();
    for r in &focus {
        if let Some(label) = fit(r, style, name_size, bounds, &grid) {
            grid.insert(label.rect.grown(PAD / 2.0));
            taken.push(label.rect.grown(PAD / 2.0));
            labels.push(label);
        }
    }
    // The other labels stay where they were unless a focus label covers them.
    let mut moved: Vec<(Owner, Kind)> = Vec::new();
    for l in base.labels.iter().filter(|l| !first(l) && !focused.contains(&(l.owner, l.kind))) {
        let rect = l.rect.grown(PAD / 2.0);
        if taken.iter().any(|t| t.overlaps(&rect)) {
            moved.push((l.owner, l.kind));
        } else {
            grid.insert(rect);
            labels.push(l.clone());
        }
    }
    let by_key: HashMap<(Owner, Kind), &Request> = requests.iter().map(|r| ((r.owner, r.kind), r)).collect();
    for key in moved {
        if let Some(label) = by_key.get(&key).and_then(|r| fit(r, style, name_size, bounds, &grid)) {
            grid.insert(label.rect.grown(PAD / 2.0));
            labels.push(label);
        }
    }
    // Where the focus's labels left a place, a label hidden before may fit
    // now: no label stays hidden while one of its slots is free.
    let placed: HashSet<(Owner, Kind)> = labels.iter().map(|l| (l.owner, l.kind)).collect();
    let mut waiting: Vec<&Request> =
        requests.iter().filter(|r| !r.focus && !placed.contains(&(r.owner, r.kind))).collect();
    waiting.sort_by_key(|r| r.kind);
    for r in waiting {
        if let Some(label) = fit(r, style, name_size, bounds, &grid) {
            grid.insert(label.rect.grown(PAD / 2.0));
            labels.push(label);
        }
    }
    finish(requests, labels)
}

fn first_kind(kind: Kind) -> bool {
    matches!(kind, Kind::Process | Kind::Axis)
}

/// The placement of `labels`, counting the requests left without one.
fn finish(requests: &[Request], mut labels: Vec<Placed>) -> Placement {
    let placed: HashSet<(Owner, Kind)> = labels.iter().map(|l| (l.owner, l.kind)).collect();
    let left: Vec<&Request> = requests.iter().filter(|r| !placed.contains(&(r.owner, r.kind))).collect();
    let mut hidden_events: Vec<EventIdx> =
        left.iter().filter_map(|r| if let Owner::Event(e) = r.owner { Some(e) } else { None }).collect();
    hidden_events.sort_unstable();
    hidden_events.dedup();
    // In place's fixed order, so the page's elements keep their places.
    labels.sort_by_key(|l| (l.owner, l.kind));
    Placement { labels, hidden: left.len(), hidden_events }
}
