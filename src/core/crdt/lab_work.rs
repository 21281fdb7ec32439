//! How much a run costs the page, checked before it starts. A set's value
//! (G-Set, 2P-Set, OR-Set, op-based OR-Set) is rebuilt and compared at
//! every event, so a run costs about its events times the elements its
//! replicas hold: 1,000 adds over 1,200 events take 0.2 s natively, 5,000
//! over 6,000 take 4.9 s, and the lab runs each type beside its
//! counterpart. The page refuses what would freeze it; `lightcone crdt`
//! runs any size.

use super::Kind;
use super::Op;

/// The most operations × events the CRDT lab runs for a set type (about a
/// quarter of a second natively, for each of the two runs it shows).
pub const LAB_WORK: u64 = 1_500_000;

/// Whether a run of `kind` with `ops` fits the lab, or why not.
pub fn check_lab_work(kind: Kind, events: usize, ops: &[Option<Op>]) -> Result<(), String> {
    let grows = matches!(kind, Kind::GSet | Kind::TwoPSet | Kind::OrSet | Kind::OpOrSet);
    let count = ops.iter().flatten().count() as u64;
    if !grows || count.saturating_mul(events as u64) <= LAB_WORK {
        return Ok(());
    }
    Err(format!(
        "{count} operations over {events} events: a set's value is rebuilt at every event, and the lab runs at \
         most {LAB_WORK} operations × events (`lightcone crdt` runs any size)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adds(n: usize) -> Vec<Option<Op>> {
        (0..n).map(|i| Some(Op::Add(format!("x{i}")))).collect()
    }

    #[test]
    fn a_set_past_the_work_limit_is_refused_by_its_size_and_counters_are_not() {
        assert_eq!(check_lab_work(Kind::OrSet, 1_000, &adds(1_000)), Ok(()));
        assert_eq!(check_lab_work(Kind::OpOrSet, 1_500, &adds(1_000)), Ok(()));
        let refused = check_lab_work(Kind::OrSet, 2_000, &adds(1_000)).unwrap_err();
        assert!(refused.starts_with("1000 operations over 2000 events: "), "{refused}");
        assert!(refused.contains("at most 1500000 operations × events"), "{refused}");
        assert!(check_lab_work(Kind::GSet, 2_000, &adds(1_000)).is_err());
        let increments: Vec<Option<Op>> = (0..10_000).map(|_| Some(Op::Inc)).collect();
        assert_eq!(check_lab_work(Kind::GCounter, 10_000, &increments), Ok(()));
    }
}
