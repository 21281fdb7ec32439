//! How playback actions move the playhead (the arithmetic is in
//! core::editor::playback).

use super::state::{Action, AppState, Playback};
use crate::core::editor::playback::Playhead;

/// Playback after `action`; `None` shows the whole diagram.
pub fn next(s: &AppState, action: &Action) -> Option<Playback> {
    let placed = &s.scene().placed;
    let events = placed.trace.event_count();
    let current = s.playback.unwrap_or(Playback { head: Playhead::START, playing: false });
    match *action {
        Action::PlayPause => {
            let head = if current.head.finished(events) { Playhead::START } else { current.head };
            Some(Playback { head, playing: !(s.playback.is_some() && current.playing) })
        }
        Action::Step(forwards) => {
            let head = if s.playback.is_none() && !forwards {
                Playhead { shown: events, progress: 0.0 }
            } else {
                current.head
            };
            Some(Playback { head: head.step(forwards, events), playing: false })
        }
        Action::Tick(seconds) if current.playing => {
            let head = current.head.advance(&placed.times, seconds * s.speed);
            Some(Playback { head, playing: !head.finished(events) })
        }
        Action::StopPlayback => None,
        _ => s.playback,
    }
}
