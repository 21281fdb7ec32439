//! Playback: events appear one at a time in time order (a linear extension
//! of happened-before, since every message points forwards in time), and a
//! message in flight is drawn part-way, by interpolating between its send
//! and receive times, as RaftScope draws its messages.

use crate::core::trace::{MessageIdx, Trace};

/// How far playback has got: the first `shown` events (in event order, which
/// is time order) have happened, and `progress` of the way to the next.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Playhead {
    /// Events that have happened.
    pub shown: usize,
    /// Fraction of the way from the last shown event's time to the next's.
    pub progress: f64,
}

impl Playhead {
    /// Nothing has happened yet.
    pub const START: Playhead = Playhead { shown: 0, progress: 0.0 };

    /// The current time.
    pub fn now(&self, times: &[f64]) -> f64 {
        let before = if self.shown == 0 { 0.0 } else { times[self.shown - 1] };
        match times.get(self.shown) {
            Some(&next) => before + (next - before) * self.progress,
            None => before,
        }
    }

    /// One event forwards (or back), at rest.
    pub fn step(&self, forwards: bool, events: usize) -> Playhead {
        let shown = if forwards { (self.shown + 1).min(events) } else { self.shown.saturating_sub(1) };
        Playhead { shown, progress: 0.0 }
    }

    /// Advances by `dt` time units, passing events whose time is reached.
    pub fn advance(&self, times: &[f64], dt: f64) -> Playhead {
        let mut now = self.now(times) + dt;
        let mut shown = self.shown;
        while shown < times.len() && times[shown] <= now {
            shown += 1;
        }
        if shown == times.len() {
            now = times.last().copied().unwrap_or(0.0);
        }
        let before = if shown == 0 { 0.0 } else { times[shown - 1] };
        let progress = match times.get(shown) {
            Some(&next) if next > before => ((now - before) / (next - before)).clamp(0.0, 1.0),
            _ => 0.0,
        };
        Playhead { shown, progress }
    }

    /// True once every event has happened.
    pub fn finished(&self, events: usize) -> bool {
        self.shown >= events
    }
}

/// Where a message is at a playhead.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Flight {
    /// Its send has not happened.
    Unsent,
    /// Sent, and this fraction of the way to its receive (or along a lost
    /// message's stub).
    InFlight(f64),
    /// Received.
    Arrived,
}

/// The state of message `m` at `head`.
pub fn flight(trace: &Trace, times: &[f64], head: &Playhead, m: MessageIdx) -> Flight {
    let send = trace.send_of(m) as usize;
    if send >= head.shown {
        return Flight::Unsent;
    }
    let now = head.now(times);
    match trace.receive_of(m) {
        Some(r) if (r as usize) < head.shown => Flight::Arrived,
        Some(r) => {
            let (t0, t1) = (times[send], times[r as usize]);
            Flight::InFlight(((now - t0) / (t1 - t0)).clamp(0.0, 1.0))
        }
        None => Flight::InFlight((now - times[send]).clamp(0.0, 1.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::editor::Document;

    #[test]
    fn messages_fly_between_their_send_and_receive() {
        let doc = Document::parse(
            r#"{"processes": ["A", "B"], "events": [
            {"id": "a1", "process": "A", "kind": "send", "message": "m1", "time": 1},
            {"id": "a2", "process": "A", "kind": "local", "time": 2},
            {"id": "b1", "process": "B", "kind": "receive", "message": "m1", "time": 5}]}"#,
        )
        .unwrap();
        let p = doc.place().unwrap();
        let (t, times) = (&p.trace, &p.times);
        let m1 = t.message_by_id("m1").unwrap();
        let start = Playhead::START;
        assert_eq!(flight(t, times, &start, m1), Flight::Unsent);
        let after_a1 = start.step(true, 3);
        assert_eq!(flight(t, times, &after_a1, m1), Flight::InFlight(0.0));
        let after_a2 = after_a1.step(true, 3);
        assert_eq!(after_a2.now(times), 2.0);
        assert_eq!(flight(t, times, &after_a2, m1), Flight::InFlight(0.25));
        // Half-way from a2 (t=2) to b1 (t=5): t = 3.5, m1 is 62.5% along.
        let mid = after_a2.advance(times, 1.5);
        assert_eq!(mid, Playhead { shown: 2, progress: 0.5 });
        assert_eq!(flight(t, times, &mid, m1), Flight::InFlight(0.625));
        let end = mid.advance(times, 10.0);
        assert!(end.finished(3));
        assert_eq!(flight(t, times, &end, m1), Flight::Arrived);
        assert_eq!(end.step(false, 3).shown, 2);
    }
}
