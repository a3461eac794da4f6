// Builds result rows from raw samples, so every benchmark computes medians, spreads, ratios and verdicts the
// same way.
import { percentile, ratio, summarize } from './stats';
import type { Baseline, ResultRow, Target } from './types';

export interface RowSpec {
  bench: string;
  metric: string;
  workload: string;
  unit: string;
  target?: Target;
  baseline?: Baseline;
  note?: string;
}

export function isMet(target: Target, figure: number): boolean {
  return target.better === 'higher' ? figure >= target.value : figure <= target.value;
}

function finish(spec: RowSpec, row: Omit<ResultRow, keyof RowSpec>, p99?: number): ResultRow {
  const result: ResultRow = { ...spec, ...row };
  if (spec.baseline) {
    const r = ratio(row.median, spec.baseline.median);
    if (r !== undefined) result.ratio = r;
  }
  if (spec.target) {
    const figure = spec.target.on === 'p99' ? p99 : row.median;
    if (figure !== undefined) result.met = isMet(spec.target, figure);
  }
  return result;
}

/** A rate measured several times: median with the min–max range of the samples. */
export function rateRow(spec: RowSpec, samples: readonly number[]): ResultRow {
  const s = summarize(samples);
  return finish(spec, {
    samples: s.samples,
    median: s.median,
    spread: { kind: 'range', min: s.min, max: s.max },
  });
}

/** A latency distribution: median with its p99. */
export function latencyRow(spec: RowSpec, samples: readonly number[]): ResultRow {
  const s = summarize(samples);
  return finish(
    spec,
    { samples: s.samples, median: s.median, spread: { kind: 'p99', p99: percentile(samples, 99) } },
    s.p99,
  );
}

/** A single figure (a count, a size). */
export function valueRow(spec: RowSpec, value: number): ResultRow {
  return finish(spec, { samples: 1, median: value, spread: { kind: 'none' } }, value);
}
