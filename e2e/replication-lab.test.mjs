// The replication lab: Viewstamped Replication on the simulator. Normal
// operation with the paper's message names on the diagram and every
// declared property holding; the primary crashed by mouse and a view
// change electing the next; f + 1 crashes stopping the group safely; the
// §5.2 state-transfer defect losing a committed operation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serve, launch, open, screenshot, traceOf, linePoint, lab, statuses, dot, label, menu } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const verdict = async (page, name) => (await page.locator(`#inv-${name}`).getAttribute('class'));
const labels = (trace) => new Set(trace.events.map((e) => e.label).filter(Boolean));

test('normal operation: the paper\'s messages on the arrows, every property holds', async () => {
  const { page, errors } = await open(browser, `${server.url}?lab=replication`);
  assert.equal(await page.locator('#lab-replication[aria-selected="true"]').count(), 1);
  const offered = await page.locator('#commit-scenario option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(offered.length >= 6 && offered.every((v) => v.startsWith('vr-') || v.startsWith('pbft-')), offered.join(' '));
  assert.equal(await page.locator('#commit-scenario').inputValue(), 'vr-normal');
  for (const p of ['agreement', 'durability', 'linearizable', 'liveness']) assert.equal(await verdict(page, p), 'ok', p);
  // No commit-protocol rows in this lab.
  assert.equal(await page.locator('#inv-atomicity').count(), 0);
  const trace = await traceOf(page);
  for (const name of ['REQUEST', 'PREPARE', 'PREPAREOK', 'REPLY']) assert.ok(labels(trace).has(name), `${name} in ${[...labels(trace)]}`);
  assert.match(await page.locator('#metrics').textContent(), /^4 requests answered; latency mean/);
  assert.deepEqual(await statuses(page, 'R1'), ['normal']);
  await screenshot(page, 'replication-normal');
  assert.deepEqual(errors, []);
});

test('crashing the primary by mouse: the backups change view and the next primary answers', async () => {
  const { page, errors } = await open(browser, `${server.url}?scenario=vr-normal`);
  await page.waitForSelector('#lab-replication[aria-selected="true"]');
  // Early in the run, before the second request.
  const p = await linePoint(page, 'R1', 0.12);
  await page.mouse.click(p.x, p.y);
  await page.waitForFunction(() => document.querySelector('#timelines [data-node="R1"] rect[data-status="crashed"]'));
  const trace = await traceOf(page);
  for (const name of ['STARTVIEWCHANGE', 'DOVIEWCHANGE', 'STARTVIEW']) assert.ok(labels(trace).has(name), `${name} in ${[...labels(trace)]}`);
  assert.ok((await statuses(page, 'R2')).includes('view-change'));
  // R2 leads view 1 (view mod 3): it sends the PREPAREs after the view change.
  const sender = new Map(trace.events.filter((e) => e.kind === 'send')
    .flatMap((e) => (e.messages ?? [e.message]).map((m) => [m, e.process])));
  const prepares = trace.events.filter((e) => e.label === 'PREPARE' && e.kind === 'receive');
  assert.ok(prepares.some((e) => sender.get(e.message) === 'R2'), 'the new primary prepares');
  for (const name of ['agreement', 'durability', 'linearizable']) assert.equal(await verdict(page, name), 'ok', name);
  // Each view is a band, labelled with its number and primary; the primary is outlined along its line.
  assert.equal(await page.locator('svg.diagram .view-band').count(), 2);
  assert.equal(await page.locator('[data-label-for="view-1"]').textContent(), 'view 1 · primary R2');
  const primaries = await page.locator('svg.diagram .primary-band').evaluateAll((rs) => rs.map((r) => r.dataset.primary));
  assert.deepEqual(primaries, ['0', '1'], 'R1 leads view 0, R2 view 1');
  const r2 = await page.locator('.primary-band[data-primary="1"]').boundingBox();
  const line = await page.locator('[data-process="R2"] line').boundingBox();
  assert.ok(r2.y < line.y && r2.y + r2.height > line.y, 'along R2\'s line');
  for (const key of ['view', 'primary']) assert.equal(await page.locator(`[data-legend-key="${key}"]`).count(), 1, key);
  await screenshot(page, 'replication-primary-crashed');
  assert.deepEqual(errors, []);
});

test('f + 1 crashes stop the group but stay safe; the state-transfer rule loses a committed write', async () => {
  const { page, errors } = await open(browser, server.url);
  await lab(page, 'replication');
  await page.selectOption('#commit-scenario', 'vr-f-plus-one-crashes');
  assert.equal(await verdict(page, 'liveness'), 'bad');
  assert.match(await page.locator('#inv-liveness').textContent(), /never answered/);
  for (const name of ['agreement', 'durability', 'linearizable']) assert.equal(await verdict(page, name), 'ok', name);
  await page.selectOption('#commit-scenario', 'vr-state-transfer-loss');
  assert.equal(await verdict(page, 'durability'), 'bad');
  assert.match(await page.locator('#inv-durability').textContent(), /✗ durability/);
  await screenshot(page, 'replication-state-transfer-loss');
  // Five replicas tolerate two crashes: the same scenario's group grows.
  await page.selectOption('#commit-scenario', 'vr-f-plus-one-crashes');
  await page.selectOption('#vr-replicas', '5');
  assert.ok((await traceOf(page)).processes.includes('R5'));
  assert.equal(await verdict(page, 'liveness'), 'ok');
  assert.deepEqual(errors, []);
});

test('viewstamps, status stretches and each replica\'s log beside its line', async () => {
  const { page, errors } = await open(browser, `${server.url}?scenario=vr-primary-crash`);
  await page.waitForSelector('#lab-replication[aria-selected="true"]');
  const rows = () => page.locator('svg.diagram .log-row').evaluateAll((rs) => Object.fromEntries(rs.map((r) => [r.dataset.log, {
    cells: [...r.querySelectorAll('.log-cell:not(.elided)')].map((c) => [c.querySelector('text').textContent, c.dataset.committed]),
    note: r.querySelector('.log-note')?.textContent ?? null,
  }])));
  // At the end: R1 crashed and lost its log (VR keeps no disk); R2 and R3
  // hold the two operations of the workload, both committed.
  assert.equal(await page.locator('[data-logs]').getAttribute('data-logs'), 'logs at the end');
  let logs = await rows();
  assert.deepEqual(Object.keys(logs).sort(), ['R1', 'R2', 'R3'], 'replicas only, not the client');
  assert.equal(logs.R1.note, 'down: log lost');
  for (const r of ['R2', 'R3']) assert.deepEqual(logs[r].cells, [['x=1', 'true'], ['x?', 'true']], r);
  // The log column is in view, right of the lines' visible part, and its text is readable.
  const column = await page.locator('.log-back').boundingBox();
  const view = await page.locator('svg.diagram').boundingBox();
  assert.ok(column.x + column.width <= view.x + view.width + 1 && column.x > view.x + view.width / 2);
  const sizes = await page.locator('.log-cell text, .log-title, .log-note').evaluateAll((ts) => ts.map((t) => parseFloat(getComputedStyle(t).fontSize)));
  assert.ok(sizes.length > 0 && sizes.every((px) => px >= 14), sizes.join(' '));
  // Selecting the primary's receipt of the first REQUEST shows the logs
  // just after it: R1 has appended op 1, not yet committed; the backups
  // have nothing yet. Its viewstamp is ⟨0,1⟩.
  const trace = await traceOf(page);
  const request = trace.events.find((e) => e.process === 'R1' && e.kind === 'receive' && e.label === 'REQUEST');
  await page.mouse.click(...Object.values(await dot(page, request.id)));
  await page.waitForSelector(`[data-logs="logs after ${request.id}"]`);
  logs = await rows();
  assert.deepEqual(logs.R1.cells, [['x=1', 'false']]);
  for (const r of ['R2', 'R3']) assert.equal(logs[r].note, 'empty', r);
  assert.equal(await label(page, request.id).textContent(), '⟨0,1⟩');
  // Every replica event's stamp is ⟨view,op⟩; the client's events have none.
  const stamps = await page.locator('svg.diagram [data-label-kind="clock"]').evaluateAll((ls) => ls.map((l) => [l.dataset.labelFor, l.textContent]));
  assert.ok(stamps.length > 5 && stamps.every(([, text]) => /^⟨\d+,\d+⟩$/.test(text)), JSON.stringify(stamps.slice(0, 5)));
  assert.ok(stamps.every(([id]) => !id.startsWith('k')), 'no stamp on K1');
  // The backups' view change is a stretch along their lines, named.
  const bands = await page.locator('svg.diagram .status-band').evaluateAll((rs) => rs.map((r) => r.dataset.status));
  assert.deepEqual(bands, ['view-change', 'view-change']);
  assert.ok((await page.locator('[data-label-for^="status-"]').allTextContents()).includes('view-change'));
  for (const key of ['status', 'viewstamp', 'committed', 'uncommitted']) {
    assert.equal(await page.locator(`[data-legend-key="${key}"]`).count(), 1, key);
  }
  await screenshot(page, 'replication-logs');
  // The SVG export draws the same column: its title, and R1's one cell.
  const [svgFile] = await Promise.all([page.waitForEvent('download'), menu(page, 'export').then(() => page.click('#export-svg'))]);
  const svg = await readFile(await svgFile.path(), 'utf8');
  assert.ok(svg.includes(`>logs after ${request.id}</text>`), 'the column\'s title');
  assert.ok(svg.includes('>x=1</text>') && svg.includes('stroke-dasharray="4 3"'), 'R1\'s uncommitted x=1');
  assert.ok(svg.includes('>down: log lost</text>') === false && svg.includes('>empty</text>'));
  assert.deepEqual(errors, []);
});

test('measured on the page: the latency knee, batching moving it, messages per request and availability by replicas', async () => {
  const { page, errors } = await open(browser, `${server.url}?scenario=vr-normal`);
  await page.waitForSelector('#lab-replication[aria-selected="true"]');
  const started = Date.now();
  await page.click('#vr-measure');
  // One run per tick: the progress moves while the page stays live.
  await page.waitForSelector('#vr-measure-progress');
  await page.waitForSelector('#vr-measured', { timeout: 120000 });
  const seconds = (Date.now() - started) / 1000;
  console.log(`# the page's sweep (42 load runs, 192 availability runs) took ${seconds.toFixed(1)} s`);
  const series = (plot) => page.locator(`#${plot} g.series`).evaluateAll((gs) => Object.fromEntries(gs.map((g) => [g.dataset.series,
    [...g.querySelectorAll('.marker')].map((m) => [Number(m.dataset.x), Number(m.dataset.y)])])));
  const latency = await series('vr-plot-latency');
  const off = latency['batching off'], on = latency['batching on'];
  assert.equal(off.length, 7, 'one point per offered load');
  // Without batching the primary saturates: throughput stops growing below
  // its capacity 1 / (3 × 0.1) while latency climbs (the knee).
  const top = Math.max(...off.map((p) => p[0]));
  assert.ok(top < 1 / 0.3 && top > 0.9 / 0.3, `throughput tops out at ${top}`);
  assert.ok(off.at(-1)[1] > 3 * off[0][1], `latency ${off[0][1]} → ${off.at(-1)[1]}`);
  // Batching carries about twice the throughput before its own knee.
  assert.ok(Math.max(...on.map((p) => p[0])) > 1.8 * top);
  const messages = await series('vr-plot-messages');
  assert.deepEqual(messages['batching off'].map((p) => p[0]), [3, 5, 7]);
  const grows = (ps) => ps.every((p, i) => i === 0 || p[1] > ps[i - 1][1]);
  assert.ok(grows(messages['batching off']), 'more replicas, more messages per request');
  assert.ok(messages['batching on'].every((p, i) => p[1] < messages['batching off'][i][1]));
  const availability = await series('vr-plot-availability');
  const closed = availability['closed form, independent failures'];
  assert.ok(grows(closed), 'the closed form gains nines with replicas');
  assert.ok(availability.measured.every((p, i) => p[1] < closed[i][1]), 'view changes and lost groups cost nines');
  await page.selectOption('#vr-plot-replicas', '7');
  assert.match(await page.locator('#vr-plot-latency figcaption').textContent(), /7 replicas/);
  assert.match(await page.locator('#vr-measure-table').textContent(), /^replicas\s+batching\s+load\s+answered\s+latency/);
  const sizes = await page.locator('.chart svg text').evaluateAll((ts) => ts.map((t) => parseFloat(getComputedStyle(t).fontSize)));
  assert.ok(sizes.every((px) => px >= 14), sizes.join(' '));
  await page.locator('#vr-plot-latency').scrollIntoViewIfNeeded();
  await screenshot(page, 'replication-measured');
  assert.deepEqual(errors, []);
});

test('the snapshot lab lists its own property, not commit\'s', async () => {
  const { page, errors } = await open(browser, server.url);
  await lab(page, 'snapshot');
  assert.equal(await page.locator('#inv-atomicity').count(), 0);
  assert.equal(await verdict(page, 'snapshot-consistent'), 'ok');
  assert.deepEqual(errors, []);
});
