import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APID } from '../../shared/dictionary';
import { MAX_BATCH_FRAMES, type TmBatchAck, type TmFrameAck } from '../../shared/protocol/ingest';
import type { StationsResponse } from '../../shared/protocol/api';
import { authedFetch } from '../helpers/auth';
import { ManualClock } from '../helpers/clock';
import { getJson, startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, type StationSocket } from '../helpers/stations';
import { STORE_FACTORIES, type StoreHandle } from '../helpers/stores';
import { packetsToFrames, type ChannelSpec } from '../helpers/tmFrames';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const KAZEOSAT_1: ChannelSpec = { scid: 101, vcid: 0, frameBytes: 1115, ocf: 0x0100_0000 };
/** ortaq-1 as mission.yaml gives it: 892-octet frames, packet time CUC 4+3 from 1958 TAI. */
const ORTAQ_1: ChannelSpec = { scid: 301, vcid: 0, frameBytes: 892, ocf: 0x0100_0000 };
/** 1958-01-01 to 1970-01-01, and TAI − UTC in 2026 (IERS Bulletin C). */
const TAI_EPOCH_TO_UNIX_S = 4383 * 86_400;
const TAI_MINUS_UTC_S = 37;

/** A packet with 4+2 octets of Unix time rewritten with 4+3 octets of TAI since 1958, as ortaq-1 sends. */
function withTaiTime(packet: Uint8Array): Uint8Array {
  const view = new DataView(packet.buffer, packet.byteOffset, packet.length);
  const unixMs = view.getUint32(6) * 1000 + (view.getUint16(10) * 1000) / 65_536;
  const taiMs = unixMs + (TAI_EPOCH_TO_UNIX_S + TAI_MINUS_UTC_S) * 1000;
  const out = new Uint8Array(packet.length + 1);
  out.set(packet.subarray(0, 6), 0);
  const length = ((packet[4]! << 8) | packet[5]!) + 1;
  out[4] = length >> 8;
  out[5] = length & 0xff;
  const outView = new DataView(out.buffer);
  outView.setUint32(6, Math.floor(taiMs / 1000));
  const fine = Math.round(((taiMs % 1000) / 1000) * 2 ** 24);
  out[10] = fine >> 16;
  out[11] = (fine >> 8) & 0xff;
  out[12] = fine & 0xff;
  out.set(packet.subarray(12), 13);
  return out;
}

/** The space packet inside a one-packet frame: what a spacecraft puts in its TM frames. */
const packetOf = (frame: Uint8Array) => frame.subarray(6, frame.length - 2);

/** `count` housekeeping packets a second apart, the APIDs in turn. */
function housekeeping(count: number, firstSequence = 0): Uint8Array[] {
  const apids = [APID.EPS, APID.ADCS, APID.COMMS, APID.OBC, APID.THERMAL];
  return Array.from({ length: count }, (_, i) =>
    packetOf(
      buildFrame({ apid: apids[i % apids.length]!, sequenceCount: firstSequence + i, timeMs: T0 + i * 1000 }),
    ),
  );
}

function sendTm(socket: StationSocket, frames: Uint8Array[], snrDb = 10): Promise<TmBatchAck> {
  return socket.timeout(5000).emitWithAck(
    'tmFrames',
    frames.map((bytes, i) => ({ bytes, snrDb, ert: T0 + i })),
  );
}

const results = (ack: TmBatchAck): TmFrameAck[] => ('results' in ack ? ack.results : []);
const total = (acks: TmFrameAck[], key: 'packets' | 'duplicates' | 'rejectedPackets') =>
  acks.reduce((sum, a) => sum + (a.ok ? a[key] : 0), 0);

describe.each(STORE_FACTORIES)('TM transfer frame ingest on $name', (factory) => {
  let handle: StoreHandle;
  let server: RunningServer;
  const sockets: StationSocket[] = [];

  const station = async (id: string) => {
    const socket = await connectStation(server.url, id, `${id}-secret`);
    sockets.push(socket);
    return socket;
  };

  const archivedFrames = async () => {
    const url = `${server.url}/api/frames.csv?spacecraft=kazeosat-1&from=${T0 - 1}&to=${T0 + 600_000}&limit=10000`;
    return (await (await authedFetch(url)).text()).trim().split('\n').length - 1;
  };

  beforeEach(async () => {
    handle = await factory.create();
    server = await startServer({ store: await handle.open(), clock: new ManualClock(T0) });
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await server.stop();
    await handle.dispose();
  });

  it('stores every packet of fixed-length frames, each frame acked for the packets it completed', async () => {
    const packets = housekeeping(120);
    const frames = packetsToFrames(KAZEOSAT_1, packets);
    expect(frames.length).toBeGreaterThan(2);
    const acks = results(await sendTm(await station('astana'), frames));
    expect(acks).toHaveLength(frames.length);
    expect(acks.every((a) => a.ok && a.status === 'stored')).toBe(true);
    expect(total(acks, 'packets')).toBe(120);
    expect(await archivedFrames()).toBe(120);
  });

  it('stores a packet heard by two stations once; together they lose nothing either received whole', async () => {
    const packets = housekeeping(200, 500);
    const frames = packetsToFrames(KAZEOSAT_1, packets);
    const astana = await station('astana');
    const ankara = await station('ankara');
    const a = results(
      await sendTm(
        astana,
        frames.filter((_, i) => i !== 1),
        8,
      ),
    );
    const b = results(
      await sendTm(
        ankara,
        frames.filter((_, i) => i !== 3),
        11,
      ),
    );
    expect(total(a, 'packets') + total(b, 'packets')).toBe(200);
    expect(total(b, 'duplicates')).toBeGreaterThan(0);
    expect(await archivedFrames()).toBe(200);

    const { body } = await getJson<StationsResponse>(`${server.url}/api/stations`);
    const byId = Object.fromEntries(body.stations.map((s) => [s.stationId, s]));
    const astanaLink = byId.astana!.link!.find((c) => c.vcid === 0)!;
    expect(astanaLink).toMatchObject({ spacecraftId: 'kazeosat-1', clcw: 'ok' });
    expect(astanaLink.counts.lost_frames).toBe(1);
    expect(byId.ankara!.link![0]!.counts.lost_frames).toBe(1);
    expect(byId.baku!.link).toBeUndefined();
  });

  it('rejects bad TM frames with their code, counts them per station, and keeps the neighbours', async () => {
    const frames = packetsToFrames(KAZEOSAT_1, housekeeping(40));
    const badFecf = frames[0]!.slice();
    badFecf[100]! ^= 0x01;
    const socket = await station('astana');
    const acks = results(
      await socket
        .timeout(5000)
        .emitWithAck('tmFrames', [
          { bytes: badFecf },
          { bytes: frames[0]!.subarray(0, 1000) },
          { bytes: 'junk' as unknown as Uint8Array },
          { bytes: frames[1]! },
        ]),
    );
    expect(acks.slice(0, 3)).toEqual([
      { ok: false, error: 'bad_fecf' },
      { ok: false, error: 'wrong_frame_length' },
      { ok: false, error: 'bad_payload' },
    ]);
    expect(acks[3]).toMatchObject({ ok: true, status: 'stored' });
    const { body } = await getJson<StationsResponse>(`${server.url}/api/stations`);
    const astana = body.stations.find((s) => s.stationId === 'astana')!;
    expect(astana.rejects).toMatchObject({ bad_fecf: 1, wrong_frame_length: 1, bad_payload: 1 });
    const tooMany = Array.from({ length: MAX_BATCH_FRAMES + 1 }, () => ({ bytes: frames[0]! }));
    expect(await socket.timeout(5000).emitWithAck('tmFrames', tooMany)).toEqual({ error: 'bad_payload' });
    expect(await socket.timeout(5000).emitWithAck('tmFrames', 'nope' as never)).toEqual({
      error: 'bad_payload',
    });
  });

  it('reads each spacecraft with the link its mission gives it: length, channels and packet time code', async () => {
    const packets = housekeeping(30).map(withTaiTime);
    const frames = packetsToFrames(ORTAQ_1, packets);
    const socket = await station('astana');
    const acks = results(await sendTm(socket, frames));
    expect(total(acks, 'packets')).toBe(30);
    // The default 1115-octet layout is not ortaq-1's: refused, not misread.
    const foreign = packetsToFrames({ ...ORTAQ_1, frameBytes: 1115 }, packets.slice(0, 3));
    expect(results(await sendTm(socket, foreign))[0]).toEqual({ ok: false, error: 'wrong_frame_length' });
    const url = `${server.url}/api/frames.csv?spacecraft=ortaq-1&from=${T0 - 1}&to=${T0 + 600_000}&limit=100`;
    const rows = (await (await authedFetch(url)).text()).trim().split('\n').slice(1);
    const times = rows.map((row) => Number(row.split(',')[1])).sort((a, b) => a - b);
    expect(times).toEqual(Array.from({ length: 30 }, (_, i) => T0 + i * 1000));
  });

  it('acks a resent frame duplicate and counts it as a repeat, not as lost frames', async () => {
    const frames = packetsToFrames(KAZEOSAT_1, housekeeping(60));
    const socket = await station('astana');
    await sendTm(socket, frames);
    const again = results(await sendTm(socket, [frames[0]!]));
    expect(again).toEqual([
      { ok: true, status: 'duplicate', packets: 0, duplicates: expect.any(Number), rejectedPackets: 0 },
    ]);
    const { body } = await getJson<StationsResponse>(`${server.url}/api/stations`);
    const counts = body.stations.find((s) => s.stationId === 'astana')!.link![0]!.counts;
    expect(counts).toMatchObject({ repeated_frames: 1, lost_frames: 0 });
  });
});
