//! The Berkeley algorithm (R. Gusella and S. Zatti, "The accuracy of the
//! clock synchronization achieved by TEMPO in Berkeley UNIX 4.3BSD", IEEE
//! Transactions on Software Engineering 15(7), 1989): no clock is taken to
//! be right; the machines agree among themselves.
//!
//! Every `poll` seconds the master asks each machine it lists for its
//! clock and estimates, from the round trip as Cristian does, each one's
//! difference from its own: Δᵢ = Tᵢ + RTTᵢ/2 − T4ᵢ (its own is 0). It then
//! takes a **fault-tolerant average**: the largest set of clocks that lie
//! within `threshold` of one another (on a tie, the set holding the
//! master's own clock, then the narrowest), so one clock far off cannot
//! drag the others; the rest are outliers. Each machine, outliers
//! included, is sent its own **correction**, average − Δᵢ, not a time:
//! a relative correction is not spoilt by the time the message takes.
//!
//! A machine adds a positive correction at once (a step forward) and
//! slews a negative one at the constants' slew rate: time never runs
//! backwards, so no event is ever stamped earlier than one before it.
//! Machines that do not answer within `timeout` are left out of the round.

use super::cristian::least_delay;
use super::discipline::{secs, Decision, Kind};
use super::report::Round;
use super::scenario::Scenario;
use super::world::{Handlers, Payload, ServerInfo, Timer, World};
use crate::core::sim::NodeId;

#[derive(Clone, Debug)]
struct Master {
    machines: Vec<NodeId>,
    /// Each machine's request in flight (its T1).
    waiting: Vec<Option<f64>>,
    /// Each machine's estimated difference this round.
    differences: Vec<Option<f64>>,
    open: bool,
}

/// Berkeley over a scenario's nodes: one master.
pub(crate) struct Berkeley {
    master: Option<(NodeId, Master)>,
    threshold: f64,
    slew_ppm: f64,
}

/// The largest set of `values` within `threshold` of one another (index
/// 0 is the master's own): on a tie the one holding index 0, then the
/// narrowest, then the lowest. Returns the indices, in `values`' order.
pub fn fault_tolerant(values: &[f64], threshold: f64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]).then(a.cmp(&b)));
    let mut best: Option<(usize, usize)> = None;
    let mut end = 0;
    for start in 0..order.len() {
        end = end.max(start);
        while end + 1 < order.len() && values[order[end + 1]] - values[order[start]] <= threshold {
            end += 1;
        }
        let better = |(s, e): (usize, usize)| {
            let key = |s: usize, e: usize| {
                let count = e - s + 1;
                let has_master = order[s..=e].contains(&0);
                (count, has_master, -(values[order[e]] - values[order[s]]))
            };
            key(start, end).partial_cmp(&key(s, e)) == Some(std::cmp::Ordering::Greater)
        };
        if best.is_none_or(better) {
            best = Some((start, end));
        }
    }
    let Some((s, e)) = best else { return Vec::new() };
    let mut chosen: Vec<usize> = order[s..=e].to_vec();
    chosen.sort_unstable();
    chosen
}

impl Berkeley {
    pub fn new(s: &Scenario) -> Berkeley {
        let master = (0..s.nodes.len()).find(|&n| !s.sync[n].is_empty()).map(|n| {
            let machines = s.sync[n].clone();
            let k = machines.len();
            (n, Master { machines, waiting: vec![None; k], differences: vec![None; k], open: false })
        });
        Berkeley { master, threshold: s.threshold, slew_ppm: s.constants.max_slew_ppm }
    }

    /// Each node's first status.
    pub fn first(&self, nodes: usize) -> Vec<&'static str> {
        (0..nodes)
            .map(|n| if self.master.as_ref().is_some_and(|(m, _)| *m == n) { "master" } else { "free" })
            .collect()
    }

    fn round(&mut self, w: &mut World<'_>, n: NodeId) {
        let Some((_, m)) = self.master.as_mut().filter(|(id, _)| *id == n) else { return };
        let t1 = w.stamp(n);
        m.open = true;
        for (i, &machine) in m.machines.iter().enumerate() {
            (m.waiting[i], m.differences[i]) = (Some(t1), None);
            w.send(n, machine, Payload::Request { t1 });
        }
        w.set_timer(n, Timer::Round, w.s.timeout);
        w.set_timer(n, Timer::Poll, w.s.poll);
    }

    fn reply(&mut self, w: &mut World<'_>, n: NodeId, msg: usize) {
        let Some((_, m)) = self.master.as_mut().filter(|(id, _)| *id == n) else { return };
        let Payload::Reply { t1, .. } = w.messages[msg].payload else { return };
        let Some(i) = m.machines.iter().position(|&x| x == w.messages[msg].from) else { return };
        let t4 = w.stamp(n);
        let stamps = w.stamps(msg, t4);
        let (difference, rtt) = (stamps.cristian_offset(), stamps.round_trip());
        let accuracy = rtt / 2.0 - least_delay(w.s, n, m.machines[i]);
        let late = m.waiting[i] != Some(t1) || !m.open;
        w.exchange(msg, t4, (difference, rtt), Some(accuracy), late.then_some("late"));
        if late {
            return;
        }
        (m.waiting[i], m.differences[i]) = (None, Some(difference));
        if m.waiting.iter().all(Option::is_none) {
            w.cancel_timer(n, Timer::Round);
            self.average(w, n);
        }
    }

    /// The round's fault-tolerant average, and each clock's correction.
    fn average(&mut self, w: &mut World<'_>, n: NodeId) {
        let Some((_, m)) = self.master.as_mut().filter(|(id, _)| *id == n) else { return };
        if !m.open {
            return;
        }
        m.open = false;
        let mut clocks = vec![(n, 0.0)];
        clocks.extend(m.machines.iter().zip(&m.differences).filter_map(|(&x, d)| d.map(|d| (x, d))));
        let values: Vec<f64> = clocks.iter().map(|&(_, d)| d).collect();
        let kept = fault_tolerant(&values, self.threshold);
        let average = kept.iter().map(|&i| values[i]).sum::<f64>() / kept.len() as f64;
        let corrections: Vec<(NodeId, f64)> = clocks.iter().map(|&(x, d)| (x, average - d)).collect();
        let rule = format!(
            "Berkeley: the average of {} clocks within {} of one another (of {})",
            kept.len(),
            secs(self.threshold),
            clocks.len()
        );
        for &(x, c) in &corrections[1..] {
            w.send(n, x, Payload::Correction { amount: c });
        }
        self.correct(w, n, corrections[0].1, &rule);
        w.out.rounds.push(Round {
            master: n,
            at: w.now,
            differences: clocks.clone(),
            average,
            included: kept.iter().map(|&i| clocks[i].0).collect(),
            outliers: (0..clocks.len()).filter(|i| !kept.contains(i)).map(|i| clocks[i].0).collect(),
            corrections,
        });
    }

    /// Applies a correction: forward at once, backward by slewing.
    fn correct(&self, w: &mut World<'_>, n: NodeId, amount: f64, why: &str) {
        let decision = if amount > 0.0 {
            Decision::new(Kind::Step, amount, format!("{why}; positive: step forward"))
        } else if amount < 0.0 {
            let rule = format!("{why}; negative: slew at {} ppm, never rewinding the clock", self.slew_ppm);
            Decision::slew(amount, self.slew_ppm, rule)
        } else {
            Decision::new(Kind::None, 0.0, format!("{why}; no correction"))
        };
        w.adjust(n, decision);
        w.show(n, "synchronised");
    }
}

impl Handlers for Berkeley {
    fn start(&mut self, w: &mut World<'_>, n: NodeId) {
        self.round(w, n);
    }

    fn timer(&mut self, w: &mut World<'_>, n: NodeId, timer: Timer) {
        match timer {
            Timer::Poll => self.round(w, n),
            Timer::Round => self.average(w, n),
            _ => {}
        }
    }

    fn receive(&mut self, w: &mut World<'_>, m: usize) {
        let to = w.messages[m].to;
        match w.messages[m].payload {
            Payload::Correction { amount } => {
                self.correct(w, to, amount, "Berkeley: the master's correction");
            }
            _ => self.reply(w, to, m),
        }
    }

    fn info(&self, _: &World<'_>, _: NodeId) -> ServerInfo {
        ServerInfo { stratum: 1, root_delay: 0.0, root_dispersion: 0.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::fault_tolerant;

    #[test]
    fn the_average_keeps_the_largest_agreeing_set() {
        // The master (0), two close machines, one far ahead.
        assert_eq!(fault_tolerant(&[0.0, 0.02, -0.03, 3.0], 0.1), [0, 1, 2]);
        // One against one: the master's side.
        assert_eq!(fault_tolerant(&[0.0, 5.0], 0.1), [0]);
        assert_eq!(fault_tolerant(&[0.0, 0.05, 0.12], 0.1), [0, 1]);
    }
}
