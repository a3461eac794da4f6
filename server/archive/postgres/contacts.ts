// Contact records in the PostgreSQL archive: one row per spacecraft, station and AOS, the columns the
// aggregates read beside the whole record as JSON text (parsed the same way as SQLite's).
import type pg from 'pg';
import type { ContactRecord } from '../../../shared/protocol/contacts';
import type { ContactOutcomeRow, ContactQuery } from '../types';

interface OutcomeRow {
  sc: string;
  station: string;
  aos: number;
  los: number;
  outcome: ContactOutcomeRow['outcome'];
  cause: ContactOutcomeRow['cause'];
}

/** One statement for the whole batch: records written by one tick land together or not at all. */
export async function saveContacts(pool: pg.Pool, records: readonly ContactRecord[]): Promise<void> {
  if (records.length === 0) return;
  const body = JSON.stringify(
    records.map((r) => ({
      sc: r.spacecraftId,
      station: r.stationId,
      aos: r.aosMs,
      los: r.losMs,
      outcome: r.outcome,
      cause: r.cause,
      settled: r.settled,
      body: JSON.stringify(r),
    })),
  );
  await pool.query(
    `INSERT INTO contacts (sc, station, aos, los, outcome, cause, settled, body)
     SELECT sc, station, aos, los, outcome, cause, settled, body
     FROM jsonb_to_recordset($1::jsonb) AS x(sc text, station text, aos bigint, los bigint, outcome text,
       cause text, settled boolean, body text)
     ON CONFLICT (sc, station, aos) DO UPDATE SET los = excluded.los, outcome = excluded.outcome,
       cause = excluded.cause, settled = excluded.settled, body = excluded.body`,
    [body],
  );
}

export async function contacts(pool: pg.Pool, query: ContactQuery): Promise<ContactRecord[]> {
  const { rows } = await pool.query<{ body: string }>(
    `SELECT body FROM contacts WHERE aos >= $1 AND aos <= $2
       AND ($3::text IS NULL OR sc = $3) AND ($4::text IS NULL OR station = $4)
       AND ($5::text[] IS NULL OR sc = ANY($5))
     ORDER BY aos, sc, station LIMIT $6`,
    [
      query.fromMs,
      query.toMs,
      query.spacecraftId ?? null,
      query.stationId ?? null,
      query.spacecraftIds ? [...query.spacecraftIds] : null,
      query.limit,
    ],
  );
  return rows.map((row) => JSON.parse(row.body) as ContactRecord);
}

export async function contactOutcomes(
  pool: pg.Pool,
  fromMs: number,
  toMs: number,
): Promise<ContactOutcomeRow[]> {
  const { rows } = await pool.query<OutcomeRow>(
    'SELECT sc, station, aos, los, outcome, cause FROM contacts WHERE aos >= $1 AND aos < $2',
    [fromMs, toMs],
  );
  return rows.map((r) => ({
    spacecraftId: r.sc,
    stationId: r.station,
    aosMs: r.aos,
    losMs: r.los,
    outcome: r.outcome,
    cause: r.cause,
  }));
}

export async function lastContactLosMs(pool: pg.Pool): Promise<number | null> {
  const { rows } = await pool.query<{ los: number | null }>('SELECT max(los) AS los FROM contacts');
  return rows[0]?.los ?? null;
}

export async function unsettledContacts(pool: pg.Pool, limit: number): Promise<ContactRecord[]> {
  const { rows } = await pool.query<{ body: string }>(
    'SELECT body FROM contacts WHERE NOT settled ORDER BY los LIMIT $1',
    [limit],
  );
  return rows.map((row) => JSON.parse(row.body) as ContactRecord);
}
