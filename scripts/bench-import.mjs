// `make bench`, import half: the 8,213-event ShiViz log (from
// ../shared/data/shiviz when present, else a generated log of the same
// size and shape) imported in headless Chromium, from the Import click to
// the first painted frame of the new diagram; and the native CLI on the same
// file. Five runs each, medians. Writes target/bench/import.json.
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { root, serve, launch } from '../e2e/harness.mjs';

const RUNS = 5;
const shared = join(root, '..', 'shared', 'data', 'shiviz', 'rfs-execution1.log');
let file = shared, source = 'rfs-execution1.log (shared)';
if (!existsSync(shared)) {
  // Three hosts, 8,213 events, a message every fourth event.
  const clocks = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const lines = [];
  for (let i = 0; i < 8213; i++) {
    const h = i % 3;
    if (i % 4 === 3) clocks[h] = clocks[h].map((x, k) => Math.max(x, clocks[(h + 1) % 3][k]));
    clocks[h][h] += 1;
    const entries = clocks[h].map((x, k) => [`Miner${k + 1}`, x]).filter(([, x]) => x > 0);
    lines.push(`Miner${h + 1} ${JSON.stringify(Object.fromEntries(entries))}`, `event ${i}`);
  }
  file = join(root, 'target', 'bench', 'generated-8213.log');
  writeFileSync(file, lines.join('\n') + '\n');
  source = 'generated 8,213-event log (../shared absent)';
}
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];

const cli = [];
for (let i = 0; i < RUNS; i++) {
  const t = process.hrtime.bigint();
  execFileSync(join(root, 'target/release/lightcone'), ['import', '--shiviz', file], { stdio: ['ignore', 'ignore', 'inherit'] });
  cli.push(Number(process.hrtime.bigint() - t) / 1e6);
}

const server = await serve();
const browser = await launch();
const browserRuns = [], scanRuns = [];
for (let i = 0; i < RUNS; i++) {
  // A fresh page each time: the diagram it replaces is the first preset.
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(server.url);
  await page.waitForSelector('[data-event-id]');
  if (await page.locator('#gallery-close').count()) await page.click('#gallery-close');
  await page.click('#menu-file');
  await page.click('#import-log');
  await page.setInputFiles('#import-files', file);
  await page.waitForSelector('#import-chosen');
  const ms = await page.evaluate(() => new Promise((resolve) => {
    const start = performance.now();
    let scanned = null;
    // The dialog says "Checking the clocks…" once scanning is over.
    const watch = new MutationObserver(() => {
      if (scanned === null && document.querySelector('#import-status')?.textContent.startsWith('Checking')) {
        scanned = performance.now() - start;
      }
    });
    watch.observe(document.body, { subtree: true, childList: true, characterData: true });
    const done = () => document.querySelector('#notice')?.textContent.startsWith('Imported 8213');
    const poll = () => (done()
      ? requestAnimationFrame(() => requestAnimationFrame(() => { watch.disconnect(); resolve([scanned, performance.now() - start]); }))
      : setTimeout(poll, 5));
    document.querySelector('#import-run').click();
    poll();
  }));
  browserRuns.push(ms[1]);
  scanRuns.push(ms[0]);
  await page.close();
}
await browser.close();
server.close();
const result = { source, events: 8213, cli_ms: median(cli), scan_ms: median(scanRuns), browser_ms: median(browserRuns) };
writeFileSync(join(root, 'target/bench/import.json'), JSON.stringify(result) + '\n');
console.error(`import ${JSON.stringify(result)}`);
