//! The replication lab's native benchmark: simulated VR operations per
//! second (timed runs of 3, 5 and 7 replicas under a random workload, with
//! batching off and on), the explorer's states per second on 3 replicas,
//! and how long `lightcone measure`'s sweep takes (www/scenarios/vr-normal.json,
//! loads 1, 2, 4, replicas 3, 5, 7; the aim is under 2 s natively), with
//! the knee it finds. Prints one JSON object per case and writes them to
//! target/bench/vr.jsonl, and each simulate and explore case's scenario
//! (and the explorer's bounds) to target/bench/vr-cases.jsonl, which
//! scripts/bench-wasm.mjs runs again in wasm. Run with `cargo bench --bench vr`.
//!
//! `cargo bench --bench vr -- --defect` instead searches for the §5.2
//! state-transfer defect (www/scenarios/vr-state-transfer-loss.json) with
//! the explorer, within 2,000,000 states and 6 GiB, and prints how deep the
//! breadth-first search got and what it found.

use lightcone::core::sim::explore::{explore, explore_watched, Bounds, Finding};
use lightcone::core::sim::outcome::run;
use lightcone::core::sim::scenario::Scenario;
use lightcone::core::sim::vr::measure::measure;
use std::io::Write;
use std::time::Instant;

/// A timed run: `replicas`, 9 clients, `ops` random requests at 1.5 per unit.
fn timed(replicas: usize, batching: bool, ops: usize) -> String {
    let until = ops as f64 / 1.5 + 50.0;
    compact(&format!(
        r#"{{"protocol": "vr", "replicas": {replicas}, "clients": 9, "batching": {batching},
            "workload": {{"random": {{"ops": {ops}, "keys": 4, "every": 0.6667, "from": 1}}}},
            "model": {{"links": "reliable", "nodes": "crash-stop", "timing": {{"synchronous": {{"delay": 1}}}}}},
            "seed": 1, "until": {until}}}"#
    ))
}

/// `text` (JSON) on one line.
fn compact(text: &str) -> String {
    serde_json::from_str::<serde_json::Value>(text).unwrap().to_string()
}

/// The explorer's case: one request, one crash, bounded as tests/vr.rs.
fn explored() -> String {
    compact(
        r#"{"protocol": "vr", "replicas": 3, "clients": 1, "max_views": 1, "max_retries": 1,
            "timeouts": {"idle": 0}, "workload": [{"client": "K1", "at": 1, "op": "put x 1"}],
            "model": {"links": "reliable", "nodes": "crash-stop", "timing": {"synchronous": {"delay": 1}}}}"#,
    )
}

/// The defect's setting: one request, views up to 4, no client resends,
/// heartbeats on (the COMMIT of a later view is what truncates), timers
/// firing at any point (partial synchrony).
fn defect() {
    let s = Scenario::parse(
        r#"{"protocol": "vr", "replicas": 3, "clients": 1, "max_views": 4, "max_retries": 0,
            "inputs": [{"node": "K1", "at": 0, "input": "put x 1"}],
            "model": {"links": "reliable", "nodes": "crash-stop",
                      "timing": {"partially-synchronous": {"gst": 100, "delay": 1, "max_before": 5}}}}"#,
    )
    .unwrap();
    let bounds = Bounds { crashes: 0, depth: 18, memory: 6 << 30, ..Bounds::default() };
    let mut depth = 0;
    let start = Instant::now();
    let v = explore_watched(&s, &bounds, &mut |p| {
        depth = p.depth;
        true
    });
    let word = |f: &Finding| match f {
        Finding::Holds => "holds",
        Finding::Violated(_) => "violated",
        Finding::Unknown => "unknown",
    };
    let found: Vec<String> =
        v.properties.iter().map(|p| format!("\"{}\": \"{}\"", p.name, word(&p.finding))).collect();
    println!(
        r#"{{"case": "vr-state-transfer-defect", "states": {}, "depth_reached": {depth}, "truncated": {}, "seconds": {:.1}, {}}}"#,
        v.states,
        v.truncated,
        start.elapsed().as_secs_f64(),
        found.join(", ")
    );
}

/// `lightcone measure www/scenarios/vr-normal.json --load 1,2,4
/// --replicas 3,5,7`, timed, with its throughput at load 4.
fn sweep() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/scenarios/vr-normal.json");
    let s = Scenario::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
    let start = Instant::now();
    let rows = measure(&s, &[1.0, 2.0, 4.0], &[3, 5, 7]).unwrap();
    let secs = start.elapsed().as_secs_f64();
    let at4: Vec<String> = rows
        .iter()
        .filter(|r| r.load.load == 4.0)
        .map(|r| {
            format!(
                "\"{}{}\": {:.3}",
                r.load.replicas,
                if r.load.batching { "b" } else { "" },
                r.load.throughput.unwrap_or(0.0)
            )
        })
        .collect();
    format!(
        r#"{{"case": "vr-measure", "rows": {}, "seconds": {secs:.3}, "throughput_at_4": {{{}}}}}"#,
        rows.len(),
        at4.join(", ")
    )
}

fn main() {
    if std::env::args().any(|a| a == "--defect") {
        return defect();
    }
    let (mut lines, mut cases) = (Vec::new(), Vec::new());
    for replicas in [3, 5, 7] {
        for batching in [false, true] {
            let text = timed(replicas, batching, 2000);
            cases.push(format!(
                r#"{{"case": "vr-simulate", "replicas": {replicas}, "batching": {batching}, "scenario": {text}}}"#
            ));
            let s = Scenario::parse(&text).unwrap();
            let start = Instant::now();
            let out = run(&s);
            let secs = start.elapsed().as_secs_f64();
            let ops = out.count("requests").unwrap_or(0);
            lines.push(format!(
                r#"{{"case": "vr-simulate", "replicas": {replicas}, "batching": {batching}, "ops": {ops}, "events": {}, "seconds": {secs:.4}, "ops_per_second": {:.0}}}"#,
                out.record.events.len(),
                ops as f64 / secs
            ));
        }
    }
    let text = explored();
    cases.push(format!(
        r#"{{"case": "vr-explore", "replicas": 3, "scenario": {text}, "bounds": {{"crashes": 1}}}}"#
    ));
    let start = Instant::now();
    let v = explore(&Scenario::parse(&text).unwrap(), &Bounds { crashes: 1, ..Bounds::default() });
    let secs = start.elapsed().as_secs_f64();
    lines.push(format!(
        r#"{{"case": "vr-explore", "replicas": 3, "states": {}, "seconds": {secs:.3}, "states_per_second": {:.0}}}"#,
        v.states,
        v.states as f64 / secs
    ));
    lines.push(sweep());
    for l in &lines {
        println!("{l}");
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, rows) in [("vr.jsonl", &lines), ("vr-cases.jsonl", &cases)] {
        let mut f = std::fs::File::create(dir.join(name)).unwrap();
        for l in rows {
            writeln!(f, "{l}").unwrap();
        }
    }
}
