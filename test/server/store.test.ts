// The storage contract, tested through the Store interface alone: every archive implementation must pass.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store, FrameRecord, CommitBatch } from '../../server/archive/types';
import type { Alarm, TelemetryEvent } from '../../shared/protocol/api';
import { DICTIONARY } from '../../server/mission/shipped';
import { packetParameters } from '../../shared/dictionary/derived';
import { encodedRecord, type RecordSpec } from '../helpers/records';
import { STORE_FACTORIES, type StoreHandle } from '../helpers/stores';

const T0 = Date.UTC(2026, 4, 1);
/** The EPS packet's measured parameters and those derived from them: each has a latest value. */
const EPS_PARAMETERS = packetParameters(DICTIONARY.packets.find((p) => p.name === 'EPS_HK')!).length;

/** An EPS frame with battery voltage and state of charge (30 V, 80 % unless given). */
function frame(
  spec: Partial<RecordSpec> & { sequenceCount: number; voltage?: number; soc?: number },
): FrameRecord {
  const { voltage = 30, soc = 80, ...rest } = spec;
  return encodedRecord({
    timeMs: T0 + spec.sequenceCount * 1000,
    receivedMs: T0 + spec.sequenceCount * 1000 + 50,
    snrDb: 10,
    values: { 'eps.batt_voltage': voltage, 'eps.batt_soc': soc },
    ...rest,
  });
}

const batch = (parts: Partial<CommitBatch>): CommitBatch => ({
  frames: [],
  alarms: [],
  events: [],
  stations: [],
  downlink: [],
  ...parts,
});

function alarm(id: string, overrides: Partial<Alarm> = {}): Alarm {
  return {
    id,
    spacecraftId: 'kazeosat-1',
    parameterId: 'eps.batt_soc',
    kind: 'limit',
    level: 'red',
    active: true,
    openedAtMs: T0,
    clearedAtMs: null,
    lastValue: 30,
    worstValue: 30,
    playback: false,
    discoveredAtMs: T0,
    acknowledged: null,
    shelvedUntilMs: null,
    ...overrides,
  };
}

describe.each(STORE_FACTORIES)('store contract: $name', (factory) => {
  let handle: StoreHandle;
  let store: Store;

  beforeEach(async () => {
    handle = await factory.create();
    store = await handle.open();
  });

  afterEach(async () => {
    await store.close();
    await handle.dispose();
  });

  it('de-duplicates by spacecraft, APID, sequence count and packet time, within and across commits', async () => {
    const first = await store.commit(
      batch({
        frames: [
          frame({ sequenceCount: 1 }),
          frame({ sequenceCount: 1, stationId: 'ankara' }),
          frame({ sequenceCount: 1, apid: 0x020 }),
          frame({ sequenceCount: 1, spacecraftId: 'kazeosat-2' }),
          frame({ sequenceCount: 1, timeMs: T0 + 5 }),
        ],
      }),
    );
    expect(first).toEqual([true, false, true, true, true]);
    expect(await store.commit(batch({ frames: [frame({ sequenceCount: 1, stationId: 'baku' })] }))).toEqual([
      false,
    ]);
    const rows = await store.receptions({
      spacecraftId: 'kazeosat-1',
      stationId: 'ankara',
      fromMs: T0,
      toMs: T0 + 2000,
    });
    expect(rows).toEqual([
      {
        firstMs: T0 + 1000,
        lastMs: T0 + 1000,
        frames: 1,
        uniqueFrames: 0,
        snrSumDb: 10,
        snrCount: 1,
        bestSnrDb: 10,
      },
    ]);
  });

  it('stores each frame once when as many commits as it allows run at once with overlapping frames', async () => {
    // Each commit holds frames 0–199 heard by its own station, so every frame is in every commit.
    const stations = ['almaty', 'ankara', 'baku', 'tashkent'].slice(0, Math.max(2, store.commitConcurrency));
    const results = await Promise.all(
      stations.map((stationId) =>
        store.commit(
          batch({
            frames: Array.from({ length: 200 }, (_, i) =>
              frame({ sequenceCount: i, stationId, voltage: 28 + (i % 5) }),
            ),
            stations: [
              {
                stationId,
                framesReceived: 200,
                uniqueFrames: 0,
                duplicates: 0,
                lastFrameMs: T0,
                bestSnrDb: 10,
                rejects: {},
              },
            ],
          }),
        ),
      ),
    );
    for (let i = 0; i < 200; i++) expect(results.filter((unique) => unique[i]).length).toBe(1);
    const hourly = await store.history({
      spacecraftId: 'kazeosat-1',
      parameterId: 'eps.batt_voltage',
      fromMs: T0,
      toMs: T0 + 199_000,
      maxPoints: 1,
    });
    expect(hourly.points.reduce((n, p) => n + p.n, 0)).toBe(200);
    const counters = await store.stationCounters();
    expect(Object.fromEntries(counters.map((c) => [c.stationId, c.framesReceived]))).toEqual(
      Object.fromEntries(stations.map((stationId) => [stationId, 200])),
    );
  });

  it('archives samples of unique frames and answers history and latest values', async () => {
    await store.commit(
      batch({
        frames: [
          frame({ sequenceCount: 3, voltage: 31, soc: 70 }),
          frame({ sequenceCount: 1, voltage: 29, soc: 90, playback: true }),
          frame({ sequenceCount: 2, voltage: 30, soc: 80 }),
        ],
      }),
    );
    const series = await store.history({
      spacecraftId: 'kazeosat-1',
      parameterId: 'eps.batt_voltage',
      fromMs: T0,
      toMs: T0 + 10_000,
      maxPoints: 10,
    });
    expect(series).toEqual({
      parameterId: 'eps.batt_voltage',
      downsampled: false,
      points: [
        { t: T0 + 1000, v: 29, min: 29, max: 29, n: 1, playback: true },
        { t: T0 + 2000, v: 30, min: 30, max: 30, n: 1 },
        { t: T0 + 3000, v: 31, min: 31, max: 31, n: 1 },
      ],
    });
    const down = await store.history({
      spacecraftId: 'kazeosat-1',
      parameterId: 'eps.batt_soc',
      fromMs: T0,
      toMs: T0 + 10_000,
      maxPoints: 2,
    });
    expect(down.downsampled).toBe(true);
    expect(down.points.length).toBeLessThanOrEqual(2);
    expect(down.points.reduce((n, p) => n + p.n, 0)).toBe(3);
    expect(Math.max(...down.points.map((p) => p.max))).toBe(90);
    expect(Math.min(...down.points.map((p) => p.min))).toBe(70);
    const latest = await store.latestValues();
    expect(latest).toHaveLength(EPS_PARAMETERS);
    expect(latest).toContainEqual({
      spacecraftId: 'kazeosat-1',
      parameterId: 'eps.batt_soc',
      timeMs: T0 + 3000,
      value: 70,
    });
    expect(latest).toContainEqual({
      spacecraftId: 'kazeosat-1',
      parameterId: 'eps.batt_voltage',
      timeMs: T0 + 3000,
      value: 31,
    });
    expect(
      await store.history({ spacecraftId: 'nope', parameterId: 'x', fromMs: 0, toMs: 1, maxPoints: 1 }),
    ).toMatchObject({ points: [] });
  });

  it('returns raw frames by packet time and by receive time', async () => {
    const frames = [1, 2, 3].map((s) => frame({ sequenceCount: s }));
    await store.commit(batch({ frames }));
    const byTime = await store.frames({
      spacecraftId: 'kazeosat-1',
      fromMs: T0 + 2000,
      toMs: T0 + 3000,
      limit: 10,
    });
    expect(byTime.map((f) => [f.sequenceCount, [...f.bytes]])).toEqual([
      [2, [...frames[1]!.bytes]],
      [3, [...frames[2]!.bytes]],
    ]);
    expect(await store.frames({ fromMs: T0, toMs: T0 + 9000, limit: 1 })).toHaveLength(1);
    const since = await store.framesReceivedSince({
      spacecraftIds: ['kazeosat-1'],
      afterReceivedMs: T0 + 1050,
      limit: 10,
    });
    expect(since.map((f) => f.sequenceCount)).toEqual([2, 3]);
    expect(
      await store.framesReceivedSince({ spacecraftIds: ['kazeosat-2'], afterReceivedMs: 0, limit: 10 }),
    ).toEqual([]);
  });

  it('keeps alarms by id, lists open ones, and filters events', async () => {
    const events: TelemetryEvent[] = [
      {
        id: 'e1',
        spacecraftId: 'kazeosat-1',
        timeMs: T0,
        source: 'onboard',
        severity: 'critical',
        code: 'X',
        text: 'x',
      },
      {
        id: 'e2',
        spacecraftId: 'kazeosat-2',
        timeMs: T0 + 1,
        source: 'ground',
        severity: 'info',
        code: 'Y',
        text: 'y',
      },
    ];
    await store.commit(batch({ alarms: [alarm('a1'), alarm('a2', { openedAtMs: T0 + 1 })], events }));
    await store.commit(
      batch({
        alarms: [alarm('a1', { active: false, acknowledged: { by: 'x', atMs: T0 + 5, comment: '' } })],
        events: [events[0]!],
      }),
    );
    expect((await store.alarms({ openOnly: true, limit: 10 })).map((a) => a.id)).toEqual(['a2']);
    expect((await store.alarms({ limit: 10 })).map((a) => a.id)).toEqual(['a2', 'a1']);
    expect((await store.alarms({ limit: 10 }))[1]!.acknowledged).toEqual({
      by: 'x',
      atMs: T0 + 5,
      comment: '',
    });
    // By id, the closed one too; unknown ids are left out. By onset window, bounds inclusive.
    const byIds = await store.alarmsByIds(['a1', 'nope', 'a2']);
    expect(byIds.map((a) => `${a.id} ${a.active}`).sort()).toEqual(['a1 false', 'a2 true']);
    expect(await store.alarmsByIds([])).toEqual([]);
    const opened = (fromMs?: number, toMs?: number) =>
      store.alarms({ openedFromMs: fromMs, openedToMs: toMs, limit: 10 }).then((r) => r.map((a) => a.id));
    expect(await opened(T0 + 1)).toEqual(['a2']);
    expect(await opened(undefined, T0)).toEqual(['a1']);
    expect(await opened(T0, T0 + 1)).toEqual(['a2', 'a1']);
    expect(await opened(T0 + 2, T0 + 9)).toEqual([]);
    expect(await store.events({ fromMs: T0, toMs: T0 + 10, limit: 10 })).toEqual([events[1], events[0]]);
    expect(await store.events({ fromMs: T0, toMs: T0 + 10, severities: ['critical'], limit: 10 })).toEqual([
      events[0],
    ]);
    expect(await store.events({ fromMs: T0, toMs: T0 + 10, spacecraftId: 'kazeosat-2', limit: 10 })).toEqual([
      events[1],
    ]);
  });

  it('sums station counters and downlink credits', async () => {
    const delta = {
      stationId: 'baku',
      framesReceived: 3,
      uniqueFrames: 2,
      duplicates: 1,
      lastFrameMs: T0,
      bestSnrDb: 7,
    };
    await store.commit(batch({ stations: [{ ...delta, rejects: { crc_mismatch: 1 } }] }));
    await store.commit(
      batch({
        stations: [
          { ...delta, lastFrameMs: T0 + 9, bestSnrDb: 5, rejects: { crc_mismatch: 2, too_short: 1 } },
        ],
      }),
    );
    expect(await store.stationCounters()).toEqual([
      {
        stationId: 'baku',
        framesReceived: 6,
        uniqueFrames: 4,
        duplicates: 2,
        rejects: { crc_mismatch: 3, too_short: 1 },
        lastFrameMs: T0 + 9,
        bestSnrDb: 7,
      },
    ]);
    const credit = { spacecraftId: 'kazeosat-1', stationId: 'ankara', timeMs: T0, seconds: 1, bytes: 100 };
    await store.commit(
      batch({
        downlink: [credit, { ...credit, timeMs: T0 + 30_000 }, { ...credit, timeMs: T0 + 7_200_000 }],
      }),
    );
    expect(await store.downlinkTotals(T0, T0 + 3_600_000)).toEqual([
      { spacecraftId: 'kazeosat-1', stationId: 'ankara', seconds: 2, bytes: 200 },
    ]);
  });

  it('prunes old samples, frames and events but keeps open alarms', async () => {
    await store.commit(
      batch({
        frames: [frame({ sequenceCount: 1 }), frame({ sequenceCount: 100 })],
        alarms: [alarm('old', { openedAtMs: T0 })],
        events: [
          {
            id: 'e',
            spacecraftId: null,
            timeMs: T0,
            source: 'ground',
            severity: 'info',
            code: 'Z',
            text: '',
          },
        ],
      }),
    );
    await store.pruneBefore(T0 + 50_000);
    const points = await store.history({
      spacecraftId: 'kazeosat-1',
      parameterId: 'eps.batt_voltage',
      fromMs: T0,
      toMs: T0 + 200_000,
      maxPoints: 10,
    });
    expect(points.points.map((p) => p.t)).toEqual([T0 + 100_000]);
    expect(await store.frames({ fromMs: 0, toMs: T0 + 200_000, limit: 10 })).toHaveLength(1);
    expect(await store.events({ fromMs: 0, toMs: T0 + 200_000, limit: 10 })).toEqual([]);
    expect((await store.alarms({ openOnly: true, limit: 10 })).map((a) => a.id)).toEqual(['old']);
  });

  it('keeps everything across a close and reopen', async () => {
    await store.commit(batch({ frames: [frame({ sequenceCount: 1 })], alarms: [alarm('a')] }));
    await store.close();
    store = await handle.open();
    expect(await store.commit(batch({ frames: [frame({ sequenceCount: 1 })] }))).toEqual([false]);
    expect((await store.alarms({ openOnly: true, limit: 10 })).map((a) => a.id)).toEqual(['a']);
    expect(await store.latestValues()).toHaveLength(EPS_PARAMETERS);
  });
});
