// Seeing causality beyond one selection: playback, presets, Lamport rule
// variants, process management, the seeded generator, orientation, theme.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { root, serve, launch, open, screenshot, traceOf, linePoint, dropFiles, label, menu, lab } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const THREE = JSON.stringify({ processes: ['A', 'B'], events: [
  { id: 'a1', process: 'A', kind: 'send', message: 'm1', time: 1 },
  { id: 'a2', process: 'A', kind: 'local', time: 2 },
  { id: 'b1', process: 'B', kind: 'receive', message: 'm1', time: 5 },
] });

test('playback steps through events and draws a message in flight part-way', async () => {
  const { page } = await open(browser, server.url);
  assert.equal(await page.evaluate((t) => window.lightcone.load(t), THREE), null);
  await page.click('#step');
  await page.click('#step');
  assert.equal(await page.locator('#playback-status').textContent(), '2 of 3 events');
  assert.equal(await page.locator('[data-event-id="b1"].later').count(), 1, 'b1 has not happened yet');
  // At t = 2, m1 (sent at 1, received at 5) is a quarter of the way.
  const line = page.locator('[data-message-id="m1"] line');
  assert.equal(await page.locator('[data-message-id="m1"].in-flight').count(), 1);
  const [x1, x2] = await Promise.all([line.getAttribute('x1'), line.getAttribute('x2')]);
  const a1 = await page.locator('[data-event-id="a1"] circle').getAttribute('cx');
  const b1 = await page.locator('[data-event-id="b1"] circle').getAttribute('cx');
  assert.ok(Math.abs((x2 - x1) / (b1 - a1) - 0.25) < 0.01, `m1 drawn ${(x2 - x1) / (b1 - a1)} of the way`);
  await screenshot(page, 'playback-in-flight');
  await page.click('#play');
  await page.waitForFunction(() => document.querySelector('#playback-status').textContent === '3 of 3 events', null, { timeout: 10000 });
  assert.equal(await page.locator('[data-message-id="m1"].in-flight').count(), 0, 'm1 has arrived');
  await page.click('#show-all');
  assert.equal(await page.locator('#playback-status').textContent(), 'all events shown');
});

test('every preset loads from the menu, and the Lamport preset shows what Lamport clocks miss', async () => {
  const { page, errors } = await open(browser, server.url);
  const files = (await readdir(join(root, 'www/presets'))).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 6);
  for (const file of files) {
    const preset = JSON.parse(await readFile(join(root, `www/presets/${file}`), 'utf8'));
    await page.selectOption('#preset', { label: preset.title });
    const ids = (await traceOf(page)).events.map((e) => e.id).sort();
    assert.deepEqual(ids, preset.events.map((e) => e.id).sort(), file);
  }
  await page.selectOption('#preset', { label: 'Lamport clocks cannot see concurrency' });
  await page.selectOption('#labels', 'lamport');
  // L(b1) = 1 < L(a2) = 2, yet b1 ∥ a2.
  await page.click('[data-event-id="b1"] circle');
  await page.click('[data-event-id="a2"] circle', { modifiers: ['Shift'] });
  assert.equal(await page.locator('#relation').textContent(), 'b1 ∥ a2');
  assert.equal(await label(page, 'b1').textContent(), '1');
  assert.equal(await label(page, 'a2').textContent(), '2');
  await screenshot(page, 'preset-lamport-concurrency');
  await page.selectOption('#preset', { label: 'Events vs actions' });
  const actions = await page.locator('[data-label-kind="action"]').allTextContents();
  assert.equal(actions.filter((a) => a === 'cross the street').length, 5, 'one action, five events');
  assert.deepEqual(errors, []);
});

test('a receive rule that breaks the clock condition marks the arrows and says why', async () => {
  const { page } = await open(browser, server.url);
  await page.evaluate((t) => window.lightcone.load(t), THREE);
  await page.selectOption('#rule', 'max');
  await page.selectOption('#labels', 'lamport');
  assert.equal(await label(page, 'b1').textContent(), '1');
  assert.equal(await page.locator('[data-message-id="m1"].broken').count(), 1);
  assert.match(await page.locator('#violations').textContent(), /a1 → b1 \(message m1\), but L\(a1\) = 1 and L\(b1\) = 1/);
  await screenshot(page, 'rule-max-violations');
  await page.selectOption('#rule', 'classic');
  assert.equal(await page.locator('svg.diagram .broken').count(), 0);
  assert.equal(await page.locator('#violations').count(), 0);
});

test('processes are added, renamed, reordered and removed', async () => {
  const { page } = await open(browser, server.url);
  await page.evaluate((t) => window.lightcone.load(t), THREE);
  await page.click('#add-process');
  assert.deepEqual((await traceOf(page)).processes, ['A', 'B', 'C']);
  await page.fill('input[aria-label="Name of process B"]', 'Bob');
  await page.press('input[aria-label="Name of process B"]', 'Enter');
  assert.equal((await traceOf(page)).events.find((e) => e.id === 'b1').process, 'Bob');
  await page.click('button[aria-label="Move C up"]');
  assert.deepEqual((await traceOf(page)).processes, ['A', 'C', 'Bob']);
  await page.click('button[aria-label="Remove A"]');
  const trace = await traceOf(page);
  assert.deepEqual(trace.processes, ['C', 'Bob']);
  assert.deepEqual(trace.events.map((e) => e.id), ['b1']);
  assert.equal(trace.events[0].kind, 'local', 'its message went with its sender');
  // A taken name is refused with a reason.
  await page.fill('input[aria-label="Name of process C"]', 'Bob');
  await page.press('input[aria-label="Name of process C"]', 'Enter');
  assert.match(await page.locator('#notice').textContent(), /Refused: there is already a process called "Bob"/);
});

test('the generator reproduces a diagram from its seed', async () => {
  const { page } = await open(browser, server.url);
  const generate = async (seed) => {
    await page.fill('#gen-seed', String(seed));
    await page.press('#gen-seed', 'Enter');
    await page.click('#generate');
    return traceOf(page);
  };
  await page.fill('#gen-events', '30');
  await page.press('#gen-events', 'Enter');
  const first = await generate(42);
  assert.equal(first.events.length, 30);
  assert.match(await page.locator('#notice').textContent(), /Generated from seed 42/);
  const other = await generate(43);
  assert.notDeepEqual(other, first);
  assert.deepEqual(await generate(42), first);
});

test('vertical lines, dark theme, and a 1280x720 projector view', async () => {
  const { page } = await open(browser, server.url, { width: 1280, height: 720 });
  await menu(page, 'view');
  await page.selectOption('#orientation', 'vertical');
  const line = page.locator('[data-process="S1"] line');
  assert.equal(await line.getAttribute('x1'), await line.getAttribute('x2'), 'process lines run top to bottom');
  await screenshot(page, 'vertical');
  await page.selectOption('#orientation', 'horizontal');
  await page.click('#theme');
  assert.equal(await page.locator('.menu-body').count(), 0, 'a command closes its menu');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(18, 18, 18)');
  // The whole diagram is in view without scrolling the page sideways.
  const box = await page.locator('svg.diagram').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 1280);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= 1280), true);
  await screenshot(page, 'dark-1280x720');
  await page.reload();
  await page.waitForSelector('[data-event-id]');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark', 'the theme is remembered');
});

test('the diagram downloads as a self-contained SVG with its clock labels, title and legend', async () => {
  const { page, errors } = await open(browser, server.url);
  await page.selectOption('#labels', 'lamport');
  await page.click('[data-event-id="s2.3"] circle');
  await page.click('[data-event-id="s3.2"] circle', { modifiers: ['Shift'] });
  await menu(page, 'export');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-svg')]);
  assert.equal(download.suggestedFilename(), 'lightcone.svg');
  const svg = await readFile(await download.path(), 'utf8');
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  const trace = await traceOf(page);
  assert.equal((svg.match(/<circle/g) ?? []).length, trace.events.length);
  for (const e of trace.events) assert.ok(svg.includes(`>${e.id}<`), e.id);
  assert.ok(!svg.includes('class='), 'no stylesheet needed');
  assert.ok(svg.includes('>Four servers, asynchronous client<'), 'its title');
  assert.ok(svg.includes('>s2.3 ∥ s3.2<'), 'the relation shown');
  assert.ok(svg.includes('data-legend') && svg.includes('>concurrent with it<'), 'and its legend');
  assert.deepEqual(errors, []);
});

test('the diagram downloads as a PNG at 2x', async () => {
  const { page, errors } = await open(browser, server.url);
  await menu(page, 'export');
  const [download] = await Promise.all([page.waitForEvent('download'), page.selectOption('#export-png', '2')]);
  assert.equal(download.suggestedFilename(), 'lightcone@2x.png');
  const png = await readFile(await download.path());
  assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
  // The PNG is the SVG export at twice its size.
  await menu(page, 'export');
  const [svgFile] = await Promise.all([page.waitForEvent('download'), page.click('#export-svg')]);
  const svg = await readFile(await svgFile.path(), 'utf8');
  const [, w, h] = svg.match(/width="(\d+)" height="(\d+)"/).map(Number);
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [2 * w, 2 * h]);
  assert.deepEqual(errors, []);
});

test('a diagram whose labels hold characters XML forbids still downloads as a PNG', async () => {
  const { page, errors } = await open(browser, server.url);
  // U+FFFF and a C0 control made the SVG ill-formed, and the PNG export
  // then silently gave nothing.
  const hostile = JSON.stringify({
    title: 'odd \uffff title', processes: ['A\u0001', 'B'], events: [
      { id: 'a\ufffe1', process: 'A\u0001', kind: 'send', message: 'm1', label: 'x\uffffy\u0008' },
      { id: 'b1', process: 'B', kind: 'receive', message: 'm1' }],
  });
  assert.equal(await page.evaluate((t) => window.lightcone.load(t), hostile), null);
  await menu(page, 'export');
  const [download] = await Promise.all([page.waitForEvent('download'), page.selectOption('#export-png', '2')]);
  const png = await readFile(await download.path());
  assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
  assert.deepEqual(errors, []);
});

test('a diagram saved to a file opens again, by the file picker or by dropping it; a bad file is named and changes nothing', async () => {
  const { page, errors } = await open(browser, server.url);
  await page.selectOption('#preset', { label: 'Counter under duplicate delivery: state vs op' });
  await menu(page, 'file');
  const [saved] = await Promise.all([page.waitForEvent('download'), page.click('#save')]);
  const text = await readFile(await saved.path(), 'utf8');
  assert.ok(text.startsWith('{"format": "lightcone/1",'));
  assert.ok(text.includes('"crdt": "pn-counter"') && text.includes('"op": "inc"'));
  assert.ok(text.includes('"title": "Counter under duplicate delivery: state vs op"'), 'the title is saved');
  const before = await traceOf(page);
  await menu(page, 'file');
  await page.click('#new');
  await menu(page, 'file');
  await page.setInputFiles('#open-file', { name: 'saved.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction(() => document.querySelector('#notice')?.textContent.startsWith('Opened saved.json'));
  assert.deepEqual(await traceOf(page), before, 'the same diagram, CRDT ops included');
  assert.equal(await page.locator('#crdt-type').inputValue(), 'pn-counter');
  assert.equal(await page.locator('[data-title]').textContent(), 'Counter under duplicate delivery: state vs op');
  // A broken file: the error names the file and the place; the diagram stays.
  await menu(page, 'file');
  await page.setInputFiles('#open-file', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"events": [') });
  await page.waitForFunction(() => document.querySelector('#notice')?.textContent.startsWith('Not opened: broken.json: invalid JSON at line 1'));
  assert.deepEqual(await traceOf(page), before);
  // Dropping a file on the page opens it too.
  const dropped = JSON.stringify({ processes: ['X'], events: [{ id: 'x1', process: 'X', kind: 'local' }] });
  await dropFiles(page, [{ name: 'dropped.json', text: dropped, type: 'application/json' }]);
  await page.waitForFunction(() => document.querySelector('#notice')?.textContent.startsWith('Opened dropped.json'));
  assert.deepEqual((await traceOf(page)).processes, ['X']);
  assert.deepEqual(errors, []);
});

test('a share link opens exactly the diagram and view it was made from; a broken link is named', async () => {
  const { page, errors } = await open(browser, server.url);
  await page.selectOption('#preset', { label: "The ITC paper's example run" });
  await menu(page, 'view');
  await page.selectOption('#orientation', 'vertical');
  const url = await page.evaluate(() => window.lightcone.shareUrl());
  assert.match(url, /#d=[A-Za-z0-9_-]+$/);
  const original = await traceOf(page);
  const other = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await other.goto(url);
  await other.waitForSelector('svg.diagram [data-event-id]');
  assert.deepEqual(JSON.parse(await other.evaluate(() => window.lightcone.trace())), original);
  assert.equal(await other.locator('#lab-itc').getAttribute('aria-selected'), 'true', 'ITC labels: the ITC lab');
  await menu(other, 'view');
  assert.equal(await other.locator('#orientation').inputValue(), 'vertical');
  assert.equal(await other.evaluate(() => location.hash), '', 'the fragment is taken off, so a reload keeps later edits');
  // A hostile fragment: named, and the page still works.
  const broken = await browser.newPage();
  const seen = [];
  broken.on('pageerror', (e) => seen.push(String(e)));
  await broken.goto(server.url + '#d=' + 'A'.repeat(40) + '$');
  await broken.waitForSelector('svg.diagram [data-event-id]');
  assert.match(await broken.locator('#notice').textContent(), /^The link's diagram could not be opened: the link has a character that is not URL-safe base64 at position 40/);
  assert.deepEqual(seen, []);
  // The copy button says what it did.
  await menu(page, 'file');
  await page.click('#copy-link');
  assert.match(await page.locator('#notice').textContent(), /^Link copied \(\d+ characters\)/);
  assert.deepEqual(errors, []);
});

test('embedded in a slide: only the diagram, read-only unless allowed, stepped by a presenter remote', async () => {
  const page = await browser.newPage({ viewport: { width: 900, height: 500 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.url + '?embed&step=2');
  await page.waitForSelector('svg.diagram [data-event-id]');
  assert.equal(await page.locator('#labels').count(), 0, 'no toolbar');
  assert.equal(await page.locator('.side').count(), 0, 'no side panels');
  const shown = JSON.parse(await page.evaluate(() => window.lightcone.trace()));
  const [total, first] = [shown.events.length, shown.processes[0]];
  assert.equal(await page.locator('#playback-status').textContent(), `2 of ${total} events`);
  await page.keyboard.press('PageDown');
  assert.equal(await page.locator('#playback-status').textContent(), `3 of ${total} events`);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('PageUp');
  assert.equal(await page.locator('#playback-status').textContent(), `1 of ${total} events`);
  // Read-only: a click on a line adds nothing.
  const p = await linePoint(page, first, 0.99);
  await page.mouse.click(p.x, p.y);
  assert.equal(JSON.parse(await page.evaluate(() => window.lightcone.trace())).events.length, total);
  await screenshot(page, 'embed');
  // Editable when the link says so.
  await page.goto(server.url + '?embed&edit');
  await page.waitForSelector('svg.diagram [data-event-id]');
  const q = await linePoint(page, first, 0.99);
  await page.mouse.click(q.x, q.y);
  assert.equal(JSON.parse(await page.evaluate(() => window.lightcone.trace())).events.length, total + 1);
  assert.deepEqual(errors, []);
});

test('a first visit is greeted with the labs and the gallery; every example has its picture and a card opens it', async () => {
  const { page, errors } = await open(browser, server.url, undefined, { greet: true });
  assert.equal(await page.locator('#gallery .invite').count(), 7, 'a line for each lab');
  const presets = (await readdir(join(root, 'www/presets'))).length;
  const scenarios = (await readdir(join(root, 'www/scenarios'))).length;
  const timesync = (await readdir(join(root, 'www/timesync'))).length;
  assert.equal(await page.locator('#gallery .card').count(), presets + scenarios + timesync);
  const pictures = await page.locator('#gallery .card').evaluateAll((cards) => cards.map((c) => {
    const svg = c.querySelector('svg.picture');
    return svg !== null && svg.getBoundingClientRect().height > 50 && svg.querySelectorAll('circle').length > 0;
  }));
  assert.ok(pictures.every(Boolean), 'every card shows its diagram');
  await page.click('#gallery .card:has-text("Churn: many short-lived processes")');
  assert.equal(await page.locator('[data-title]').textContent(), 'Churn: many short-lived processes');
  assert.equal(await page.locator('#gallery').count(), 0, 'the card closes the gallery');
  assert.ok((await traceOf(page)).processes.includes('W12'));
  // The gallery opens again from the File menu.
  await menu(page, 'file');
  await page.click('#open-gallery');
  await page.click('#gallery .card:has-text("3PC: a partition splits the participants")');
  assert.equal(await page.locator('#inv-atomicity.bad').count(), 1, 'a scenario opens in the commit lab');
  // A token bank's opens in the snapshot lab.
  await menu(page, 'file');
  await page.click('#open-gallery');
  await page.click('#gallery .card:has-text("A snapshot of a state that never happened")');
  await page.waitForSelector('#lab-snapshot[aria-selected="true"]');
  assert.equal(await page.locator('[data-snapshot-held]').getAttribute('data-snapshot-held'), 'never');
  // A time-lab preset's opens in the time lab.
  await menu(page, 'file');
  await page.click('#open-gallery');
  await page.click('#gallery .card:has-text("Berkeley: one clock far off")');
  await page.waitForSelector('#lab-time[aria-selected="true"]');
  assert.equal(await page.locator('#time-preset').inputValue(), 'berkeley-outlier');
  await screenshot(page, 'gallery');
  assert.deepEqual(errors, []);
});

test('dist/ served from a sub-path works with relative URLs only, under a strict CSP', async () => {
  const sub = await serve(join(root, 'dist'), '/course/distributed-systems/lightcone/');
  const failed = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('requestfinished', async (r) => {
    const response = await r.response();
    if (!response || response.status() >= 400) failed.push(r.url());
  });
  page.on('requestfailed', (r) => failed.push(r.url()));
  await page.goto(sub.url);
  await page.waitForSelector('svg.diagram [data-event-id]');
  // Presets, scenarios and the gallery's pictures come from under the sub-path.
  await page.waitForFunction(() => [...document.querySelectorAll('#gallery .card')].every((c) => c.querySelector('svg.picture circle')));
  await page.click('#gallery-close');
  await page.selectOption('#preset', { index: 2 });
  await page.waitForSelector('[data-title]');
  await lab(page, 'commit');
  await page.selectOption('#commit-scenario', '2pc-happy-path');
  await page.waitForSelector('#inv-termination');
  // The explorer's worker loads its script and the wasm module from there too.
  await page.click('#explore');
  await page.waitForFunction(() => /^Explorer: a node can block forever/.test(document.querySelector('#notice')?.textContent ?? ''));
  await screenshot(page, 'sub-path');
  assert.deepEqual(failed, [], 'every request succeeds under the sub-path');
  assert.deepEqual(errors, []);
  await page.close();
  sub.close();
  // The page itself: relative URLs, no inline script, a CSP without unsafe-*.
  const html = await readFile(join(root, 'dist', 'index.html'), 'utf8');
  assert.doesNotMatch(html, /(src|href)="\//, 'no root-relative URL');
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)[1];
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /'unsafe-eval'|'unsafe-inline'/);
});
