// Contact records in the SQLite archive: one row per spacecraft, station and AOS, the columns the aggregates
// read beside the whole record as JSON.
import type Database from 'better-sqlite3';
import type { ContactRecord } from '../../../shared/protocol/contacts';
import type { ContactOutcomeRow, ContactQuery } from '../types';

export const CONTACTS_TABLE = `
CREATE TABLE IF NOT EXISTS contacts (
  sc TEXT NOT NULL, station TEXT NOT NULL, aos INTEGER NOT NULL, los INTEGER NOT NULL,
  outcome TEXT NOT NULL, cause TEXT, settled INTEGER NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (sc, station, aos)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS contacts_aos ON contacts (aos);
CREATE INDEX IF NOT EXISTS contacts_los ON contacts (los);
CREATE INDEX IF NOT EXISTS contacts_unsettled ON contacts (los) WHERE settled = 0;
`;

interface OutcomeRow {
  sc: string;
  station: string;
  aos: number;
  los: number;
  outcome: ContactOutcomeRow['outcome'];
  cause: ContactOutcomeRow['cause'];
}

export class SqliteContacts {
  private readonly upsert;
  private readonly inWindow;
  private readonly outcomes;
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
        limit: number;
      },
      { body: string }
    >(
      `SELECT body FROM contacts WHERE aos >= @from AND aos <= @to
         AND (@sc IS NULL OR sc = @sc) AND (@station IS NULL OR station = @station)
         AND (@scs IS NULL OR sc IN (SELECT value FROM json_each(@scs)))
       ORDER BY aos, sc, station LIMIT @limit`,
    );
    this.outcomes = db.prepare<[number, number], OutcomeRow>(
      'SELECT sc, station, aos, los, outcome, cause FROM contacts WHERE aos >= ? AND aos < ?',
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
      limit: query.limit,
    });
    return rows.map((row) => JSON.parse(row.body) as ContactRecord);
  }

  outcomeRows(fromMs: number, toMs: number): ContactOutcomeRow[] {
    return this.outcomes.all(fromMs, toMs).map((r) => ({
      spacecraftId: r.sc,
      stationId: r.station,
      aosMs: r.aos,
      losMs: r.los,
      outcome: r.outcome,
      cause: r.cause,
    }));
  }

  lastLosMs(): number | null {
    return this.lastLos.get()?.los ?? null;
  }

  unsettledRecords(limit: number): ContactRecord[] {
    return this.unsettled.all(limit).map((row) => JSON.parse(row.body) as ContactRecord);
  }
}
