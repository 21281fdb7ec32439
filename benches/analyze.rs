//! `make bench`, native half: analysis time and peak memory on generated
//! traces, the full CLI path (JSON in, JSON out) for 100k x 16, stored
//! interval tree clock stamps, and the explorer's states per second on 2PC
//! and 3PC (with the peak memory per 100k states), CRDT runs (peak memory
//! per 10k operations), the diagram's label placement, and counting the
//! consistent cuts of 4 x 30 traces. Each case runs
//! in its own child process so its peak memory is its own. Writes one JSON
//! object per case to target/bench/native.jsonl (explorer cases to
//! explore.jsonl, CRDT runs to crdt.jsonl, label placement to
//! diagram.jsonl, cut counts to cuts.jsonl; `-- --cuts` prints only those).

use lightcone::core::clocks::{ItcClocks, LamportRule};
use lightcone::core::formats::{parse_trace, write_trace};
use lightcone::core::generate::{random_trace, Settings};
use lightcone::core::sim::explore::{explore, Bounds};
use lightcone::core::sim::scenario::Scenario;
use lightcone::core::Analysis;
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::time::Instant;

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];
const WIDTHS: [usize; 3] = [4, 16, 32];
/// At least this many runs, and more until this much time has passed, so
/// sub-millisecond cases are not measured on one cold run.
const RUNS: usize = 3;
const MIN_TOTAL_MS: f64 = 300.0;

fn settings(events: usize, processes: usize) -> Settings {
    Settings { processes, events, message_probability: 0.5, loss_probability: 0.0, seed: 42 }
}

/// Counts the heap this process holds, and its peak since the last
/// `heap_from_here`: what a case itself allocates, which resident memory
/// hides when the case reuses what parsing its input freed.
struct Counting;

static HEAP: AtomicIsize = AtomicIsize::new(0);
static HEAP_PEAK: AtomicIsize = AtomicIsize::new(0);
/// Counting on: only the cases that report heap pay for the counting.
static COUNTING: AtomicBool = AtomicBool::new(false);

fn count(grow: usize, shrink: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        let now = HEAP.fetch_add(grow as isize, Ordering::Relaxed) + grow as isize;
        HEAP_PEAK.fetch_max(now, Ordering::Relaxed);
        HEAP.fetch_sub(shrink as isize, Ordering::Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size(), 0);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(0, layout.size());
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size, layout.size());
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The heap held now; the peak starts again from it. Counting starts here
/// too, so the heap held before is what parsing and building the input
/// left, counted from zero (and a free of it may take the count below its
/// start: the figures are what the case adds).
fn heap_from_here() -> isize {
    COUNTING.store(true, Ordering::Relaxed);
    let now = HEAP.load(Ordering::Relaxed);
    HEAP_PEAK.store(now, Ordering::Relaxed);
    now
}

/// The heap's peak since `heap_from_here` returned `base`, above it, in MiB.
fn heap_peak_mib(base: isize) -> f64 {
    (HEAP_PEAK.load(Ordering::Relaxed) - base).max(0) as f64 / (1024.0 * 1024.0)
}

/// Peak resident memory of this process so far, in MiB (Linux).
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok());
    kib.map_or(f64::NAN, |k| k / 1024.0)
}

fn best_ms(mut run: impl FnMut()) -> f64 {
    let (mut best, mut total, mut runs) = (f64::INFINITY, 0.0, 0);
    while runs < RUNS || (total < MIN_TOTAL_MS && runs < 100) {
        let start = Instant::now();
        run();
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        (best, total, runs) = (best.min(ms), total + ms, runs + 1);
    }
    best
}

fn analyze_case(events: usize, processes: usize) -> String {
    let trace = random_trace(&settings(events, processes)).unwrap();
    let ms = best_ms(|| {
        std::hint::black_box(Analysis::run(&trace, &LamportRule::classic()).unwrap());
    });
    format!(
        "{{\"case\": \"analyze\", \"events\": {events}, \"processes\": {processes}, \"ms\": {ms:.2}, \"peak_mib\": {:.1}}}",
        peak_mib()
    )
}

/// Interval tree clock stamps for every event, stored (what the editor and
/// a report on a trace not listed in causal order use).
fn itc_case(events: usize, processes: usize) -> String {
    let trace = random_trace(&settings(events, processes)).unwrap();
    let ms = best_ms(|| {
        std::hint::black_box(ItcClocks::compute(&trace).unwrap());
    });
    format!(
        "{{\"case\": \"itc\", \"events\": {events}, \"processes\": {processes}, \"ms\": {ms:.2}, \"peak_mib\": {:.1}}}",
        peak_mib()
    )
}

/// The CLI's path: read the file, parse, validate, analyse, write the report.
fn json_io_case(events: usize, processes: usize) -> String {
    let dir = std::env::temp_dir();
    let path = dir.join(format!("lightcone-bench-{}.json", std::process::id()));
    std::fs::write(&path, write_trace(&random_trace(&settings(events, processes)).unwrap())).unwrap();
    let ms = best_ms(|| {
        let text = std::fs::read_to_string(&path).unwrap();
        let trace = parse_trace(&text).unwrap();
        let report = Analysis::run(&trace, &LamportRule::classic()).unwrap();
        let mut sink = std::io::BufWriter::new(std::fs::File::create("/dev/null").unwrap());
        report.write_json(&trace, &mut sink).unwrap();
        sink.flush().unwrap();
    });
    std::fs::remove_file(&path).ok();
    format!(
        "{{\"case\": \"json-io\", \"events\": {events}, \"processes\": {processes}, \"ms\": {ms:.2}, \"peak_mib\": {:.1}}}",
        peak_mib()
    )
}

/// The explorer on `protocol` with three participants, one crash, one
/// partition or many faults (three crashes, three drops, a partition: the
/// search the state bound stops), with or without symmetry reduction:
/// states per second, the process's peak memory, and the heap the search
/// takes at its peak per 100k states.
fn explore_case(protocol: &str, faults: &str, symmetry: bool) -> String {
    let s = Scenario::parse(&format!(r#"{{"protocol": "{protocol}", "participants": 3}}"#)).unwrap();
    let bounds = match faults {
        "partition" => Bounds { crashes: 0, partitions: 1, symmetry, ..Bounds::default() },
        "many" => Bounds { crashes: 3, drops: 3, partitions: 1, symmetry, ..Bounds::default() },
        _ => Bounds { symmetry, ..Bounds::default() },
    };
    let base = heap_from_here();
    let mut states = 0;
    let ms = best_ms(|| states = std::hint::black_box(explore(&s, &bounds)).states);
    let (peak, heap) = (peak_mib(), heap_peak_mib(base));
    format!(
        "{{\"case\": \"explore\", \"protocol\": \"{protocol}\", \"faults\": \"{faults}\", \"symmetry\": {symmetry}, \"states\": {states}, \"ms\": {ms:.2}, \"states_per_s\": {:.0}, \"peak_mib\": {peak:.1}, \"mib_per_100k_states\": {:.2}}}",
        states as f64 / ms * 1000.0,
        heap / states as f64 * 100_000.0
    )
}

/// A CRDT run of `kind` with `ops` operations on two replicas, each
/// gossiping to the other after every tenth of its own: time, the
/// process's peak memory (the trace's text and parse included), and the
/// heap the run takes at its peak per 10k operations.
fn crdt_case(kind: &str, ops: usize) -> String {
    use lightcone::core::crdt::{run, Delivery};
    let op = |i: usize| if kind == "op-counter" { "inc".to_string() } else { format!("add x{}", i % 1000) };
    let mut events = Vec::new();
    for i in 0..ops {
        let (me, other) = if i % 2 == 0 { ("A", "B") } else { ("B", "A") };
        events.push(format!(r#"{{"id":"o{i}","process":"{me}","kind":"local","op":"{}"}}"#, op(i)));
        if i % 20 >= 18 {
            events.push(format!(r#"{{"id":"s{i}","process":"{me}","kind":"send","message":"m{i}"}}"#));
            events.push(format!(r#"{{"id":"r{i}","process":"{other}","kind":"receive","message":"m{i}"}}"#));
        }
    }
    let text = format!(r#"{{"crdt":"{kind}","processes":["A","B"],"events":[{}]}}"#, events.join(","));
    let scenario = lightcone::core::crdt::Scenario::parse(&text).unwrap();
    let base = heap_from_here();
    let ms = best_ms(|| {
        std::hint::black_box(run(&scenario.trace, scenario.kind, &scenario.ops, Delivery::Causal).unwrap());
    });
    let (peak, heap) = (peak_mib(), heap_peak_mib(base));
    format!(
        "{{\"case\": \"crdt\", \"kind\": \"{kind}\", \"ops\": {ops}, \"ms\": {ms:.2}, \"peak_mib\": {peak:.1}, \"mib_per_10k_ops\": {:.2}}}",
        heap / ops as f64 * 10_000.0
    )
}

/// Runs this bench again as a child with `args`; returns its line.
fn child(args: &[&str]) -> String {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(args)
        .output()
        .expect("run a bench case");
    let line = String::from_utf8(out.stdout).unwrap();
    eprint!("native {line}");
    line
}

/// The diagram at a readable zoom: shape, layout, arrows and every label
/// placed (what the page does on a change of zoom or selection, and an
/// export once).
fn diagram_case(events: usize, processes: usize) -> String {
    use lightcone::core::diagram::drawing::{draw, Subject};
    use lightcone::core::diagram::{overlay::Overlay, Scale, Shape, ShapeOptions};
    let trace = random_trace(&settings(events, processes)).unwrap();
    let times = lightcone::core::layout::depth_times(&trace);
    let analysis = Analysis::run(&trace, &LamportRule::classic()).unwrap();
    let texts = lightcone::core::diagram::texts::Texts::plain(&trace).vector(&analysis.vectors);
    let options =
        ShapeOptions { clock_lines: 1, widest_label: texts.widest_clock(), ..ShapeOptions::default() };
    let overlay = Overlay::default();
    let mut placed = (0, 0);
    let ms = best_ms(|| {
        let shape = Shape::new(&trace, &times, true, &analysis.vectors, &options);
        let subject = Subject { trace: &trace, shape: &shape, texts: &texts, overlay: &overlay, focus: &[] };
        let d = draw(&subject, Scale { time: 60.0, lane: 100.0 }, None);
        placed = (d.labels.labels.len(), d.labels.hidden);
    });
    format!(
        "{{\"case\": \"labels\", \"events\": {events}, \"processes\": {processes}, \"ms\": {ms:.2}, \"placed\": {}, \"hidden\": {}, \"peak_mib\": {:.1}}}",
        placed.0,
        placed.1,
        peak_mib()
    )
}

/// Counting the consistent cuts of 4 processes x about 30 events each
/// (120 events, each on a random process), several seeds, with the
/// lattice page's limit (100,000), the CLI's (1,000,000) and none;
/// without messages every frontier is consistent (some 10^6 cuts).
fn cuts_lines() -> String {
    use lightcone::core::clocks::VectorClocks;
    use lightcone::core::cut;
    let mut lines = String::new();
    for message_probability in [0.5, 0.2, 0.0] {
        for seed in 1..=5 {
            let s = Settings { processes: 4, events: 120, message_probability, loss_probability: 0.0, seed };
            let trace = random_trace(&s).unwrap();
            let vectors = VectorClocks::compute(&trace).unwrap();
            let lens: Vec<usize> = (0..4).map(|p| trace.process_events(p).len()).collect();
            for limit in [100_000, 1_000_000, u64::MAX] {
                let mut counted = cut::Count { count: 0, exact: false };
                let ms = best_ms(|| counted = std::hint::black_box(cut::count(&trace, &vectors, limit)));
                let limit = if limit == u64::MAX { "null".to_string() } else { limit.to_string() };
                lines.push_str(&format!(
                    "{{\"case\": \"cuts\", \"seed\": {seed}, \"message_probability\": {message_probability}, \"lines\": {lens:?}, \"limit\": {limit}, \"count\": {}, \"exact\": {}, \"ms\": {ms:.3}}}\n",
                    counted.count, counted.exact
                ));
            }
        }
    }
    lines
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--cuts") {
        print!("{}", cuts_lines());
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--diagram") {
        println!("{}", diagram_case(args[i + 1].parse().unwrap(), args[i + 2].parse().unwrap()));
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--explore") {
        println!("{}", explore_case(&args[i + 1], &args[i + 2], args[i + 3] == "true"));
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--crdt") {
        println!("{}", crdt_case(&args[i + 1], args[i + 2].parse().unwrap()));
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--case") {
        let (kind, n, p) = (&args[i + 1], args[i + 2].parse().unwrap(), args[i + 3].parse().unwrap());
        let line = match kind.as_str() {
            "json-io" => json_io_case(n, p),
            "itc" => itc_case(n, p),
            _ => analyze_case(n, p),
        };
        println!("{line}");
        return;
    }
    let out_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench/native.jsonl");
    std::fs::create_dir_all(out_path.parent().unwrap()).unwrap();
    let mut cases: Vec<(&str, usize, usize)> =
        SIZES.iter().flat_map(|&n| WIDTHS.iter().map(move |&p| ("analyze", n, p))).collect();
    cases.push(("json-io", 100_000, 16));
    cases.extend([("itc", 100_000, 16), ("itc", 1_000_000, 32)]);
    let lines: String =
        cases.iter().map(|(kind, n, p)| child(&["--case", kind, &n.to_string(), &p.to_string()])).collect();
    std::fs::write(&out_path, lines).unwrap();
    let mut explored = String::new();
    for (protocol, faults) in [("2pc", "crash"), ("3pc", "crash"), ("3pc", "partition")] {
        for symmetry in ["false", "true"] {
            explored.push_str(&child(&["--explore", protocol, faults, symmetry]));
        }
    }
    explored.push_str(&child(&["--explore", "3pc", "many", "false"]));
    std::fs::write(out_path.with_file_name("explore.jsonl"), explored).unwrap();
    // A set's value is computed afresh at every event (time quadratic in
    // its elements, memory not): smaller runs for sets.
    let crdt: String =
        [("op-counter", [10_000, 100_000]), ("op-or-set", [5_000, 10_000]), ("or-set", [5_000, 10_000])]
            .iter()
            .flat_map(|(kind, sizes)| sizes.map(|n: usize| child(&["--crdt", kind, &n.to_string()])))
            .collect();
    std::fs::write(out_path.with_file_name("crdt.jsonl"), crdt).unwrap();
    let placed: String = [(1_000, 8), (10_000, 8), (10_000, 32)]
        .iter()
        .map(|(n, p)| child(&["--diagram", &n.to_string(), &p.to_string()]))
        .collect();
    std::fs::write(out_path.with_file_name("diagram.jsonl"), placed).unwrap();
    std::fs::write(out_path.with_file_name("cuts.jsonl"), child(&["--cuts"])).unwrap();
}
