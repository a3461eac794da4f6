// /api/maintenance: maintenance windows of spacecraft and stations, declared in the REST route table's terms.
// Operators and admins plan them (`maintenance:write`): a spacecraft only where the agreement lets their
// partner see its telemetry, a station only of their own partner (admins of stations: any). Everyone signed
// in reads the station windows (the pass timeline shows them) and the spacecraft windows they may see.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { DictionaryIndex } from '../../shared/dictionary';
import {
  createMaintenanceSchema,
  maintenanceQuerySchema,
  MAX_WINDOW_MS,
  type MaintenanceResponse,
  type MaintenanceTargetKind,
  type MaintenanceWindow,
} from '../../shared/protocol/maintenance';
import { HttpError } from '../api/errors';
import { asParsed, defineRoute, type ApiRoute } from '../api/route';
import { mustSee, type AccessRule, type Caller } from '../auth/access/rest';
import type { MaintenanceBook } from './maintenance';

const windowParams = z.object({ id: z.uuid() });

/** Station windows: the caller's own stations, or any for who administers stations. */
function mayPlanStation(index: DictionaryIndex, stationId: string): AccessRule {
  return (caller) => {
    const owner = index.stationById.get(stationId)?.partner;
    if (owner === undefined || owner === caller.principal.partner || caller.can('admin:stations'))
      return null;
    return `partner ${caller.principal.partner} may not plan outages of ${stationId}`;
  };
}

function targetRules(
  index: DictionaryIndex,
  target: { target: MaintenanceTargetKind; targetId: string } | undefined,
) {
  if (!target) return [];
  return target.target === 'spacecraft'
    ? [mustSee('telemetry', target.targetId)]
    : [mayPlanStation(index, target.targetId)];
}

const visibleTo = (caller: Caller) => (w: MaintenanceWindow) =>
  w.target === 'station' || caller.sees(w.targetId, 'telemetry');

export function maintenanceRoutes(
  book: MaintenanceBook,
  index: DictionaryIndex,
  now: () => number,
): ApiRoute[] {
  const known = (target: MaintenanceTargetKind, id: string) =>
    target === 'spacecraft' ? index.spacecraftById.has(id) : index.stationById.has(id);
  return [
    defineRoute({
      method: 'get',
      path: '/api/maintenance',
      query: maintenanceQuerySchema,
      permission: ['fleet:read'],
      resolve: ({ query }, nowMs) => ({ from: query.from ?? nowMs, to: query.to ?? nowMs + MAX_WINDOW_MS }),
      handle: async ({ from, to }, caller) => {
        if (to < from) throw new HttpError(400, 'bad_request', 'from must not be after to');
        const body: MaintenanceResponse = {
          windows: (await book.store.windows(from, to)).filter(visibleTo(caller)),
        };
        return { json: body };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/maintenance',
      body: createMaintenanceSchema,
      permission: ['maintenance:write'],
      resolve: asParsed,
      access: ({ body }) => targetRules(index, body),
      audit: { action: 'maintenance_create', target: ({ body }) => `${body.target}:${body.targetId}` },
      handle: async ({ body }, caller) => {
        if (!known(body.target, body.targetId))
          throw new HttpError(404, `unknown_${body.target}`, body.targetId);
        const window: MaintenanceWindow = {
          id: randomUUID(),
          ...body,
          createdBy: caller.principal.name,
          partner: caller.principal.partner,
          createdAtMs: now(),
        };
        await book.add(window);
        return { status: 201, json: window };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/maintenance/:id',
      params: windowParams,
      permission: ['maintenance:write'],
      resolve: asParsed,
      // A window of a spacecraft the caller may not see is a 403 like any of its data; unknown ones are 404.
      access: ({ params }) => targetRules(index, book.get(params.id)),
      audit: { action: 'maintenance_delete', target: ({ params }) => params.id },
      handle: async ({ params }) => {
        if (!book.get(params.id) || !(await book.remove(params.id)))
          throw new HttpError(404, 'not_found', 'no such maintenance window');
        return { status: 204, json: null };
      },
    }),
  ];
}
