// Injection, path traversal and oversized input thrown at every endpoint: the answer is a 4xx (or a 2xx
// that ignored the junk), never a 5xx, and the server and its data are intact afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorControl } from '../../server/sim/control';
import type { ActiveFault } from '../../shared/protocol/sim';
import type { UsersResponse } from '../../shared/protocol/auth';
import { ManualClock } from '../helpers/clock';
import { loginAs, type Session } from '../helpers/auth';
import { startServer, type RunningServer } from '../helpers/server';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);

/** What an attacker types: SQL, traversal, markup, control characters, encodings, numbers at the edge. */
const HOSTILE = [
  "' OR '1'='1",
  '1; DROP TABLE frames;--',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2f',
  '..\\..\\windows\\win.ini',
  '<script>alert(1)</script>',
  '%00',
  '\u202e\u0000\uffff',
  '%ff%fe%fd',
  '__proto__',
  'constructor',
  '-1',
  '1e309',
  'NaN',
  '9'.repeat(400),
  'x'.repeat(5000),
];

const HOSTILE_BODIES: unknown[] = [
  {},
  [],
  null,
  'string',
  12,
  JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": {"polluted": 1}}}') as unknown,
  { username: "admin' --", password: "' OR 1=1" },
  {
    spacecraftId: '../../etc',
    fault: 'wheel_overspeed',
    durationMs: Number.POSITIVE_INFINITY,
    comment: 'x'.repeat(10_000),
  },
  { by: { $ne: null }, comment: ['a'], durationMs: '60000' },
];
/** Deeply nested JSON, as text (the engine's own stringify would overflow on it). */
const DEEP_JSON = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);

/** Every endpoint, with `:x` for the path parameters that take input. */
const GET_ROUTES = [
  '/healthz',
  '/metrics',
  '/api/dictionary',
  '/api/fleet',
  '/api/me',
  '/api/spacecraft/:x',
  '/api/spacecraft/:x/history',
  '/api/spacecraft/:x/history.csv',
  '/api/frames.csv',
  '/api/stations',
  '/api/passes',
  '/api/alarms',
  '/api/events',
  '/api/utilization',
  '/api/sim/faults',
  '/api/admin/users',
  '/api/admin/stations',
  '/api/admin/kiosks',
  '/api/admin/audit',
  '/kiosk/:x',
  '/api/:x',
];
const WRITE_ROUTES: [string, string][] = [
  ['POST', '/api/login'],
  ['POST', '/api/alarms/:x/ack'],
  ['POST', '/api/alarms/:x/shelve'],
  ['POST', '/api/sim/faults'],
  ['DELETE', '/api/sim/faults/:x'],
  ['POST', '/api/admin/users'],
  ['PATCH', '/api/admin/users/:x'],
  ['DELETE', '/api/admin/users/:x'],
  ['POST', '/api/admin/stations/:x/token'],
  ['DELETE', '/api/admin/stations/:x/token'],
  ['POST', '/api/admin/kiosks'],
  ['DELETE', '/api/admin/kiosks/:x'],
];
const QUERY_KEYS = [
  'params',
  'from',
  'to',
  'maxPoints',
  'spacecraft',
  'station',
  'severity',
  'limit',
  'scope',
  'fault',
  'beforeId',
  'actor',
  'action',
];

function fakeSimulator(): SimulatorControl {
  const faults: ActiveFault[] = [];
  return {
    injectFault: (request) => {
      const fault = { ...request, sinceMs: T0 };
      faults.push(fault);
      return fault;
    },
    clearFaults: () => 0,
    listFaults: () => faults,
  };
}

const enc = (value: string) => (/%[0-9a-f]{2}/i.test(value) ? value : encodeURIComponent(value));

describe('hostile input on every endpoint', () => {
  let server: RunningServer;
  let admin: Session;
  const answers: { what: string; status: number }[] = [];
  beforeAll(async () => {
    server = await startServer({ clock: new ManualClock(T0), simulator: fakeSimulator() });
    admin = await loginAs(server, 'admin', 'KZ');
  });
  afterAll(() => server.stop());

  const record = async (what: string, res: Promise<Response>) => {
    const answer = await res;
    await answer.arrayBuffer();
    answers.push({ what, status: answer.status });
    return answer.status;
  };

  it('answers hostile path and query values with a 4xx, never a 5xx', { timeout: 120_000 }, async () => {
    for (const value of HOSTILE) {
      for (const route of GET_ROUTES) {
        const path = route.replace(':x', enc(value));
        const status = await record(`GET ${path}`, admin.fetch(path));
        if (route.includes(':x')) expect([path, status < 500 && status >= 400]).toEqual([path, true]);
        const query = QUERY_KEYS.map((k) => `${k}=${enc(value)}`).join('&');
        await record(`GET ${route}?…`, admin.fetch(`${route.replace(':x', 'kazeosat-1')}?${query}`));
      }
      for (const [method, route] of WRITE_ROUTES) {
        const path = route.replace(':x', enc(value));
        await record(
          `${method} ${path}`,
          admin.fetch(path, { method, body: JSON.stringify({ comment: value }) }),
        );
      }
    }
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    // The admin stayed signed in throughout, so every request reached its route's own validation.
    const unauthenticated = answers.filter((a) => a.status === 401 && !/\/kiosk\/|\/api\/login/.test(a.what));
    expect(unauthenticated).toEqual([]);
    expect(answers.length).toBeGreaterThan(HOSTILE.length * GET_ROUTES.length * 2);
  });

  it('answers hostile, malformed and oversized bodies with a 4xx', { timeout: 60_000 }, async () => {
    const raw = [
      DEEP_JSON,
      '['.repeat(5000),
      '{not json',
      '{"a":1',
      '\u0000',
      'x'.repeat(200_000),
      JSON.stringify({ comment: 'y'.repeat(150_000) }),
    ];
    for (const [method, route] of WRITE_ROUTES) {
      const path = route.replace(':x', 'kazeosat-1');
      for (const body of [...HOSTILE_BODIES.map((b) => JSON.stringify(b)), ...raw]) {
        const status = await record(
          `${method} ${path} ${body.slice(0, 40)}`,
          admin.fetch(path, { method, body }),
        );
        expect([path, body.slice(0, 40), status < 500]).toEqual([path, body.slice(0, 40), true]);
      }
    }
    expect(
      await record('oversized', admin.fetch('/api/login', { method: 'POST', body: 'x'.repeat(200_000) })),
    ).toBe(413);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
  });

  it('is intact afterwards: still serving, no user added or removed, no pollution', async () => {
    // Logging out with junk in the body ends that session, and only that one.
    const other = await loginAs(server, 'viewer', 'TR');
    expect(
      (
        await other.fetch('/api/logout', {
          method: 'POST',
          body: HOSTILE_BODIES.map((b) => JSON.stringify(b)).join(''),
        })
      ).status,
    ).toBeLessThan(500);
    expect((await admin.json('/healthz')).status).toBe(200);
    const users = await admin.json<UsersResponse>('/api/admin/users');
    expect(users.body.users.map((u) => u.username).sort()).toEqual(['admin-kz', 'viewer-tr']);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
