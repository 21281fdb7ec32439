//! Vector clocks stored as their non-zero entries (the form the core picks
//! for many processes) against the whole rows and the brute-force
//! definition of happened-before, and traces of very many processes that
//! used to be allocated as events × processes.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::reachability;
use lightcone::core::clocks::VectorClocks;
use lightcone::core::{Causality, EventKind, EventSpec, Trace, TraceBuilder};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Few processes, with forks and joins: sparse rows hold exactly the
    /// whole rows' non-zero entries, and answer happened-before as the
    /// definition does.
    #[test]
    fn sparse_rows_are_the_whole_rows(t in common::strategy::trace(6, 40, 1)) {
        check(&t)?;
    }

    /// Many processes (the sparse form's use), few of them heard of by
    /// any one event.
    #[test]
    fn sparse_rows_over_many_processes_follow_the_definition(t in common::strategy::trace(90, 60, 1)) {
        check(&t)?;
    }
}

fn check(t: &Trace) -> Result<(), TestCaseError> {
    let (sparse, dense) = (VectorClocks::compute_sparse(t).unwrap(), VectorClocks::compute(t).unwrap());
    prop_assert!(sparse.is_sparse());
    let reach = reachability(t);
    let c = Causality::new(t, &sparse);
    for x in 0..t.event_count() as u32 {
        let row = sparse.of(x);
        prop_assert_eq!(row.to_vec(), dense.of(x).to_vec());
        prop_assert!(row.nonzero().all(|(_, n)| n > 0));
        for p in 0..t.process_count() as u32 {
            prop_assert_eq!(sparse.entry(x, p), dense.entry(x, p));
        }
        for y in 0..t.event_count() as u32 {
            prop_assert_eq!(c.happened_before(x, y), reach[x as usize][y as usize]);
        }
        let mut past = c.past(x);
        past.sort_unstable();
        let want: Vec<u32> = (0..t.event_count() as u32).filter(|&y| reach[y as usize][x as usize]).collect();
        prop_assert_eq!(past, want);
    }
    Ok(())
}

/// `n` processes with one local event each, and one more process whose
/// event receives from the first `k` of them.
pub fn wide(n: usize, k: usize) -> Trace {
    let mut b = TraceBuilder::with_capacity(n + 1);
    let names: Vec<String> = (0..=n).map(|i| format!("p{i}")).collect();
    for name in &names {
        b.process(name).unwrap();
    }
    let messages: Vec<String> = (0..k).map(|i| format!("m{i}")).collect();
    for (i, name) in names[..n].iter().enumerate() {
        let id = format!("e{i}");
        let sent: Vec<&str> = messages.get(i).map(String::as_str).into_iter().collect();
        let kind = if sent.is_empty() { EventKind::Local } else { EventKind::Send };
        b.event(&EventSpec::new(&id, name, kind, &sent)).unwrap();
    }
    let all: Vec<&str> = messages.iter().map(String::as_str).collect();
    b.event(&EventSpec::new("last", &names[n], EventKind::Receive, &all)).unwrap();
    b.build().unwrap()
}

/// 100,000 processes with one event each asked for 40 GB as whole rows
/// (and aborted); sparse, they take one entry per event, plus the last
/// event's 1,001.
#[test]
fn a_hundred_thousand_processes_take_what_they_use() {
    let t = wide(100_000, 1000);
    let v = VectorClocks::compute(&t).unwrap();
    assert!(v.is_sparse());
    let last = t.event_by_id("last").unwrap();
    assert_eq!(v.of(last).nonzero().count(), 1001);
    assert_eq!(v.of(last).len(), 100_001);
    assert_eq!((v.entry(last, 999), v.entry(last, 1000), v.entry(last, 100_000)), (1, 0, 1));
    let c = Causality::new(&t, &v);
    assert!(c.happened_before(0, last) && !c.happened_before(1000, last));
    let stored: usize = (0..t.event_count() as u32).map(|e| v.of(e).nonzero().count()).sum();
    assert_eq!(stored, 100_000 + 1001);
}

/// The page's import of a 2.2 MB log of 100,000 hosts panicked
/// (`capacity overflow`) building whole vector rows to check the clocks,
/// and the derivation reset a row per host (10^10 steps). Now the import
/// costs its entries, and the editor refuses it by its size.
#[test]
fn a_log_of_a_hundred_thousand_hosts_imports_and_the_editor_names_its_size() {
    use lightcone::core::editor::Document;
    use lightcone::core::formats::shiviz::{import, Format};
    let mut log = String::new();
    for i in 0..100_000 {
        log.push_str(&format!("h{i} {{\"h{i}\":1}}\nstep\n"));
    }
    let start = std::time::Instant::now();
    let x = import(vec![("hosts.log".into(), log)], &Format::default(), 64 << 20).unwrap().remove(0);
    assert_eq!((x.trace.event_count(), x.trace.process_count()), (100_000, 100_000));
    assert!(start.elapsed().as_secs() < 30, "{:?}", start.elapsed());
    let err = Document::from_log(&x).unwrap_err().to_string();
    assert!(err.contains("100000 events; the editor draws at most 10000"), "{err}");
}

/// The editor checks what its clocks would need before it builds anything:
/// a diagram past the limit is refused with its size, so the page's
/// analysis of any placed document fits.
#[test]
fn the_editor_refuses_more_events_times_processes_than_its_clocks_take() {
    use lightcone::core::clocks::vector::MAX_BYTES;
    use lightcone::core::editor::{DocEvent, Document};
    // As many lines as the editor draws, and one event more than their
    // clocks take.
    let processes = lightcone::core::editor::document::MAX_PROCESSES;
    let events = (MAX_BYTES / 8) as usize / processes + 1;
    let names: Vec<String> = (0..processes).map(|i| format!("p{i}")).collect();
    let mut doc = Document::with_processes(&names);
    doc.events = (0..events)
        .map(|i| DocEvent {
            id: format!("e{i}"),
            process: "p0".into(),
            time: i as f64,
            label: None,
            link: None,
            op: None,
        })
        .collect();
    let err = doc.place().unwrap_err().to_string();
    assert!(
        err.contains(&format!("{events} events over {processes} processes")) && err.contains("at most"),
        "{err}"
    );
    doc.events.truncate(events - 1);
    assert!(doc.place().is_ok());
}
