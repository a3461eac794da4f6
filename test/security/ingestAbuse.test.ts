// Hostile stations on /ingest: mutated frames through the real socket path, non-binary payloads, oversized
// messages and a station flooding past its rate, which must not cost another station its frames.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REJECT_CODES } from '../../shared/codec';
import { DICTIONARY } from '../../server/mission/shipped';
import type { BatchAck, FrameAck } from '../../shared/protocol/ingest';
import { exposeGc } from '../fuzz/frameFuzz';
import { MUTATORS } from '../fuzz/mutators';
import { createRng } from '../fuzz/rng';
import { buildSeedFrames } from '../fuzz/seeds';
import { ManualClock } from '../helpers/clock';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendBatch, sendFrame, type StationSocket } from '../helpers/stations';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const ACK_CODES = new Set<string>([...REJECT_CODES, 'rate_limited', 'bad_payload']);

describe('hostile stations', () => {
  let server: RunningServer;
  let sockets: StationSocket[];
  beforeEach(async () => {
    server = await startServer({ clock: new ManualClock(T0), rateLimit: { framesPerS: 5000, burst: 5000 } });
    sockets = [];
  });
  afterEach(async () => {
    for (const s of sockets) s.close();
    await server.stop();
  });

  const station = async (id: string) => {
    const socket = await connectStation(server.url, id, `${id}-secret`);
    sockets.push(socket);
    return socket;
  };

  /** Sends mutated frames in batches (within the rate) and checks every ack; returns the tally. */
  async function fuzzThroughSocket(socket: StationSocket, seed: number, batches: number) {
    const rng = createRng(seed);
    const seeds = buildSeedFrames(DICTIONARY, rng);
    const tally = new Map<string, number>();
    for (let b = 0; b < batches; b++) {
      const batch = Array.from({ length: 500 }, () => ({
        bytes: rng.pick(MUTATORS)(rng, rng.pick(seeds), rng.pick(seeds)),
      }));
      const ack = (await sendBatch(socket, batch)) as BatchAck;
      if (!('results' in ack)) throw new Error(`batch refused: ${ack.error}`);
      expect(ack.results).toHaveLength(batch.length);
      for (const r of ack.results) {
        const key = r.ok ? r.status : r.error;
        expect(r.ok || ACK_CODES.has(r.error), key).toBe(true);
        tally.set(key, (tally.get(key) ?? 0) + 1);
      }
      // Stay within the station's rate: the clock of the limiter is the wall clock.
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    return tally;
  }

  it(
    'answers every mutated frame through the socket with a status or a code, in flat memory',
    { timeout: 60_000 },
    async () => {
      const gc = exposeGc();
      const socket = await station('astana');
      await fuzzThroughSocket(socket, 1, 8); // warm up caches, statements and buffers
      await server.app.flush();
      gc();
      const before = process.memoryUsage().heapUsed;
      const tally = await fuzzThroughSocket(socket, 2, 24);
      await server.app.flush();
      gc();
      const growthMb = (process.memoryUsage().heapUsed - before) / 1e6;
      // Mutated copies of a few hundred seed frames: many of those that still decode are duplicates.
      expect((tally.get('stored') ?? 0) + (tally.get('duplicate') ?? 0)).toBeGreaterThan(2000);
      expect(tally.get('crc_mismatch')).toBeGreaterThan(100);
      expect(tally.get('rate_limited') ?? 0).toBe(0);
      // 12,000 frames later the server holds no more than its bounded caches (current values, ids).
      expect(growthMb).toBeLessThan(8);
      expect(await sendFrame(socket, buildFrame({ sequenceCount: 7, timeMs: T0 }))).toEqual({
        ok: true,
        status: 'stored',
      });
    },
  );

  it('refuses payloads that are not frames, without disturbing the frames around them', async () => {
    const socket = await station('astana');
    for (const junk of ['text', 42, null, { length: 30 }, [1, 2, 3]]) {
      const ack = await socket.timeout(5000).emitWithAck('frame', {}, junk as unknown as Uint8Array);
      expect(ack).toEqual({ ok: false, error: 'bad_payload' });
    }
    const bad = await socket.timeout(5000).emitWithAck('frames', 'not a batch' as never);
    expect(bad).toEqual({ error: 'bad_payload' });
    const mixed = await sendBatch(socket, [
      { bytes: buildFrame({ sequenceCount: 1, timeMs: T0 }) },
      { bytes: 'junk' as unknown as Uint8Array },
      { bytes: buildFrame({ sequenceCount: 2, timeMs: T0 + 1000 }) },
    ]);
    expect(mixed).toEqual({
      results: [
        { ok: true, status: 'stored' },
        { ok: false, error: 'bad_payload' },
        { ok: true, status: 'stored' },
      ],
    });
  });

  it('disconnects a station that sends an oversized message; others keep going', async () => {
    const big = await station('astana');
    const other = await station('ankara');
    const closed = new Promise((resolve) => big.once('disconnect', resolve));
    big.emit('frame', {}, new Uint8Array(3_000_000), () => undefined);
    await closed;
    expect(await sendFrame(other, buildFrame({ sequenceCount: 3, timeMs: T0 }))).toEqual({
      ok: true,
      status: 'stored',
    });
  });

  it(
    'rate-limits a flooding station while another station gets every frame stored',
    { timeout: 60_000 },
    async () => {
      const flooder = await station('astana');
      const steady = await station('ankara');
      const flood = Array.from({ length: 1000 }, (_, i) => ({
        bytes: buildFrame({ spacecraftId: 'imece', sequenceCount: i, timeMs: T0 + i * 10 }),
      }));
      // Twenty batches of a thousand at once: four times the burst.
      const flooding = Promise.all(Array.from({ length: 20 }, () => sendBatch(flooder, flood)));
      const steadyAcks: FrameAck[] = [];
      for (let i = 0; i < 50; i++) {
        steadyAcks.push(await sendFrame(steady, buildFrame({ sequenceCount: i, timeMs: T0 + i * 1000 })));
      }
      const floodAcks = (await flooding).flatMap((ack) => ('results' in ack ? ack.results : []));
      expect(steadyAcks.every((a) => a.ok && a.status === 'stored')).toBe(true);
      const limited = floodAcks.filter((a) => !a.ok && a.error === 'rate_limited').length;
      expect(limited).toBeGreaterThan(5_000);
      expect(floodAcks).toHaveLength(20_000);
    },
  );
});
