// `make bench`, browser half: on a generated 500-event diagram in headless
// Chromium, the time from a key press to the re-rendered, laid-out page
// ("render": recompute, DOM update, style and layout) and to the next
// painted frame, for an edit (moving an event) and a selection (its light
// cone). Writes target/bench/browser.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, serve, launch } from '../e2e/harness.mjs';

const RUNS = 100;
const server = await serve();
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
// The causality lab, without the first visit's greeting.
await page.goto(`${server.url}?lab=causality`);
await page.waitForSelector('[data-event-id]');
if (await page.locator('#gallery-close').count()) await page.click('#gallery-close');
for (const [id, value] of [['#gen-events', '500'], ['#gen-processes', '8'], ['#gen-seed', '3']]) {
  await page.fill(id, value);
  await page.press(id, 'Enter');
}
await page.click('#generate');
// Only the stretch in view is drawn: the trace says when all 500 are there.
await page.waitForFunction(() => JSON.parse(window.lightcone.trace()).events.length === 500);
await page.waitForSelector('svg.diagram [data-event-id]');

const timings = await page.evaluate(async (runs) => {
  const key = (el, key) => el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  const svg = document.querySelector('svg.diagram');
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  // Yew renders in microtasks: wait for the DOM to show the change, then
  // force style and layout. Painting comes later and is timed separately.
  async function rendered(done) {
    for (let i = 0; i < 1000 && !done(); i++) await null;
    svg.getBBox();
    document.body.getBoundingClientRect();
  }
  async function time(act, done) {
    const render = [], paint = [];
    for (let i = 0; i < runs; i++) {
      await frame();
      const t = performance.now();
      act(i);
      await rendered(() => done(i));
      render.push(performance.now() - t);
      await new Promise((resolve) => requestAnimationFrame(resolve));
      paint.push(performance.now() - t);
    }
    const stats = (xs) => { xs.sort((a, b) => a - b); return { median: xs[runs >> 1], p95: xs[Math.floor(runs * 0.95)] }; };
    return { render: stats(render), frame: stats(paint) };
  }
  const events = [...document.querySelectorAll('[data-event-id]')].map((e) => e.dataset.eventId);
  // Two of the events drawn (all 500 once, the stretch in view now).
  const [a, b] = [events[Math.floor(events.length / 5)], events[Math.floor(events.length * 4 / 5)]];
  const el = (id) => document.querySelector(`[data-event-id="${id}"]`);
  const x = () => el(a).querySelector('circle').getAttribute('cx');
  let before;
  const edit = await time((i) => { before = x(); key(el(a), i % 2 ? 'ArrowLeft' : 'ArrowRight'); }, () => x() !== before);
  const select = await time((i) => key(el(i % 2 ? a : b), 'Enter'), (i) => el(i % 2 ? a : b).dataset.cone === 'self');
  return { events: JSON.parse(window.lightcone.trace()).events.length, drawn: events.length, edit, select };
}, RUNS);

await browser.close();
server.close();
writeFileSync(join(root, 'target/bench/browser.json'), JSON.stringify(timings) + '\n');
console.error(`browser ${JSON.stringify(timings)}`);
