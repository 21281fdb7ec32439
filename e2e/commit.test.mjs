// The commit lab: a 2PC run whose coordinator is crashed by mouse, blocked
// participants, the explorer's counterexample, and step-by-step choice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, screenshot, traceOf, linePoint, drag, lab, statuses } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });


test('crashing the 2PC coordinator by mouse leaves the participants blocked', async () => {
  const { page, errors } = await open(browser, server.url);
  await lab(page, 'commit');
  await page.selectOption('#commit-scenario', '2pc-happy-path');
  assert.equal(await page.locator('#inv-termination.ok').count(), 1);
  assert.deepEqual(await statuses(page, 'P1'), ['working', 'prepared', 'committed']);
  assert.deepEqual((await traceOf(page)).processes, ['C', 'P1', 'P2', 'P3']);
  // Click C's line at time 1.5: the vote requests are out (P1's start is at
  // 0, its receive at 1), the votes not yet in.
  const start = await page.locator('[data-event-id="p1.1"] circle').boundingBox();
  const receive = await page.locator('[data-event-id="p1.2"] circle').boundingBox();
  const { y } = await linePoint(page, 'C', 0.5);
  await page.mouse.click(receive.x + receive.width / 2 + (receive.x - start.x) * 0.5, y);
  assert.equal(await page.locator('#inv-termination.bad').count(), 1, 'a live node never decides');
  assert.equal(await page.locator('#inv-atomicity.ok').count(), 1);
  assert.ok((await statuses(page, 'P1')).includes('uncertain'), 'P1 is blocked');
  assert.ok((await statuses(page, 'C')).includes('crashed'));
  assert.match(await page.locator('#inv-blocked').textContent(), /blocked \(time units\): P1 \d+/);
  await screenshot(page, 'commit-2pc-blocked');
  assert.deepEqual(errors, []);
});

test('the explorer loads a counterexample, and step by step lists what may happen next', async () => {
  const { page, errors } = await open(browser, server.url);
  await lab(page, 'commit');
  await page.selectOption('#commit-scenario', '3pc-partition');
  assert.equal(await page.locator('#inv-atomicity.bad').count(), 1, 'the preset violates atomicity');
  await page.fill('#bound-crashes', '0');
  await page.dispatchEvent('#bound-crashes', 'change');
  await page.fill('#bound-partitions', '1');
  await page.dispatchEvent('#bound-partitions', 'change');
  await page.click('#explore');
  await page.waitForFunction(() => /^Explorer: atomicity is violated/.test(document.querySelector('#notice')?.textContent ?? ''),
    null, { timeout: 60000 });
  assert.equal(await page.locator('#inv-atomicity.bad').count(), 1, 'the counterexample replays');
  assert.ok(await page.locator('#path li').count() > 5);
  await screenshot(page, 'commit-counterexample');
  // Start stepping afresh and take a step by clicking it.
  await page.click('#step-restart');
  const first = await page.locator('#enabled button').allTextContents();
  assert.ok(first.includes('deliver C → P1'), first.join(', '));
  await page.click('#enabled button:has-text("deliver C → P1")');
  assert.deepEqual(await page.locator('#path li').allTextContents(), ['deliver C → P1']);
  assert.ok((await traceOf(page)).events.some((e) => e.kind === 'receive' && e.process === 'P1'));
  assert.deepEqual(errors, []);
});

test('recovering the coordinator by mouse ends the blocking; dragging an arrival delays its message', async () => {
  const { page, errors } = await open(browser, server.url);
  await lab(page, 'commit');
  await page.selectOption('#commit-scenario', '2pc-coordinator-crash');
  assert.equal(await page.locator('#inv-termination.bad').count(), 1);
  // C is down from 1.5: a click on its line later recovers it (with its log).
  const p = await linePoint(page, 'C', 0.45);
  await page.mouse.click(p.x, p.y);
  assert.equal(await page.locator('#commit-nodes').inputValue(), 'crash-recovery');
  assert.equal(await page.locator('#inv-termination.ok').count(), 1, 'everyone decides now');
  assert.ok((await statuses(page, 'P1')).includes('aborted'), 'presumed abort');
  await screenshot(page, 'commit-recovered');

  await page.selectOption('#commit-scenario', '2pc-happy-path');
  assert.match(await page.locator('#metrics').textContent(), /decided by 3,/);
  const from = await page.locator('[data-event-id="p1.2"] circle').boundingBox();
  const to = await linePoint(page, 'P1', 0.3);
  await drag(page, { x: from.x + from.width / 2, y: from.y + from.height / 2 }, { x: to.x, y: from.y + from.height / 2 });
  const decided = Number((await page.locator('#metrics').textContent()).match(/decided by ([\d.]+)/)[1]);
  assert.ok(decided > 3, `the late vote request delays the decision to ${decided}`);
  assert.deepEqual(errors, []);
});

test('a partition drawn by mouse cuts the lines inside the rectangle off', async () => {
  const { page, errors } = await open(browser, server.url);
  await lab(page, 'commit');
  await page.selectOption('#commit-scenario', '3pc-coordinator-crash');
  assert.ok((await statuses(page, 'P1')).includes('committed'), 'without a partition everyone commits');
  await page.click('#draw-partition');
  const a = await linePoint(page, 'P2', 0.02);
  const b = await linePoint(page, 'P3', 0.95);
  await drag(page, { x: a.x, y: a.y - 12 }, { x: b.x, y: b.y + 12 });
  // P2 and P3 never get their votes through: the coordinator aborts.
  assert.ok((await statuses(page, 'P1')).includes('aborted'));
  assert.equal(await page.locator('#inv-atomicity.ok').count(), 1);
  await screenshot(page, 'commit-partition-drawn');
  assert.deepEqual(errors, []);
});
