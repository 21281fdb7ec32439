//! Causality quizzes: a diagram drawn from a seed, four questions about it
//! (every event's Lamport clock, every event's vector clock, the events
//! concurrent with a chosen one, Lamport's total order) and every answer.
//! Everything follows from (seed, level), so a seed a lecturer hands out
//! gives every student, the page and a grader the same quiz; marking is
//! here too, so they all mark alike.
//!
//! The JSON form (`lightcone quiz`):
//!
//! ```json
//! {"seed": 7, "level": 2,
//!  "trace": {"processes": ["A", "B"], "events": [...]},
//!  "questions": [{"kind": "lamport", "ask": "…"}, …,
//!                {"kind": "concurrent", "ask": "…", "event": "b2"}, …],
//!  "answers": {"lamport": {"a1": 1}, "vector": {"a1": {"A": 1}},
//!              "concurrent": {"a1": ["b1"]}, "order": ["a1", "b1"]}}
//! ```

mod answers;
mod draw;
mod level;
mod marking;
mod question;
pub mod reading;

pub use answers::Answers;
pub use level::Level;
pub use marking::{Departure, Given, Item, Mark, Marking, OrderMark, Pick, Score};
pub use question::{Kind, Question};

use crate::core::formats::write_trace;
use crate::core::trace::{EventIdx, Trace};
use answers::Clocks;

/// A quiz: its diagram, questions and answers.
#[derive(Clone, Debug, PartialEq)]
pub struct Quiz {
    /// The seed it was drawn from.
    pub seed: u64,
    /// Its level.
    pub level: Level,
    /// The diagram, with events named like `a1`, `b2`.
    pub trace: Trace,
    /// The questions, in the order asked: Lamport, vector, concurrent, order.
    pub questions: Vec<Question>,
    /// Every answer, for every event.
    pub answers: Answers,
}

impl Quiz {
    /// The quiz for (seed, level): always the same one, and always a good
    /// one (messages arrive, every process acts, the chosen event has an
    /// event concurrent with it).
    pub fn generate(seed: u64, level: Level) -> Quiz {
        let drawn = draw::draw(seed, level);
        let chosen = drawn.trace.event_id(drawn.chosen).to_string();
        let answers = Answers::of(&drawn.trace, &drawn.clocks);
        let questions = question::questions(&drawn.trace, &chosen);
        Quiz { seed, level, trace: drawn.trace, questions, answers }
    }

    /// The event the concurrency question asks about.
    pub fn chosen(&self) -> Option<EventIdx> {
        let question = self.questions.iter().find(|q| q.kind == Kind::Concurrent)?;
        self.trace.event_by_id(question.event.as_deref()?)
    }

    /// Marks a student's answers, every item of every question.
    pub fn mark(&self, given: &Given) -> Marking {
        marking::mark(&self.trace, &Clocks::of(&self.trace), self.chosen(), given)
    }

    /// The quiz as JSON (see the module's documentation), the trace as the
    /// trace writer writes it: the same quiz always gives the same bytes.
    pub fn to_json(&self) -> String {
        let questions: Vec<String> = self.questions.iter().map(|q| format!("  {}", json(q))).collect();
        let a = &self.answers;
        format!(
            "{{\"seed\": {}, \"level\": {},\n\"trace\": {},\n\"questions\": [\n{}\n],\n\"answers\": {{\n  \
             \"lamport\": {},\n  \"vector\": {},\n  \"concurrent\": {},\n  \"order\": {}\n}}}}\n",
            self.seed,
            self.level,
            write_trace(&self.trace).trim_end(),
            questions.join(",\n"),
            json(&a.lamport),
            json(&a.vector),
            json(&a.concurrent),
            json(&a.order),
        )
    }
}

/// One part of the quiz as JSON on one line, spaced as the trace writer
/// spaces it (`{"a1": 1, "b1": 2}`).
fn json(value: &impl serde::Serialize) -> String {
    let mut out = Vec::new();
    value
        .serialize(&mut serde_json::Serializer::with_formatter(&mut out, Spaced))
        .expect("a quiz's parts serialise");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// serde_json's compact form with a space after each `:` and `,`.
struct Spaced;

impl serde_json::ser::Formatter for Spaced {
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        w.write_all(if first { b"" } else { b", " })
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        w.write_all(if first { b"" } else { b", " })
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
}
