// The core-only ES module (no UI): the typed API for other pages, notebooks
// and Node. The objects are those of window.lightcone (../lightcone-api.d.ts).
//
//   import init, { analyze } from './pkg/core/lightcone_core.js';
//   await init();                                         // a page
//   await init({ module_or_path: readFileSync(wasmPath) }); // Node
import type { AnalyzeReport, Bounds, ExploreOptions, ExploreReport, Relation, Run, Scenario, Trace } from '../lightcone-api.js';
export type * from '../lightcone-api.js';

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** Loads the wasm module (by default lightcone_core_bg.wasm beside this file). */
export default function init(options?: { module_or_path?: InitInput | Promise<InitInput> }): Promise<unknown>;
/** The same, from a compiled module or its bytes, synchronously. */
export function initSync(options: { module: BufferSource | WebAssembly.Module }): unknown;

/** `lightcone analyze`. */
export function analyze(trace: Trace | string): AnalyzeReport;
/** `lightcone relation`: how event `a` relates to event `b`. */
export function relation(trace: Trace | string, a: string, b: string): Relation;
/** `lightcone simulate`. */
export function simulate(scenario: Scenario | string): Run;
/** `lightcone explore`, here and now (blocking; `onProgress` is called
 *  synchronously between slices, and `signal` is not read). */
export function explore(scenario: Scenario | string, bounds?: Bounds | null, options?: ExploreOptions): ExploreReport;
/** Reads and validates a trace: the trace object as the CLI writes it. */
export function parseTrace(trace: Trace | string): Trace;
/** Reads and validates a trace: the CLI's trace JSON text. */
export function writeTrace(trace: Trace | string): string;
/** `lightcone analyze` on text: the report as JSON text. */
export function analyzeJson(text: string): string;
