// REST: fleet, one spacecraft's current values, history (JSON and CSV), raw frames as CSV.
import { z } from 'zod';
import { csvCell } from '../../shared/csv';
import type {
  FleetResponse,
  HistoryResponse,
  HistorySeries,
  ParameterValue,
  SpacecraftDetail,
} from '../../shared/protocol/api';
import { allOnlyIfAllExportable, mustSee, recentUnlessHistory } from '../auth/access/rest';
import { HttpError } from './errors';
import { framesQuery, historyQuery, HOUR_MS, idSchema, receptionsQuery, resolveWindow } from './queries';
import { asParsed, defineRoute, type ApiRoute } from './route';
import type { ApiServices } from './services';
import type { StoredFrame } from '../archive/types';
import { distinctParameters } from '../../shared/dictionary';
import type { PacketReceptionsResponse } from '../../shared/protocol/receptions';

const spacecraftParams = z.object({ id: idSchema });

function requireSpacecraft(api: ApiServices, id: string): void {
  if (!api.index.spacecraftById.has(id)) throw new HttpError(404, 'unknown_spacecraft', id);
}

export function telemetryRoutes(api: ApiServices): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/fleet',
      permission: ['fleet:read'],
      resolve: asParsed,
      filter: (body: FleetResponse, f) => ({ ...body, fleet: f.fleet(body.fleet) }),
      handle: () => {
        const nowMs = api.clock.now();
        return { json: { serverTimeMs: nowMs, fleet: api.fleet.fleet(nowMs) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/spacecraft/:id',
      params: spacecraftParams,
      permission: ['telemetry:read'],
      resolve: asParsed,
      access: ({ params }) => [mustSee('telemetry', params.id)],
      handle: ({ params }) => ({ json: spacecraftDetail(api, params.id) }),
    }),
    ...historyRoutes(api),
    receptionsRoute(api),
    defineRoute({
      method: 'get',
      path: '/api/frames.csv',
      query: framesQuery,
      permission: ['export'],
      resolve: ({ query }, nowMs) => ({ ...query, ...resolveWindow(query, nowMs, HOUR_MS) }),
      access: (q) => [allOnlyIfAllExportable(q.spacecraft), mustSee('export', q.spacecraft)],
      audit: { action: 'export', target: (q) => q.spacecraft ?? 'all' },
      handle: async (q) => {
        if (q.spacecraft !== undefined) requireSpacecraft(api, q.spacecraft);
        const frames = await api.archive.frames({
          spacecraftId: q.spacecraft,
          fromMs: q.from,
          toMs: q.to,
          limit: q.limit,
        });
        return {
          csv: {
            filename: 'frames.csv',
            header: 'time_iso,time_ms,spacecraft,apid,sequence_count,playback,received_ms,hex',
            rows: frameRows(frames),
          },
        };
      },
    }),
  ];
}

function spacecraftDetail(api: ApiServices, spacecraftId: string): SpacecraftDetail {
  requireSpacecraft(api, spacecraftId);
  const nowMs = api.clock.now();
  const held = new Map(api.current.parameters(spacecraftId).map((v) => [v.parameterId, v]));
  // Dictionary order, so every view lists parameters the same way.
  const parameters: ParameterValue[] = distinctParameters(api.index.dictionary.packets).flatMap(
    (p) => held.get(p.id) ?? [],
  );
  return { serverTimeMs: nowMs, summary: api.fleet.entry(spacecraftId, nowMs), parameters };
}

/** Who heard each packet of a spacecraft in a window of packet time: the archived packet and its receptions. */
function receptionsRoute(api: ApiServices): ApiRoute {
  return defineRoute({
    method: 'get',
    path: '/api/spacecraft/:id/receptions',
    params: spacecraftParams,
    query: receptionsQuery,
    permission: ['telemetry:read'],
    resolve: ({ params, query }, nowMs) => ({
      ...query,
      spacecraftId: params.id,
      ...resolveWindow(query, nowMs, HOUR_MS),
    }),
    access: (q) => [recentUnlessHistory(q.to - q.from), mustSee('telemetry', q.spacecraftId)],
    handle: async (q) => {
      requireSpacecraft(api, q.spacecraftId);
      if (q.station !== undefined && !api.index.stationById.has(q.station))
        throw new HttpError(404, 'unknown_station', q.station);
      // Receptions are written with their packets: the last frames' wait for their commit.
      await api.flush();
      const packets = await api.archive.packetReceptions({
        spacecraftId: q.spacecraftId,
        fromMs: q.from,
        toMs: q.to,
        stationId: q.station,
        apid: q.apid,
        sequenceCount: q.seq,
        limit: q.limit + 1,
      });
      const body: PacketReceptionsResponse = {
        spacecraftId: q.spacecraftId,
        from: q.from,
        to: q.to,
        packets: packets.slice(0, q.limit),
        truncated: packets.length > q.limit,
      };
      return { json: body };
    },
  });
}

/** History, JSON and CSV: the window is resolved once, and the access rule judges that window. */
function historyRoutes(api: ApiServices): ApiRoute[] {
  const common = {
    method: 'get',
    params: spacecraftParams,
    query: historyQuery,
    resolve: (
      { params, query }: { params: { id: string }; query: z.output<typeof historyQuery> },
      nowMs: number,
    ) => ({
      spacecraftId: params.id,
      params: query.params,
      maxPoints: query.maxPoints,
      ...resolveWindow(query, nowMs, HOUR_MS),
    }),
  } as const;
  type Input = ReturnType<typeof common.resolve>;
  const load = async (input: Input): Promise<HistoryResponse> => {
    requireSpacecraft(api, input.spacecraftId);
    const unknown = input.params.filter((id) => !api.index.parameterById.has(id));
    if (unknown.length > 0) throw new HttpError(400, 'unknown_parameter', unknown);
    const { spacecraftId, from, to } = input;
    const series: HistorySeries[] = await Promise.all(
      input.params.map((parameterId) =>
        api.archive.history({
          spacecraftId,
          parameterId,
          fromMs: from,
          toMs: to,
          maxPoints: input.maxPoints,
          ...(api.index.parameterById.get(parameterId)!.string ? { string: true } : {}),
        }),
      ),
    );
    return { spacecraftId, from, to, series };
  };
  return [
    defineRoute({
      ...common,
      path: '/api/spacecraft/:id/history',
      permission: ['history:read', 'telemetry:read'],
      access: (i) => [recentUnlessHistory(i.to - i.from), mustSee('telemetry', i.spacecraftId)],
      handle: async (input) => ({ json: await load(input) }),
    }),
    defineRoute({
      ...common,
      path: '/api/spacecraft/:id/history.csv',
      permission: ['export'],
      access: (i) => [mustSee('export', i.spacecraftId)],
      audit: { action: 'export', target: (i) => i.spacecraftId },
      handle: async (input) => {
        const { spacecraftId, series } = await load(input);
        return {
          csv: {
            filename: `${spacecraftId}-history.csv`,
            header: 'time_iso,time_ms,parameter,value,min,max,count',
            rows: historyRows(series),
          },
        };
      },
    }),
  ];
}

// Rows are produced as they are written, so an export holds its frames once, not twice.
function* frameRows(frames: readonly StoredFrame[]): Generator<string> {
  for (const f of frames) {
    const hex = Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength).toString('hex');
    yield (
      `${new Date(f.timeMs).toISOString()},${f.timeMs},${f.spacecraftId},${f.apid},${f.sequenceCount},` +
      `${f.playback ? 1 : 0},${f.receivedMs},${hex}\n`
    );
  }
}

function* historyRows(series: readonly HistorySeries[]): Generator<string> {
  for (const s of series) {
    for (const p of s.points) {
      // A string's value is its text (quoted as CSV needs); its code is no reading and has no min or max.
      const [value, min, max] = p.text !== undefined ? [csvCell(p.text), '', ''] : [p.v, p.min, p.max];
      yield `${new Date(p.t).toISOString()},${p.t},${s.parameterId},${value},${min},${max},${p.n}\n`;
    }
  }
}
