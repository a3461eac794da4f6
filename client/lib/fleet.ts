// Pure helpers over the fleet summary, shared by the fleet view and the wall screen.
import type { SpacecraftDef } from '../../shared/dictionary';
import { SPACECRAFT_STATUSES, type FleetEntry, type SpacecraftStatus } from '../../shared/protocol';
import { spacecraftStatus } from '../../shared/spacecraftStatus';

/** Most urgent first: what an operator must look at sorts to the top (the order of SPACECRAFT_STATUSES). */
export const STATUS_SEVERITY = Object.fromEntries(SPACECRAFT_STATUSES.map((s, i) => [s, i])) as Record<
  SpacecraftStatus,
  number
>;

/**
 * The entries with their status decided again at `nowMs` by the server's own rule, from the facts it sent:
 * a spacecraft that falls silent between two updates does not keep showing the status of the last one.
 */
export function atTime(entries: readonly FleetEntry[], nowMs: number): FleetEntry[] {
  return entries.map((e) => {
    const status = spacecraftStatus(e.facts, nowMs);
    return status === e.status ? e : { ...e, status };
  });
}

export const FLEET_SORTS = ['status', 'name', 'soc', 'lastFrame', 'nextContact'] as const;
export type FleetSort = (typeof FLEET_SORTS)[number];

export interface FleetFilter {
  partner: string | null;
  status: SpacecraftStatus | null;
  sort: FleetSort;
}

export function parseFleetFilter(params: URLSearchParams): FleetFilter {
  const status = params.get('status');
  const sort = params.get('sort');
  return {
    partner: params.get('partner') || null,
    status: SPACECRAFT_STATUSES.includes(status as SpacecraftStatus) ? (status as SpacecraftStatus) : null,
    sort: FLEET_SORTS.includes(sort as FleetSort) ? (sort as FleetSort) : 'status',
  };
}

export function statusCounts(entries: readonly FleetEntry[]): Record<SpacecraftStatus, number> {
  const counts = Object.fromEntries(SPACECRAFT_STATUSES.map((s) => [s, 0])) as Record<
    SpacecraftStatus,
    number
  >;
  for (const e of entries) counts[e.status] += 1;
  return counts;
}

const compareBy: Record<FleetSort, (a: FleetEntry, b: FleetEntry, names: Map<string, string>) => number> = {
  status: (a, b) => STATUS_SEVERITY[a.status] - STATUS_SEVERITY[b.status],
  name: (a, b, names) => (names.get(a.spacecraftId) ?? '').localeCompare(names.get(b.spacecraftId) ?? ''),
  soc: (a, b) => (a.socPercent ?? Infinity) - (b.socPercent ?? Infinity),
  lastFrame: (a, b) => (b.lastFrameMs ?? -Infinity) - (a.lastFrameMs ?? -Infinity),
  nextContact: (a, b) => (a.nextContact?.aosMs ?? Infinity) - (b.nextContact?.aosMs ?? Infinity),
};

/** Entries matching the filter, sorted by it (ties by name so the order is stable). */
export function filterFleet(
  entries: readonly FleetEntry[],
  filter: FleetFilter,
  spacecraft: readonly SpacecraftDef[],
): FleetEntry[] {
  const defs = new Map(spacecraft.map((s) => [s.id, s]));
  const names = new Map(spacecraft.map((s) => [s.id, s.name]));
  return entries
    .filter((e) => !filter.partner || defs.get(e.spacecraftId)?.partner === filter.partner)
    .filter((e) => !filter.status || e.status === filter.status)
    .sort((a, b) => compareBy[filter.sort](a, b, names) || compareBy.name(a, b, names));
}
