// The time lab: a Cristian run whose leg is dragged (the exchange's error
// follows half the legs' asymmetry, computed here from the page's own
// trace), constants switched on one clock jump (a step becomes a slew),
// the offset plot with its legend, and the screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, screenshot, traceOf, drag, lab } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

/** Each event's time in the page's trace, by id; each message's send and receive ids. */
function timesOf(trace) {
  const time = new Map(trace.events.map((e) => [e.id, e.time]));
  const ends = new Map();
  for (const e of trace.events) {
    if (!e.message) continue;
    const m = ends.get(e.message) ?? {};
    m[e.kind] = e.id;
    ends.set(e.message, m);
  }
  return { time, ends };
}

/** (d_forward − d_back)/2 of the exchange whose legs are `request` and `reply`, from the trace's times. */
function halfAsymmetry(trace, request, reply) {
  const { time, ends } = timesOf(trace);
  const leg = (m) => time.get(ends.get(m).receive) - time.get(ends.get(m).send);
  return (leg(request) - leg(reply)) / 2;
}

const exchange = (page, request) => page.locator(`[data-time-request="${request}"]`);

/** The centre of event `id`'s dot. */
async function centre(page, id) {
  const box = await page.locator(`[data-event-id="${id}"] circle`).boundingBox();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** The first exchange (request m1, reply m2), chosen on the diagram: its error as shown. */
async function firstExchange(page) {
  await page.locator('[data-message-focus="m2"]').focus();
  await page.keyboard.press('Enter');
  const chosen = page.locator('[data-time-exchange].chosen');
  assert.equal(await chosen.getAttribute('data-time-request'), 'm1');
  assert.equal(await chosen.getAttribute('data-time-reply'), 'm2');
  const value = async (hook) => Number(await chosen.locator(`[data-${hook}]`).getAttribute(`data-${hook}`));
  return { error: await value('time-error'), offset: await value('time-offset') };
}

test('dragging a leg of a Cristian exchange changes its error to half the asymmetry', async () => {
  const { page, errors } = await open(browser, `${server.url}?timesync=cristian-asymmetric`);
  assert.equal(await page.locator('#lab-time[aria-selected="true"]').count(), 1);
  assert.equal(await page.locator('#time-preset').inputValue(), 'cristian-asymmetric');
  await screenshot(page, 'time-cristian-asymmetric');
  const { error: before, offset: offsetBefore } = await firstExchange(page);
  const trace0 = await traceOf(page);
  // 10 ms out, 90 ms back: the error is half of −80 ms (the client's
  // 20 ppm over the exchange aside).
  assert.ok(Math.abs(before - halfAsymmetry(trace0, 'm1', 'm2')) < 1e-5, `${before}`);
  assert.ok(Math.abs(before + 0.04) < 1e-4, `${before}`);

  // Drag the reply's arrival a third of the way back towards its send:
  // the reply leg gets shorter, the asymmetry and the error smaller.
  const { ends } = timesOf(trace0);
  const send = await centre(page, ends.get('m2').send);
  const from = await centre(page, ends.get('m2').receive);
  await drag(page, from, { x: from.x - (from.x - send.x) / 3, y: from.y });
  const shown = exchange(page, 'm1').locator('[data-time-error]');
  await page.waitForFunction((b) => Number(document.querySelector('[data-time-request="m1"] [data-time-error]')
    ?.getAttribute('data-time-error')) !== b, before);
  const after = Number(await shown.getAttribute('data-time-error'));
  const trace1 = await traceOf(page);
  const expected = halfAsymmetry(trace1, 'm1', 'm2');
  assert.ok(after > before + 1e-3, `a shorter reply leg makes the error smaller: ${before} → ${after}`);
  assert.ok(Math.abs(after - expected) < 1e-5, `shown ${after}, from the trace ${expected}`);
  // The computed offset moved by as much: the clocks are as they were
  // (no correction yet), only the reply's arrival is earlier.
  const offset = Number(await exchange(page, 'm1').locator('[data-time-offset]').getAttribute('data-time-offset'));
  assert.ok(Math.abs(offset - offsetBefore - (after - before)) < 1e-5, `offset ${offsetBefore} → ${offset}`);
  await screenshot(page, 'time-leg-dragged');
  assert.deepEqual(errors, []);
});

test('a drag that would make a delay negative is refused', async () => {
  const { page, errors } = await open(browser, `${server.url}?timesync=cristian-asymmetric`);
  const { ends } = timesOf(await traceOf(page));
  const send = await centre(page, ends.get('m2').send);
  const from = await centre(page, ends.get('m2').receive);
  // Before the reply was sent: past the request's send too.
  const first = await centre(page, ends.get('m1').send);
  await drag(page, from, { x: Math.min(send.x, first.x) - 20, y: from.y });
  assert.match(await page.locator('#notice').textContent(), /never negative/);
  assert.deepEqual(errors, []);
});

test('switching constants on one clock jump turns a step into a slew', async () => {
  const { page, errors } = await open(browser, server.url);
  await lab(page, 'time');
  await page.selectOption('#time-preset', 'clock-jump-rfc5905');
  const kinds = async () => page.locator('[data-time-adjustment]').evaluateAll((ls) => ls.map((l) => l.dataset.timeAdjustment));
  const values = async () => page.locator('#time-constants-values').textContent();
  // RFC 5905: the half-second jump outlasts the 900 s stepout and is stepped.
  assert.match(await values(), /step: over 0\.125 s/);
  assert.match(await values(), /stepout: 900 s/);
  assert.ok((await kinds()).includes('step'), (await kinds()).join(' '));
  await screenshot(page, 'time-rfc5905-step');
  // chrony (makestep 0.1 3): steps only in the first three updates, so the jump is slewed.
  await page.selectOption('#time-constants', 'chrony');
  assert.match(await values(), /only in the first 3 updates/);
  const chrony = await kinds();
  assert.ok(!chrony.includes('step'), chrony.join(' '));
  assert.ok(chrony.includes('slew'), chrony.join(' '));
  assert.match(await page.locator('.time-adjustments').textContent(), /0 steps/);
  assert.match(await page.locator('[data-title]').textContent(), /under chrony/, 'the title says the constants changed');
  await screenshot(page, 'time-chrony-slew');
  // ntpd: a 300 s stepout, and the step is back.
  await page.selectOption('#time-constants', 'ntpd');
  assert.match(await values(), /stepout: 300 s/);
  assert.ok((await kinds()).includes('step'));
  assert.deepEqual(errors, []);
});

test('the offset plot has a curve and a legend entry per node, and readable text', async () => {
  const { page, errors } = await open(browser, `${server.url}?timesync=step-versus-slew`);
  const trace = await traceOf(page);
  const plot = page.locator('#time-offset-plot');
  assert.equal(await plot.count(), 1);
  assert.equal(await plot.locator('.series .curve').count(), trace.processes.length);
  const legend = await page.locator('#time-plot-legend li').allTextContents();
  for (const p of trace.processes) assert.ok(legend.includes(p), `${p} in ${legend}`);
  assert.ok(legend.includes('step') && legend.includes('slew'));
  // far steps (a ▲ on its curve), near slews (a thick stretch on its curve).
  assert.ok(await plot.locator('[data-node="far"] .step').count() >= 1);
  assert.ok(await plot.locator('[data-node="near"] .slew').count() >= 1);
  const sizes = await page.locator('.time-plot text, #time-plot-legend li, .time-lab, .time-exchanges li')
    .evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
  assert.ok(sizes.every((s) => s >= 14), sizes.join(' '));
  // The dashes differ, so colour is not the only signal.
  const dashes = await plot.locator('.series .curve').evaluateAll((ps) => ps.map((p) => p.getAttribute('stroke-dasharray')));
  assert.ok(new Set(dashes).size >= Math.min(trace.processes.length, 5));
  await page.locator('.time-plot').scrollIntoViewIfNeeded();
  await screenshot(page, 'time-offset-plot');
  // Leaving the lab gives the diagram back.
  await lab(page, 'causality');
  assert.equal(await page.locator('#time-offset-plot').count(), 0);
  assert.deepEqual(errors, []);
});

/** Each line's local-time ticks, by process: [{x, reading}] in x order. */
async function ticksOf(page) {
  const ticks = await page.locator('.local-tick').evaluateAll((ts) => ts.map((t) => {
    const box = t.getBoundingClientRect();
    return { process: t.dataset.process, x: box.x + box.width / 2, reading: Number(t.dataset.localTime) };
  }));
  const by = new Map();
  for (const t of ticks) by.set(t.process, [...(by.get(t.process) ?? []), t].sort((a, b) => a.x - b.x));
  return by;
}

/** The true times of the drawn events just left and right of `x` on `process`'s line. */
function bracket(dots, process, x) {
  const line = dots.filter((d) => d.process === process);
  const left = line.filter((d) => d.x < x).at(-1);
  const right = line.find((d) => d.x > x);
  return { left: left?.time, right: right?.time };
}

test("each line carries its node's own clock: a tick where it reads a round value, at the true time it does", async () => {
  const { page, errors } = await open(browser, `${server.url}?timesync=cristian-asymmetric`);
  const trace = await traceOf(page);
  const time = new Map(trace.events.map((e) => [e.id, [e.process, e.time]]));
  const dots = await page.locator('[data-event-id]').evaluateAll((ds) => ds.map((d) => {
    const box = d.querySelector('circle').getBoundingClientRect();
    return { id: d.dataset.eventId, x: box.x + box.width / 2 };
  }));
  const placed = dots.filter((d) => time.has(d.id)).map((d) => ({ ...d, process: time.get(d.id)[0], time: time.get(d.id)[1] }));
  const ticks = await ticksOf(page);
  assert.ok(ticks.get('S')?.length >= 3 && ticks.get('client')?.length >= 3, `ticks on both lines: ${[...ticks.keys()]}`);
  // S is a perfect clock: its reading is the true time, between the true
  // times of the events either side.
  for (const t of ticks.get('S')) {
    const { left, right } = bracket(placed, 'S', t.x);
    if (left === undefined || right === undefined) continue;
    assert.ok(left - 1e-3 <= t.reading && t.reading <= right + 1e-3, `S reads ${t.reading} between ${left} and ${right}`);
  }
  // Once corrected, the client runs 40 ms behind (the asymmetry): it reads
  // v at true time v + 0.04, give or take its 20 ppm between corrections.
  let checked = 0;
  for (const t of ticks.get('client').filter((k) => k.reading >= 1)) {
    const { left, right } = bracket(placed, 'client', t.x);
    if (left === undefined || right === undefined) continue;
    const at = t.reading + 0.04;
    assert.ok(left - 3e-3 <= at && at <= right + 3e-3, `client reads ${t.reading} between true ${left} and ${right}`);
    checked += 1;
  }
  assert.ok(checked >= 2, `${checked} client ticks checked`);
  // The readings are labelled above the ticks, in readable type, and the legend says what they are.
  const labels = page.locator('.label.local-time');
  assert.ok(await labels.count() >= 3);
  const sizes = await labels.evaluateAll((ls) => ls.map((l) => parseFloat(getComputedStyle(l).fontSize)));
  assert.ok(sizes.every((s) => s >= 14), sizes.join(' '));
  assert.match(await page.locator('[data-legend-key="local-time"]').textContent(), /own clock/);
  // Zoomed in, the step is finer: more ticks on the first stretch.
  const first = (m) => m.get('S').filter((k) => k.reading < 1).length;
  const before = first(ticks);
  for (let i = 0; i < 4; i += 1) await page.click('button[aria-label="Zoom in"]');
  await page.waitForFunction((n) => [...document.querySelectorAll('.local-tick[data-process="S"]')]
    .filter((t) => Number(t.dataset.localTime) < 1).length > n, before);
  await screenshot(page, 'time-local-scale');
  assert.deepEqual(errors, []);
});
