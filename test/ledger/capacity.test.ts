// Capacity used per spacecraft: imaging time over time in orbit from the payload's onboard imaging events,
// downlink time over contact time from the utilization's accounting. The arithmetic on a fixture whose
// answers are known, the pairing rules for lost events, the agreement's filter and hostile queries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelemetryEvent, UtilizationResponse } from '../../shared/protocol/api';
import { capacityShares, type CapacityResponse } from '../../shared/protocol/capacity';
import { defaultAgreement } from '../../server/auth/agreement';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import { computeCapacity, imagingTime, MAX_IMAGING_MS } from '../../server/passes/capacity';
import { CAPACITY_CSV_HEADER } from '../../server/api/capacity';
import { DICTIONARY } from '../../server/mission/shipped';
import { createMemoryAuth, loginAs, ManualClock, type Session } from '../helpers/auth';
import { encodedRecord } from '../helpers/records';
import { startServer, type RunningServer } from '../helpers/server';

const T0 = Date.UTC(2026, 10, 2);
const MIN = 60_000;
const HOUR = 60 * MIN;

function imaging(
  spacecraftId: string,
  code: 'IMAGING_START' | 'IMAGING_END',
  timeMs: number,
): TelemetryEvent {
  return {
    id: `${spacecraftId}-${code}-${timeMs}`,
    spacecraftId,
    timeMs,
    source: 'onboard',
    severity: 'info',
    code,
    detail: { kind: 'onboard', arg: 0 },
    text: code,
  };
}
const start = (t: number) => imaging('kazeosat-1', 'IMAGING_START', t);
const end = (t: number) => imaging('kazeosat-1', 'IMAGING_END', t);

describe('imaging time from onboard events', () => {
  const from = T0;
  const to = T0 + 6 * HOUR;

  it('sums each start to its end, whatever order the events were read in', () => {
    const events = [
      end(T0 + 14 * MIN),
      start(T0 + 10 * MIN),
      start(T0 + 2 * HOUR),
      end(T0 + 2 * HOUR + 6 * MIN),
    ];
    expect(imagingTime(events, from, to)).toEqual({ imagingMs: 10 * MIN, unpaired: 0 });
  });

  it('clips an imaging that straddles either end of the window, and counts one still running to the end', () => {
    expect(imagingTime([start(T0 - 5 * MIN), end(T0 + 3 * MIN)], from, to).imagingMs).toBe(3 * MIN);
    expect(imagingTime([start(to - 7 * MIN)], from, to)).toEqual({ imagingMs: 7 * MIN, unpaired: 0 });
  });

  it('counts nothing for events that lost their other half, and says how many', () => {
    // A start, its end lost, another start: the first bounds nothing.
    expect(imagingTime([start(T0 + MIN), start(T0 + 20 * MIN), end(T0 + 25 * MIN)], from, to)).toEqual({
      imagingMs: 5 * MIN,
      unpaired: 1,
    });
    // An end in the window whose start is lost.
    expect(imagingTime([end(T0 + HOUR)], from, to)).toEqual({ imagingMs: 0, unpaired: 1 });
    // A start whose end never came, longer ago than any imaging lasts.
    expect(imagingTime([start(T0 + HOUR)], from, to)).toEqual({ imagingMs: 0, unpaired: 1 });
    expect(imagingTime([start(T0), end(T0 + MAX_IMAGING_MS + 1)], from, to).unpaired).toBe(1);
    // Other events are not imaging.
    expect(imagingTime([{ ...start(T0), code: 'ADCS_MODE_CHANGE' }, end(T0 + MIN)], from, to).imagingMs).toBe(
      0,
    );
  });
});

describe('capacity rows', () => {
  it('divides by time in orbit since recording began and by contact time', () => {
    const utilization: UtilizationResponse = {
      from: T0,
      to: T0 + 10 * HOUR,
      recordingFromMs: T0 + 2 * HOUR,
      partners: [],
      spacecraft: [
        {
          spacecraftId: 'kazeosat-1',
          contactMinutes: 80,
          downlinkMinutes: 20,
          bytesDelivered: 0,
          bytesByPartner: {},
        },
      ],
    };
    const events = [
      start(T0 + HOUR + 50 * MIN),
      end(T0 + 2 * HOUR + 20 * MIN),
      start(T0 + 3 * HOUR),
      end(T0 + 3 * HOUR + 28 * MIN),
    ];
    const body = computeCapacity(utilization, [{ spacecraftId: 'kazeosat-1', events }]);
    const row = body.spacecraft[0]!;
    // 8 h in orbit while recording; the 10 min imaged before recording began are not counted, 20 + 28 are.
    expect(row).toEqual({
      spacecraftId: 'kazeosat-1',
      orbitMinutes: 480,
      imagingMinutes: 48,
      unpairedImagingEvents: 0,
      contactMinutes: 80,
      downlinkMinutes: 20,
    });
    expect(capacityShares(row)).toEqual({ imaging: 0.1, downlink: 0.25 });
    const unknown = computeCapacity(utilization, [{ spacecraftId: 'kazeosat-1', events: null }])
      .spacecraft[0]!;
    expect(unknown.imagingMinutes).toBeNull();
    expect(capacityShares(unknown).imaging).toBeNull();
    expect(capacityShares({ ...row, contactMinutes: 0 }).downlink).toBeNull();
  });
});

describe('GET /api/capacity', () => {
  let server: RunningServer;
  let tr: Session;
  const to = T0 + 6 * HOUR;

  beforeAll(async () => {
    const store = createSqliteStore({ file: ':memory:' });
    // Ortaq records from T0 + 1 h (its first frame), so each spacecraft is 300 minutes in orbit here.
    await store.commit({
      frames: [
        encodedRecord({ sequenceCount: 1, timeMs: T0 + HOUR, receivedMs: T0 + HOUR, stationId: 'astana' }),
      ],
      alarms: [],
      events: [
        start(T0 + 2 * HOUR),
        end(T0 + 2 * HOUR + 30 * MIN),
        imaging('gokturk-2', 'IMAGING_START', T0 + 3 * HOUR),
        imaging('gokturk-2', 'IMAGING_END', T0 + 3 * HOUR + 15 * MIN),
        // Before recording began: outside the figure.
        imaging('gokturk-2', 'IMAGING_START', T0 + 10 * MIN),
        imaging('gokturk-2', 'IMAGING_END', T0 + 20 * MIN),
      ],
      stations: [],
      downlink: [
        { spacecraftId: 'kazeosat-1', stationId: 'astana', timeMs: T0 + 2 * HOUR, seconds: 300, bytes: 1e6 },
        { spacecraftId: 'kazeosat-1', stationId: 'ankara', timeMs: T0 + 4 * HOUR, seconds: 180, bytes: 1e6 },
      ],
    });
    server = await startServer({
      store,
      clock: new ManualClock(to),
      auth: createMemoryAuth(defaultAgreement(DICTIONARY)),
    });
    tr = await loginAs(server, 'viewer', 'TR');
  });
  afterAll(() => server.stop());

  const query = `from=${T0}&to=${to}`;
  const KZ_SEES = ['kazeosat-1', 'kazeosat-2', 'ortaq-1'];

  it('answers imaging over orbit time and downlink over contact time, as the utilization counts them', async () => {
    // The admin here is of KZ, which sees the telemetry of its own spacecraft and of the joint Ortaq-1.
    const res = await server.session.json<CapacityResponse>(`/api/capacity?${query}`);
    expect(res.status).toBe(200);
    expect(res.body.recordingFromMs).toBe(T0 + HOUR);
    expect(res.body.spacecraft.map((r) => r.spacecraftId)).toEqual(KZ_SEES);
    const row = (id: string) => res.body.spacecraft.find((r) => r.spacecraftId === id)!;
    expect(row('kazeosat-1')).toMatchObject({ orbitMinutes: 300, imagingMinutes: 30, downlinkMinutes: 8 });
    expect(row('ortaq-1')).toMatchObject({ imagingMinutes: 0, unpairedImagingEvents: 0, downlinkMinutes: 0 });
    const utilization = await server.session.json<UtilizationResponse>(`/api/utilization?${query}`);
    expect(utilization.body.spacecraft.map((u) => u.spacecraftId)).toEqual(KZ_SEES);
    for (const use of utilization.body.spacecraft) {
      expect(row(use.spacecraftId).contactMinutes).toBe(use.contactMinutes);
    }
  });

  it('gives a partner the rows of the spacecraft whose telemetry it may see, in JSON and CSV', async () => {
    const res = await tr.json<CapacityResponse>(`/api/capacity?${query}`);
    expect(res.status).toBe(200);
    expect(res.body.spacecraft.map((r) => r.spacecraftId)).toEqual([
      'gokturk-2',
      'gokturk-1a',
      'imece',
      'ortaq-1',
    ]);
    expect(res.body.spacecraft[0]).toMatchObject({
      orbitMinutes: 300,
      imagingMinutes: 15,
      downlinkMinutes: 0,
    });
    const csv = await (await tr.fetch(`/api/capacity?${query}&format=csv`)).text();
    expect(csv).toMatch(/^gokturk-2,/m);
    expect(csv).not.toMatch(/kazeosat/);
  });

  it('exports the same figures as CSV, one row a spacecraft, shares in per cent', async () => {
    const res = await server.session.fetch(`/api/capacity?${query}&format=csv`);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe(CAPACITY_CSV_HEADER);
    expect(lines).toHaveLength(1 + KZ_SEES.length);
    const kazeosat = lines.find((l) => l.startsWith('kazeosat-1,'))!.split(',');
    const column = (name: string) => kazeosat[CAPACITY_CSV_HEADER.split(',').indexOf(name)];
    expect(column('orbit_min')).toBe('300');
    expect(column('imaging_min')).toBe('30');
    expect(column('imaging_percent')).toBe('10');
    expect(column('downlink_min')).toBe('8');
    expect(column('recording_from_utc')).toBe(new Date(T0 + HOUR).toISOString());
  });

  it.each([
    'from=10&to=5',
    `from=0&to=${100 * 86_400_000}`,
    'from=abc',
    'from=-1',
    'format=pdf',
    'format=csv&format=json',
    'from[]=1',
    `to=${'9'.repeat(400)}`,
  ])('answers 400 to %s', async (q) => {
    const res = await server.session.json<{ error: string }>(`/api/capacity?${q}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('bad_request');
  });

  it('answers 401 without a session', async () => {
    const res = await fetch(`${server.url}/api/capacity`);
    expect(res.status).toBe(401);
  });
});

describe('downlink over contact time of a pass that reached the ground late', () => {
  let server: RunningServer;
  const aos = T0 + 2 * HOUR;
  const los = aos + 10 * MIN;
  const to = T0 + 6 * HOUR;

  beforeAll(async () => {
    const store = createSqliteStore({ file: ':memory:' });
    // Every frame of the pass arrived two minutes after it was sent (a loaded station link, a fast
    // simulation): the first frame received is at AOS + 2 min, the downlink credited from AOS, as it was sent.
    const frames = Array.from({ length: 10 }, (_, i) =>
      encodedRecord({ sequenceCount: i, timeMs: aos + i * MIN, receivedMs: aos + 2 * MIN + i * MIN }),
    );
    await store.commit({
      frames,
      alarms: [],
      events: [],
      stations: [],
      downlink: Array.from({ length: 10 }, (_, i) => ({
        spacecraftId: 'kazeosat-1',
        stationId: 'astana',
        timeMs: aos + i * MIN + 30_000,
        seconds: 60,
        bytes: 1e6,
      })),
    });
    server = await startServer({
      store,
      clock: new ManualClock(to),
      auth: createMemoryAuth(defaultAgreement(DICTIONARY)),
      predictPasses: (spacecraft, station, fromMs, toMs) =>
        spacecraft.id === 'kazeosat-1' && station.id === 'astana' && fromMs <= los && toMs >= aos
          ? [
              {
                spacecraftId: spacecraft.id,
                stationId: station.id,
                aosMs: aos,
                tcaMs: aos + 5 * MIN,
                losMs: los,
                maxElevationDeg: 40,
                aosAzimuthDeg: 0,
                losAzimuthDeg: 180,
              },
            ]
          : [],
    });
  });
  afterAll(() => server.stop());

  it('counts the contact from where the downlink was sent, so the share stays within 100 %', async () => {
    const res = await server.session.json<CapacityResponse>(`/api/capacity?from=${T0}&to=${to}`);
    expect(res.status).toBe(200);
    // Ortaq holds the pass from its first packet, sent at AOS.
    expect(res.body.recordingFromMs).toBe(aos);
    const row = res.body.spacecraft.find((r) => r.spacecraftId === 'kazeosat-1')!;
    expect(row.contactMinutes).toBeCloseTo(10);
    expect(row.downlinkMinutes).toBeCloseTo(10);
    expect(capacityShares(row).downlink).toBeLessThanOrEqual(1);
  });
});
