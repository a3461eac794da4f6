import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorControl } from '../../server/sim/control';
import type { ActiveFault } from '../../shared/protocol/sim';
import { ManualClock } from '../helpers/clock';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendFrame } from '../helpers/stations';
import { authedFetch } from '../helpers/auth';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const HISTORY = '/api/spacecraft/kazeosat-1/history';

async function call(url: string, method = 'GET', body?: string) {
  const res = await authedFetch(url, {
    method,
    body,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
  });
  const text = await res.text();
  return {
    status: res.status,
    body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
  };
}

/** A stand-in for the embedded simulator: it records faults, nothing more. */
function fakeSimulator(): SimulatorControl {
  let faults: ActiveFault[] = [];
  return {
    injectFault: (request) => {
      const fault = { ...request, sinceMs: T0 };
      faults.push(fault);
      return fault;
    },
    clearFaults: (spacecraftId, fault) => {
      const before = faults.length;
      faults = faults.filter(
        (f) => f.spacecraftId !== spacecraftId || (fault !== undefined && f.fault !== fault),
      );
      return before - faults.length;
    },
    listFaults: () => faults,
  };
}

describe('REST validation', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ clock: new ManualClock(T0) });
  });
  afterAll(() => server.stop());

  it.each([
    ['/api/spacecraft/nope', 404, 'unknown_spacecraft'],
    ['/api/spacecraft/nope/history?params=eps.batt_soc', 404, 'unknown_spacecraft'],
    [HISTORY, 400, 'bad_request'],
    [`${HISTORY}?params=`, 400, 'bad_request'],
    [`${HISTORY}?params=eps.nothing`, 400, 'unknown_parameter'],
    [`${HISTORY}?params=eps.batt_soc&from=yesterday`, 400, 'bad_request'],
    [`${HISTORY}?params=eps.batt_soc&from=2000&to=1000`, 400, 'bad_request'],
    [`${HISTORY}?params=eps.batt_soc&maxPoints=0`, 400, 'bad_request'],
    [`${HISTORY}?params=eps.batt_soc&maxPoints=1000000`, 400, 'bad_request'],
    [`${HISTORY}?params=eps.batt_soc&maxPoints=ten`, 400, 'bad_request'],
    [`${HISTORY}?params=eps.batt_soc&from=0&to=${T0}`, 400, 'bad_request'],
    [`${HISTORY}?params=${Array.from({ length: 33 }, (_, i) => `p${i}`).join(',')}`, 400, 'bad_request'],
    [`${HISTORY}.csv?params=eps.batt_soc&to=-5`, 400, 'bad_request'],
    ['/api/passes?from=soon', 400, 'bad_request'],
    [`/api/passes?from=${T0}&to=${T0 + 40 * 86_400_000}`, 400, 'bad_request'],
    ['/api/passes?spacecraft=nope', 404, 'unknown_spacecraft'],
    ['/api/passes?station=nowhere', 404, 'unknown_station'],
    ['/api/events?severity=fatal', 400, 'bad_request'],
    ['/api/events?limit=0', 400, 'bad_request'],
    ['/api/events?from=5&to=1', 400, 'bad_request'],
    ['/api/alarms?scope=some', 400, 'bad_request'],
    ['/api/alarms?limit=-1', 400, 'bad_request'],
    ['/api/utilization?from=10&to=5', 400, 'bad_request'],
    [`/api/utilization?from=0&to=${T0}`, 400, 'bad_request'],
    ['/api/frames.csv?limit=0', 400, 'bad_request'],
    ['/api/frames.csv?spacecraft=nope', 404, 'unknown_spacecraft'],
    ["/api/spacecraft/kazeosat-1'%20OR%201=1/history?params=eps.batt_soc", 404, 'unknown_spacecraft'],
    ['/api/nothing/here', 404, 'not_found'],
  ])('GET %s → %i %s', async (path, status, error) => {
    const res = await call(`${server.url}${path}`);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ error });
  });

  it.each([
    ['/api/alarms/nope/ack', '{}', 404, 'alarm_not_found'],
    ['/api/alarms/nope/ack', '{"comment": 5}', 400, 'bad_request'],
    ['/api/alarms/nope/ack', '{"by": ""}', 400, 'bad_request'],
    ['/api/alarms/nope/ack', '{not json', 400, 'bad_request'],
    ['/api/alarms/nope/shelve', '{}', 400, 'bad_request'],
    ['/api/alarms/nope/shelve', '{"durationMs": -1}', 400, 'bad_request'],
    ['/api/alarms/nope/shelve', '{"durationMs": 999999999999}', 400, 'bad_request'],
    ['/api/alarms/nope/shelve', '{"durationMs": 60000}', 404, 'alarm_not_found'],
    ['/api/sim/faults', '{"spacecraftId": "kazeosat-1", "fault": "silent"}', 404, 'simulator_off'],
  ])('POST %s %s → %i %s', async (path, body, status, error) => {
    const res = await call(`${server.url}${path}`, 'POST', body);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ error });
  });

  it('answers the simulator endpoints with simulator_off when there is no simulator', async () => {
    expect((await call(`${server.url}/api/sim/faults`)).body).toMatchObject({ error: 'simulator_off' });
    const res = await call(`${server.url}/api/sim/faults/kazeosat-1`, 'DELETE');
    expect(res).toMatchObject({ status: 404, body: { error: 'simulator_off' } });
  });

  it('accepts ISO 8601 times', async () => {
    const res = await call(
      `${server.url}${HISTORY}?params=eps.batt_soc&from=2026-05-01T11:00:00Z&to=2026-05-01T12:00:00Z`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: T0 - 3_600_000, to: T0 });
  });

  it('serves Prometheus metrics', async () => {
    const station = await connectStation(server.url, 'baku', 'baku-secret');
    await sendFrame(station, buildFrame({ sequenceCount: 1, timeMs: T0 }));
    await sendFrame(station, new Uint8Array(4));
    station.close();
    const res = await authedFetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^ortaq_frames_received_total 2$/m);
    expect(text).toMatch(/^ortaq_frames_stored_total 1$/m);
    expect(text).toMatch(/^ortaq_frames_rejected_total\{reason="too_short"\} 1$/m);
    expect(text).toMatch(/^# TYPE ortaq_live_clients gauge$/m);
  });
});

describe('simulator fault endpoints', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ clock: new ManualClock(T0), simulator: fakeSimulator() });
  });
  afterAll(() => server.stop());

  it('validates, injects, lists and clears faults', async () => {
    const bad = await call(
      `${server.url}/api/sim/faults`,
      'POST',
      '{"spacecraftId": "kazeosat-1", "fault": "meteor"}',
    );
    expect(bad).toMatchObject({ status: 400, body: { error: 'bad_request' } });
    const unknown = await call(
      `${server.url}/api/sim/faults`,
      'POST',
      '{"spacecraftId": "nope", "fault": "silent"}',
    );
    expect(unknown).toMatchObject({ status: 404, body: { error: 'unknown_spacecraft' } });
    const ok = await call(
      `${server.url}/api/sim/faults`,
      'POST',
      '{"spacecraftId": "kazeosat-1", "fault": "silent"}',
    );
    expect(ok).toEqual({ status: 201, body: { spacecraftId: 'kazeosat-1', fault: 'silent', sinceMs: T0 } });
    expect((await call(`${server.url}/api/sim/faults`)).body).toEqual({ faults: [ok.body] });
    expect((await call(`${server.url}/api/sim/faults/kazeosat-1?fault=meteor`, 'DELETE')).status).toBe(400);
    expect((await call(`${server.url}/api/sim/faults/kazeosat-1`, 'DELETE')).body).toEqual({ cleared: 1 });
  });
});
