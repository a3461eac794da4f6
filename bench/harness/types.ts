// What a benchmark reports: rows of one table, each a measured figure with its target and the baseline
// measured in the same run.

export type Better = 'higher' | 'lower';

export interface Target {
  value: number;
  better: Better;
  /** Which figure the target applies to: the median (rates) or the p99 (latencies). */
  on: 'median' | 'p99';
}

export interface Baseline {
  /** What the baseline is, e.g. "JSON.parse of the same content". */
  name: string;
  median: number;
}

export interface ResultRow {
  /** Benchmark the row came from (its registry name). */
  bench: string;
  metric: string;
  workload: string;
  unit: string;
  samples: number;
  median: number;
  /** A latency's p99, or the range of repeated rate samples. */
  spread: { kind: 'p99'; p99: number } | { kind: 'range'; min: number; max: number } | { kind: 'none' };
  target?: Target;
  baseline?: Baseline;
  /** median ÷ baseline median. */
  ratio?: number;
  /** Whether the target is met; absent when the row has no target. */
  met?: boolean;
  note?: string;
}

export interface BenchContext {
  quick: boolean;
  /** Progress to stderr, so stdout stays the table. */
  log(message: string): void;
}

export type BenchRun = (context: BenchContext) => Promise<ResultRow[]>;
