// REST: stations, passes, alarms (list, acknowledge, shelve), events and utilization.
import { z } from 'zod';
import {
  alarmAckSchema,
  alarmShelveSchema,
  alarmAssignSchema,
  type AlarmsResponse,
  type EventsResponse,
  type Pass,
  type PassesResponse,
  type StationsResponse,
  type UtilizationResponse,
} from '../../shared/protocol/api';
import type { Caller } from '../auth/access/rest';
import { mustSee } from '../auth/access/rest';
import type { AlarmActionResult } from '../limits/alarms';
import { computeUtilization, summarizeReception } from '../passes/utilization';
import { summarizePassLink } from '../archive/linkCells';
import { HttpError } from './errors';
import {
  accountedWindow,
  alarmsQuery,
  DAY_MS,
  eventsQuery,
  passesQuery,
  resolveWindow,
  utilizationQuery,
} from './queries';
import { asParsed, defineRoute, type ApiRoute } from './route';
import type { ApiServices } from './services';

/** Longer than any LEO pass, so the default window includes the pass in progress. */
const PASS_LOOKBACK_MS = 30 * 60_000;
const alarmParams = z.object({ id: z.string().min(1).max(128) });

export function operationsRoutes(api: ApiServices): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/stations',
      permission: ['fleet:read'],
      resolve: asParsed,
      handle: () => {
        const nowMs = api.clock.now();
        const ids = api.index.dictionary.stations.map((s) => s.id);
        const body: StationsResponse = {
          stations: api.stations.stats(ids, (id) => api.schedule.spacecraftInView(id, nowMs)),
        };
        return { json: body };
      },
    }),
    passesRoute(api),
    ...alarmRoutes(api),
    defineRoute({
      method: 'get',
      path: '/api/events',
      query: eventsQuery,
      permission: ['fleet:read'],
      resolve: ({ query }, nowMs) => ({ ...query, ...resolveWindow(query, nowMs, DAY_MS) }),
      access: (q) => [mustSee('telemetry', q.spacecraft)],
      filter: (body: EventsResponse, f) => ({ ...body, events: f.events(body.events) }),
      handle: async (q, caller) => {
        if (q.spacecraft !== undefined) requireSpacecraft(api, q.spacecraft);
        // Events produced by the last frames may still be waiting for their commit.
        await api.flush();
        // Filtered by the partner's view in the query, before the limit: a partner gets `limit` items it may
        // see, and cannot count the hidden ones by the shortfall.
        const events = await api.archive.events({
          fromMs: q.from,
          toMs: q.to,
          spacecraftId: q.spacecraft,
          spacecraftIds: caller.visibleSpacecraft('telemetry'),
          severities: q.severity,
          limit: q.limit,
        });
        return { json: { events } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/utilization',
      query: utilizationQuery,
      permission: ['fleet:read'],
      resolve: ({ query }, nowMs) => accountedWindow(query, nowMs, 7 * DAY_MS),
      filter: (body: UtilizationResponse, f) => f.utilization(body),
      handle: async ({ from, to }) => {
        await api.flush();
        return { json: await utilizationOf(api, from, to) };
      },
    }),
  ];
}

/** Contact time available and used per partner and spacecraft; the caller has flushed the archive. */
export async function utilizationOf(
  api: ApiServices,
  from: number,
  to: number,
): Promise<UtilizationResponse> {
  const downlink = await api.archive.downlinkTotals(from, to);
  const recordingFromMs = await recordingFrom(api, from, to);
  const passes = api.schedule.passes(from, to);
  return computeUtilization(api.index, passes, downlink, from, to, recordingFromMs);
}

/**
 * Where Ortaq's recording of [from, to] starts: the earlier of the first frame received in it and the oldest
 * packet it holds of it. Downlink is credited at packet time, so contact must count from there too: a pass
 * whose frames reached the ground late (a loaded station link, a fast simulation) or were flown in a first
 * start's fast-forward is downlink Ortaq holds, and counting its contact only from the first receive time
 * put downlink above contact time.
 */
async function recordingFrom(api: ApiServices, from: number, to: number): Promise<number | null> {
  const ids = api.index.dictionary.spacecraft.map((s) => s.id);
  const [received] = await api.archive.framesReceivedSince({
    spacecraftIds: ids,
    afterReceivedMs: from - 1,
    limit: 1,
  });
  // Per spacecraft: each is one seek of its (spacecraft, time) index, where one query over all of them
  // would read the whole window to sort it.
  const oldest = await Promise.all(
    ids.map((spacecraftId) => api.archive.frames({ spacecraftId, fromMs: from, toMs: to, limit: 1 })),
  );
  const starts = [
    ...(received && received.receivedMs <= to ? [received.receivedMs] : []),
    ...oldest.flatMap(([frame]) => (frame ? [frame.timeMs] : [])),
  ];
  return starts.length > 0 ? Math.min(...starts) : null;
}

function passesRoute(api: ApiServices): ApiRoute {
  return defineRoute({
    method: 'get',
    path: '/api/passes',
    query: passesQuery,
    permission: ['fleet:read'],
    resolve: ({ query }, nowMs) => ({
      ...query,
      nowMs,
      // Without a window: the pass in progress (if any) and the day ahead, what a schedule view shows.
      ...(query.from === undefined && query.to === undefined
        ? { from: nowMs - PASS_LOOKBACK_MS, to: nowMs + DAY_MS }
        : resolveWindow(query, nowMs, DAY_MS)),
    }),
    filter: (body: PassesResponse, f) => ({ ...body, passes: f.passes(body.passes) }),
    handle: async (q) => {
      if (q.spacecraft !== undefined) requireSpacecraft(api, q.spacecraft);
      if (q.station !== undefined && !api.index.stationById.has(q.station))
        throw new HttpError(404, 'unknown_station', q.station);
      const predicted = api.schedule.passes(q.from, q.to, {
        spacecraftId: q.spacecraft,
        stationId: q.station,
      });
      const passes: Pass[] = await Promise.all(predicted.map((p) => withReception(api, p, q.nowMs)));
      const body: PassesResponse = { from: q.from, to: q.to, passes };
      return { json: body };
    },
  });
}

function alarmRoutes(api: ApiServices): ApiRoute[] {
  // Acting on an alarm needs to see its spacecraft; an unknown alarm is the handler's 404.
  const alarmVisible = (input: { params: { id: string } }) => [
    mustSee('telemetry', api.alarms.get(input.params.id)?.spacecraftId),
  ];
  const target = (input: { params: { id: string } }) => input.params.id;
  return [
    defineRoute({
      method: 'get',
      path: '/api/alarms',
      query: alarmsQuery,
      permission: ['fleet:read'],
      resolve: ({ query }) => query,
      access: (q) => [mustSee('telemetry', q.spacecraft)],
      filter: (body: AlarmsResponse, f) => ({ ...body, alarms: f.alarms(body.alarms) }),
      handle: async (q, caller) => {
        if (q.spacecraft !== undefined) requireSpacecraft(api, q.spacecraft);
        return { json: { alarms: await listAlarms(api, q, caller) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/alarms/:id/ack',
      params: alarmParams,
      body: alarmAckSchema,
      permission: ['alarms:ack'],
      resolve: asParsed,
      access: alarmVisible,
      audit: { action: 'alarm_ack', target },
      // Signed by whoever is signed in, never by a name in the request.
      handle: async ({ params, body }, caller) => {
        const nowMs = api.clock.now();
        const by = caller.principal.name;
        const result = api.alarms.acknowledge(params.id, { by, atMs: nowMs, comment: body.comment });
        return { json: await settleAction(api, result, 'acknowledged', nowMs) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/alarms/:id/shelve',
      params: alarmParams,
      body: alarmShelveSchema,
      permission: ['alarms:shelve'],
      resolve: asParsed,
      access: alarmVisible,
      audit: { action: 'alarm_shelve', target },
      handle: async ({ params, body }) => {
        const nowMs = api.clock.now();
        const result = api.alarms.shelve(params.id, nowMs + body.durationMs);
        return { json: await settleAction(api, result, 'shelved', nowMs) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/alarms/:id/assign',
      params: alarmParams,
      body: alarmAssignSchema,
      permission: ['alarms:ack'],
      resolve: asParsed,
      access: alarmVisible,
      audit: { action: 'alarm_assign', target, detail: ({ body }) => `to ${body.to ?? 'nobody'}` },
      handle: async ({ params, body }) => {
        const alarm = api.alarms.get(params.id);
        if (!alarm) throw new HttpError(404, 'alarm_not_found');
        // Only to someone who may see the alarm: an assignee who cannot open it could not act on it.
        if (body.to !== null && !(await api.maySeeAlarmsOf(body.to, alarm.spacecraftId)))
          throw new HttpError(400, 'unknown_assignee', body.to);
        const result = api.alarms.assign(params.id, body.to);
        return { json: await settleAction(api, result, 'assigned', api.clock.now()) };
      },
    }),
  ];
}

/** Open alarms from memory, or the archive's; either way only the caller's, then at most `limit`. */
async function listAlarms(
  api: ApiServices,
  q: z.output<typeof alarmsQuery>,
  caller: Caller,
): Promise<AlarmsResponse['alarms']> {
  if (q.scope === 'all') {
    return api.archive.alarms({
      spacecraftId: q.spacecraft,
      spacecraftIds: caller.visibleSpacecraft('telemetry'),
      limit: q.limit,
    });
  }
  return api.alarms
    .list()
    .filter((a) => q.spacecraft === undefined || a.spacecraftId === q.spacecraft)
    .filter((a) => caller.sees(a.spacecraftId, 'telemetry'))
    .slice(0, q.limit);
}

function requireSpacecraft(api: ApiServices, id: string): void {
  if (!api.index.spacecraftById.has(id)) throw new HttpError(404, 'unknown_spacecraft', id);
}

/** Publishes an acknowledge or shelve and answers once it is durable (also used by notification links). */
export async function settleAction(
  api: Pick<ApiServices, 'alarmChanged' | 'flush'>,
  result: AlarmActionResult,
  transition: 'acknowledged' | 'shelved' | 'assigned',
  nowMs: number,
) {
  if (!result.ok) {
    if (result.error === 'not_found') throw new HttpError(404, 'alarm_not_found');
    throw new HttpError(409, 'already_acknowledged');
  }
  api.alarmChanged({ alarm: result.alarm, transition }, nowMs);
  // Answer once the change is durable: a restart must not forget an acknowledgement.
  await api.flush();
  return result.alarm;
}

async function withReception(api: ApiServices, predicted: Pass, nowMs: number): Promise<Pass> {
  const planned = api.plannedOutage(predicted.stationId, predicted.aosMs, predicted.losMs);
  const pass = planned ? { ...predicted, planned } : predicted;
  if (pass.aosMs > nowMs) return pass;
  const end = Math.min(pass.losMs, nowMs);
  const window = {
    spacecraftId: pass.spacecraftId,
    stationId: pass.stationId,
    fromMs: pass.aosMs,
    toMs: end,
  };
  const [rows, linkRows] = await Promise.all([api.archive.receptions(window), api.archive.linkCells(window)]);
  const reception = summarizeReception(pass.stationId, rows, pass.aosMs, end);
  // Link figures only where the station sent TM transfer frames of this spacecraft within the pass.
  return {
    ...pass,
    reception: linkRows.length > 0 ? { ...reception, link: summarizePassLink(linkRows) } : reception,
  };
}
