// `make bench`, the cut tool (issue 17): on the largest diagram whose
// lattice the Cuts panel draws (80 consistent cuts: two lines of 9 events,
// one message a5 -> b6) and on the Theorem 1 bank run in the snapshot lab,
// each interaction timed to the painted frame (bench-lib.mjs): a cut line
// dragged across the lines (from the pointerup, where the cut is made) and
// a lattice node pointed at (its cut goes on the diagram). Both re-judge
// the cut, redraw its line and marks, the panel and the lattice. Target:
// 16 ms, median and p95. Writes target/bench/cut.json.
//   BENCH_SAMPLES (15 per case and interaction), BENCH_VIEWPORTS.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root, serve, launch } from '../e2e/harness.mjs';
import { env, stats, fmt, load, settle, timed, VIEWPORTS } from './bench-lib.mjs';
import { lightconeOpen } from './bench-tools.mjs';

const SAMPLES = env('BENCH_SAMPLES', 15);
const server = await serve();
const browser = await launch();

/** Two lines of nine events; a5 sends to b6, so the cuts with b6 inside
 * and a5 outside (4 x 5 of the 100 frontiers) are inconsistent. */
function eighty() {
  const events = [];
  for (let i = 1; i <= 9; i++) {
    events.push({ id: `a${i}`, process: 'A', kind: i === 5 ? 'send' : 'local', ...(i === 5 ? { message: 'm1' } : {}), time: i });
    events.push({ id: `b${i}`, process: 'B', kind: i === 6 ? 'receive' : 'local', ...(i === 6 ? { message: 'm1' } : {}), time: i + 0.5 });
  }
  return JSON.stringify({ processes: ['A', 'B'], events });
}

const cases = [
  { name: 'two lines of 9 (80 cuts)', url: `${server.url}?lab=causality`,
    prepare: (page) => page.evaluate((t) => window.lightcone.load(t), eighty()) },
  { name: 'bank-never-held (snapshot lab, 37 cuts)', url: `${server.url}?scenario=bank-never-held` },
];

/** The verdict's "Inside: …" text, which every new cut changes. */
const INSIDE = `() => document.querySelector('.cut-verdict')?.textContent.match(/Inside: [^.]*/)?.[0] ?? ''`;

/** Drags across the process lines at alternating places, each a new cut. */
async function drags(page, n) {
  const box = await page.locator('svg.diagram').boundingBox();
  const out = [];
  for (let i = 0; i < n; i++) {
    const x = box.x + box.width * (i % 2 ? 0.35 : 0.6) + (i % 5);
    const before = await page.evaluate(INSIDE);
    await page.mouse.move(x, box.y + 8);
    await page.mouse.down();
    await page.mouse.move(x + 4, box.y + box.height / 2, { steps: 3 });
    await page.mouse.move(x + 8, box.y + box.height - 8, { steps: 3 });
    out.push(await timed(page, 'pointerup', `(was) => (${INSIDE})() !== was`, before, () => page.mouse.up()));
    await settle(page);
  }
  return out;
}

/** Points at lattice nodes in turn (the lowest and highest third apart). */
async function lattice(page, n) {
  const nodes = page.locator('.lattice-node');
  const count = await nodes.count();
  const out = [];
  for (let i = 0; i < n; i++) {
    const node = nodes.nth(i % 2 ? Math.floor(count / 3) + (i % 4) : Math.floor((2 * count) / 3) - (i % 4));
    await node.scrollIntoViewIfNeeded();
    const label = await node.getAttribute('data-lattice-node');
    const box = await node.boundingBox();
    out.push(await timed(page, 'pointermove',
      `(want) => document.querySelector('.lattice-node.shown')?.getAttribute('data-lattice-node') === want`, label,
      () => page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)));
    await settle(page);
  }
  return out;
}

const started = Date.now();
const result = { samples: SAMPLES, load_before: load(), viewports: {} };
for (const viewport of VIEWPORTS) {
  const rows = result.viewports[viewport.name] = {};
  for (const c of cases) {
    const page = await lightconeOpen(browser, c.url, viewport);
    const row = rows[c.name] = {};
    try {
      if (c.prepare) await c.prepare(page);
      await page.click('#draw-cut');
      await page.waitForSelector('.lattice-node');
      row.cuts = await page.locator('.lattice-node').count();
      const summary = (xs) => ({ ...stats(xs.map((s) => s.ms)), timeouts: xs.filter((s) => s.ms == null).length });
      row.drag = summary(await drags(page, SAMPLES));
      row.lattice = summary(await lattice(page, SAMPLES));
    } catch (e) {
      row.error = String(e).split('\n')[0];
    } finally {
      await page.close();
    }
    console.error(`cut ${viewport.name} ${c.name}: ${JSON.stringify({ drag: row.drag?.median, lattice: row.lattice?.median, error: row.error })}`);
  }
}
await browser.close();
server.close();
result.load_after = load();
result.minutes = Math.round((Date.now() - started) / 600) / 100;
mkdirSync(join(root, 'target/bench'), { recursive: true });
writeFileSync(join(root, 'target/bench/cut.json'), JSON.stringify(result) + '\n');

const cell = (s) => (s == null ? '–' : `${fmt(s)}${s.timeouts ? ` ${s.timeouts} no change` : ''}`);
console.log(`\nThe cut tool, to the painted frame: median (p95) ms over ${SAMPLES} samples; target 16 ms. ` +
  `Load average ${result.load_before.join(' ')} -> ${result.load_after.join(' ')}`);
console.log('| case | viewport | lattice nodes | drag a cut line | point at a lattice node |');
console.log('|---|---|---:|---:|---:|');
for (const [vp, rows] of Object.entries(result.viewports)) {
  for (const [name, r] of Object.entries(rows)) {
    if (r.error) { console.log(`| ${name} | ${vp} | | error: ${r.error} | |`); continue; }
    console.log(`| ${name} | ${vp} | ${r.cuts} | ${cell(r.drag)} | ${cell(r.lattice)} |`);
  }
}
