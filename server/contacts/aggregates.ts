// Availability of stations and partners, and contact coverage of spacecraft, added up from contact records.
// The archive counts (grouped by period, station, outcome and cause; orbits with a completed contact); these
// pure functions decide the periods and the arithmetic, the same for JSON, CSV, both archives and the bench.
import type { DictionaryIndex } from '../../shared/dictionary';
import {
  CONTACT_CAUSES,
  CONTACT_OUTCOMES,
  type AvailabilityPeriod,
  type AvailabilityResponse,
  type AvailabilityRow,
  type CauseCounts,
  type CoverageResponse,
  type OutcomeCounts,
} from '../../shared/protocol/contacts';
import { orbitOf } from '../../shared/orbit/tle';
import type { ContactArchive, ContactCountRow } from '../archive/types';

/** A week or month of a window: records with their AOS in [fromMs, toMs) count in it. */
export interface ContactPeriod {
  key: string;
  fromMs: number;
  toMs: number;
}

const DAY_MS = 86_400_000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Monday 00:00 UTC of the ISO week holding timeMs, and the week's label (its ISO year: the Thursday's). */
function isoWeek(timeMs: number): { startMs: number; key: string } {
  const day = Math.floor(timeMs / DAY_MS) * DAY_MS;
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  const startMs = day - weekday * DAY_MS;
  const thursday = new Date(startMs + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return { startMs, key: `${year}-W${pad(week)}` };
}

function monthOf(timeMs: number): { startMs: number; endMs: number; key: string } {
  const date = new Date(timeMs);
  const [year, month] = [date.getUTCFullYear(), date.getUTCMonth()];
  return {
    startMs: Date.UTC(year, month, 1),
    endMs: Date.UTC(year, month + 1, 1),
    key: `${year}-${pad(month + 1)}`,
  };
}

/** The weeks or months that [fromMs, toMs) touches, each cut to the window: passes count by their AOS. */
export function periodsOf(period: AvailabilityPeriod, fromMs: number, toMs: number): ContactPeriod[] {
  const out: ContactPeriod[] = [];
  let at = fromMs;
  while (at < toMs) {
    const p = period === 'week' ? { ...isoWeek(at), endMs: isoWeek(at).startMs + 7 * DAY_MS } : monthOf(at);
    out.push({ key: p.key, fromMs: at, toMs: Math.min(p.endMs, toMs) });
    at = p.endMs;
  }
  return out;
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * completed ÷ (completed + partial + missed): planned outages and passes not expected are neither a success
 * nor a failure of the station.
 */
export function availabilityOf(outcomes: OutcomeCounts): number | null {
  const counted = outcomes.completed + outcomes.partial + outcomes.missed;
  return counted === 0 ? null : outcomes.completed / counted;
}

function emptyRow(period: string): AvailabilityRow {
  return { period, outcomes: zeros(CONTACT_OUTCOMES), causes: zeros(CONTACT_CAUSES), availability: null };
}

/** The period holding a day: periods begin at 00:00 UTC but the window's first, so days never straddle two. */
function periodOfDay(periods: readonly ContactPeriod[], dayMs: number): string | undefined {
  let found: ContactPeriod | undefined;
  for (const period of periods) {
    if (period.fromMs > dayMs + DAY_MS - 1) break;
    found = period;
  }
  return found?.key;
}

function add(row: AvailabilityRow, count: ContactCountRow): void {
  row.outcomes[count.outcome] += count.count;
  // Causes are those of the failures only; a failure judged without one counts as unknown.
  if (count.outcome === 'missed' || count.outcome === 'partial')
    (row.causes as CauseCounts)[count.cause ?? 'unknown'] += count.count;
}

/** Station rows in dictionary order and partner rows summed over each partner's stations, every period. */
export function foldAvailability(
  index: DictionaryIndex,
  periods: readonly ContactPeriod[],
  counts: readonly ContactCountRow[],
): Pick<AvailabilityResponse, 'stations' | 'partners'> {
  const keys = [...new Set(periods.map((p) => p.key))];
  const table = () => new Map(keys.map((k) => [k, emptyRow(k)]));
  const stations = new Map(index.dictionary.stations.map((s) => [s.id, table()]));
  const partners = new Map(index.dictionary.partners.map((p) => [p.id, table()]));
  // A year's counts are ~10,000 rows over 365 days: each day's period is looked up once.
  const periodKeys = new Map<number, string | undefined>();
  for (const count of counts) {
    if (!periodKeys.has(count.dayMs)) periodKeys.set(count.dayMs, periodOfDay(periods, count.dayMs));
    const key = periodKeys.get(count.dayMs);
    if (key === undefined) continue;
    const partnerId = index.stationById.get(count.stationId)?.partner;
    const stationRow = stations.get(count.stationId)?.get(key);
    const partnerRow = partnerId === undefined ? undefined : partners.get(partnerId)?.get(key);
    if (stationRow) add(stationRow, count);
    if (partnerRow) add(partnerRow, count);
  }
  const rowsOf = (rows: Map<string, AvailabilityRow>) =>
    [...rows.values()].map((row) => ({ ...row, availability: availabilityOf(row.outcomes) }));
  return {
    stations: index.dictionary.stations.map((s) => ({
      stationId: s.id,
      partnerId: s.partner,
      rows: rowsOf(stations.get(s.id)!),
    })),
    partners: index.dictionary.partners.map((p) => ({ partnerId: p.id, rows: rowsOf(partners.get(p.id)!) })),
  };
}

export interface AggregateQuery {
  fromMs: number;
  toMs: number;
  /** The spacecraft whose records count (the caller's view); absent: all. */
  spacecraftIds?: readonly string[];
}

export async function computeAvailability(
  archive: Pick<ContactArchive, 'contactCounts'>,
  index: DictionaryIndex,
  query: AggregateQuery & { period: AvailabilityPeriod },
): Promise<AvailabilityResponse> {
  const periods = periodsOf(query.period, query.fromMs, query.toMs);
  const counts = await archive.contactCounts(query);
  return {
    from: query.fromMs,
    to: query.toMs,
    period: query.period,
    ...foldAvailability(index, periods, counts),
  };
}

/** A spacecraft's orbital period from its element set's mean motion (rad/min). */
export function orbitPeriodMs(spacecraft: { id: string; tle: readonly [string, string] }): number {
  return ((2 * Math.PI) / orbitOf(spacecraft).satrec.no) * 60_000;
}

/**
 * Whole orbits counted from the start of the part of the window the recorder judged (before its first
 * record or after its last, no orbit could have a record), each with or without a completed contact.
 */
export async function computeCoverage(
  archive: Pick<ContactArchive, 'contactOrbits' | 'contactSpan'>,
  index: DictionaryIndex,
  query: AggregateQuery,
): Promise<CoverageResponse> {
  const span = await archive.contactSpan();
  const fromMs = Math.max(query.fromMs, span?.firstAosMs ?? query.toMs);
  const toMs = Math.min(query.toMs, span?.lastLosMs ?? query.fromMs);
  const visible = index.dictionary.spacecraft.filter(
    (s) => query.spacecraftIds === undefined || query.spacecraftIds.includes(s.id),
  );
  // Whole milliseconds: orbit k's bounds are integers on both archives.
  const periods = visible.map((s) => ({ spacecraftId: s.id, periodMs: Math.round(orbitPeriodMs(s)) }));
  const orbits = new Map(
    periods.map((p) => [p.spacecraftId, Math.max(0, Math.floor((toMs - fromMs) / p.periodMs))]),
  );
  const counted = await Promise.all(
    periods.map((p) =>
      archive.contactOrbits({ ...p, fromMs, toMs: fromMs + orbits.get(p.spacecraftId)! * p.periodMs }),
    ),
  );
  const withContact = new Map(periods.map((p, i) => [p.spacecraftId, counted[i]!]));
  return {
    from: query.fromMs,
    to: query.toMs,
    countedFromMs: toMs > fromMs ? fromMs : null,
    countedToMs: toMs > fromMs ? toMs : null,
    spacecraft: periods.map(({ spacecraftId, periodMs }) => {
      const count = orbits.get(spacecraftId)!;
      const covered = Math.min(count, withContact.get(spacecraftId) ?? 0);
      return {
        spacecraftId,
        orbitPeriodMin: Math.round((periodMs / 60_000) * 10) / 10,
        orbits: count,
        orbitsWithContact: covered,
        coverage: count === 0 ? null : covered / count,
      };
    }),
  };
}
