// The first page: it loads with no console errors and draws the preset
// trace as a space-time diagram with clock labels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { root, serve, launch, open, screenshot, label } from './harness.mjs';

const preset = JSON.parse(await readFile(join(root, 'www/presets/four-servers-async.json'), 'utf8'));
/** Brute force, independent of the app: happened-before by graph search. */
function concurrentPairs(trace) {
  const events = trace.events;
  const next = events.map(() => []);
  const last = {}, sender = {};
  const names = (e) => (e.message ? [e.message] : e.messages ?? []);
  events.forEach((e, i) => {
    if (e.process in last) next[last[e.process]].push(i);
    last[e.process] = i;
    if (e.kind === 'send') names(e).forEach((m) => { sender[m] = i; });
  });
  events.forEach((e, i) => { if (e.kind === 'receive') names(e).forEach((m) => next[sender[m]].push(i)); });
  const reach = events.map((_, a) => {
    const seen = new Set(), stack = [...next[a]];
    while (stack.length) { const x = stack.pop(); if (!seen.has(x)) { seen.add(x); stack.push(...next[x]); } }
    return seen;
  });
  let pairs = 0;
  for (let a = 0; a < events.length; a++) for (let b = a + 1; b < events.length; b++) {
    if (!reach[a].has(b) && !reach[b].has(a)) pairs++;
  }
  return pairs;
}

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

test('the page loads cleanly and draws every event, message and process', async () => {
  const { page, errors } = await open(browser, server.url);
  const ids = await page.$$eval('[data-event-id]', (els) => els.map((e) => e.dataset.eventId));
  assert.deepEqual(ids.sort(), preset.events.map((e) => e.id).sort());
  const messages = new Set(preset.events.flatMap((e) => (e.message ? [e.message] : e.messages ?? [])));
  const arrows = await page.$$eval('[data-message-id]', (els) => els.map((e) => e.dataset.messageId));
  assert.deepEqual(arrows.sort(), [...messages].sort());
  const names = await page.$$eval('[data-label-kind="process"]', (els) => els.map((e) => e.textContent));
  assert.deepEqual(names, preset.processes);
  assert.equal(await page.locator('[data-title]').textContent(), preset.title, 'the title is on the canvas');
  // Dots sit on their process's line and inside the drawing.
  const box = await page.locator('svg.diagram').boundingBox();
  for (const id of ['c1', 's3.2']) {
    const dot = await page.locator(`[data-event-id="${id}"] circle`).boundingBox();
    assert.ok(dot.x >= box.x && dot.x + dot.width <= box.x + box.width, `${id} inside the diagram`);
  }
  await screenshot(page, 'first-page-vector');
  assert.deepEqual(errors, []);
});

test('clock labels switch between vector, Lamport and none', async () => {
  const { page, errors } = await open(browser, server.url);
  // c5, the client's fifth event, gets S3's ack (S3's fifth event). S3 had
  // heard from S2's fourth event, which had heard from S1's third; S4 never
  // reached S3. Order of entries: client, S1, S2, S3, S4.
  assert.equal(await label(page, 'c5').textContent(), '[5,3,4,5,0]');
  await page.selectOption('#labels', 'lamport');
  assert.equal(await label(page, 'c1').textContent(), '1');
  // c1..c4 are 1..4; S1: 2,3,4 (s1.3 sends m5); S2: 3,4, then max(4,4)+1 = 5,
  // 6 (s2.4 sends m7); S3: 4,5,6, then max(6,6)+1 = 7, 8 (s3.5 acks);
  // c5 = max(4, 8) + 1.
  assert.equal(await label(page, 'c5').textContent(), '9');
  await screenshot(page, 'first-page-lamport');
  await page.selectOption('#labels', 'none');
  assert.equal(await page.locator('[data-label-kind="clock"]').count(), 0);
  assert.deepEqual(errors, []);
});

test('the summary counts events, messages and concurrent pairs', async () => {
  const { page } = await open(browser, server.url);
  const counts = (t) => {
    const messages = new Set(t.events.flatMap((e) => (e.message ? [e.message] : e.messages ?? [])));
    const n = (k, word) => `${k} ${word}${k === 1 ? '' : 's'}`;
    return `${n(t.events.length, 'event')}, ${n(messages.size, 'message')}, ${n(concurrentPairs(t), 'concurrent pair')}`;
  };
  assert.equal(await page.locator('#counts').textContent(), counts(preset));
  assert.equal(concurrentPairs(preset), 139);
  const sync = JSON.parse(await readFile(join(root, 'www/presets/four-servers-sync.json'), 'utf8'));
  await page.selectOption('#preset', { label: sync.title });
  assert.equal(await page.locator('#counts').textContent(), counts(sync));
  assert.equal(concurrentPairs(sync), 0, 'a synchronous client orders every write');
  await screenshot(page, 'first-page-sync');
});
