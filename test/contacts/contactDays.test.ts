// Availability is summed from contact days (records counted per day by triggers) plus the records of the
// partial days at a window's ends. On both archives it must give exactly what counting the records gives:
// for day-aligned and ragged windows, a partner's spacecraft only, after records were judged again, and in
// an archive written before the days existed (the migration counts its records).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexDictionary } from '../../shared/dictionary';
import { seededRandom } from '../../shared/random';
import { CONTACT_CAUSES, CONTACT_OUTCOMES, type ContactRecord } from '../../shared/protocol/contacts';
import type { ContactCountQuery, ContactCountRow } from '../../server/archive/types';
import { computeAvailability, foldAvailability, periodsOf } from '../../server/contacts/aggregates';
import { DICTIONARY } from '../../server/mission/shipped';
import { contactRecord, FIXTURE_T0 } from '../helpers/contacts';
import { RAW_ARCHIVES, type RawArchive } from '../helpers/rawArchive';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = FIXTURE_T0;
const index = indexDictionary(DICTIONARY);
const SPACECRAFT = DICTIONARY.spacecraft.map((s) => s.id);
const STATIONS = DICTIONARY.stations.map((s) => s.id);

/** A judged pass with a random outcome; a failure has a cause or (as judged before causes) none. */
function judged(random: () => number, base: ContactRecord): ContactRecord {
  const outcome = CONTACT_OUTCOMES[Math.floor(random() * CONTACT_OUTCOMES.length)]!;
  const failed = outcome === 'missed' || outcome === 'partial';
  const cause = failed ? ([...CONTACT_CAUSES, null] as const)[Math.floor(random() * 4)]! : null;
  return { ...base, outcome, cause };
}

/** 20 days of passes of every pair, a few a day at random times, several close to midnight. */
function fixture(seed: number): ContactRecord[] {
  const random = seededRandom(seed).next;
  const records: ContactRecord[] = [];
  for (let day = 0; day < 20; day++) {
    for (const [i, spacecraftId] of SPACECRAFT.entries()) {
      for (const [j, stationId] of STATIONS.entries()) {
        if ((i + j + day) % 3 === 0) continue;
        const times = [random() * DAY, DAY - 1 - Math.floor(random() * 60_000), random() * 3 * HOUR];
        for (const offset of times) {
          const aosMs = T0 + day * DAY + Math.floor(offset);
          records.push(judged(random, contactRecord({ spacecraftId, stationId, aosMs })));
        }
      }
    }
  }
  return records;
}

/** Counting the records themselves: what availability was summed from before there were contact days. */
function countRecords(records: readonly ContactRecord[], query: ContactCountQuery): ContactCountRow[] {
  const counts = new Map<string, ContactCountRow>();
  for (const r of records) {
    if (r.aosMs < query.fromMs || r.aosMs >= query.toMs) continue;
    if (query.spacecraftIds && !query.spacecraftIds.includes(r.spacecraftId)) continue;
    const dayMs = Math.floor(r.aosMs / DAY) * DAY;
    const key = `${dayMs}|${r.stationId}|${r.outcome}|${r.cause}`;
    const row = counts.get(key) ?? {
      dayMs,
      stationId: r.stationId,
      outcome: r.outcome,
      cause: r.cause,
      count: 0,
    };
    row.count++;
    counts.set(key, row);
  }
  return sorted([...counts.values()]);
}

const sorted = (rows: ContactCountRow[]) =>
  [...rows].sort(
    (a, b) =>
      a.dayMs - b.dayMs ||
      a.stationId.localeCompare(b.stationId) ||
      a.outcome.localeCompare(b.outcome) ||
      String(a.cause).localeCompare(String(b.cause)),
  );

const WINDOWS: ContactCountQuery[] = [
  { fromMs: T0, toMs: T0 + 20 * DAY },
  { fromMs: T0 - 3 * DAY, toMs: T0 + 30 * DAY },
  // Ragged ends: partial days from the records, whole ones from the days.
  { fromMs: T0 + 2 * DAY + 7 * HOUR + 123, toMs: T0 + 11 * DAY + 23 * HOUR + 59 * 60_000 },
  { fromMs: T0 + 5 * DAY + HOUR, toMs: T0 + 5 * DAY + 20 * HOUR },
  { fromMs: T0 + 3 * DAY - 1, toMs: T0 + 4 * DAY + 1 },
  { fromMs: T0 + 6 * DAY, toMs: T0 + 6 * DAY },
  {
    fromMs: T0 + DAY / 2,
    toMs: T0 + 19 * DAY,
    spacecraftIds: ['gokturk-2', 'gokturk-1a', 'imece', 'ortaq-1'],
  },
  { fromMs: T0, toMs: T0 + 20 * DAY, spacecraftIds: ['kazeosat-1'] },
  { fromMs: T0, toMs: T0 + 20 * DAY, spacecraftIds: [] },
];

async function expectSameAsRecords(raw: RawArchive, records: readonly ContactRecord[]): Promise<void> {
  for (const query of WINDOWS) {
    const expected = countRecords(records, query);
    expect(sorted(await raw.store.contactCounts(query)), JSON.stringify(query)).toEqual(expected);
  }
  // And the views built on them: week and month availability of stations and partners.
  for (const period of ['week', 'month'] as const) {
    const query = { ...WINDOWS[2]!, period };
    const fromRecords = foldAvailability(
      index,
      periodsOf(period, query.fromMs, query.toMs),
      countRecords(records, query),
    );
    const body = await computeAvailability(raw.store, index, query);
    expect({ stations: body.stations, partners: body.partners }).toEqual(fromRecords);
  }
}

describe.each(RAW_ARCHIVES)('contact days on $name', (factory) => {
  let raw: RawArchive;
  let records: ContactRecord[];

  beforeEach(async () => {
    raw = await factory.create();
    records = fixture(20);
    await raw.store.saveContacts(records);
  }, 60_000);
  afterEach(() => raw.dispose());

  it('count what the records count, for any window and any set of spacecraft', async () => {
    expect(records.length).toBeGreaterThan(1000);
    await expectSameAsRecords(raw, records);
  });

  it('follow records judged again: each moves from its old outcome and cause to its new ones', async () => {
    const random = seededRandom(7).next;
    const rejudged = records.filter((_, i) => i % 4 === 0).map((r) => judged(random, r));
    // Some keep what they had (nothing moves), others change outcome or cause, some twice in a row.
    await raw.store.saveContacts(rejudged);
    const twice = rejudged.filter((_, i) => i % 3 === 0).map((r) => judged(random, r));
    await raw.store.saveContacts(twice);
    const now = new Map(records.map((r) => [`${r.spacecraftId}|${r.stationId}|${r.aosMs}`, r]));
    for (const r of [...rejudged, ...twice]) now.set(`${r.spacecraftId}|${r.stationId}|${r.aosMs}`, r);
    const changed = rejudged.filter((r, i) => r.outcome !== records[i * 4]!.outcome);
    expect(changed.length).toBeGreaterThan(50);
    await expectSameAsRecords(raw, [...now.values()]);
  });

  it('are counted from the records of an archive written before them, and kept from then on', async () => {
    // As the previous schema left it: records, no days.
    await raw.exec(
      raw.engine === 'sqlite'
        ? `DROP TABLE contact_days; DROP TRIGGER contact_days_add; DROP TRIGGER contact_days_move;
           DROP TRIGGER contact_days_remove; PRAGMA user_version = 10;`
        : // Migrations run past the newest recorded: the later ones are undone too, to run again.
          `DROP TABLE contact_days; DROP FUNCTION contact_days_count() CASCADE; DROP TABLE rollup_pending;
           DELETE FROM schema_migrations WHERE version >= 11;`,
    );
    await raw.reopen();
    await expectSameAsRecords(raw, records);
    const later = contactRecord({
      stationId: 'baku',
      aosMs: T0 + 4 * DAY + HOUR,
      outcome: 'missed',
      cause: 'station',
    });
    await raw.store.saveContacts([later]);
    await expectSameAsRecords(raw, [...records, later]);
  });
});
