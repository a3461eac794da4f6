// Summary statistics for benchmark samples. Pure functions, tested in test/bench: a benchmark is only as good
// as the arithmetic that reports it.

export interface Summary {
  samples: number;
  median: number;
  p99: number;
  min: number;
  max: number;
}

function sortedCopy(values: readonly number[]): number[] {
  if (values.length === 0) throw new Error('no samples');
  for (const value of values) if (Number.isNaN(value)) throw new Error('NaN sample');
  return [...values].sort((a, b) => a - b);
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  const sorted = sortedCopy(values);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Nearest-rank percentile: the smallest sample with at least p % of the samples at or below it. With fewer
 * than 100 samples p99 is therefore the maximum, which is the honest answer for a small run.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new Error(`percentile out of range: ${p}`);
  const sorted = sortedCopy(values);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)]!;
}

/** measured ÷ baseline; undefined when there is no meaningful baseline to divide by. */
export function ratio(measured: number, baseline: number): number | undefined {
  if (!Number.isFinite(measured) || !Number.isFinite(baseline) || baseline === 0) return undefined;
  return measured / baseline;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = sortedCopy(values);
  return {
    samples: sorted.length,
    median: median(sorted),
    p99: percentile(sorted, 99),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}
