//! PBFT's native benchmark: the explorer's states per second on 4
//! replicas (one request, R1 equivocating, bounded as tests/pbft.rs), and
//! the messages per request for n = 4, 7 and 10 (one request, synchronous
//! timing: §4.2's O(n²)). Prints one JSON object per case and writes them
//! to target/bench/pbft.jsonl. Run with `cargo bench --bench pbft`.

use lightcone::core::sim::explore::{explore, Bounds};
use lightcone::core::sim::outcome::run;
use lightcone::core::sim::scenario::Scenario;
use std::io::Write;
use std::time::Instant;

const EXPLORED: &str = r#"{"protocol": "pbft", "max_views": 1, "max_retries": 1,
    "workload": [{"client": "K1", "at": 0, "op": "put x 1"}],
    "model": {"links": "reliable", "nodes": "crash-stop", "timing": {"synchronous": {"delay": 1}},
              "byzantine": {"R1": "equivocate"}}}"#;

fn one_request(n: usize) -> Scenario {
    Scenario::parse(&format!(
        r#"{{"protocol": "pbft", "replicas": {n}, "workload": [{{"client": "K1", "at": 1, "op": "put x 1"}}],
            "model": {{"links": "reliable", "nodes": "crash-stop", "timing": {{"synchronous": {{"delay": 1}}}}}},
            "until": 30}}"#
    ))
    .expect("a valid scenario")
}

fn main() {
    let mut rows = Vec::new();
    let s = Scenario::parse(EXPLORED).expect("a valid scenario");
    let start = Instant::now();
    let v = explore(&s, &Bounds { crashes: 0, ..Bounds::default() });
    let secs = start.elapsed().as_secs_f64();
    rows.push(serde_json::json!({"case": "explore 4 replicas, R1 equivocating", "states": v.states,
        "seconds": secs, "states_per_second": v.states as f64 / secs, "complete": !v.truncated && !v.depth_cut}));
    for n in [4, 7, 10] {
        let out = run(&one_request(n));
        rows.push(serde_json::json!({"case": format!("messages per request, n = {n}"),
            "messages": out.record.messages.len(), "answered": out.count("requests")}));
    }
    std::fs::create_dir_all("target/bench").expect("target/bench");
    let mut file = std::fs::File::create("target/bench/pbft.jsonl").expect("target/bench/pbft.jsonl");
    for row in &rows {
        println!("{row}");
        writeln!(file, "{row}").expect("written");
    }
}
