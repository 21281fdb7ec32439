//! `lightcone measure`'s figures against what queueing and reliability
//! theory say they should be: a lone request's latency with a service
//! time, the primary's capacity without batching (the knee), batching
//! moving it, the closed form for availability, and the measured
//! availability's gap to it.
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::sim::outcome::run;
use lightcone::core::sim::scenario::Scenario;
use lightcone::core::sim::vr::availability::{closed_form, estimate, nines, Plan, PLAN};
use lightcone::core::sim::vr::measure::{
    availability_run, capacity, points, rows, run_point, Figures, Load, Point, SERVICE,
};

/// Three replicas, synchronous delay `delay`.
fn scenario(delay: f64) -> Scenario {
    Scenario::parse(&format!(
        r#"{{"protocol": "vr", "replicas": 3,
            "model": {{"links": "reliable", "nodes": "crash-stop", "timing": {{"synchronous": {{"delay": {delay}}}}}}},
            "seed": 1, "until": 30}}"#
    ))
    .unwrap()
}

fn load(s: &Scenario, replicas: usize, batching: bool, load: f64) -> Load {
    match run_point(s, &Point::Load { replicas, batching, load }).unwrap() {
        Figures::Load(l) => l,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_lone_request_takes_four_delays_and_four_services() {
    // K1's input (0.1 of service), REQUEST (1), R1 takes it (0.1), PREPARE
    // (1), R2 takes it (0.1), PREPAREOK (1), R1 takes it (0.1), REPLY (1):
    // 4.4, against 4 without a service time.
    let s = |service: f64| {
        Scenario::parse(&format!(
            r#"{{"protocol": "vr", "replicas": 3, "timeouts": {{"idle": 0}},
                "workload": [{{"client": "K1", "at": 1, "op": "put x 1"}}],
                "model": {{"links": "reliable", "timing": {{"synchronous": {{"delay": 1}}}}, "service": {service}}},
                "until": 20}}"#
        ))
        .unwrap()
    };
    let latency = |service| run(&s(service)).number("latency_mean").unwrap();
    assert!((latency(0.1) - 4.4).abs() < 1e-9, "{}", latency(0.1));
    assert!((latency(0.0) - 4.0).abs() < 1e-9);
}

#[test]
fn without_batching_throughput_stops_at_the_primarys_capacity() {
    // 1 / ((1 + 2f) · 0.1): 3.33, 2 and 1.43 operations per unit.
    let s = scenario(1.0);
    for (n, expected) in [(3, 10.0 / 3.0), (5, 2.0), (7, 10.0 / 7.0)] {
        assert!((capacity(n, SERVICE) - expected).abs() < 1e-9);
        // Well below capacity the primary keeps up: latency is near the
        // idle 4.4 and everything offered is answered.
        let light = load(&s, n, false, expected / 3.0);
        assert!(light.latency.unwrap() < 5.5, "{n}: {light:?}");
        assert!((light.throughput.unwrap() / light.load - 1.0).abs() < 0.1, "{n}: {light:?}");
        // Past it, throughput stays within 10% below capacity (heartbeats
        // and queueing take a little) and latency climbs steeply.
        let heavy = load(&s, n, false, expected * 2.0);
        let x = heavy.throughput.unwrap();
        assert!(x <= expected * 1.01 && x > expected * 0.9, "{n}: {heavy:?}");
        assert!(heavy.latency.unwrap() > 3.0 * light.latency.unwrap(), "{n}: {heavy:?}");
    }
}

#[test]
fn batching_moves_the_knee_to_a_higher_throughput() {
    let s = scenario(1.0);
    for n in [3, 5, 7] {
        // Twice the unbatched capacity: the unbatched primary saturates,
        // the batching one carries it all with latency near its idle
        // figure, handling far fewer events per operation.
        let offered = 2.0 * capacity(n, SERVICE);
        let off = load(&s, n, false, offered);
        let on = load(&s, n, true, offered);
        assert!(on.throughput.unwrap() > 1.3 * off.throughput.unwrap(), "{n}: {off:?} {on:?}");
        assert!((on.throughput.unwrap() / offered - 1.0).abs() < 0.1, "{n}: {on:?}");
        assert!(on.latency.unwrap() < off.latency.unwrap() / 2.0, "{n}: {off:?} {on:?}");
        assert!(on.messages_per_op.unwrap() < off.messages_per_op.unwrap() / 2.0);
        assert!(on.p50.unwrap() <= on.p99.unwrap());
    }
}

#[test]
fn the_closed_form_is_the_k_out_of_n_sum() {
    // By hand: one replica is up with probability A; 2 of 3 at 0.9 is
    // 3(0.81)(0.1) + 0.729 = 0.972; 3 of 5 at 0.9 is 10(0.729)(0.01) +
    // 5(0.6561)(0.1) + 0.59049 = 0.99144.
    assert!((closed_form(1, 1, 0.9) - 0.9).abs() < 1e-12);
    assert!((closed_form(3, 2, 0.9) - 0.972).abs() < 1e-12);
    assert!((closed_form(5, 3, 0.9) - 0.99144).abs() < 1e-12);
    // The plan's A = 1000/1010: 1 − (3p²(1 − p) + p³) with p = 1/101.
    assert!((closed_form(3, 2, PLAN.replica_availability()) - 0.999_707_85).abs() < 1e-8);
    assert!((nines(0.999) - 3.0).abs() < 1e-9 && nines(1.0).is_infinite());
    // Mean and standard error: runs 1 and 0.9 have mean 0.95, standard
    // deviation 0.0707 and standard error 0.05.
    let (mean, se) = estimate(&[1.0, 0.9]);
    assert!((mean - 0.95).abs() < 1e-12 && (se - 0.05).abs() < 1e-12);
}

/// The mean availability of `runs` runs of 1,000 units for `n` replicas.
fn measured(s: &Scenario, n: usize, runs: usize) -> f64 {
    let plan = Plan { runs, ..PLAN };
    estimate(&(0..runs).map(|k| availability_run(s, n, &plan, k).unwrap()).collect::<Vec<_>>()).0
}

#[test]
fn measured_availability_is_the_closed_form_less_the_view_changes() {
    // Seven replicas: four down at once (the closed form's downtime, and
    // for VR a permanent loss) is too rare to see. What is left is the
    // view change after each primary crash: the backups in view-change
    // status from STARTVIEWCHANGE to STARTVIEW, three message delays,
    // once per MTTF on average. With delay 1: 1 − 3/1000 = 0.997, within
    // the noise of 32 runs' crash counts (about ±20%).
    let a = measured(&scenario(1.0), 7, 32);
    let gap = closed_form(7, 4, PLAN.replica_availability()) - a;
    assert!((gap - 3.0 / PLAN.mttf).abs() < 0.001, "measured {a}, gap {gap}");
    // With delay 0.1 the view change is a tenth as long, and the measured
    // figure is within 0.001 of the closed form.
    let a = measured(&scenario(0.1), 7, 32);
    assert!((closed_form(7, 4, PLAN.replica_availability()) - a).abs() < 0.001, "measured {a}");
}

#[test]
fn f_plus_one_down_at_once_is_the_end_of_the_group() {
    // R2 and R3 down together from 101 to 110: neither can recover (a
    // recovering replica needs f + 1 = 2 replicas in normal status to
    // answer it, and only R1 is), so the group is down from 101 to the end.
    let s = Scenario::parse(
        r#"{"protocol": "vr", "replicas": 3,
            "model": {"links": "reliable", "nodes": "crash-recovery", "timing": {"synchronous": {"delay": 1}}},
            "faults": [{"crash": {"node": "R2", "at": 100}}, {"crash": {"node": "R3", "at": 101}},
                       {"recover": {"node": "R2", "at": 110}}, {"recover": {"node": "R3", "at": 111}}],
            "until": 1000}"#,
    )
    .unwrap();
    let a = run(&s).number("availability").unwrap();
    assert!((a - 0.101).abs() < 1e-9, "{a}");
}

#[test]
fn a_sweep_lists_its_runs_and_puts_their_figures_together() {
    let s = scenario(1.0);
    let p = points(&s, &[1.0, 2.0], &[3, 5]).unwrap();
    assert_eq!(p.len(), 2 * (PLAN.runs + 2 * 2));
    assert_eq!(p[PLAN.runs], Point::Load { replicas: 3, batching: false, load: 1.0 });
    assert!(points(&s, &[0.0], &[3]).is_err() && points(&s, &[1.0], &[4]).is_err());
    // Rows take each replica count's own availability runs.
    let figures = vec![
        Figures::Availability { replicas: 3, quorum: 2, availability: 1.0 },
        Figures::Availability { replicas: 3, quorum: 2, availability: 0.9 },
        Figures::Availability { replicas: 5, quorum: 3, availability: 0.5 },
        Figures::Load(load(&s, 3, false, 1.0)),
    ];
    let rows = rows(&figures);
    assert_eq!(rows.len(), 1);
    assert!((rows[0].availability - 0.95).abs() < 1e-12 && (rows[0].spread - 0.05).abs() < 1e-12);
}
