import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APID } from '../../shared/dictionary';
import { MAX_BATCH_FRAMES, UNAUTHORIZED } from '../../shared/protocol/ingest';
import type { EventsResponse, SpacecraftDetail, StationsResponse } from '../../shared/protocol/api';
import { ManualClock } from '../helpers/clock';
import { getJson, startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendBatch, sendFrame, type StationSocket } from '../helpers/stations';
import { STORE_FACTORIES, type StoreHandle } from '../helpers/stores';
import { authedFetch } from '../helpers/auth';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);

describe.each(STORE_FACTORIES)('ingest on $name', (factory) => {
  let handle: StoreHandle;
  let server: RunningServer;
  let clock: ManualClock;
  const sockets: StationSocket[] = [];

  const station = async (id = 'astana', token = `${id}-secret`) => {
    const socket = await connectStation(server.url, id, token);
    sockets.push(socket);
    return socket;
  };

  beforeEach(async () => {
    clock = new ManualClock(T0);
    handle = await factory.create();
    server = await startServer({ store: await handle.open(), clock });
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await server.stop();
    await handle.dispose();
  });

  it('refuses unknown stations, wrong tokens and missing credentials with "unauthorized"', async () => {
    await expect(connectStation(server.url, 'nowhere', 'x')).rejects.toThrow(UNAUTHORIZED);
    await expect(connectStation(server.url, 'astana', 'ankara-secret')).rejects.toThrow(UNAUTHORIZED);
    await expect(connectStation(server.url, '', '')).rejects.toThrow(UNAUTHORIZED);
    await expect(station('astana')).resolves.toBeDefined();
  });

  it('acks stored, then duplicate for the same packet', async () => {
    const socket = await station();
    const bytes = buildFrame({ sequenceCount: 1, timeMs: T0 });
    expect(await sendFrame(socket, bytes, { snrDb: 12 })).toEqual({ ok: true, status: 'stored' });
    expect(await sendFrame(socket, bytes)).toEqual({ ok: true, status: 'duplicate' });
  });

  it('rejects every kind of bad frame with its code and counts it per station and reason', async () => {
    const socket = await station();
    const good = buildFrame({ sequenceCount: 2, timeMs: T0 });
    const corrupt = good.slice();
    corrupt[20] = corrupt[20]! ^ 0xff;
    const unknownScid = good.slice();
    unknownScid[0] = 0x3f;
    unknownScid[1] = 0xf0;
    const cases: [unknown, string][] = [
      [good.slice(0, 10), 'too_short'],
      [good.slice(0, good.length - 1), 'bad_length'],
      [corrupt, 'crc_mismatch'],
      ['not bytes', 'bad_payload'],
    ];
    for (const [bytes, error] of cases) {
      expect(await sendFrame(socket, bytes as Uint8Array)).toEqual({ ok: false, error });
    }
    expect(await sendFrame(socket, good, { snrDb: 1e9 })).toEqual({ ok: false, error: 'bad_payload' });
    const { body } = await getJson<StationsResponse>(`${server.url}/api/stations`);
    const astana = body.stations.find((s) => s.stationId === 'astana')!;
    expect(astana.rejects).toMatchObject({ too_short: 1, bad_length: 1, crc_mismatch: 1, bad_payload: 2 });
    expect(astana.connected).toBe(true);
  });

  it('answers a batch frame by frame, in order, bad frames not disturbing their neighbours', async () => {
    const socket = await station();
    const frames = [0, 1, 2, 3].map((i) => buildFrame({ sequenceCount: 10 + i, timeMs: T0 + i * 1000 }));
    const ack = await sendBatch(socket, [
      { bytes: frames[0]!, snrDb: 10 },
      { bytes: frames[1]!.slice(0, 12) },
      { bytes: frames[2]! },
      { bytes: frames[0]! },
      { bytes: 'junk' as unknown as Uint8Array },
      { bytes: frames[3]!, ert: T0 + 3100 },
    ]);
    expect(ack).toEqual({
      results: [
        { ok: true, status: 'stored' },
        { ok: false, error: 'too_short' },
        { ok: true, status: 'stored' },
        { ok: true, status: 'duplicate' },
        { ok: false, error: 'bad_payload' },
        { ok: true, status: 'stored' },
      ],
    });
    const tooMany = Array.from({ length: MAX_BATCH_FRAMES + 1 }, () => ({ bytes: frames[0]! }));
    expect(await sendBatch(socket, tooMany)).toEqual({ error: 'bad_payload' });
    expect(await sendBatch(socket, 'nope' as never)).toEqual({ error: 'bad_payload' });
  });

  it('stores a packet heard by two stations once and credits both', async () => {
    const astana = await station('astana');
    const ankara = await station('ankara');
    const frames = [0, 1, 2].map((i) => buildFrame({ sequenceCount: 100 + i, timeMs: T0 + i * 1000 }));
    const [a, b] = await Promise.all([
      sendBatch(
        astana,
        frames.map((bytes) => ({ bytes, snrDb: 8 })),
      ),
      sendBatch(
        ankara,
        frames.map((bytes) => ({ bytes, snrDb: 11 })),
      ),
    ]);
    const statuses = [a, b]
      .flatMap((ack) => ('results' in ack ? ack.results : []))
      .map((r) => (r.ok ? r.status : r.error));
    expect(statuses.filter((s) => s === 'stored')).toHaveLength(3);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(3);

    const { body } = await getJson<StationsResponse>(`${server.url}/api/stations`);
    const stats = Object.fromEntries(body.stations.map((s) => [s.stationId, s]));
    expect(stats.astana!.framesReceived + stats.ankara!.framesReceived).toBe(6);
    expect(stats.astana!.uniqueFrames + stats.ankara!.uniqueFrames).toBe(3);
    expect(stats.astana!.duplicates + stats.ankara!.duplicates).toBe(3);
    expect(stats.astana!.bestSnrDb).toBe(8);
    expect(stats.ankara!.bestSnrDb).toBe(11);
    expect(stats.baku!.framesReceived).toBe(0);

    const csv = await (
      await authedFetch(`${server.url}/api/frames.csv?spacecraft=kazeosat-1&from=${T0 - 1}&to=${T0 + 5000}`)
    ).text();
    expect(csv.trim().split('\n')).toHaveLength(1 + 3);
  });

  it('keeps current values from moving backwards and stores playback in its place in time', async () => {
    const socket = await station();
    const voltage = (v: number, seq: number, timeMs: number, playback = false) =>
      sendFrame(
        socket,
        buildFrame({ sequenceCount: seq, timeMs, playback, values: { 'eps.batt_voltage': v } }),
      );
    expect(await voltage(30.5, 1, T0 + 10_000)).toEqual({ ok: true, status: 'stored' });
    expect(await voltage(29.1, 2, T0 + 5_000, true)).toEqual({ ok: true, status: 'stored' });
    expect(await voltage(29.2, 3, T0 + 6_000)).toEqual({ ok: true, status: 'stored' });

    const detail = await getJson<SpacecraftDetail>(`${server.url}/api/spacecraft/kazeosat-1`);
    const current = detail.body.parameters.find((p) => p.parameterId === 'eps.batt_voltage')!;
    expect(current).toMatchObject({ timeMs: T0 + 10_000, value: 30.5 });
    expect(detail.body.summary.lastFrameMs).toBe(T0 + 10_000);

    const history = await getJson<{ series: { points: { t: number; v: number; playback?: boolean }[] }[] }>(
      `${server.url}/api/spacecraft/kazeosat-1/history?params=eps.batt_voltage&from=${T0}&to=${T0 + 20_000}`,
    );
    const points = history.body.series[0]!.points;
    expect(points.map((p) => p.t)).toEqual([T0 + 5_000, T0 + 6_000, T0 + 10_000]);
    expect(points[0]).toMatchObject({ v: 29.1, playback: true });
    expect(points[1]!.playback).toBeUndefined();
  });

  it('archives a packet stamped far ahead of ground time without letting it freeze the current values', async () => {
    const socket = await station();
    const voltage = (seq: number, timeMs: number, v: number) =>
      buildFrame({ sequenceCount: seq, timeMs, values: { 'eps.batt_voltage': v } });
    const future = T0 + 365 * 86_400_000;
    for (const [seq, timeMs, v] of [
      [1, T0 + 1_000, 30],
      [2, future, 10],
      [3, T0 + 2_000, 31],
    ] as const) {
      expect(await sendFrame(socket, voltage(seq, timeMs, v))).toEqual({ ok: true, status: 'stored' });
    }

    const detail = await getJson<SpacecraftDetail>(`${server.url}/api/spacecraft/kazeosat-1`);
    const current = detail.body.parameters.find((p) => p.parameterId === 'eps.batt_voltage')!;
    expect(current).toMatchObject({ timeMs: T0 + 2_000, value: 31 });
    expect(detail.body.summary.lastFrameMs).toBe(T0 + 2_000);
    const history = await getJson<{ series: { points: { t: number; v: number }[] }[] }>(
      `${server.url}/api/spacecraft/kazeosat-1/history?params=eps.batt_voltage&from=${future - 1000}&to=${future + 1000}`,
    );
    expect(history.body.series[0]!.points.map((p) => [p.t, p.v])).toEqual([[future, 10]]);
    const events = await getJson<EventsResponse>(
      `${server.url}/api/events?spacecraft=kazeosat-1&from=${T0 - 60_000}&to=${T0 + 60_000}`,
    );
    expect(events.body.events.filter((e) => e.code === 'CLOCK_AHEAD')).toHaveLength(1);
  });

  it('limits each station to its rate and says rate_limited', async () => {
    await server.stop();
    server = await startServer({ store: await handle.open(), clock, rateLimit: { framesPerS: 1, burst: 3 } });
    const socket = await station();
    const batch = [0, 1, 2, 3, 4].map((i) => ({
      bytes: buildFrame({ apid: APID.OBC, sequenceCount: i, timeMs: T0 + i }),
    }));
    const ack = await sendBatch(socket, batch);
    expect('results' in ack && ack.results.map((r) => (r.ok ? r.status : r.error))).toEqual([
      'stored',
      'stored',
      'stored',
      'rate_limited',
      'rate_limited',
    ]);
  });
});
