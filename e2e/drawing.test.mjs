// What the page keeps drawn: about two screens of marks whatever the
// diagram's size, and each drawn event's state (light cone, search, playback)
// written onto it directly, right after any sequence of selections, edits
// and pans.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, traceOf, reachability } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

async function generated(page, events = 500) {
  if (await page.locator('#gallery-close').count()) await page.click('#gallery-close');
  for (const [id, value] of [['#gen-events', String(events)], ['#gen-processes', '8'], ['#gen-seed', '3']]) {
    await page.fill(id, value);
    await page.press(id, 'Enter');
  }
  await page.click('#generate');
  await page.waitForFunction((n) => JSON.parse(window.lightcone.trace()).events.length === n, events);
}

/** Every drawn event's `data-cone` against happened-before in the trace. */
async function checkCone(page, chosen) {
  const reach = reachability(await traceOf(page));
  const drawn = await page.locator('svg.diagram .events > [data-event-id]').evaluateAll((els) =>
    els.map((e) => [e.dataset.eventId, e.getAttribute('data-cone')]));
  assert.ok(drawn.length > 0);
  for (const [id, cone] of drawn) {
    const expected = id === chosen ? 'self'
      : reach.get(id).has(chosen) ? 'past'
      : reach.get(chosen).has(id) ? 'future' : 'concurrent';
    assert.equal(cone, expected, `${id} relative to ${chosen}`);
  }
  // The ring goes round the chosen event where it is drawn.
  const ring = drawn.some(([id]) => id === chosen) ? [chosen] : [];
  assert.deepEqual(await page.locator('svg.diagram .ring').evaluateAll((els) => els.map((e) => e.dataset.ringFor)), ring);
  // In the strip of Lamport's order, the chosen event's chip and no other
  // is marked (where it is listed: the strip shows the first 300).
  const listed = await page.locator(`.chip[data-chip="${chosen}"]`).count();
  assert.deepEqual(await page.locator('.chip.selected').evaluateAll((els) => els.map((e) => e.dataset.chip)), listed ? [chosen] : []);
  return drawn.length;
}

const pick = async (page, at) => page.locator('svg.diagram .events > [data-event-id]').evaluateAll(
  (els, at) => els[Math.floor(els.length * at)].dataset.eventId, at);
const press = (page, id, key) => page.locator(`[data-event-id="${id}"]`).press(key);

test('each drawn event shows the light cone of the selection, after selections, edits and pans', async () => {
  const { page, errors } = await open(browser, `${server.url}?lab=causality`);
  await generated(page);
  const [a, b] = [await pick(page, 0.2), await pick(page, 0.7)];
  await press(page, a, 'Enter');
  await checkCone(page, a);
  await press(page, b, 'Enter');
  await checkCone(page, b);
  // An edit redraws the marks; the cone is rewritten on the new ones.
  const before = await page.locator(`[data-event-id="${b}"] circle`).getAttribute('cx');
  await press(page, b, 'ArrowRight');
  await page.waitForFunction(([id, x]) => document.querySelector(`[data-event-id="${id}"] circle`).getAttribute('cx') !== x, [b, before]);
  await checkCone(page, b);
  await press(page, a, 'Enter');
  await checkCone(page, a);
  // Panning by a screen draws other events; they show the cone too.
  const svg = await page.locator('svg.diagram').boundingBox();
  await page.mouse.move(svg.x + svg.width / 2, svg.y + svg.height / 2);
  await page.mouse.wheel(svg.width, 0);
  await page.waitForTimeout(100);
  await checkCone(page, a);
  // Escape clears the selection from every event.
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('svg.diagram [data-cone]'));
  assert.equal(await page.locator('svg.diagram .ring').count(), 0);
  assert.equal(await page.locator('.chip.selected').count(), 0);
  // A chip selects its event, and is marked.
  const chip = await page.locator('.chip').nth(5).getAttribute('data-chip');
  await page.locator('.chip').nth(5).click();
  await page.waitForFunction((id) => document.querySelector(`.chip[data-chip="${id}"]`).classList.contains('selected'), chip);
  assert.equal(await page.locator('.chip.selected').count(), 1);
  assert.deepEqual(errors, []);
});

test('search marks and playback dimming come and go with what they mark', async () => {
  const { page, errors } = await open(browser, `${server.url}?lab=causality`);
  await generated(page, 60);
  await page.fill('#search', 'c');
  const found = await page.locator('svg.diagram .event.found').evaluateAll((els) => els.map((e) => e.dataset.eventId));
  assert.ok(found.length > 0 && found.every((id) => id.startsWith('c')), found.join(' '));
  await page.fill('#search', '');
  await page.waitForFunction(() => !document.querySelector('svg.diagram .event.found'));
  await page.click('#step');
  const trace = await traceOf(page);
  const later = await page.locator('svg.diagram .event.later').count();
  assert.equal(later, trace.events.length - 1, 'all but the first event are still to come');
  await page.click('#show-all');
  await page.waitForFunction(() => !document.querySelector('svg.diagram .event.later'));
  assert.deepEqual(errors, []);
});

test('the page draws what is in view and about a screen either side, at any size', async () => {
  for (const viewport of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
    const { page, errors } = await open(browser, `${server.url}?lab=causality`, viewport);
    await generated(page, 1000);
    const svg = await page.locator('svg.diagram').boundingBox();
    const xs = async () => page.locator('svg.diagram .events > [data-event-id] circle').evaluateAll((els) =>
      els.map((c) => c.getBoundingClientRect().x));
    let drawn = await xs();
    assert.ok(drawn.length < 1000, `${drawn.length} of 1000 events drawn at ${viewport.width}`);
    // Nothing further than a screen past either edge of the view.
    const far = (x) => x < svg.x - svg.width || x > svg.x + 2 * svg.width;
    assert.deepEqual(drawn.filter(far), []);
    // Every process line has events drawn across the view.
    const inView = (x) => x >= svg.x && x <= svg.x + svg.width;
    assert.ok(drawn.filter(inView).length > drawn.length / 3);
    await page.mouse.move(svg.x + svg.width / 2, svg.y + svg.height / 2);
    await page.mouse.wheel(svg.width, 0);
    await page.waitForTimeout(100);
    drawn = await xs();
    assert.deepEqual(drawn.filter(far), [], 'after a pan by a screen');
    assert.ok(drawn.filter(inView).length > drawn.length / 3, 'the view is drawn after a pan');
    await page.close();
    assert.deepEqual(errors, []);
  }
  // A preset that fits draws every event.
  const { page } = await open(browser, `${server.url}?preset=vector-clocks`);
  const trace = await traceOf(page);
  assert.equal(await page.locator('svg.diagram .events > [data-event-id]').count(), trace.events.length);
});
