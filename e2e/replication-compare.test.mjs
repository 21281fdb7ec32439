// VR and PBFT side by side, and PBFT on the Measure panel and in lessons,
// as a person at 1280x720 sees them: the comparison opened from the
// Replicas lab and by its link, each fault picked in turn with both
// diagrams on screen and the table's figures and verdicts; Measure run on
// a PBFT preset (4, 7 and 10 replicas, batching off only); the "pbft" and
// "vr-vs-pbft" lessons stepped through with each prediction answered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serve, launch, open, screenshot, root } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

/** The table as { figure: [VR's cell, PBFT's cell] }. */
const table = (page) => page.locator('#compare-table tbody tr').evaluateAll((rows) => Object.fromEntries(rows.map((r) =>
  [r.dataset.figure, [...r.querySelectorAll('td')].map((td) => td.textContent.trim())])));

/** Each visible diagram's box, and the font sizes of its text on screen. */
const diagrams = (page) => page.locator('.compare-diagram').evaluateAll((figs) => figs.map((f) => {
  const svg = [...f.querySelectorAll('.compare-picture svg')].find((s) => s.getBoundingClientRect().width > 0);
  const box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('text')].map((t) => parseFloat(t.getAttribute('font-size') ?? '14') * scale);
  return { name: f.getAttribute('aria-label'), protocol: f.dataset.protocol,
    top: box.top, bottom: box.bottom, left: box.left, right: box.right, sizes,
    text: svg.textContent, dark: svg.closest('.compare-picture').classList.contains('dark') };
}));

test('the comparison: each fault, both diagrams on screen, the figures and verdicts', async () => {
  const { page, errors } = await open(browser, `${server.url}?scenario=pbft-normal`);
  await page.waitForSelector('#lab-replication[aria-selected="true"]');
  assert.equal(await page.locator('#compare-open').textContent(), 'Compare with VR');
  await page.click('#compare-open');
  await page.waitForSelector('#compare-table');
  const expected = {
    'none': { answered: ['3 of 3', '3 of 3'], bad: [[], []] },
    'crashed-primary': { answered: ['3 of 3', '3 of 3'], bad: [[], []] },
    'byzantine-primary': { bad: [['property-linearizable'], []] },
  };
  for (const [fault, want] of Object.entries(expected)) {
    await page.selectOption('#compare-fault', fault);
    await page.waitForSelector(`#compare[data-fault="${fault}"]`);
    const rows = await table(page);
    if (want.answered) assert.deepEqual(rows.answered, want.answered, fault);
    for (const side of [0, 1]) {
      const bad = Object.entries(rows).filter(([k, v]) => k.startsWith('property-') && v[side].startsWith('✗')).map(([k]) => k);
      for (const b of want.bad[side]) assert.ok(bad.includes(b), `${fault}: ${b} violated in ${side ? 'PBFT' : 'VR'}: ${bad}`);
      if (want.bad[side].length === 0) assert.deepEqual(bad, [], `${fault}: ${side ? 'PBFT' : 'VR'} holds everything`);
      const ok = Object.entries(rows).filter(([k, v]) => k.startsWith('property-') && v[side].startsWith('✓'));
      assert.ok(ok.length + bad.length >= 4, `${fault}: a verdict for each property`);
    }
    const [vrMessages, pbftMessages] = rows.messages.map(Number);
    if (fault !== 'byzantine-primary') assert.ok(pbftMessages > vrMessages, `${fault}: PBFT ${pbftMessages} > VR ${vrMessages}`);
    if (fault === 'none') assert.deepEqual(rows.delays, ['4.00', '5.00']);
    // Both diagrams, one above the other, named, within the 1280x720 view
    // once scrolled to, with text at 14 px or more.
    const [vr, pbft] = await diagrams(page);
    assert.deepEqual([vr.name, pbft.name], ['VR, 3 replicas: space-time diagram', 'PBFT, 4 replicas: space-time diagram']);
    assert.ok(vr.text.startsWith('VR, 3 replicas') && pbft.text.startsWith('PBFT, 4 replicas'), 'each named on screen');
    assert.ok(vr.bottom <= pbft.top, 'VR above PBFT');
    assert.ok(pbft.right <= 1280 && vr.left >= 0, 'within the width');
    const side = await page.locator('#compare-table').boundingBox();
    assert.ok(side.x >= vr.right && side.x + side.width <= 1280, `the table beside the diagrams, within the width: ${JSON.stringify(side)}`);
    const legend = await page.locator('.compare-legend').boundingBox();
    assert.ok(legend.x + legend.width <= 1280 && legend.y + legend.height <= 720, `the legend on screen: ${JSON.stringify(legend)}`);
    assert.ok(pbft.bottom - vr.top <= 720, `both fit the height: ${pbft.bottom - vr.top}`);
    for (const d of [vr, pbft]) {
      assert.ok(d.sizes.every((px) => px >= 13.9), `${d.name}: text at ${Math.min(...d.sizes)} px`);
      assert.ok(!d.dark, 'the light picture in the light theme');
    }
    assert.ok(vr.text.includes('R3') && !vr.text.includes('R4') && pbft.text.includes('R4'), 'each group\'s replicas');
    await screenshot(page, `compare-${fault}`);
  }
  // Dark theme: the dark pictures show.
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
  assert.ok((await diagrams(page)).every((d) => d.dark));
  await screenshot(page, 'compare-byzantine-primary-dark');
  // Its link opens the same view.
  const href = await page.locator('#compare-link').getAttribute('href');
  assert.equal(href, '?lab=replication&compare=byzantine-primary');
  const linked = await open(browser, `${server.url}${href}`);
  await linked.page.waitForSelector('#compare[data-fault="byzantine-primary"]');
  assert.deepEqual(linked.errors, []);
  await page.click('#compare .close');
  assert.equal(await page.locator('#compare').count(), 0);
  assert.deepEqual(errors, []);
});

test('Measure on a PBFT preset: 4, 7 and 10 replicas, batching off, messages per request growing as n squared', async () => {
  const { page, errors } = await open(browser, `${server.url}?scenario=pbft-normal`);
  await page.waitForSelector('#lab-replication[aria-selected="true"]');
  assert.match(await page.locator('.measure .hint').textContent(), /4, 7 and 10 replicas/);
  await page.click('#vr-measure');
  await page.waitForSelector('#vr-measured', { timeout: 300000 });
  const series = (plot) => page.locator(`#${plot} g.series`).evaluateAll((gs) => Object.fromEntries(gs.map((g) => [g.dataset.series,
    [...g.querySelectorAll('.marker')].map((m) => [Number(m.dataset.x), Number(m.dataset.y)])])));
  const messages = await series('vr-plot-messages');
  assert.deepEqual(Object.keys(messages), ['batching off'], 'no batching curve for PBFT');
  assert.deepEqual(messages['batching off'].map((p) => p[0]), [4, 7, 10]);
  const m = messages['batching off'].map((p) => p[1]);
  // At least the normal case's 2n² − n + 1 per request: 29, 92, 191.
  assert.ok(m[0] >= 29 && m[1] >= 92 && m[2] >= 191, m.join(' '));
  const latency = await series('vr-plot-latency');
  assert.equal(latency['batching off'].length, 7);
  const top = Math.max(...latency['batching off'].map((p) => p[0]));
  assert.ok(top < 1 / 0.775 * 1.01, `throughput tops out at ${top}, under the primary's capacity 1.29`);
  const rows = (await page.locator('#vr-measure-table').textContent()).trim().split('\n').slice(1);
  assert.equal(rows.length, 3 * 7);
  assert.ok(rows.every((r) => /^(4|7|10)\s+off\s/.test(r)), rows.join('\n'));
  await page.locator('#vr-plot-messages').scrollIntoViewIfNeeded();
  await screenshot(page, 'compare-pbft-measured');
  assert.deepEqual(errors, []);
});

for (const name of ['pbft', 'vr-vs-pbft']) {
  test(`the ${name} lesson: every step's prediction answered right`, async () => {
    const lesson = JSON.parse(await readFile(join(root, 'www', 'lessons', `${name}.json`), 'utf8'));
    for (const dark of [false, true]) {
      const { page, errors } = await open(browser, `${server.url}?lesson=${name}&step=0`);
      if (dark) await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
      await page.waitForSelector('#lab-replication[aria-selected="true"]');
      for (let k = 0; k < lesson.steps.length; k++) {
        assert.equal(await page.locator('[data-lesson]').getAttribute('data-lesson-step'), String(k));
        const px = await page.locator('[data-lesson-caption]').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
        assert.ok(px >= 14, `${name} ${k}: caption at ${px}px`);
        assert.ok(await page.locator('svg.diagram [data-event-id]').count() > 0, `${name} ${k}: its run is drawn`);
        const s = lesson.steps[k];
        if (s.prediction) {
          await page.locator('.lesson-option').nth(s.prediction.choose.answer).click();
          await page.click('#lesson-reveal');
          assert.equal(await page.locator('[data-lesson-verdict]').getAttribute('data-lesson-verdict'), 'right', `${name} ${k}`);
        } else if (s.task) {
          await page.click('#lesson-check');
          assert.equal(await page.locator('[data-task]').getAttribute('data-task'), 'not-yet', `${name} ${k}: not done yet`);
        }
        if (k === 0 || (s.task && !dark)) await screenshot(page, `lesson-${name}-${k}${dark ? '-dark' : ''}`);
        if (k + 1 < lesson.steps.length) await page.click('#lesson-next');
      }
      assert.deepEqual(errors, []);
      await page.close();
    }
  });
}
