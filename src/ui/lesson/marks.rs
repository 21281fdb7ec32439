//! What a lesson step marks on the diagram: the events, messages and
//! processes it highlights, the events the student picked, and after the
//! reveal each pick marked right or wrong and each missed event shown.
//! Shapes say it as well as colours: a ring highlights, a square is a
//! pick, a tick or a cross marks it, a dashed square is one missed.

use super::LessonState;
use crate::core::lesson::answer::{expected, Expected};
use crate::core::lesson::Subject;
use crate::core::{Analysis, EventIdx, Trace};

/// An event's lesson mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventMark {
    Highlight,
    Picked,
    Right,
    Wrong,
    Missed,
}

impl EventMark {
    /// Its word in `data-lesson-mark`.
    pub fn word(self) -> &'static str {
        match self {
            EventMark::Highlight => "highlight",
            EventMark::Picked => "picked",
            EventMark::Right => "right",
            EventMark::Wrong => "wrong",
            EventMark::Missed => "missed",
        }
    }
}

/// The step's marks, by event, message and process index.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LessonMarks {
    pub events: Vec<Option<EventMark>>,
    pub messages: Vec<bool>,
    pub processes: Vec<bool>,
}

impl LessonMarks {
    /// The marks lesson `l` puts on `trace` now.
    pub fn new(l: &LessonState, trace: &Trace, analysis: &Analysis) -> Self {
        let step = l.current();
        let mut m = LessonMarks {
            events: vec![None; trace.event_count()],
            messages: vec![false; trace.message_count()],
            processes: vec![false; trace.process_count()],
        };
        for e in step.highlight.events.iter().filter_map(|id| trace.event_by_id(id)) {
            m.events[e as usize] = Some(EventMark::Highlight);
        }
        for msg in step.highlight.messages.iter().filter_map(|id| trace.message_by_id(id)) {
            m.messages[msg as usize] = true;
        }
        for p in step.highlight.processes.iter().filter_map(|n| trace.process_by_name(n)) {
            m.processes[p as usize] = true;
        }
        let picked: Vec<EventIdx> = l.answer.picked.iter().filter_map(|id| trace.event_by_id(id)).collect();
        if !l.answer.revealed {
            for &e in &picked {
                m.events[e as usize] = Some(EventMark::Picked);
            }
            return m;
        }
        let subject = Subject { trace, analysis, document: None, run: None, cut: None };
        let Some(Ok(Expected::Events(want))) = step.prediction.as_ref().map(|p| expected(p, &subject)) else {
            return m;
        };
        for &e in &want {
            m.events[e as usize] =
                Some(if picked.contains(&e) { EventMark::Right } else { EventMark::Missed });
        }
        for &e in picked.iter().filter(|e| want.binary_search(e).is_err()) {
            m.events[e as usize] = Some(EventMark::Wrong);
        }
        m
    }

    /// The kinds of mark on the diagram (the legend explains each).
    pub fn kinds(&self) -> Vec<EventMark> {
        let mut kinds: Vec<EventMark> = self.events.iter().flatten().copied().collect();
        kinds.sort_by_key(|k| *k as u8);
        kinds.dedup();
        kinds
    }
}
