// `make bench`, first load on a throttled connection: 10 Mbit/s down (and
// up), 40 ms round trip, cache disabled (CDP Network.emulateNetworkConditions
// and Network.setCacheDisabled), files served gzipped as a static host
// would. For Lightcone, from navigation start: the first diagram painted (an
// observer sees its first event drawn, then the frame's rendering ends), and
// time to interactive: a click sent as soon as an event is drawn (after
// closing the first visit's gallery), retried until one selects, to the painted frame showing the selection. For ShiViz
// (when SHIVIZ_DIR is given): its page loaded, then a click on "Try out
// ShiViz" to the painted input tab. Also the bytes transferred (gzipped),
// per file. Writes target/bench/load.json and prints a table.
//   BENCH_LOAD_RUNS (3), SHIVIZ_DIR.
import { writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, resolve, basename } from 'node:path';
import { root, launch } from '../e2e/harness.mjs';
import { env, stats, fmt, load, serveGzip, shivizVersion, PROBE, timed } from './bench-lib.mjs';

const RUNS = env('BENCH_LOAD_RUNS', 3);
const viewport = { width: 1280, height: 720 };
// The moment the first event is drawn, and the end of that frame.
const FIRST = `new MutationObserver((_, o) => {
  if (!document.querySelector('svg.diagram [data-event-id]')) return;
  o.disconnect();
  requestAnimationFrame(() => scheduler.postTask(() => { window.__firstDiagram = performance.now(); }, { priority: 'user-blocking' }));
}).observe(document, { subtree: true, childList: true });`;

async function throttled(browser) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 10e6 / 8,
  });
  const urls = new Map(), bytes = {};
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    const name = basename(new URL(urls.get(e.requestId) ?? 'http://x/?').pathname) || 'index.html';
    bytes[name] = (bytes[name] ?? 0) + e.encodedDataLength;
  });
  await page.addInitScript(PROBE);
  return { context, page, bytes };
}

async function lightcone(browser, url) {
  const { context, page, bytes } = await throttled(browser);
  await page.addInitScript(FIRST);
  await page.goto(url, { waitUntil: 'commit' });
  let selected = null;
  for (let tries = 0; tries < 50 && !selected; tries++) {
    const dot = page.locator('svg.diagram [data-event-id] circle').first();
    await dot.waitFor({ timeout: 60000 });
    // A first visit is greeted by the gallery over the diagram: closed as a
    // first-time visitor would, and counted in the time.
    if (await page.locator('#gallery-close').count()) { await page.click('#gallery-close'); continue; }
    const b = await dot.boundingBox();
    if (!b) continue;
    const id = await page.locator('svg.diagram [data-event-id]').first().getAttribute('data-event-id');
    const r = await timed(page, 'pointerup', (id) => document.querySelector(`[data-event-id="${CSS.escape(id)}"]`)?.dataset.cone === 'self',
      id, () => page.mouse.click(b.x + b.width / 2, b.y + b.height / 2), 2000);
    if (r.ms != null) selected = await page.evaluate(() => performance.now());
  }
  const t = await page.evaluate(() => ({ first: window.__firstDiagram, load: performance.getEntriesByType('navigation')[0].loadEventEnd }));
  await context.close();
  return { first_diagram_ms: t.first, interactive_ms: selected, load_event_ms: t.load, bytes };
}

async function shiviz(browser, url) {
  const { context, page, bytes } = await throttled(browser);
  await page.goto(url, { waitUntil: 'load' });
  const at = await page.locator('.try').boundingBox();
  const r = await timed(page, 'pointerup', () => getComputedStyle(document.querySelector('section.input')).display !== 'none',
    null, () => page.mouse.click(at.x + at.width / 2, at.y + at.height / 2));
  const t = await page.evaluate(() => ({ now: performance.now(), load: performance.getEntriesByType('navigation')[0].loadEventEnd }));
  await context.close();
  return { load_event_ms: t.load, interactive_ms: r.ms == null ? null : t.now, bytes };
}

const started = Date.now();
const result = { network: '10 Mbit/s, 40 ms round trip, cache disabled, gzip', runs: RUNS, load_before: load() };
const browser = await launch();
const tools = { lightcone: [join(root, 'dist'), lightcone] };
const dir = process.env.SHIVIZ_DIR && resolve(process.env.SHIVIZ_DIR);
if (dir && existsSync(join(dir, 'index.html'))) tools.shiviz = [dir, shiviz];
else console.log(`SKIPPED: ShiViz's first load (${dir ? `no index.html in ${dir}` : 'SHIVIZ_DIR is not set'})`);
for (const [name, [d, run]] of Object.entries(tools)) {
  const server = await serveGzip(d);
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await run(browser, server.url));
  server.close();
  const total = (r) => Object.values(r.bytes).reduce((a, b) => a + b, 0);
  result[name] = {
    first_diagram_ms: stats(runs.map((r) => r.first_diagram_ms)),
    interactive_ms: stats(runs.map((r) => r.interactive_ms)),
    load_event_ms: stats(runs.map((r) => r.load_event_ms)),
    transfer_kb: Math.round(total(runs[0]) / 102.4) / 10,
    files_kb: Object.fromEntries(Object.entries(runs[0].bytes).sort((a, b) => b[1] - a[1]).map(([f, n]) => [f, Math.round(n / 102.4) / 10])),
    ...(name === 'shiviz' ? await shivizVersion(d) : {}),
  };
}
await browser.close();
result.load_after = load();
result.minutes = Math.round((Date.now() - started) / 600) / 100;
mkdirSync(join(root, 'target/bench'), { recursive: true });
writeFileSync(join(root, 'target/bench/load.json'), JSON.stringify(result) + '\n');

console.log(`\nFirst load, ${result.network}; medians (p95) of ${RUNS} in ms from navigation start; load average ${result.load_before.join(' ')} -> ${result.load_after.join(' ')}`);
console.log('| tool | transferred, KiB | first diagram painted | interactive | load event |');
console.log('|---|---:|---:|---:|---:|');
for (const name of Object.keys(tools)) {
  const r = result[name];
  console.log(`| ${name} | ${r.transfer_kb} | ${fmt(r.first_diagram_ms)} | ${fmt(r.interactive_ms)} | ${fmt(r.load_event_ms)} |`);
}
for (const name of Object.keys(tools)) {
  console.log(`${name} files (KiB transferred): ${Object.entries(result[name].files_kb).map(([f, k]) => `${f} ${k}`).join(', ')}`);
}
