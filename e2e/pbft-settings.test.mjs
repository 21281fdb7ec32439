// PBFT's settings on the page, as a person uses them at 1280×720: seven
// replicas and an equivocating primary chosen with the selects force a
// view change (no execution in view 0; VIEW-CHANGE, NEW-VIEW, R2 leads
// view 1; every property holds); two Byzantine replicas of four bring the
// "more than f" warning and a failed property; a K/L pair that does not
// fit is refused; the explorer's sweep over Byzantine behaviours runs from
// the page. Screenshots under target/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, screenshot, traceOf } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const verdict = (page, name) => page.locator(`#inv-${name}`).getAttribute('class');
const receives = (trace, label) => trace.events.filter((e) => e.kind === 'receive' && e.label === label);

/** Opens the Byzantine nodes' row, as a person clicks its summary. */
async function byzantineRow(page) {
  if (!(await page.locator('#byzantine-nodes').evaluate((d) => d.open))) await page.click('#byzantine-nodes summary');
}

test('seven replicas, R1 equivocating: no certificate in view 0, a view change, R2 executes in view 1', async () => {
  const { page, errors } = await open(browser, `${server.url}?scenario=pbft-normal`);
  await page.waitForSelector('#pbft-replicas');
  assert.equal(await page.locator('#pbft-replicas').evaluate((s) => s.options[s.selectedIndex].text), '4 replicas (f = 1)');
  await page.selectOption('#pbft-replicas', '7');
  await page.waitForFunction(() => document.querySelector('[data-process="R7"]'));
  await byzantineRow(page);
  assert.match(await page.locator('#byz-R1 option[value="equivocate"]').getAttribute('title'), /even id/);
  await page.selectOption('#byz-R1', 'equivocate');
  await page.waitForFunction(() => document.querySelector('#byzantine-count')?.textContent.startsWith('Byzantine: 1 of 7 (f = 2)'));
  assert.equal(await page.locator('#byzantine-warning').count(), 0, 'one of seven is within f');
  // The mark on R1's name, with its legend key.
  assert.match(await page.locator('[data-label-for="R1"][data-label-kind="process"]').textContent(), /^R1 ☠$/);
  assert.equal(await page.locator('[data-label-for="R2"][data-label-kind="process"]').textContent(), 'R2');
  assert.match(await page.locator('[data-legend-key="byzantine"]').textContent(), /Byzantine node/);
  const trace = await traceOf(page);
  // Nothing executes in view 0: every viewstamp ⟨view, executed⟩ shown in
  // view 0 has executed 0; replicas reach ⟨1,1⟩ in view 1.
  const stamps = await page.locator('[data-label-kind="clock"]').evaluateAll((ls) => ls.map((l) => l.textContent));
  assert.ok(stamps.some((t) => t.startsWith('⟨0,')), stamps.join(' '));
  assert.ok(stamps.filter((t) => t.startsWith('⟨0,')).every((t) => t === '⟨0,0⟩'), stamps.join(' '));
  assert.ok(stamps.includes('⟨1,1⟩'), stamps.join(' '));
  assert.ok(receives(trace, 'COMMIT').length > 0);
  assert.ok(receives(trace, 'VIEW-CHANGE').length > 0 && receives(trace, 'NEW-VIEW').length > 0);
  const arrows = await page.locator('svg.diagram [data-message-id]').count();
  assert.ok(arrows >= 42 + 6, `the VIEW-CHANGE and NEW-VIEW arrows are drawn (${arrows})`);
  // View 1's label lists the O its NEW-VIEW carried: nothing prepared in view 0.
  assert.deepEqual(await page.locator('[data-label-for="view-1"] tspan').allTextContents(), ['view 1 · primary R2', 'O: empty']);
  for (const p of ['agreement', 'durability', 'linearizable', 'liveness']) assert.equal(await verdict(page, p), 'ok', p);
  // Each replica's log holds put x 1 and get x, both committed (in view 1).
  const logs = await page.locator('svg.diagram .log-row').evaluateAll((rs) => rs.map((r) => [r.dataset.log,
    [...r.querySelectorAll('.log-cell:not(.elided)')].map((c) => c.dataset.committed)]));
  assert.ok(logs.length === 7 && logs.every(([, cells]) => cells.join() === 'true,true'), JSON.stringify(logs));
  // With the Byzantine row open, the diagram keeps its room at 1280×720.
  const diagram = await page.locator('svg.diagram').boundingBox();
  assert.ok(diagram.width >= 600 && diagram.height >= 300 && diagram.y < 200, JSON.stringify(diagram));
  await screenshot(page, 'pbft-settings-equivocation-7');
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
  await screenshot(page, 'pbft-settings-equivocation-7-dark');
  assert.deepEqual(errors, []);
});

test('two Byzantine replicas of four: the warning, a property fails; a bad K/L pair is refused', async () => {
  const { page, errors } = await open(browser, `${server.url}?scenario=pbft-normal`);
  await page.waitForSelector('#pbft-replicas');
  await byzantineRow(page);
  await page.selectOption('#byz-R1', 'equivocate');
  await page.selectOption('#byz-R2', 'equivocate');
  await page.waitForSelector('#byzantine-warning');
  assert.equal(await page.locator('#byzantine-warning').textContent(), '⚠ more than f: PBFT\'s guarantees do not hold');
  assert.match(await page.locator('#byzantine-count').textContent(), /^Byzantine: 2 of 4 \(f = 1\)/);
  assert.equal(await verdict(page, 'linearizable'), 'bad');
  assert.match(await page.locator('#inv-linearizable').textContent(), /^✗/);
  await screenshot(page, 'pbft-settings-more-than-f');
  // L = 8 is not a multiple of K = 3: refused, the run kept.
  const before = (await traceOf(page)).events.length;
  await page.fill('#pbft-checkpoint', '3');
  await page.locator('#pbft-checkpoint').dispatchEvent('change');
  await page.waitForFunction(() => /Settings refused/.test(document.body.textContent));
  assert.match(await page.locator('body').textContent(), /"window" is 8; L is a multiple of "checkpoint" \(3\)/);
  assert.equal((await traceOf(page)).events.length, before);
  assert.equal(await page.locator('#byzantine-warning').count(), 1, 'the Byzantine nodes are kept');
  assert.deepEqual(errors, []);
});

// A sweep's searches run long in the page's worker (the first assignment,
// R1 and R2 equivocating on pbft-normal's two requests, is tens of
// thousands of states): this checks that it starts, names its assignment
// in the progress line, keeps the page answering, and stops on Cancel.
test('the explorer sweeps the Byzantine behaviours of up to two replicas from the page', async () => {
  const { page, errors } = await open(browser, `${server.url}?scenario=pbft-normal`);
  await page.waitForSelector('#explore-byzantine');
  await page.fill('#bound-crashes', '0');
  await page.locator('#bound-crashes').dispatchEvent('change');
  const offered = await page.locator('#explore-byzantine option').evaluateAll((os) => os.map((o) => o.textContent));
  assert.deepEqual(offered, ['the scenario\'s Byzantine nodes', 'any behaviour of any 1 replica', 'any behaviours of up to 2 of 4 replicas']);
  await page.selectOption('#explore-byzantine', '2');
  await page.click('#explore');
  await page.waitForFunction(() => /^Exploring: assignment 1 of 112: \d+ states/.test(document.querySelector('[data-explore-progress]')?.textContent ?? ''), null, { timeout: 30000 });
  // The page still answers while the worker searches.
  await page.click('#byzantine-nodes summary');
  assert.equal(await page.locator('#byzantine-nodes').evaluate((d) => d.open), true);
  await screenshot(page, 'pbft-explore-byzantine-progress');
  await page.click('#explore-cancel');
  await page.waitForFunction(() => /Explorer: cancelled after \d+ states/.test(document.body.textContent));
  assert.equal(await page.locator('[data-explore-progress]').count(), 0);
  assert.deepEqual(errors, []);
});
