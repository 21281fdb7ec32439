//! Playback of the events in time order, and how its controls move the
//! playhead (the arithmetic is in core::editor::playback).

use crate::core::editor::playback::Playhead;
use crate::core::editor::Placed;

/// Where playback is, and whether it is playing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Playback {
    pub head: Playhead,
    pub playing: bool,
}

/// What the playback bar, the keys and the timer ask for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Control {
    PlayPause,
    /// One event forwards (`true`) or back.
    Step(bool),
    /// Real seconds passed while playing.
    Tick(f64),
    /// Shows the whole diagram again.
    Stop,
}

/// Playback after `control`, at `speed` time units per second; `None`
/// shows the whole diagram.
pub fn next(now: Option<Playback>, placed: &Placed, speed: f64, control: Control) -> Option<Playback> {
    let events = placed.trace.event_count();
    let current = now.unwrap_or(Playback { head: Playhead::START, playing: false });
    match control {
        Control::PlayPause => {
            let head = if current.head.finished(events) { Playhead::START } else { current.head };
            Some(Playback { head, playing: !(now.is_some() && current.playing) })
        }
        Control::Step(forwards) => {
            let head = if now.is_none() && !forwards {
                Playhead { shown: events, progress: 0.0 }
            } else {
                current.head
            };
            Some(Playback { head: head.step(forwards, events), playing: false })
        }
        Control::Tick(seconds) if current.playing => {
            let head = current.head.advance(&placed.times, seconds * speed);
            Some(Playback { head, playing: !head.finished(events) })
        }
        Control::Tick(_) => now,
        Control::Stop => None,
    }
}
