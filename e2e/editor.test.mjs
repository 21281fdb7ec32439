// The editor as a lecturer uses it: build a diagram by clicking and
// dragging, read clocks and light cones, get refused, undo, reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, screenshot, traceOf, linePoint, dot, drag, reachability, label, menu } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const clock = (page, id) => label(page, id).textContent();

/** New diagram, then: a1 and b1 by clicking, a message a1 -> B by dragging, c1 by clicking. */
async function buildByHand(page) {
  await menu(page, 'file');
  await page.click('#new');
  assert.deepEqual((await traceOf(page)).events, []);
  await page.mouse.click(...Object.values(await linePoint(page, 'A', 0.15)));
  await page.mouse.click(...Object.values(await linePoint(page, 'B', 0.15)));
  await drag(page, await dot(page, 'a1'), await linePoint(page, 'B', 0.45));
  await page.mouse.click(...Object.values(await linePoint(page, 'C', 0.3)));
  return traceOf(page);
}

test('a diagram built by clicking and dragging gets its clocks', async () => {
  const { page, errors } = await open(browser, server.url);
  const trace = await buildByHand(page);
  const summary = trace.events.map((e) => [e.id, e.process, e.kind, e.message ?? null]);
  assert.deepEqual(summary, [
    ['a1', 'A', 'send', 'm1'], ['b1', 'B', 'local', null], ['c1', 'C', 'local', null], ['b2', 'B', 'receive', 'm1'],
  ]);
  // Vector clocks (entries A, B, C): the receive has seen a1 and b1.
  assert.equal(await clock(page, 'a1'), '[1,0,0]');
  assert.equal(await clock(page, 'b2'), '[1,2,0]');
  assert.equal(await clock(page, 'c1'), '[0,0,1]');
  await page.selectOption('#labels', 'lamport');
  assert.deepEqual(await Promise.all(['a1', 'b1', 'c1', 'b2'].map((id) => clock(page, id))), ['1', '1', '1', '2']);
  assert.equal(await page.locator('[data-message-id="m1"]').count(), 1);
  await screenshot(page, 'editor-built');
  assert.deepEqual(errors, []);
});

test('clicking an event colours its light cone, matching happened-before', async () => {
  const { page } = await open(browser, server.url);
  const trace = await buildByHand(page);
  const reach = reachability(trace);
  for (const chosen of ['a1', 'b1', 'b2']) {
    await page.click(`[data-event-id="${chosen}"] circle`);
    for (const e of trace.events) {
      const expected = e.id === chosen ? 'self' : reach.get(e.id).has(chosen) ? 'past'
        : reach.get(chosen).has(e.id) ? 'future' : 'concurrent';
      assert.equal(await page.getAttribute(`[data-event-id="${e.id}"]`, 'data-cone'), expected, `${e.id} relative to ${chosen}`);
    }
  }
  await page.click(`[data-event-id="b1"] circle`);
  // What a person sees: past blue, future orange ringed in black,
  // concurrent hollow and dashed (Okabe-Ito hues, told apart by shape too).
  const style = (id, prop) => page.$eval(`[data-event-id="${id}"] circle:last-of-type`, (c, p) => getComputedStyle(c)[p], prop);
  await page.click(`[data-event-id="b2"] circle`);
  assert.equal(await style('a1', 'fill'), 'rgb(0, 114, 178)', 'a1 is in b2\'s past');
  await page.click(`[data-event-id="b1"] circle`);
  assert.equal(await style('b2', 'fill'), 'rgb(230, 159, 0)', 'b2 is in b1\'s future');
  assert.equal(await style('b2', 'stroke'), 'rgb(17, 17, 17)', 'ringed');
  assert.equal(await style('a1', 'fill'), 'rgb(255, 255, 255)', 'a1 is concurrent with b1: hollow');
  assert.notEqual(await style('a1', 'strokeDasharray'), 'none', 'and dashed');
  await screenshot(page, 'editor-light-cone');
  // Clicking empty space clears the cone.
  const box = await page.locator('svg.diagram').boundingBox();
  await page.mouse.click(box.x + box.width - 20, box.y + box.height - 20);
  assert.equal(await page.locator('[data-cone]').count(), 0);
});

test('shift-click states the relation with its proof', async () => {
  const { page } = await open(browser, server.url);
  await buildByHand(page);
  await page.click('[data-event-id="a1"] circle');
  await page.click('[data-event-id="b2"] circle', { modifiers: ['Shift'] });
  assert.equal(await page.locator('#relation').textContent(), 'a1 → b2');
  assert.match(await page.locator('[data-relation]').textContent(), /^a1 → b2/, 'the relation is on the canvas too');
  assert.deepEqual(await page.locator('.proof li').allTextContents(), ['a1 -m1-> b2  (message m1 from A to B)']);
  assert.ok(await page.locator('[data-message-id="m1"].proof').count() === 1, 'the chain is drawn');
  await page.click('[data-event-id="b1"] circle');
  await page.click('[data-event-id="a1"] circle', { modifiers: ['Shift'] });
  assert.equal(await page.locator('#relation').textContent(), 'b1 ∥ a1');
  assert.deepEqual(await page.locator('.proof li').allTextContents(), [
    'V(b1)[B] = 1 > V(a1)[B] = 0: a1 has not seen b1', 'V(a1)[A] = 1 > V(b1)[A] = 0: b1 has not seen a1',
  ]);
  // The two witness entries are emphasised in the vector labels.
  assert.equal(await label(page, 'b1').locator('.witness').textContent(), '1');
  assert.equal(await label(page, 'a1').locator('.witness').textContent(), '1');
  await screenshot(page, 'editor-relation');
});

test('an edit that would make causality cyclic is refused and changes nothing', async () => {
  const { page } = await open(browser, server.url);
  const before = await buildByHand(page);
  // From b2 (which received a1's message) back to A before a1: a cycle.
  const a1 = await dot(page, 'a1');
  await drag(page, await dot(page, 'b2'), { x: a1.x - 60, y: a1.y });
  const notice = await page.locator('#notice').textContent();
  assert.match(notice, /^Refused: causality would be cyclic: /);
  assert.deepEqual(await traceOf(page), before);
  // Moving the receive to before its send is refused too.
  await drag(page, await dot(page, 'b2'), { x: a1.x - 40, y: (await dot(page, 'b2')).y });
  assert.match(await page.locator('#notice').textContent(), /^Refused: m1 would arrive \(at [\d.]+\) before it is sent/);
  assert.deepEqual(await traceOf(page), before);
  await screenshot(page, 'editor-refused');
});

test('undo and redo walk back and forth; reload restores the diagram', async () => {
  const { page } = await open(browser, server.url);
  const built = await buildByHand(page);
  await page.keyboard.press('Control+z');
  const undone = await traceOf(page);
  assert.deepEqual(undone.events.map((e) => e.id), ['a1', 'b1', 'b2']);
  await page.click('#undo');
  assert.deepEqual((await traceOf(page)).events.map((e) => e.id), ['a1', 'b1'], 'the message is gone');
  await page.keyboard.press('Control+Shift+z');
  await page.click('#redo');
  assert.deepEqual(await traceOf(page), built);
  await page.reload();
  await page.waitForSelector('[data-event-id="b2"]');
  assert.deepEqual(await traceOf(page), built);
  assert.equal(await clock(page, 'b2'), '[1,2,0]');
});

test('hovering or focusing an event shows how its clocks were computed', async () => {
  const { page } = await open(browser, server.url);
  await buildByHand(page);
  const b2 = await dot(page, 'b2');
  await page.mouse.move(b2.x, b2.y);
  const tip = page.locator('.tooltip[data-tooltip-for="b2"]');
  assert.match(await tip.textContent(), /Lamport: receive of m1: max\(1, 1\) \+ 1 = 2/);
  assert.match(await tip.textContent(), /vector: max\(\[0,1,0\], \[1,0,0\]\) then B \+ 1 = \[1,2,0\]/);
  await screenshot(page, 'editor-tooltip');
  await page.mouse.move(5, 5);
  await page.locator('[data-event-id="a1"]').focus();
  assert.match(await page.locator('.tooltip[data-tooltip-for="a1"]').textContent(), /Lamport: send: 0 \+ 1 = 1/);
});

test('the keyboard alone selects, moves and deletes, and ? lists the shortcuts', async () => {
  const { page } = await open(browser, server.url);
  await buildByHand(page);
  const time = async (id) => (await traceOf(page)).events.find((e) => e.id === id)?.time;
  const c1 = await time('c1');
  await page.locator('[data-event-id="c1"]').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await time('c1'), c1 + 0.5);
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('[data-event-id="c1"]', 'data-cone'), 'self');
  await page.keyboard.press('Delete');
  assert.equal(await time('c1'), undefined);
  // Deleting a receive leaves its message lost, drawn as such.
  await page.locator('[data-event-id="b2"]').focus();
  await page.keyboard.press('Delete');
  assert.equal(await page.locator('[data-message-id="m1"].lost').count(), 1);
  await page.locator('svg.diagram').focus();
  await page.keyboard.press('?');
  assert.ok(await page.locator('#help-title').isVisible());
  await screenshot(page, 'editor-help');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#help-title').count(), 0);
});

test('an arrow end dragged along its line moves that receive', async () => {
  const { page } = await open(browser, server.url);
  await buildByHand(page);
  const before = (await traceOf(page)).events.find((e) => e.id === 'b2').time;
  const [a1, b2] = [await dot(page, 'a1'), await dot(page, 'b2')];
  // Grab the arrow a fifth of the way from its receiving end, outside the dot.
  const grab = { x: b2.x + (a1.x - b2.x) * 0.2, y: b2.y + (a1.y - b2.y) * 0.2 };
  await drag(page, grab, { x: b2.x + 120, y: b2.y + 40 });
  const after = (await traceOf(page)).events.find((e) => e.id === 'b2');
  assert.equal(after.process, 'B');
  assert.ok(after.time > before, `moved later along B: ${before} -> ${after.time}`);
});

test('bad text given to window.lightcone.load is refused and the diagram kept', async () => {
  const { page } = await open(browser, server.url);
  const before = await traceOf(page);
  const error = await page.evaluate(() => window.lightcone.load('{"processes": ["A"], "events": [{"id": "a1"'));
  assert.match(error, /invalid JSON at line 1/);
  assert.match(await page.locator('#notice').textContent(), /Not loaded: invalid JSON at line 1/);
  assert.deepEqual(await traceOf(page), before);
  // Too big to draw: refused with its size, the diagram kept.
  const big = await page.evaluate(() => window.lightcone.load(JSON.stringify({ processes: ['A'],
    events: Array.from({ length: 12000 }, (_, i) => ({ id: `a${i}`, process: 'A', kind: 'local' })) })));
  assert.match(big, /input too large: 12000 events; the editor draws at most 10000/);
  assert.deepEqual(await traceOf(page), before);
  const hostile = await page.evaluate(() => window.lightcone.load('{"processes": ["<img src=x onerror=alert(1)>"], "events": []}'));
  assert.equal(hostile, null);
  assert.equal(await page.locator('img').count(), 0, 'user text is never markup');
  const name = await page.locator('[data-process] title').first().textContent();
  assert.equal(name, '<img src=x onerror=alert(1)>', 'the whole name, as text');
});
