// Derived parameters end to end, through the public API on both archives: frames of the shipped mission in
// (battery voltage and current, state of charge), battery power and depth of discharge out — as current
// values, alarms, raw and downsampled history, the dictionary, and again after a restart.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dictionary } from '../../shared/dictionary';
import type { AlarmsResponse, HistoryResponse, SpacecraftDetail } from '../../shared/protocol/api';
import { ManualClock } from '../helpers/clock';
import { getJson, startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendBatch } from '../helpers/stations';
import { STORE_FACTORIES, type StoreHandle } from '../helpers/stores';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const MINUTE = 60_000;

/** Voltage (V), current (A) and state of charge (%) of each EPS frame, one a minute. */
const EPS_FRAMES: [number, number, number][] = [
  [30, 2, 85], // 60 W, 15 %: nominal
  [31, 5, 80], // 155 W, 20 %
  [32, 9, 55], // 288 W: yellow high (270); 45 %
  [33, 10.5, 35], // 346.5 W: red high (340); 65 %
  [30, -3, 70], // −90 W, 30 %: nominal again
];

// Each test starts a server (twice for the restart) and sends frames one by one: more than the default 5 s
// on a loaded machine.
describe.each(STORE_FACTORIES)('derived parameters end to end on $name', { timeout: 30_000 }, (factory) => {
  let handle: StoreHandle;
  let server: RunningServer | null = null;
  const clock = new ManualClock(T0);

  beforeEach(async () => {
    clock.set(T0);
    handle = await factory.create();
  });

  afterEach(async () => {
    await server?.stop();
    server = null;
    await handle.dispose();
  });

  const start = async () => (server = await startServer({ store: await handle.open(), clock }));

  /** Sends EPS_FRAMES[from, to), each at its minute. */
  const sendEps = async (s: RunningServer, from = 0, to = EPS_FRAMES.length) => {
    const socket = await connectStation(s.url, 'astana', 'astana-secret');
    for (let i = from; i < to; i++) {
      const [voltage, current, soc] = EPS_FRAMES[i]!;
      clock.set(T0 + i * MINUTE + 500);
      const bytes = buildFrame({
        sequenceCount: i,
        timeMs: T0 + i * MINUTE,
        values: { 'eps.batt_voltage': voltage, 'eps.batt_current': current, 'eps.batt_soc': soc },
      });
      expect(await sendBatch(socket, [{ bytes }])).toEqual({ results: [{ ok: true, status: 'stored' }] });
    }
    socket.close();
  };

  const held = async (s: RunningServer, parameterId: string) =>
    (await getJson<SpacecraftDetail>(`${s.url}/api/spacecraft/kazeosat-1`)).body.parameters.find(
      (p) => p.parameterId === parameterId,
    );

  const history = async (s: RunningServer, maxPoints: number) =>
    (
      await getJson<HistoryResponse>(
        `${s.url}/api/spacecraft/kazeosat-1/history?params=eps.batt_power,eps.batt_dod&from=${T0}&to=${T0 + 2 * 3_600_000}&maxPoints=${maxPoints}`,
      )
    ).body.series;

  it('are computed at ingest, judged, alarmed, archived and charted like measured ones', async () => {
    const s = await start();
    await sendEps(s, 0, 3);
    expect(await held(s, 'eps.batt_power')).toMatchObject({
      timeMs: T0 + 2 * MINUTE,
      value: 288,
      limit: { level: 'yellow', side: 'high' },
    });
    // Depth of discharge has no limits of its own (the state of charge's alarm covers that condition).
    expect(await held(s, 'eps.batt_dod')).toMatchObject({ value: 45, limit: { level: 'nominal' } });

    await sendEps(s, 3);
    const alarms = (await getJson<AlarmsResponse>(`${s.url}/api/alarms`)).body.alarms;
    const power = alarms.find((a) => a.parameterId === 'eps.batt_power');
    // Yellow at 288 W, red at 346.5 W, then back inside the limits.
    expect(power).toMatchObject({
      kind: 'limit',
      level: 'red',
      side: 'high',
      worstValue: 346.5,
      active: false,
    });
    expect(alarms.find((a) => a.parameterId === 'eps.batt_dod')).toBeUndefined();
    expect(alarms.find((a) => a.parameterId === 'eps.batt_soc')).toMatchObject({ kind: 'limit' });

    const [raw, dod] = await history(s, 1000);
    expect(raw).toMatchObject({ parameterId: 'eps.batt_power', downsampled: false });
    expect(raw!.points.map((p) => [p.t - T0, p.v])).toEqual(
      [60, 155, 288, 346.5, -90].map((v, i) => [i * MINUTE, expect.closeTo(v, 9)]),
    );
    expect(dod!.points).toHaveLength(5);
  });

  it('give the same values from the rollups made at ingest, and after a restart from the archived frames', async () => {
    let s = await start();
    await sendEps(s);
    const raw = (await history(s, 1000))[0]!.points;
    const powers = EPS_FRAMES.map(([v, i]) => v * i);
    expect(raw.map((p) => p.v)).toEqual(powers.map((p) => expect.closeTo(p, 9)));
    // Two hours to 2 points: one-hour buckets, read from the hour rollups.
    const [bucket] = (await history(s, 2))[0]!.points;
    expect(bucket).toMatchObject({ n: 5, min: expect.closeTo(-90, 9), max: expect.closeTo(346.5, 9) });
    expect(bucket!.v).toBeCloseTo(powers.reduce((a, b) => a + b) / 5, 9);
    await s.stop();
    server = null;

    s = await start();
    expect(await held(s, 'eps.batt_power')).toMatchObject({
      timeMs: T0 + 4 * MINUTE,
      value: expect.closeTo(-90, 9),
      limit: { level: 'nominal' },
    });
    expect(await held(s, 'eps.batt_dod')).toMatchObject({ value: expect.closeTo(30, 9) });
  });

  it('are listed by GET /api/dictionary with their expression and where they are declared', async () => {
    const s = await start();
    const dictionary = (await getJson<Dictionary>(`${s.url}/api/dictionary`)).body;
    const eps = dictionary.packets.find((p) => p.name === 'EPS_HK')!;
    expect(eps.derived?.find((p) => p.id === 'eps.batt_dod')).toMatchObject({
      unit: '%',
      derived: { expression: 'clamp(100 - eps.batt_soc, 0, 100)', inputs: ['eps.batt_soc'] },
      source: { file: 'mission.yaml', qualifiedName: 'eps.batt_dod', line: expect.any(Number) },
    });
  });
});
