// `make bench`, side by side with ShiViz: each shared log imported through
// each tool's own dialog (ShiViz: paste, regex, delimiter, Visualize;
// Lightcone: File > Import, paste, regex, delimiter, Import), timed from the
// click to the first painted frame of the diagram; then, on that page, hover,
// select and pan by one screen, each to its painted frame (bench-lib.mjs
// defines it). A fresh page per run, the tools interleaved (which goes first
// alternates), at each viewport. Medians and p95 over runs (import) and over
// runs × samples (interactions). Writes target/bench/shiviz.json and prints
// a markdown table.
//   SHIVIZ_DIR   ShiViz's static site (index.html, js/); skipped without it.
//   BENCH_RUNS (9), BENCH_SAMPLES (2 per run and interaction),
//   BENCH_SHIVIZ_LOGS (comma-separated file names), BENCH_VIEWPORTS.
import { writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { root, serve, launch } from '../e2e/harness.mjs';
import { env, stats, fmt, load, sharedLogs, shivizVersion, VIEWPORTS } from './bench-lib.mjs';
import { lightconeOpen, lightconeImport, shivizOpen, shivizImport, twoEvents, hover, select, pan } from './bench-tools.mjs';

const out = join(root, 'target/bench/shiviz.json');
mkdirSync(join(root, 'target/bench'), { recursive: true });
const skip = (why) => {
  console.log(`SKIPPED: side-by-side benchmark with ShiViz (${why})`);
  writeFileSync(out, JSON.stringify({ skipped: why }) + '\n');
  process.exit(0);
};
const dir = process.env.SHIVIZ_DIR && resolve(process.env.SHIVIZ_DIR);
if (!dir) skip('SHIVIZ_DIR is not set');
if (!existsSync(join(dir, 'index.html'))) skip(`no index.html in ${dir}`);
const all = sharedLogs();
if (!all) skip('no shared logs: ../shared/data/shiviz/MANIFEST.json is absent');

const RUNS = env('BENCH_RUNS', 9), SAMPLES = env('BENCH_SAMPLES', 2);
// The logs of the table: every RFS execution, TSViz, Chord, Voldemort
// (single executions: a multi-execution log asks Lightcone for a choice).
const wanted = process.env.BENCH_SHIVIZ_LOGS?.split(',');
const logs = all.filter((l) => (wanted ? wanted.includes(l.file) : /^(rfs-|tsviz|chord|voldemort)/.test(l.file)));
for (const w of wanted ?? []) if (!logs.some((l) => l.file === w)) console.log(`SKIPPED: ${w} (not in the shared MANIFEST.json)`);

const version = await shivizVersion(dir);
const started = Date.now(), loadBefore = load();
const lc = await serve(), sv = await serve(dir);
const browser = await launch();
const result = { shiviz: { dir, ...version }, runs: RUNS, samples: SAMPLES, load_before: loadBefore, viewports: {} };

async function measure(tool, log, viewport) {
  const page = tool === 'lightcone' ? await lightconeOpen(browser, lc.url, viewport) : await shivizOpen(browser, sv.url, viewport);
  try {
    const imp = await (tool === 'lightcone' ? lightconeImport : shivizImport)(page, log);
    if (imp.refused) return { import: imp };
    const pair = await twoEvents(page, tool);
    if (!pair) return { import: imp, error: 'no two events on screen to point at' };
    return {
      import: imp, hover: await hover(page, tool, pair, SAMPLES),
      select: await select(page, tool, pair, SAMPLES), pan: await pan(page, tool, SAMPLES),
    };
  } finally { await page.close(); }
}

for (const viewport of VIEWPORTS) {
  const cases = result.viewports[viewport.name] = {};
  for (const log of logs) {
    const raw = { lightcone: [], shiviz: [] };
    for (let run = 0; run < RUNS; run++) {
      // Interleaved: the tool that goes first alternates from run to run.
      for (const tool of run % 2 ? ['shiviz', 'lightcone'] : ['lightcone', 'shiviz']) raw[tool].push(await measure(tool, log, viewport));
    }
    const c = cases[log.file] = { events: log.events[0], hosts: log.hosts[0] };
    for (const tool of ['lightcone', 'shiviz']) {
      const runs = raw[tool];
      const refused = runs.find((r) => r.import.refused)?.import.refused;
      const flat = (k) => runs.flatMap((r) => (Array.isArray(r[k]) ? r[k] : []));
      const skipped = runs.find((r) => r.pan?.skipped)?.pan.skipped;
      c[tool] = refused ? { refused } : {
        import: stats(runs.map((r) => r.import.ms)),
        import_event_timing: stats(runs.map((r) => r.import.event_timing_ms)),
        hover: stats(flat('hover').map((s) => s.ms)),
        select: stats(flat('select').map((s) => s.ms)),
        select_event_timing: stats(flat('select').map((s) => s.event_timing_ms)),
        pan: skipped ? { skipped } : stats(flat('pan').map((s) => s.ms)),
        errors: runs.filter((r) => r.error).map((r) => r.error),
        raw: runs,
      };
    }
    const [l, s] = [c.lightcone.import?.median, c.shiviz.import?.median];
    c.speedup = l && s ? Math.round((s / l) * 100) / 100 : null;
    // Written as it goes: a long run stopped part way keeps what it measured.
    writeFileSync(out, JSON.stringify({ ...result, partial: true }) + '\n');
    console.error(`shiviz ${viewport.name} ${log.file}: ShiViz ${s ?? c.shiviz.refused} ms, Lightcone ${l ?? c.lightcone.refused} ms`);
  }
}
await browser.close();
lc.close(); sv.close();
result.load_after = load();
result.minutes = Math.round((Date.now() - started) / 600) / 100;
writeFileSync(out, JSON.stringify(result) + '\n');

// The table: medians (p95) in ms; ShiViz in brackets after Lightcone.
const cell = (c, k) => (c.refused ? 'refused' : c[k]?.skipped ?? fmt(c[k]));
console.log(`\nLightcone and ShiViz (commit ${version.commit ?? 'unknown'}, files sha256 ${version.content_sha256}), ` +
  `medians (p95) in ms to the painted frame, ${RUNS} runs x ${SAMPLES} samples; load average ${loadBefore.join(' ')} -> ${result.load_after.join(' ')}`);
console.log('| log | events × hosts | viewport | import, ShiViz | import, Lightcone | ShiViz / Lightcone | select, Lightcone (ShiViz) | hover, Lightcone (ShiViz) | pan one screen, Lightcone (ShiViz) |');
console.log('|---|---|---|---:|---:|---:|---:|---:|---:|');
for (const [vp, cases] of Object.entries(result.viewports)) {
  for (const [file, c] of Object.entries(cases)) {
    const imp = (t) => (c[t].refused ? `refused: ${c[t].refused}` : fmt(c[t].import));
    console.log(`| ${file} | ${c.events.toLocaleString('en')} × ${c.hosts} | ${vp} | ${imp('shiviz')} | ${imp('lightcone')} | ${c.speedup ? c.speedup + '×' : '–'} | ` +
      ['select', 'hover', 'pan'].map((k) => `${cell(c.lightcone, k)} [${cell(c.shiviz, k)}]`).join(' | ') + ' |');
  }
}
