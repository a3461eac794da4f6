import { beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import type { FrameRecord, Store } from '../../server/archive/types';
import { encodedRecord, valueOf } from '../helpers/records';

const T0 = Date.UTC(2026, 4, 1, 10);

function record(spec: { sequenceCount: number; timeMs: number; voltage?: number }): FrameRecord {
  return encodedRecord({
    sequenceCount: spec.sequenceCount,
    timeMs: spec.timeMs,
    values: { 'eps.batt_voltage': spec.voltage ?? 30, 'eps.batt_soc': 90 },
  });
}

const batch = (frames: FrameRecord[]) => ({ frames, alarms: [], events: [], stations: [], downlink: [] });

describe('archive writes many frames per statement', () => {
  let store: Store;

  beforeEach(() => {
    store = createSqliteStore({ file: ':memory:', synchronous: 'NORMAL' });
  });

  it('stores every frame of a batch larger than one statement, with rollups counting each once', async () => {
    const frames = Array.from({ length: 150 }, (_, i) =>
      record({ sequenceCount: i, timeMs: T0 + i * 1000, voltage: 30 + (i % 7) }),
    );
    expect(await store.commit(batch(frames))).toEqual(frames.map(() => true));
    const raw = await store.history({
      spacecraftId: 'kazeosat-1',
      parameterId: 'eps.batt_voltage',
      fromMs: T0,
      toMs: T0 + 149_000,
      maxPoints: 1000,
    });
    expect(raw.points.map((p) => p.v)).toEqual(frames.map((f) => valueOf(f, 'eps.batt_voltage')));
    const hourly = await store.history({
      spacecraftId: 'kazeosat-1',
      parameterId: 'eps.batt_voltage',
      fromMs: T0,
      toMs: T0 + 3 * 3_600_000 - 1,
      maxPoints: 3,
    });
    expect(hourly.points.reduce((sum, p) => sum + p.n, 0)).toBe(150);
    expect(Math.min(...hourly.points.map((p) => p.min))).toBe(30);
    expect(Math.max(...hourly.points.map((p) => p.max))).toBe(36);
  });

  it('a second packet at the same time under another sequence count is archived and rolled up too', async () => {
    // Same packet time and APID, another sequence count: another packet, so history and rollups both have it.
    const first = Array.from({ length: 70 }, (_, i) => record({ sequenceCount: i, timeMs: T0 + i * 1000 }));
    await store.commit(batch(first));
    const repeat = record({ sequenceCount: 500, timeMs: T0 + 5000, voltage: 33 });
    const fresh = record({ sequenceCount: 501, timeMs: T0 + 100_000, voltage: 31 });
    expect(await store.commit(batch([repeat, fresh]))).toEqual([true, true]);
    const query = { spacecraftId: 'kazeosat-1', parameterId: 'eps.batt_voltage', fromMs: T0 };
    const raw = await store.history({ ...query, toMs: T0 + 100_000, maxPoints: 1000 });
    expect(raw.points.filter((p) => p.t === T0 + 5000).map((p) => p.v)).toEqual([30, 33]);
    expect(raw.points.at(-1)).toMatchObject({ t: T0 + 100_000, v: 31 });
    const hourly = await store.history({ ...query, toMs: T0 + 2 * 3_600_000 - 1, maxPoints: 2 });
    expect(hourly.points.reduce((sum, p) => sum + p.n, 0)).toBe(72);
    expect(Math.max(...hourly.points.map((p) => p.max))).toBe(33);
  });
});
