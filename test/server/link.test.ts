import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APID } from '../../shared/dictionary';
import type {
  AlarmsResponse,
  FleetResponse,
  PassesResponse,
  UtilizationResponse,
} from '../../shared/protocol/api';
import type { PassPredictor } from '../../server/passes/schedule';
import { ManualClock } from '../helpers/clock';
import { getJson, startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendBatch, type StationSocket } from '../helpers/stations';
import { STORE_FACTORIES, type StoreHandle } from '../helpers/stores';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const AOS = T0 - 60_000;
const LOS = T0 + 10 * 60_000;

/** One pass: kazeosat-1 over Astana from AOS to LOS; nothing else is ever in view. */
const predictor: PassPredictor = (spacecraft, station, fromMs, toMs) =>
  spacecraft.id === 'kazeosat-1' && station.id === 'astana' && fromMs <= LOS && toMs >= AOS
    ? [
        {
          spacecraftId: spacecraft.id,
          stationId: station.id,
          aosMs: AOS,
          tcaMs: (AOS + LOS) / 2,
          losMs: LOS,
          maxElevationDeg: 54,
          aosAzimuthDeg: 350,
          losAzimuthDeg: 170,
        },
      ]
    : [];

describe.each(STORE_FACTORIES)('link status, passes and utilization on $name', (factory) => {
  let handle: StoreHandle;
  let server: RunningServer;
  let clock: ManualClock;
  let socket: StationSocket;

  const entry = async (id = 'kazeosat-1') =>
    (await getJson<FleetResponse>(`${server.url}/api/fleet`)).body.fleet.find((f) => f.spacecraftId === id)!;
  const linkAlarm = async () =>
    (await getJson<AlarmsResponse>(`${server.url}/api/alarms`)).body.alarms.find((a) => a.kind === 'link');

  beforeEach(async () => {
    clock = new ManualClock(T0);
    handle = await factory.create();
    server = await startServer({
      store: await handle.open(),
      clock,
      predictPasses: predictor,
      thresholds: { staleMs: 30_000, lostMs: 120_000 },
    });
    socket = await connectStation(server.url, 'astana', 'astana-secret');
  });

  afterEach(async () => {
    socket.close();
    await server.stop();
    await handle.dispose();
  });

  it('is unknown until heard, silent in a pass, lost after it, and clears the link alarm only on frames', async () => {
    expect(await entry()).toMatchObject({ status: 'unknown', subsystems: {} });
    await sendBatch(socket, [{ bytes: buildFrame({ sequenceCount: 1, timeMs: T0 }), snrDb: 9 }]);
    expect(await entry()).toMatchObject({
      status: 'nominal',
      stationsInContact: ['astana'],
      stationsExpected: [],
      lastFrameMs: T0,
    });
    expect((await entry()).subsystems).not.toEqual({});
    const never = await entry('gokturk-2');
    expect(never).toMatchObject({ status: 'unknown', subsystems: {}, stationsInContact: [] });

    clock.advance(40_000);
    await server.app.tick();
    // A station should hear it and hears nothing: the loudest state, and "expected", not "in contact".
    expect(await entry()).toMatchObject({
      status: 'silent',
      stationsInContact: [],
      stationsExpected: ['astana'],
    });
    expect(await linkAlarm()).toMatchObject({
      spacecraftId: 'kazeosat-1',
      level: 'red',
      active: true,
      parameterId: null,
    });

    clock.advance(100_000);
    await server.app.tick();
    expect((await entry()).status).toBe('silent');

    // Out of view after a silent pass: still lost, and the link alarm stays until frames return.
    clock.set(LOS + 1000);
    await server.app.tick();
    expect((await entry()).status).toBe('lost');
    expect(await linkAlarm()).toMatchObject({ level: 'red', active: true });

    await sendBatch(socket, [{ bytes: buildFrame({ sequenceCount: 2, timeMs: LOS + 1000 }) }]);
    expect((await entry()).status).toBe('nominal');
    await server.app.tick();
    expect((await linkAlarm())!.active).toBe(false);
  });

  it('serves passes with how each station heard them, and the next contact', async () => {
    clock.set(AOS - 3600_000);
    expect((await entry()).nextContact).toEqual({ stationId: 'astana', aosMs: AOS, losMs: LOS });
    clock.set(T0 + 20_000);
    const batch = [0, 1, 2, 10].map((s) => ({
      bytes: buildFrame({ sequenceCount: s, timeMs: T0 + s * 1000 }),
      snrDb: 10 + s,
    }));
    await sendBatch(socket, batch);
    const { status, body } = await getJson<PassesResponse>(
      `${server.url}/api/passes?from=${T0 - 3600_000}&to=${T0 + 3600_000}&spacecraft=kazeosat-1`,
    );
    expect(status).toBe(200);
    expect(body.passes).toHaveLength(1);
    expect(body.passes[0]!.reception).toMatchObject({
      stationId: 'astana',
      frames: 4,
      uniqueFrames: 4,
      bestSnrDb: 20,
      meanSnrDb: 13.25,
    });
    // Gaps: AOS to the first frame, 2 s to 10 s, and the last frame to now.
    expect(body.passes[0]!.reception!.gaps).toEqual([
      { fromMs: AOS, toMs: T0 },
      { fromMs: T0 + 2000, toMs: T0 + 10_000 },
      { fromMs: T0 + 10_000, toMs: T0 + 20_000 },
    ]);
    const none = await getJson<PassesResponse>(
      `${server.url}/api/passes?from=${T0}&to=${T0 + 1}&station=baku`,
    );
    expect(none.body.passes).toEqual([]);
  });

  it('accounts contact minutes per partner and downlink bytes to the partner of the target station', async () => {
    const ankaraIndex = 3; // comms.downlink_station: 0 = none, then the stations in dictionary order.
    const comms = Array.from({ length: 11 }, (_, i) => ({
      bytes: buildFrame({
        apid: APID.COMMS,
        sequenceCount: i,
        timeMs: T0 + i * 1000,
        values: {
          'comms.tx_state': 1,
          'comms.downlink_rate': 8_000_000,
          'comms.downlink_station': ankaraIndex,
        },
      }),
    }));
    await sendBatch(socket, comms);
    const utilization = async () =>
      (
        await getJson<UtilizationResponse>(
          `${server.url}/api/utilization?from=${T0 - 3600_000}&to=${T0 + 3600_000}`,
        )
      ).body;
    // Five minutes into the pass, the five minutes to come are neither used nor missed: the window ends now.
    clock.set(T0 + 5 * 60_000);
    const midPass = await utilization();
    expect(midPass.to).toBe(T0 + 5 * 60_000);
    expect(midPass.partners.find((p) => p.partnerId === 'KZ')!.contactMinutes).toBeCloseTo(5, 6);
    clock.set(T0 + 3600_000);
    const body = await utilization();
    const kz = body.partners.find((p) => p.partnerId === 'KZ')!;
    const tr = body.partners.find((p) => p.partnerId === 'TR')!;
    // Contact time counts only from the first frame Ortaq received in the window (it was not recording before),
    // to LOS.
    expect(body.recordingFromMs).toBe(T0);
    expect(kz.contactMinutes).toBeCloseTo(10, 6);
    expect(tr.contactMinutes).toBe(0);
    expect(tr.bytesDelivered).toBe(10_000_000);
    expect(tr.downlinkMinutes).toBeCloseTo(10 / 60, 6);
    const sc = body.spacecraft.find((s) => s.spacecraftId === 'kazeosat-1')!;
    expect(sc.contactMinutes).toBeCloseTo(kz.contactMinutes, 6);
    expect(sc).toMatchObject({
      bytesDelivered: 10_000_000,
      bytesByPartner: { TR: 10_000_000 },
    });
  });
});
