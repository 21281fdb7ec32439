//! The system process of RFC 5905 §11.2: from the servers fit to
//! synchronise with (the candidates), find who tells the truth, keep the
//! best of them, and combine their offsets.
//!
//! - **Selection** (§11.2.1), Marzullo's intersection algorithm as Mills
//!   modified it: each candidate's correctness interval is θ ± λ (λ its
//!   root distance). Assuming f = 0, 1, … falsetickers while f < m/2, scan
//!   the sorted endpoints from below until m − f intervals overlap (the
//!   lower end l) and from above likewise (the upper end u), counting the
//!   midpoints passed (d). Success when l < u and d ≤ f (the RFC's text
//!   writes d = f; its appendix and ntpd go on only while d > f, which is
//!   what is meant: no more midpoints outside than falsetickers allowed).
//!   The **truechimers** are the candidates whose midpoint θ lies in
//!   [l, u]; the others are **falsetickers**. ntpd 4.2.8 has since dropped
//!   the midpoints: it stops at the first f for which l < u, and a
//!   truechimer is a candidate whose interval overlaps [l, u] ("a
//!   truechimer is defined as the midpoint of an interval that overlaps
//!   the intersection interval", ntp_proto.c). The constants choose
//!   ([`Truechimers`]): an honest server behind an asymmetric route, its
//!   θ off by half the asymmetry, passes ntpd's test and can fail the
//!   RFC's.
//! - **Clustering** (§11.2.2): sort the truechimers by λ_p = stratum ·
//!   MAXDIST + λ; while more than NMIN (3) remain and the largest selection
//!   jitter ψ_s (RMS of a survivor's offset differences to the others)
//!   exceeds the smallest peer jitter, cast out the survivor with the
//!   largest ψ_s. The first left is the **system peer**.
//! - **Combining** (§11.2.3): Θ = Σ(θᵢ/λᵢ) / Σ(1/λᵢ), each survivor weighted
//!   by the reciprocal of its root distance; the peer jitter
//!   Ψ_p = √(Σ((θᵢ − θ₀)²/λᵢ) / Σ(1/λᵢ)); the system jitter
//!   Ψ = √(Ψ_s² + Ψ_p²).

use super::constants::rfc::{MAXDIST, NMIN};
use super::constants::Truechimers;

/// A server fit to synchronise with, as selection sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate {
    /// Its peer offset θ.
    pub offset: f64,
    /// Its root distance λ (half the interval's width).
    pub distance: f64,
    /// Its peer jitter ψ.
    pub jitter: f64,
    /// The stratum it announces.
    pub stratum: u32,
}

/// An endpoint of a correctness interval: lower (-1), midpoint (0) or
/// upper (+1). On a tie lower ends sort first, so touching intervals
/// overlap.
fn endpoints(candidates: &[Candidate]) -> Vec<(f64, i8)> {
    let mut list: Vec<(f64, i8)> = candidates
        .iter()
        .flat_map(|c| [(c.offset - c.distance, -1), (c.offset, 0), (c.offset + c.distance, 1)])
        .collect();
    list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    list
}

/// §11.2.1: the intersection interval [l, u] of a majority clique, and
/// the falsetickers it allowed; none when no majority agrees. With
/// [`Truechimers::Overlap`] the midpoints passed are not counted.
pub fn intersect(candidates: &[Candidate], rule: Truechimers) -> Option<(f64, f64, usize)> {
    let m = candidates.len();
    let list = endpoints(candidates);
    let mut f = 0;
    while 2 * f < m {
        let (low, below) = scan(list.iter().copied(), -1, m - f);
        let (high, above) = scan(list.iter().rev().copied(), 1, m - f);
        if let (Some(l), Some(u)) = (low, high) {
            let midpoints = rule == Truechimers::Overlap || below + above <= f;
            if midpoints && l < u {
                return Some((l, u, f));
            }
        }
        f += 1;
    }
    None
}

/// One scan from one end: the first endpoint of kind `end` where `need`
/// intervals overlap, and the midpoints passed before it.
fn scan(list: impl Iterator<Item = (f64, i8)>, end: i8, need: usize) -> (Option<f64>, usize) {
    let (mut c, mut d) = (0i64, 0);
    for (edge, kind) in list {
        match kind {
            0 => d += 1,
            k if k == end => c += 1,
            _ => c -= 1,
        }
        if kind == end && c >= need as i64 {
            return (Some(edge), d);
        }
    }
    (None, d)
}

/// Whether each candidate is a truechimer: its midpoint in [l, u] (the
/// RFC), or its interval overlapping [l, u] (ntpd).
pub fn truechimers(candidates: &[Candidate], (l, u): (f64, f64), rule: Truechimers) -> Vec<bool> {
    let true_one = |c: &Candidate| match rule {
        Truechimers::Midpoint => (l..=u).contains(&c.offset),
        Truechimers::Overlap => c.offset + c.distance >= l && c.offset - c.distance <= u,
    };
    candidates.iter().map(true_one).collect()
}

/// What clustering leaves.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// The survivors, as indices into the candidates, best first (the
    /// first is the system peer).
    pub survivors: Vec<usize>,
    /// The selection jitter Ψ_s when it stopped.
    pub jitter: f64,
}

/// §11.2.2 over the candidates listed in `truechimers` (indices).
pub fn cluster(candidates: &[Candidate], truechimers: &[usize]) -> Cluster {
    let merit = |i: usize| f64::from(candidates[i].stratum) * MAXDIST + candidates[i].distance;
    let mut v: Vec<usize> = truechimers.to_vec();
    v.sort_by(|&a, &b| merit(a).total_cmp(&merit(b)).then(a.cmp(&b)));
    loop {
        let (worst, psi_max) = selection_jitters(candidates, &v);
        let psi_min = v.iter().map(|&i| candidates[i].jitter).fold(f64::INFINITY, f64::min);
        if psi_max < psi_min || v.len() <= NMIN {
            return Cluster { survivors: v, jitter: psi_max };
        }
        v.remove(worst);
    }
}

/// The position of the survivor with the largest selection jitter, and it.
fn selection_jitters(candidates: &[Candidate], v: &[usize]) -> (usize, f64) {
    let n = v.len();
    let psi = |s: usize| {
        let sum: f64 = v.iter().map(|&j| (candidates[s].offset - candidates[j].offset).powi(2)).sum();
        if n > 1 {
            (sum / (n - 1) as f64).sqrt()
        } else {
            0.0
        }
    };
    let mut best = (0, 0.0);
    for (k, &s) in v.iter().enumerate() {
        let x = psi(s);
        if x > best.1 {
            best = (k, x);
        }
    }
    best
}

/// §11.2.3: the combined offset Θ and peer jitter Ψ_p of the survivors
/// (the first is the system peer).
pub fn combine(candidates: &[Candidate], survivors: &[usize]) -> (f64, f64) {
    let theta0 = candidates[survivors[0]].offset;
    let (mut z, mut y, mut w) = (0.0, 0.0, 0.0);
    for &i in survivors {
        let c = &candidates[i];
        z += 1.0 / c.distance;
        y += c.offset / c.distance;
        w += (c.offset - theta0).powi(2) / c.distance;
    }
    (y / z, (w / z).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(offset: f64, distance: f64) -> Candidate {
        Candidate { offset, distance, jitter: 0.001, stratum: 1 }
    }

    #[test]
    fn the_one_far_off_is_a_falseticker() {
        let cs = [c(-3.20, 0.1), c(-3.21, 0.1), c(-3.19, 0.2), c(6.8, 0.1)];
        let (l, u, f) = intersect(&cs, Truechimers::Midpoint).unwrap();
        assert_eq!(f, 1);
        assert!((l + 3.3).abs() < 1e-9 && (u + 3.11).abs() < 1e-9, "{l} {u}");
        assert_eq!(truechimers(&cs, (l, u), Truechimers::Midpoint), [true, true, true, false]);
    }

    #[test]
    fn an_honest_server_off_centre_fails_the_midpoints_not_the_overlap() {
        // The third is honest but its route is asymmetric: θ 0.085 off.
        let cs = [c(0.0, 0.03), c(0.001, 0.03), c(0.085, 0.13), c(10.0, 0.1)];
        assert_eq!(intersect(&cs, Truechimers::Midpoint), None);
        let (l, u, _) = intersect(&cs, Truechimers::Overlap).unwrap();
        assert_eq!(truechimers(&cs, (l, u), Truechimers::Overlap), [true, true, true, false]);
    }

    #[test]
    fn two_against_two_has_no_majority() {
        let cs = [c(0.0, 0.1), c(0.01, 0.1), c(5.0, 0.1), c(5.01, 0.1)];
        assert_eq!(intersect(&cs, Truechimers::Midpoint), None);
        assert_eq!(intersect(&cs, Truechimers::Overlap), None);
    }

    #[test]
    fn combining_weighs_by_the_inverse_distance() {
        let cs = [c(0.0, 0.1), c(0.3, 0.2)];
        let (theta, _) = combine(&cs, &[0, 1]);
        // Weights 10 and 5.
        assert!((theta - 0.1).abs() < 1e-12);
    }

    #[test]
    fn clustering_drops_the_outlier_above_nmin() {
        let cs = [c(0.0, 0.1), c(0.001, 0.1), c(0.002, 0.1), c(-0.001, 0.1), c(0.05, 0.1)];
        let cl = cluster(&cs, &[0, 1, 2, 3, 4]);
        assert_eq!(cl.survivors.len(), 3);
        assert!(!cl.survivors.contains(&4));
    }
}
