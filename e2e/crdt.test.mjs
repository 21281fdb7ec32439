// The CRDT lab: operations by mouse, gossip by dragging, values on the
// diagram, state vs op side by side, faults, convergence and automatic gossip.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, screenshot, traceOf, linePoint, dot, drag, label, lab } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const value = (page, id) => label(page, id, 'value').first().textContent();
const cell = (page, replica, which) => page.locator(`#replicas tr[data-replica="${replica}"] .${which}-value`).textContent();

test('operations by mouse, gossip by dragging, a dropped message and automatic gossip', async () => {
  const { page, errors } = await open(browser, server.url);
  await page.evaluate(() => window.lightcone.load(JSON.stringify({ crdt: 'or-set', processes: ['A', 'B'], events: [] })));
  assert.equal(await page.locator('#crdt-type').inputValue(), 'or-set');
  assert.equal(await page.locator('#lab-crdt').getAttribute('aria-selected'), 'true', 'a CRDT diagram opens the CRDT lab');

  // Click A's line: a new event, and the popover offers the set's operations.
  let p = await linePoint(page, 'A', 0.15);
  await page.mouse.click(p.x, p.y);
  await page.locator('.op-popover').waitFor();
  await page.click('.op-popover button:has-text("add x")');
  let a1 = (await traceOf(page)).events.find((e) => e.process === 'A');
  assert.equal(a1.op, 'add x');
  assert.equal(await value(page, a1.id), '{x}');
  p = await linePoint(page, 'B', 0.15);
  await page.mouse.click(p.x, p.y);
  await page.locator('.op-popover').waitFor();
  await page.fill('#op-text', 'y');
  await page.click('.op-popover button:has-text("add y")');
  await screenshot(page, 'crdt-ops');

  // Gossip: drag from a1 to B's line; the receive merges A's state.
  await drag(page, await dot(page, a1.id), await linePoint(page, 'B', 0.4));
  let trace = await traceOf(page);
  const m = trace.events.find((e) => e.kind === 'receive');
  assert.ok(m, 'the drag made a gossip message');
  assert.equal(await value(page, m.id), '{x,y}');
  assert.equal(await cell(page, 'B', 'main'), '{x,y}');
  assert.equal(await cell(page, 'B', 'other'), '{x,y}', 'the op-based OR-Set agrees');
  assert.match(await page.locator('#convergence-main').textContent(), /not converged yet/);
  assert.match(await page.locator('[data-label-kind="payload"]').first().textContent(), /^\d+ B \/ \d+ B$/);

  // Drop that message: B no longer has x.
  await page.locator('[data-message-focus]').first().focus();
  await page.keyboard.press('Enter');
  await page.click('#drop-message');
  assert.equal(await cell(page, 'B', 'main'), '{y}');

  // Automatic gossip until the replicas converge.
  await page.click('#gossip');
  assert.match(await page.locator('#notice').textContent(), /^Gossip: converged after \d+ rounds? and \d+ messages?/);
  assert.equal(await cell(page, 'A', 'main'), '{x,y}');
  assert.equal(await cell(page, 'B', 'main'), '{x,y}');
  assert.match(await page.locator('#convergence-main').textContent(), /^✓ OR-Set \(add wins\) converged/);
  await screenshot(page, 'crdt-gossip');
  assert.deepEqual(errors, []);
});

test('duplicate delivery: the state-based counter holds, the op-based one double-counts until delivery is causal', async () => {
  const { page, errors } = await open(browser, server.url);
  await page.selectOption('#preset', { label: 'Counter under duplicate delivery: state vs op' });
  assert.equal(await value(page, 'b2'), '2', 'merging the same state twice changes nothing');
  assert.equal(await cell(page, 'B', 'main'), '2');
  assert.equal(await cell(page, 'B', 'other'), '4');
  // Both replicas have seen the very same two updates (group a).
  assert.equal(await page.locator('#replicas tr[data-replica="A"] .seen').textContent(), '2 (a)');
  assert.equal(await page.locator('#replicas tr[data-replica="B"] .seen').textContent(), '2 (a)');
  assert.match(await page.locator('#convergence-main').textContent(), /converged/);
  assert.equal(await page.locator('#convergence-other.diverged').count(), 1);
  assert.match(await page.locator('#convergence-other').textContent(),
    /diverged: A and B have seen the same 2 updates but show 2 and 4/);
  await screenshot(page, 'crdt-duplicates');
  await page.check('#causal');
  assert.equal(await cell(page, 'B', 'other'), '2', 'the buffer drops the copy');
  assert.match(await page.locator('#convergence-other').textContent(), /converged/);

  // Delivering a message twice is a fault the lab adds too.
  await page.locator('[data-message-focus="m1"]').focus();
  await page.keyboard.press('Enter');
  await page.click('#duplicate-message');
  assert.equal((await traceOf(page)).events.filter((e) => e.kind === 'receive').length, 3);
  assert.deepEqual(errors, []);
});

test('LWW keeps one of two concurrent writes, MV keeps both; the rule is stated', async () => {
  const { page, errors } = await open(browser, server.url);
  await page.selectOption('#preset', { label: 'Concurrent writes: LWW-Register vs MV-Register' });
  assert.match(await page.locator('#lww-rule').textContent(), /greater \(Lamport time of the write, process name\) wins/);
  assert.equal(await value(page, 'a3'), 'blue');
  assert.equal(await cell(page, 'A', 'other'), '[blue|red]');
  // Both values are on the diagram, above and below the event, with a key.
  assert.equal(await label(page, 'a3', 'value').nth(1).textContent(), '[blue|red]');
  assert.match(await page.locator('[data-legend-key="values"]').textContent(), /above: LWW-Register; below: MV-Register/);
  // Switching to the causality lab brings the clocks back.
  await lab(page, 'causality');
  assert.equal(await page.locator('#labels').inputValue(), 'vector');
  assert.equal(await page.locator('#replicas').count(), 0);
  assert.deepEqual(errors, []);
});
