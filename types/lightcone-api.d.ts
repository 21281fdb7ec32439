// Lightcone's typed JavaScript API: the object types, and `window.lightcone`
// on the page. The core-only ES module (pkg/core/lightcone_core.js, typed by
// lightcone_core.d.ts beside it) takes and returns the same objects. Every
// object equals `JSON.parse` of the CLI's JSON for it; every error is an
// `Error` whose message is the CLI's one-line message, less its
// `lightcone: FILE: ` prefix.

/** Kinds of event in the trace format. */
export type EventKind = 'local' | 'send' | 'receive' | 'fork' | 'join';

/** One event of a trace (the CLI's trace format). */
export interface Event {
  id: string;
  process: string;
  kind: EventKind;
  label?: string | null;
  /** The message a send sends or a receive receives. */
  message?: string | null;
  /** A broadcast's or gather's messages. */
  messages?: string[] | null;
  /** Messages a receive event also sends. */
  sends?: string[] | null;
  /** The process a fork starts. */
  child?: string | null;
  /** The process a join retires. */
  from?: string | null;
  /** Its place on the diagram's time axis. */
  time?: number | null;
  /** A simulated node's clock reading there (`simulate`'s traces). */
  local_time?: number;
  [field: string]: unknown;
}

/** A trace: processes (optional: in order of first use) and events. */
export interface Trace {
  processes?: string[] | null;
  events: Event[];
  title?: string;
  about?: string;
  /** The lab a preset opens in. */
  lab?: string;
  [field: string]: unknown;
}

/** `lightcone analyze`: every event's clocks, concurrency, the total order. */
export interface AnalyzeReport {
  events: {
    id: string;
    process: string;
    lamport: number;
    /** Non-zero entries by process name. */
    vector: Record<string, number>;
    /** The interval tree clock stamp, in its text form. */
    itc: string;
  }[];
  concurrent_pairs: number;
  total_order: string[];
  lamport_rule: { receive: 'classic' | 'max' | 'message-plus-one'; steps: Record<string, number> };
  clock_condition: { holds: boolean; violations: unknown[] };
}

/** `lightcone relation`: the CLI's text is `[relation, ...proof].join('\n')`. */
export interface Relation {
  a: string;
  b: string;
  /** a happened before b, after it, neither (concurrent), or a is b. */
  relation: 'before' | 'after' | 'concurrent' | 'same';
  /** The chain of hops (`a1 -m1-> b1  (message m1 from A to B)`), or the
   *  vector entries showing neither saw the other. */
  proof: string[];
}

/** A scenario (www/scenarios/*.json; README: `lightcone simulate`). */
export interface Scenario {
  protocol: '2pc' | '3pc' | 'broadcast';
  title?: string;
  about?: string;
  participants?: number;
  nodes?: number;
  votes?: ('yes' | 'no')[];
  timeouts?: Record<string, number>;
  model?: {
    links: 'reliable' | { 'fair-loss': { loss: number } } | { arbitrary: { loss: number; duplicate: number; max_delay: number } };
    nodes: 'crash-stop' | 'crash-recovery';
    timing: { synchronous: { delay: number } }
      | { 'partially-synchronous': { gst: number; delay: number; max_before: number } }
      | { asynchronous: { max_delay: number } };
    fifo?: boolean;
    clocks?: Record<string, { offset?: number; drift_ppm?: number; wander_ppm?: number }>;
    byzantine?: Record<string, 'silent' | 'lie' | 'equivocate' | 'replay'>;
  };
  faults?: Record<string, unknown>[];
  inputs?: { node: string; at: number; input: string }[];
  workload?: { count: number; every: number; from?: number; nodes?: string[] };
  seed?: number;
  until?: number;
  schedule?: Record<string, unknown>[];
  [field: string]: unknown;
}

/** `lightcone simulate`: the run. */
export interface Run {
  trace: Trace;
  decisions: Record<string, string | null>;
  /** Each declared property, true or false (2PC/3PC also `blocked` times). */
  invariants: Record<string, boolean | Record<string, number>>;
  metrics: Record<string, number | number[] | Record<string, number>>;
  /** Each node's states over time: [time, state] pairs. */
  states: Record<string, [number, string][]>;
}

/** How far `explore` looks; every field optional: the CLI's defaults
 *  (what the scenario's faults suggest, depth 60). */
export interface Bounds {
  crashes?: number;
  drops?: number;
  /** 0 or 1. */
  partitions?: number;
  recoveries?: number;
  depth?: number;
  /** States at most (2,000,000). */
  states?: number;
  /** Bytes the search's tables may hold (1 GiB in the core module,
   *  256 MiB in the page). */
  memory?: number;
  symmetry?: boolean;
}

/** How far a search has got. */
export interface Progress {
  states: number;
  depth: number;
  seconds: number;
}

/** `lightcone explore`'s report. */
export interface ExploreReport {
  properties: Record<string, 'holds' | 'violated' | 'unknown'>;
  states: number;
  truncated: boolean;
  memory_cut: boolean;
  depth_cut: boolean;
  bounds: {
    crashes: number; drops: number; partitions: number; recoveries: number;
    depth: number; memory_mib: number; symmetry: boolean;
  };
  /** A scripted scenario that `simulate` replays, or null. */
  counterexample: Scenario | null;
  /** 2PC and 3PC only. */
  atomicity?: 'holds' | 'violated';
  blocking?: 'possible' | 'impossible';
}

/** `explore`'s options. */
export interface ExploreOptions {
  /** Called as the search goes (at most every 100 ms). */
  onProgress?: (progress: Progress) => void;
  /** Aborting it stops the search at once (the page: the worker is
   *  terminated) and rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** `window.lightcone` on a page running Lightcone. */
export interface LightconeApi {
  /** Replaces the diagram. Text: returns null or the error message (the
   *  diagram unchanged). An object: returns null, or throws an Error. */
  load(trace: Trace | string): string | null;
  /** The current diagram as trace JSON text, each event with its time. */
  trace(): string;
  /** The current diagram as an object: `JSON.parse(trace())`. */
  traceObject(): Trace;
  shareUrl(): string;
  present(on: boolean): void;
  analyze(trace: Trace | string): AnalyzeReport;
  relation(trace: Trace | string, a: string, b: string): Relation;
  simulate(scenario: Scenario | string): Run;
  /** Searches in a Web Worker; the page keeps painting. */
  explore(scenario: Scenario | string, bounds?: Bounds | null, options?: ExploreOptions): Promise<ExploreReport>;
}

declare global {
  interface Window {
    lightcone: LightconeApi;
  }
}
