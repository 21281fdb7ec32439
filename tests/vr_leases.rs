//! §6.3.1 reads at the primary under leases (src/core/sim/vr/lease.rs):
//! what they save, that the history stays linearizable through crashes,
//! partitions and view changes while the clocks drift within the bound
//! the lease assumes, and the stale read once they drift past it.
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::sim::outcome::{run, Outcome};
use lightcone::core::sim::scenario::Scenario;
use serde_json::{json, Value};

fn scenario(v: &Value) -> Scenario {
    Scenario::parse(&v.to_string()).unwrap()
}

fn preset() -> Value {
    serde_json::from_str(lightcone::core::library::scenario("vr-read-leases").unwrap()).unwrap()
}

fn labelled(out: &Outcome, label: &str) -> usize {
    out.record.messages.iter().filter(|m| m.label == label).count()
}

fn safe(out: &Outcome) -> bool {
    ["agreement", "durability", "linearizable"].iter().all(|p| out.holds(p))
}

/// Each call as (client, op, invoked, returned, result).
fn history(out: &Outcome) -> Vec<(String, String, f64, Option<f64>, Value)> {
    let r = out.to_json();
    let calls = r["history"].as_array().unwrap().clone();
    calls
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap().to_string();
            (
                s("client"),
                s("op"),
                c["invoked"].as_f64().unwrap(),
                c["returned"].as_f64(),
                c["result"].clone(),
            )
        })
        .collect()
}

/// One client: a put, then `gets` reads of it five units apart, on
/// reliable links with one unit of delay.
fn reads(leases: Option<Value>, gets: usize) -> Value {
    let mut workload = vec![json!({"client": "K1", "at": 1, "op": "put x 1"})];
    workload.extend((0..gets).map(|i| json!({"client": "K1", "at": 6 + 5 * i, "op": "get x"})));
    let mut s = json!({"protocol": "vr", "replicas": 3, "clients": 1, "workload": workload,
        "model": {"links": "reliable", "nodes": "crash-stop", "timing": {"synchronous": {"delay": 1}}},
        "seed": 1, "until": 10 + 5 * gets});
    if let Some(l) = leases {
        s["leases"] = l;
    }
    s
}

#[test]
fn a_read_under_a_lease_is_a_request_and_a_reply() {
    let gets = 6;
    let off = run(&scenario(&reads(None, gets)));
    let on = run(&scenario(&reads(Some(json!({"duration": 10})), gets)));
    assert!(safe(&off) && safe(&on) && on.holds("liveness"), "{:?}", on.properties);
    let results = |o: &Outcome| history(o).into_iter().map(|c| c.4).collect::<Vec<_>>();
    assert_eq!(results(&on), results(&off), "the same answers");
    assert!(results(&on)[1..].iter().all(|r| r == "1"));
    // Through the protocol a request costs REQUEST, PREPARE, PREPAREOK,
    // REPLY (4 delays of 1); under a lease a read costs REQUEST, REPLY.
    let latencies = |o: &Outcome| -> Vec<f64> {
        let r = o.to_json();
        r["latencies"].as_array().unwrap().iter().map(|l| l["latency"].as_f64().unwrap()).collect()
    };
    assert_eq!(latencies(&off), vec![4.0; gets + 1]);
    assert_eq!(latencies(&on)[0], 4.0, "the put still runs the protocol");
    assert_eq!(latencies(&on)[1..], vec![2.0; gets]);
    // No PREPARE for a read: only the put's, one to each backup.
    assert_eq!(labelled(&off, "PREPARE"), 2 * (gets + 1));
    assert_eq!(labelled(&on, "PREPARE"), 2);
    assert_eq!(labelled(&off, "LEASE"), 0, "no grants with leases off");
    assert!(labelled(&on, "LEASE") > 0, "idle COMMITs renew the lease");
}

/// Nine clients reading and writing four keys at `load` requests per unit.
fn busy(leases: Option<Value>, load: f64) -> Value {
    let mut s = json!({"protocol": "vr", "replicas": 3, "clients": 9,
        "workload": {"random": {"ops": 200, "keys": 4, "every": 1.0 / load, "from": 1}},
        "model": {"links": "reliable", "nodes": "crash-stop", "timing": {"synchronous": {"delay": 1}}},
        "seed": 3, "until": 200.0 / load + 40.0});
    if let Some(l) = leases {
        s["leases"] = l;
    }
    s
}

/// How many calls of the run were reads, and their mean latency.
fn reads_latency(out: &Outcome) -> (usize, f64) {
    let r = out.to_json();
    let ops: Vec<(String, u64, String)> = {
        let mut seen = std::collections::BTreeMap::<String, u64>::new();
        history(out)
            .into_iter()
            .map(|(client, op, ..)| {
                let n = seen.entry(client.clone()).or_default();
                *n += 1;
                (client, *n, op)
            })
            .collect()
    };
    let gets: Vec<f64> = r["latencies"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| {
            let key = (l["client"].as_str().unwrap().to_string(), l["number"].as_u64().unwrap());
            ops.iter().any(|(c, n, op)| (c, *n) == (&key.0, key.1) && op.starts_with("get"))
        })
        .map(|l| l["latency"].as_f64().unwrap())
        .collect();
    (gets.len(), gets.iter().sum::<f64>() / gets.len() as f64)
}

#[test]
fn under_load_reads_take_half_the_time_and_busy_runs_send_fewer_messages() {
    for load in [0.5, 1.0, 2.0] {
        let off = run(&scenario(&busy(None, load)));
        let on = run(&scenario(&busy(Some(json!({"duration": 10})), load)));
        for o in [&off, &on] {
            assert!(safe(o) && o.holds("liveness"), "{load}: {:?}", o.properties);
        }
        assert_eq!(on.count("requests"), off.count("requests"));
        let (n, off_reads) = reads_latency(&off);
        let (_, on_reads) = reads_latency(&on);
        assert!(n > 50, "{load}: {n} reads");
        assert_eq!(off_reads, 4.0, "{load}");
        // All but a read that comes before the first grant: 2 delays.
        assert!(on_reads < 2.1, "{load}: {on_reads}");
        let m = |o: &Outcome| o.number("messages_per_op").unwrap();
        // A read saves a PREPARE and a PREPAREOK per backup, but every idle
        // COMMIT now gets a LEASE back from each backup: when the primary
        // is often idle, the grants cost more than the reads save.
        if load >= 1.0 {
            assert!(m(&on) < m(&off), "{load}: {} against {}", m(&on), m(&off));
        }
    }
    let idle = run(&scenario(&busy(Some(json!({"duration": 10})), 0.5)));
    let commits = idle.record.messages.iter().filter(|m| m.label == "COMMIT" && m.received.is_some()).count();
    assert_eq!(labelled(&idle, "LEASE"), commits, "each backup answers each COMMIT it gets");
}

#[test]
fn the_preset_reads_alone_then_waits_out_the_promise_and_stays_linearizable() {
    let out = run(&scenario(&preset()));
    assert!(safe(&out) && out.holds("liveness"), "{:?}", out.properties);
    let calls = history(&out);
    // The first get, under the lease: REQUEST and REPLY, one unit each.
    assert_eq!((calls[1].1.as_str(), calls[1].3, &calls[1].4), ("get x", Some(8.0), &json!("1")));
    // The second comes after K2's put returned, and reads it.
    let (put, get) = (&calls[2], &calls[3]);
    assert!(put.3.unwrap() < get.2);
    assert_eq!(get.4, json!("2"));
    // The backups last heard R1 just before the partition at 10, and
    // promised 60 units of their clocks, which run 10% fast: no
    // STARTVIEWCHANGE before 10 + 60 / 1.1.
    let first = out.record.messages.iter().find(|m| m.label == "STARTVIEWCHANGE").unwrap();
    assert!(first.sent >= 10.0 + 60.0 / 1.1 - 1.0 && first.sent < 10.0 + 60.0 / 1.1 + 1.0, "{}", first.sent);
    // Without leases the backups move after their primary timeout (5).
    let mut off = preset();
    off.as_object_mut().unwrap().remove("leases");
    let off = run(&scenario(&off));
    let first = off.record.messages.iter().find(|m| m.label == "STARTVIEWCHANGE").unwrap();
    assert!(first.sent < 10.0 + 5.0 / 1.1 + 1.0, "{}", first.sent);
}

#[test]
fn a_lease_that_trusts_drifting_clocks_serves_a_stale_read() {
    let mut naive = preset();
    naive["leases"]["max_drift_ppm"] = json!(0);
    let out = run(&scenario(&naive));
    assert!(!out.holds("linearizable"), "{:?}", out.properties);
    assert_eq!(out.to_json()["linearizability"]["verdict"], "not linearizable");
    assert!(out.holds("agreement") && out.holds("durability"), "the logs stay right: only a read is wrong");
    let calls = history(&out);
    let (put, get) = (&calls[2], &calls[3]);
    // K2's put x 2 returned (committed in view 1 by R2) before K1 asked...
    assert_eq!((put.1.as_str(), &put.4), ("put x 2", &json!("ok")));
    assert!(put.3.unwrap() < get.2);
    // ... and R1, deposed but trusting its slow clock, answered alone with
    // the old value, in two message delays.
    assert_eq!((get.1.as_str(), &get.4), ("get x", &json!("1")));
    assert_eq!(get.3.unwrap() - get.2, 2.0);
    assert_eq!(out.to_json()["views"][1]["primary"], "R2");
}

/// R1 crashes and comes back; later R2, the primary after it, is cut off
/// with K1, which only reads (a, b, a, ... every 4 units) while K2 and K3
/// write a, b and c. Every clock drifts and wanders within 3%, which the
/// lease assumes. `k` shifts the partition and seeds the draws.
fn rough(k: u64) -> Value {
    let reads: Vec<Value> = (0..48)
        .map(|i| json!({"node": "K1", "at": 1 + 4 * i, "input": if i % 2 == 0 { "get a" } else { "get b" }}))
        .collect();
    let cut = 50 + 4 * k;
    json!({"protocol": "vr", "replicas": 3, "clients": 3,
        "leases": {"duration": 30, "max_drift_ppm": 30000},
        "workload": {"count": 60, "every": 3, "nodes": ["K2", "K3"]}, "inputs": reads,
        "model": {"links": "reliable", "nodes": "crash-recovery", "timing": {"synchronous": {"delay": 1}},
                  "clocks": {"R1": {"drift_ppm": -20000, "wander_ppm": 10000},
                             "R2": {"drift_ppm": 20000, "wander_ppm": 10000},
                             "R3": {"offset": 5, "drift_ppm": 15000, "wander_ppm": 10000}}},
        "faults": [{"crash": {"node": "R1", "at": 20}}, {"recover": {"node": "R1", "at": 45}},
                   {"partition": {"groups": [["R2", "K1"], ["R1", "R3", "K2", "K3"]], "from": cut, "until": cut + 50}}],
        "seed": k, "until": 260})
}

#[test]
fn within_the_drift_bound_a_primary_crash_and_view_changes_stay_linearizable() {
    for k in 0..8 {
        let out = run(&scenario(&rough(k)));
        let r = out.to_json();
        assert!(safe(&out) && out.holds("liveness"), "{k}: {:?}", out.properties);
        assert_eq!(r["linearizability"]["verdict"], "linearizable", "{k}: checked, not unknown");
        let views = r["views"].as_array().unwrap();
        assert!(views.len() >= 3, "{k}: R1's crash and R2's partition each change the view");
        // Reads under a lease (two message delays) happen in later views too.
        let view_one = views[1]["from"].as_f64().unwrap();
        let alone = r["latencies"].as_array().unwrap().iter().filter(|l| l["message_delays"] == 2);
        assert!(alone.clone().any(|l| l["sent"].as_f64().unwrap() > view_one), "{k}");
    }
}

#[test]
fn lease_settings_are_checked_by_name() {
    let refused = |leases: Value| {
        let mut s = reads(Some(leases), 1);
        s["until"] = json!(20);
        Scenario::parse(&s.to_string()).unwrap_err()
    };
    assert!(
        refused(json!({"duration": 0})).contains("leases: \"duration\" is 0.0"),
        "{}",
        refused(json!({"duration": 0}))
    );
    assert!(refused(json!({"duration": 4, "max_drift_ppm": 2e6})).contains("\"max_drift_ppm\" is 2000000.0"));
    assert!(
        refused(json!({"duraton": 4})).contains("did you mean `duration`"),
        "{}",
        refused(json!({"duraton": 4}))
    );
}

#[test]
fn a_new_primary_reads_alone_only_once_it_has_committed_what_its_view_began_with() {
    // R1 commits put x 1 with R2's PREPAREOK (its PREPARE to R3 is lost),
    // replies, and crashes before telling R2 the commit-number. R2 starts
    // view 1 with put x 1 in its log, not yet committed, and R3's
    // PREPAREOK for the STARTVIEW is lost; R3's LEASE (for R2's idle
    // COMMIT) reaches R2 before R2 commits. K1's get, resent to every
    // replica at 17, reaches R2 holding a lease at 18.
    let s = json!({"protocol": "vr", "replicas": 3, "clients": 1,
        "leases": {"duration": 4}, "timeouts": {"idle": 4, "primary": 8},
        "workload": [{"client": "K1", "at": 1, "op": "put x 1"}, {"client": "K1", "at": 9, "op": "get x"}],
        "model": {"links": "reliable", "nodes": "crash-stop", "timing": {"synchronous": {"delay": 1}}},
        "faults": [{"drop": {"from": "R1", "to": "R3", "nth": 1}}, {"crash": {"node": "R1", "at": 4.5}},
                   {"drop": {"from": "R3", "to": "R2", "nth": 3}}],
        "seed": 1, "until": 40});
    let out = run(&scenario(&s));
    assert!(safe(&out) && out.holds("liveness"), "{:?}", out.properties);
    let calls = history(&out);
    assert_eq!(calls[0].4, json!("ok"));
    // Answered from R2's store then, it would have read nothing: x was
    // written in view 0. It goes through the protocol instead, which
    // commits put x 1 first.
    assert_eq!(calls[1].4, json!("1"));
    let granted = out.record.messages.iter().find(|m| m.label == "LEASE").unwrap();
    let request = out.record.messages.iter().rfind(|m| m.label == "REQUEST" && m.to == 1).unwrap();
    assert!(granted.sent < request.sent, "R2 held a lease when the get came");
    assert!(out.record.messages.iter().any(|m| m.label == "PREPARE" && m.from == 1 && m.sent > request.sent));
}
