// The snapshot lab (issue 17): its own tab and scenarios; Theorem 1 on a
// run whose recorded state never held, the recorded cut ringed off the
// run's path in the lattice; FIFO switched off by a click and the
// explorer's counterexample loaded, then Lai–Yang holding where
// Chandy–Lamport failed; the cut presets; the lessons' cut tasks done by
// clicks. Expected values are worked out here from the page's own trace.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, screenshot, traceOf, reachability, lab } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

/** The consistent frontiers of a trace, by brute force. */
function consistentCuts(trace) {
  const reach = reachability(trace);
  const lines = trace.processes.map((p) => trace.events.filter((e) => e.process === p).map((e) => e.id));
  const out = [];
  const walk = (i, f) => {
    if (i === lines.length) {
      const inside = new Set(lines.flatMap((l, k) => l.slice(0, f[k])));
      if ([...inside].every((e) => trace.events.every((x) => !reach.get(x.id).has(e) || inside.has(x.id)))) out.push(f);
      return;
    }
    for (let n = 0; n <= lines[i].length; n++) walk(i + 1, [...f, n]);
  };
  walk(0, []);
  return out;
}
const options = (page) => page.locator('#commit-scenario option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
const notice = (page, re) => page.waitForFunction((s) => new RegExp(s).test(document.querySelector('#notice')?.textContent ?? ''), re.source, { timeout: 60000 });

test('the snapshot lab has its own tab and scenarios, and shows a recorded state no instant of the run had', async () => {
  const { page, errors } = await open(browser, `${server.url}?lab=commit`);
  assert.ok((await options(page)).every((n) => !n.startsWith('bank-')), 'the commit lab offers commit scenarios');
  await lab(page, 'snapshot');
  assert.equal(await page.locator('.snapshot-lab > h2').innerText(), 'Snapshot lab');
  const offered = await options(page);
  assert.ok(offered.length >= 5 && offered.every((n) => n.startsWith('bank-')), offered.join());
  assert.ok(await page.locator('[data-snapshot]').count() > 0, 'its first scenario runs a snapshot');
  // The Theorem 1 run: A paid (outside the cut) before B paid (inside).
  await page.selectOption('#commit-scenario', 'bank-never-held');
  await page.waitForSelector('[data-snapshot-held]');
  assert.equal(await page.locator('[data-snapshot-held]').getAttribute('data-snapshot-held'), 'never');
  const held = await page.locator('[data-snapshot-held]').innerText();
  const trace = await traceOf(page);
  const [earlier, later] = [...held.matchAll(/\b([ab]\d+) \(t = ([\d.]+)\)/g)].map((m) => ({ id: m[1], t: Number(m[2]) }));
  const ev = (id) => trace.events.find((e) => e.id === id);
  assert.ok(earlier.t <= later.t && ev(earlier.id).time === earlier.t && ev(later.id).time === later.t, held);
  // Each channel's recorded transfers are drawn thick on their arrows, and only they.
  const listed = (await page.locator('[data-snapshot-channel]').allInnerTexts())
    .flatMap((t) => t.split(': ')[1].split(', ')).filter((m) => m !== 'empty');
  assert.ok(listed.length > 0, 'a transfer was in flight');
  const thick = await page.locator('svg.diagram .message.recorded').evaluateAll((els) => els.map((e) => e.dataset.messageId));
  assert.deepEqual(thick.sort(), listed.sort());
  assert.ok(await page.locator('[data-legend-key="recorded"]').count());
  // Each process's recording point is squared: the events the panel names.
  const named = (await page.locator('[data-snapshot] li').allInnerTexts()).map((t) => t.match(/recorded \d+ tokens? at (\S+)/)?.[1]).filter(Boolean);
  const squared = await page.locator('[data-recording-for]').evaluateAll((els) => els.map((e) => e.dataset.recordingFor));
  assert.deepEqual(squared.sort(), named.sort());
  assert.equal(named.length, trace.processes.length);
  assert.ok(await page.locator('[data-legend-key="recording"]').count());
  await page.click('.show-snapshot-cut');
  await page.waitForSelector('[data-cut-line]');
  assert.equal(await page.locator('[data-cut-line]').getAttribute('data-cut-line'), 'consistent');
  // The recorded cut has `later` inside and `earlier` outside: read it from the verdict.
  const inside = Object.fromEntries((await page.locator('.cut-verdict').innerText()).match(/Inside: ([^.]*)\./)[1]
    .split(', ').map((x) => x.split(': ')).map(([p, n]) => [p, Number(n)]));
  const pos = (id) => trace.events.filter((e) => e.process === ev(id).process).findIndex((e) => e.id === id);
  assert.ok(pos(later.id) < inside[ev(later.id).process] && pos(earlier.id) >= inside[ev(earlier.id).process], JSON.stringify(inside));
  // Its lattice: every consistent cut, the recorded one ringed and off the run's own path,
  // a dashed path through it from the empty cut to the whole run.
  const cuts = consistentCuts(trace);
  assert.equal(await page.locator('.lattice-node').count(), cuts.length);
  const ringed = page.locator('.lattice-node.shown');
  assert.equal(await ringed.getAttribute('data-lattice-node'), trace.processes.map((p) => `${p}${inside[p]}`).join(' '));
  assert.ok(!(await ringed.getAttribute('class')).includes('run'), 'the recorded cut is not on the run as it happened');
  const through = await page.locator('.lattice-edge.through').count();
  const size = Object.values(inside).reduce((a, b) => a + b, 0);
  assert.ok(through > 0 && through <= trace.events.length, `${through} dashed steps`);
  assert.ok(await page.locator('.lattice-legend').count());
  // seq′ lists every event once, the cut's first.
  const seq = (await page.locator('[data-snapshot-through] code').innerText()).split(' | ');
  const [first, rest] = seq.map((s) => s.split(' '));
  assert.equal(first.length, size);
  assert.deepEqual([...first, ...rest].sort(), trace.events.map((e) => e.id).sort());
  await screenshot(page, 'snapshot-theorem-1');
  // Playing the run back walks the thick path: the state reached is squared.
  await page.click('#step');
  for (let k = 0; k < 3; k++) await page.click('#step');
  const shown = Number((await page.locator('#playback-status').innerText()).match(/(\d+) of/)?.[1]);
  const reached = trace.processes.map((p) => `${p}${trace.events.slice(0, shown).filter((e) => e.process === p).length}`).join(' ');
  assert.equal(await page.locator('.lattice-node.now').getAttribute('data-lattice-node'), reached, `after ${shown} events`);
  assert.match(await page.locator('.lattice-node.now').getAttribute('class'), /\brun\b/);
  // A recording point the playback has not reached fades with its event.
  const index = (id) => trace.events.findIndex((e) => e.id === id);
  for (const id of named) {
    const faded = /\blater\b/.test(await page.locator(`[data-recording-for="${id}"]`).getAttribute('class'));
    assert.equal(faded, index(id) >= shown, `${id} at ${index(id)}, ${shown} shown`);
  }
  await page.locator('.lattice').scrollIntoViewIfNeeded();
  await screenshot(page, 'snapshot-theorem-1-lattice');
  assert.deepEqual(errors, []);
  await page.close();
});

test('FIFO off by a click: the explorer finds an inconsistent snapshot and loads it; Lai–Yang holds', async () => {
  const { page, errors } = await open(browser, `${server.url}?scenario=bank-never-held`);
  await page.waitForSelector('[data-snapshot]');
  assert.ok(await page.locator('#snapshot-fifo').isChecked());
  await page.click('#snapshot-fifo');
  await page.waitForFunction(() => !document.querySelector('#snapshot-fifo').checked);
  await page.fill('#bound-crashes', '0');
  await page.press('#bound-crashes', 'Enter');
  await page.click('#explore');
  await notice(page, /^Explorer: a snapshot can record an inconsistent state; counterexample loaded/);
  const checks = await page.locator('[data-snapshot-check]').evaluateAll((els) => els.map((e) => e.textContent[0]));
  assert.ok(checks.includes('✗'), checks.join(''));
  assert.match(await page.locator('[data-verdict]').innerText(), /snapshot-consistent violated/);
  await screenshot(page, 'snapshot-explorer-counterexample');
  // The same bank without FIFO, by Lai–Yang: the explorer finds nothing.
  await page.selectOption('#commit-scenario', 'bank-never-held');
  await page.waitForSelector('#snapshot-fifo:checked');
  await page.click('#snapshot-fifo');
  await page.selectOption('#snapshot-protocol', 'lai-yang');
  await page.waitForFunction(() => !document.querySelector('#snapshot-fifo').checked
    && document.querySelector('#snapshot-protocol').value === 'lai-yang');
  await page.fill('#bound-crashes', '0');
  await page.press('#bound-crashes', 'Enter');
  await page.click('#explore');
  await notice(page, /^Explorer: no counterexample within the bounds, \d+ states explored: every snapshot records a consistent state/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the cut presets open with their cut drawn; the cuts lesson\'s tasks are done by clicking events', async () => {
  const { page, errors } = await open(browser, `${server.url}?preset=cut-inconsistent`);
  await page.waitForSelector('[data-cut-line]');
  assert.equal(await page.locator('[data-cut-line]').getAttribute('data-cut-line'), 'inconsistent');
  assert.match(await page.locator('[data-message-id="m1"]').getAttribute('class'), /violation/);
  await page.goto(`${server.url}?preset=cut-consistent`);
  await page.waitForSelector('[data-cut-line="consistent"]');
  // Lesson step 1: make the inconsistent cut consistent, b2 kept inside: click a2.
  await page.goto(`${server.url}?lesson=cuts&step=1`);
  await page.waitForSelector('[data-cut-line="inconsistent"]');
  await page.click('#lesson-check');
  assert.equal(await page.locator('[data-task]').getAttribute('data-task'), 'not-yet');
  await page.click('[data-event-id="a2"]');
  await page.waitForSelector('[data-task="done"]');
  assert.equal(await page.locator('[data-cut-line]').getAttribute('data-cut-line'), 'consistent');
  await screenshot(page, 'lesson-cuts-task');
  // The Chandy–Lamport lesson's task: Show its cut puts the recorded cut on the diagram.
  await page.goto(`${server.url}?lesson=chandy-lamport&step=3`);
  await page.waitForSelector('.show-snapshot-cut');
  assert.equal(await page.locator('[data-task="done"]').count(), 0);
  await page.click('.show-snapshot-cut');
  await page.waitForSelector('[data-task="done"]');
  await screenshot(page, 'lesson-chandy-lamport-task');
  assert.deepEqual(errors, []);
  await page.close();
});
