// /api/shiftlog, /api/annotations and /api/handovers in the REST route table's terms. Everyone signed in with
// `fleet:read` reads what the agreement lets their partner see; operators, engineers and admins
// (`shiftlog:write`) write entries, hand a shift over and accept the handover of their own partner's centre.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  annotationsQuerySchema,
  createEntrySchema,
  createHandoverSchema,
  handoversQuerySchema,
  shiftLogQuerySchema,
  type Annotation,
  type AnnotationsResponse,
  type Handover,
  type HandoverDraft,
  type HandoversResponse,
  type ShiftLogEntry,
  type ShiftLogResponse,
} from '../../shared/protocol/shiftlog';
import { HttpError } from '../api/errors';
import { DAY_MS, resolveWindow } from '../api/queries';
import { asParsed, defineRoute, type ApiRoute } from '../api/route';
import { mustSee } from '../auth/access/rest';
import { draftHandover, entrySpacecraft, readHandover, type ShiftLogServices } from './shiftLog';

/** Most entries one chart's annotations carry; a chart of a busy year shows the newest. */
const MAX_ANNOTATION_ENTRIES = 500;
const handoverParams = z.strictObject({ id: z.uuid() });

const orderedWindow = ({ from, to }: { from: number; to: number }) => {
  if (to < from) throw new HttpError(400, 'bad_request', 'from must not be after to');
};

export function shiftLogRoutes(services: ShiftLogServices): ApiRoute[] {
  const { store } = services;
  const requireSpacecraft = (id: string | undefined) => {
    if (id !== undefined && !services.index.spacecraftById.has(id))
      throw new HttpError(404, 'unknown_spacecraft', id);
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/shiftlog',
      query: shiftLogQuerySchema,
      permission: ['fleet:read'],
      resolve: ({ query }, nowMs) => ({ ...query, ...resolveWindow(query, nowMs, DAY_MS) }),
      access: (q) => [mustSee('telemetry', q.spacecraft)],
      handle: async (q, caller) => {
        orderedWindow(q);
        requireSpacecraft(q.spacecraft);
        const body: ShiftLogResponse = {
          entries: await store.entries({
            by: 'written',
            fromMs: q.from,
            toMs: q.to,
            spacecraftId: q.spacecraft,
            visibleSpacecraft: caller.visibleSpacecraft('telemetry'),
            limit: q.limit,
          }),
        };
        return { json: body };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/shiftlog',
      body: createEntrySchema,
      permission: ['shiftlog:write'],
      resolve: asParsed,
      access: ({ body }) => body.spacecraft.map((id) => mustSee('telemetry', id)),
      audit: {
        action: 'shiftlog_entry',
        target: ({ body }) => body.spacecraft.join(',') || null,
        detail: (_input, entry: ShiftLogEntry) => `entry ${entry.id}`,
      },
      // Written under the signed-in user's name and partner, never a name in the request.
      handle: async ({ body }, caller) => {
        const spacecraft = await entrySpacecraft(services, caller, body);
        const createdAtMs = services.now();
        const entry: ShiftLogEntry = {
          id: randomUUID(),
          atMs: body.atMs ?? createdAtMs,
          createdAtMs,
          author: caller.principal.name,
          partner: caller.principal.partner,
          text: body.text,
          spacecraft,
          parameters: body.parameters,
          alarms: body.alarms,
          range: body.range ?? null,
        };
        await store.insertEntry(entry);
        return { status: 201, json: entry };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/annotations',
      query: annotationsQuerySchema,
      permission: ['fleet:read'],
      resolve: ({ query }, nowMs) => ({ ...query, ...resolveWindow(query, nowMs, DAY_MS) }),
      access: (q) => [mustSee('telemetry', q.spacecraft)],
      handle: async (q, caller) => {
        orderedWindow(q);
        requireSpacecraft(q.spacecraft);
        const [entries, onsets] = await Promise.all([
          store.entries({
            by: 'range',
            fromMs: q.from,
            toMs: q.to,
            spacecraftId: q.spacecraft,
            orFleetWide: true,
            visibleSpacecraft: caller.visibleSpacecraft('telemetry'),
            limit: MAX_ANNOTATION_ENTRIES,
          }),
          services.alarms.onsets(q.spacecraft, q.from, q.to),
        ]);
        const annotations: Annotation[] = [
          ...entries.flatMap((e): Annotation[] =>
            e.range
              ? [
                  {
                    kind: 'entry',
                    id: e.id,
                    fromMs: e.range.fromMs,
                    toMs: e.range.toMs,
                    text: e.text,
                    author: e.author,
                    parameters: e.parameters,
                  },
                ]
              : [],
          ),
          ...onsets.map((a): Annotation => ({
            kind: 'alarm',
            id: a.id,
            atMs: a.openedAtMs,
            level: a.level,
            parameterId: a.parameterId,
          })),
        ];
        const body: AnnotationsResponse = { annotations };
        return { json: body };
      },
    }),
    ...handoverRoutes(services),
  ];
}

function handoverRoutes(services: ShiftLogServices): ApiRoute[] {
  const { store } = services;
  return [
    defineRoute({
      method: 'get',
      path: '/api/handovers',
      query: handoversQuerySchema,
      permission: ['fleet:read'],
      resolve: asParsed,
      handle: async ({ query }, caller) => {
        const stored = await store.handovers(caller.principal.partner, query.limit);
        const body: HandoversResponse = {
          handovers: await Promise.all(stored.map((h) => readHandover(store, caller, h))),
        };
        return { json: body };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/handovers/draft',
      permission: ['fleet:read'],
      resolve: asParsed,
      handle: async (_input, caller) => {
        const body: HandoverDraft = await draftHandover(services, caller);
        return { json: body };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/handovers',
      body: createHandoverSchema,
      permission: ['shiftlog:write'],
      resolve: asParsed,
      audit: {
        action: 'handover_create',
        target: () => null,
        detail: (_input, handover: Handover) => `handover ${handover.id} of ${handover.partner}`,
      },
      handle: async ({ body }, caller) => {
        const draft = await draftHandover(services, caller);
        const handover: Handover = {
          id: randomUUID(),
          partner: caller.principal.partner,
          createdBy: caller.principal.name,
          createdAtMs: services.now(),
          sinceMs: draft.last?.createdAtMs ?? null,
          note: body.note,
          alarms: draft.alarms,
          entries: draft.entries,
          acceptedBy: null,
          acceptedAtMs: null,
        };
        const { entries, ...rest } = handover;
        await store.insertHandover({ ...rest, entryIds: entries.map((e) => e.id) });
        return { status: 201, json: handover };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/handovers/:id/accept',
      params: handoverParams,
      permission: ['shiftlog:write'],
      resolve: asParsed,
      audit: { action: 'handover_accept', target: ({ params }) => params.id },
      handle: async ({ params }, caller) => {
        const stored = await store.getHandover(params.id);
        // Another centre's handover is not the caller's to know of: the same answer as none at all.
        if (!stored || stored.partner !== caller.principal.partner)
          throw new HttpError(404, 'not_found', 'no such handover');
        if (stored.createdBy === caller.principal.name)
          throw new HttpError(409, 'own_handover', 'the incoming operator accepts a handover');
        const atMs = services.now();
        if (!(await store.acceptHandover(params.id, caller.principal.name, atMs)))
          throw new HttpError(409, 'already_accepted', stored.acceptedBy);
        const accepted = { ...stored, acceptedBy: caller.principal.name, acceptedAtMs: atMs };
        return { json: await readHandover(store, caller, accepted) };
      },
    }),
  ];
}
