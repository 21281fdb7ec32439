//! Per-node physical clocks: a reading that starts `offset` away from true
//! time and runs `drift_ppm` parts per million fast (or slow), optionally
//! wandering: the rate then changes at every whole unit of true time by up
//! to `wander_ppm` either way (a seeded random walk), as oscillators do
//! with temperature (Mills, "Computer Network Time Synchronization", ch. 2
//! and 12). Handlers read their node's clock and set timers in its units.
//!
//! Without wander the reading is exactly `offset + (1 + drift) * t`, with
//! `drift = drift_ppm / 1e6`; a clock with neither offset nor drift reads
//! true time exactly.

use super::model::ClockSpec;
use super::{NodeId, Time};
use rand_core::Rng;
use rand_pcg::Pcg64Mcg;

/// One node's clock over a run.
#[derive(Clone, Debug, PartialEq)]
pub struct Clock {
    offset: Time,
    /// Local units per unit of true time.
    rate: f64,
    /// With wander: the rate during each whole unit of true time, and the
    /// local time elapsed before it.
    steps: Vec<(f64, Time)>,
}

impl Clock {
    /// A clock that reads true time.
    pub fn perfect() -> Clock {
        Clock { offset: 0.0, rate: 1.0, steps: Vec::new() }
    }

    /// A clock as specified, for node `node` of a run seeded with `seed`
    /// that lasts until `horizon` (later, the wander stops).
    pub fn new(spec: &ClockSpec, seed: u64, node: NodeId, horizon: Time) -> Clock {
        let rate = 1.0 + spec.drift_ppm / 1e6;
        let mut clock = Clock { offset: spec.offset, rate, steps: Vec::new() };
        if spec.wander_ppm > 0.0 {
            // Its own generator, so clocks never change the run's other choices.
            let mut rng = Pcg64Mcg::new(u128::from(seed) << 64 | 0xc10c_0000 | node as u128);
            let mut elapsed = 0.0;
            for _ in 0..=(horizon.max(0.0).ceil() as usize) {
                let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0;
                let r = rate + u * spec.wander_ppm / 1e6;
                clock.steps.push((r, elapsed));
                elapsed += r;
            }
        }
        clock
    }

    /// The reading at true time `t`.
    pub fn read(&self, t: Time) -> Time {
        if self.steps.is_empty() {
            return self.offset + self.rate * t;
        }
        let (k, (r, before)) = self.step_at(t);
        self.offset + before + r * (t - k as f64)
    }

    /// The true time at which the clock, read at true time `now`, has
    /// advanced by `local` units.
    pub fn after(&self, now: Time, local: Time) -> Time {
        if self.steps.is_empty() {
            return now + local / self.rate;
        }
        let target = self.read(now) - self.offset + local;
        let (mut k, _) = self.step_at(now);
        while k + 1 < self.steps.len() && self.steps[k + 1].1 <= target {
            k += 1;
        }
        let (r, before) = self.steps[k];
        (k as f64 + (target - before) / r).max(now)
    }

    /// The unit of true time holding `t` (the last one past the horizon).
    fn step_at(&self, t: Time) -> (usize, (f64, Time)) {
        let k = (t.max(0.0).floor() as usize).min(self.steps.len() - 1);
        (k, self.steps[k])
    }
}
