// Each pass's TM link figures (GET /api/passes, reception.link): what the station's frames counted within
// that pass's AOS–LOS, by earth-receive time, not since the server started, and still there after a restart.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APID } from '../../shared/dictionary';
import type { PassesResponse, PassPrediction, StationsResponse } from '../../shared/protocol/api';
import type { PassPredictor } from '../../server/passes/schedule';
import { ManualClock } from '../helpers/clock';
import { getJson, startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, type StationSocket } from '../helpers/stations';
import { STORE_FACTORIES, type StoreHandle } from '../helpers/stores';
import { packetsToFrames, type ChannelSpec } from '../helpers/tmFrames';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const MINUTE = 60_000;
/** Two passes of kazeosat-1 over Astana (and the first over Ankara too), three hours apart. */
const PASS_A = { aosMs: T0, losMs: T0 + 10 * MINUTE };
const PASS_B = { aosMs: T0 + 180 * MINUTE, losMs: T0 + 190 * MINUTE };
const NOW = T0 + 240 * MINUTE;
const KAZEOSAT_1: ChannelSpec = { scid: 101, vcid: 0, frameBytes: 1115, ocf: 0x0100_0000 };

const predictor: PassPredictor = (spacecraft, station, fromMs, toMs) => {
  if (spacecraft.id !== 'kazeosat-1') return [];
  const windows = station.id === 'astana' ? [PASS_A, PASS_B] : station.id === 'ankara' ? [PASS_A] : [];
  return windows
    .filter((w) => w.aosMs <= toMs && w.losMs >= fromMs)
    .map((w): PassPrediction => ({
      spacecraftId: spacecraft.id,
      stationId: station.id,
      ...w,
      tcaMs: (w.aosMs + w.losMs) / 2,
      maxElevationDeg: 40,
      aosAzimuthDeg: 0,
      losAzimuthDeg: 180,
    }));
};

/** `count` housekeeping packets, sequence counts from `first`. */
function packets(count: number, first: number): Uint8Array[] {
  const apids = [APID.EPS, APID.ADCS, APID.COMMS, APID.OBC, APID.THERMAL];
  return Array.from({ length: count }, (_, i) => {
    const frame = buildFrame({ apid: apids[i % 5]!, sequenceCount: first + i, timeMs: T0 + i * 1000 });
    return frame.subarray(6, frame.length - 2);
  });
}

describe.each(STORE_FACTORIES)('per-pass TM link figures on $name', (factory) => {
  let handle: StoreHandle;
  let server: RunningServer;
  let socket: StationSocket | null = null;

  const start = async () => {
    server = await startServer({
      store: await handle.open(),
      clock: new ManualClock(NOW),
      predictPasses: predictor,
    });
    socket = await connectStation(server.url, 'astana', 'astana-secret');
  };
  const stop = async () => {
    socket?.close();
    socket = null;
    await server.stop();
  };
  /** Frames heard at `fromMs` on, ten milliseconds apart. */
  const send = (frames: Uint8Array[], fromMs: number) =>
    socket!.timeout(10_000).emitWithAck(
      'tmFrames',
      frames.map((bytes, i) => ({ bytes, snrDb: 9, ert: fromMs + i * 10 })),
    );
  const passes = async (station: string) =>
    (
      await getJson<PassesResponse>(
        `${server.url}/api/passes?spacecraft=kazeosat-1&station=${station}&from=${T0 - MINUTE}&to=${NOW}`,
      )
    ).body.passes.sort((a, b) => a.aosMs - b.aosMs);

  beforeEach(async () => {
    handle = await factory.create();
    await start();
  }, 30_000);

  afterEach(async () => {
    await stop();
    await handle.dispose();
  }, 30_000);

  it('counts lost frames, FECF failures, idle fill and the CLCW within each pass, and keeps them across a restart', async () => {
    // Pass A: one frame lost, one damaged. Pass B: the counter runs on from A, two frames lost.
    const first = packetsToFrames(KAZEOSAT_1, packets(150, 0));
    const damaged = first[2]!.slice();
    damaged[200]! ^= 0x10;
    await send([...first.filter((_, i) => i !== 1), damaged], PASS_A.aosMs + MINUTE);
    const second = packetsToFrames({ ...KAZEOSAT_1, firstVcCount: first.length }, packets(150, 1000));
    await send(
      second.filter((_, i) => i !== 2 && i !== 3),
      PASS_B.aosMs + MINUTE,
    );
    await server.app.tick();

    const expectFigures = async () => {
      const [a, b] = await passes('astana');
      expect(a!.reception!.link).toMatchObject({
        channels: [{ vcid: 0, counts: { lost_frames: 1, frames: first.length - 1 }, clcw: 'ok' }],
        fecfFailures: 1,
      });
      expect(a!.reception!.link!.channels[0]!.counts.idle_packets).toBe(1);
      expect(b!.reception!.link).toMatchObject({
        channels: [{ vcid: 0, counts: { lost_frames: 2, frames: second.length - 2 }, clcw: 'ok' }],
        fecfFailures: 0,
      });
      // Ankara heard nothing of pass A: no link figures, not Astana's.
      const [ankara] = await passes('ankara');
      expect(ankara!.reception!.link).toBeUndefined();
    };
    await expectFigures();
    // Since the server started, the station's channel holds both passes.
    const { body } = await getJson<StationsResponse>(`${server.url}/api/stations`);
    const astana = body.stations.find((s) => s.stationId === 'astana')!;
    expect(astana.link!.find((c) => c.vcid === 0)!.counts.lost_frames).toBe(3);

    await stop();
    await start();
    await expectFigures();
    const restarted = (await getJson<StationsResponse>(`${server.url}/api/stations`)).body;
    expect(restarted.stations.find((s) => s.stationId === 'astana')!.link).toBeUndefined();
  }, 60_000);

  it('writes what was counted since the last housekeeping tick when the server stops', async () => {
    const frames = packetsToFrames(KAZEOSAT_1, packets(300, 0));
    expect(frames.length).toBeGreaterThan(4);
    await send(
      frames.filter((_, i) => i !== 1),
      PASS_A.aosMs + MINUTE,
    );
    await stop();
    await start();
    const [a] = await passes('astana');
    expect(a!.reception!.link!.channels[0]!.counts).toMatchObject({
      lost_frames: 1,
      frames: frames.length - 1,
    });
  }, 60_000);
});
