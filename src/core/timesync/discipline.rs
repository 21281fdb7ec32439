//! The clock discipline of RFC 5905 §11.3, as far as stepping and
//! slewing go: what a node does with each combined offset Θ the system
//! process hands it (Figure 28's state machine without its frequency
//! states, as this lab disciplines phase only).
//!
//! - |Θ| above the **panic** threshold (1000 s): the update is refused and
//!   ntpd exits ("set clock manually"), unless started with `-g`, which
//!   lets the first update through, once.
//! - |Θ| above the **step** threshold: the first update steps at once (the
//!   NSET state: a fresh client is set straight away); later ones are
//!   ignored as a spike until |Θ| has stayed above the threshold for the
//!   **stepout** interval since the last update used, then stepped: a burst
//!   of congestion shorter than the stepout never steps the clock. With
//!   chrony's `makestep 0.1 3` a step is allowed only in the first three
//!   updates, at once.
//! - Otherwise the clock is **slewed**: the offset is taken out gradually at
//!   no more than 500 ppm, so the clock never jumps (a slew of 0.1 s takes
//!   200 s).
//!
//! Every accepted update also adapts the poll interval (§11.3's last
//! paragraph): an offset beyond PGATE (4) times the clock jitter (an
//! exponential average, weight 1/AVG, of successive offset differences)
//! takes two from a hysteresis counter, anything else adds one; at +LIMIT
//! (30) the poll interval doubles, at −LIMIT it halves, between minpoll and
//! maxpoll.

use super::constants::rfc::{AVG, LIMIT, PGATE, PRECISION};
use super::constants::Constants;

/// What a node did with an offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Set the clock at once.
    Step,
    /// Adjusted the clock gradually.
    Slew,
    /// Refused an offset over the panic threshold.
    Panic,
    /// Did nothing (a spike inside the stepout, no usable source).
    None,
}

impl Kind {
    /// Its word in the report.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Step => "step",
            Kind::Slew => "slew",
            Kind::Panic => "panic",
            Kind::None => "none",
        }
    }
}

/// A decision: what to do, with how much, and the rule that decided it.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    /// What.
    pub kind: Kind,
    /// The offset, in seconds (added to the clock by a step or slew).
    pub amount: f64,
    /// A slew's rate, in ppm, signed as the amount.
    pub rate_ppm: Option<f64>,
    /// The threshold or rule that decided it, in words.
    pub rule: String,
}

impl Decision {
    /// A decision without a rate.
    pub fn new(kind: Kind, amount: f64, rule: String) -> Decision {
        Decision { kind, amount, rate_ppm: None, rule }
    }

    /// A slew of `amount` at `ppm`.
    pub fn slew(amount: f64, ppm: f64, rule: String) -> Decision {
        Decision { kind: Kind::Slew, amount, rate_ppm: Some(ppm.copysign(amount)), rule }
    }
}

/// The state of Figure 28, frequency states left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// No update yet.
    Nset,
    /// Following its sources.
    Sync,
    /// Holding an outlier until the stepout.
    Spike,
}

/// One node's discipline.
#[derive(Clone, Debug)]
pub struct Discipline {
    constants: Constants,
    state: State,
    /// Updates received so far.
    updates: u64,
    /// The seconds counter at the last update used (stepped or slewed).
    last_used: Option<f64>,
    /// `-g`: the first update may exceed the panic threshold.
    panic_override: bool,
    /// The poll interval now, in seconds, and where it starts.
    pub poll: f64,
    first_poll: f64,
    hyster: i32,
    jitter: f64,
    last_offset: f64,
}

/// Seconds in a short form: 0.125 s, 3.2 s, 0.000412 s.
pub fn secs(x: f64) -> String {
    let text = format!("{x:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} s")
}

impl Discipline {
    /// A node that starts polling every `poll` seconds.
    pub fn new(constants: Constants, poll: f64, panic_override: bool) -> Discipline {
        Discipline {
            constants,
            state: State::Nset,
            updates: 0,
            last_used: None,
            panic_override,
            poll,
            first_poll: poll,
            hyster: 0,
            jitter: PRECISION,
            last_offset: 0.0,
        }
    }

    /// What to do with the combined offset `theta` at seconds counter `now`.
    pub fn update(&mut self, theta: f64, now: f64) -> Decision {
        self.updates += 1;
        let first = self.state == State::Nset;
        let c = &self.constants;
        let mut why = String::new();
        if c.panic > 0.0 && theta.abs() > c.panic {
            if !(self.panic_override && first) {
                self.panic_override = false;
                let rule = format!(
                    "|θ| {} > panic {}: refused; ntpd exits (§11.3)",
                    secs(theta.abs()),
                    secs(c.panic)
                );
                return Decision::new(Kind::Panic, theta, rule);
            }
            why = format!("-g lets the first update exceed panic {}; ", secs(c.panic));
        }
        self.panic_override = false;
        let decision = self.decide(theta, now, first);
        match decision.kind {
            Kind::Step => self.stepped(now),
            Kind::Slew => self.slewed(theta, now),
            _ => self.state = State::Spike,
        }
        Decision { rule: why + &decision.rule, ..decision }
    }

    /// Step, spike or slew, by the thresholds.
    fn decide(&self, theta: f64, now: f64, first: bool) -> Decision {
        let c = &self.constants;
        let (size, step) = (secs(theta.abs()), secs(c.step));
        if c.step > 0.0 && theta.abs() > c.step {
            if let Some(n) = c.step_updates {
                return if self.updates <= n {
                    let rule = format!(
                        "makestep {} {n}: |θ| {size} > {step} in update {} of the first {n}: step",
                        c.step, self.updates
                    );
                    Decision::new(Kind::Step, theta, rule)
                } else {
                    let rule = format!(
                        "makestep {} {n}: update {} is past the first {n}: slew at {} ppm",
                        c.step, self.updates, c.max_slew_ppm
                    );
                    Decision::slew(theta, c.max_slew_ppm, rule)
                };
            }
            if first {
                let rule =
                    format!("first update: |θ| {size} > step {step}: step at once (§11.3, Figure 28 NSET)");
                return Decision::new(Kind::Step, theta, rule);
            }
            let held = now - self.last_used.unwrap_or(now);
            let (held_s, stepout) = (secs(held), secs(c.stepout));
            if held >= c.stepout {
                let rule = format!("|θ| {size} > step {step} for {held_s} ≥ stepout {stepout}: step (§11.3)");
                return Decision::new(Kind::Step, theta, rule);
            }
            let rule =
                format!("spike: |θ| {size} > step {step} for {held_s} < stepout {stepout}: ignored (§11.3)");
            return Decision::new(Kind::None, theta, rule);
        }
        let rule = if c.step > 0.0 {
            format!("|θ| {size} ≤ step {step}: slew at {} ppm (§11.3)", c.max_slew_ppm)
        } else {
            format!("step threshold 0 (never step): slew at {} ppm", c.max_slew_ppm)
        };
        Decision::slew(theta, c.max_slew_ppm, rule)
    }

    /// After a step the node starts over (§11.2.3), its poll as at start.
    fn stepped(&mut self, now: f64) {
        self.state = State::Sync;
        self.last_used = Some(now);
        self.poll = self.first_poll;
        self.hyster = 0;
        self.jitter = PRECISION;
        self.last_offset = 0.0;
    }

    /// After a slew: the clock jitter and the poll interval's hysteresis.
    fn slewed(&mut self, theta: f64, now: f64) {
        self.state = State::Sync;
        self.last_used = Some(now);
        let d = (theta - self.last_offset).abs().max(PRECISION);
        let j2 = self.jitter.powi(2);
        self.jitter = (j2 + (d * d - j2) / AVG).sqrt();
        self.last_offset = theta;
        self.hyster += if theta.abs() > PGATE * self.jitter { -2 } else { 1 };
        let (min, max) = self.constants.poll_range();
        if self.hyster >= LIMIT {
            self.poll = (self.poll * 2.0).min(max);
            self.hyster = 0;
        } else if self.hyster <= -LIMIT {
            self.poll = (self.poll / 2.0).max(min);
            self.hyster = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ntpd() -> Discipline {
        Discipline::new(Constants::preset("ntpd").unwrap(), 16.0, false)
    }

    #[test]
    fn the_first_update_steps_later_ones_wait_for_the_stepout() {
        let mut d = ntpd();
        assert_eq!(d.update(0.5, 64.0).kind, Kind::Step);
        assert_eq!(d.update(0.01, 128.0).kind, Kind::Slew);
        assert_eq!(d.update(0.5, 200.0).kind, Kind::None);
        assert_eq!(d.update(0.5, 400.0).kind, Kind::None);
        // 300 s since the last update used, at 128.
        assert_eq!(d.update(0.5, 428.0).kind, Kind::Step);
    }

    #[test]
    fn an_inlier_ends_a_spike() {
        let mut d = ntpd();
        d.update(0.01, 64.0);
        assert_eq!(d.update(0.3, 100.0).kind, Kind::None);
        assert_eq!(d.update(0.02, 116.0).kind, Kind::Slew);
        assert_eq!(d.update(0.3, 400.0).kind, Kind::None);
    }

    #[test]
    fn panic_is_refused_unless_overridden_once() {
        let mut d = ntpd();
        assert_eq!(d.update(2000.0, 64.0).kind, Kind::Panic);
        let mut g = Discipline::new(Constants::preset("ntpd").unwrap(), 16.0, true);
        assert_eq!(g.update(-2000.0, 64.0).kind, Kind::Step);
        assert_eq!(g.update(2000.0, 2000.0).kind, Kind::Panic);
    }

    #[test]
    fn chrony_steps_only_in_its_first_three_updates() {
        let mut d = Discipline::new(Constants::preset("chrony").unwrap(), 16.0, false);
        assert_eq!(d.update(0.01, 16.0).kind, Kind::Slew);
        assert_eq!(d.update(0.5, 32.0).kind, Kind::Step);
        assert_eq!(d.update(0.01, 48.0).kind, Kind::Slew);
        let late = d.update(0.5, 64.0);
        assert_eq!((late.kind, late.rate_ppm), (Kind::Slew, Some(500.0)));
    }

    #[test]
    fn a_steady_offset_lengthens_the_poll() {
        let mut d = ntpd();
        for k in 0..200 {
            d.update(1e-7, 16.0 * k as f64);
        }
        assert!(d.poll > 16.0 && d.poll <= 1024.0, "{}", d.poll);
    }
}
