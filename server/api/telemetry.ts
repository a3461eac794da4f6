// REST: fleet, one spacecraft's current values, history (JSON and CSV), raw frames as CSV.
import type { Express, Response } from 'express';
import type {
  FleetResponse,
  HistoryResponse,
  HistorySeries,
  ParameterValue,
  SpacecraftDetail,
} from '../../shared/protocol/api';
import type { AppContext } from '../context';
import { HttpError } from './errors';
import { framesQuery, historyQuery, HOUR_MS, parseQuery, resolveWindow } from './queries';

function requireSpacecraft(ctx: AppContext, id: string): void {
  if (!ctx.index.spacecraftById.has(id)) throw new HttpError(404, 'unknown_spacecraft', id);
}

export function mountTelemetry(app: Express, ctx: AppContext): void {
  app.get('/api/fleet', (_req, res) => {
    const nowMs = ctx.clock.now();
    const body: FleetResponse = { serverTimeMs: nowMs, fleet: ctx.fleet.fleet(nowMs) };
    res.json(body);
  });

  app.get('/api/spacecraft/:id', (req, res) => {
    requireSpacecraft(ctx, req.params.id);
    const nowMs = ctx.clock.now();
    const held = new Map(ctx.current.parameters(req.params.id).map((v) => [v.parameterId, v]));
    // Dictionary order, so every view lists parameters the same way.
    const parameters: ParameterValue[] = ctx.index.dictionary.packets.flatMap((packet) =>
      packet.parameters.flatMap((p) => held.get(p.id) ?? []),
    );
    const body: SpacecraftDetail = {
      serverTimeMs: nowMs,
      summary: ctx.fleet.entry(req.params.id, nowMs),
      parameters,
    };
    res.json(body);
  });

  app.get('/api/spacecraft/:id/history', async (req, res) => {
    const { spacecraftId, from, to, series } = await history(ctx, req.params.id, req);
    const body: HistoryResponse = { spacecraftId, from, to, series };
    res.json(body);
  });

  app.get('/api/spacecraft/:id/history.csv', async (req, res) => {
    const { spacecraftId, series } = await history(ctx, req.params.id, req);
    csvHeaders(res, `${spacecraftId}-history.csv`);
    res.write('time_iso,time_ms,parameter,value,min,max,count\n');
    for (const s of series) {
      for (const p of s.points) {
        res.write(`${new Date(p.t).toISOString()},${p.t},${s.parameterId},${p.v},${p.min},${p.max},${p.n}\n`);
      }
    }
    res.end();
  });

  app.get('/api/frames.csv', async (req, res) => {
    const q = parseQuery(framesQuery, req);
    if (q.spacecraft !== undefined) requireSpacecraft(ctx, q.spacecraft);
    const { from, to } = resolveWindow(q, ctx.clock.now(), HOUR_MS);
    const frames = await ctx.store.frames({
      spacecraftId: q.spacecraft,
      fromMs: from,
      toMs: to,
      limit: q.limit,
    });
    csvHeaders(res, 'frames.csv');
    res.write('time_iso,time_ms,spacecraft,apid,sequence_count,playback,received_ms,hex\n');
    for (const f of frames) {
      const hex = Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength).toString('hex');
      res.write(
        `${new Date(f.timeMs).toISOString()},${f.timeMs},${f.spacecraftId},${f.apid},${f.sequenceCount},` +
          `${f.playback ? 1 : 0},${f.receivedMs},${hex}\n`,
      );
    }
    res.end();
  });
}

async function history(ctx: AppContext, spacecraftId: string, req: Parameters<typeof parseQuery>[1]) {
  requireSpacecraft(ctx, spacecraftId);
  const q = parseQuery(historyQuery, req);
  const unknown = q.params.filter((id) => !ctx.index.parameterById.has(id));
  if (unknown.length > 0) throw new HttpError(400, 'unknown_parameter', unknown);
  const { from, to } = resolveWindow(q, ctx.clock.now(), HOUR_MS);
  const series: HistorySeries[] = await Promise.all(
    q.params.map((parameterId) =>
      ctx.store.history({ spacecraftId, parameterId, fromMs: from, toMs: to, maxPoints: q.maxPoints }),
    ),
  );
  return { spacecraftId, from, to, series };
}

function csvHeaders(res: Response, filename: string): void {
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${filename}"`);
}
