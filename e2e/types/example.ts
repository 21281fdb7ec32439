// A notebook's use of the core module and a page's of window.lightcone,
// type-checked by e2e/core-module.test.mjs (`tsc --noEmit`): the
// declarations in dist/pkg must describe what the README shows.
import init, { analyze, explore, parseTrace, relation, simulate, writeTrace } from '../../dist/pkg/core/lightcone_core.js';
import type { AnalyzeReport, ExploreReport, Progress, Relation, Run, Scenario, Trace } from '../../dist/pkg/core/lightcone_core.js';

/** The module's bytes (in Node, readFileSync of lightcone_core_bg.wasm). */
declare const wasmBytes: Uint8Array;

export async function notebook(): Promise<string> {
  await init({ module_or_path: wasmBytes });
  const trace: Trace = { events: [{ id: 'a1', process: 'A', kind: 'send', message: 'm1' },
    { id: 'b1', process: 'B', kind: 'receive', message: 'm1' }] };
  const report: AnalyzeReport = analyze(trace);
  const lamport: number = report.events[0].lamport;
  const how: Relation = relation(trace, 'a1', 'b1');
  const word: 'before' | 'after' | 'concurrent' | 'same' = how.relation;
  const scenario: Scenario = { protocol: '2pc', participants: 3 };
  const run: Run = simulate(scenario);
  const seen: Progress[] = [];
  const found: ExploreReport = explore(scenario, { crashes: 1 }, { onProgress: (p) => seen.push(p) });
  const text: string = writeTrace(parseTrace(run.trace));
  return `${lamport} ${word} ${found.properties.atomicity} ${text.length}`;
}

export async function page(): Promise<number> {
  const api = window.lightcone;
  if (api.load({ events: [] }) !== null) return -1;
  const trace: Trace = api.traceObject();
  const stop = new AbortController();
  const report = await api.explore({ protocol: '3pc' }, null, { signal: stop.signal, onProgress: (p) => p.states });
  return trace.events.length + report.states + api.analyze(api.trace()).concurrent_pairs;
}
