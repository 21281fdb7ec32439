//! VR and PBFT side by side (`core::sim::compare`): the textbook results.
//! A crashed primary: both recover and answer everything, PBFT with more
//! messages. A Byzantine (lying) primary: a declared VR property breaks,
//! PBFT's all hold. Messages per request grow as n for VR and as n² for
//! PBFT, against counts worked out by hand from the protocols' normal
//! cases (VR §4.1; PBFT §4.2, docs/pbft.md).
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::sim::compare::{compare, pictures, scenarios, Fault, Side, SIZES, WORKLOAD};

fn sides(fault: Fault) -> [Side; 2] {
    compare(&WORKLOAD, fault, SIZES).unwrap()
}

fn violated(s: &Side) -> Vec<&'static str> {
    s.verdicts().iter().filter(|c| !c.holds).map(|c| c.name).collect()
}

/// Messages of the run with one of these labels.
fn labelled(s: &Side, labels: &[&str]) -> usize {
    s.outcome.record.messages.iter().filter(|m| labels.contains(&m.label.as_str())).count()
}

#[test]
fn without_a_fault_both_answer_everything_vr_in_four_delays_pbft_in_five() {
    let [vr, pbft] = sides(Fault::None);
    for s in [&vr, &pbft] {
        assert_eq!((s.answered, s.requests), (3, 3), "{}", s.protocol);
        assert!(s.all_hold(), "{}: {:?}", s.protocol, violated(s));
    }
    // REQUEST, PREPARE, PREPAREOK, REPLY; REQUEST, PRE-PREPARE, PREPARE,
    // COMMIT, REPLY.
    assert_eq!(vr.message_delays, Some(4.0));
    assert_eq!(pbft.message_delays, Some(5.0));
    assert_eq!((vr.protocol, vr.replicas, pbft.protocol, pbft.replicas), ("VR", 3, "PBFT", 4));
}

#[test]
fn a_crashed_primary_both_recover_and_pbft_sends_more() {
    let [vr, pbft] = sides(Fault::CrashedPrimary);
    for s in [&vr, &pbft] {
        assert_eq!((s.answered, s.requests), (3, 3), "{}: everything answered", s.protocol);
        assert!(s.all_hold(), "{}: {:?}", s.protocol, violated(s));
        assert!(s.outcome.report["views"].as_array().unwrap().len() >= 2, "{}: a view change", s.protocol);
    }
    assert!(labelled(&vr, &["STARTVIEWCHANGE"]) > 0 && labelled(&pbft, &["VIEW-CHANGE"]) > 0);
    let (v, p) = (vr.messages_per_request.unwrap(), pbft.messages_per_request.unwrap());
    assert!(p > v, "PBFT {p} messages per request, VR {v}");
}

#[test]
fn a_lying_primary_breaks_vr_and_not_pbft() {
    let [vr, pbft] = sides(Fault::ByzantinePrimary);
    // VR assumes crash faults: K1 reads a primed value nobody put.
    assert!(violated(&vr).contains(&"linearizable"), "{:?}", violated(&vr));
    let history = vr.outcome.report["history"].as_array().unwrap();
    assert!(history.iter().any(|c| c["result"].as_str().is_some_and(|r| r.ends_with('\''))), "{history:?}");
    // PBFT: the null pre-prepares never execute K1's requests, the backups
    // replace R1 (R2 leads view 1), and every request is answered truly.
    assert!(pbft.all_hold(), "{:?}", violated(&pbft));
    assert_eq!((pbft.answered, pbft.requests), (3, 3));
    let views = pbft.outcome.report["views"].as_array().unwrap();
    assert_eq!(views.last().unwrap()["primary"], "R2", "{views:?}");
    let history = pbft.outcome.report["history"].as_array().unwrap();
    assert_eq!(history.last().unwrap()["result"], "2", "get x reads put x 2: {history:?}");
}

#[test]
fn messages_per_request_grow_as_n_for_vr_and_as_n_squared_for_pbft() {
    // The normal case's messages, by hand. VR (§4.1): a REQUEST, a PREPARE
    // to each of n − 1 backups, a PREPAREOK from each, a REPLY: 2n. PBFT
    // (§4.2): 1 + (n − 1) + (n − 1)² + n(n − 1) + n = 2n² − n + 1.
    let vr_labels = ["REQUEST", "PREPARE", "PREPAREOK", "REPLY"];
    let pbft_labels = ["REQUEST", "PRE-PREPARE", "PREPARE", "COMMIT", "REPLY"];
    for (v, p) in [(3, 4), (5, 7), (7, 10)] {
        let [vr, pbft] = scenarios(&WORKLOAD, Fault::None, [v, p]).unwrap();
        let count = |s, labels: &[&str]| {
            let o = lightcone::core::sim::outcome::run(s);
            assert_eq!(o.count("requests"), Some(3));
            o.record.messages.iter().filter(|m| labels.contains(&m.label.as_str())).count() / 3
        };
        assert_eq!(count(&vr, &vr_labels), 2 * v, "VR, {v} replicas");
        assert_eq!(count(&pbft, &pbft_labels), 2 * p * p - p + 1, "PBFT, {p} replicas");
    }
}

#[test]
fn availability_is_measured_with_each_protocols_quorum() {
    let [vr, pbft] = sides(Fault::None);
    // Closed forms by hand, A = 100/101: 2 of 3 is 0.999708, 3 of 4 is
    // 100³ · 104 / 101⁴ = 0.999420.
    assert!((vr.closed_form - 0.999_707_85).abs() < 1e-8);
    assert!((pbft.closed_form - 0.999_419_56).abs() < 1e-8);
    for s in [&vr, &pbft] {
        let (a, spread) = s.availability;
        assert!(a < s.closed_form && a > 0.5 && spread > 0.0, "{}: {a} ± {spread}", s.protocol);
    }
}

#[test]
fn each_side_draws_its_run_with_its_name_on_one_time_scale() {
    let sides = sides(Fault::CrashedPrimary);
    for dark in [false, true] {
        let drawn = pictures(&sides, (800.0, 190.0), dark).unwrap();
        for (s, d) in sides.iter().zip(&drawn) {
            assert!(d.svg.starts_with("<svg"), "{}", s.protocol);
            assert!(
                d.svg.contains(&format!("{}, {} replicas", s.protocol, s.replicas)),
                "{}: its name",
                s.protocol
            );
            // Within the room given, text at its own size (nothing scaled
            // down to fit).
            assert!(d.size.0 <= 800.0, "{}: {:?}", s.protocol, d.size);
            assert!(d.size.1 < 320.0, "{}: {:?}", s.protocol, d.size);
            // The crash and the lost messages to the crashed primary are in
            // the legend.
            let words: Vec<&str> = d.legend.iter().map(|e| e.text.as_str()).collect();
            assert!(words.iter().any(|w| w.contains("crash")), "{}: {words:?}", s.protocol);
        }
    }
    assert_eq!(Fault::from_name("byzantine-primary"), Some(Fault::ByzantinePrimary));
    assert_eq!(Fault::from_name("nope"), None);
}

#[test]
#[ignore]
fn dump_pictures() {
    for f in Fault::ALL {
        let sides = sides(f);
        for (i, d) in pictures(&sides, (800.0, 190.0), false).unwrap().iter().enumerate() {
            let s = &sides[i];
            eprintln!(
                "{} {i} {:?} mpr {:?} avail {:?} lat {:?} thr {:?}",
                f.name(),
                d.size,
                s.messages_per_request,
                s.availability,
                s.latency,
                s.throughput
            );
            std::fs::write(format!("target/compare/{}-{i}.svg", f.name()), &d.svg).unwrap();
        }
    }
}
