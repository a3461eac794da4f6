// The TM transfer frame path answers a station exactly as the one-packet path does: the agreement decides
// which spacecraft it may deliver (asked once per frame, before reassembly), and a packet key delivered
// with other bytes than the archived one is a conflict naming both stations. And a frame the archive could
// not take is read again, whole, when the station resends it.
import { afterEach, describe, expect, it } from 'vitest';
import { APID } from '../../shared/dictionary';
import type { EventsResponse, StationsResponse } from '../../shared/protocol/api';
import type { BatchAck, TmBatchAck } from '../../shared/protocol/ingest';
import { parseAgreement } from '../../server/auth/agreement';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import type { Store } from '../../server/archive/types';
import { DICTIONARY } from '../../server/mission/shipped';
import { createMemoryAuth, openAgreement } from '../helpers/auth';
import { ManualClock } from '../helpers/clock';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, type StationSocket } from '../helpers/stations';
import { packetsToFrames, type ChannelSpec } from '../helpers/tmFrames';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const KAZEOSAT_1: ChannelSpec = { scid: 101, vcid: 0, frameBytes: 1115, ocf: 0x0100_0000 };

const oneFrame = (voltage: number, spacecraftId = 'kazeosat-1', sequenceCount = 7) =>
  buildFrame({ spacecraftId, sequenceCount, timeMs: T0, values: { 'eps.batt_voltage': voltage } });
const packetOf = (frame: Uint8Array) => frame.subarray(6, frame.length - 2);

type Path = 'frames' | 'tmFrames';

/** One packet sent the one-packet way or inside a fixed-length TM frame; the outcome in one word. */
async function deliver(socket: StationSocket, path: Path, frame: Uint8Array, vcCount = 0): Promise<string> {
  if (path === 'frames') {
    const ack: BatchAck = await socket.timeout(5000).emitWithAck('frames', [{ bytes: frame, ert: T0 }]);
    const result = 'results' in ack ? ack.results[0]! : { ok: false as const, error: ack.error };
    return result.ok ? result.status : result.error;
  }
  const [tm] = packetsToFrames({ ...KAZEOSAT_1, firstVcCount: vcCount }, [packetOf(frame)]);
  const ack: TmBatchAck = await socket.timeout(5000).emitWithAck('tmFrames', [{ bytes: tm!, ert: T0 }]);
  const result = 'results' in ack ? ack.results[0]! : { ok: false as const, error: ack.error };
  return result.ok ? result.status : result.error;
}

describe.each<Path>(['frames', 'tmFrames'])('stations delivering through %s', (path) => {
  let server: RunningServer | undefined;
  const sockets: StationSocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await server?.stop();
    server = undefined;
  });
  const station = async (id: 'astana' | 'ankara' | 'baku') => {
    const socket = await connectStation(server!.url, id, `${id}-secret`);
    sockets.push(socket);
    return socket;
  };
  const stations = async () =>
    Object.fromEntries(
      (await server!.session.json<StationsResponse>('/api/stations')).body.stations.map((s) => [
        s.stationId,
        s,
      ]),
    );

  it('reports a packet key delivered with other bytes as a conflict naming both stations', async () => {
    server = await startServer({ clock: new ManualClock(T0 + 60_000) });
    expect(await deliver(await station('ankara'), path, oneFrame(28))).toBe('stored');
    expect(await deliver(await station('astana'), path, oneFrame(20))).toBe('duplicate');
    expect(await deliver(await station('baku'), path, oneFrame(28))).toBe('duplicate');
    await server.app.flush();
    const events = (
      await server.session.json<EventsResponse>(
        `/api/events?spacecraft=kazeosat-1&from=${T0}&to=${T0 + 120_000}`,
      )
    ).body.events.filter((e) => e.code === 'FRAME_CONFLICT');
    expect(events).toHaveLength(1);
    expect(events[0]!.text).toContain('ankara');
    expect(events[0]!.text).toContain('astana');
    const byId = await stations();
    expect([
      byId.ankara!.rejects.conflict,
      byId.astana!.rejects.conflict,
      byId.baku!.rejects.conflict,
    ]).toEqual([1, 1, undefined]);
  });

  it('refuses what the agreement does not let a station deliver, before reading it', async () => {
    const agreement = parseAgreement({ ...openAgreement(), stations: { ankara: ['gokturk-2'] } }, DICTIONARY);
    server = await startServer({ clock: new ManualClock(T0 + 60_000), auth: createMemoryAuth(agreement) });
    const ankara = await station('ankara');
    expect(await deliver(ankara, path, oneFrame(28))).toBe('not_permitted');
    expect(await deliver(await station('astana'), path, oneFrame(28))).toBe('stored');
    const byId = await stations();
    expect(byId.ankara!.rejects.not_permitted).toBe(1);
    // Nothing of the refused frame reached reassembly or the link counters.
    expect(byId.ankara!.link ?? []).toEqual([]);
  });
});

describe('a TM frame the archive could not take', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('is read again whole when resent: the packet spanning into it is stored, nothing counted twice', async () => {
    const store = createSqliteStore({ file: ':memory:' });
    let failing = false;
    const flaky: Store = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'commit') {
          return (batch: Parameters<Store['commit']>[0]) =>
            failing && batch.frames.length > 0
              ? Promise.reject(new Error('disk gone'))
              : target.commit(batch);
        }
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    server = await startServer({ clock: new ManualClock(T0 + 600_000), store: flaky });
    const socket = await connectStation(server.url, 'astana', 'astana-secret');
    const apids = [APID.EPS, APID.ADCS, APID.COMMS, APID.OBC, APID.THERMAL];
    const packets = Array.from({ length: 120 }, (_, i) =>
      packetOf(buildFrame({ apid: apids[i % apids.length]!, sequenceCount: i, timeMs: T0 + i * 1000 })),
    );
    const frames = packetsToFrames(KAZEOSAT_1, packets);
    // A packet starts in frame 0 and ends in frame 1 (its First Header Pointer is past the continuation).
    expect(((frames[1]![4]! & 0x7) << 8) | frames[1]![5]!).toBeGreaterThan(0);
    const send = async (batch: Uint8Array[]) => {
      const ack: TmBatchAck = await socket.timeout(5000).emitWithAck(
        'tmFrames',
        batch.map((bytes) => ({ bytes })),
      );
      return 'results' in ack ? ack.results : [];
    };
    expect((await send([frames[0]!]))[0]).toMatchObject({ ok: true, status: 'stored' });
    failing = true;
    expect(await send([frames[1]!, frames[2]!])).toEqual([
      { ok: false, error: 'unavailable' },
      { ok: false, error: 'unavailable' },
    ]);
    failing = false;
    const again = await send(frames.slice(1));
    expect(again.every((a) => a.ok && a.status === 'stored')).toBe(true);
    const { body } = await server.session.json<StationsResponse>('/api/stations');
    const counts = body.stations.find((s) => s.stationId === 'astana')!.link![0]!.counts;
    expect(counts).toMatchObject({
      frames: frames.length,
      lost_frames: 0,
      packets_lost_in_gap: 0,
      repeated_frames: 0,
    });
    const csv = await server.session.fetch(
      `/api/frames.csv?spacecraft=kazeosat-1&from=${T0 - 1}&to=${T0 + 600_000}&limit=1000`,
    );
    expect((await csv.text()).trim().split('\n').length - 1).toBe(120);
    socket.close();
  });
});
