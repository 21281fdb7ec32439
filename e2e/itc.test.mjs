// Processes that fork and retire, and interval tree clocks: forking and
// retiring by mouse, ITC labels, the id bars, and the size plots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, screenshot, traceOf, linePoint, label, lab, menu } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const PAIR = JSON.stringify({ processes: ['A', 'B'], events: [
  { id: 'a1', process: 'A', kind: 'local', time: 1 },
  { id: 'b1', process: 'B', kind: 'local', time: 1 },
] });
const owned = async (page) => page.locator('.itc-row').evaluateAll(
  (rows) => Object.fromEntries(rows.map((r) => [r.dataset.process, r.dataset.owned])));

test('a process is forked and retired by mouse; ITC labels and id bars follow', async () => {
  const { page, errors } = await open(browser, server.url);
  await page.evaluate((t) => window.lightcone.load(t), PAIR);
  await lab(page, 'itc');
  assert.equal(await label(page, 'a1').textContent(), '((1,0),(0,1,0))');
  assert.equal(await label(page, 'b1').textContent(), '((0,1),(0,0,1))');
  assert.equal(await label(page, 'b1').locator('tspan').count(), 2, 'id above event tree');

  // Fork from a1: it becomes the fork, and C's line branches off it.
  await page.click('[data-event-id="a1"] circle');
  await page.click('#fork-here');
  let trace = await traceOf(page);
  assert.deepEqual(trace.processes, ['A', 'C', 'B'], 'the child sits below its parent');
  const a1 = trace.events.find((e) => e.id === 'a1');
  assert.equal(a1.kind, 'fork');
  assert.equal(a1.child, 'C');
  assert.equal(await page.locator('[data-fork="C"]').count(), 1, 'a branch connector is drawn');
  // The fork records an event (grow), then halves A's id.
  assert.equal(await label(page, 'a1').textContent(), '(((1,0),0),(0,1,0))');
  // Just after a1, A and C share A's old half; B keeps its own.
  await page.click('[data-event-id="a1"] circle');
  assert.deepEqual(await owned(page), { A: '0-0.25', C: '0.25-0.5', B: '0.5-1' });
  const cx = Number(await page.locator('[data-event-id="a1"] circle').getAttribute('cx'));
  const start = Number(await page.locator('[data-process="C"] line').getAttribute('x1'));
  assert.equal(start, cx, "C's line starts at the fork");
  await screenshot(page, 'itc-fork');

  // C does something, then retires into B.
  const p = await linePoint(page, 'C', 0.3);
  await page.mouse.click(p.x, p.y);
  trace = await traceOf(page);
  const c1 = trace.events.find((e) => e.process === 'C');
  assert.ok(c1, 'a click on C adds an event there');
  await page.click('[aria-label="Retire C"]');
  await page.selectOption('[aria-label="Retire C into"]', 'B');
  trace = await traceOf(page);
  const join = trace.events.find((e) => e.kind === 'join');
  assert.equal(join.process, 'B');
  assert.equal(join.from, 'C');
  assert.ok(join.time > c1.time, 'the join comes after C\'s last event');
  assert.equal(await page.locator('[data-join="C"]').count(), 1, 'a merge connector is drawn');
  const end = Number(await page.locator('[data-process="C"] line').getAttribute('x2'));
  const jx = Number(await page.locator(`[data-event-id="${join.id}"] circle`).getAttribute('cx'));
  assert.equal(end, jx, "C's line ends at the join");
  // After everything, B owns C's quarter too, and C is gone.
  await page.keyboard.press('Escape');
  assert.deepEqual(await owned(page), { A: '0-0.25', B: '0.25-1' });
  const stamp = await label(page, join.id).textContent();
  assert.match(stamp, /^\(\(\(0,1\),1\),/, `B's id after the join: ${stamp}`);
  // The join is no longer offered for C, which has retired.
  assert.equal(await page.locator('[aria-label="Retire C"], [aria-label="Retire C into"]').count(), 0);
  await screenshot(page, 'itc-retire');

  // Undo brings C back to life.
  await page.keyboard.press('Control+z');
  assert.equal((await traceOf(page)).events.filter((e) => e.kind === 'join').length, 0);
  // An event before C's fork is refused with the reason.
  await page.evaluate(() => window.lightcone.load(JSON.stringify({ processes: ['A', 'C'], events: [
    { id: 'a1', process: 'A', kind: 'fork', child: 'C', time: 2 },
    { id: 'c1', process: 'C', kind: 'local', time: 3 }] })));
  await page.focus('[data-event-id="c1"]');
  await page.keyboard.press('ArrowLeft');
  assert.equal((await traceOf(page)).events.find((e) => e.id === 'c1').time, 2.5);
  await page.keyboard.press('ArrowLeft');
  assert.equal((await traceOf(page)).events.find((e) => e.id === 'c1').time, 2.5, 'c1 stays after the fork');
  assert.equal(await page.locator('#notice').textContent(), 'Refused: c1 would happen on C before a1 forks C×');
  assert.deepEqual(errors, []);
});

test('f on a focused event forks from it, and vertical lines start at their fork too', async () => {
  const { page, errors } = await open(browser, server.url);
  await page.evaluate((t) => window.lightcone.load(t), PAIR);
  await page.focus('[data-event-id="b1"]');
  await page.keyboard.press('f');
  const trace = await traceOf(page);
  assert.deepEqual(trace.processes, ['A', 'B', 'C']);
  assert.equal(trace.events.find((e) => e.id === 'b1').child, 'C');
  await menu(page, 'view');
  await page.selectOption('#orientation', 'vertical');
  await lab(page, 'itc');
  const cy = Number(await page.locator('[data-event-id="b1"] circle').getAttribute('cy'));
  const start = Number(await page.locator('[data-process="C"] line').getAttribute('y1'));
  assert.equal(start, cy, "C's vertical line starts at the fork");
  // B's id (0,1) splits as (0,i) does: ((0,(1,0)) stays, (0,(0,1)) goes to C.
  assert.equal(await label(page, 'b1').textContent(), '((0,(1,0)),(0,0,1))');
  await screenshot(page, 'itc-vertical');
  assert.deepEqual(errors, []);
});

test('the inspector shows Lamport, vector and ITC side by side, and stepping moves the id bars', async () => {
  const { page, errors } = await open(browser, server.url);
  await page.selectOption('#preset', { label: "The ITC paper's example run" });
  assert.equal(await page.locator('#lab-itc').getAttribute('aria-selected'), 'true', 'an ITC example opens the ITC lab');
  await page.click('[data-event-id="a4"] circle');
  const rows = await page.locator('#clocks tr').allTextContents();
  assert.equal(rows.length, 3);
  assert.match(rows[0], /^Lamport/);
  assert.match(rows[1], /^Vector\[\d+,\d+,\d+,\d+\]4 entries/);
  assert.match(rows[2], /^ITC\(.*\)\d+ bits$/);
  // a4 joins B: A then owns everything except D's part.
  const ids = await owned(page);
  assert.deepEqual(Object.keys(ids).sort(), ['A', 'D']);
  // Playback from the start: at first only A and B exist, with half each.
  await page.keyboard.press('Escape');
  await page.keyboard.press('.');
  await page.waitForFunction(() => document.querySelector('.itc-panel h2').textContent.includes('after'));
  const first = await owned(page);
  assert.deepEqual(first, { A: '0-0.5', B: '0.5-1' });
  await screenshot(page, 'itc-paper-run');
  assert.deepEqual(errors, []);
});

test('with many short-lived processes the vector keeps growing while the ITC stamp does not', async () => {
  const { page, errors } = await open(browser, server.url);
  await page.selectOption('#preset', { label: 'Churn: many short-lived processes' });
  const values = async (id) => (await page.locator(`#${id}`).getAttribute('data-values')).split(',').map(Number);
  const entries = await values('size-vector');
  const bits = await values('size-itc');
  assert.equal(entries.length, bits.length);
  assert.equal(Math.max(...entries), 14, 'A, B and all twelve workers end up in some vector');
  // ITC's largest stamp stays far below what the vectors carry at 32 bits an entry.
  assert.ok(Math.max(...bits) < 32 * 4, `ITC stamps up to ${Math.max(...bits)} bits`);
  assert.ok(bits.at(-1) < 64, `the last stamp is ${bits.at(-1)} bits`);
  await screenshot(page, 'itc-churn');
  assert.deepEqual(errors, []);
});
