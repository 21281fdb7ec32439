// Shared by the browser tests: serves dist/ on a free loopback port and
// launches Debian's Chromium through playwright-core (no browser download).
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const root = resolve(import.meta.dirname, '..');
export const shots = join(root, 'target', 'e2e');

const types = {
  '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
};

/** Serves `dir` under `prefix` (e.g. '/course/lightcone/'), with any extra
 * response `headers` (e.g. a Content-Security-Policy); returns its base URL. */
export async function serve(dir = join(root, 'dist'), prefix = '/', headers = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(prefix)) { res.writeHead(404).end(); return; }
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    if (path.endsWith('/')) file = join(file, 'index.html');
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', ...headers }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}${prefix}`, close: () => server.close() };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Opens `url` in a new page, collecting console errors and page errors.
 * A first visit greets with the gallery; it is closed unless `greet`. */
export async function open(browser, url, viewport = { width: 1280, height: 720 }, { greet = false } = {}) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector('svg.diagram [data-event-id]');
  if (!greet && await page.locator('#gallery-close').count()) await page.click('#gallery-close');
  return { page, errors };
}

export async function screenshot(page, name) {
  await mkdir(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/** The diagram as trace JSON, through the page's automation API. */
export async function traceOf(page) {
  return JSON.parse(await page.evaluate(() => window.lightcone.trace()));
}

/** Screen point at `fraction` along process `name`'s line. */
export async function linePoint(page, name, fraction) {
  const box = await page.locator(`[data-process="${name}"] line`).boundingBox();
  return { x: box.x + box.width * fraction, y: box.y + box.height / 2 };
}

/** Screen centre of an event's dot. */
export async function dot(page, id) {
  const box = await page.locator(`[data-event-id="${id}"] circle`).boundingBox();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A mouse drag in small steps, as a person drags. */
export async function drag(page, from, to) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) {
    await page.mouse.move(from.x + ((to.x - from.x) * i) / 8, from.y + ((to.y - from.y) * i) / 8);
  }
  await page.mouse.up();
}

/** Brute-force happened-before over a trace JSON: reach[a] = set of later event ids. */
export function reachability(trace) {
  const next = new Map(trace.events.map((e) => [e.id, []]));
  const last = {}, sender = {};
  const names = (e) => (e.message ? [e.message] : e.messages ?? []);
  for (const e of trace.events) {
    if (e.process in last) next.get(last[e.process]).push(e.id);
    last[e.process] = e.id;
    if (e.kind === 'send') names(e).forEach((m) => { sender[m] = e.id; });
  }
  for (const e of trace.events) if (e.kind === 'receive') names(e).forEach((m) => next.get(sender[m]).push(e.id));
  const reach = new Map();
  for (const e of trace.events) {
    const seen = new Set(), stack = [...next.get(e.id)];
    while (stack.length) { const x = stack.pop(); if (!seen.has(x)) { seen.add(x); stack.push(...next.get(x)); } }
    reach.set(e.id, seen);
  }
  return reach;
}

/** Drops files ({ name, text, type }) on the page, as a person drags them in. */
export async function dropFiles(page, files) {
  const transfer = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(new File([f.text], f.name, { type: f.type ?? 'text/plain' }));
    return dt;
  }, files);
  await page.dispatchEvent('main.lightcone', 'drop', { dataTransfer: transfer });
}

/** A label on the diagram: an event's clock (or its id, action, value), a message's payload, a process's name. */
export function label(page, id, kind = 'clock') {
  return page.locator(`svg.diagram [data-label-for="${id.replace(/"/g, '\\"')}"][data-label-kind="${kind}"]`);
}

/** Opens a toolbar menu ('file', 'export' or 'view') so its commands can be used. */
export async function menu(page, name) {
  const button = page.locator(`#menu-${name}`);
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}

/** Switches to a lab: 'causality', 'itc', 'crdt', 'commit' or 'snapshot'. */
export async function lab(page, name) {
  await page.click(`#lab-${name}`);
  await page.waitForSelector(`#lab-${name}[aria-selected="true"]`);
}

/** Each status shown on `node`'s timeline in a run lab's panel, in time order. */
export function statuses(page, node) {
  return page.locator(`#timelines [data-node="${node}"] rect`).evaluateAll((rects) => rects.map((r) => r.dataset.status));
}
