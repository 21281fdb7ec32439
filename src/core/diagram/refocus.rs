//! A selection's labels without placing every label again: the placement
//! without focus stays, the labels of the events in focus are placed as
//! [`place`] places them (first, after the process names), and only the
//! labels they cover look for another free slot. A selection then moves a
//! few labels on the page, not every label placed after the first one that
//! changed, which the browser would style and lay out again.

use super::geometry::{Point, Rect};
use super::grid::Grid;
use super::labels::{fit, Kind, Owner, Placed, Placement, Request, PAD};
use super::metrics::{Style, LINE};
use crate::core::trace::EventIdx;
use std::collections::HashSet;

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
    let mut labels: Vec<Placed> = base.labels.iter().filter(|l| first_kind(l.kind)).cloned().collect();
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
    // The other labels stay where they were unless a focus label covers
    // them. Where labels were (the focus's before, those that move) a label
    // hidden before may fit now.
    let mut moved: Vec<(Owner, Kind)> = Vec::new();
    let mut vacated: Vec<Rect> = base
        .labels
        .iter()
        .filter(|l| focused.contains(&(l.owner, l.kind)))
        .map(|l| l.rect.grown(PAD / 2.0))
        .collect();
    for l in base.labels.iter().filter(|l| !first_kind(l.kind) && !focused.contains(&(l.owner, l.kind))) {
        let rect = l.rect.grown(PAD / 2.0);
        if taken.iter().any(|t| t.overlaps(&rect)) {
            moved.push((l.owner, l.kind));
            vacated.push(rect);
        } else {
            grid.insert(rect);
            labels.push(l.clone());
        }
    }
    // Few move: each is looked up among the requests.
    for key in moved {
        let request = requests.iter().find(|r| (r.owner, r.kind) == key);
        if let Some(label) = request.and_then(|r| fit(r, style, name_size, bounds, &grid)) {
            grid.insert(label.rect.grown(PAD / 2.0));
            labels.push(label);
        }
    }
    // No label stays hidden while one of its slots is free: only a slot
    // that reaches a vacated place can have become free.
    labels.sort_by_key(|l| (l.owner, l.kind));
    let near = |r: &Request| vacated.iter().any(|v| distance(r.anchor, v) <= reach(r, style));
    let mut waiting: Vec<&Request> =
        requests.iter().filter(|r| !r.focus && near(r) && !has(&labels, r)).collect();
    waiting.sort_by_key(|r| r.kind);
    for r in waiting {
        if let Some(label) = fit(r, style, name_size, bounds, &grid) {
            grid.insert(label.rect.grown(PAD / 2.0));
            labels.push(label);
        }
    }
    finish(requests, labels)
}

/// How far from its anchor any of `r`'s slot boxes can reach, at most: its
/// widest line at the widest advance, its height a few rows over, and the
/// furthest shift (see `labels::slots`).
fn reach(r: &Request, style: &Style) -> f32 {
    let size = style.label.max(style.name);
    let widest = r.lines.iter().map(String::len).max().unwrap_or(0) as f32 * 1.25 * size;
    let rows = (r.lines.len() + 8) as f32 * (style.line().max(size * LINE) + PAD);
    // Shifted slots move the anchor by up to eight dot radii.
    widest + rows + 10.0 * style.dot + 2.0 * (style.dot + style.gap() + 2.0)
}

/// From `p` to the nearest point of `r` (0 inside it).
fn distance(p: Point, r: &Rect) -> f32 {
    let dx = (r.x0 - p.0).max(p.0 - r.x1).max(0.0);
    let dy = (r.y0 - p.1).max(p.1 - r.y1).max(0.0);
    dx.hypot(dy)
}

/// Process names and axis breaks: placed before any focus, so kept as they are.
fn first_kind(kind: Kind) -> bool {
    matches!(kind, Kind::Process | Kind::Axis)
}

/// Whether `labels`, sorted by owner and kind, hold `r`'s.
fn has(labels: &[Placed], r: &Request) -> bool {
    labels.binary_search_by_key(&(r.owner, r.kind), |l| (l.owner, l.kind)).is_ok()
}

/// The placement of `labels`, counting the requests left without one.
fn finish(requests: &[Request], mut labels: Vec<Placed>) -> Placement {
    // In place's fixed order, so the page's elements keep their places.
    labels.sort_by_key(|l| (l.owner, l.kind));
    let left: Vec<&Request> = requests.iter().filter(|r| r.kind.counted() && !has(&labels, r)).collect();
    let mut hidden_events: Vec<EventIdx> =
        left.iter().filter_map(|r| if let Owner::Event(e) = r.owner { Some(e) } else { None }).collect();
    hidden_events.sort_unstable();
    hidden_events.dedup();
    let hidden_notes = left.iter().filter(|r| r.kind == Kind::Note).count();
    Placement { labels, hidden: left.len(), hidden_events, hidden_notes }
}
