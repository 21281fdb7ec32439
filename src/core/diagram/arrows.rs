//! Each message's arrow: from its send to its receive, stopping short of
//! the receiving dot so the arrowhead shows; a lost message as a short stub
//! ending in a cross; a message still in flight as an open-headed arrow
//! reaching part-way to its receiver's line.

use super::geometry::{lerp, short_of, Point};
use super::metrics::Style;
use super::overlay::Overlay;
use super::Shape;
use crate::core::editor::hit::message_end;
use crate::core::layout::Layout;
use crate::core::trace::{MessageIdx, ProcessIdx, Trace};

/// What became of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fate {
    /// It arrived.
    Delivered,
    /// It will never arrive.
    Lost,
    /// It may still arrive.
    InFlight,
}

impl Fate {
    /// The `data-message-state` word.
    pub fn word(self) -> &'static str {
        match self {
            Fate::Delivered => "delivered",
            Fate::Lost => "lost",
            Fate::InFlight => "in-flight",
        }
    }
}

/// A drawn message.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arrow {
    /// The message.
    pub message: MessageIdx,
    /// Its send's centre.
    pub from: Point,
    /// Where it points: the receive's centre, a lost stub's end, or how far
    /// an in-flight message has got.
    pub to: Point,
    /// Where its line stops (short of a receiving dot).
    pub tip: Point,
    /// What became of it.
    pub fate: Fate,
}

/// The arrow of every message that is drawn (`None`: one of its ends is
/// hidden, or a collapsed run hides its send).
pub fn arrows(
    trace: &Trace,
    shape: &Shape,
    layout: &Layout,
    overlay: &Overlay,
    style: &Style,
) -> Vec<Option<Arrow>> {
    let now = overlay.end;
    (0..trace.message_count() as MessageIdx)
        .map(|m| {
            let s = trace.send_of(m);
            if !shape.drawn(trace, s) {
                return None;
            }
            let from = layout.at(s);
            if let Some(r) = trace.receive_of(m) {
                let to = layout.shown(r)?;
                let tip = short_of(from, to, style.arrow_cut());
                return Some(Arrow { message: m, from, to, tip, fate: Fate::Delivered });
            }
            let towards = |receiver: ProcessIdx, along: f32, share: f32| {
                let lane = layout.lane(receiver)?;
                let across = layout.across_of(from) + (lane - layout.across_of(from)) * share;
                Some(match layout.orientation {
                    crate::core::layout::Orientation::Horizontal => (along, across),
                    crate::core::layout::Orientation::Vertical => (across, along),
                })
            };
            let past = layout.along_of(from) + 3.0 * style.dot;
            if let Some(&(_, receiver)) = overlay.in_flight.iter().find(|(x, _)| *x == m) {
                let sent = shape.times[s as usize];
                let to = towards(receiver, layout.along(now.unwrap_or(sent).max(sent)).max(past), 0.6)?;
                return Some(Arrow { message: m, from, to, tip: to, fate: Fate::InFlight });
            }
            let to = match overlay.lost.iter().find(|(x, _)| *x == m) {
                Some(&(_, receiver)) => towards(receiver, past, 0.4)?,
                None => message_end(trace, layout, &shape.times, m),
            };
            Some(Arrow { message: m, from, to, tip: to, fate: Fate::Lost })
        })
        .collect()
}

impl Arrow {
    /// The point a fraction `f` of the way along the drawn line.
    pub fn along(&self, f: f32) -> Point {
        lerp(self.from, self.tip, f)
    }
}
