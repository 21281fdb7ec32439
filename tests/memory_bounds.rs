//! Heap measured, not estimated: this test binary counts every allocation,
//! and each run below must peak under a stated figure that the quadratic
//! versions exceeded many times over. One test, so nothing else allocates
//! meanwhile.
#![cfg(not(target_arch = "wasm32"))]

use lightcone::core::crdt::{run, Delivery, Scenario};
use lightcone::core::sim::explore::{explore, Bounds};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static HEAP: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = HEAP.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HEAP.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The heap `f` takes at its peak, in MiB.
fn peak_mib(f: impl FnOnce()) -> f64 {
    let base = HEAP.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    f();
    (PEAK.load(Ordering::Relaxed) - base) as f64 / (1024.0 * 1024.0)
}

/// `n` operations alternating between replicas A and B, each sending to
/// the other after every tenth of its own.
fn gossip(kind: &str, n: usize, op: impl Fn(usize) -> String) -> Scenario {
    let mut events = Vec::new();
    for i in 0..n {
        let (me, other) = if i % 2 == 0 { ("A", "B") } else { ("B", "A") };
        events.push(format!(r#"{{"id":"o{i}","process":"{me}","kind":"local","op":"{}"}}"#, op(i)));
        if i % 20 >= 18 {
            events.push(format!(r#"{{"id":"s{i}","process":"{me}","kind":"send","message":"m{i}"}}"#));
            events.push(format!(r#"{{"id":"r{i}","process":"{other}","kind":"receive","message":"m{i}"}}"#));
        }
    }
    Scenario::parse(&format!(r#"{{"crdt":"{kind}","processes":["A","B"],"events":[{}]}}"#, events.join(",")))
        .unwrap()
}

#[test]
fn crdt_runs_and_the_explorer_stay_within_their_memory() {
    // Each event's set of updates and value stored whole: 30,000
    // increments took 3.5 GB, 3,000 adds to an OR-Set about 0.5 GB (each
    // send's state kept to the end too).
    let counter = gossip("op-counter", 30_000, |_| "inc".into());
    let set = gossip("or-set", 3_000, |i| format!("add x{i}"));
    for (name, s, limit) in [("op-counter", &counter, 40.0), ("or-set", &set, 20.0)] {
        let mib = peak_mib(|| {
            run(&s.trace, s.kind, &s.ops, Delivery::Causal).unwrap();
        });
        eprintln!("{name}: {mib:.1} MiB");
        assert!(mib < limit, "{name}: {mib:.1} MiB");
    }
    // The explorer's budget holds for its heap, give or take the
    // allocator's rounding the estimate leaves out.
    let s =
        lightcone::core::sim::scenario::Scenario::parse(r#"{"protocol": "3pc", "participants": 3}"#).unwrap();
    let bounds = Bounds { crashes: 3, drops: 3, partitions: 1, memory: 16 << 20, ..Bounds::default() };
    let mut stopped = false;
    let mib = peak_mib(|| stopped = explore(&s, &bounds).memory_cut);
    eprintln!("explorer: {mib:.1} MiB");
    assert!(stopped && mib < 16.0 * 1.25, "{mib:.1} MiB");
}
