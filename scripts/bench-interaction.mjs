// `make bench`, Lightcone's interactions: hover an event, select one (a
// click), pan by one screen (one sideways wheel event), and on the
// 500-event generated diagram move an event (← / →), each timed to the
// painted frame (bench-lib.mjs defines it), on every preset, the generated
// diagram and every shared log (imported through the Import dialog), at each
// viewport; a fresh page per case. Target: 16 ms, median and p95.
// Writes target/bench/interaction.json and prints a markdown table.
//   BENCH_SAMPLES (15 per case and interaction), BENCH_VIEWPORTS,
//   BENCH_CASES (comma-separated case names, to run a few).
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root, serve, launch } from '../e2e/harness.mjs';
import { env, stats, fmt, load, sharedLogs, VIEWPORTS, PROBE } from './bench-lib.mjs';
import { lightconeOpen, lightconeImport, twoEvents, hover, select, pan, edit } from './bench-tools.mjs';

const SAMPLES = env('BENCH_SAMPLES', 15);
const server = await serve();
const browser = await launch();

/** The generated diagram of bench-browser.mjs: 500 events, 8 processes, seed 3. */
async function generated(page) {
  await page.click('#lab-causality');
  for (const [id, value] of [['#gen-events', '500'], ['#gen-processes', '8'], ['#gen-seed', '3']]) {
    await page.fill(id, value);
    await page.press(id, 'Enter');
  }
  await page.click('#generate');
  // Only the stretch in view is drawn: the trace itself says when it is there.
  await page.waitForFunction(() => JSON.parse(window.lightcone.trace()).events.length === 500);
  await page.waitForSelector('svg.diagram [data-event-id]');
}

// The floor: a page that does the least each input needs (a class, an
// attribute, a viewBox) under the same probe, so that what Chromium and the
// harness add (waiting for the next frame; wheel and pointermove events are
// dispatched with the frame) is seen apart from Lightcone's own work.
const FLOOR = `<!doctype html><body style="margin:0"><svg class="diagram" width="100%" height="600" viewBox="0 0 1200 600">
  <g data-event-id="a"><circle cx="400" cy="200" r="8"/></g><g data-event-id="b"><circle cx="400" cy="300" r="8"/></g>
  <rect x="0" y="400" width="4000" height="10"/></svg><script>
  const svg = document.querySelector('svg'), tip = document.createElementNS(svg.namespaceURI, 'text');
  svg.append(tip);
  svg.addEventListener('pointermove', (e) => { const g = e.target.closest('[data-event-id]'); if (g) tip.dataset.tooltipFor = g.dataset.eventId; });
  svg.addEventListener('pointerup', (e) => { const g = e.target.closest('[data-event-id]');
    svg.querySelectorAll('[data-cone]').forEach((x) => delete x.dataset.cone); if (g) g.dataset.cone = 'self'; });
  svg.addEventListener('wheel', (e) => { e.preventDefault(); const v = svg.viewBox.baseVal; v.x = Math.max(0, Math.min(2800, v.x + e.deltaX)); }, { passive: false });
</script>`;
async function floor(page) {
  await page.route('http://floor.test/', (route) => route.fulfill({ body: FLOOR, contentType: 'text/html' }));
  await page.goto('http://floor.test/');
}

const cases = [{ name: 'floor (a near-empty page)', url: 'about:blank', open: floor }];
for (const f of readdirSync(join(root, 'www/presets')).filter((f) => f.endsWith('.json')).sort()) {
  const name = f.replace(/\.json$/, '');
  cases.push({ name: `preset ${name}`, url: `${server.url}?preset=${name}` });
}
cases.push({ name: 'generated 500 × 8', url: `${server.url}?lab=causality`, prepare: generated, edits: true });
const logs = sharedLogs();
if (!logs) console.log('SKIPPED: interactions on the shared ShiViz logs (../shared/data/shiviz/MANIFEST.json is absent)');
for (const log of logs ?? []) cases.push({ name: log.file, url: server.url, log });
const only = process.env.BENCH_CASES?.split(',');
const chosen = only ? cases.filter((c) => only.includes(c.name)) : cases;

async function plainPage(viewport, open) {
  const page = await browser.newPage({ viewport });
  await page.addInitScript(PROBE);
  await open(page);
  return page;
}

const started = Date.now();
const result = { samples: SAMPLES, load_before: load(), viewports: {} };
for (const viewport of VIEWPORTS) {
  const rows = result.viewports[viewport.name] = {};
  for (const c of chosen) {
    const page = c.open ? await plainPage(viewport, c.open) : await lightconeOpen(browser, c.url, viewport);
    const row = rows[c.name] = {};
    try {
      if (c.prepare) await c.prepare(page);
      if (c.log) {
        const imp = await lightconeImport(page, c.log);
        row.import_ms = imp.ms;
        if (imp.refused) { row.refused = imp.refused; console.log(`refused: ${c.name} (${imp.refused})`); continue; }
      }
      row.events_drawn = await page.locator('svg.diagram [data-event-id]').count();
      const pair = await twoEvents(page, 'lightcone');
      if (!pair) { row.error = 'no two events on screen to point at'; continue; }
      const summary = (xs) => ({ ...stats(xs.map((s) => s.ms)), event_timing: stats(xs.map((s) => s.event_timing_ms)), timeouts: xs.filter((s) => s.ms == null).length });
      row.hover = summary(await hover(page, 'lightcone', pair, SAMPLES));
      row.select = summary(await select(page, 'lightcone', pair, SAMPLES));
      const p = await pan(page, 'lightcone', SAMPLES);
      row.pan = p.skipped ? { skipped: p.skipped } : summary(p);
      if (c.edits) row.edit = summary(await edit(page, pair[0].id, SAMPLES));
    } catch (e) {
      row.error = String(e).split('\n')[0];
    } finally {
      await page.close();
    }
    console.error(`interaction ${viewport.name} ${c.name}: ${JSON.stringify({ hover: row.hover?.median, select: row.select?.median, pan: row.pan?.median, edit: row.edit?.median, error: row.error })}`);
  }
}
await browser.close();
server.close();
result.load_after = load();
result.minutes = Math.round((Date.now() - started) / 600) / 100;
mkdirSync(join(root, 'target/bench'), { recursive: true });
writeFileSync(join(root, 'target/bench/interaction.json'), JSON.stringify(result) + '\n');

const cell = (s) => (s == null ? '–' : s.skipped ?? `${fmt(s)}${s.timeouts ? ` ${s.timeouts} no change` : ''}`);
console.log(`\nLightcone, to the painted frame: median (p95) ms over ${SAMPLES} samples; target 16 ms. ` +
  `Event Timing's median for the select (8 ms steps; – under 16 ms). Load average ${result.load_before.join(' ')} -> ${result.load_after.join(' ')}`);
console.log('| case | viewport | events drawn | hover | select | select, Event Timing | pan one screen | edit (move an event) |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const [vp, rows] of Object.entries(result.viewports)) {
  for (const [name, r] of Object.entries(rows)) {
    if (r.refused || r.error) { console.log(`| ${name} | ${vp} | | ${r.refused ? `refused: ${r.refused}` : `error: ${r.error}`} | | | | |`); continue; }
    console.log(`| ${name} | ${vp} | ${r.events_drawn} | ${cell(r.hover)} | ${cell(r.select)} | ${r.select.event_timing.median ?? '–'} | ${cell(r.pan)} | ${cell(r.edit)} |`);
  }
}
