// The 10-minute rollup tier: the planner picks it for month-long windows, and what the archives answer from
// it equals the same buckets computed here from the raw samples, on every archive.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryPoint } from '../../shared/protocol/api';
import { seededRandom } from '../../server/sim/physics/random';
import { planBuckets, TEN_MINUTES_MS } from '../../server/archive/rollup';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import type { FrameRecord, Store } from '../../server/archive/types';
import { writeSqliteV2 } from '../helpers/archiveV2';
import { encodedRecord, valueOf } from '../helpers/records';
import { STORE_FACTORIES, type StoreHandle } from '../helpers/stores';

const DAY0 = Date.UTC(2026, 4, 1);
const DAY_MS = 86_400_000;
const PARAMETER = 'eps.batt_voltage';
// 7 s does not divide 10 minutes, so cells hold different sample counts and straddle bucket edges.
const STEP_MS = 7_000;

interface Sample {
  t: number;
  v: number;
}

/** Two days of noisy voltage with rare spikes either way, from a fixed seed. */
function dataset(): Sample[] {
  const random = seededRandom(10);
  const samples: Sample[] = [];
  for (let t = DAY0; t < DAY0 + 2 * DAY_MS; t += STEP_MS) {
    const spike = random.next() < 0.002 ? (random.next() - 0.5) * 20 : 0;
    samples.push({ t, v: 30 + Math.sin(t / 5.7e6) * 1.5 + random.gaussian() * 0.05 + spike });
  }
  // As the frames carry them: millivolts.
  return samples.map((s, i) => ({ t: s.t, v: valueOf(frame(s, i), PARAMETER) }));
}

function frame(sample: Sample, i: number): FrameRecord {
  return encodedRecord({
    sequenceCount: i & 0x3fff,
    timeMs: sample.t,
    receivedMs: sample.t + 50,
    values: { [PARAMETER]: sample.v },
  });
}

/**
 * The buckets a 10-minute rollup yields, computed from raw samples: each sample counts in the bucket where
 * its 10-minute cell starts, and a cell that starts before `from` counts in the first bucket.
 */
function expectedBuckets(samples: Sample[], fromMs: number, toMs: number, bucketMs: number): HistoryPoint[] {
  const firstCell = Math.floor(fromMs / TEN_MINUTES_MS) * TEN_MINUTES_MS;
  const buckets = new Map<number, HistoryPoint>();
  for (const { t, v } of samples) {
    const cell = Math.floor(t / TEN_MINUTES_MS) * TEN_MINUTES_MS;
    if (cell < firstCell || cell > toMs) continue;
    const b = Math.max(0, Math.floor((cell - fromMs) / bucketMs));
    const point = buckets.get(b);
    if (point) {
      point.v += v;
      point.n++;
      point.min = Math.min(point.min, v);
      point.max = Math.max(point.max, v);
    } else {
      buckets.set(b, { t: fromMs + b * bucketMs, v, min: v, max: v, n: 1 });
    }
  }
  return [...buckets.values()].map((p) => ({ ...p, v: p.v / p.n }));
}

describe('history tier planner', () => {
  it('answers 30 days at 2,000 points from the 10-minute rollup, ~4,320 cells', () => {
    const plan = planBuckets(DAY0, DAY0 + 30 * DAY_MS - 1, 2000);
    expect(plan).toEqual({ bucketMs: 1_296_000, tier: 'tenMinute' });
    expect((30 * DAY_MS) / TEN_MINUTES_MS).toBe(4320);
  });

  it('takes the coarsest tier whose cells fit in a bucket', () => {
    expect(planBuckets(0, TEN_MINUTES_MS * 100 - 1, 100).tier).toBe('tenMinute');
    expect(planBuckets(0, TEN_MINUTES_MS * 100 - 1, 101).tier).toBe('minute');
    expect(planBuckets(0, 3_600_000 * 100 - 1, 100).tier).toBe('hour');
    expect(planBuckets(0, 3_600_000 * 100 - 1, 101).tier).toBe('tenMinute');
  });
});

describe.each(STORE_FACTORIES)('10-minute rollup on $name', (factory) => {
  let handle: StoreHandle;
  let store: Store;
  const samples = dataset();

  beforeAll(async () => {
    handle = await factory.create();
    store = await handle.open();
    for (let i = 0; i < samples.length; i += 5000) {
      const frames = samples.slice(i, i + 5000).map((s, j) => frame(s, i + j));
      await store.commit({ frames, alarms: [], events: [], stations: [], downlink: [] });
    }
  });

  afterAll(async () => {
    await store.close();
    await handle.dispose();
  });

  it.each([
    ['cell-aligned, 20-minute buckets', DAY0, DAY0 + 2 * DAY_MS - 1, 144],
    ['unaligned, buckets of 21.6 minutes and 1 ms', DAY0 + 427_123, DAY0 + 427_123 + 1.5 * DAY_MS, 100],
  ])('%s: equal to the buckets of the raw samples', async (_case, fromMs, toMs, maxPoints) => {
    const plan = planBuckets(fromMs, toMs, maxPoints);
    expect(plan.tier).toBe('tenMinute');
    const series = await store.history({
      spacecraftId: 'kazeosat-1',
      parameterId: PARAMETER,
      fromMs,
      toMs,
      maxPoints,
    });
    const expected = expectedBuckets(samples, fromMs, toMs, plan.bucketMs);
    expect(series.downsampled).toBe(true);
    expect(series.bucketMs).toBe(plan.bucketMs);
    expect(series.points.length).toBeLessThanOrEqual(maxPoints);
    expect(series.points.map(({ t, n, min, max }) => ({ t, n, min, max }))).toEqual(
      expected.map(({ t, n, min, max }) => ({ t, n, min, max })),
    );
    series.points.forEach((point, i) => expect(point.v).toBeCloseTo(expected[i]!.v, 9));
  });

  it('keeps the true min and max of a cell-aligned window', async () => {
    const series = await store.history({
      spacecraftId: 'kazeosat-1',
      parameterId: PARAMETER,
      fromMs: DAY0,
      toMs: DAY0 + 2 * DAY_MS - 1,
      maxPoints: 100,
    });
    const values = samples.map((s) => s.v);
    expect(Math.min(...series.points.map((p) => p.min))).toBe(Math.min(...values));
    expect(Math.max(...series.points.map((p) => p.max))).toBe(Math.max(...values));
    expect(series.points.reduce((sum, p) => sum + p.n, 0)).toBe(samples.length);
  });
});

describe('10-minute rollup on a SQLite archive written before it existed', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-rollup10-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // Writes and migrates a whole old archive: ~3 s alone, more beside other suites on two cores.
  it('is filled from the minute rollup when the archive is opened', { timeout: 30_000 }, async () => {
    const file = path.join(dir, 'ortaq.sqlite');
    const samples = dataset();
    // A version 1 archive: the version 2 tables without the 10-minute cells.
    writeSqliteV2(file, samples.map(frame));
    const db = new Database(file);
    db.exec('DELETE FROM rollup_10min');
    db.pragma('user_version = 1');
    db.close();

    const reopened = createSqliteStore({ file, synchronous: 'NORMAL' });
    const fromMs = DAY0;
    const toMs = DAY0 + 2 * DAY_MS - 1;
    const series = await reopened.history({
      spacecraftId: 'kazeosat-1',
      parameterId: PARAMETER,
      fromMs,
      toMs,
      maxPoints: 144,
    });
    await reopened.close();
    const expected = expectedBuckets(samples, fromMs, toMs, 1_200_000);
    expect(series.points.map(({ t, n, min, max }) => ({ t, n, min, max }))).toEqual(
      expected.map(({ t, n, min, max }) => ({ t, n, min, max })),
    );
  });
});

describe('10-minute and hour cells of a SQLite archive, rebuilt from its minute cells', () => {
  let dir: string;
  let file: string;
  const samples = dataset();
  const query = (store: Store, maxPoints: number) =>
    store.history({
      spacecraftId: 'kazeosat-1',
      parameterId: PARAMETER,
      fromMs: DAY0,
      toMs: DAY0 + 2 * DAY_MS - 1,
      maxPoints,
    });
  const counts = (points: HistoryPoint[]) => points.map(({ t, n, min, max }) => ({ t, n, min, max }));
  const rowCount = (table: string) => {
    const db = new Database(file, { readonly: true });
    try {
      return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-coarse-'));
    file = path.join(dir, 'ortaq.sqlite');
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rebuilds after a restart the cells of commits made before it, exactly once', async () => {
    const store = createSqliteStore({ file, synchronous: 'NORMAL' });
    for (let i = 0; i < samples.length; i += 5000) {
      const frames = samples.slice(i, i + 5000).map((s, j) => frame(s, i + j));
      await store.commit({ frames, alarms: [], events: [], stations: [], downlink: [] });
    }
    // Closing rebuilds nothing, as a crash after the last commit would not: the marks are in the file.
    await store.close();
    expect(rowCount('rollup_pending')).toBeGreaterThan(0);
    expect(rowCount('rollup_10min')).toBe(0);

    const reopened = createSqliteStore({ file, synchronous: 'NORMAL' });
    const tenMinutes = await query(reopened, 144);
    const hours = await query(reopened, 48);
    await reopened.close();
    expect(counts(tenMinutes.points)).toEqual(
      counts(expectedBuckets(samples, DAY0, DAY0 + 2 * DAY_MS - 1, 1_200_000)),
    );
    expect(planBuckets(DAY0, DAY0 + 2 * DAY_MS - 1, 48).tier).toBe('hour');
    expect(hours.points.reduce((sum, p) => sum + p.n, 0)).toBe(samples.length);
    expect(rowCount('rollup_pending')).toBe(0);
    expect(hours.points).toHaveLength(48);
  }, 20_000);

  it('takes samples that arrive late into cells already rebuilt', async () => {
    const store = createSqliteStore({ file, synchronous: 'NORMAL' });
    const early = samples.filter((_, i) => i % 2 === 0);
    const late = samples.filter((_, i) => i % 2 === 1);
    const commitAll = async (part: Sample[], offset: number) =>
      store.commit({
        frames: part.map((s, i) => frame(s, offset + i)),
        alarms: [],
        events: [],
        stations: [],
        downlink: [],
      });
    await commitAll(early, 0);
    const before = await query(store, 144);
    expect(before.points.reduce((sum, p) => sum + p.n, 0)).toBe(early.length);
    // Odd sequence counts: the late frames are other packets, not duplicates of the early ones.
    await commitAll(late, early.length);
    const after = await query(store, 144);
    const hours = await query(store, 48);
    await store.close();
    expect(counts(after.points)).toEqual(
      counts(expectedBuckets(samples, DAY0, DAY0 + 2 * DAY_MS - 1, 1_200_000)),
    );
    expect(hours.points.reduce((sum, p) => sum + p.n, 0)).toBe(samples.length);
  }, 20_000);
});
