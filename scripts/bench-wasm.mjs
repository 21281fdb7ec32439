// `make bench`, wasm half: the release wasm (bound for Node by
// scripts/bench.sh) on the same cases as the native bench, then the VR
// cases of benches/vr.rs (`--vr-only`: just those). Each case runs in a
// child process; peak memory is the wasm linear memory, which only grows.
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

// The VR cases of benches/vr.rs (target/bench/vr-cases.jsonl, which the
// native bench writes), each run once as there: simulated operations per
// second, and the explorer's states per second.
function runVrCase(line) {
  const wasm = createRequire(import.meta.url)(join(root, 'target/bench/node/lightcone.js'));
  const c = JSON.parse(line);
  const scenario = JSON.stringify(c.scenario);
  const start = performance.now();
  if (c.case === 'vr-explore') {
    const search = new wasm.Exploration(scenario, JSON.stringify(c.bounds));
    let report = null;
    while (report === null) report = search.run(2 ** 30);
    const seconds = (performance.now() - start) / 1000;
    const states = JSON.parse(report).states;
    return { case: c.case, replicas: c.replicas, states, seconds: +seconds.toFixed(3),
      states_per_second: Math.round(states / seconds) };
  }
  const ops = wasm.simulateAnswered(scenario);
  const seconds = (performance.now() - start) / 1000;
  return { case: c.case, replicas: c.replicas, batching: c.batching, ops, seconds: +seconds.toFixed(4),
    ops_per_second: Math.round(ops / seconds) };
}

const [, , flag, kind, n, p] = process.argv;
if (flag === '--case') {
  console.log(JSON.stringify(runCase(kind, +n, +p)));
} else if (flag === '--vr') {
  const line = readFileSync(join(root, 'target/bench/vr-cases.jsonl'), 'utf8').trim().split('\n')[+kind];
  console.log(JSON.stringify(runVrCase(line)));
} else if (flag === '--vr-only') {
  vrCases();
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
  vrCases();
}

// Each VR case in its own process, as the analysis cases; writes
// target/bench/vr-wasm.jsonl.
function vrCases() {
  const count = readFileSync(join(root, 'target/bench/vr-cases.jsonl'), 'utf8').trim().split('\n').length;
  const lines = [];
  for (let i = 0; i < count; i++) {
    const line = execFileSync(process.execPath, [import.meta.filename, '--vr', String(i)], { encoding: 'utf8' });
    process.stderr.write(`wasm ${line}`);
    lines.push(line.trim());
  }
  writeFileSync(join(root, 'target/bench/vr-wasm.jsonl'), lines.join('\n') + '\n');
}
