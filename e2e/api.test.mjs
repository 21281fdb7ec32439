// window.lightcone's typed API: objects in and out, each equal to the text
// form it stands for (JSON.parse of the CLI's JSON); bad objects refused
// with an Error carrying the CLI's one-line message, the diagram left as it
// was; explore searching in the worker with progress, and stopping when
// its signal aborts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, open, root } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const TRACE = { processes: ['A', 'B'], events: [
  { id: 'a1', process: 'A', kind: 'send', message: 'm1', time: 1 },
  { id: 'a2', process: 'A', kind: 'local', label: 'write x', time: 2 },
  { id: 'b1', process: 'B', kind: 'receive', message: 'm1', time: 3 },
  { id: 'b2', process: 'B', kind: 'local', time: 4 },
] };
const scenario = (name) => JSON.parse(readFileSync(join(root, 'www', 'scenarios', `${name}.json`), 'utf8'));

/** Calls the page's own module (main.js has initialised it): its text forms. */
const viaModule = (page, name, ...args) => page.evaluate(async ([name, args]) => {
  const module = await import(new URL('pkg/lightcone.js', document.baseURI).href);
  try {
    return module[name](...args);
  } catch (e) {
    return { thrown: e.message };
  }
}, [name, args]);

/** What window.lightcone[name](...args) throws: {isError, message}. */
const refusal = (page, name, ...args) => page.evaluate(([name, args]) => {
  try {
    window.lightcone[name](...args);
    return 'returned';
  } catch (e) {
    return { isError: e instanceof Error, message: e.message };
  }
}, [name, args]);

test('load(object) draws the trace exactly as load(text) does; traceObject() is JSON.parse(trace())', async () => {
  const { page, errors } = await open(browser, server.url);
  assert.equal(await page.evaluate((t) => window.lightcone.load(JSON.stringify(t)), TRACE), null);
  const fromText = await page.evaluate(() => window.lightcone.trace());
  await page.evaluate(() => window.lightcone.load({ processes: ['Z'], events: [{ id: 'z', process: 'Z', kind: 'local' }] }));
  assert.equal(await page.locator('svg.diagram [data-event-id]').count(), 1, 'the object replaced the diagram');
  assert.equal(await page.evaluate((t) => window.lightcone.load(t), TRACE), null);
  assert.equal(await page.evaluate(() => window.lightcone.trace()), fromText);
  assert.deepEqual(await page.evaluate(() => window.lightcone.traceObject()), JSON.parse(fromText));
  await page.waitForSelector('svg.diagram [data-event-id="b2"]');
  assert.equal(await page.locator('svg.diagram [data-event-id]').count(), 4);
  assert.deepEqual(errors, []);
});

test('analyze, relation and simulate return the objects their text forms parse to', async () => {
  const { page } = await open(browser, server.url);
  const text = JSON.stringify(TRACE);
  const fromText = JSON.parse(await viaModule(page, 'analyzeJson', text));
  assert.deepEqual(await page.evaluate((t) => window.lightcone.analyze(t), TRACE), fromText);
  assert.deepEqual(await page.evaluate((t) => window.lightcone.analyze(t), text), fromText);
  assert.equal(fromText.concurrent_pairs, 2);

  assert.deepEqual(await page.evaluate((t) => window.lightcone.relation(t, 'a1', 'b2'), TRACE), {
    a: 'a1', b: 'b2', relation: 'before',
    proof: ['a1 -m1-> b1  (message m1 from A to B)', 'b1 -> b2  (program order on B)'],
  });
  const apart = await page.evaluate((t) => window.lightcone.relation(t, 'a2', 'b1'), TRACE);
  assert.equal(apart.relation, 'concurrent');
  assert.equal(apart.proof.length, 2);

  const happy = scenario('2pc-happy-path');
  const run = await page.evaluate((s) => window.lightcone.simulate(s), happy);
  assert.deepEqual(run, await page.evaluate((s) => window.lightcone.simulate(JSON.stringify(s)), happy));
  assert.deepEqual(run.decisions, { C: 'commit', P1: 'commit', P2: 'commit', P3: 'commit' });
  assert.equal(run.invariants.atomicity, true);
  // The run's trace is a trace: it loads.
  assert.equal(await page.evaluate((t) => window.lightcone.load(t), run.trace), null);
  assert.equal(await page.locator('svg.diagram [data-event-id]').count(), run.trace.events.length);
});

test('bad objects throw an Error with the one-line message, and the diagram stays as it was', async () => {
  const { page } = await open(browser, server.url);
  await page.evaluate((t) => window.lightcone.load(t), TRACE);
  const before = await page.evaluate(() => window.lightcone.trace());
  const cycle = { events: [
    { id: 'a1', process: 'A', kind: 'receive', message: 'm2' }, { id: 'a2', process: 'A', kind: 'send', message: 'm1' },
    { id: 'b1', process: 'B', kind: 'receive', message: 'm1' }, { id: 'b2', process: 'B', kind: 'send', message: 'm2' },
  ] };
  const refused = [
    [{ events: [{ id: 'a1', process: 5, kind: 'local' }] }, 'events[0].process: expected a string, found a number'],
    [{ events: [{ id: 'a1', process: 'A', kind: 'sned' }] },
      'events[0].kind: unknown kind "sned" (did you mean "send"?) (expected one of local, send, receive, fork, join)'],
    [{ events: 'none' }, 'events: expected an array, found a string'],
    [[1, 2], 'the trace: expected an object with "events", found an array'],
    [{ events: [{ id: 'b1', process: 'B', kind: 'receive', message: 'm9' }] },
      'event "b1" (events[0]): receives message "m9", which no event sends'],
  ];
  for (const [bad, message] of refused) {
    const got = await refusal(page, 'load', bad);
    assert.deepEqual(got, { isError: true, message }, JSON.stringify(bad));
  }
  // A cycle: the object's message is the text's (which load(text) returns).
  const cyclic = await page.evaluate((t) => window.lightcone.load(JSON.stringify(t)), cycle);
  assert.match(cyclic, /cycl/);
  assert.deepEqual(await refusal(page, 'load', cycle), { isError: true, message: cyclic });
  // analyze reads it as the CLI does, with the CLI's message.
  const { thrown } = await viaModule(page, 'analyzeJson', JSON.stringify(cycle));
  assert.match(thrown, /cycl/);
  assert.deepEqual(await refusal(page, 'analyze', cycle), { isError: true, message: thrown });
  assert.equal(await page.evaluate(() => window.lightcone.trace()), before, 'nothing changed');
  assert.match(await page.locator('.notice').first().textContent(), /Not loaded: .*cycl/);

  assert.deepEqual(await refusal(page, 'relation', TRACE, 'a1', 'zz'),
    { isError: true, message: 'no event has id "zz"' });
  assert.deepEqual(await refusal(page, 'simulate', { protocol: '2pc', particpants: 3 }),
    { isError: true, message: 'the scenario: unknown field "particpants" (did you mean "participants"?)' });
  const fn = await page.evaluate(() => {
    try { window.lightcone.analyze({ events: [{ id: 'a', process: () => 1, kind: 'local' }] }); return 'returned'; } catch (e) {
      return { isError: e instanceof Error, message: e.message };
    }
  });
  assert.equal(fn.isError, true);
  assert.match(fn.message, /^the trace: /);
  assert.equal(await page.evaluate(() => window.lightcone.trace()), before, 'nothing changed');
});

test('explore runs in the worker: progress as it goes, then the report the core gives', async () => {
  const { page } = await open(browser, server.url);
  // 178,604 states: long enough for progress to be posted.
  const crash = scenario('3pc-coordinator-crash');
  const bounds = { crashes: 1, memory: 256 << 20 };
  const { report, progress } = await page.evaluate(async ([s, b]) => {
    const progress = [];
    const searching = window.lightcone.explore(s, b, { onProgress: (p) => progress.push(p) });
    const report = await searching;
    return { report, progress };
  }, [crash, bounds]);
  assert.ok(progress.length >= 1, 'progress was called');
  assert.ok(progress.every((p) => p.states > 0 && p.seconds >= 0 && Number.isInteger(p.depth)));
  assert.equal(report.states, 178604);
  assert.deepEqual(report.properties, { atomicity: 'holds', termination: 'holds', validity: 'holds' });
  assert.deepEqual(report, await viaModule(page, 'explore', crash, bounds));

  const bad = await page.evaluate(() => window.lightcone.explore({ protocol: '4pc' })
    .then(() => 'resolved', (e) => ({ isError: e instanceof Error, message: e.message })));
  assert.equal(bad.isError, true);
  assert.match(bad.message, /unknown variant `4pc`/);
});

test('an aborted explore rejects with the signal\'s reason and its worker is gone', async () => {
  const { page } = await open(browser, server.url);
  const long = scenario('3pc-coordinator-crash');
  const outcome = await page.evaluate(async (s) => {
    const stop = new AbortController();
    const searching = window.lightcone.explore(s, { crashes: 2, drops: 1 }, {
      signal: stop.signal, onProgress: () => stop.abort(),
    });
    try { await searching; return 'resolved'; } catch (e) { return e.name; }
  }, long);
  assert.equal(outcome, 'AbortError');
  for (let i = 0; i < 20 && page.workers().length; i++) await page.waitForTimeout(50);
  assert.equal(page.workers().length, 0, 'the worker is terminated');
  const early = await page.evaluate((s) => window.lightcone.explore(s, {}, { signal: AbortSignal.abort() })
    .then(() => 'resolved', (e) => e.name), long);
  assert.equal(early, 'AbortError');
});
