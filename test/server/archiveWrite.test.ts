import { beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../server/store/sqlite/store';
import type { FrameRecord, Store } from '../../server/store/types';

const T0 = Date.UTC(2026, 4, 1, 10);

function record(overrides: Partial<FrameRecord>): FrameRecord {
  return {
    stationId: 'astana',
    spacecraftId: 'kazeosat-1',
    apid: 0x010,
    sequenceCount: 1,
    timeMs: T0,
    playback: false,
    receivedMs: T0,
    ertMs: null,
    snrDb: null,
    bytes: new Uint8Array([1, 2, 3]),
    parameterIds: ['eps.batt_voltage', 'eps.batt_soc'],
    values: [30, 90],
    ...overrides,
  };
}

const batch = (frames: FrameRecord[]) => ({ frames, alarms: [], events: [], stations: [], downlink: [] });

describe('archive writes many samples per statement', () => {
  let store: Store;

  beforeEach(() => {
    store = createSqliteStore({ file: ':memory:', synchronous: 'NORMAL' });
  });

  it('stores every sample of a batch larger than one statement, with rollups counting each once', async () => {
    const frames = Array.from({ length: 150 }, (_, i) =>
      record({ sequenceCount: i, timeMs: T0 + i * 1000, values: [30 + (i % 7), 90] }),
    );
    expect(await store.commit(batch(frames))).toEqual(frames.map(() => true));
    const raw = await store.history({
      spacecraftId: 'kazeosat-1',
      parameterId: 'eps.batt_voltage',
      fromMs: T0,
      toMs: T0 + 149_000,
      maxPoints: 1000,
    });
    expect(raw.points.map((p) => p.v)).toEqual(frames.map((f) => f.values[0]));
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

  it('a new frame whose samples are already archived keeps the first values and rolls nothing up twice', async () => {
    // Same packet time and APID, another sequence count: a new frame, but the same sample keys.
    const first = Array.from({ length: 70 }, (_, i) => record({ sequenceCount: i, timeMs: T0 + i * 1000 }));
    await store.commit(batch(first));
    const clash = record({ sequenceCount: 500, timeMs: T0 + 5000, values: [99, 1] });
    const fresh = record({ sequenceCount: 501, timeMs: T0 + 100_000, values: [31, 91] });
    expect(await store.commit(batch([clash, fresh]))).toEqual([true, true]);
    const query = { spacecraftId: 'kazeosat-1', parameterId: 'eps.batt_voltage', fromMs: T0 };
    const raw = await store.history({ ...query, toMs: T0 + 100_000, maxPoints: 1000 });
    expect(raw.points.find((p) => p.t === T0 + 5000)?.v).toBe(30);
    expect(raw.points.at(-1)).toMatchObject({ t: T0 + 100_000, v: 31 });
    const hourly = await store.history({ ...query, toMs: T0 + 2 * 3_600_000 - 1, maxPoints: 2 });
    expect(hourly.points.reduce((sum, p) => sum + p.n, 0)).toBe(71);
    expect(Math.max(...hourly.points.map((p) => p.max))).toBe(31);
  });
});
