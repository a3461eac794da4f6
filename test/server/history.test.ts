import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryResponse } from '../../shared/protocol/api';
import { ManualClock } from '../helpers/clock';
import { getJson, startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendBatch } from '../helpers/stations';
import { STORE_FACTORIES, type StoreHandle } from '../helpers/stores';
import { authedFetch } from '../helpers/auth';

const DAY0 = Date.UTC(2026, 4, 1);
const HOUR = 3_600_000;

/** A day of battery voltage every 30 s, 1 Hz for ten minutes at noon, one spike up and one down. */
function dataset(): { t: number; v: number }[] {
  const samples: { t: number; v: number }[] = [];
  for (let t = DAY0; t < DAY0 + 24 * HOUR; t += 30_000) samples.push({ t, v: 30 + Math.sin(t / 3.7e6) });
  for (let t = DAY0 + 12 * HOUR + 1000; t < DAY0 + 12 * HOUR + 600_000; t += 1000) {
    if (t % 30_000 !== 0) samples.push({ t, v: 30 + Math.cos(t / 9e4) * 0.5 });
  }
  samples.find((s) => s.t === DAY0 + 12 * HOUR + 123_000)!.v = 33.5;
  samples.find((s) => s.t === DAY0 + 7 * HOUR + 30_000)!.v = 25.25;
  return samples.sort((a, b) => a.t - b.t);
}

describe.each(STORE_FACTORIES)('history on $name', (factory) => {
  let handle: StoreHandle;
  let server: RunningServer;
  const samples = dataset();

  beforeAll(async () => {
    handle = await factory.create();
    server = await startServer({ store: await handle.open(), clock: new ManualClock(DAY0 + 25 * HOUR) });
    const socket = await connectStation(server.url, 'astana', 'astana-secret');
    for (let i = 0; i < samples.length; i += 1000) {
      const batch = samples.slice(i, i + 1000).map((s, j) => ({
        bytes: buildFrame({
          sequenceCount: (i + j) & 0x3fff,
          timeMs: s.t,
          values: { 'eps.batt_voltage': s.v },
        }),
      }));
      const ack = await sendBatch(socket, batch);
      expect('results' in ack && ack.results.every((r) => r.ok && r.status === 'stored')).toBe(true);
    }
    socket.close();
  });

  afterAll(async () => {
    await server.stop();
    await handle.dispose();
  });

  const query = (from: number, to: number, maxPoints: number, params = 'eps.batt_voltage') =>
    getJson<HistoryResponse>(
      `${server.url}/api/spacecraft/kazeosat-1/history?params=${params}&from=${from}&to=${to}&maxPoints=${maxPoints}`,
    );

  const truth = (from: number, to: number) => {
    const inWindow = samples
      .filter((s) => s.t >= from && s.t <= to)
      .map((s) => Math.round(s.v * 1000) / 1000);
    return { min: Math.min(...inWindow), max: Math.max(...inWindow), count: inWindow.length };
  };

  it('returns raw samples when they fit', async () => {
    const from = DAY0 + 3 * HOUR;
    const { status, body } = await query(from, from + HOUR - 1, 500);
    expect(status).toBe(200);
    const series = body.series[0]!;
    expect(series.downsampled).toBe(false);
    expect(series.points).toHaveLength(120);
    expect(series.points.every((p) => p.n === 1 && p.min === p.v && p.max === p.v)).toBe(true);
  });

  it.each([
    ['raw buckets', DAY0 + 12 * HOUR, DAY0 + 12 * HOUR + 600_000, 50],
    ['minute rollups', DAY0, DAY0 + 24 * HOUR - 1, 200],
    ['hour rollups', DAY0, DAY0 + 24 * HOUR - 1, 12],
  ])(
    'downsamples from %s to at most maxPoints with the true min and max',
    async (_tier, from, to, maxPoints) => {
      const { body } = await query(from, to, maxPoints);
      const series = body.series[0]!;
      const expected = truth(from, to);
      expect(series.downsampled).toBe(true);
      expect(series.points.length).toBeLessThanOrEqual(maxPoints);
      expect(series.points.length).toBeGreaterThan(maxPoints / 2);
      expect(Math.max(...series.points.map((p) => p.max))).toBeCloseTo(expected.max, 6);
      expect(Math.min(...series.points.map((p) => p.min))).toBeCloseTo(expected.min, 6);
      expect(series.points.reduce((sum, p) => sum + p.n, 0)).toBe(expected.count);
      expect(series.bucketMs).toBe(Math.ceil((to - from + 1) / maxPoints));
    },
  );

  it('answers several parameters at once and empty series for parameters without data', async () => {
    const { body } = await query(DAY0, DAY0 + HOUR, 100, 'eps.batt_voltage,obc.temp');
    expect(body.series.map((s) => s.parameterId)).toEqual(['eps.batt_voltage', 'obc.temp']);
    expect(body.series[1]!.points).toEqual([]);
  });

  it('exports history as CSV', async () => {
    const res = await authedFetch(
      `${server.url}/api/spacecraft/kazeosat-1/history.csv?params=eps.batt_voltage&from=${DAY0}&to=${DAY0 + 10 * 60_000}`,
    );
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('time_iso,time_ms,parameter,value,min,max,count');
    expect(lines).toHaveLength(1 + 21);
    expect(lines[1]).toMatch(/^2026-05-01T00:00:00.000Z,\d+,eps.batt_voltage,/);
  });
});
