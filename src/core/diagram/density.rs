//! Zoomed out past where dots can be told apart, the diagram shows how
//! many events each line has per stretch of time, so a whole long log
//! still reads as a picture and never as an empty canvas.

use super::geometry::Rect;
use crate::core::layout::{Layout, Orientation};
use crate::core::trace::{EventIdx, ProcessIdx, Trace};
use hashbrown::HashMap;

/// Events of one line in one stretch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bucket {
    /// The line.
    pub process: ProcessIdx,
    /// The bar: its length along time is the stretch, across it grows with
    /// the count.
    pub rect: Rect,
    /// Events in the stretch.
    pub count: u32,
}

/// Buckets `px` wide along time, for the events between `lo` and `hi`
/// along the axis (all when `None`).
pub fn density(trace: &Trace, layout: &Layout, px: f32, window: Option<(f32, f32)>) -> Vec<Bucket> {
    let px = px.max(1.0);
    let mut counts: HashMap<(ProcessIdx, i64), u32> = HashMap::new();
    for e in 0..trace.event_count() as EventIdx {
        let Some(at) = layout.shown(e) else { continue };
        let along = layout.along_of(at);
        if window.is_some_and(|(lo, hi)| along < lo || along > hi) {
            continue;
        }
        *counts.entry((trace.process_of(e), (along / px).floor() as i64)).or_default() += 1;
    }
    let most = counts.values().copied().max().unwrap_or(1) as f32;
    let half = layout.lane_gap() * 0.4;
    let mut buckets: Vec<Bucket> = counts
        .into_iter()
        .filter_map(|((p, k), count)| {
            let lane = layout.lane(p)?;
            // At least a third of the height, so a single event shows.
            let h = half * (0.33 + 0.67 * count as f32 / most);
            let (a, b) = (k as f32 * px, (k + 1) as f32 * px - 1.0);
            let rect = match layout.orientation {
                Orientation::Horizontal => Rect::new((a, lane - h), (b, lane + h)),
                Orientation::Vertical => Rect::new((lane - h, a), (lane + h, b)),
            };
            Some(Bucket { process: p, rect, count })
        })
        .collect();
    buckets.sort_by(|x, y| {
        x.process.cmp(&y.process).then(x.rect.x0.total_cmp(&y.rect.x0)).then(x.rect.y0.total_cmp(&y.rect.y0))
    });
    buckets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::formats::parse_trace;
    use crate::core::layout::{layout, Spacing};

    #[test]
    fn every_event_is_counted_once_in_its_lines_bucket() {
        let t = crate::core::generate::random_trace(&crate::core::generate::Settings {
            processes: 3,
            events: 200,
            message_probability: 0.4,
            loss_probability: 0.1,
            seed: 7,
        })
        .unwrap();
        let times = crate::core::layout::depth_times(&t);
        let mut s = Spacing::for_labels(Orientation::Horizontal, 0);
        s.time = 1.0;
        let l = layout(&t, &times, &s, Orientation::Horizontal);
        let b = density(&t, &l, 10.0, None);
        assert_eq!(b.iter().map(|b| b.count).sum::<u32>(), 200);
        for p in 0..3 {
            let own: u32 = b.iter().filter(|b| b.process == p).map(|b| b.count).sum();
            assert_eq!(own as usize, t.process_events(p).len());
        }
        assert!(b
            .iter()
            .all(|x| x.rect.y0 < l.lane(x.process).unwrap() && x.rect.y1 > l.lane(x.process).unwrap()));
        let one =
            parse_trace(r#"{"processes": ["A"], "events": [{"id": "a", "process": "A", "kind": "local"}]}"#)
                .unwrap();
        let l1 = layout(&one, &[1.0], &s, Orientation::Horizontal);
        assert_eq!(density(&one, &l1, 10.0, Some((1e6, 2e6))).len(), 0, "outside the window");
    }
}
