// The role and agreement rules of every REST route of the server core, mounted in front of its handlers:
// each guard either answers 401/403 or passes the request on. Reads that list several spacecraft are
// filtered on their way out; actions and exports are audited once they succeeded.
import type { Express, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import {
  alarmAckSchema,
  alarmShelveSchema,
  type AlarmsResponse,
  type EventsResponse,
  type FleetResponse,
  type PassesResponse,
  type UtilizationResponse,
} from '../../../shared/protocol/api';
import { RECENT_HISTORY_MS, type AuditAction, type VisibilityLevel } from '../../../shared/protocol/auth';
import type { Clock } from '../../../shared/clock';
import type { FaultsResponse } from '../../../shared/protocol/sim';
import { can, denied, forbidden, requirePermission, requireVisibility, sessionOf } from '../http/guards';
import type { Auth } from '../index';
import { payloadFilter, type PayloadFilter } from './filters';

export interface RestAccessOptions {
  clock: Clock;
  /** The spacecraft an alarm belongs to, or undefined for an unknown alarm (the handler answers 404). */
  alarmSpacecraft(alarmId: string): string | undefined;
}

/** Rewrites the JSON body of a successful answer. */
function filterJson<T>(transform: (body: T, filter: PayloadFilter) => T, auth: Auth): RequestHandler {
  return (_req, res, next) => {
    const filter = payloadFilter(auth.policy, sessionOf(res).principal);
    const json = res.json.bind(res);
    res.json = (body: T) => json(res.statusCode < 400 && body ? transform(body, filter) : body);
    next();
  };
}

/** Records an audit entry when the answer is a success. */
function auditOnSuccess(
  auth: Auth,
  action: AuditAction,
  target: (req: Request) => string | null,
): RequestHandler {
  return (req, res, next) => {
    const actor = sessionOf(res).principal.name;
    res.on('finish', () => {
      if (res.statusCode >= 300) return;
      auth.audit
        .record(actor, action, target(req), req.originalUrl.slice(0, 300))
        .catch((error: unknown) => console.error('audit: could not record', action, error));
    });
    next();
  };
}

/** A `spacecraft` query parameter, when present, must name a spacecraft visible at `level`. */
function queriedSpacecraft(auth: Auth, level: VisibilityLevel): RequestHandler {
  return (req, res, next) => {
    const spacecraft = req.query.spacecraft;
    if (typeof spacecraft === 'string' && denied(auth, sessionOf(res), spacecraft, level)) {
      return forbidden(res, `may not see ${level} of ${spacecraft}`);
    }
    next();
  };
}

const queryTime = (value: unknown): number | undefined => {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
};

/** History needs `history:read`, or `telemetry:read` for windows up to RECENT_HISTORY_MS (wall screen charts). */
function historyWindow(clock: Clock): RequestHandler {
  return (req, res, next) => {
    const context = sessionOf(res);
    if (can(context, 'history:read')) return next();
    if (!can(context, 'telemetry:read')) return forbidden(res, 'needs history:read');
    // Same defaults as the history route: `to` is now, `from` an hour before `to`.
    const from = queryTime(req.query.from);
    const to = queryTime(req.query.to) ?? (from !== undefined ? from + 3_600_000 : clock.now());
    const span = to - (from ?? to - 3_600_000);
    if (!(span <= RECENT_HISTORY_MS))
      return forbidden(res, `needs history:read for windows over ${RECENT_HISTORY_MS} ms`);
    next();
  };
}

/** Prometheus scrapes from the same host; anyone else needs an admin session to read the counters. */
const metricsAccess: RequestHandler = (req, res, next) => {
  const address = req.socket.remoteAddress ?? '';
  if (
    ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(address) &&
    req.headers['x-forwarded-for'] === undefined
  ) {
    return next();
  }
  return requirePermission('audit:read')(req, res, next);
};

export function mountRestAccess(app: Express, auth: Auth, options: RestAccessOptions): void {
  app.get('/metrics', metricsAccess);
  const fleetRead = requirePermission('fleet:read');
  app.get(
    '/api/fleet',
    fleetRead,
    filterJson<FleetResponse>((b, f) => ({ ...b, fleet: f.fleet(b.fleet) }), auth),
  );
  app.get('/api/stations', fleetRead);
  app.get(
    '/api/passes',
    fleetRead,
    filterJson<PassesResponse>((b, f) => ({ ...b, passes: f.passes(b.passes) }), auth),
  );
  app.get(
    '/api/utilization',
    fleetRead,
    filterJson<UtilizationResponse>((b, f) => f.utilization(b), auth),
  );
  app.get(
    '/api/alarms',
    fleetRead,
    queriedSpacecraft(auth, 'telemetry'),
    filterJson<AlarmsResponse>((b, f) => ({ ...b, alarms: f.alarms(b.alarms) }), auth),
  );
  app.get(
    '/api/events',
    fleetRead,
    queriedSpacecraft(auth, 'telemetry'),
    filterJson<EventsResponse>((b, f) => ({ ...b, events: f.events(b.events) }), auth),
  );

  app.get('/api/spacecraft/:id', requirePermission('telemetry:read'), requireVisibility(auth, 'telemetry'));
  app.get('/api/spacecraft/:id/history', historyWindow(options.clock), requireVisibility(auth, 'telemetry'));
  app.get(
    '/api/spacecraft/:id/history.csv',
    requirePermission('export'),
    requireVisibility(auth, 'export'),
    auditOnSuccess(auth, 'export', (req) => String(req.params.id)),
  );
  app.get('/api/frames.csv', requirePermission('export'), framesExport(auth));

  mountAlarmActions(app, auth, options);
  mountSimulatorAccess(app, auth);
}

/** Frames of every spacecraft only for who may export them all; otherwise name one you may export. */
function framesExport(auth: Auth): RequestHandler[] {
  const scope: RequestHandler = (req, res, next) => {
    const principal = sessionOf(res).principal;
    const spacecraft = req.query.spacecraft;
    const all = auth.policy.visible(principal).length;
    if (spacecraft === undefined && auth.policy.visible(principal, 'export').length < all) {
      return forbidden(res, 'name a spacecraft your partner may export (?spacecraft=…)');
    }
    next();
  };
  return [
    scope,
    queriedSpacecraft(auth, 'export'),
    auditOnSuccess(auth, 'export', (req) => String(req.query.spacecraft ?? 'all')),
  ];
}

function mountAlarmActions(app: Express, auth: Auth, options: RestAccessOptions): void {
  const alarmVisible =
    (schema: z.ZodType): RequestHandler =>
    (req: Request, res: Response, next) => {
      const context = sessionOf(res);
      const spacecraftId = options.alarmSpacecraft(String(req.params.id));
      if (spacecraftId !== undefined && denied(auth, context, spacecraftId, 'telemetry')) {
        return forbidden(res, `may not act on alarms of ${spacecraftId}`);
      }
      // The action is signed by whoever is signed in, not by a name in the request (an invalid request is
      // left as it is, for the route's own 400).
      if (req.body === undefined) req.body = {};
      if (schema.safeParse(req.body).success) (req.body as { by?: string }).by = context.principal.name;
      next();
    };
  const target = (req: Request) => String(req.params.id);
  app.post(
    '/api/alarms/:id/ack',
    requirePermission('alarms:ack'),
    alarmVisible(alarmAckSchema),
    auditOnSuccess(auth, 'alarm_ack', target),
  );
  app.post(
    '/api/alarms/:id/shelve',
    requirePermission('alarms:shelve'),
    alarmVisible(alarmShelveSchema),
    auditOnSuccess(auth, 'alarm_shelve', target),
  );
}

function mountSimulatorAccess(app: Express, auth: Auth): void {
  const faults = requirePermission('sim:faults');
  const bodySpacecraft: RequestHandler = (req, res, next) => {
    const id = (req.body as { spacecraftId?: unknown } | undefined)?.spacecraftId;
    if (typeof id === 'string' && denied(auth, sessionOf(res), id, 'telemetry')) {
      return forbidden(res, `may not inject faults into ${id}`);
    }
    next();
  };
  app.get(
    '/api/sim/faults',
    faults,
    filterJson<FaultsResponse>(
      (b, f) => ({ ...b, faults: b.faults.filter((x) => f.sees(x.spacecraftId)) }),
      auth,
    ),
  );
  app.post(
    '/api/sim/faults',
    faults,
    bodySpacecraft,
    auditOnSuccess(auth, 'fault_inject', (req) =>
      String((req.body as { spacecraftId?: unknown }).spacecraftId),
    ),
  );
  app.delete(
    '/api/sim/faults/:spacecraftId',
    faults,
    requireVisibility(auth, 'telemetry', 'spacecraftId'),
    auditOnSuccess(auth, 'fault_clear', (req) => String(req.params.spacecraftId)),
  );
}
