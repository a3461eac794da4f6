// Pre-aggregated min/max/sum/count per minute, per 10 minutes and per hour, maintained at ingest the way
// time-series databases keep continuous aggregates, so a month of 1 Hz data to 2,000 points downsamples from
// ~4,300 ten-minute rows instead of 2.6 million samples. Pure: the store feeds samples in and writes the cells out in the same transaction.

export const MINUTE_MS = 60_000;
export const TEN_MINUTES_MS = 600_000;
export const HOUR_MS = 3_600_000;

/**
 * Commits between rebuilds of the marked 10-minute and hour cells (sqlite/coarseRollups.ts,
 * postgres/coarseRollups.ts): a cell is rebuilt once per 64 commits instead of upserted in each.
 */
export const SETTLE_EVERY_COMMITS = 64;

export interface RollupCell {
  /** Numeric series key chosen by the store (e.g. spacecraft and parameter ids). */
  spacecraft: number;
  parameter: number;
  /** Start of the minute, 10 minutes or hour. */
  timeMs: number;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** Collects the samples of one batch into minute cells; coarser cells are derived from those. */
export class RollupAccumulator {
  // Keyed by series, then by minute, with numbers rather than a composite string: add() runs for every sample
  // the archive writes. Series ids are small integers (the store's name ids), far below 2^26.
  private readonly minuteCells = new Map<number, Map<number, RollupCell>>();
  private cells = 0;

  add(spacecraft: number, parameter: number, timeMs: number, value: number): void {
    if (!Number.isFinite(value)) return;
    const minute = Math.floor(timeMs / MINUTE_MS) * MINUTE_MS;
    const series = spacecraft * SERIES_STRIDE + parameter;
    let byMinute = this.minuteCells.get(series);
    if (!byMinute) {
      byMinute = new Map();
      this.minuteCells.set(series, byMinute);
    }
    const cell = byMinute.get(minute);
    if (cell) {
      cell.count++;
      cell.sum += value;
      if (value < cell.min) cell.min = value;
      if (value > cell.max) cell.max = value;
    } else {
      byMinute.set(minute, {
        spacecraft,
        parameter,
        timeMs: minute,
        count: 1,
        sum: value,
        min: value,
        max: value,
      });
      this.cells++;
    }
  }

  get size(): number {
    return this.cells;
  }

  *minutes(): Iterable<RollupCell> {
    for (const byMinute of this.minuteCells.values()) yield* byMinute.values();
  }

  tenMinutes(): RollupCell[] {
    return this.coarser(TEN_MINUTES_MS);
  }

  hours(): RollupCell[] {
    return this.coarser(HOUR_MS);
  }

  /** Cells of `widthMs` (a multiple of a minute) merged from the minute cells. */
  private coarser(widthMs: number): RollupCell[] {
    const cells: RollupCell[] = [];
    for (const byMinute of this.minuteCells.values()) {
      const byStart = new Map<number, RollupCell>();
      for (const cell of byMinute.values()) {
        const start = Math.floor(cell.timeMs / widthMs) * widthMs;
        const merged = byStart.get(start);
        if (merged) mergeCell(merged, cell);
        else byStart.set(start, { ...cell, timeMs: start });
      }
      cells.push(...byStart.values());
    }
    return cells;
  }

  clear(): void {
    this.minuteCells.clear();
    this.cells = 0;
  }
}

const SERIES_STRIDE = 2 ** 26;

/** Adds `cell`'s samples to `into`'s. */
export function mergeCell(into: RollupCell, cell: RollupCell): void {
  into.count += cell.count;
  into.sum += cell.sum;
  into.min = Math.min(into.min, cell.min);
  into.max = Math.max(into.max, cell.max);
}

export type HistoryTier = 'raw' | 'minute' | 'tenMinute' | 'hour';
export type RollupTier = Exclude<HistoryTier, 'raw'>;

const TIER_WIDTH_MS: Record<RollupTier, number> = {
  minute: MINUTE_MS,
  tenMinute: TEN_MINUTES_MS,
  hour: HOUR_MS,
};

/** Coarsest first: the planner takes the first tier whose cells are no wider than a bucket. */
const TIERS_COARSEST_FIRST: readonly RollupTier[] = ['hour', 'tenMinute', 'minute'];

export interface BucketPlan {
  bucketMs: number;
  /** Where the buckets are computed from: raw samples, or the coarsest rollup no wider than a bucket. */
  tier: HistoryTier;
}

/**
 * Buckets for a window that holds more samples than maxPoints. Bucket i covers
 * [from + i·bucketMs, from + (i+1)·bucketMs), so the last index, floor((to − from) / bucketMs), is below
 * maxPoints and the answer never has more than maxPoints points.
 */
export function planBuckets(fromMs: number, toMs: number, maxPoints: number): BucketPlan {
  const bucketMs = Math.max(1, Math.ceil((toMs - fromMs + 1) / maxPoints));
  // Each cell counts in the bucket where it starts, so its samples are placed at most one cell width late; a
  // cell no wider than a bucket keeps that under one bucket. Coarser cells mean fewer rows to read.
  const tier = TIERS_COARSEST_FIRST.find((t) => TIER_WIDTH_MS[t] <= bucketMs) ?? 'raw';
  return { bucketMs, tier };
}

export function tierWidthMs(tier: RollupTier): number {
  return TIER_WIDTH_MS[tier];
}
