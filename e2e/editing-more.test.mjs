// More of the editor: labelling, dragging along a line, deleting a message,
// zoom, touch, and a per-process Lamport tick that breaks the condition.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, screenshot, traceOf, linePoint, dot, drag, label, menu } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const PAIR = JSON.stringify({ processes: ['A', 'B'], events: [
  { id: 'a1', process: 'A', kind: 'send', message: 'm1', time: 1 },
  { id: 'a2', process: 'A', kind: 'local', time: 2 },
  { id: 'b1', process: 'B', kind: 'receive', message: 'm1', time: 3 },
] });
const event = async (page, id) => (await traceOf(page)).events.find((e) => e.id === id);

test('an event is labelled with its action from the inspector', async () => {
  const { page } = await open(browser, server.url);
  await page.evaluate((t) => window.lightcone.load(t), PAIR);
  await page.click('[data-event-id="a2"] circle');
  await page.fill('#event-label', 'cross the street');
  await page.press('#event-label', 'Enter');
  assert.equal((await event(page, 'a2')).label, 'cross the street');
  assert.equal(await label(page, 'a2', 'action').textContent(), 'cross the street');
});

test('an event dragged along its line moves in time, past its neighbour', async () => {
  const { page } = await open(browser, server.url);
  await page.evaluate((t) => window.lightcone.load(t), PAIR);
  const a2 = await dot(page, 'a2');
  const b1 = await dot(page, 'b1');
  await drag(page, a2, { x: b1.x + 80, y: a2.y + 6 });
  const moved = await event(page, 'a2');
  assert.equal(moved.process, 'A');
  assert.ok(moved.time > 3, `a2 now after b1's time: ${moved.time}`);
  // Dragged before a1: it now happens first on A.
  await drag(page, await dot(page, 'a2'), { x: (await dot(page, 'a1')).x - 70, y: a2.y });
  const order = (await traceOf(page)).events.filter((e) => e.process === 'A').map((e) => e.id);
  assert.deepEqual(order, ['a2', 'a1']);
});

test('deleting a message by keyboard keeps its ends as local events', async () => {
  const { page } = await open(browser, server.url);
  await page.evaluate((t) => window.lightcone.load(t), PAIR);
  await page.locator('[data-message-focus="m1"]').focus();
  await page.keyboard.press('Delete');
  const trace = await traceOf(page);
  assert.deepEqual(trace.events.map((e) => [e.id, e.kind]), [['a1', 'local'], ['a2', 'local'], ['b1', 'local']]);
  assert.equal(await page.locator('[data-message-id]').count(), 0);
  await page.keyboard.press('Control+z');
  assert.equal(await page.locator('[data-message-id="m1"]').count(), 1);
});

test('zoom stretches time, never the text; the wheel and fit change the view, not the diagram', async () => {
  const { page } = await open(browser, server.url);
  const trace = await traceOf(page);
  // How far apart c1 and c2 are on screen, and how tall a label is.
  const gap = async () => (await dot(page, 'c2')).x - (await dot(page, 'c1')).x;
  const tall = async () => (await label(page, 'c1', 'id').boundingBox()).height;
  const [fit, text] = [await gap(), await tall()];
  await page.click('button[aria-label="Zoom in"]');
  assert.ok(await gap() > fit * 1.2, 'zooming in spreads the events');
  assert.ok(Math.abs(await tall() - text) < 0.1, 'but the labels keep their size');
  const box = await page.locator('svg.diagram').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 400);
  await page.mouse.wheel(0, 400);
  assert.ok(await gap() < fit * 1.2, 'the wheel zooms out');
  await page.click('button[aria-label="Fit to window"]');
  assert.ok(Math.abs(await gap() - fit) < 0.5);
  assert.deepEqual(await traceOf(page), trace, 'the diagram is unchanged');
});

test('a tap on a touch screen adds an event', async () => {
  const context = await browser.newContext({ hasTouch: true, viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('[data-event-id]');
  if (await page.locator('#gallery-close').count()) await page.click('#gallery-close');
  await menu(page, 'file');
  await page.click('#new');
  const at = await linePoint(page, 'B', 0.3);
  await page.touchscreen.tap(at.x, at.y);
  assert.deepEqual((await traceOf(page)).events.map((e) => e.id), ['b1']);
  await context.close();
});

test('a process whose Lamport clock does not tick breaks the clock condition on its line', async () => {
  const { page } = await open(browser, server.url);
  await page.evaluate((t) => window.lightcone.load(t), PAIR);
  await page.selectOption('#labels', 'lamport');
  await page.fill('input[aria-label="Lamport tick of A"]', '0');
  await page.press('input[aria-label="Lamport tick of A"]', 'Enter');
  assert.equal(await label(page, 'a2').textContent(), '0');
  // A's one program-order step breaks; m1 still goes from 0 to L(b1) = max(0, 0) + 1 = 1.
  assert.equal(await page.locator('svg.diagram .broken-step').count(), 1);
  assert.equal(await page.locator('svg.diagram .message.broken').count(), 0);
  assert.equal(await label(page, 'b1').textContent(), '1');
  assert.match(await page.locator('#violations').textContent(), /a1 → a2 \(program order\), but L\(a1\) = 0 and L\(a2\) = 0/);
  await screenshot(page, 'tick-zero');
});

test('a diagram can be built from the keyboard alone', async () => {
  const { page } = await open(browser, server.url);
  await menu(page, 'file');
  await page.click('#new');
  // Into the processes panel, as Tab would reach it.
  await page.locator('button[aria-label="Add an event to A"]').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.eventId), 'a1', 'the new event has focus');
  await page.keyboard.press('a');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.eventId), 'a2');
  await page.keyboard.press('Shift+ArrowDown');
  const trace = await traceOf(page);
  assert.deepEqual(trace.events.map((e) => [e.id, e.kind, e.message ?? null]), [
    ['a1', 'local', null], ['a2', 'send', 'm1'], ['b1', 'receive', 'm1'],
  ]);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.eventId), 'b1');
  // From a receive, a new send event just after it carries the message.
  await page.keyboard.press('Shift+ArrowUp');
  const back = await traceOf(page);
  const m2 = back.events.filter((e) => e.message === 'm2').map((e) => [e.id, e.kind]);
  assert.deepEqual(m2, [['b2', 'send'], ['a3', 'receive']]);
});
