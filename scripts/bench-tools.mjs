// The two tools as a person uses them, for the benchmarks: open, import a
// log through the tool's own dialog, and select, hover and pan, each timed
// to the painted frame (see bench-lib.mjs for what that means).
import { PROBE, timed, settle, centre, paste } from './bench-lib.mjs';

const TIMEOUT = 120000;

/** A fresh Lightcone page on `url` (a preset, a lab, or the first page),
 * greeting closed, probe installed. */
export async function lightconeOpen(browser, url, viewport) {
  const page = await browser.newPage({ viewport });
  await page.addInitScript(PROBE);
  await page.goto(url);
  await page.waitForSelector('svg.diagram [data-event-id]', { timeout: TIMEOUT });
  if (await page.locator('#gallery-close').count()) await page.click('#gallery-close');
  await settle(page);
  return page;
}

/** Lightcone's Import dialog: paste, regex and delimiter fields, then a real
 * click on Import, timed to the first painted frame of the new diagram (the
 * notice "Imported …" is set in the same render as the diagram). A log split
 * into executions opens its first (untimed: a second choice). */
export async function lightconeImport(page, log) {
  await page.click('#menu-file');
  await page.click('#import-log');
  await paste(page, '#import-text', log.text);
  await page.fill('#import-regex', log.regex);
  await page.fill('#import-delimiter', log.delimiter ?? '');
  await settle(page);
  const at = await centre(page.locator('#import-run'));
  const r = await timed(page, 'pointerup', () => !!(document.querySelector('#notice')?.textContent.startsWith('Imported')
      && document.querySelector('svg.diagram [data-event-id]'))
    || !!document.querySelector('#import-error, #import-executions'),
  null, () => page.mouse.click(at.x, at.y), TIMEOUT);
  const error = await page.locator('#import-error').count() ? await page.locator('#import-error').textContent() : null;
  if (error) return { ...r, refused: error };
  if (await page.locator('#import-executions').count()) {
    await page.click('.execution >> nth=0');
    await page.waitForFunction(() => document.querySelector('#notice')?.textContent.startsWith('Imported'), null, { timeout: TIMEOUT });
    r.executions = true;
  }
  // The notice is dismissed (untimed) so that the diagram's box keeps its
  // size while events are clicked: with it shown, a first click on an event
  // resized the box under the pointer and selected nothing.
  if (await page.locator('#notice .dismiss').count()) await page.click('#notice .dismiss');
  await settle(page);
  return r;
}

/** A fresh ShiViz page, on its input tab, probe installed. */
export async function shivizOpen(browser, url, viewport) {
  const page = await browser.newPage({ viewport });
  await page.addInitScript(PROBE);
  await page.goto(url);
  await page.click('.try');
  await settle(page);
  return page;
}

/** ShiViz's own input: the log pasted in its textarea, its regex and
 * delimiter fields, a real click on Visualize, timed to the first painted
 * frame with its graph drawn (or its error box shown: a refusal). */
export async function shivizImport(page, log) {
  await paste(page, '#input', log.text);
  await page.fill('#parser', log.regex);
  await page.fill('#delimiter', log.delimiter ?? '');
  await settle(page);
  const at = await centre(page.locator('#visualize'));
  const r = await timed(page, 'pointerup', () => !!document.querySelector('#vizContainer svg g[id]')
    || getComputedStyle(document.querySelector('.error')).display !== 'none',
  null, () => page.mouse.click(at.x, at.y), TIMEOUT);
  if (!(await page.locator('#vizContainer svg g[id]').count())) {
    return { ...r, refused: (await page.locator('#errorbox').textContent()).trim().replace(/\s+/g, ' ') };
  }
  await settle(page);
  return r;
}

// What each tool calls an event on screen, and what shows that it is
// selected, hovered or panned.
const TOOLS = {
  lightcone: {
    events: 'svg.diagram [data-event-id]',
    id: (el) => el.dataset.eventId,
    selected: (id) => document.querySelector(`[data-event-id="${CSS.escape(id)}"]`)?.dataset.cone === 'self',
    hovered: (id) => !!document.querySelector(`[data-tooltip-for="${CSS.escape(id)}"]`),
  },
  shiviz: {
    events: '#vizContainer svg g[id]',
    id: (el) => el.id,
    selected: (id) => !!document.getElementById(id)?.querySelector('circle.sel'),
    hovered: (id) => !!document.getElementById(id)?.classList.contains('focus'),
  },
};

/** Two events on screen that a pointer at their centre really hits (not
 * under a panel), preferably on one line, so that a dialog or tooltip
 * opened by one does not cover the other. */
export async function twoEvents(page, tool) {
  return page.evaluate(([sel, idSrc]) => {
    const out = [];
    for (const el of document.querySelectorAll(sel)) {
      const c = (el.querySelector('circle') ?? el).getBoundingClientRect();
      const x = c.x + c.width / 2, y = c.y + c.height / 2;
      if (x < 20 || y < 20 || x > innerWidth - 20 || y > innerHeight - 20) continue;
      const hit = document.elementFromPoint(x, y)?.closest(sel.split(' ').pop());
      if (hit !== el) continue;
      out.push({ id: idSrc === 'dataset' ? el.dataset.eventId : el.id, x, y });
      if (out.length > 400) break;
    }
    // Nearest the middle of the screen first: away from sticky names,
    // panels and edges.
    const d = (e) => Math.hypot(e.x - innerWidth / 2, e.y - innerHeight / 2);
    out.sort((a, b) => d(a) - d(b));
    const pair = out.flatMap((a, i) => out.slice(i + 1).filter((b) => Math.abs(b.x - a.x) < 2 && Math.abs(b.y - a.y) > 30).map((b) => [a, b]))[0]
      ?? out.flatMap((a, i) => out.slice(i + 1).filter((b) => Math.hypot(b.x - a.x, b.y - a.y) > 30).map((b) => [a, b]))[0];
    return pair ?? null;
  }, [TOOLS[tool].events, tool === 'lightcone' ? 'dataset' : 'id']);
}

/** Where event `e` is now (a selection may have opened a panel and moved
 * the diagram), untimed. */
async function where(page, tool, e) {
  const at = await page.evaluate(([sel, id, lc]) => {
    const el = [...document.querySelectorAll(sel)].find((el) => (lc ? el.dataset.eventId : el.id) === id);
    const c = el && (el.querySelector('circle') ?? el).getBoundingClientRect();
    return c && { x: c.x + c.width / 2, y: c.y + c.height / 2 };
  }, [TOOLS[tool].events, e.id, tool === 'lightcone']);
  return { ...e, ...at };
}

/** `n` samples of hovering: the pointer moves straight from one event to the
 * other (one pointermove), timed to the frame that shows the new hover. */
export async function hover(page, tool, pair, n) {
  const out = [];
  await page.mouse.move(pair[1].x, pair[1].y);
  await settle(page);
  for (let i = 0; i < n; i++) {
    const e = await where(page, tool, pair[i % 2]);
    out.push(await timed(page, 'pointermove', TOOLS[tool].hovered, e.id, () => page.mouse.move(e.x, e.y)));
    await settle(page);
  }
  return out;
}

/** `n` samples of selecting, alternately the two events, by a click (timed
 * from the pointerup, where both tools act). */
export async function select(page, tool, pair, n) {
  const out = [];
  // One untimed click on each first: on a freshly imported Voldemort log
  // Lightcone's first two clicks on events selected nothing (the first
  // shrank the diagram's box by 39 px), and a warm page is what is timed.
  for (const p of pair) {
    const e = await where(page, tool, p);
    await page.mouse.click(e.x, e.y);
    await settle(page);
  }
  for (let i = 0; i < n; i++) {
    const e = await where(page, tool, pair[i % 2]);
    // The pointer goes there first (untimed): the click then times the
    // selection alone, not a hover change too, and hits the event, not a
    // tooltip left over the spot.
    await page.mouse.move(e.x, e.y);
    await settle(page);
    out.push(await timed(page, 'pointerup', TOOLS[tool].selected, e.id, () => page.mouse.click(e.x, e.y)));
    await settle(page);
  }
  return out;
}

/** The pan probe's view: Lightcone's camera is the diagram's viewBox; ShiViz
 * scrolls the page. */
const viewOf = {
  // The viewBox, any transform on the layers, and where the first event drawn
  // is: a build may pan by any of them.
  lightcone: () => {
    const svg = document.querySelector('svg.diagram'), e = svg.querySelector('[data-event-id]');
    const r = e?.getBoundingClientRect();
    return `${svg.getAttribute('viewBox')}|${[...svg.querySelectorAll(':scope > [transform], :scope > g > [transform]')].slice(0, 4).map((t) => t.getAttribute('transform')).join(';')}|${e?.dataset.eventId}@${r?.x},${r?.y}`;
  },
  shiviz: () => `${scrollX} ${scrollY}`,
};

/** `n` samples of panning by one screen with one wheel event, forth and back:
 * Lightcone pans along time with a sideways wheel (its vertical wheel
 * zooms); ShiViz's time runs down the page, which the wheel scrolls. A
 * diagram that fits the screen is first zoomed in (Lightcone) until a pan
 * moves it; ShiViz then reports 'fits on screen'. */
export async function pan(page, tool, n) {
  const box = await page.locator(tool === 'lightcone' ? 'svg.diagram' : '#vizContainer svg').boundingBox();
  const vp = page.viewportSize();
  const at = { x: Math.min(box.x + box.width / 2, vp.width / 2), y: Math.min(box.y + box.height / 2, vp.height / 2) };
  const step = tool === 'lightcone' ? { x: Math.round(Math.min(box.width, vp.width)), y: 0 } : { x: 0, y: vp.height };
  await page.mouse.move(at.x, at.y);
  const view = () => page.evaluate(viewOf[tool]);
  for (let tries = 0; ; tries++) {
    const before = await view();
    await page.mouse.wheel(step.x, step.y);
    await page.waitForTimeout(300);
    if ((await view()) !== before) { await page.mouse.wheel(-step.x, -step.y); await page.waitForTimeout(300); break; }
    if (tool === 'shiviz' || tries === 6) return { skipped: 'fits on screen' };
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -100);
    await page.waitForTimeout(300);
  }
  await settle(page);
  const out = [];
  for (let i = 0; i < n; i++) {
    const sign = i % 2 ? -1 : 1;
    let r;
    if (tool === 'lightcone') {
      r = await timed(page, 'wheel', `(before) => (${viewOf.lightcone})() !== before`, await view(), () => page.mouse.wheel(sign * step.x, 0));
    } else {
      // Done when the page has scrolled the whole screen (or hit an end),
      // not at the first frame of a scroll animation, should there be one.
      const target = await page.evaluate((d) => Math.max(0, Math.min(scrollY + d, document.documentElement.scrollHeight - innerHeight)), sign * step.y);
      r = await timed(page, 'wheel', (target) => Math.abs(scrollY - target) < 1, target, () => page.mouse.wheel(0, sign * step.y));
    }
    out.push(r);
    await settle(page);
  }
  return out;
}

/** `n` edits on Lightcone: the focused event moved by ← / → (a trusted
 * keydown), timed to the frame showing its dot moved. */
export async function edit(page, id, n) {
  const out = [];
  const x = (id) => document.querySelector(`[data-event-id="${CSS.escape(id)}"] circle`).getAttribute('cx');
  for (let i = 0; i < n; i++) {
    await page.evaluate((id) => document.querySelector(`[data-event-id="${CSS.escape(id)}"]`).focus(), id);
    const before = await page.evaluate(x, id);
    out.push(await timed(page, 'keydown', ([id, before]) => document.querySelector(`[data-event-id="${CSS.escape(id)}"] circle`)?.getAttribute('cx') !== before,
      [id, before], () => page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight')));
    await settle(page);
  }
  return out;
}
