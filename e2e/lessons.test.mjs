// Lessons and quizzes (issue 16): every shipped lesson opens and steps to
// its end; a prediction answered right and one answered wrong are marked so
// on the diagram and in the panel; a task done by dragging; a replication-lab
// lesson's task done by crashing the primary with a click; a quiz with a
// fixed seed marked all right with answers worked out here by brute force,
// and with a wrong one marked and explained; an embedded lesson driven by
// postMessage; lesson files opened, shared by link, and kept as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { root, serve, launch, open, screenshot, traceOf, reachability, dot, drag, dropFiles, menu, linePoint, statuses } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const lessonNames = async () => (await readdir(join(root, 'www', 'lessons'))).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
const lessonFile = async (name) => JSON.parse(await readFile(join(root, 'www', 'lessons', `${name}.json`), 'utf8'));
const step = (page) => page.locator('[data-lesson]').getAttribute('data-lesson-step');
/** The caption as the file writes it, markup taken off. */
const plain = (text) => text.replace(/[*`]/g, '').replace(/\s+/g, ' ').trim();

test('every shipped lesson opens, shows each caption, and steps to its end', async () => {
  const names = await lessonNames();
  assert.equal(names.length, 20);
  for (const name of names) {
    const lesson = await lessonFile(name);
    const { page, errors } = await open(browser, `${server.url}?lesson=${name}&step=0`);
    assert.equal(await page.locator('[data-lesson]').getAttribute('data-lesson'), name);
    await screenshot(page, `lesson-${name}`);
    for (let k = 0; k < lesson.steps.length; k++) {
      assert.equal(await step(page), String(k), `${name}: step ${k}`);
      const caption = await page.locator('[data-lesson-caption]').innerText();
      assert.equal(caption.replace(/\s+/g, ' ').trim(), plain(lesson.steps[k].caption), `${name}: caption of step ${k}`);
      const px = await page.locator('[data-lesson-caption]').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
      assert.ok(px >= 14, `${name}: caption at ${px}px`);
      assert.ok(await page.locator('svg.diagram [data-event-id]').count() > 0, `${name}: step ${k} draws its diagram`);
      if (k + 1 < lesson.steps.length) await page.click('#lesson-next');
    }
    assert.ok(await page.locator('#lesson-next').isDisabled(), `${name}: Next stops at the last step`);
    assert.deepEqual(errors, [], name);
    await page.close();
  }
});

test('a prediction answered right and one answered wrong are each marked, on the diagram and in the panel', async () => {
  // lamport-concurrency, step 1: "which events are concurrent with b1?"
  const { page, errors } = await open(browser, `${server.url}?lesson=lamport-concurrency&step=1`);
  const trace = await traceOf(page);
  const reach = reachability(trace);
  const concurrent = trace.events.map((e) => e.id).filter((id) => id !== 'b1' && !reach.get('b1').has(id) && !reach.get(id).has('b1'));
  assert.ok(concurrent.length > 0);
  // While the question is open a click picks, and no light cone gives it away.
  for (const id of concurrent) await page.click(`[data-event-id="${id}"]`);
  assert.equal(await page.locator('[data-cone]').count(), 0);
  assert.equal(await page.locator('[data-lesson-mark="picked"]').count(), concurrent.length);
  await page.click('#lesson-reveal');
  assert.equal(await page.locator('.lesson-verdict').getAttribute('data-lesson-verdict'), 'right');
  assert.equal(await page.locator('[data-lesson-mark="right"]').count(), concurrent.length);
  assert.equal(await page.locator('[data-event-id="b1"]').getAttribute('data-cone'), 'self', 'the reveal shows b1\'s light cone');
  assert.ok(await page.locator('[data-legend-key="right"]').count());
  await screenshot(page, 'lesson-prediction-right');

  // The same step again, answered wrongly: one right event left out, one wrong one picked.
  await page.click('.lesson-dot >> nth=1');
  const wrong = trace.events.map((e) => e.id).find((id) => id !== 'b1' && !concurrent.includes(id));
  await page.click(`[data-event-id="${concurrent[0]}"]`);
  await page.click(`[data-event-id="${wrong}"]`);
  await page.click('#lesson-reveal');
  assert.equal(await page.locator('.lesson-verdict').getAttribute('data-lesson-verdict'), 'wrong');
  assert.equal(await page.locator(`[data-lesson-mark-for="${wrong}"]`).getAttribute('data-lesson-mark'), 'wrong');
  assert.equal(await page.locator('[data-lesson-mark="missed"]').count(), concurrent.length - 1);
  assert.match(await page.locator('.lesson-verdict').innerText(), new RegExp(`Not in the answer \\(crossed\\): ${wrong.replace('.', '\\.')}`));
  await screenshot(page, 'lesson-prediction-wrong');

  // A typed prediction: the asked clock shows "?" until the reveal.
  await page.click('.lesson-dot >> nth=2');
  const asked = page.locator('svg.diagram [data-label-for="c2"][data-label-kind="clock"]');
  assert.equal(await asked.textContent(), '?');
  const c2 = trace.events.filter((e) => e.id === 'c2' || reach.get(e.id).has('c2'));
  const vector = trace.processes.map((p) => c2.filter((e) => e.process === p).length);
  await page.fill('#lesson-answer', `[${vector.join(',')}]`);
  await page.click('#lesson-reveal');
  assert.equal(await page.locator('.lesson-verdict').getAttribute('data-lesson-verdict'), 'right');
  assert.notEqual(await asked.textContent(), '?');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a task done by dragging an event is checked on the diagram; a wrong try gets the hint', async () => {
  // events-and-processes, last step: drag n1 so that t2 happened before it.
  const lesson = await lessonFile('events-and-processes');
  const k = lesson.steps.findIndex((s) => s.task);
  const { page, errors } = await open(browser, `${server.url}?lesson=events-and-processes&step=${k}`);
  await page.click('#lesson-check');
  assert.equal(await page.locator('[data-task]').getAttribute('data-task'), 'not-yet');
  assert.match(await page.locator('[data-task]').innerText(), /Hint:/);
  const before = reachability(await traceOf(page));
  assert.ok(!before.get('t2').has('n1'));
  // n1 goes to the far end of its line, past the receive that t2 reaches.
  const from = await dot(page, 'n1');
  const line = await page.locator(`[data-process="${(await traceOf(page)).events.find((e) => e.id === 'n1').process}"] line`).boundingBox();
  await drag(page, from, { x: line.x + line.width - 20, y: from.y });
  const after = reachability(await traceOf(page));
  assert.ok(after.get('t2').has('n1'), 't2 happened before n1 after the drag');
  assert.equal(await page.locator('[data-task]').getAttribute('data-task'), 'done');
  await screenshot(page, 'lesson-task-done');
  // Undo takes back the student's move only; the lesson stays on its step.
  await page.keyboard.press('Control+z');
  assert.equal(await step(page), String(k));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a replication-lab lesson opens in the Replicas lab; crashing the primary by mouse does its task', async () => {
  // vr-normal-and-view-change: its task step, on vr-normal (R1 the primary of view 0).
  const lesson = await lessonFile('vr-normal-and-view-change');
  const k = lesson.steps.findIndex((s) => s.task);
  assert.equal(lesson.steps[0].diagram.scenario, 'vr-normal');
  const { page, errors } = await open(browser, `${server.url}?lesson=vr-normal-and-view-change&step=${k}`);
  await page.waitForSelector('#lab-replication[aria-selected="true"]');
  assert.equal(await step(page), String(k));
  assert.deepEqual(await statuses(page, 'R1'), ['normal']);
  // Nothing crashed yet: a check finds it not done and gives the hint.
  await page.click('#lesson-check');
  assert.equal(await page.locator('[data-task]').getAttribute('data-task'), 'not-yet');
  assert.match(await page.locator('[data-task]').innerText(), /Hint:/);
  // A click early on R1's line (before its first reply, as the replication
  // lab's own test does) crashes it there; the backups change view to R2's.
  const p = await linePoint(page, 'R1', 0.12);
  await page.mouse.click(p.x, p.y);
  await page.waitForSelector('[data-task="done"]');
  assert.ok((await statuses(page, 'R1')).includes('crashed'));
  assert.equal(await page.locator('[data-label-for="view-1"]').textContent(), 'view 1 · primary R2');
  assert.equal(await page.locator('[data-task]').getAttribute('data-lesson-verdict'), 'right');
  assert.match(await page.locator('[data-task]').innerText(), /Done\. R2 and R3 stop hearing from R1/);
  assert.equal(await page.locator('#lesson-check').count(), 0, 'a task done needs no more checks');
  assert.equal(await step(page), String(k), 'the crash keeps the lesson on its step');
  await screenshot(page, 'lesson-vr-primary-crashed');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the gallery offers every lesson and the three quiz levels', async () => {
  const { page, errors } = await open(browser, server.url, undefined, { greet: true });
  const offered = await page.locator('[data-lesson-open]').evaluateAll((els) => els.map((e) => e.dataset.lessonOpen));
  assert.deepEqual([...offered].sort(), await lessonNames());
  await page.click('[data-lesson-open="2pc-blocking"]');
  assert.equal(await page.locator('[data-lesson]').getAttribute('data-lesson'), '2pc-blocking');
  assert.equal(await page.locator('#lab-commit').getAttribute('aria-selected'), 'true');
  await menu(page, 'file');
  await page.click('#open-gallery');
  await page.click('[data-quiz-open="3"]');
  assert.equal(await page.locator('[data-quiz]').getAttribute('data-quiz-level'), '3');
  assert.equal(await page.locator('[data-lesson]').count(), 0, 'a quiz takes the lesson\'s place');
  assert.match(page.url(), /\?quiz&level=3&seed=\d+$/);
  await page.click('#quiz-close');
  assert.equal(await page.locator('[data-quiz]').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('keys and remotes turn the steps, progress is kept, and closing gives back the diagram', async () => {
  const { page, errors } = await open(browser, server.url);
  const own = await traceOf(page);
  await page.goto(`${server.url}?lesson=vector-clocks`);
  await page.waitForSelector('[data-lesson]');
  assert.equal(await step(page), '0');
  await page.keyboard.press('ArrowRight');
  assert.equal(await step(page), '1');
  await page.keyboard.press('PageDown');
  assert.equal(await step(page), '2');
  await page.keyboard.press('PageUp');
  assert.equal(await step(page), '1');
  // Back on a later visit, at the step left.
  await page.goto(`${server.url}?lesson=vector-clocks`);
  await page.waitForSelector('[data-lesson]');
  assert.equal(await step(page), '1');
  await page.click('#lesson-close');
  assert.equal(await page.locator('[data-lesson]').count(), 0);
  assert.deepEqual((await traceOf(page)).events.map((e) => e.id), own.events.map((e) => e.id));
  assert.deepEqual(errors, []);
  await page.close();
});

test('an embedded lesson shows its caption and steps, and a parent page drives it by postMessage', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setContent(`<iframe id="f" src="${server.url}?embed&lesson=sync-vs-async" width="960" height="600"></iframe>`);
  await page.evaluate(() => { window.heard = []; addEventListener('message', (e) => window.heard.push(e.data)); });
  const frame = page.frameLocator('#f');
  await frame.locator('[data-lesson-caption]').waitFor();
  assert.equal(await frame.locator('[data-lesson]').getAttribute('data-lesson-step'), '0');
  await page.evaluate(() => document.getElementById('f').contentWindow.postMessage({ type: 'lightcone', step: 3 }, '*'));
  await frame.locator('[data-lesson][data-lesson-step="3"]').waitFor();
  await page.waitForFunction(() => window.heard.some((m) => m && m.type === 'lightcone' && m.step === 3));
  const heard = await page.evaluate(() => window.heard.filter((m) => m.type === 'lightcone').at(-1));
  assert.deepEqual(heard, { type: 'lightcone', lesson: 'sync-vs-async', step: 3, steps: 5 });
  // Messages of other kinds change nothing.
  await page.evaluate(() => document.getElementById('f').contentWindow.postMessage({ type: 'other', step: 0 }, '*'));
  await page.evaluate(() => document.getElementById('f').contentWindow.postMessage({ type: 'lightcone', step: -1 }, '*'));
  await page.waitForTimeout(200);
  assert.equal(await frame.locator('[data-lesson]').getAttribute('data-lesson-step'), '3');
  await screenshot(page, 'lesson-embedded');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a lesson file opens by drop, keeps hostile text as text, and travels by link', async () => {
  const { page, errors } = await open(browser, server.url);
  const hostile = {
    format: 'lightcone-lesson/1', title: 'Hostile <b>title</b>', abstract: 'x',
    steps: [
      { diagram: { preset: 'lamport-concurrency' }, caption: '<img src=x onerror="window.pwned=1"> *really* `code`' },
      { caption: 'second <script>window.pwned=2</script>' },
    ],
  };
  await dropFiles(page, [{ name: 'hostile.json', text: JSON.stringify(hostile), type: 'application/json' }]);
  await page.waitForSelector('[data-lesson]');
  const caption = page.locator('[data-lesson-caption]');
  assert.match(await caption.innerText(), /^<img src=x onerror="window.pwned=1"> really code$/);
  assert.equal(await caption.locator('img').count(), 0);
  assert.equal(await caption.locator('em').innerText(), 'really');
  assert.equal(await page.locator('.lesson-title').innerText(), 'Hostile <b>title</b>');
  await page.click('#lesson-next');
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  // Copy link: the lesson in the fragment, opened elsewhere at the same step.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.click('#lesson-link');
  const url = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(url, /#l=.+~1$/);
  const other = await browser.newPage();
  await other.goto(url);
  await other.waitForSelector('[data-lesson]');
  assert.equal(await other.locator('[data-lesson]').getAttribute('data-lesson-step'), '1');
  assert.match(await other.locator('[data-lesson-caption]').innerText(), /^second <script>/);
  await other.close();
  // A broken lesson file is refused by place, and the diagram stays.
  const shown = await traceOf(page);
  await dropFiles(page, [{ name: 'broken.json', text: '{"format": "lightcone-lesson/1", "title": "t", "abstract": "a", "steps": [{"captoin": "x"}]}' }]);
  await page.waitForSelector('#notice.error');
  assert.match(await page.locator('#notice').innerText(), /broken\.json: line 1, column \d+: unknown field `captoin`/);
  assert.deepEqual(await traceOf(page), shown);
  await page.goto(`${server.url}?lesson=no-such-lesson`);
  await page.waitForSelector('#notice.error');
  assert.match(await page.locator('#notice').innerText(), /There is no lesson called "no-such-lesson"/);
  assert.deepEqual(errors, []);
  await page.close();
});

/** The quiz's answers, worked out from its trace by brute force. */
function answersOf(trace) {
  const reach = reachability(trace);
  const before = (a, b) => reach.get(a).has(b);
  const ids = trace.events.map((e) => e.id);
  const lamport = {};
  const pending = [...ids];
  const causes = new Map(ids.map((id) => [id, ids.filter((x) => before(x, id) && ![...reach.get(x)].some((y) => before(y, id)))]));
  while (pending.length) {
    const i = pending.findIndex((id) => causes.get(id).every((c) => c in lamport));
    const id = pending.splice(i, 1)[0];
    lamport[id] = Math.max(0, ...causes.get(id).map((c) => lamport[c])) + 1;
  }
  const vector = Object.fromEntries(ids.map((id) => [id, trace.processes.map((p) => trace.events.filter((e) => e.process === p && (e.id === id || before(e.id, id))).length)]));
  const pIndex = (id) => trace.processes.indexOf(trace.events.find((e) => e.id === id).process);
  const seq = (id) => ids.indexOf(id);
  const order = [...ids].sort((a, b) => lamport[a] - lamport[b] || pIndex(a) - pIndex(b) || seq(a) - seq(b));
  return { lamport, vector, order, concurrentWith: (x) => ids.filter((id) => id !== x && !before(id, x) && !before(x, id)) };
}

test('a quiz from a fixed seed is marked all right with the right answers, and a wrong one is marked and explained', async () => {
  const { page, errors } = await open(browser, `${server.url}?quiz&level=2&seed=11`);
  await page.waitForSelector('[data-quiz]');
  assert.equal(await page.locator('[data-quiz]').getAttribute('data-quiz-seed'), '11');
  assert.match(page.url(), /\?quiz&level=2&seed=11$/);
  const trace = await traceOf(page);
  assert.equal(trace.processes.length, 4);
  const a = answersOf(trace);
  // No clock is shown until typed.
  assert.equal(await page.locator('svg.diagram [data-label-kind="clock"]').first().textContent(), '?');
  for (const [id, n] of Object.entries(a.lamport)) await page.fill(`#quiz-lamport-${id.replace('.', '\\.')}`, String(n));
  await page.click('[data-quiz-tab="vector"]');
  for (const [id, v] of Object.entries(a.vector)) await page.fill(`#quiz-vector-${id.replace('.', '\\.')}`, `[${v.join(',')}]`);
  await page.click('[data-quiz-tab="concurrent"]');
  const chosen = (await page.locator('[data-quiz-question="concurrent"]').innerText()).match(/concurrent with (\S+?)[,?]/)[1];
  assert.equal(await page.locator(`[data-lesson-mark-for="${chosen}"]`).getAttribute('data-lesson-mark'), 'highlight');
  for (const id of a.concurrentWith(chosen)) await page.click(`[data-event-id="${id}"]`);
  await page.click('[data-quiz-tab="order"]');
  for (const id of a.order) await page.click(`[data-event-id="${id}"]`);
  await page.click('#quiz-check');
  const total = 2 * trace.events.length + (trace.events.length - 1) + trace.events.length;
  assert.equal(await page.locator('[data-quiz-score]').getAttribute('data-quiz-score'), `${total}/${total}`);
  assert.ok(!(await page.locator('#quiz-next-level').isDisabled()), 'a perfect score unlocks the next level');
  await screenshot(page, 'quiz-perfect');

  // One wrong Lamport clock: that field alone is marked, with its derivation.
  await page.click('[data-quiz-tab="lamport"]');
  const receive = trace.events.find((e) => e.kind === 'receive').id;
  await page.fill(`#quiz-lamport-${receive.replace('.', '\\.')}`, String(a.lamport[receive] + 5));
  await page.click('#quiz-check');
  assert.equal(await page.locator('[data-quiz-score]').getAttribute('data-quiz-score'), `${total - 1}/${total}`);
  const field = page.locator(`.quiz-field:has(#quiz-lamport-${receive.replace('.', '\\.')})`);
  assert.equal(await field.getAttribute('data-quiz-mark'), 'wrong');
  assert.match(await field.locator('.quiz-why').innerText(), new RegExp(`^${a.lamport[receive]}: .*max\\(.*\\) \\+ 1 = ${a.lamport[receive]}`));
  assert.equal(await page.locator('.quiz-field[data-quiz-mark="wrong"]').count(), 1);
  assert.equal(await page.locator(`[data-lesson-mark-for="${receive}"]`).getAttribute('data-lesson-mark'), 'wrong');
  assert.ok(await page.locator('#quiz-next-level').isDisabled(), 'the next level needs a perfect score');
  await screenshot(page, 'quiz-one-wrong');
  // The quiz's diagram cannot be edited (its answers are for it).
  const from = await dot(page, trace.events[0].id);
  await drag(page, from, { x: from.x + 120, y: from.y });
  assert.deepEqual(await traceOf(page), trace);
  assert.deepEqual(errors, []);
  await page.close();
});
