//! A search run a slice at a time, for a caller that has other work
//! between slices: the page's Web Worker, which must hear Cancel and
//! post its progress while it searches. Pausing changes nothing: run to
//! its end, an exploration finds what [`super::explore`] finds.

use super::frontier::Frontier;
use super::search::Search;
use super::{setting, synchronous, Bounds, Progress, Verdict};
use crate::core::sim::protocol::Protocol;
use crate::core::sim::scenario::{Scenario, Task};
use std::any::Any;

/// A search of a scenario's protocol under way.
pub struct Exploration {
    scenario: Scenario,
    bounds: Bounds,
    /// The search so far: a [`Frontier`] of the scenario's protocol, whose
    /// type only that protocol's slice knows (the protocol is chosen from
    /// the scenario at run time, and set up afresh for each slice).
    frontier: Option<Box<dyn Any>>,
    progress: Progress,
}

/// What a slice leaves: the search to go on with, or its verdict.
pub enum Slice {
    /// Not over yet: the search, to run on.
    Going(Box<Exploration>),
    /// Over: what it found.
    Over(Verdict),
}

impl Exploration {
    /// A search of `scenario` within `bounds`, not yet begun.
    pub fn new(scenario: &Scenario, bounds: &Bounds) -> Exploration {
        Exploration {
            scenario: scenario.clone(),
            bounds: *bounds,
            frontier: None,
            progress: Progress { states: 1, depth: 0 },
        }
    }

    /// How far it has got.
    pub fn progress(&self) -> Progress {
        self.progress
    }

    /// Expands up to `expansions` more states.
    pub fn run(mut self, expansions: usize) -> Slice {
        let scenario = &self.scenario;
        let slice = Run { scenario, bounds: &self.bounds, frontier: &mut self.frontier, expansions };
        match scenario.protocol.with(slice) {
            Ok(verdict) => Slice::Over(verdict),
            Err(progress) => {
                self.progress = progress;
                Slice::Going(Box::new(self))
            }
        }
    }
}

/// One slice, with the scenario's protocol.
struct Run<'a> {
    scenario: &'a Scenario,
    bounds: &'a Bounds,
    frontier: &'a mut Option<Box<dyn Any>>,
    expansions: usize,
}

impl Task for Run<'_> {
    /// The verdict once the search is over, else how far it has got.
    type Out = Result<Verdict, Progress>;

    fn run<P: Protocol>(self, p: &P) -> Self::Out {
        let (env, inputs) = setting(p, self.scenario);
        let search = Search::new(&env, &inputs, self.bounds, synchronous(self.scenario));
        let boxed = self.frontier.get_or_insert_with(|| Box::new(search.start()));
        let frontier = boxed.downcast_mut::<Frontier<P>>().expect("an exploration keeps its protocol");
        if !search.advance(frontier, usize::MAX, self.expansions) {
            return Err(frontier.progress());
        }
        let done = self.frontier.take().and_then(|f| f.downcast::<Frontier<P>>().ok());
        Ok(search.verdict(*done.expect("an exploration keeps its protocol"), false))
    }
}
