// A partner station cannot quietly rewrite another partner's telemetry: when two stations deliver the same
// packet key with different bytes the archive keeps the first, and the conflict is recorded as an event naming
// both stations and counted for each of them (REST and /live); same bytes are an ordinary duplicate. And the
// agreement can limit a station to the spacecraft it may deliver.
import { afterEach, describe, expect, it } from 'vitest';
import type { EventsResponse, StationsResponse } from '../../shared/protocol/api';
import type { LiveAck, LiveUpdate } from '../../shared/protocol/live';
import { parseAgreement } from '../../server/auth/agreement';
import { ConflictDetector } from '../../server/ingest/conflicts';
import { DICTIONARY } from '../../server/mission/shipped';
import { connectLive, createMemoryAuth, openAgreement } from '../helpers/auth';
import { ManualClock } from '../helpers/clock';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendBatch, type StationSocket } from '../helpers/stations';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const KZ_CRAFT = 'kazeosat-1';

const frame = (voltage: number, sequenceCount = 7) =>
  buildFrame({ spacecraftId: KZ_CRAFT, sequenceCount, timeMs: T0, values: { 'eps.batt_voltage': voltage } });

/** A delivery of packet `seq` by a station whose bytes are `byte`: what the conflict memory keys and compares. */
const delivery = (seq: number, stationId: string, byte: number) => ({
  stationId,
  spacecraftId: KZ_CRAFT,
  apid: 1,
  sequenceCount: seq,
  timeMs: T0,
  playback: false,
  receivedMs: T0,
  ertMs: null,
  snrDb: null,
  bytes: Uint8Array.of(byte),
  parameterIds: [],
  values: [],
});

describe('conflicting deliveries and the stations an agreement allows', () => {
  let server: RunningServer | undefined;
  const stations: StationSocket[] = [];
  afterEach(async () => {
    for (const s of stations.splice(0)) s.close();
    await server?.stop();
    server = undefined;
  });
  const station = async (id: 'astana' | 'ankara' | 'baku') => {
    const socket = await connectStation(server!.url, id, `${id}-secret`);
    stations.push(socket);
    return socket;
  };
  const conflictsOf = async () => {
    const body = (await server!.session.json<StationsResponse>('/api/stations')).body;
    return Object.fromEntries(body.stations.map((s) => [s.stationId, s.rejects.conflict ?? 0]));
  };

  it('records different bytes for one packet key as an event naming both stations, counted for each', async () => {
    server = await startServer({ clock: new ManualClock(T0 + 60_000) });
    const live = await connectLive(server.url);
    const reply: LiveAck = await live.timeout(5000).emitWithAck('subscribe', { fleet: true, spacecraft: [] });
    expect('data' in reply).toBe(true);
    const updates: LiveUpdate[] = [];
    live.on('update', (u) => updates.push(u));

    const ankara = await station('ankara');
    const astana = await station('astana');
    // Ankara first, with a nominal battery; Astana then delivers the same packet as it heard it.
    expect(await sendBatch(ankara, [{ bytes: frame(28) }])).toEqual({
      results: [{ ok: true, status: 'stored' }],
    });
    expect(await sendBatch(astana, [{ bytes: frame(20) }])).toEqual({
      results: [{ ok: true, status: 'duplicate' }],
    });
    // The same bytes again from a third station: an ordinary duplicate, no conflict.
    expect(await sendBatch(await station('baku'), [{ bytes: frame(28) }])).toEqual({
      results: [{ ok: true, status: 'duplicate' }],
    });
    await server.app.flush();

    const events = (
      await server.session.json<EventsResponse>(
        `/api/events?spacecraft=${KZ_CRAFT}&from=${T0}&to=${T0 + 120_000}`,
      )
    ).body.events.filter((e) => e.code === 'FRAME_CONFLICT');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ spacecraftId: KZ_CRAFT, source: 'ground', severity: 'warning' });
    expect(events[0]!.text).toContain('ankara');
    expect(events[0]!.text).toContain('astana');
    expect(await conflictsOf()).toMatchObject({ ankara: 1, astana: 1, baku: 0 });
    while (!updates.some((u) => u.events?.some((e) => e.code === 'FRAME_CONFLICT'))) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    live.close();
  });

  it('forgets the oldest deliveries beyond its bound', () => {
    const detector = new ConflictDetector(2);
    for (const seq of [1, 2, 3]) expect(detector.observe(delivery(seq, 'ankara', 1), true)).toBeNull();
    expect(detector.observe(delivery(1, 'astana', 2), false)).toBeNull();
    expect(detector.observe(delivery(3, 'astana', 2), false)).toMatchObject({
      archivedStationId: 'ankara',
      conflictingStationId: 'astana',
      sequenceCount: 3,
    });
  });

  it('keeps a delivery remembered again among the newest', () => {
    const detector = new ConflictDetector(3);
    // 1 and 2, then 1 again (the archive lost it and took it anew), then 3 and 4: 2 is the oldest and goes.
    for (const seq of [1, 2, 1, 3, 4]) expect(detector.observe(delivery(seq, 'ankara', 1), true)).toBeNull();
    expect(detector.observe(delivery(2, 'astana', 2), false)).toBeNull();
    for (const seq of [1, 3, 4]) {
      expect(detector.observe(delivery(seq, 'astana', 2), false)).toMatchObject({ sequenceCount: seq });
    }
  });

  it('refuses frames of spacecraft the agreement does not let a station deliver', async () => {
    const agreement = parseAgreement({ ...openAgreement(), stations: { ankara: ['gokturk-2'] } }, DICTIONARY);
    server = await startServer({ clock: new ManualClock(T0 + 60_000), auth: createMemoryAuth(agreement) });
    const ankara = await station('ankara');
    const gokturk = buildFrame({ spacecraftId: 'gokturk-2', sequenceCount: 1, timeMs: T0 });
    expect(await sendBatch(ankara, [{ bytes: frame(28) }, { bytes: gokturk }])).toEqual({
      results: [
        { ok: false, error: 'not_permitted' },
        { ok: true, status: 'stored' },
      ],
    });
    // A station the agreement does not name delivers any spacecraft.
    expect(await sendBatch(await station('astana'), [{ bytes: frame(28) }])).toEqual({
      results: [{ ok: true, status: 'stored' }],
    });
    const body = (await server.session.json<StationsResponse>('/api/stations')).body;
    expect(body.stations.find((s) => s.stationId === 'ankara')!.rejects.not_permitted).toBe(1);
    expect(() => parseAgreement({ stations: { ankara: ['no-such-craft'] } }, DICTIONARY)).toThrow(
      'unknown spacecraft',
    );
    expect(() => parseAgreement({ stations: { nowhere: [] } }, DICTIONARY)).toThrow('unknown stations');
  });
});
