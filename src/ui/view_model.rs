//! What the diagram highlights, looked up by index while rendering: the
//! selected event's light cone, the proof of a relation, the edges where a
//! Lamport rule breaks the clock condition. Computed from the core's answers
//! once per change, never per element.

use super::scene::Scene;
use crate::core::causality::{Cone, Hop, Relation};
use crate::core::trace::Via;
use crate::core::{Analysis, EventIdx, MessageIdx};
use std::collections::HashSet;

/// The relation of the selected event to a second one, with its proof.
#[derive(Debug, PartialEq)]
pub struct Proof {
    pub a: EventIdx,
    pub b: EventIdx,
    pub relation: Relation,
    /// Events on the happened-before chain.
    pub events: HashSet<EventIdx>,
    /// Messages on the chain.
    pub messages: HashSet<MessageIdx>,
}

impl Proof {
    pub fn new(scene: &Scene, analysis: &Analysis, a: EventIdx, b: EventIdx) -> Self {
        let trace = &scene.placed.trace;
        let causality = analysis.causality(trace);
        let relation = causality.relation(a, b);
        let hops: &[Hop] = match &relation {
            Relation::Before(h) | Relation::After(h) => h,
            _ => &[],
        };
        let events = causality.chain_events(hops).into_iter().collect();
        let messages = hops
            .iter()
            .filter_map(|h| match h {
                Hop::Via { via: Via::Message(m), .. } => Some(*m),
                _ => None,
            })
            .collect();
        Proof { a, b, relation, events, messages }
    }

    /// "a → d", "b ∥ c" or "a = a".
    pub fn statement(&self, scene: &Scene) -> String {
        let t = &scene.placed.trace;
        let (a, b) = (t.event_id(self.a), t.event_id(self.b));
        match self.relation {
            Relation::Same => format!("{a} = {b}"),
            Relation::Before(_) => format!("{a} → {b}"),
            Relation::After(_) => format!("{b} → {a}"),
            Relation::Concurrent(_) => format!("{a} ∥ {b}"),
        }
    }

    /// For concurrent events: the process entry to emphasise in each
    /// event's vector label.
    pub fn witness_entry(&self, e: EventIdx) -> Option<usize> {
        match &self.relation {
            Relation::Concurrent(w) if e == self.a || e == self.b => {
                Some(if e == self.a { w.a_entry.0 as usize } else { w.b_entry.0 as usize })
            }
            _ => None,
        }
    }
}

/// Where the current Lamport rule breaks the clock condition.
#[derive(Debug, Default, PartialEq)]
pub struct Broken {
    pub messages: HashSet<MessageIdx>,
    /// Program-order steps (earlier, later) on one process.
    pub steps: Vec<(EventIdx, EventIdx)>,
    /// Fork and join connectors (earlier, later).
    pub links: Vec<(EventIdx, EventIdx)>,
}

impl Broken {
    pub fn new(analysis: &Analysis) -> Self {
        let mut broken = Broken::default();
        for v in &analysis.violations {
            match v.via {
                Some(Via::Message(m)) => {
                    broken.messages.insert(m);
                }
                // A fork or join edge is drawn as a connector between lines.
                Some(_) => broken.links.push((v.before, v.after)),
                None => broken.steps.push((v.before, v.after)),
            }
        }
        broken
    }
}

/// The light cone of `e` as the `data-cone` word of every event.
pub fn cone_words(analysis: &Analysis, scene: &Scene, e: EventIdx) -> Vec<&'static str> {
    let cones = analysis.causality(&scene.placed.trace).cone(e);
    cones
        .into_iter()
        .map(|c| match c {
            Cone::Itself => "self",
            Cone::Past => "past",
            Cone::Future => "future",
            Cone::Concurrent => "concurrent",
        })
        .collect()
}

/// The events the search finds (see [`crate::core::editor::Document::find`]).
pub fn found(scene: &Scene, text: &str) -> Vec<EventIdx> {
    scene.document.find(&scene.placed.trace, text)
}

/// How each event is highlighted in an exported picture: the selected
/// event's light cone, else what the search found.
pub fn marks(cone: Option<&[&str]>, found: &[EventIdx], events: usize) -> Vec<crate::core::render::Mark> {
    use crate::core::render::Mark;
    let mut marks = vec![Mark::Plain; if cone.is_some() || !found.is_empty() { events } else { 0 }];
    for &e in found {
        marks[e as usize] = Mark::Found;
    }
    for (mark, word) in marks.iter_mut().zip(cone.into_iter().flatten()) {
        *mark = match *word {
            "self" => Mark::Selected,
            "past" => Mark::Past,
            "future" => Mark::Future,
            "concurrent" => Mark::Concurrent,
            _ => *mark,
        };
    }
    marks
}
