// `make bench`, wasm half: the release wasm (bound for Node by
// scripts/bench.sh) on the same cases as the native bench. Each case runs
// in a child process; peak memory is the wasm linear memory, which only grows.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
// As in the native bench: at least 3 runs, more until 300 ms have passed.
const RUNS = 3;
const MIN_TOTAL_MS = 300;

function best(run) {
  let min = Infinity, total = 0;
  for (let i = 0; i < RUNS || (total < MIN_TOTAL_MS && i < 100); i++) {
    const start = performance.now();
    run();
    const ms = performance.now() - start;
    min = Math.min(min, ms);
    total += ms;
  }
  return min;
}

function runCase(kind, events, processes) {
  const wasm = createRequire(import.meta.url)(join(root, 'target/bench/node/lightcone.js'));
  const trace = new wasm.GeneratedTrace(processes, events, 42n);
  let ms;
  if (kind === 'json-io') {
    const path = join(tmpdir(), `lightcone-bench-${process.pid}.json`);
    writeFileSync(path, trace.toJson());
    // Bytes in, bytes out, as the CLI reads and writes them.
    ms = best(() => writeFileSync('/dev/null', wasm.analyzeJsonBytes(readFileSync(path))));
    unlinkSync(path);
  } else if (kind === 'itc') {
    ms = best(() => trace.itc());
  } else {
    ms = best(() => trace.analyze());
  }
  const peak = wasm.memoryBytes() / 2 ** 20;
  return { case: kind, events, processes, ms: +ms.toFixed(2), peak_mib: +peak.toFixed(1) };
}

const [, , flag, kind, n, p] = process.argv;
if (flag === '--case') {
  console.log(JSON.stringify(runCase(kind, +n, +p)));
} else {
  const cases = [];
  for (const n of [10_000, 100_000, 1_000_000]) for (const p of [4, 16, 32]) cases.push(['analyze', n, p]);
  cases.push(['json-io', 100_000, 16]);
  cases.push(['itc', 100_000, 16], ['itc', 1_000_000, 32]);
  const lines = cases.map(([k, n, p]) => {
    const line = execFileSync(process.execPath, [import.meta.filename, '--case', k, n, p], { encoding: 'utf8' });
    process.stderr.write(`wasm ${line}`);
    return line.trim();
  });
  writeFileSync(join(root, 'target/bench/wasm.jsonl'), lines.join('\n') + '\n');
}
