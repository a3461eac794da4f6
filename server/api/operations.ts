// REST: stations, passes, alarms (list, acknowledge, shelve), events and utilization.
import type { Express } from 'express';
import {
  alarmAckSchema,
  alarmShelveSchema,
  type AlarmsResponse,
  type EventsResponse,
  type Pass,
  type PassesResponse,
  type StationsResponse,
} from '../../shared/protocol/api';
import { z } from 'zod';
import type { AppContext } from '../context';
import type { AlarmActionResult } from '../limits/alarms';
import { computeUtilization, summarizeReception } from '../passes/utilization';
import { HttpError } from './errors';
import {
  alarmsQuery,
  DAY_MS,
  eventsQuery,
  parseQuery,
  passesQuery,
  resolveWindow,
  utilizationQuery,
} from './queries';

/** Who an action is attributed to when the request does not say (until users log in). */
const ANONYMOUS_OPERATOR = 'operator';
/** Longer than any LEO pass, so the default window includes the pass in progress. */
const PASS_LOOKBACK_MS = 30 * 60_000;

export function mountOperations(app: Express, ctx: AppContext): void {
  app.get('/api/stations', (_req, res) => {
    const nowMs = ctx.clock.now();
    const ids = ctx.index.dictionary.stations.map((s) => s.id);
    const body: StationsResponse = {
      stations: ctx.stations.stats(ids, (id) => ctx.schedule.spacecraftInView(id, nowMs)),
    };
    res.json(body);
  });

  app.get('/api/passes', async (req, res) => {
    const q = parseQuery(passesQuery, req);
    if (q.spacecraft !== undefined && !ctx.index.spacecraftById.has(q.spacecraft)) {
      throw new HttpError(404, 'unknown_spacecraft', q.spacecraft);
    }
    if (q.station !== undefined && !ctx.index.stationById.has(q.station))
      throw new HttpError(404, 'unknown_station', q.station);
    const nowMs = ctx.clock.now();
    // Without a window: the pass in progress (if any) and the day ahead, what a schedule view shows.
    const { from, to } =
      q.from === undefined && q.to === undefined
        ? { from: nowMs - PASS_LOOKBACK_MS, to: nowMs + DAY_MS }
        : resolveWindow(q, nowMs, DAY_MS);
    const predicted = ctx.schedule.passes(from, to, { spacecraftId: q.spacecraft, stationId: q.station });
    const passes: Pass[] = await Promise.all(predicted.map((p) => withReception(ctx, p, nowMs)));
    const body: PassesResponse = { from, to, passes };
    res.json(body);
  });

  app.get('/api/alarms', async (req, res) => {
    const q = parseQuery(alarmsQuery, req);
    const alarms =
      q.scope === 'open'
        ? ctx.alarms
            .list()
            .filter((a) => q.spacecraft === undefined || a.spacecraftId === q.spacecraft)
            .slice(0, q.limit)
        : await ctx.store.alarms({ spacecraftId: q.spacecraft, limit: q.limit });
    const body: AlarmsResponse = { alarms };
    res.json(body);
  });

  app.post('/api/alarms/:id/ack', async (req, res) => {
    const body = parseBody(alarmAckSchema, req.body);
    const nowMs = ctx.clock.now();
    const by = body.by ?? ANONYMOUS_OPERATOR;
    const result = ctx.alarms.acknowledge(req.params.id, { by, atMs: nowMs, comment: body.comment });
    res.json(await settleAction(ctx, result, 'acknowledged', nowMs));
  });

  app.post('/api/alarms/:id/shelve', async (req, res) => {
    const body = parseBody(alarmShelveSchema, req.body);
    const nowMs = ctx.clock.now();
    const result = ctx.alarms.shelve(req.params.id, nowMs + body.durationMs);
    res.json(await settleAction(ctx, result, 'shelved', nowMs));
  });

  app.get('/api/events', async (req, res) => {
    const q = parseQuery(eventsQuery, req);
    const { from, to } = resolveWindow(q, ctx.clock.now(), DAY_MS);
    // Events produced by the last frames may still be waiting for their commit.
    await ctx.committer.flush();
    const events = await ctx.store.events({
      fromMs: from,
      toMs: to,
      spacecraftId: q.spacecraft,
      severities: q.severity,
      limit: q.limit,
    });
    const body: EventsResponse = { events };
    res.json(body);
  });

  app.get('/api/utilization', async (req, res) => {
    const q = parseQuery(utilizationQuery, req);
    const { from, to } = resolveWindow(q, ctx.clock.now(), 7 * DAY_MS);
    await ctx.committer.flush();
    const downlink = await ctx.store.downlinkTotals(from, to);
    res.json(computeUtilization(ctx.index, ctx.schedule.passes(from, to), downlink, from, to));
  });
}

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new HttpError(400, 'bad_request', z.treeifyError(parsed.error));
  return parsed.data;
}

/** Publishes an acknowledge or shelve and answers once it is durable (also used by notification links). */
export async function settleAction(
  ctx: AppContext,
  result: AlarmActionResult,
  transition: 'acknowledged' | 'shelved',
  nowMs: number,
) {
  if (!result.ok) {
    if (result.error === 'not_found') throw new HttpError(404, 'alarm_not_found');
    throw new HttpError(409, 'already_acknowledged');
  }
  ctx.processor.alarmChanged({ alarm: result.alarm, transition }, nowMs);
  // Answer once the change is durable: a restart must not forget an acknowledgement.
  await ctx.committer.flush();
  return result.alarm;
}

async function withReception(ctx: AppContext, pass: Pass, nowMs: number): Promise<Pass> {
  if (pass.aosMs > nowMs) return pass;
  const end = Math.min(pass.losMs, nowMs);
  const rows = await ctx.store.receptions({
    spacecraftId: pass.spacecraftId,
    stationId: pass.stationId,
    fromMs: pass.aosMs,
    toMs: end,
  });
  return { ...pass, reception: summarizeReception(pass.stationId, rows, pass.aosMs, end) };
}
