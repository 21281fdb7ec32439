// The commit lab's explorer runs in a Web Worker: during a long search the
// page keeps painting and shows the search's progress, Cancel stops it at
// once, and a new run of the scenario stops it too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, screenshot, lab } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

/** Sets an explorer bound as a person types it. */
async function bound(page, name, value) {
  await page.fill(`#bound-${name}`, String(value));
  await page.dispatchEvent(`#bound-${name}`, 'change');
}

/** 3PC with two crashes and a drop: two million states, seconds of search. */
async function longSearch(page) {
  await lab(page, 'commit');
  await page.selectOption('#commit-scenario', '3pc-coordinator-crash');
  await bound(page, 'crashes', 2);
  await bound(page, 'drops', 1);
  await page.click('#explore');
}

const progress = (page) => page.locator('[data-explore-progress]');
const explored = async (page) => Number((await progress(page).textContent()).match(/(\d+) states explored/)?.[1] ?? 0);

/** Waits (up to a second) until the page has no worker left. */
async function workersGone(page) {
  for (let i = 0; i < 20 && page.workers().length; i++) await page.waitForTimeout(50);
  assert.equal(page.workers().length, 0, 'the worker is terminated');
}

/** Animation frames the page paints in one second, and the longest gap. */
const framesInASecond = (page) => page.evaluate(() => new Promise((resolve) => {
  const times = [];
  const tick = (t) => {
    times.push(t);
    if (t - times[0] < 1000) requestAnimationFrame(tick);
    else resolve({ frames: times.length - 1, longest: Math.max(...times.slice(1).map((x, i) => x - times[i])) });
  };
  requestAnimationFrame(tick);
}));

test('during a long exploration the page paints, the progress line moves, and Cancel stops it at once', async (t) => {
  const { page, errors } = await open(browser, server.url);
  await longSearch(page);
  await page.waitForFunction(() => /[1-9]\d* states explored, depth \d+, \d+ states per second/
    .test(document.querySelector('[data-explore-progress]')?.textContent ?? ''));
  assert.equal(page.workers().length, 1, 'the search runs in a worker');
  assert.equal(await page.locator('#explore').isDisabled(), true, 'one search at a time');

  const { frames, longest } = await framesInASecond(page);
  t.diagnostic(`${frames} frames painted in a second of exploring; the longest gap ${longest.toFixed(0)} ms`);
  assert.ok(frames >= 20, `${frames} frames in a second`);

  const first = await explored(page);
  await page.waitForFunction((n) => Number(document.querySelector('[data-explore-progress]')
    ?.textContent.match(/(\d+) states explored/)?.[1]) > n, first);
  assert.ok(await progress(page).count(), 'still exploring, so Cancel has something to stop');
  await screenshot(page, 'explore-progress');

  // Cancel: the line goes by the next frames, and so does the worker.
  const [worker] = page.workers();
  const gone = new Promise((resolve) => worker.once('close', () => resolve(Date.now())));
  const clicked = Date.now();
  const latency = await page.evaluate(() => new Promise((resolve) => {
    const start = performance.now();
    document.querySelector('#explore-cancel').click();
    const check = () => (document.querySelector('[data-explore-progress]') ? requestAnimationFrame(check)
      : resolve(performance.now() - start));
    check();
  }));
  const closed = await gone;
  t.diagnostic(`Cancel: the progress line went in ${latency.toFixed(1)} ms, the worker in ${closed - clicked} ms`);
  assert.ok(latency < 200, `${latency} ms to stop`);
  assert.ok(closed - clicked < 200, `the worker closed ${closed - clicked} ms after the click`);
  assert.match(await page.locator('#notice').textContent(), /^Explorer: cancelled after \d+ states/);
  await workersGone(page);

  // The page answers at once: a scenario opens and its run is judged.
  await page.selectOption('#commit-scenario', '2pc-happy-path');
  assert.equal(await page.locator('#inv-termination.ok').count(), 1);
  assert.equal(await page.locator('#explore').isDisabled(), false);
  assert.deepEqual(errors, []);
});

test('a new run of the scenario stops the search of the old one', async () => {
  const { page, errors } = await open(browser, server.url);
  await longSearch(page);
  await progress(page).waitFor();
  await page.selectOption('#commit-protocol', '2pc');
  assert.equal(await progress(page).count(), 0);
  assert.match(await page.locator('#notice').textContent(), /^Explorer: cancelled, as the scenario changed/);
  await workersGone(page);
  // A search of the new run finds that 2PC can block, and loads the proof.
  await bound(page, 'crashes', 1);
  await bound(page, 'drops', 0);
  await page.click('#explore');
  await page.waitForFunction(() => /^Explorer: a node can block forever; counterexample loaded/
    .test(document.querySelector('#notice')?.textContent ?? ''), null, { timeout: 60000 });
  assert.equal(await page.locator('#inv-termination.bad').count(), 1, 'the counterexample replays');
  assert.deepEqual(errors, []);
});
