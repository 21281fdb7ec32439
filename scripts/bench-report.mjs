// Prints the benchmark table from target/bench/{native,wasm}.jsonl, with the
// targets from the foundation issue, and the gzipped size of the bundle.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const read = (name) => readFileSync(join(root, 'target/bench', name), 'utf8')
  .trim().split('\n').map((l) => JSON.parse(l));
const key = (r) => `${r.case} ${r.events} ${r.processes}`;
const wasm = new Map(read('wasm.jsonl').map((r) => [key(r), r]));

const rows = [['case', 'events', 'processes', 'native ms', 'native peak MiB', 'wasm ms', 'wasm memory MiB', 'wasm / native']];
for (const n of read('native.jsonl')) {
  const w = wasm.get(key(n));
  rows.push([n.case, n.events.toLocaleString('en'), n.processes, n.ms.toFixed(1), n.peak_mib.toFixed(1),
    w.ms.toFixed(1), w.peak_mib.toFixed(1), (w.ms / n.ms).toFixed(2) + 'x']);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
const line = (r) => '| ' + r.map((c, i) => String(c).padStart(widths[i])).join(' | ') + ' |';
console.log(line(rows[0]));
console.log('|' + widths.map((w) => '-'.repeat(w + 1) + ':').join('|') + '|');
rows.slice(1).forEach((r) => console.log(line(r)));

const explored = read('explore.jsonl');
console.log('\nexplorer, native, three participants (target: 3PC with one crash within 2 s)');
console.log('| protocol | faults | symmetry | states | ms | states per second | peak MiB | heap MiB per 100k states |');
console.log('|---|---|---|---:|---:|---:|---:|---:|');
const faults = { crash: 'one crash', partition: 'one partition', many: '3 crashes, 3 drops, a partition' };
for (const r of explored) {
  console.log(`| ${r.protocol} | ${faults[r.faults]} | ${r.symmetry ? 'yes' : 'no'} | ${r.states.toLocaleString('en')} | ${r.ms.toFixed(1)} | ${r.states_per_s.toLocaleString('en')} | ${r.peak_mib.toFixed(1)} | ${r.mib_per_100k_states.toFixed(1)} |`);
}

// VR (benches/vr.rs natively, scripts/bench-wasm.mjs in wasm, the same
// scenarios): the ratio is wasm's time over native's, as in the first table.
const vrKey = (r) => `${r.case} ${r.replicas} ${r.batching}`;
const vrWasm = new Map(read('vr-wasm.jsonl').map((r) => [vrKey(r), r]));
console.log('\nVR, native and wasm: simulated operations per second (2,000 random requests, 9 clients, every property checked');
console.log('after every event) and the explorer\'s states per second (3 replicas, one crash)');
console.log('| case | replicas | batching | native per second | wasm per second | wasm / native |');
console.log('|---|---:|---|---:|---:|---:|');
for (const n of read('vr.jsonl')) {
  const w = vrWasm.get(vrKey(n));
  const rate = (r) => r.ops_per_second ?? r.states_per_second;
  const batching = n.batching === undefined ? '' : n.batching ? 'on' : 'off';
  console.log(`| ${n.case} | ${n.replicas} | ${batching} | ${rate(n).toLocaleString('en')} | ${rate(w).toLocaleString('en')} | ${(rate(n) / rate(w)).toFixed(2)}x |`);
}

console.log('\nCRDT runs, native: two replicas, each gossiping after every tenth of its operations, causal delivery');
console.log('| type | operations | ms | peak MiB | heap MiB per 10k operations |');
console.log('|---|---:|---:|---:|---:|');
for (const r of read('crdt.jsonl')) {
  console.log(`| ${r.kind} | ${r.ops.toLocaleString('en')} | ${r.ms.toFixed(1)} | ${r.peak_mib.toFixed(1)} | ${r.mib_per_10k_ops.toFixed(1)} |`);
}

console.log('\nthe diagram, native: shape, layout and every label placed (vector clocks, 60 px per time unit)');
console.log('| events | processes | ms | labels placed | hidden |');
console.log('|---:|---:|---:|---:|---:|');
for (const r of read('diagram.jsonl')) {
  console.log(`| ${r.events.toLocaleString('en')} | ${r.processes} | ${r.ms.toFixed(1)} | ${r.placed.toLocaleString('en')} | ${r.hidden.toLocaleString('en')} |`);
}

const files = ['dist/pkg/lightcone_bg.wasm', 'dist/pkg/lightcone.js', 'dist/www/main.js'];
let raw = 0, gz = 0;
for (const f of files) {
  const bytes = readFileSync(join(root, f));
  raw += bytes.length;
  gz += gzipSync(bytes, { level: 9 }).length;
}
console.log(`\nrelease wasm + JS: ${(raw / 1024).toFixed(1)} KiB, gzipped ${(gz / 1024).toFixed(1)} KiB`);
console.log('targets: 1M x 32 native < 1000 ms; json-io 100k x 16 < 300 ms; wasm within 2x of native');

const b = JSON.parse(readFileSync(join(root, 'target/bench/browser.json'), 'utf8'));
const ms = (x) => x.toFixed(1);
console.log(`\neditor in Chromium, ${b.events}-event diagram (target: re-render within 16 ms)`);
console.log('| action | re-render median ms | re-render p95 ms | to painted frame median ms |');
console.log('|---|---:|---:|---:|');
for (const [name, r] of [['edit (move an event)', b.edit], ['select (light cone)', b.select]]) {
  console.log(`| ${name} | ${ms(r.render.median)} | ${ms(r.render.p95)} | ${ms(r.frame.median)} |`);
}

const imp = JSON.parse(readFileSync(join(root, 'target/bench/import.json'), 'utf8'));
console.log(`\nShiViz import of the ${imp.events.toLocaleString('en')}-event log (${imp.source}), medians of 5`);
console.log('| where | ms |');
console.log('|---|---:|');
console.log(`| CLI: \`lightcone import --shiviz\` (read, scan, check, derive, print JSON) | ${ms(imp.cli_ms)} |`);
console.log(`| page: Import click to the end of scanning (sliced, progress painted) | ${ms(imp.scan_ms)} |`);
console.log(`| page: Import click to the first painted frame of the diagram | ${ms(imp.browser_ms)} |`);
