// Receptions per packet: two stations deliver the same TM frames with different losses; the archive holds
// each packet once, with the reception of every station that received it whole (its ERT, SNR and the frame
// that completed it), written with the packet so an acked frame's receptions survive a restart. And the
// route that shows them, against hostile queries.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APID } from '../../shared/dictionary';
import type { TmBatchAck } from '../../shared/protocol/ingest';
import type { PacketReceptionsResponse } from '../../shared/protocol/receptions';
import { authedFetch } from '../helpers/auth';
import { ManualClock } from '../helpers/clock';
import { getJson, startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, type StationSocket } from '../helpers/stations';
import { STORE_FACTORIES, type StoreHandle } from '../helpers/stores';
import { dataFieldLength, packetsToFrames, type ChannelSpec } from '../helpers/tmFrames';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const CHANNEL: ChannelSpec = { scid: 101, vcid: 0, frameBytes: 1115, ocf: 0x0100_0000, firstVcCount: 40 };
const PACKETS = 240;
const ERT_STEP_MS = 10;

/** Housekeeping packets a second apart, the APIDs in turn, as the spacecraft puts them in its frames. */
function housekeeping(count: number): Uint8Array[] {
  const apids = [APID.EPS, APID.ADCS, APID.COMMS, APID.OBC, APID.THERMAL];
  return Array.from({ length: count }, (_, i) => {
    const frame = buildFrame({ apid: apids[i % apids.length]!, sequenceCount: i, timeMs: T0 + i * 1000 });
    return frame.subarray(6, frame.length - 2);
  });
}

/** For each packet, the frames (by index) that carry any octet of it, from the packing of packetsToFrames. */
function framesOfPackets(packets: readonly Uint8Array[]): number[][] {
  const length = dataFieldLength(CHANNEL);
  let at = 0;
  return packets.map((packet) => {
    const first = Math.floor(at / length);
    const last = Math.floor((at + packet.length - 1) / length);
    at += packet.length;
    return Array.from({ length: last - first + 1 }, (_, i) => first + i);
  });
}

const ertOf = (frameIndex: number, offsetMs: number) => T0 + 500_000 + frameIndex * ERT_STEP_MS + offsetMs;

function send(socket: StationSocket, frames: Uint8Array[], kept: number[], snrDb: number, offsetMs: number) {
  return socket.timeout(10_000).emitWithAck(
    'tmFrames',
    kept.map((i) => ({ bytes: frames[i]!, snrDb, ert: ertOf(i, offsetMs) })),
  ) as Promise<TmBatchAck>;
}

describe.each(STORE_FACTORIES)('receptions per packet on $name', (factory) => {
  let handle: StoreHandle;
  let server: RunningServer;
  const sockets: StationSocket[] = [];

  const start = async () => {
    server = await startServer({ store: await handle.open(), clock: new ManualClock(T0 + 600_000) });
  };
  const station = async (id: string) => {
    const socket = await connectStation(server.url, id, `${id}-secret`);
    sockets.push(socket);
    return socket;
  };
  const receptions = (query: string) =>
    getJson<PacketReceptionsResponse>(`${server.url}/api/spacecraft/kazeosat-1/receptions?${query}`);
  const window = `from=${T0}&to=${T0 + PACKETS * 1000}`;

  beforeEach(async () => {
    handle = await factory.create();
    await start();
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await server.stop();
    await handle.dispose();
  });

  it('stores a packet heard by two stations once, with the reception of each station that heard it whole', async () => {
    const packets = housekeeping(PACKETS);
    const frames = packetsToFrames(CHANNEL, packets);
    const spans = framesOfPackets(packets);
    // Spanning packets exist, and each station loses frames the other heard: one in the middle of a
    // packet, and for ankara two in a row.
    expect(spans.some((s) => s.length > 1)).toBe(true);
    const lost = { astana: new Set([1, 4]), ankara: new Set([2, 3, 6]) };
    const kept = (gone: Set<number>) => frames.map((_, i) => i).filter((i) => !gone.has(i));
    const heardWhole = (gone: Set<number>) => spans.map((s) => s.every((i) => !gone.has(i)));
    const astanaWhole = heardWhole(lost.astana);
    const ankaraWhole = heardWhole(lost.ankara);
    // The test means something only if each station misses packets the other received whole.
    expect(astanaWhole.some((whole, i) => whole && !ankaraWhole[i])).toBe(true);
    expect(ankaraWhole.some((whole, i) => whole && !astanaWhole[i])).toBe(true);

    const a = await send(await station('astana'), frames, kept(lost.astana), 8.5, 0);
    const b = await send(await station('ankara'), frames, kept(lost.ankara), 11.25, 3);
    for (const ack of [a, b]) expect('results' in ack && ack.results.every((r) => r.ok)).toBe(true);

    // A restart between the ack and the question: what was acked is durable, receptions included.
    for (const socket of sockets.splice(0)) socket.close();
    await server.stop();
    await start();

    const { status, body } = await receptions(`${window}&limit=5000`);
    expect(status).toBe(200);
    expect(body.truncated).toBe(false);
    const expected = packets.flatMap((_, i) => (astanaWhole[i] || ankaraWhole[i] ? [i] : []));
    expect(body.packets.map((p) => p.sequenceCount)).toEqual(expected);
    for (const packet of body.packets) {
      const i = packet.sequenceCount;
      expect(packet.timeMs).toBe(T0 + i * 1000);
      const completing = spans[i]!.at(-1)!;
      const want = [
        ...(astanaWhole[i] ? [{ stationId: 'astana', snrDb: 8.5, ertMs: ertOf(completing, 0) }] : []),
        ...(ankaraWhole[i] ? [{ stationId: 'ankara', snrDb: 11.25, ertMs: ertOf(completing, 3) }] : []),
      ].map((r) => ({ ...r, vcid: 0, frameCount: 40 + completing }));
      expect(
        packet.receptions.map(({ stationId, snrDb, ertMs, vcid, frameCount }) => ({
          stationId,
          snrDb,
          ertMs,
          vcid,
          frameCount,
        })),
      ).toEqual(want);
      // Exactly one copy is the archived one: the first station's.
      expect(packet.receptions.filter((r) => r.archived).map((r) => r.stationId)).toEqual([
        packet.receptions[0]!.stationId,
      ]);
    }
    // Every packet is one archived frame.
    const csv = await authedFetch(`${server.url}/api/frames.csv?spacecraft=kazeosat-1&${window}&limit=10000`);
    expect((await csv.text()).trim().split('\n').length - 1).toBe(expected.length);

    // One station's packets, still with who else heard them; one packet by its key; a short page.
    const ankaraOnly = (await receptions(`${window}&station=ankara&limit=5000`)).body;
    expect(ankaraOnly.packets.map((p) => p.sequenceCount)).toEqual(
      packets.flatMap((_, i) => (ankaraWhole[i] ? [i] : [])),
    );
    expect(ankaraOnly.packets.some((p) => p.receptions.length === 2)).toBe(true);
    const one = (await receptions(`${window}&apid=${APID.EPS}&seq=0`)).body;
    expect(one.packets.map((p) => [p.apid, p.sequenceCount])).toEqual([[APID.EPS, 0]]);
    const page = (await receptions(`${window}&limit=3`)).body;
    expect(page.packets).toHaveLength(3);
    expect(page.truncated).toBe(true);
    // Two batches, a restart and six queries: longer than the default 5 s on a busy machine.
  }, 60_000);

  it('keeps one reception per station when a station sends the same frames again', async () => {
    const frames = packetsToFrames(CHANNEL, housekeeping(30));
    const socket = await station('astana');
    const all = frames.map((_, i) => i);
    await send(socket, frames, all, 9, 0);
    await send(socket, frames, all, 4, 7);
    const { body } = await receptions(`${window}&limit=5000`);
    expect(body.packets).toHaveLength(30);
    expect(body.packets.every((p) => p.receptions.length === 1 && p.receptions[0]!.snrDb === 9)).toBe(true);
  }, 30_000);

  it('refuses hostile queries with a clear error and answers nothing about unknown names', async () => {
    const base = `${server.url}/api/spacecraft`;
    const cases: [string, number, string][] = [
      [`${base}/kazeosat-1/receptions?apid=-1`, 400, 'bad_request'],
      [`${base}/kazeosat-1/receptions?apid=2048`, 400, 'bad_request'],
      [`${base}/kazeosat-1/receptions?apid=1e3x`, 400, 'bad_request'],
      [`${base}/kazeosat-1/receptions?seq=16384`, 400, 'bad_request'],
      [`${base}/kazeosat-1/receptions?limit=0`, 400, 'bad_request'],
      [`${base}/kazeosat-1/receptions?limit=5001`, 400, 'bad_request'],
      [`${base}/kazeosat-1/receptions?from=${T0 + 1}&to=${T0}`, 400, 'bad_request'],
      [`${base}/kazeosat-1/receptions?from=0&to=${40 * 86_400_000}`, 400, 'bad_request'],
      [`${base}/kazeosat-1/receptions?from=yesterday`, 400, 'bad_request'],
      [`${base}/kazeosat-1/receptions?station=astana&station=ankara`, 400, 'bad_request'],
      [`${base}/kazeosat-1/receptions?station[]=astana`, 400, 'bad_request'],
      [`${base}/kazeosat-1/receptions?station=${'x'.repeat(65)}`, 400, 'bad_request'],
      [`${base}/kazeosat-1/receptions?station=nowhere`, 404, 'unknown_station'],
      [`${base}/no-such-craft/receptions`, 404, 'unknown_spacecraft'],
      [`${base}/%00/receptions`, 404, 'unknown_spacecraft'],
    ];
    const answers: [string, number, string][] = [];
    for (const [url, ,] of cases) {
      const res = await authedFetch(url);
      const body = (await res.json()) as { error?: string };
      answers.push([url, res.status, body.error ?? '']);
    }
    expect(answers).toEqual(cases);
    // A station known to the mission that delivered nothing: an empty answer, not an error.
    const { status, body } = await receptions(`${window}&station=baku`);
    expect([status, body.packets]).toEqual([200, []]);
  }, 30_000);
});
