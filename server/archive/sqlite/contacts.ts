// Contact records in the SQLite archive: one row per spacecraft, station and AOS, the columns the aggregates
// read beside the whole record as JSON.
import type Database from 'better-sqlite3';
import type { ContactRecord } from '../../../shared/protocol/contacts';
import { CONTACT_DAY_MS as DAY_MS, NO_CAUSE, splitByDay } from '../contactDays';
import type { ContactCountQuery, ContactCountRow, ContactOrbitQuery, ContactQuery } from '../types';
import { CONTACT_DAYS_TABLE } from './contactDays';

export const CONTACTS_TABLE = `
CREATE TABLE IF NOT EXISTS contacts (
  sc TEXT NOT NULL, station TEXT NOT NULL, aos INTEGER NOT NULL, los INTEGER NOT NULL,
  outcome TEXT NOT NULL, cause TEXT, settled INTEGER NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (sc, station, aos)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS contacts_aos ON contacts (aos);
CREATE INDEX IF NOT EXISTS contacts_los ON contacts (los);
CREATE INDEX IF NOT EXISTS contacts_unsettled ON contacts (los) WHERE settled = 0;
CREATE INDEX IF NOT EXISTS contacts_counts ON contacts (aos, station, outcome, cause, sc);
CREATE INDEX IF NOT EXISTS contacts_orbits ON contacts (sc, outcome, aos);
${CONTACT_DAYS_TABLE}
`;

// Availability's counts: the whole days of the window from contact_days (kept by triggers, see
// contactDays.ts), summed in its key order; the partial days at its ends from the records, through an index
// holding every column they read. The two parts hold different days, so no row is in both. Cells a record
// was judged out of keep a zero count, left out here.
const SCS_FILTER = '(@scs IS NULL OR sc IN (SELECT value FROM json_each(@scs)))';
const COUNTS_SQL = `
SELECT day AS dayMs, station AS stationId, outcome, NULLIF(cause, '${NO_CAUSE}') AS cause, SUM(n) AS count
FROM contact_days
WHERE day >= @daysFrom AND day < @daysTo AND ${SCS_FILTER}
GROUP BY day, station, outcome, cause HAVING SUM(n) > 0
UNION ALL
SELECT aos / ${DAY_MS} * ${DAY_MS} AS dayMs, station AS stationId, outcome, cause, COUNT(*) AS count
FROM contacts INDEXED BY contacts_counts
WHERE ((aos >= @from AND aos < @headTo) OR (aos >= @tailFrom AND aos < @to)) AND ${SCS_FILTER}
GROUP BY dayMs, station, outcome, cause`;

const ORBITS_SQL = `
SELECT COUNT(DISTINCT (aos - CAST(@from AS INTEGER)) / CAST(@period AS INTEGER)) AS orbits FROM contacts
WHERE sc = @sc AND outcome = 'completed' AND aos >= @from AND aos < @to`;

interface CountParams {
  daysFrom: number;
  daysTo: number;
  from: number;
  headTo: number;
  tailFrom: number;
  to: number;
  scs: string | null;
}

export class SqliteContacts {
  private readonly upsert;
  private readonly inWindow;
  private readonly counts;
  private readonly orbits;
  private readonly span;
  private readonly lastLos;
  private readonly unsettled;
  private readonly saveAll: (records: readonly ContactRecord[]) => void;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(
      `INSERT INTO contacts (sc, station, aos, los, outcome, cause, settled, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (sc, station, aos) DO UPDATE SET los = excluded.los, outcome = excluded.outcome,
         cause = excluded.cause, settled = excluded.settled, body = excluded.body`,
    );
    this.inWindow = db.prepare<
      {
        from: number;
        to: number;
        sc: string | null;
        station: string | null;
        scs: string | null;
        outcomes: string | null;
        limit: number;
      },
      { body: string }
    >(
      `SELECT body FROM contacts WHERE aos >= @from AND aos <= @to
         AND (@sc IS NULL OR sc = @sc) AND (@station IS NULL OR station = @station)
         AND (@scs IS NULL OR sc IN (SELECT value FROM json_each(@scs)))
         AND (@outcomes IS NULL OR outcome IN (SELECT value FROM json_each(@outcomes)))
       ORDER BY aos, sc, station LIMIT @limit`,
    );
    this.counts = db.prepare<CountParams, ContactCountRow>(COUNTS_SQL);
    this.orbits = db.prepare<{ sc: string; from: number; to: number; period: number }, { orbits: number }>(
      ORBITS_SQL,
    );
    this.span = db.prepare<[], { first: number | null; last: number | null }>(
      'SELECT MIN(aos) AS first, MAX(los) AS last FROM contacts',
    );
    this.lastLos = db.prepare<[], { los: number | null }>('SELECT MAX(los) AS los FROM contacts');
    this.unsettled = db.prepare<[number], { body: string }>(
      'SELECT body FROM contacts WHERE settled = 0 ORDER BY los LIMIT ?',
    );
    this.saveAll = db.transaction((records: readonly ContactRecord[]) => {
      for (const r of records) {
        this.upsert.run(
          r.spacecraftId,
          r.stationId,
          r.aosMs,
          r.losMs,
          r.outcome,
          r.cause,
          r.settled ? 1 : 0,
          JSON.stringify(r),
        );
      }
    });
  }

  save(records: readonly ContactRecord[]): void {
    this.saveAll(records);
  }

  contacts(query: ContactQuery): ContactRecord[] {
    const rows = this.inWindow.all({
      from: query.fromMs,
      to: query.toMs,
      sc: query.spacecraftId ?? null,
      station: query.stationId ?? null,
      scs: query.spacecraftIds ? JSON.stringify(query.spacecraftIds) : null,
      outcomes: query.outcomes ? JSON.stringify(query.outcomes) : null,
      limit: query.limit,
    });
    return rows.map((row) => JSON.parse(row.body) as ContactRecord);
  }

  countRows(query: ContactCountQuery): ContactCountRow[] {
    const { cells, head, tail } = splitByDay(query.fromMs, query.toMs);
    return this.counts.all({
      daysFrom: cells.fromMs,
      daysTo: cells.toMs,
      from: head.fromMs,
      headTo: head.toMs,
      tailFrom: tail.fromMs,
      to: tail.toMs,
      scs: query.spacecraftIds ? JSON.stringify(query.spacecraftIds) : null,
    });
  }

  orbitCount(query: ContactOrbitQuery): number {
    const { spacecraftId: sc, fromMs: from, toMs: to, periodMs: period } = query;
    return this.orbits.get({ sc, from, to, period })?.orbits ?? 0;
  }

  spanOf(): { firstAosMs: number; lastLosMs: number } | null {
    const row = this.span.get();
    return !row || row.first === null || row.last === null
      ? null
      : { firstAosMs: row.first, lastLosMs: row.last };
  }

  lastLosMs(): number | null {
    return this.lastLos.get()?.los ?? null;
  }

  unsettledRecords(limit: number): ContactRecord[] {
    return this.unsettled.all(limit).map((row) => JSON.parse(row.body) as ContactRecord);
  }
}
