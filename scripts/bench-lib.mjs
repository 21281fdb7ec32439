// Shared by the interaction, ShiViz and load benchmarks: the in-page
// "painted frame" probe, statistics, the shared logs, and each tool's own
// import dialog driven as a person drives it.
//
// "To the painted frame", as every table here uses it: a trusted input
// (playwright's page.mouse / page.keyboard, i.e. CDP Input.dispatch*, so the
// browser stamps it and Event Timing sees it) is timed from its event's
// `timeStamp` to the end of the rendering steps of the first frame whose DOM
// shows the change. A capture listener on window sees the input first; from
// it, each frame's requestAnimationFrame posts a MessageChannel message,
// whose task (a user-blocking scheduler.postTask where there is one,
// ahead of the page's timers) is the first to run after that frame's style,
// layout and paint
// (Chromium records the paint on the main thread; raster and presentation
// follow on other threads, so this is the main thread's share of the frame).
// That task checks whether the change is in the DOM: if it is, the frame just
// rendered drew it (a change made before or during the rendering steps is in
// that frame), else it waits for the next frame.
// Cross-check: Event Timing (PerformanceObserver type 'event') gives
// input-to-presentation `duration` for clicks, pointer and key events
// (not wheel or pointermove), rounded to 8 ms and only for entries of 16 ms
// or more (its least threshold); it is recorded next to the probe's figure
// as `event_timing_ms` (null: under 16 ms or not an Event Timing event).
import { createServer } from 'node:http';
import { readFile, readdir, stat } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { loadavg } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { root } from '../e2e/harness.mjs';

/** The probe, installed in every page before its own scripts (playwright's
 * init scripts go through CDP, so the page's Content-Security-Policy does not
 * apply; the probe needs no eval). */
export const PROBE = `(() => {
  const bench = window.__bench = { pending: null, events: [] };
  // arm(type, changed): the next trusted \`type\` event starts the clock;
  // resolves { t0, ms, frames } at the first frame with changed() true.
  bench.arm = (type, changed, timeoutMs) => {
    bench.pending = new Promise((resolve) => {
      const on = (e) => {
        if (!e.isTrusted) return;
        removeEventListener(type, on, true);
        const t0 = e.timeStamp;
        let frames = 0;
        const next = () => requestAnimationFrame(() => {
          frames++;
          const after = () => {
            const now = performance.now();
            let done = false;
            try { done = changed(); } catch (err) { done = false; }
            if (done) resolve({ t0, ms: now - t0, frames });
            else if (now - t0 > timeoutMs) resolve({ t0, ms: null, frames });
            else next();
          };
          // A user-blocking task runs ahead of the page's timers and other
          // queued work, so the clock stops as the frame's rendering ends.
          if (window.scheduler?.postTask) scheduler.postTask(after, { priority: 'user-blocking' });
          else { const c = new MessageChannel(); c.port1.onmessage = after; c.port2.postMessage(null); }
        });
        next();
      };
      addEventListener(type, on, { capture: true, passive: true });
    });
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.events.push({ name: e.name, start: e.startTime, duration: e.duration });
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  } catch (err) { bench.noEventTiming = String(err); }
})();`;

/** Arms the probe with `changed` (a function run in the page, given `arg`),
 * runs `act` (the trusted input), and returns the probe's result with the
 * Event Timing duration of the same input, if any. */
export async function timed(page, type, changed, arg, act, timeoutMs = 10000) {
  // The condition travels as source in a string expression: CDP compiles it
  // (Runtime.evaluate), which the page's CSP (no 'unsafe-eval') does not govern.
  await page.evaluate(`window.__bench.arm(${JSON.stringify(type)}, () => (${changed})(${JSON.stringify(arg ?? null)}), ${timeoutMs})`);
  await act();
  const r = await page.evaluate(() => window.__bench.pending);
  // Event Timing entries arrive after presentation: give them a frame or two.
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok, 30)))));
  const et = await page.evaluate((t0) => {
    const mine = window.__bench.events.filter((e) => Math.abs(e.start - t0) < 1);
    return mine.length ? Math.max(...mine.map((e) => e.duration)) : null;
  }, r.t0);
  return { ms: r.ms, frames: r.frames, event_timing_ms: et };
}

/** Two quiet frames, so that one sample's work does not spill into the next. */
export const settle = (page) => page.evaluate(() => new Promise((ok) =>
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok, 20)))));

export function stats(xs) {
  const v = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (!v.length) return { n: 0, median: null, p95: null };
  const at = (q) => v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)];
  const median = v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  return { n: v.length, median: round(median), p95: round(at(0.95)), max: round(v[v.length - 1]) };
}
const round = (x) => Math.round(x * 10) / 10;
export const fmt = (s) => (s?.median == null ? '–' : `${s.median.toFixed(1)} (${s.p95.toFixed(1)})`);

export const env = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
export const VIEWPORTS = (process.env.BENCH_VIEWPORTS ?? '1280x720,1920x1080').split(',')
  .map((v) => { const [width, height] = v.split('x').map(Number); return { width, height, name: v }; });

/** The machine's load, for the record: these figures come from a shared box. */
export const load = () => loadavg().map((x) => Math.round(x * 100) / 100);

/** The shared ShiViz logs, if ../shared is here (a clone has none). */
export const SHARED = process.env.SHIVIZ_DATA ?? join(root, '..', 'shared', 'data', 'shiviz');
export function sharedLogs() {
  const manifest = join(SHARED, 'MANIFEST.json');
  if (!existsSync(manifest)) return null;
  return JSON.parse(readFileSync(manifest, 'utf8')).logs
    .map((l) => ({ ...l, path: join(SHARED, l.file), text: readFileSync(join(SHARED, l.file), 'utf8') }));
}

/** Serves `dir` gzipped (as any static host would), for the load benchmark. */
export async function serveGzip(dir) {
  dir = resolve(dir);
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm',
    '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff': 'font/woff', '.ttf': 'font/ttf' };
  const cache = new Map();
  const server = createServer(async (req, res) => {
    let file = normalize(join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      if (!cache.has(file)) cache.set(file, gzipSync(await readFile(file), { level: 9 }));
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'content-encoding': 'gzip' })
        .end(cache.get(file));
    } catch { res.writeHead(404).end(); }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

/** What ShiViz is: the peers README names its commit; the files' hash says
 * which copy it was either way. */
export async function shivizVersion(dir) {
  const hash = createHash('sha256');
  const walk = async (d) => {
    for (const name of (await readdir(d)).sort()) {
      const p = join(d, name);
      if ((await stat(p)).isDirectory()) await walk(p);
      else hash.update(name).update(await readFile(p));
    }
  };
  await walk(dir);
  let commit = null;
  for (const f of [join(dir, 'VERSION'), join(dir, '..', 'README.md')]) {
    const m = existsSync(f) && readFileSync(f, 'utf8').match(/\b[0-9a-f]{40}\b/);
    if (m) { commit = m[0]; break; }
  }
  return { commit, content_sha256: hash.digest('hex').slice(0, 16) };
}

/** Centre of an element, as page coordinates for page.mouse. */
export async function centre(locator) {
  const b = await locator.boundingBox();
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Sets a big text field's value the way a paste does (one input event);
 * playwright's fill types it through insertText, slow for a megabyte. */
export const paste = (page, selector, text) => page.evaluate(([s, t]) => {
  const el = document.querySelector(s);
  el.value = t;
  el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
}, [selector, text]);
