// The commit lab's explorer, off the page's thread: a second instance of
// the wasm module searches one scenario a slice at a time, posting how far
// it has got and then its report. Between slices it lets its event loop
// run, so when the page terminates it (Cancel) it stops at once rather
// than when the browser forces it.
//
// The page sends { module, scenario, bounds, byzantine }: its own compiled
// module (so nothing is fetched or compiled twice), the scenario's JSON,
// the bounds' JSON and, for a sweep over Byzantine behaviours, the most
// replicas made Byzantine (else undefined). The worker answers
// { progress: { states, depth, seconds, assignment, assignments } }
// at most every PROGRESS_MS, then { report } (`lightcone explore`'s JSON
// report, with "violation") or { error }.
import init, { Exploration } from '../pkg/lightcone.js';

// States expanded per slice: a few milliseconds' work.
const SLICE = 4096;
const PROGRESS_MS = 100;

// A turn of the event loop, without the clamping of nested timers.
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()();
const pause = () => new Promise((resolve) => { waiting.push(resolve); channel.port2.postMessage(null); });

self.onmessage = async ({ data }) => {
  try {
    await init({ module_or_path: data.module });
    const search = new Exploration(data.scenario, data.bounds, data.byzantine);
    const started = performance.now();
    let posted = -Infinity;
    let report;
    while ((report = search.run(SLICE)) === undefined) {
      const now = performance.now();
      if (now - posted >= PROGRESS_MS) {
        posted = now;
        const { states, depth, assignment, assignments } = search;
        postMessage({ progress: { states, depth, seconds: (now - started) / 1000, assignment, assignments } });
      }
      await pause();
    }
    postMessage({ report });
  } catch (error) {
    postMessage({ error: String(error?.message ?? error) });
  }
};
