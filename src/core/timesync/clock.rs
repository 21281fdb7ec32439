//! A node's clock as its software reads it: the physical clock
//! ([`crate::core::sim::clock::Clock`]: offset, drift, wander) plus the
//! corrections the node has applied (steps, and slews at a bounded rate)
//! plus any clock fault in force (a falseticker's error, a jump).
//!
//! A new correction replaces what is left of a slew in progress, as
//! `adjtime()` does: the offset it was computed from was measured on the
//! clock as it then was. The physical reading alone is the node's
//! monotonic seconds counter (RFC 5905's c.t): timers and the discipline's
//! intervals run on it, so a step never moves them.

use crate::core::sim::clock::Clock;
use crate::core::sim::Time;

/// One correction, from its start until the next one.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Segment {
    /// When it starts (true time).
    from: Time,
    /// The total correction at its start.
    base: f64,
    /// Slew rate in seconds per second of true time (0: a step).
    rate: f64,
    /// When the slew ends.
    until: Time,
}

/// A clock fault: from `from` until `until` the clock reads `offset` more.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Error {
    from: Time,
    until: Option<Time>,
    offset: f64,
}

/// A node's software clock over a run.
#[derive(Clone, Debug, PartialEq)]
pub struct SoftClock {
    physical: Clock,
    segments: Vec<Segment>,
    errors: Vec<Error>,
}

impl SoftClock {
    /// A clock that reads `physical` until corrected.
    pub fn new(physical: Clock) -> SoftClock {
        SoftClock { physical, segments: Vec::new(), errors: Vec::new() }
    }

    /// The monotonic seconds counter at true time `t` (the physical clock).
    pub fn counter(&self, t: Time) -> f64 {
        self.physical.read(t)
    }

    /// The true time at which the counter, read at `now`, has advanced by
    /// `local` seconds.
    pub fn after(&self, now: Time, local: f64) -> Time {
        self.physical.after(now, local)
    }

    /// The node's clock at true time `t`.
    pub fn read(&self, t: Time) -> f64 {
        self.physical.read(t) + self.correction(t) + self.error(t)
    }

    /// Everything the node has corrected by true time `t`.
    pub fn correction(&self, t: Time) -> f64 {
        let i = self.segments.partition_point(|s| s.from <= t);
        let Some(s) = i.checked_sub(1).map(|i| self.segments[i]) else { return 0.0 };
        s.base + s.rate * (t.min(s.until) - s.from)
    }

    /// The clock fault in force at `t`.
    fn error(&self, t: Time) -> f64 {
        let on = |e: &&Error| e.from <= t && e.until.is_none_or(|u| t < u);
        self.errors.iter().filter(on).map(|e| e.offset).sum()
    }

    /// Steps the clock by `amount` seconds at `t`.
    pub fn step(&mut self, t: Time, amount: f64) {
        let base = self.correction(t) + amount;
        self.segments.push(Segment { from: t, base, rate: 0.0, until: t });
    }

    /// Slews `amount` seconds from `t` at `ppm` parts per million; returns
    /// when the slew will end.
    pub fn slew(&mut self, t: Time, amount: f64, ppm: f64) -> Time {
        let rate = ppm.abs() / 1e6;
        let until = t + amount.abs() / rate;
        let base = self.correction(t);
        self.segments.push(Segment { from: t, base, rate: rate.copysign(amount), until });
        until
    }

    /// Adds a clock fault: `offset` seconds more from `from` until `until`.
    pub fn fault(&mut self, from: Time, until: Option<Time>, offset: f64) {
        self.errors.push(Error { from, until, offset });
    }

    /// Whether a slew is still going at `t`.
    pub fn slewing(&self, t: Time) -> bool {
        self.segments.last().is_some_and(|s| s.rate != 0.0 && t < s.until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::sim::model::ClockSpec;

    fn clock(offset: f64, drift_ppm: f64) -> SoftClock {
        let spec = ClockSpec { offset, drift_ppm, wander_ppm: 0.0 };
        SoftClock::new(Clock::new(&spec, 1, 0, 100.0))
    }

    #[test]
    fn steps_jump_and_slews_ramp_at_their_rate() {
        let mut c = clock(1.0, 0.0);
        assert_eq!(c.read(10.0), 11.0);
        c.step(10.0, -0.5);
        assert_eq!(c.read(10.0), 10.5);
        // 0.01 s at 500 ppm takes 20 s.
        let end = c.slew(20.0, -0.01, 500.0);
        assert_eq!(end, 40.0);
        assert!((c.read(30.0) - (30.5 - 0.005)).abs() < 1e-12);
        assert!((c.read(50.0) - (50.5 - 0.01)).abs() < 1e-12);
        // Earlier readings are unchanged by later corrections.
        assert_eq!(c.read(5.0), 6.0);
    }

    #[test]
    fn a_new_correction_replaces_the_rest_of_a_slew() {
        let mut c = clock(0.0, 0.0);
        c.slew(0.0, 1.0, 500.0); // 2000 s
        c.slew(100.0, 0.001, 500.0); // 0.05 s done by then; 2 s more
        assert!((c.correction(1000.0) - 0.051).abs() < 1e-12);
        assert!(!c.slewing(1000.0));
    }

    #[test]
    fn faults_add_for_their_window_only() {
        let mut c = clock(0.0, 100.0);
        c.fault(10.0, Some(20.0), 5.0);
        assert!((c.read(15.0) - (15.0015 + 5.0)).abs() < 1e-12);
        assert!((c.read(25.0) - 25.0025).abs() < 1e-12);
        assert_eq!(c.counter(15.0), 15.0015);
    }
}
