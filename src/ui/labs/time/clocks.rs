//! Each node's clock over the run as the diagram's second scale: readings
//! at every event of its line and at the run's ends, and both sides of
//! every jump (a step, a clock fault starting or ending), so the scale is
//! exact wherever ticks are drawn (between two events on the axis the
//! clock runs at one rate, up to a slew ending: microseconds).

use super::TimeLab;
use crate::core::diagram::local_time::LocalClock;
use crate::core::sim::Time;
use crate::core::trace::Trace;

impl TimeLab {
    /// Every node's local clock, on `trace`'s lines (`times`: its events'
    /// true times).
    pub fn local_clocks(&self, trace: &Trace, times: &[f64]) -> Vec<LocalClock> {
        let names = &self.run.outcome.names;
        (0..trace.process_count() as u32)
            .filter_map(|q| {
                let node = names.iter().position(|n| n == trace.process_name(q))?;
                let mut at: Vec<Time> = trace.process_events(q).iter().map(|&e| times[e as usize]).collect();
                at.extend([0.0, self.run.scenario.until]);
                at.sort_by(f64::total_cmp);
                at.dedup();
                let read = |t: Time| self.run.local_time(node, t);
                Some(LocalClock::sampled(q, &at, &read))
            })
            .collect()
    }
}
