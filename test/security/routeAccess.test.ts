// Every /api route is declared once with its access rule, and the rule judges the id the handler will use:
// no spelling of a denied spacecraft's id (padded, cased, encoded, repeated, bracketed) reaches its data, and
// lists are cut to `limit` only after the partner's filter.
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APID } from '../../shared/dictionary';
import { DICTIONARY } from '../../server/mission/shipped';
import type { AlarmsResponse, EventsResponse } from '../../shared/protocol/api';
import { ROLES } from '../../shared/protocol/auth';
import type { ActiveFault, FaultRequest } from '../../shared/protocol/sim';
import { isDeclaredHandler } from '../../server/api/route';
import { defaultAgreement } from '../../server/auth/agreement';
import { isRouteGuard, requirePermission } from '../../server/auth/http/guards';
import type { SimulatorControl } from '../../server/sim/control';
import { createMemoryAuth, loginAs, type Session } from '../helpers/auth';
import { ManualClock } from '../helpers/clock';
import { mountedRoutes, type MountedRoute } from '../helpers/routes';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendBatch } from '../helpers/stations';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const DENIED = 'kazeosat-1';
const OWN = 'gokturk-2';

/** The auth room's public session endpoints: signing in cannot need a session. */
const SESSION_ENDPOINTS = new Set(['post /api/login', 'post /api/logout', 'get /api/me']);

/** A simulator stand-in that remembers which spacecraft it was asked to touch. */
function recordingSimulator(touched: string[]): SimulatorControl {
  return {
    injectFault: (request: FaultRequest): ActiveFault => {
      touched.push(request.spacecraftId);
      return { ...request, sinceMs: T0 };
    },
    clearFaults: (spacecraftId) => {
      touched.push(spacecraftId);
      return 1;
    },
    listFaults: () => [{ spacecraftId: DENIED, fault: 'silent', sinceMs: T0 }],
  };
}

/** What the auth room's own admin router serves (users, audit, station tokens, kiosk links). */
const AUTH_ADMIN = /^\/api\/admin\/(users|audit|stations|kiosks)(\/|$)/;

/** Routes that neither come from the route table nor are the auth room's admin routes behind its guard. */
function undeclared(routes: MountedRoute[]): string[] {
  return routes
    .filter((r) => r.path.startsWith('/api'))
    .filter((r) => !SESSION_ENDPOINTS.has(`${r.method} ${r.path}`))
    .filter((r) => !(r.handlers.some(isDeclaredHandler) && isRouteGuard(r.handlers[0])))
    .filter((r) => !(AUTH_ADMIN.test(r.path) && isRouteGuard(r.handlers[0])))
    .map((r) => `${r.method} ${r.path}`);
}

/** Spellings of a spacecraft id for a query string (already encoded) and for a path segment. */
function queryVariants(id: string): string[] {
  const encoded = [...id].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
  return [
    `spacecraft=${id}`,
    `spacecraft=${id}%20`,
    `spacecraft=%20${id}`,
    `spacecraft=${id}%09`,
    `spacecraft=%09${id}`,
    `spacecraft=${id}+`,
    `spacecraft=${id.toUpperCase()}`,
    `spacecraft=${id[0]!.toUpperCase()}${id.slice(1)}`,
    `spacecraft=${encoded}`,
    `spacecraft=${encoded}%20`,
    `spacecraft=${id}&spacecraft=${OWN}`,
    `spacecraft=${OWN}&spacecraft=${id}`,
    `spacecraft=${id}&spacecraft=${id}`,
    `spacecraft[]=${id}`,
    `spacecraft[0]=${id}`,
    `spacecraft[]=${id}&spacecraft[]=${OWN}`,
  ];
}

function pathVariants(id: string): string[] {
  const encoded = [...id].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
  return [id, `${id}%20`, `%20${id}`, `${id}%09`, `%09${id}`, id.toUpperCase(), encoded, `${encoded}%20`];
}

function bodyVariants(id: string): unknown[] {
  return [id, `${id} `, ` ${id}`, `\t${id}`, `${id}\t`, id.toUpperCase(), [id], [id, OWN], { id }];
}

describe('REST routes under the constellation agreement', () => {
  let server: RunningServer;
  const touched: string[] = [];
  const sessions = new Map<string, Session>();

  beforeAll(async () => {
    server = await startServer({
      clock: new ManualClock(T0 + 60_000),
      auth: createMemoryAuth(defaultAgreement(DICTIONARY)),
      simulator: recordingSimulator(touched),
    });
    const station = await connectStation(server.url, 'astana', 'astana-secret');
    // The own spacecraft's events are older than the denied one's: a limit applied before the partner
    // filter would return only the newest (denied) ones and then drop them.
    const event = (spacecraftId: string, sequenceCount: number, timeMs: number) => ({
      bytes: buildFrame({
        spacecraftId,
        apid: APID.EVENT,
        sequenceCount,
        timeMs,
        values: { 'event.code': 11, 'event.severity': 2, 'event.arg': sequenceCount },
      }),
    });
    const alarming = (spacecraftId: string, sequenceCount: number, timeMs: number) => ({
      bytes: buildFrame({ spacecraftId, sequenceCount, timeMs, values: { 'eps.batt_voltage': 20 } }),
    });
    await sendBatch(station, [
      ...[1, 2, 3, 4].map((n) => event(OWN, n, T0 + n * 1000)),
      alarming(OWN, 1, T0),
      ...[1, 2, 3, 4].map((n) => event(DENIED, n, T0 + 10_000 + n * 1000)),
      alarming(DENIED, 1, T0 + 20_000),
      alarming('kazeosat-2', 1, T0 + 21_000),
    ]);
    station.close();
    await server.app.flush();
    for (const role of ROLES) sessions.set(role, await loginAs(server, role, 'TR'));
    // Four sign-ins (a password hash each) and an ingest: seconds on a busy machine, not a speed check.
  }, 60_000);

  afterAll(() => server.stop());

  it('declares every /api route in the route table or guards it in the auth room', () => {
    const routes = mountedRoutes(server.app.expressApp);
    expect(routes.filter((r) => r.path === '/api/frames.csv')).toHaveLength(1);
    // The notification routes are among the walked ones, each once, and declared.
    const notify = routes.filter((r) => /^\/api\/admin\/(channels|notify)/.test(r.path));
    expect(notify.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'delete /api/admin/channels/:id',
      'get /api/admin/channels',
      'get /api/admin/channels/deliveries',
      'get /api/admin/notify/routing/:partner',
      'patch /api/admin/channels/:id',
      'post /api/admin/channels',
      'put /api/admin/notify/routing/:partner',
    ]);
    expect(notify.every((r) => r.handlers.some(isDeclaredHandler))).toBe(true);
    expect(undeclared(routes)).toEqual([]);
  });

  it('finds a route mounted without a declaration, also one behind a guard under /api/admin', () => {
    const app = express();
    app.get('/api/undeclared', (_req, res) => res.json({}));
    app.put('/api/admin/channels/:id', requirePermission('admin:notify'), (_req, res) => res.json({}));
    expect(undeclared(mountedRoutes(app))).toEqual(['get /api/undeclared', 'put /api/admin/channels/:id']);
  });

  it('never answers with a denied spacecraft, however its id is spelled, for any role', async () => {
    const params = 'params=eps.batt_voltage';
    const gets = [
      ...queryVariants(DENIED).flatMap((q) => [
        `/api/frames.csv?${q}`,
        `/api/alarms?${q}`,
        `/api/alarms?scope=all&${q}`,
        `/api/events?${q}&from=${T0}&to=${T0 + 60_000}`,
        `/api/shiftlog?${q}`,
        `/api/annotations?${q}`,
        `/api/contacts?${q}`,
        `/api/contacts?${q}&format=csv`,
      ]),
      ...pathVariants(DENIED).flatMap((id) => [
        `/api/spacecraft/${id}`,
        `/api/spacecraft/${id}/history?${params}&from=${T0}&to=${T0 + 60_000}`,
        `/api/spacecraft/${id}/history.csv?${params}&from=${T0}&to=${T0 + 60_000}`,
        `/api/spacecraft/${id}/receptions?from=${T0}&to=${T0 + 60_000}`,
      ]),
    ];
    const answered: string[] = [];
    for (const [role, session] of sessions) {
      for (const route of gets) {
        const res = await session.fetch(route);
        if (![400, 403, 404].includes(res.status)) answered.push(`${role} GET ${route}: ${res.status}`);
        await res.arrayBuffer();
      }
      for (const id of pathVariants(DENIED)) {
        const res = await session.fetch(`/api/sim/faults/${id}`, { method: 'DELETE' });
        if (![400, 403, 404].includes(res.status))
          answered.push(`${role} DELETE faults/${id}: ${res.status}`);
      }
      for (const spacecraftId of bodyVariants(DENIED)) {
        const res = await session.fetch('/api/sim/faults', {
          method: 'POST',
          body: JSON.stringify({ spacecraftId, fault: 'silent' }),
        });
        if (![400, 403, 404].includes(res.status))
          answered.push(`${role} POST faults ${spacecraftId}: ${res.status}`);
      }
    }
    expect(answered).toEqual([]);
    expect(touched.filter((id) => id.toLowerCase().includes('kazeosat'))).toEqual([]);
    // About 600 requests: on a busy machine this takes longer than the default 5 s.
  }, 60_000);

  it('still serves the partner its own spacecraft by the same routes', async () => {
    const engineer = sessions.get('engineer')!;
    for (const route of [
      `/api/frames.csv?spacecraft=${OWN}%20&from=${T0}&to=${T0 + 60_000}`,
      `/api/spacecraft/${OWN}`,
      `/api/spacecraft/${OWN}/receptions?from=${T0}&to=${T0 + 60_000}`,
      `/api/events?spacecraft=${OWN}&from=${T0}&to=${T0 + 60_000}`,
    ]) {
      const res = await engineer.fetch(route);
      expect([route, res.status]).toEqual([route, 200]);
      expect(await res.text()).toContain(OWN);
    }
  });

  it('applies the partner filter before the limit', async () => {
    const window = `from=${T0}&to=${T0 + 60_000}`;
    for (const session of sessions.values()) {
      const events = await session.json<EventsResponse>(`/api/events?limit=3&${window}`);
      expect(events.body.events.map((e) => e.spacecraftId)).toEqual([OWN, OWN, OWN]);
      const alarms = await session.json<AlarmsResponse>('/api/alarms?limit=1');
      expect(alarms.body.alarms.map((a) => a.spacecraftId)).toEqual([OWN]);
      const archived = await session.json<AlarmsResponse>('/api/alarms?scope=all&limit=1');
      expect(archived.body.alarms.map((a) => a.spacecraftId)).toEqual([OWN]);
    }
  });
});
