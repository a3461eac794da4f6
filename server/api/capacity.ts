// REST: capacity used per spacecraft (imaging over orbit time, downlink over contact time), JSON and CSV.
// A spacecraft's row is its telemetry: a partner receives the rows of the spacecraft it may see.
import type { CapacityResponse } from '../../shared/protocol/capacity';
import { capacityShares } from '../../shared/protocol/capacity';
import { computeCapacity, MAX_IMAGING_MS, type SpacecraftImaging } from '../passes/capacity';
import { utilizationOf } from './operations';
import { accountedWindow, capacityQuery, DAY_MS } from './queries';
import { defineRoute, type ApiRoute } from './route';
import type { ApiServices } from './services';

/**
 * Imaging events read per spacecraft and window: a few dozen a day each, so 93 days stay far below; past
 * it the row says unknown rather than a short figure.
 */
const MAX_IMAGING_EVENTS = 50_000;

export const CAPACITY_CSV_HEADER =
  'spacecraft,from_utc,to_utc,recording_from_utc,orbit_min,imaging_min,imaging_percent,' +
  'contact_min,downlink_min,downlink_percent,unpaired_imaging_events';

export function capacityRoute(api: ApiServices): ApiRoute {
  return defineRoute({
    method: 'get',
    path: '/api/capacity',
    query: capacityQuery,
    permission: ['fleet:read'],
    resolve: ({ query }, nowMs) => ({ ...accountedWindow(query, nowMs, 7 * DAY_MS), format: query.format }),
    filter: (body: CapacityResponse, f) => f.capacity(body),
    handle: async ({ from, to, format }, caller) => {
      await api.flush();
      const utilization = await utilizationOf(api, from, to);
      const visible = caller.visibleSpacecraft('telemetry');
      const ids = api.index.dictionary.spacecraft
        .map((s) => s.id)
        .filter((id) => visible === undefined || visible.includes(id));
      const countedFromMs = utilization.recordingFromMs ?? to;
      const imaging: SpacecraftImaging[] = [];
      for (const spacecraftId of ids) {
        const events = await api.archive.events({
          fromMs: Math.max(0, countedFromMs - MAX_IMAGING_MS),
          toMs: to,
          spacecraftId,
          severities: ['info'],
          limit: MAX_IMAGING_EVENTS + 1,
        });
        imaging.push({ spacecraftId, events: events.length > MAX_IMAGING_EVENTS ? null : events });
      }
      const body = computeCapacity(utilization, imaging);
      if (format === 'json') return { json: body };
      return {
        csv: {
          filename: `ortaq-capacity-${new Date(from).toISOString().slice(0, 10)}.csv`,
          header: CAPACITY_CSV_HEADER,
          rows: capacityCsvRows(body),
        },
      };
    },
  });
}

const tenth = (value: number) => Math.round(value * 10) / 10;
const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

/** One row per spacecraft; an unknown figure is an empty cell. */
export function capacityCsvRows(body: CapacityResponse): string[] {
  return body.spacecraft.map((row) => {
    const shares = capacityShares(row);
    const percent = (share: number | null) => (share === null ? '' : tenth(100 * share));
    return `${[
      row.spacecraftId,
      iso(body.from),
      iso(body.to),
      iso(body.recordingFromMs),
      tenth(row.orbitMinutes),
      row.imagingMinutes === null ? '' : tenth(row.imagingMinutes),
      percent(shares.imaging),
      tenth(row.contactMinutes),
      tenth(row.downlinkMinutes),
      percent(shares.downlink),
      row.unpairedImagingEvents,
    ].join(',')}\n`;
  });
}
