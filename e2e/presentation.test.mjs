// Readable from the back row: at 1280x720 and 1920x1080, in both themes,
// every preset, scenario and time-lab preset draws its labels at 14 px or more with no two
// overlapping, a legend, and colours that meet their contrast; the commit
// lab's evidence is on the diagram; long diagrams get an overview and a
// density view; presentation mode, the hooks, the page's layout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { root, serve, launch, open, screenshot, traceOf, lab, menu, label } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const names = async (dir) => (await readdir(join(root, 'www', dir))).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));

/** Every label's box on screen, and the pairs that intersect (beyond half a pixel). */
async function labelBoxes(page) {
  return page.$$eval('svg.diagram [data-label-for]', (els) => {
    const boxes = els.map((e) => {
      const r = e.getBoundingClientRect();
      return { id: e.dataset.labelFor, kind: e.dataset.labelKind, text: e.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom };
    });
    const clash = [];
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      const dx = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0), dy = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (dx > 0.5 && dy > 0.5) clash.push(`${a.text} / ${b.text}`);
    }
    return { boxes, clash };
  });
}

/** Contrast failures: text under 4.5:1, marks (their most contrasting paint) under 3:1. */
async function contrastFailures(page) {
  return page.evaluate(() => {
    const rgb = (s) => (s.match(/[\d.]+/g) ?? []).slice(0, 4).map(Number);
    const lum = ([r, g, b]) => {
      const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)]; return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
    const bg = rgb(getComputedStyle(document.querySelector('svg.diagram')).backgroundColor);
    const paint = (s) => (s && s !== 'none' && !s.startsWith('url') && !/rgba\(.*, 0\)$/.test(s) ? rgb(s) : null);
    const fails = [];
    for (const t of document.querySelectorAll('svg.diagram [data-label-for]')) {
      const c = ratio(rgb(getComputedStyle(t).fill), bg);
      if (c < 4.5) fails.push(`text ${t.textContent}: ${c.toFixed(2)}`);
    }
    const marks = ['.process line', '.message line', '.event circle', '.crash', '.decision .badge', '.lost-mark',
      '.blocked', '.partition', '.diverged', '.axis-break', '.fork-link', '.join-link'];
    for (const sel of marks) {
      for (const m of document.querySelectorAll(`svg.diagram ${sel}`)) {
        const st = getComputedStyle(m);
        if (st.visibility === 'hidden' || Number(st.opacity) < 0.5 || m.closest('.later')) continue;
        const best = Math.max(...[paint(st.fill), paint(st.stroke)].filter(Boolean).map((p) => ratio(p, bg)), 0);
        if (best < 3) fails.push(`${sel}: ${best.toFixed(2)}`);
      }
    }
    return [...new Set(fails)];
  });
}

const SIZES = [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }];

test('every preset and scenario: labels at 14 px or more, none overlapping, a legend, contrast met, in both themes', async () => {
  const all = [...(await names('presets')).map((n) => `preset=${n}`), ...(await names('scenarios')).map((n) => `scenario=${n}`),
    ...(await names('timesync')).map((n) => `timesync=${n}`)];
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  for (const viewport of SIZES) {
    await page.setViewportSize(viewport);
    for (const dark of [false, true]) {
      for (const q of all) {
        await page.goto(`${server.url}?${q}`);
        await page.waitForSelector('svg.diagram [data-event-id]');
        await page.evaluate((d) => document.documentElement.setAttribute('data-theme', d ? 'dark' : 'light'), dark);
        // Select an event so the light cone's marks are checked too. A
        // time-lab run's first events sit a microsecond apart, their dots
        // overlapping, so there the keyboard selects it.
        const second = page.locator('svg.diagram [data-event-id]').nth(1);
        if (q.startsWith('timesync=')) {
          await second.focus();
          await page.keyboard.press('Enter');
        } else await second.click();
        // Measured once the selection's frame (and any reveal it pans to) is painted.
        await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
        const where = `${q} ${viewport.width}x${viewport.height}${dark ? ' dark' : ''}`;
        const { boxes, clash } = await labelBoxes(page);
        assert.deepEqual(clash, [], `${where}: labels overlap`);
        assert.ok(boxes.length > 0, where);
        const small = boxes.filter((b) => b.y1 - b.y0 < 14);
        assert.deepEqual(small, [], `${where}: labels under 14 px`);
        assert.equal(await page.locator('[data-legend]').count(), 1, `${where}: a legend`);
        assert.deepEqual(await contrastFailures(page), [], `${where}: contrast`);
        // Every process name is drawn, and inside the view.
        const trace = await traceOf(page);
        const processes = boxes.filter((b) => b.kind === 'process').map((b) => b.id);
        assert.deepEqual(processes.sort(), [...trace.processes].sort(), `${where}: process names`);
        if (viewport.width === 1280) await screenshot(page, `present-${q.replace('=', '-')}${dark ? '-dark' : ''}`);
      }
    }
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('the 2PC coordinator crash shows its crash and the blocked participants in view, without zooming', async () => {
  const { page, errors } = await open(browser, `${server.url}?scenario=2pc-coordinator-crash`);
  const view = await page.locator('svg.diagram').boundingBox();
  const inside = async (sel) => {
    const boxes = await page.locator(sel).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
    assert.ok(boxes.length > 0, sel);
    for (const b of boxes) assert.ok(b.left >= view.x - 1 && b.right <= view.x + view.width + 1 && b.top >= view.y && b.bottom <= view.y + view.height, `${sel} in view`);
  };
  await inside('[data-crash="C"]');
  await inside('[data-blocked]');
  assert.equal(await page.locator('[data-blocked]').count(), 3, 'each participant is blocked');
  // The repeated timeouts are one mark each, counted, and the idle time is a break.
  assert.deepEqual(await page.locator('[data-label-kind="id"]').evaluateAll((els) => els.map((e) => e.textContent).filter((t) => t.startsWith('×'))), ['×6', '×6', '×6']);
  assert.ok(await page.locator('[data-break]').count() >= 1);
  assert.match(await page.locator('[data-label-kind="axis"]').first().textContent(), /skipped$/);
  assert.match(await page.locator('[data-verdict]').textContent(), /blocked/);
  for (const key of ['crash', 'blocked', 'lost', 'run', 'break']) {
    assert.equal(await page.locator(`[data-legend-key="${key}"]`).count(), 1, `legend: ${key}`);
  }
  // The lost votes are drawn as lost, pointing at the crashed coordinator.
  assert.ok(await page.locator('[data-message-state="lost"]').count() >= 3);
  await screenshot(page, 'present-2pc-crash');
  assert.deepEqual(errors, []);
});

test('the 3PC partition shows its band and the two decisions that disagree', async () => {
  const { page, errors } = await open(browser, `${server.url}?scenario=3pc-partition`);
  assert.ok(await page.locator('[data-partition]').count() >= 1, 'a partition band');
  assert.equal(await page.locator('[data-decision="commit"]').count(), 1, 'P1 commits');
  assert.equal(await page.locator('[data-decision="abort"]').count(), 2, 'P2 and P3 abort');
  assert.equal(await page.locator('svg.diagram .decision.conflict').count(), 3, 'drawn as disagreeing');
  assert.match(await page.locator('[data-verdict]').textContent(), /atomicity violated/);
  // The partition is one band over P2 and P3, not over C and P1.
  const band = await page.locator('[data-partition]').first().boundingBox();
  const lane = async (name) => { const b = await page.locator(`[data-process="${name}"] line`).boundingBox(); return b.y + b.height / 2; };
  assert.ok(band.y < await lane('P2') && band.y + band.height > await lane('P3'));
  assert.ok(band.y > await lane('P1'));
  await screenshot(page, 'present-3pc-partition');
  assert.deepEqual(errors, []);
});

test('step by step, messages not yet delivered are drawn in flight, not lost', async () => {
  const { page, errors } = await open(browser, `${server.url}?scenario=2pc-happy-path`);
  await page.click('#step-start');
  await page.click('#enabled button:has-text("deliver C → P1")');
  // C's other vote requests are still on their way, and P1's vote is too.
  const states = await page.locator('[data-message-state]').evaluateAll((els) => els.map((e) => e.dataset.messageState));
  assert.ok(states.includes('in-flight'), states.join(','));
  assert.ok(!states.includes('lost'), 'nothing is lost yet');
  assert.equal(await page.locator('[data-legend-key="in-flight"]').count(), 1);
  await screenshot(page, 'present-step-in-flight');
  assert.deepEqual(errors, []);
});

/** A long diagram: three processes passing a token 2,000 times. */
function longTrace(n) {
  const events = [];
  for (let i = 0; i < n; i++) {
    const p = ['P', 'Q', 'R'][i % 3], q = ['P', 'Q', 'R'][(i + 1) % 3];
    events.push({ id: `${p}${i}`, process: p, kind: 'local' });
    events.push({ id: `${p}${i}s`, process: p, kind: 'send', message: `m${i}` });
    events.push({ id: `${q}${i}r`, process: q, kind: 'receive', message: `m${i}` });
  }
  return JSON.stringify({ processes: ['P', 'Q', 'R'], events });
}

test('a long diagram opens readable with an overview; zoomed all the way out it is drawn as density', async () => {
  const { page, errors } = await open(browser, server.url);
  assert.equal(await page.evaluate((t) => window.lightcone.load(t), longTrace(2000)), null);
  await page.waitForSelector('[data-overview]');
  const { boxes } = await labelBoxes(page);
  assert.ok(boxes.some((b) => b.kind === 'id'), 'readable: ids are drawn');
  // Dragging the overview's window moves the view along.
  const strip = await page.locator('[data-overview]').boundingBox();
  const before = await page.getAttribute('svg.diagram', 'data-view');
  await page.mouse.click(strip.x + strip.width * 0.7, strip.y + strip.height / 2);
  assert.notEqual(await page.getAttribute('svg.diagram', 'data-view'), before);
  assert.ok(await page.locator('[data-event-id="P1500"], [data-event-id="Q1501"], [data-event-id="R1502"]').count() > 0 ||
    (await page.locator('svg.diagram [data-event-id]').count()) > 0);
  // Zoom out until nothing more happens: density, never an empty canvas.
  await page.locator('svg.diagram').focus();
  for (let i = 0; i < 40; i++) await page.keyboard.press('-');
  await page.waitForSelector('[data-density] rect');
  assert.ok(await page.locator('[data-density] rect').count() > 10);
  assert.equal(await page.locator('[data-label-kind="process"]').count(), 3, 'the lines keep their names');
  await screenshot(page, 'present-density');
  assert.deepEqual(errors, []);
});

test('the RFS log opens with the overview and zooms out to density', async (t) => {
  const dir = join(root, '..', 'shared', 'data', 'shiviz');
  try { await access(join(dir, 'MANIFEST.json')); } catch {
    t.skip('SKIPPED: ../shared/data/shiviz is not here; the RFS overview test did not run');
    return;
  }
  const manifest = JSON.parse(await readFile(join(dir, 'MANIFEST.json'), 'utf8'));
  const log = manifest.logs.find((l) => l.file === 'rfs-execution1.log');
  const { page, errors } = await open(browser, server.url);
  await menu(page, 'file');
  await page.click('#import-log');
  await page.setInputFiles('#import-files', join(dir, log.file));
  await page.fill('#import-regex', log.regex);
  await page.fill('#import-delimiter', log.delimiter ?? '');
  await page.click('#import-run');
  if (log.executions > 1) { await page.waitForSelector('#import-executions'); await page.click('.execution >> nth=0'); }
  await page.waitForSelector('[data-overview]', { timeout: 60000 });
  assert.ok(await page.locator('[data-run]').count() > 0, 'runs of local events are collapsed, as in ShiViz');
  await page.locator('svg.diagram').focus();
  for (let i = 0; i < 60; i++) await page.keyboard.press('-');
  await page.waitForSelector('[data-density] rect');
  await screenshot(page, 'present-rfs-density');
  assert.deepEqual(errors, []);
});

test('presentation mode hides the chrome and enlarges type; &present and window.lightcone.present(on) set it', async () => {
  const { page, errors } = await open(browser, `${server.url}?preset=four-servers-async`);
  const size = async () => page.$eval('[data-label-kind="clock"]', (t) => parseFloat(getComputedStyle(t).fontSize));
  assert.equal(await size(), 14);
  await page.click('#present-toggle');
  assert.equal(await page.locator('.toolbar').count(), 0, 'no toolbar');
  assert.equal(await page.locator('.side').count(), 0, 'no side panel');
  assert.ok(await size() > 14, 'larger type');
  await screenshot(page, 'present-mode');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.toolbar').count(), 1, 'Escape leaves presentation mode');
  await page.evaluate(() => window.lightcone.present(true));
  assert.equal(await page.locator('.toolbar').count(), 0);
  await page.evaluate(() => window.lightcone.present(false));
  assert.equal(await page.locator('.toolbar').count(), 1);
  // In an embed too, straight from the link.
  await page.goto(`${server.url}?embed&present&scenario=3pc-partition`);
  await page.waitForSelector('[data-decision]');
  assert.ok(await size().catch(() => 17) >= 14);
  assert.equal(await page.locator('[data-title]').textContent(), '3PC: a partition splits the participants');
  assert.deepEqual(errors, []);
});

test('a bad ?preset= is named and the page opens as usual', async () => {
  const { page, errors } = await open(browser, `${server.url}?preset=<script>`);
  assert.match(await page.locator('#notice').textContent(), /There is no preset called "<script>"/);
  assert.equal(await page.locator('script:not([src])').count(), 0);
  assert.deepEqual(errors, []);
});

test('the page at 1280x720: one toolbar row, no cut-off inputs, whole table headers, tab order', async () => {
  const { page, errors } = await open(browser, `${server.url}?preset=crdt-counter-duplicates`);
  // From the top of the page, the skip link comes first and lands on the
  // diagram's first event; events come before messages.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  await page.keyboard.press('Enter');
  assert.ok(await page.evaluate(() => document.activeElement.dataset.eventId), 'on an event');
  const toolbar = await page.locator('.toolbar').boundingBox();
  assert.ok(toolbar.height < 48, `the toolbar is one row (${toolbar.height} px)`);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= 1280), true);
  // Every lab's tab and every button shows its whole text, inside the page.
  const clipped = await page.$$eval('.toolbar .lab-tabs, .toolbar button, .toolbar select', (els) => els
    .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > 1280 || e.getBoundingClientRect().height > 40)
    .map((e) => e.id || e.className || e.textContent));
  assert.deepEqual(clipped, [], 'cut off in the toolbar');
  // Table headers are never broken inside a word: every word fits its
  // cell, and nothing overflows it.
  const broken = await page.$$eval('.side th', (ths) => {
    const ctx = document.createElement('canvas').getContext('2d');
    return ths.filter((th) => {
      const st = getComputedStyle(th);
      ctx.font = `${st.fontWeight} ${st.fontSize} ${st.fontFamily}`;
      const room = th.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight);
      return th.scrollWidth > th.clientWidth + 1 || th.textContent.split(/[\s-]+/).some((w) => ctx.measureText(w).width > room + 0.5);
    }).map((th) => th.textContent);
  });
  assert.deepEqual(broken, [], 'no header breaks inside a word');
  const table = await page.locator('#replicas').boundingBox();
  const side = await page.locator('.side').boundingBox();
  assert.ok(table.x + table.width <= side.x + side.width + 1, 'the replica table fits its panel');
  // The file input never shows a cut-off name: it is behind its button.
  await menu(page, 'file');
  const file = await page.locator('#open-file').boundingBox();
  assert.ok(!file || file.width <= 2, 'the native file input is hidden');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.menu-body').count(), 0, 'Escape closes the menu');
  const order = await page.$$eval('svg.diagram [tabindex="0"]', (els) => els.map((e) => (e.dataset.eventId ? 'event' : 'message')));
  assert.ok(order.lastIndexOf('event') < order.indexOf('message'), 'every event before the first message');
  // A tooltip goes when the pointer leaves.
  const dot = await page.locator('[data-event-id="a1"] circle').boundingBox();
  await page.mouse.move(dot.x + 5, dot.y + 5);
  assert.equal(await page.locator('.tooltip').count(), 1);
  await page.mouse.move(5, 700);
  assert.equal(await page.locator('.tooltip').count(), 0);
  assert.deepEqual(errors, []);
});

test('hiding a line keeps its causal effect as dashed edges; lines sort; long names abbreviate', async () => {
  const { page, errors } = await open(browser, `${server.url}?preset=four-servers-async`);
  await page.click('button[aria-label="Hide S2\'s line"]');
  assert.equal(await page.locator('[data-process="S2"]').count(), 0, 'S2 is hidden');
  assert.ok(await page.locator('.through-hidden line').count() > 0, 'what S2 carried is drawn dashed');
  assert.equal(await page.locator('[data-legend-key="hidden"]').count(), 1);
  await page.click('button[aria-label="Show S2\'s line"]');
  assert.equal(await page.locator('[data-process="S2"]').count(), 1);
  await menu(page, 'view');
  await page.selectOption('#order', 'name');
  const ys = await page.$$eval('[data-process] line', (ls) => ls.map((l) => [l.closest('[data-process]').dataset.process, Number(l.getAttribute('y1'))]));
  const sorted = [...ys].sort((a, b) => a[1] - b[1]).map((x) => x[0]);
  assert.deepEqual(sorted, ['S1', 'S2', 'S3', 'S4', 'client']);
  // A long host name is cut on the line and whole in its tooltip.
  await page.evaluate(() => window.lightcone.load(JSON.stringify({ processes: ['a-very-long-host-name-indeed-1', 'a-very-long-host-name-indeed-2'],
    events: [{ id: 'x', process: 'a-very-long-host-name-indeed-1', kind: 'local' }] })));
  const drawn = await page.locator('[data-label-kind="process"]').allTextContents();
  assert.deepEqual(drawn, ['…1', '…2']);
  assert.equal(await page.locator('[data-process="a-very-long-host-name-indeed-1"] title').textContent(), 'a-very-long-host-name-indeed-1');
  assert.deepEqual(errors, []);
});

test('the drawing is sized in pixels and fills its box as the window changes', async () => {
  const { page, errors } = await open(browser, `${server.url}?preset=four-servers-async`);
  const fits = () => page.evaluate(() => {
    const box = document.querySelector('.diagram-box').getBoundingClientRect();
    const svg = document.querySelector('svg.diagram').getBoundingClientRect();
    return [box.width, box.height, svg.width, svg.height].map(Math.round);
  });
  for (const viewport of [{ width: 1280, height: 720 }, { width: 1000, height: 600 }, { width: 1920, height: 1080 }]) {
    await page.setViewportSize(viewport);
    await page.waitForFunction(() => {
      const box = document.querySelector('.diagram-box').getBoundingClientRect();
      const svg = document.querySelector('svg.diagram').getBoundingClientRect();
      return Math.abs(box.width - svg.width) < 1 && Math.abs(box.height - svg.height) < 1;
    }, null, { timeout: 2000 }).catch(() => {});
    const [bw, bh, sw, sh] = await fits();
    assert.ok(Math.abs(bw - sw) <= 1 && Math.abs(bh - sh) <= 1, `at ${viewport.width}x${viewport.height} the drawing is ${sw}x${sh} in a ${bw}x${bh} box`);
  }
  // The drawing is sized in pixels, not percentages: a percentage-sized SVG
  // is laid out again, every mark, whenever text beside it changes.
  const sizing = await page.$eval('svg.diagram', (s) => [s.getAttribute('width'), getComputedStyle(s).width]);
  assert.match(sizing[0] ?? '', /^\d+(\.\d+)?$/, 'a width in pixels');
  assert.equal(Math.round(parseFloat(sizing[1])), Math.round(parseFloat(sizing[0])));
  assert.deepEqual(errors, []);
});
