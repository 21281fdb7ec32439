//! The clock filter of RFC 5905 §10: each association keeps its last
//! eight samples (θ, δ, ε, t) in a shift register, newest first, empty
//! stages holding the dummy (0, MAXDISP, MAXDISP). On every run:
//!
//! - every older stage's dispersion ε grows by PHI (15 ppm) times the time
//!   since the last run (§9.2: ε(t) = ε(t₀) + PHI·(t − t₀)), up to MAXDISP;
//! - the valid stages (ε < MAXDISP) are sorted by delay and the one of
//!   **least delay** is chosen: the delay bounds the error, so the fastest
//!   round trip says the most (the wedge scattergram of Mills's notes);
//! - the peer dispersion is Σ εᵢ / 2^(i+1) over the sorted stages, and the
//!   jitter ψ the RMS of the chosen offset's differences to the other valid
//!   ones, at least the system precision;
//! - the chosen sample is used only if it is newer than the last one used
//!   ("if the first tuple epoch t₀ is not later than the last valid sample
//!   epoch tp, the routine exits"): a sample is never used twice.
//!
//! Offsets are read as of the filter's run: a sample measured before the
//! node slewed its own clock is corrected by what it slewed since (the
//! client knows what it did to its clock, and chrony does the same). A step
//! empties the register (§11.2.3: after a step all associations are reset).

use super::constants::rfc::{MAXDISP, NSTAGE, PHI, PRECISION};
use crate::core::sim::Time;

/// One stage of the register.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    /// θ as measured.
    pub offset: f64,
    /// δ, at least the precision.
    pub delay: f64,
    /// ε.
    pub dispersion: f64,
    /// The client's seconds counter at arrival.
    pub epoch: f64,
    /// True time of arrival (for the report only).
    pub at: Time,
    /// The client's total correction when it was measured.
    pub correction: f64,
}

impl Sample {
    /// An empty stage.
    pub fn dummy() -> Sample {
        Sample { offset: 0.0, delay: MAXDISP, dispersion: MAXDISP, epoch: 0.0, at: 0.0, correction: 0.0 }
    }

    /// A real sample, not an empty stage or one aged past MAXDISP.
    pub fn valid(&self) -> bool {
        self.dispersion < MAXDISP
    }
}

/// What one run of the filter chose.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Chosen {
    /// The stage chosen (0 is the newest).
    pub stage: usize,
    /// Its offset, as of the run.
    pub offset: f64,
    /// Its delay.
    pub delay: f64,
    /// The peer dispersion.
    pub dispersion: f64,
    /// The peer jitter ψ.
    pub jitter: f64,
    /// Its epoch.
    pub epoch: f64,
}

/// One association's register.
#[derive(Clone, Debug, PartialEq)]
pub struct Filter {
    /// The stages, newest first.
    pub stages: [Sample; NSTAGE],
    /// The counter at the last run.
    last: Option<f64>,
}

impl Default for Filter {
    fn default() -> Self {
        Filter { stages: [Sample::dummy(); NSTAGE], last: None }
    }
}

impl Filter {
    /// Ages the stages to counter `now` and shifts `sample` in, dropping
    /// the oldest.
    pub fn shift(&mut self, sample: Sample, now: f64) {
        let grow = PHI * (now - self.last.unwrap_or(now)).max(0.0);
        self.last = Some(now);
        for s in &mut self.stages {
            s.dispersion = (s.dispersion + grow).min(MAXDISP);
        }
        self.stages.rotate_right(1);
        self.stages[0] = sample;
    }

    /// The stages in the order §10 ranks them: valid ones by increasing
    /// delay (the newer first on a tie), then the empty ones.
    pub fn order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..NSTAGE).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&self.stages[a], &self.stages[b]);
            y.valid().cmp(&x.valid()).then(x.delay.total_cmp(&y.delay)).then(a.cmp(&b))
        });
        order
    }

    /// The minimum-delay valid stage and the peer statistics, with offsets
    /// read as of a total correction `correction_now`; none if no stage is
    /// valid.
    pub fn choose(&self, correction_now: f64) -> Option<Chosen> {
        let order = self.order();
        let first = self.stages[order[0]];
        if !first.valid() {
            return None;
        }
        let now = |s: &Sample| s.offset - (correction_now - s.correction);
        let dispersion =
            order.iter().enumerate().map(|(i, &k)| self.stages[k].dispersion / 2f64.powi(i as i32 + 1));
        let valid: Vec<f64> = order.iter().map(|&k| &self.stages[k]).filter(|s| s.valid()).map(now).collect();
        let theta = valid[0];
        let squares: f64 = valid[1..].iter().map(|x| (theta - x).powi(2)).sum();
        let jitter = if valid.len() > 1 { (squares / (valid.len() - 1) as f64).sqrt() } else { 0.0 };
        Some(Chosen {
            stage: order[0],
            offset: theta,
            delay: first.delay,
            dispersion: dispersion.sum(),
            jitter: jitter.max(PRECISION),
            epoch: first.epoch,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(offset: f64, delay: f64, epoch: f64) -> Sample {
        Sample { offset, delay, dispersion: 0.001, epoch, at: epoch, correction: 0.0 }
    }

    #[test]
    fn the_least_delay_is_chosen_and_empty_stages_weigh_in_dispersion() {
        let mut f = Filter::default();
        assert_eq!(f.choose(0.0), None);
        f.shift(sample(0.010, 0.040, 16.0), 16.0);
        f.shift(sample(0.002, 0.020, 32.0), 32.0);
        f.shift(sample(0.008, 0.030, 48.0), 48.0);
        let c = f.choose(0.0).unwrap();
        assert_eq!((c.stage, c.offset, c.delay, c.epoch), (1, 0.002, 0.020, 32.0));
        // Five empty stages at MAXDISP, after three real ones.
        let empty: f64 = (4..=8).map(|i| MAXDISP / 2f64.powi(i)).sum();
        assert!((c.dispersion - empty).abs() < 0.01, "{}", c.dispersion);
        let rms = (((0.002f64 - 0.008).powi(2) + (0.002f64 - 0.010).powi(2)) / 2.0).sqrt();
        assert!((c.jitter - rms).abs() < 1e-12);
    }

    #[test]
    fn offsets_are_read_after_the_clients_own_slews() {
        let mut f = Filter::default();
        f.shift(sample(0.050, 0.02, 0.0), 0.0);
        // The client has slewed 0.03 s since: 0.02 s is left.
        assert!((f.choose(0.03).unwrap().offset - 0.02).abs() < 1e-12);
    }
}
