// The core-only ES module (dist/pkg/core/lightcone_core.js) in Node: it
// loads from its wasm bytes, and its objects equal JSON.parse of the CLI's
// output for the same input (when the CLI is built: `cargo build`), its
// errors the CLI's messages less the "lightcone: FILE: " prefix. Its
// TypeScript declarations are checked against e2e/types/example.ts.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './harness.mjs';

const dir = join(root, 'dist', 'pkg', 'core');
const cli = ['release', 'debug'].map((p) => join(root, 'target', p, 'lightcone')).find(existsSync);
const scratch = mkdtempSync(join(tmpdir(), 'lightcone-core-'));
let core;

before(async () => {
  core = await import(join(dir, 'lightcone_core.js'));
  await core.default({ module_or_path: readFileSync(join(dir, 'lightcone_core_bg.wasm')) });
});

const TRACE = { processes: ['A', 'B'], events: [
  { id: 'a1', process: 'A', kind: 'send', message: 'm1' },
  { id: 'a2', process: 'A', kind: 'local', label: 'write x' },
  { id: 'b1', process: 'B', kind: 'receive', message: 'm1' },
  { id: 'b2', process: 'B', kind: 'local' },
] };
const scenario = (name) => JSON.parse(readFileSync(join(root, 'www', 'scenarios', `${name}.json`), 'utf8'));

/** The CLI's stdout (or its one-line error, prefix removed) on `input`. */
function lightcone(t, args, input) {
  if (!cli) {
    console.log('SKIPPED: the lightcone CLI is not built (cargo build), so its output was not compared');
    t.skip('no CLI');
    return undefined;
  }
  const file = join(scratch, 'input.json');
  writeFileSync(file, JSON.stringify(input));
  const run = spawnSync(cli, [args[0], file, ...args.slice(1)], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout : { error: run.stderr.trim().replace(`lightcone: ${file}: `, '') };
}

const thrown = (fn) => {
  try { fn(); } catch (e) { return { isError: e instanceof Error, message: e.message }; }
  return 'returned';
};

test('the core module is small and has no UI in it', () => {
  const js = readFileSync(join(dir, 'lightcone_core.js'), 'utf8');
  assert.doesNotMatch(js, /export function start\b/, 'no start(): the app is compiled out');
  for (const name of ['analyze', 'relation', 'simulate', 'explore', 'parseTrace', 'writeTrace']) {
    assert.equal(typeof core[name], 'function', name);
  }
});

test('analyze, relation, simulate and explore equal the CLI\'s output', (t) => {
  const report = core.analyze(TRACE);
  assert.deepEqual(report, JSON.parse(core.analyzeJson(JSON.stringify(TRACE))));
  const analyzed = lightcone(t, ['analyze'], TRACE);
  if (analyzed === undefined) return;
  assert.deepEqual(report, JSON.parse(analyzed));

  const how = core.relation(TRACE, 'a1', 'b2');
  assert.equal([how.relation, ...how.proof].join('\n') + '\n', lightcone(t, ['relation', 'a1', 'b2'], TRACE));
  const apart = core.relation(TRACE, 'b2', 'a2');
  assert.equal([apart.relation, ...apart.proof].join('\n') + '\n', lightcone(t, ['relation', 'b2', 'a2'], TRACE));

  for (const name of ['2pc-coordinator-crash', '3pc-partition']) {
    assert.deepEqual(core.simulate(scenario(name)), JSON.parse(lightcone(t, ['simulate'], scenario(name))), name);
  }
  const crash = scenario('2pc-coordinator-crash');
  assert.deepEqual(core.explore(crash), JSON.parse(lightcone(t, ['explore'], crash)));
  assert.deepEqual(core.explore(crash, { drops: 1, depth: 30, symmetry: true }),
    JSON.parse(lightcone(t, ['explore', '--drops', '1', '--depth', '30', '--symmetry'], crash)));
});

test('explore calls onProgress as it goes', () => {
  const seen = [];
  const report = core.explore(scenario('3pc-coordinator-crash'), { crashes: 1 }, { onProgress: (p) => seen.push(p) });
  assert.equal(report.states, 178604);
  assert.ok(seen.length >= 1, 'progress was called');
  assert.ok(seen.every((p) => p.states > 0 && p.states <= report.states));
});

test('a trace round-trips through parseTrace and writeTrace as the text form does', () => {
  const parsed = core.parseTrace(TRACE);
  assert.deepEqual(parsed, JSON.parse(core.writeTrace(JSON.stringify(TRACE))));
  assert.equal(core.writeTrace(parsed), core.writeTrace(JSON.stringify(TRACE)));
  assert.deepEqual(core.parseTrace(core.writeTrace(parsed)), parsed);
});

test('errors are Error objects with the CLI\'s one-line message', (t) => {
  const unknown = thrown(() => core.relation(TRACE, 'a1', 'zz'));
  assert.deepEqual(unknown, { isError: true, message: 'no event has id "zz"' });
  const said = lightcone(t, ['relation', 'a1', 'zz'], TRACE);
  if (said !== undefined) assert.deepEqual(said, { error: unknown.message });

  const typo = { protocol: '2pc', particpants: 3 };
  const refused = thrown(() => core.simulate(typo));
  assert.deepEqual(refused, { isError: true, message: 'the scenario: unknown field "particpants" (did you mean "participants"?)' });
  if (said !== undefined) assert.deepEqual(lightcone(t, ['simulate'], typo), { error: refused.message });

  // Where text has a line and column, an object has a path.
  assert.deepEqual(thrown(() => core.analyze({ events: [{ id: 'a1', process: 5, kind: 'local' }] })),
    { isError: true, message: 'events[0].process: expected a string, found a number' });
  assert.deepEqual(thrown(() => core.explore(scenario('2pc-happy-path'), { crashs: 1 })).isError, true);
  assert.match(thrown(() => core.explore(scenario('2pc-happy-path'), { crashs: 1 })).message,
    /^bounds: unknown field `crashs` \(did you mean `crashes`\?\)/);
  assert.match(thrown(() => core.parseTrace(Symbol('x'))).message, /^the trace: /);
});

test('the TypeScript declarations describe the API (tsc --noEmit on e2e/types/example.ts)', (t) => {
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  if (!existsSync(tsc)) {
    console.log('SKIPPED: typescript is not installed (npm ci), so the declarations were not checked');
    t.skip('no tsc');
    return;
  }
  const run = spawnSync(tsc, ['-p', join(root, 'e2e', 'types', 'tsconfig.json')], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.ok(execFileSync(tsc, ['--version'], { encoding: 'utf8' }).startsWith('Version 5.'));
});
