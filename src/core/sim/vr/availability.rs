//! Availability, measured and in closed form. The measurement: runs in
//! which each replica stays up for an exponential time of mean MTTF
//! and down for one of mean MTTR ([`PLAN`]; crash-recovery), each run drawn on
//! its own stream of the scenario's seed; a run's availability is the
//! share of it during which a quorum of replicas were in normal status
//! (f + 1 of VR's 2f + 1, [`super::report::availability`]; 2f + 1 of
//! PBFT's 3f + 1). The closed form: with failures independent and every
//! replica up a share A = MTTF / (MTTF + MTTR) of the time, the group is
//! up when at least q of its n replicas are, Σ_{k≥q} C(n,k) A^k
//! (1−A)^(n−k) (a k-out-of-n system, as reliability texts call it).
//!
//! The measured figure sits below the closed form for two reasons the
//! closed form leaves out (docs/vr.md works the gap out): after the
//! primary crashes the others must notice and change view (§4.2), and VR
//! keeps nothing on disk, so once f + 1 replicas are down together none
//! can recover (§4.3: a recovering replica needs f + 1 in normal status to
//! answer it) and the group is down for the rest of the run.

use crate::core::sim::model::uniform;
use crate::core::sim::scenario::Fault;
use crate::core::sim::Time;
use rand_pcg::Pcg64Mcg;

/// How replicas fail and are repaired in the availability runs, and how
/// many runs of what length make the estimate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plan {
    /// A replica's mean time to failure.
    pub mttf: Time,
    /// A replica's mean time to repair.
    pub mttr: Time,
    /// Independent runs per replica count.
    pub runs: usize,
    /// Each run's length.
    pub length: Time,
}

/// `lightcone measure`'s plan: 64 runs of 1,000 units (a few milliseconds
/// each natively), each replica failing once per 1,000 units on average
/// and repaired in 10.
pub const PLAN: Plan = Plan { mttf: 1000.0, mttr: 10.0, runs: 64, length: 1000.0 };

impl Plan {
    /// One replica's steady-state availability, MTTF / (MTTF + MTTR).
    pub fn replica_availability(&self) -> f64 {
        self.mttf / (self.mttf + self.mttr)
    }
}

/// The closed form: the chance that at least `q` of `n` replicas are up
/// when each is, independently, with probability `a` (q = f + 1 for VR's
/// n = 2f + 1, 2f + 1 for PBFT's n = 3f + 1).
pub fn closed_form(n: usize, q: usize, a: f64) -> f64 {
    (q..=n).map(|k| choose(n, k) * a.powi(k as i32) * (1.0 - a).powi((n - k) as i32)).sum()
}

/// The binomial coefficient C(n, k), as a float.
fn choose(n: usize, k: usize) -> f64 {
    (0..k).fold(1.0, |c, i| c * (n - i) as f64 / (i + 1) as f64)
}

/// Nines of availability `a`: −log10(1 − a) (infinite at 1).
pub fn nines(a: f64) -> f64 {
    -(1.0 - a).log10()
}

/// Run `run`'s crashes and repairs of replicas `R1` ... `Rn` under
/// `plan`, drawn from `seed` (replica i's draws are the same whatever n,
/// so replica counts are compared on common failures).
pub fn failures(plan: &Plan, seed: u64, run: usize, n: usize) -> Vec<Fault> {
    let stream = 0x000a_5a11_ab1e_u128 + ((run as u128) << 32);
    let mut rng = Pcg64Mcg::new(u128::from(seed) << 64 | stream);
    let mut faults = Vec::new();
    let exponential = |mean: Time, rng: &mut Pcg64Mcg| -mean * (1.0 - uniform(rng)).ln();
    for r in 1..=n {
        let mut t = 0.0;
        loop {
            t += exponential(plan.mttf, &mut rng);
            if t >= plan.length {
                break;
            }
            faults.push(Fault::Crash { node: format!("R{r}"), at: t });
            t += exponential(plan.mttr, &mut rng);
            faults.push(Fault::Recover { node: format!("R{r}"), at: t });
        }
    }
    faults
}

/// An estimate from several runs: their mean, and its standard error
/// (the runs' standard deviation over √runs; 0 for a single run).
pub fn estimate(runs: &[f64]) -> (f64, f64) {
    let k = runs.len() as f64;
    let mean = runs.iter().sum::<f64>() / k;
    if runs.len() < 2 {
        return (mean, 0.0);
    }
    let var = runs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (k - 1.0);
    (mean, (var / k).sqrt())
}
