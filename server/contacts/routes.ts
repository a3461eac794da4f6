// /api/contacts, declared in the REST route table's terms: contact records (what became of each predicted
// pass), availability of stations and partners, and contact coverage of spacecraft, each as JSON or CSV. A
// record tells how a spacecraft was heard: it is that spacecraft's telemetry, so a partner lists, and adds
// up, the records of the spacecraft it may see only.
import type {
  AvailabilityResponse,
  ContactRecord,
  ContactsResponse,
  CoverageResponse,
} from '../../shared/protocol/contacts';
import type { DictionaryIndex } from '../../shared/dictionary';
import { HttpError } from '../api/errors';
import { availabilityQuery, contactsQuery, coverageQuery, DAY_MS, resolveWindow } from '../api/queries';
import { defineRoute, type ApiRoute } from '../api/route';
import type { ContactArchive } from '../archive/types';
import { mustSee } from '../auth/access/rest';
import { computeAvailability, computeCoverage } from './aggregates';

/** What the contact routes read: the archive's contact records and the mission's index. */
export interface ContactRouteServices {
  archive: Pick<ContactArchive, 'contacts' | 'contactCounts' | 'contactOrbits' | 'contactSpan'>;
  index: DictionaryIndex;
}

export const CONTACTS_CSV_HEADER =
  'spacecraft,station,aos_utc,los_utc,max_elevation_deg,outcome,cause,settled,heard_percent,' +
  'packets_expected,packets_received,frames_expected,frames_received,lost_frames,gaps,best_snr_db,mean_snr_db';
export const AVAILABILITY_CSV_HEADER =
  'kind,id,partner,period,completed,partial,missed,planned,not_expected,' +
  'cause_station,cause_spacecraft,cause_unknown,availability_percent';
export const COVERAGE_CSV_HEADER =
  'spacecraft,from_utc,to_utc,orbit_period_min,orbits,orbits_with_contact,coverage_percent';

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());
const cell = (value: number | string | null) => (value === null ? '' : String(value));
const percent = (share: number | null) => (share === null ? '' : Math.round(share * 1000) / 10);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function requireKnown(api: ContactRouteServices, q: { spacecraft?: string; station?: string }): void {
  if (q.spacecraft !== undefined && !api.index.spacecraftById.has(q.spacecraft))
    throw new HttpError(404, 'unknown_spacecraft', q.spacecraft);
  if (q.station !== undefined && !api.index.stationById.has(q.station))
    throw new HttpError(404, 'unknown_station', q.station);
}

export function contactRoutes(api: ContactRouteServices): ApiRoute[] {
  return [contactsRoute(api), availabilityRoute(api), coverageRoute(api)];
}

function contactsRoute(api: ContactRouteServices): ApiRoute {
  return defineRoute({
    method: 'get',
    path: '/api/contacts',
    query: contactsQuery,
    permission: ['fleet:read'],
    resolve: ({ query }, nowMs) => ({ ...query, ...resolveWindow(query, nowMs, DAY_MS) }),
    access: (q) => [mustSee('telemetry', q.spacecraft)],
    // The query already keeps to the caller's spacecraft; the filter is the last word before the wire.
    filter: (body: ContactsResponse, f) => ({
      ...body,
      contacts: body.contacts.filter((c) => f.sees(c.spacecraftId)),
    }),
    handle: async (q, caller) => {
      requireKnown(api, q);
      // Filtered in the query, before the limit: a partner cannot count hidden records by the shortfall.
      const records = await api.archive.contacts({
        fromMs: q.from,
        toMs: q.to,
        spacecraftId: q.spacecraft,
        stationId: q.station,
        spacecraftIds: caller.visibleSpacecraft('telemetry'),
        outcomes: q.outcome,
        limit: q.limit + 1,
      });
      const body: ContactsResponse = {
        from: q.from,
        to: q.to,
        contacts: records.slice(0, q.limit),
        truncated: records.length > q.limit,
      };
      if (q.format === 'json') return { json: body };
      return {
        csv: {
          filename: `ortaq-contacts-${day(q.from)}.csv`,
          header: CONTACTS_CSV_HEADER,
          rows: body.contacts.map(contactCsvRow),
        },
      };
    },
  });
}

export function contactCsvRow(c: ContactRecord): string {
  return `${[
    c.spacecraftId,
    c.stationId,
    iso(c.aosMs),
    iso(c.losMs),
    Math.round(c.maxElevationDeg * 10) / 10,
    c.outcome,
    cell(c.cause),
    c.settled ? 1 : 0,
    percent(c.heardFraction),
    cell(c.packetsExpected),
    c.packetsReceived,
    cell(c.framesExpected),
    cell(c.framesReceived),
    cell(c.lostFrames),
    c.gaps.length,
    cell(c.bestSnrDb),
    cell(c.meanSnrDb),
  ].join(',')}\n`;
}

function availabilityRoute(api: ContactRouteServices): ApiRoute {
  return defineRoute({
    method: 'get',
    path: '/api/contacts/availability',
    query: availabilityQuery,
    permission: ['fleet:read'],
    resolve: ({ query }, nowMs) => ({ ...query, ...resolveWindow(query, nowMs, 30 * DAY_MS) }),
    handle: async (q, caller) => {
      const body = await computeAvailability(api.archive, api.index, {
        fromMs: q.from,
        toMs: q.to,
        period: q.period,
        spacecraftIds: caller.visibleSpacecraft('telemetry'),
      });
      if (q.format === 'json') return { json: body };
      return {
        csv: {
          filename: `ortaq-availability-${q.period}-${day(q.from)}.csv`,
          header: AVAILABILITY_CSV_HEADER,
          rows: availabilityCsvRows(body),
        },
      };
    },
  });
}

/** Station rows, then partner rows, each period in order. */
export function availabilityCsvRows(body: AvailabilityResponse): string[] {
  const lines = (
    kind: string,
    id: string,
    partnerId: string,
    rows: AvailabilityResponse['partners'][0]['rows'],
  ) =>
    rows.map(
      (r) =>
        `${[
          kind,
          id,
          partnerId,
          r.period,
          r.outcomes.completed,
          r.outcomes.partial,
          r.outcomes.missed,
          r.outcomes.planned,
          r.outcomes.not_expected,
          r.causes.station,
          r.causes.spacecraft,
          r.causes.unknown,
          percent(r.availability),
        ].join(',')}\n`,
    );
  return [
    ...body.stations.flatMap((s) => lines('station', s.stationId, s.partnerId, s.rows)),
    ...body.partners.flatMap((p) => lines('partner', p.partnerId, p.partnerId, p.rows)),
  ];
}

function coverageRoute(api: ContactRouteServices): ApiRoute {
  return defineRoute({
    method: 'get',
    path: '/api/contacts/coverage',
    query: coverageQuery,
    permission: ['fleet:read'],
    resolve: ({ query }, nowMs) => ({ ...query, ...resolveWindow(query, nowMs, 7 * DAY_MS) }),
    filter: (body: CoverageResponse, f) => ({
      ...body,
      spacecraft: body.spacecraft.filter((row) => f.sees(row.spacecraftId)),
    }),
    handle: async (q, caller) => {
      const body = await computeCoverage(api.archive, api.index, {
        fromMs: q.from,
        toMs: q.to,
        spacecraftIds: caller.visibleSpacecraft('telemetry'),
      });
      if (q.format === 'json') return { json: body };
      return {
        csv: {
          filename: `ortaq-coverage-${day(q.from)}.csv`,
          header: COVERAGE_CSV_HEADER,
          rows: body.spacecraft.map(
            (row) =>
              `${[
                row.spacecraftId,
                iso(body.countedFromMs),
                iso(body.countedToMs),
                row.orbitPeriodMin,
                row.orbits,
                row.orbitsWithContact,
                percent(row.coverage),
              ].join(',')}\n`,
          ),
        },
      };
    },
  });
}
