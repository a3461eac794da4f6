import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../server/ingest/rateLimit';
import { computeUtilization, summarizeReception, unionMs } from '../../server/passes/utilization';
import { RECEPTION_GAP_MS } from '../../server/passes/receptionGaps';
import { indexDictionary } from '../../shared/dictionary';
import { DICTIONARY } from '../../server/mission/shipped';
import type { PassPrediction } from '../../shared/protocol/api';
import { RECEPTION_CELL_MS, ReceptionAccumulator } from '../../server/archive/receptionCells';
import { HOUR_MS, MINUTE_MS, planBuckets, RollupAccumulator } from '../../server/archive/rollup';

describe('rollups', () => {
  it('accumulates minute cells and derives 10-minute and hour cells from them', () => {
    const acc = new RollupAccumulator();
    acc.add(1, 2, 0, 5);
    acc.add(1, 2, 59_999, -1);
    acc.add(1, 2, 60_000, 7);
    acc.add(1, 3, 0, Number.NaN);
    expect([...acc.minutes()]).toEqual([
      { spacecraft: 1, parameter: 2, timeMs: 0, count: 2, sum: 4, min: -1, max: 5 },
      { spacecraft: 1, parameter: 2, timeMs: 60_000, count: 1, sum: 7, min: 7, max: 7 },
    ]);
    expect(acc.tenMinutes()).toEqual([
      { spacecraft: 1, parameter: 2, timeMs: 0, count: 3, sum: 11, min: -1, max: 7 },
    ]);
    expect(acc.hours()).toEqual([
      { spacecraft: 1, parameter: 2, timeMs: 0, count: 3, sum: 11, min: -1, max: 7 },
    ]);
  });

  it('plans buckets that never exceed maxPoints, from the coarsest fitting tier', () => {
    for (const [span, maxPoints] of [
      [599_999, 50],
      [86_400_000, 200],
      [30 * 86_400_000, 2000],
      [365 * 86_400_000, 1000],
      [1, 1],
    ] as const) {
      const plan = planBuckets(1000, 1000 + span, maxPoints);
      expect(Math.floor(span / plan.bucketMs)).toBeLessThan(maxPoints);
    }
    expect(planBuckets(0, 599_999, 50).tier).toBe('raw');
    expect(planBuckets(0, 86_400_000, 200).tier).toBe('minute');
    expect(planBuckets(0, 30 * 86_400_000, 2000).tier).toBe('tenMinute');
    expect(planBuckets(0, 365 * 86_400_000, 1000).tier).toBe('hour');
    expect(planBuckets(0, 3_600_000, 100).tier).toBe('raw');
    expect(MINUTE_MS * 60).toBe(HOUR_MS);
  });
});

describe('contact accounting', () => {
  it('counts overlapping intervals once and clips them to the window', () => {
    expect(
      unionMs(
        [
          [0, 10],
          [5, 20],
          [30, 40],
          [35, 38],
        ],
        2,
        100,
      ),
    ).toBe(18 + 10);
    expect(unionMs([[50, 60]], 0, 10)).toBe(0);
  });

  it('summarises a pass reception with its gaps, from receptions summed per second', () => {
    // Frames at 0 (SNR 10, a duplicate), 1000 (no SNR), 1700 (SNR 14) and 9000 (SNR 12).
    const cells = new ReceptionAccumulator();
    cells.add(1, 2, 0, 10, false);
    cells.add(1, 2, 1000, null, true);
    cells.add(1, 2, 1700, 14, true);
    cells.add(1, 2, 9000, 12, true);
    const rows = cells.sorted();
    expect(rows.map((r) => [r.timeMs, r.firstMs, r.lastMs, r.frames])).toEqual([
      [0, 0, 0, 1],
      [1000, 1000, 1700, 2],
      [9000, 9000, 9000, 1],
    ]);
    expect(summarizeReception('baku', rows, 0, 9500)).toEqual({
      stationId: 'baku',
      frames: 4,
      uniqueFrames: 3,
      meanSnrDb: 12,
      bestSnrDb: 14,
      gaps: [{ fromMs: 1700, toMs: 9000 }],
    });
    expect(summarizeReception('baku', [], 0, 60_000).gaps).toEqual([{ fromMs: 0, toMs: 60_000 }]);
  });

  it("calls a silence a gap past the pass's own cadence: housekeeping every 10 s has none, a lost minute one", () => {
    const cells = new ReceptionAccumulator();
    const heard = Array.from({ length: 60 }, (_, i) => i * 10_000).filter((t) => t < 200_000 || t >= 260_000);
    for (const t of heard) for (let apid = 0; apid < 4; apid++) cells.add(1, 2, t + apid * 5, 10, true);
    const { gaps, frames } = summarizeReception('baku', cells.sorted(), 0, 595_000);
    expect(frames).toBe(heard.length * 4);
    // 2.5 cadences of 10 s: the pauses between packets are not gaps, the 70 s without any is.
    expect(gaps).toEqual([{ fromMs: 190_015, toMs: 260_000 }]);
  });

  it('sums receptions in cells narrower than a gap, so no gap hides inside one', () => {
    expect(RECEPTION_CELL_MS).toBeLessThan(RECEPTION_GAP_MS);
  });
});

describe('TokenBucket', () => {
  it('allows a burst, then the average rate', () => {
    const bucket = new TokenBucket(10, 3);
    expect([0, 0, 0, 0].map(() => bucket.take(0))).toEqual([true, true, true, false]);
    expect(bucket.take(50)).toBe(false);
    expect(bucket.take(100)).toBe(true);
    expect(bucket.take(100)).toBe(false);
  });
});

describe('utilization coverage', () => {
  const index = indexDictionary(DICTIONARY);
  const MIN = 60_000;
  const pass = (aosMin: number, losMin: number): PassPrediction => ({
    spacecraftId: 'kazeosat-1',
    stationId: 'astana',
    aosMs: aosMin * MIN,
    tcaMs: ((aosMin + losMin) / 2) * MIN,
    losMs: losMin * MIN,
    maxElevationDeg: 40,
    aosAzimuthDeg: 0,
    losAzimuthDeg: 180,
  });
  const kz = (u: ReturnType<typeof computeUtilization>) => u.partners.find((p) => p.partnerId === 'KZ')!;

  it('counts contact time only from when Ortaq began recording, and says from when', () => {
    const passes = [pass(10, 20), pass(100, 110)];
    const all = computeUtilization(index, passes, [], 0, 200 * MIN, 0);
    expect(kz(all).contactMinutes).toBe(20);
    const late = computeUtilization(index, passes, [], 0, 200 * MIN, 105 * MIN);
    expect(kz(late).contactMinutes).toBe(5);
    expect(late.recordingFromMs).toBe(105 * MIN);
    const none = computeUtilization(index, passes, [], 0, 200 * MIN, null);
    expect(kz(none).contactMinutes).toBe(0);
    expect(none.recordingFromMs).toBeNull();
  });
});
