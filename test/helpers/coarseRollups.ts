// A series written by up to two nodes for the coarse rollup tests (test/scale/postgresCoarseRollups.test.ts,
// test/resilience/coarseRollupSettle.test.ts): what each node commits, and the 10-minute and hour cells the
// history must answer for it.
import type { HistoryPoint } from '../../shared/protocol/api';
import { HOUR_MS, planBuckets } from '../../server/archive/rollup';
import type { CommitBatch, FrameRecord, Store } from '../../server/archive/types';
import { encodedRecord, valueOf } from './records';

export const DAY0 = Date.UTC(2026, 4, 1);
export const PARAMETER = 'eps.batt_voltage';
// 7 s does not divide a minute nor 10 minutes: cells hold different sample counts.
const STEP_MS = 7_000;
export const SPAN_MS = 3 * HOUR_MS;
const WINDOW = { fromMs: DAY0, toMs: DAY0 + SPAN_MS - 1 };
/** 18 buckets of 10 minutes over the window, and 3 of an hour. */
export const TEN_MINUTE_POINTS = 18;
export const HOUR_POINTS = 3;

export interface Sample {
  t: number;
  v: number;
}

/** One packet per step and node: the same times, told apart by their sequence counts (node 0 or 1). */
function frameOf(node: number, t: number): FrameRecord {
  const i = (t - DAY0) / STEP_MS;
  return encodedRecord({
    stationId: node === 0 ? 'astana' : 'ankara',
    sequenceCount: node,
    timeMs: t,
    receivedMs: t + 50,
    values: { [PARAMETER]: 28 + ((i * 7 + node * 3) % 40) / 10 },
  });
}

export function framesOf(node: number, fromMs = DAY0, toMs = DAY0 + SPAN_MS): FrameRecord[] {
  const frames: FrameRecord[] = [];
  for (let t = fromMs; t < toMs; t += STEP_MS) frames.push(frameOf(node, t));
  return frames;
}

export const batchOf = (frames: FrameRecord[]): CommitBatch => ({
  frames,
  alarms: [],
  events: [],
  stations: [],
  downlink: [],
});

export const samplesOf = (frames: FrameRecord[]): Sample[] =>
  frames.map((f) => ({ t: f.timeMs, v: valueOf(f, PARAMETER) }));

/** The cells of `widthMs` the samples fall in, as the history answers them for the window (from DAY0). */
function expectedCells(samples: Sample[], widthMs: number) {
  const cells = new Map<number, { t: number; n: number; min: number; max: number }>();
  for (const { t, v } of samples) {
    const start = Math.floor(t / widthMs) * widthMs;
    const cell = cells.get(start);
    if (cell) {
      cell.n++;
      cell.min = Math.min(cell.min, v);
      cell.max = Math.max(cell.max, v);
    } else cells.set(start, { t: start, n: 1, min: v, max: v });
  }
  return [...cells.values()].sort((a, b) => a.t - b.t);
}

export async function history(store: Store, maxPoints: number): Promise<HistoryPoint[]> {
  const series = await store.history({
    spacecraftId: 'kazeosat-1',
    parameterId: PARAMETER,
    ...WINDOW,
    maxPoints,
  });
  return series.points;
}

/** The store answers the window from its 10-minute and its hour tier with exactly these samples' cells. */
export async function historyOf(store: Store) {
  const counts = (points: HistoryPoint[]) => points.map(({ t, n, min, max }) => ({ t, n, min, max }));
  return {
    tenMinutes: counts(await history(store, TEN_MINUTE_POINTS)),
    hours: counts(await history(store, HOUR_POINTS)),
  };
}

export function expectedHistory(samples: Sample[]) {
  if (planBuckets(WINDOW.fromMs, WINDOW.toMs, TEN_MINUTE_POINTS).tier !== 'tenMinute')
    throw new Error('tier');
  if (planBuckets(WINDOW.fromMs, WINDOW.toMs, HOUR_POINTS).tier !== 'hour') throw new Error('tier');
  return { tenMinutes: expectedCells(samples, 600_000), hours: expectedCells(samples, HOUR_MS) };
}
