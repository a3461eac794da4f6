// Rows that both archives' history queries return, and how they become the wire's history points. The SQL
// differs per database; the shapes and the bucket arithmetic do not. Raw samples come from decoded frames
// (archivedFrames.ts), so buckets over raw samples are computed here rather than in SQL.
import { TEXTS } from '../../shared/dictionary';
import type { HistoryPoint, HistorySeries } from '../../shared/protocol/api';
import type { BucketPlan } from './rollup';
import type { HistoryQuery } from './types';

export interface RawSampleRow {
  t: number;
  v: number;
  /** Playback flag: boolean from PostgreSQL, 0/1 from SQLite. */
  pb: boolean | number;
}

/** One bucket: its index from the window's start, and the aggregate of the samples or rollup cells in it. */
export interface BucketRow {
  b: number;
  min: number;
  max: number;
  sum: number;
  n: number;
}

/**
 * Buckets of raw samples, in bucket order, with the true min and max: sample at t counts in bucket
 * floor((t − fromMs) / bucketMs). Samples must lie in the window and come in time order (as archived frames
 * are read), so each bucket is closed as soon as a later one starts.
 */
export function bucketRawSamples(
  samples: Iterable<RawSampleRow>,
  fromMs: number,
  bucketMs: number,
): BucketRow[] {
  const rows: BucketRow[] = [];
  let open: BucketRow | undefined;
  for (const { t, v } of samples) {
    const b = Math.floor((t - fromMs) / bucketMs);
    if (open?.b !== b) {
      open = { b, min: v, max: v, sum: v, n: 1 };
      rows.push(open);
      continue;
    }
    open.n++;
    open.sum += v;
    if (v < open.min) open.min = v;
    if (v > open.max) open.max = v;
  }
  return rows;
}

export function rawPoint(row: RawSampleRow): HistoryPoint {
  const point: HistoryPoint = { t: row.t, v: row.v, min: row.v, max: row.v, n: 1 };
  if (row.pb) point.playback = true;
  return point;
}

export function rawSeries(q: HistoryQuery, rows: readonly RawSampleRow[]): HistorySeries {
  return { parameterId: q.parameterId, downsampled: false, points: rows.map(rawPoint) };
}

export function bucketSeries(q: HistoryQuery, plan: BucketPlan, rows: readonly BucketRow[]): HistorySeries {
  return {
    parameterId: q.parameterId,
    downsampled: true,
    bucketMs: plan.bucketMs,
    points: rows.map((r) => ({
      t: q.fromMs + r.b * plan.bucketMs,
      v: r.sum / r.n,
      min: r.min,
      max: r.max,
      n: r.n,
    })),
  };
}

/**
 * Frames a string parameter's history reads at most, back from the window's end: a string has no mean, so its
 * history cannot come from the rollups, and the frames are decoded one by one (a day of a packet a second).
 */
export const TEXT_HISTORY_FRAMES = 100_000;

/**
 * A string parameter's history: one point per run of samples with the same text (its first sample's time,
 * the run's length in `n`), in time order, at most maxPoints of them. The samples come newest first, each
 * read from its frame just before (the decode put its text in TEXTS), so a window too long for one answer
 * gives its latest texts: `framesRead` says how many frames were read and `frameLimit` the limit asked with.
 * A limit reached, or maxPoints runs, start the series later than the window, at the earliest sample it
 * took (`startsAtMs`).
 */
export function textSeries(
  q: HistoryQuery,
  newestFirst: Iterable<RawSampleRow>,
  framesRead: () => number,
  frameLimit: number,
): HistorySeries {
  const points: HistoryPoint[] = [];
  let run: HistoryPoint | undefined;
  let earliestMs: number | undefined;
  let short = false;
  for (const { t, v, pb } of newestFirst) {
    if (run?.v !== v) {
      if (points.length === q.maxPoints) {
        short = true;
        break;
      }
      run = { t, v, min: v, max: v, n: 0, text: TEXTS.textOf(v) ?? '' };
      points.push(run);
    }
    // Read backwards: this sample is the run's earliest so far, and gives its time and playback flag.
    run.n++;
    run.t = t;
    if (pb) run.playback = true;
    else delete run.playback;
    earliestMs = t;
  }
  const series: HistorySeries = {
    parameterId: q.parameterId,
    downsampled: points.some((p) => p.n > 1),
    points: points.reverse(),
  };
  if ((short || framesRead() >= frameLimit) && earliestMs !== undefined) series.startsAtMs = earliestMs;
  return series;
}
