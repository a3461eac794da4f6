import { describe, expect, it } from 'vitest';
import { median, percentile, ratio, summarize } from '../../bench/harness/stats';
import { latencyRow, rateRow, valueRow } from '../../bench/harness/rows';
import { perSecondRates } from '../../bench/harness/throughput';

describe('benchmark statistics', () => {
  it('median: middle value for odd counts, mean of the middle two for even counts, order-independent', () => {
    expect(median([5])).toBe(5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10, -10, 0, 7, 7])).toBe(7);
  });

  it('median and percentile refuse empty or NaN input instead of reporting a number', () => {
    expect(() => median([])).toThrow();
    expect(() => percentile([1, NaN], 50)).toThrow();
    expect(() => percentile([1], 0)).toThrow();
  });

  it('p99 is the nearest-rank percentile: the maximum below 100 samples, the 990th of 1000', () => {
    expect(percentile([1, 2, 3, 50], 99)).toBe(50);
    const thousand = Array.from({ length: 1000 }, (_, i) => 1000 - i); // 1000 … 1, unsorted
    expect(percentile(thousand, 99)).toBe(990);
    expect(percentile(thousand, 50)).toBe(500);
    expect(percentile(thousand, 100)).toBe(1000);
  });

  it('ratio divides by the baseline and gives undefined for a zero or missing baseline', () => {
    expect(ratio(3_000_000, 1_500_000)).toBe(2);
    expect(ratio(5, 0)).toBeUndefined();
    expect(ratio(NaN, 2)).toBeUndefined();
  });

  it('summarize reports count, median, p99, min and max', () => {
    expect(summarize([4, 2, 8, 6])).toEqual({ samples: 4, median: 5, p99: 8, min: 2, max: 8 });
  });
});

describe('benchmark rows', () => {
  const spec = { bench: 'b', metric: 'm', workload: 'w', unit: 'u' };

  it('a rate row carries the range, the ratio to its baseline and whether a higher-is-better target is met', () => {
    const row = rateRow(
      { ...spec, target: { value: 10, better: 'higher', on: 'median' }, baseline: { name: 'x', median: 4 } },
      [8, 12, 14],
    );
    expect(row.median).toBe(12);
    expect(row.spread).toEqual({ kind: 'range', min: 8, max: 14 });
    expect(row.ratio).toBe(3);
    expect(row.met).toBe(true);
  });

  it('a latency row judges its target on the p99 when asked to', () => {
    const samples = Array.from({ length: 100 }, (_, i) => (i < 98 ? 1 : 300));
    const row = latencyRow({ ...spec, target: { value: 250, better: 'lower', on: 'p99' } }, samples);
    expect(row.median).toBe(1);
    expect(row.spread).toEqual({ kind: 'p99', p99: 300 });
    expect(row.met).toBe(false);
  });

  it('a value row with a lower-is-better target of 0 is met only at 0', () => {
    const target = { value: 0, better: 'lower', on: 'median' } as const;
    expect(valueRow({ ...spec, target }, 0).met).toBe(true);
    expect(valueRow({ ...spec, target }, 1).met).toBe(false);
  });
});

describe('per-second rates', () => {
  it('bins completions into whole seconds from the start, skipping the warm-up and the partial last one', () => {
    const at = [100, 900, 1100, 1500, 2999, 3100, 3999.9];
    const counts = [1, 1, 10, 10, 5, 7, 100];
    // Windows: [0,1000) = 2, [1000,2000) = 20, [2000,3000) = 5, [3000,4000) = 107; 4500 ends inside the fifth.
    expect(perSecondRates(at, counts, 0, 4500, 0)).toEqual([2, 20, 5, 107]);
    expect(perSecondRates(at, counts, 0, 4500)).toEqual([20, 5, 107]);
  });

  it('keeps at least one window when the run is shorter than the warm-up', () => {
    expect(perSecondRates([10, 20], [3, 4], 0, 1500, 5)).toEqual([7]);
  });
});
