// Cuts on any diagram (issue 17): drag a cut line and see the verdict flip
// and the message from the future marked; the consistent cuts nearest an
// inconsistent one; the frontier vector; the count and lattice of
// consistent cuts, checked against brute force here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, screenshot, traceOf, reachability, dot, drag } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const names = (e) => (e.message ? [e.message] : e.messages ?? []);
/** A frontier {P: n} is consistent when every event inside has its whole causal past inside. */
function consistent(trace, frontier) {
  const reach = reachability(trace);
  const inside = new Set(trace.processes.flatMap((p) => trace.events.filter((e) => e.process === p).slice(0, frontier[p] ?? 0).map((e) => e.id)));
  return trace.events.every((e) => !inside.has(e.id) || trace.events.every((x) => !reach.get(x.id).has(e.id) || inside.has(x.id)));
}
async function frontierOf(page) {
  const text = await page.locator('.cut-verdict').innerText();
  const inside = text.match(/Inside: ([^.]*)\./)[1];
  return Object.fromEntries(inside.split(', ').map((x) => x.split(': ')).map(([p, n]) => [p, Number(n)]));
}

test('a dragged cut line is judged; the message from its future is marked; the nearest consistent cuts fix it', async () => {
  const { page, errors } = await open(browser, `${server.url}?preset=lamport-concurrency`);
  const trace = await traceOf(page);
  await page.click('#draw-cut');
  assert.equal(await page.locator('#draw-cut').getAttribute('aria-pressed'), 'true');
  await page.waitForSelector('[data-cut-line]');
  // A message between two lines; the cut passes just before its send and just after its receive.
  const m = trace.events.find((e) => e.kind === 'receive');
  const msg = names(m)[0];
  const s = trace.events.find((e) => e.kind === 'send' && names(e).includes(msg));
  const [ps, pr] = [await dot(page, s.id), await dot(page, m.id)];
  await drag(page, { x: ps.x - 12, y: ps.y }, { x: pr.x + 12, y: pr.y });
  let frontier = await frontierOf(page);
  assert.equal(consistent(trace, frontier), false, JSON.stringify(frontier));
  assert.equal(await page.locator('[data-cut]').getAttribute('data-cut'), 'inconsistent');
  assert.equal(await page.locator('[data-cut-line]').getAttribute('data-cut-line'), 'inconsistent');
  assert.match(await page.locator('[data-verdict]').innerText(), new RegExp(`inconsistent cut: .*${msg}.* from the future`));
  assert.match(await page.locator(`[data-message-id="${msg}"]`).getAttribute('class'), /violation/);
  assert.ok(await page.locator('[data-legend-key="from-future"]').count());
  await screenshot(page, 'cut-inconsistent');
  // The largest consistent cut inside it: consistent, and inside the old one.
  const old = frontier;
  await page.click('#cut-largest');
  frontier = await frontierOf(page);
  assert.ok(consistent(trace, frontier));
  assert.ok(trace.processes.every((p) => (frontier[p] ?? 0) <= (old[p] ?? 0)));
  assert.equal(await page.locator('[data-cut]').getAttribute('data-cut'), 'consistent');
  // A consistent cut's frontier vector is its counts.
  const vector = JSON.parse(await page.locator('[data-cut-vector]').innerText());
  assert.deepEqual(vector, trace.processes.map((p) => frontier[p] ?? 0));
  // Clicking an event moves its line's frontier to just after it.
  await page.click(`[data-event-id="${m.id}"]`);
  frontier = await frontierOf(page);
  const seq = trace.events.filter((e) => e.process === m.process).findIndex((e) => e.id === m.id);
  assert.equal(frontier[m.process], seq + 1);
  await page.click('#cut-smallest').catch(() => {});
  assert.ok(consistent(trace, await frontierOf(page)));
  await screenshot(page, 'cut-consistent');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the consistent cuts are counted as brute force counts them, and their lattice shows each cut', async () => {
  const { page, errors } = await open(browser, `${server.url}?preset=lamport-concurrency`);
  const trace = await traceOf(page);
  // Brute force: every frontier, kept when consistent.
  const lens = trace.processes.map((p) => trace.events.filter((e) => e.process === p).length);
  let count = 0;
  const walk = (i, f) => {
    if (i === lens.length) { if (consistent(trace, f)) count++; return; }
    for (let n = 0; n <= lens[i]; n++) walk(i + 1, { ...f, [trace.processes[i]]: n });
  };
  walk(0, {});
  await page.click('#draw-cut');
  assert.equal(await page.locator('[data-cut-count]').getAttribute('data-cut-count'), String(count));
  assert.equal(await page.locator('[data-cut-exact]').getAttribute('data-cut-exact'), 'true');
  if (count <= 80) {
    assert.equal(await page.locator('.lattice-node').count(), count);
    const node = page.locator('.lattice-node').nth(Math.floor(count / 2));
    const label = await node.getAttribute('data-lattice-node');
    await node.hover();
    const f = await frontierOf(page);
    assert.equal(trace.processes.map((p) => `${p}${f[p] ?? 0}`).join(' '), label);
    assert.equal(await page.locator('[data-cut]').getAttribute('data-cut'), 'consistent');
    // The run is a path from the empty cut to the whole run.
    assert.equal(await page.locator('.lattice-node.run').count(), trace.events.length + 1);
  }
  await screenshot(page, 'cut-lattice');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a Chandy–Lamport snapshot in the lab: markers drawn apart, the recorded state checked, its cut shown; the FIFO counterexample fails and Lai–Yang holds', async () => {
  const { page, errors } = await open(browser, `${server.url}?scenario=bank-one-snapshot`);
  await page.waitForSelector('[data-snapshot]');
  assert.equal(await page.locator('#snapshot-protocol').inputValue(), 'chandy-lamport');
  assert.ok(await page.locator('#snapshot-fifo').isChecked());
  for (const check of ['conserved', 'consistent_cut', 'channels_match_cut']) {
    assert.match(await page.locator(`[data-snapshot-check="${check}"]`).innerText(), /^✓/, check);
  }
  assert.ok(await page.locator('svg.diagram .message.control').count() > 0, 'markers are drawn as markers');
  assert.ok(await page.locator('[data-legend-key="marker"]').count());
  // The recorded cut on the diagram is consistent, checked here by brute force too.
  await page.click('.show-snapshot-cut');
  await page.waitForSelector('[data-cut-line]');
  assert.equal(await page.locator('[data-cut-line]').getAttribute('data-cut-line'), 'consistent');
  const trace = await traceOf(page);
  assert.ok(consistent(trace, await frontierOf(page)));
  await screenshot(page, 'snapshot-one');
  // The explorer's counterexample without FIFO: a marker overtakes a transfer.
  await page.goto(`${server.url}?scenario=bank-fifo-counterexample`);
  await page.waitForSelector('[data-snapshot]');
  assert.ok(!(await page.locator('#snapshot-fifo').isChecked()));
  const verdicts = await page.locator('[data-snapshot-check]').evaluateAll((els) => els.map((e) => e.textContent[0]));
  assert.ok(verdicts.includes('✗'), verdicts.join(''));
  await screenshot(page, 'snapshot-fifo-counterexample');
  // Lai–Yang needs no FIFO.
  await page.goto(`${server.url}?scenario=bank-lai-yang`);
  await page.waitForSelector('[data-snapshot]');
  assert.equal(await page.locator('#snapshot-protocol').inputValue(), 'lai-yang');
  const all = await page.locator('[data-snapshot-check]').evaluateAll((els) => els.map((e) => e.textContent[0]));
  assert.deepEqual([...new Set(all)], ['✓']);
  // Its recorded cut is consistent on the diagram too (a white count's
  // receipt, like a marker's, lies just outside it).
  await page.click('.show-snapshot-cut');
  await page.waitForSelector('[data-cut-line]');
  assert.equal(await page.locator('[data-cut-line]').getAttribute('data-cut-line'), 'consistent');
  assert.ok(consistent(await traceOf(page), await frontierOf(page)));
  assert.deepEqual(errors, []);
  await page.close();
});
