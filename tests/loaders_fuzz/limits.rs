//! Limits on what one fuzz input may cost: a counting global allocator
//! that knows each thread's live and peak bytes, and a runner that gives
//! every input a thread of its own, fails it when its peak allocation
//! passes a bound proportional to its size plus a constant, and stops the
//! whole run when it takes longer than the time limit (a runaway thread
//! cannot be killed, so the run ends there, naming the input).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Write;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Counts every allocation against the thread that makes it.
pub struct Counting;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
    /// Past this many live bytes the thread's allocations fail (the
    /// process then aborts, with the input already written down).
    static HARD: Cell<usize> = const { Cell::new(usize::MAX) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !grow(layout.size()) {
            return std::ptr::null_mut();
        }
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let _ = LIVE.try_with(|l| l.set(l.get().saturating_sub(layout.size())));
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() && !grow(new_size - layout.size()) {
            return std::ptr::null_mut();
        }
        if new_size < layout.size() {
            let _ = LIVE.try_with(|l| l.set(l.get().saturating_sub(layout.size() - new_size)));
        }
        System.realloc(ptr, layout, new_size)
    }
}

/// Counts `bytes` more; false when that passes the thread's hard limit.
fn grow(bytes: usize) -> bool {
    let live = LIVE.try_with(|l| {
        let now = l.get().saturating_add(bytes);
        l.set(now);
        now
    });
    let Ok(live) = live else { return true };
    let _ = PEAK.try_with(|p| p.set(p.get().max(live)));
    // A panicking thread may allocate (its message, a backtrace): failing
    // it then would deadlock on the backtrace lock it holds.
    HARD.try_with(|h| live <= h.get()).unwrap_or(true) || std::thread::panicking()
}

/// What one input may cost.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Peak bytes allocated per byte of input...
    pub per_byte: usize,
    /// ...plus this many.
    pub base: usize,
    /// Wall-clock time per input.
    pub time: Duration,
}

impl Limits {
    /// The bound for an input of `len` bytes.
    pub fn memory(&self, len: usize) -> usize {
        len.saturating_mul(self.per_byte).saturating_add(self.base)
    }
}

/// Cases per fuzz target: `LIGHTCONE_FUZZ_CASES` (as `make fuzz` sets),
/// else `default` (what `make test` runs).
pub fn cases(default: u32) -> u32 {
    std::env::var("LIGHTCONE_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The time limit per input: `LIGHTCONE_FUZZ_SECONDS` (`make fuzz` sets 2,
/// in an optimised build where the costliest input takes 15 to 330 ms
/// as the machine is busy), else
/// 20 s (debug builds on a busy 2-core machine: a guard against a hang).
pub fn time_limit() -> Duration {
    let seconds = std::env::var("LIGHTCONE_FUZZ_SECONDS").ok().and_then(|v| v.parse().ok()).unwrap_or(20.0);
    Duration::from_secs_f64(seconds)
}

/// Runs `load` on `input` within `limits`; the error says which limit the
/// input broke, or how it panicked. Returns the peak bytes allocated.
pub fn bounded(
    target: &str,
    input: &str,
    limits: Limits,
    load: impl FnOnce() + Send + 'static,
) -> Result<usize, String> {
    let bound = limits.memory(input.len());
    // Written down first: an input that passes the hard limit aborts the
    // process, which reports nothing of its own.
    let record = std::env::temp_dir().join(format!("lightcone-fuzz-{target}.txt"));
    let _ = std::fs::write(&record, input);
    let (done, finished) = mpsc::channel();
    let start = Instant::now();
    let worker = std::thread::Builder::new()
        .name(format!("fuzz {target}"))
        .spawn(move || {
            let base = LIVE.with(Cell::get);
            PEAK.with(|p| p.set(base));
            HARD.with(|h| h.set(base.saturating_add(bound.saturating_mul(4))));
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(load));
            HARD.with(|h| h.set(usize::MAX));
            let _ = done.send(outcome.map(|()| PEAK.with(Cell::get) - base));
        })
        .expect("a fuzz thread starts");
    let outcome = match finished.recv_timeout(limits.time) {
        Ok(outcome) => outcome,
        Err(_) => {
            // Straight to the process's stderr: the test harness holds back
            // what `eprintln!` writes until a test ends, and this one won't.
            let _ = writeln!(
                std::io::stderr(),
                "fuzz {target}: an input took more than {:?}; the run stops here. The input is in {}",
                limits.time,
                record.display()
            );
            std::process::exit(101);
        }
    };
    let _ = worker.join();
    let took = start.elapsed();
    match outcome {
        Err(_) => Err(format!("{target}: the loader panicked")),
        Ok(peak) if peak > bound => Err(format!(
            "{target}: peak allocation {peak} bytes for {} bytes of input (the bound is {bound}); took {took:?}",
            input.len()
        )),
        Ok(peak) => {
            report(target, peak, input.len(), took);
            Ok(peak)
        }
    }
}

/// With `LIGHTCONE_FUZZ_REPORT` set, prints each target's costliest input
/// so far (peak bytes, its size, its time) whenever one is costlier in
/// memory or in time: what the limits are set from.
fn report(target: &str, peak: usize, len: usize, took: Duration) {
    use std::sync::Mutex;
    /// Per target: the highest peak and the longest time so far.
    static WORST: Mutex<Vec<(String, usize, Duration)>> = Mutex::new(Vec::new());
    if std::env::var_os("LIGHTCONE_FUZZ_REPORT").is_none() {
        return;
    }
    let mut worst = WORST.lock().unwrap_or_else(|e| e.into_inner());
    let i = match worst.iter().position(|w| w.0 == target) {
        Some(i) => i,
        None => {
            worst.push((target.to_string(), 0, Duration::ZERO));
            worst.len() - 1
        }
    };
    if peak > worst[i].1 || took > worst[i].2 {
        worst[i] = (target.to_string(), peak.max(worst[i].1), took.max(worst[i].2));
        eprintln!("fuzz {target}: peak {peak} bytes for {len} bytes of input, {took:?}");
    }
}
