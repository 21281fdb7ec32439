// Nothing a user made is lost, nothing small freezes the page: opening a
// share link or an embed over a saved diagram, unreadable saved diagrams
// (one copy each, and the truth when no copy fits), a refused embed link,
// a thousand processes, and the page under the strictest CSP it can take.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { root, serve, launch, open, traceOf, linePoint, menu, lab } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const OWN = JSON.stringify({ processes: ['Mine', 'Yours'], events: [
  { id: 'm1', process: 'Mine', kind: 'send', message: 'hello' },
  { id: 'y1', process: 'Yours', kind: 'receive', message: 'hello' }] });
const SHARED = JSON.stringify({ processes: ['Linked', 'Other'], events: [
  { id: 'l1', process: 'Linked', kind: 'local' }, { id: 'o1', process: 'Other', kind: 'local' }] });

const saved = (page) => page.evaluate(() => localStorage.getItem('lightcone.document'));
const notice = (page) => page.locator('#notice').textContent();

/** A share link to `doc`, made in a page of its own. */
async function linkTo(doc) {
  const { page } = await open(browser, server.url);
  await page.evaluate((doc) => window.lightcone.load(doc), doc);
  const url = await page.evaluate(() => window.lightcone.shareUrl());
  await page.close();
  return url;
}

/** A page whose saved diagram is OWN. */
async function withOwnDiagram() {
  const { page, errors } = await open(browser, server.url);
  await page.evaluate((doc) => window.lightcone.load(doc), OWN);
  await page.waitForFunction(() => localStorage.getItem('lightcone.document')?.includes('Mine'));
  return { page, errors };
}

test('a share link opens over the saved diagram: Undo brings it back, and it stays saved until the link\'s is changed', async () => {
  const url = await linkTo(SHARED);
  const { page, errors } = await withOwnDiagram();
  // A link followed from elsewhere: a new load of the page (not a change of fragment).
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForSelector('[data-event-id="l1"]');
  assert.match(await notice(page), /^Opened the diagram from the link\. Undo \(Ctrl\+Z\) brings back yours, which stays saved until you change this one\./);
  assert.match(await saved(page), /"Mine"/, 'looking at a link saves nothing over the diagram');
  await page.click('#undo');
  assert.deepEqual((await traceOf(page)).processes, ['Mine', 'Yours'], 'Undo brings back the saved diagram');
  await page.click('#redo');
  assert.deepEqual((await traceOf(page)).processes, ['Linked', 'Other']);
  // Once changed, the link's diagram is the user's and is saved.
  const p = await linePoint(page, 'Linked', 0.8);
  await page.mouse.click(p.x, p.y);
  await page.waitForFunction(() => localStorage.getItem('lightcone.document')?.includes('Linked'));
  assert.deepEqual(errors, []);
});

test('opening a preset, a file or a new diagram says that Undo brings back the one before', async () => {
  const { page, errors } = await withOwnDiagram();
  await page.selectOption('#preset', { index: 1 });
  assert.match(await notice(page), /Undo \(Ctrl\+Z\) brings back the diagram you had\./);
  await page.keyboard.press('Control+z');
  assert.deepEqual((await traceOf(page)).processes, ['Mine', 'Yours']);
  await menu(page, 'file');
  await page.click('#new');
  assert.match(await notice(page), /^New diagram\. Undo \(Ctrl\+Z\) brings back the diagram you had\./);
  await page.click('#undo');
  assert.deepEqual((await traceOf(page)).processes, ['Mine', 'Yours']);
  assert.deepEqual(errors, []);
});

test('an embed never writes the viewer\'s saved diagram or view, even when edited', async () => {
  const url = await linkTo(SHARED);
  const { page, errors } = await withOwnDiagram();
  const before = await page.evaluate(() => [localStorage.getItem('lightcone.document'), localStorage.getItem('lightcone.view')]);
  const { search, hash } = new URL(url);
  await page.goto(`${server.url}?embed&edit${search.replace('?', '&')}&labels=itc${hash}`);
  await page.waitForSelector('[data-event-id="l1"]');
  const p = await linePoint(page, 'Linked', 0.8);
  await page.mouse.click(p.x, p.y);
  assert.equal((await traceOf(page)).events.length, 3, 'the embed took the edit');
  await page.waitForTimeout(300);
  const after = await page.evaluate(() => [localStorage.getItem('lightcone.document'), localStorage.getItem('lightcone.view')]);
  assert.deepEqual(after, before);
  assert.deepEqual(errors, []);
});

test('an embed whose link is refused says why, and shows the first example, not the viewer\'s diagram', async () => {
  const { page, errors } = await withOwnDiagram();
  await page.goto(`${server.url}?embed#d=AAAA`);
  await page.waitForSelector('svg.diagram [data-event-id]');
  assert.match(await notice(page), /^The link's diagram could not be opened: /);
  assert.doesNotMatch(await notice(page), /HasMoreOutput|FailedCannotMakeProgress|Err\(|Error \{/);
  assert.ok(!(await traceOf(page)).processes.includes('Mine'), 'not the viewer\'s own diagram');
  assert.match(await saved(page), /"Mine"/);
  assert.deepEqual(errors, []);
});

test('every unreadable saved diagram keeps a copy of its own; when none fits, the page says so and saves nothing over it', async () => {
  const { page, errors } = await open(browser, server.url);
  const reopen = async (text) => {
    await page.evaluate((t) => localStorage.setItem('lightcone.document', t), text);
    await page.reload();
    await page.waitForSelector('svg.diagram [data-event-id]');
    return notice(page);
  };
  const first = '{"processes": ["A"], "events": [';
  const second = '{"processes": ["B"], "events": [{"id": 7}]}';
  assert.match(await reopen(first), /could not be restored .*; it is kept in localStorage as "lightcone\.document\.unreadable"\./);
  assert.match(await reopen(second), /kept in localStorage as "lightcone\.document\.unreadable\.2"\./);
  assert.match(await reopen(first), /kept in localStorage as "lightcone\.document\.unreadable"\./, 'the same text is not copied twice');
  assert.deepEqual(await page.evaluate(() => [localStorage.getItem('lightcone.document.unreadable'),
    localStorage.getItem('lightcone.document.unreadable.2'), localStorage.getItem('lightcone.document.unreadable.3')]),
    [first, second, null]);
  // Storage full: the copy cannot be made, and the saved text stays put.
  const third = '{"processes": ["C"], "events": [' + 'x'.repeat(200_000);
  const filled = await page.evaluate((t) => {
    localStorage.setItem('lightcone.document', t);
    const chunk = 'y'.repeat(256 * 1024);
    let n = 0;
    try { for (; n < 1000; n++) localStorage.setItem(`junk.${n}`, chunk); } catch { return n; }
    return -1;
  }, third);
  assert.ok(filled > 0, 'the browser has a storage quota');
  await page.reload();
  await page.waitForSelector('svg.diagram [data-event-id]');
  assert.match(await notice(page), /the browser has no room to keep a copy of it; it stays in localStorage as "lightcone\.document", and this tab will not save over it/);
  const p = await linePoint(page, (await traceOf(page)).processes[0], 0.9);
  await page.mouse.click(p.x, p.y);
  await page.waitForTimeout(300);
  assert.equal(await saved(page), third, 'the example never replaced the text that could not be copied');
  assert.deepEqual(errors, []);
});

test('a thousand processes open in moments; retiring one lists the others only when asked', async () => {
  const doc = JSON.stringify({ processes: Array.from({ length: 1000 }, (_, i) => `P${i}`), events: [] });
  const url = await linkTo(doc);
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const start = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => document.querySelectorAll('.processes li').length === 1000);
  const ms = Date.now() - start;
  assert.ok(ms < 5000, `1,000 processes took ${ms} ms`);
  assert.equal(await page.locator('.processes select').count(), 0, 'no list of lines is built up front');
  await page.click('[aria-label="Retire P1"]');
  assert.equal(await page.locator('[aria-label="Retire P1 into"] option').count(), 1000, 'a placeholder and the 999 others');
  await page.close();
});

test('a link with more lines than the editor draws is refused by count, and the saved diagram stays', async () => {
  const { page, errors } = await withOwnDiagram();
  const doc = JSON.stringify({ processes: Array.from({ length: 1001 }, (_, i) => `P${i}`), events: [] });
  await page.goto('about:blank');
  const start = Date.now();
  await page.goto(`${server.url}#d=${deflateRawSync(Buffer.from(doc)).toString('base64url')}`);
  await page.waitForSelector('svg.diagram [data-event-id]');
  assert.ok(Date.now() - start < 5000);
  assert.match(await notice(page), /1001 processes; the editor draws at most 1000 \(the lightcone CLI analyses any number\)/);
  assert.ok((await traceOf(page)).processes.includes('Mine'), 'the viewer\'s own diagram is shown');
  assert.match(await saved(page), /"Mine"/);
  assert.deepEqual(errors, []);
});

test('a set too big for the CRDT lab is refused by its size at once, not run for seconds', async () => {
  const { page, errors } = await open(browser, server.url);
  const events = [];
  for (let i = 0; i < 1000; i++) {
    events.push({ id: `a${i}`, process: 'A', kind: 'local', op: `add x${i}` }, { id: `b${i}`, process: 'B', kind: 'local' });
  }
  assert.equal(await page.evaluate((t) => window.lightcone.load(t), JSON.stringify({ crdt: 'or-set', processes: ['A', 'B'], events })), null);
  const start = Date.now();
  await lab(page, 'crdt');
  await page.waitForSelector('.lab-status.error');
  assert.ok(Date.now() - start < 3000, `${Date.now() - start} ms`);
  assert.match(await page.locator('.lab-status.error').first().textContent(),
    /cannot run: 1000 operations over 2000 events: .* at most 1500000 operations × events \(`lightcone crdt` runs any size\)/);
  assert.deepEqual(errors, []);
});

test('under the strictest CSP: the gallery shows its pictures, SVG export and the explorer work; PNG export says what the policy must allow', async () => {
  const strict = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
  const site = await serve(join(root, 'dist'), '/', { 'content-security-policy': strict });
  const { page, errors } = await open(browser, site.url, undefined, { greet: true });
  const shown = await page.locator('#gallery .card').evaluateAll((cards) => cards.map((c) => c.querySelectorAll('svg.picture circle').length));
  assert.ok(shown.length > 5 && shown.every((n) => n > 0), `every card draws its diagram: ${shown}`);
  await page.click('#gallery-close');
  await menu(page, 'export');
  const [svg] = await Promise.all([page.waitForEvent('download'), page.click('#export-svg')]);
  assert.match(await readFile(await svg.path(), 'utf8'), /^<svg /);
  await menu(page, 'export');
  await page.selectOption('#export-png', '2');
  await page.waitForFunction(() => document.querySelector('#notice.error'));
  assert.match(await notice(page), /^PNG export failed: .* must allow img-src blob: for PNG export/);
  // The one console error is the browser's own report of the refused image.
  assert.ok(errors.every((e) => /Content Security Policy|blob:/.test(e)), errors.join('\n'));
  // The explorer's worker, from 'self', compiles the module under the same policy.
  await lab(page, 'commit');
  await page.selectOption('#commit-scenario', '2pc-coordinator-crash');
  await page.click('#explore');
  await page.waitForFunction(() => /^Explorer: a node can block forever/
    .test(document.querySelector('#notice')?.textContent ?? ''), null, { timeout: 60000 });
  await page.close();
  site.close();
});

test('a change is kept by a reload straight after it: the save waits for the frame, and a page being hidden writes it', async () => {
  const { page, errors } = await withOwnDiagram();
  const before = await saved(page);
  // An edit, then a reload with no pause: the save has not run yet, but the
  // page's pagehide writes it.
  const p = await linePoint(page, 'Mine', 0.9);
  await page.mouse.click(p.x, p.y);
  await page.waitForFunction(() => JSON.parse(window.lightcone.trace()).events.length === 3);
  await page.reload();
  await page.waitForSelector('[data-event-id]');
  assert.equal((await traceOf(page)).events.length, 3, 'the added event is still there');
  assert.notEqual(await saved(page), before);
  assert.deepEqual(errors, []);
});
