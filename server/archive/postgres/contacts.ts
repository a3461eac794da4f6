// Contact records in the PostgreSQL archive: one row per spacecraft, station and AOS, the columns the
// aggregates read beside the whole record as JSON text (parsed the same way as SQLite's).
import type pg from 'pg';
import type { ContactRecord } from '../../../shared/protocol/contacts';
import type {
  ContactCountQuery,
  ContactCountRow,
  ContactOrbitQuery,
  ContactOrbitRow,
  ContactQuery,
} from '../types';

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
       AND ($5::text[] IS NULL OR sc = ANY($5)) AND ($7::text[] IS NULL OR outcome = ANY($7))
     ORDER BY aos, sc, station LIMIT $6`,
    [
      query.fromMs,
      query.toMs,
      query.spacecraftId ?? null,
      query.stationId ?? null,
      query.spacecraftIds ? [...query.spacecraftIds] : null,
      query.limit,
      query.outcomes ? [...query.outcomes] : null,
    ],
  );
  return rows.map((row) => JSON.parse(row.body) as ContactRecord);
}

/** Summed by the database period by period along the AOS index (the same query as SQLite's). */
export async function contactCounts(pool: pg.Pool, query: ContactCountQuery): Promise<ContactCountRow[]> {
  const { rows } = await pool.query<Omit<ContactCountRow, 'count'> & { count: string }>(
    `SELECT p.period, c.station AS "stationId", c.outcome, c.cause, count(*) AS count
     FROM jsonb_to_recordset($1::jsonb) AS p(period text, from_ms bigint, to_ms bigint)
     JOIN contacts AS c ON c.aos >= p.from_ms AND c.aos < p.to_ms
     WHERE $2::text[] IS NULL OR c.sc = ANY($2)
     GROUP BY p.period, c.station, c.outcome, c.cause`,
    [
      JSON.stringify(query.periods.map((p) => ({ period: p.key, from_ms: p.fromMs, to_ms: p.toMs }))),
      query.spacecraftIds ? [...query.spacecraftIds] : null,
    ],
  );
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

export async function contactOrbits(pool: pg.Pool, query: ContactOrbitQuery): Promise<ContactOrbitRow[]> {
  const { rows } = await pool.query<{ spacecraftId: string; orbitsWithContact: string }>(
    `SELECT s.sc AS "spacecraftId", count(DISTINCT (c.aos - $1) / s.period_ms) AS "orbitsWithContact"
     FROM jsonb_to_recordset($3::jsonb) AS s(sc text, period_ms bigint)
     JOIN contacts AS c ON c.sc = s.sc AND c.aos >= $1 AND c.aos < $2
     WHERE c.outcome = 'completed'
     GROUP BY s.sc`,
    [
      query.fromMs,
      query.toMs,
      JSON.stringify(
        query.spacecraft.map((s) => ({ sc: s.spacecraftId, period_ms: Math.round(s.periodMs) })),
      ),
    ],
  );
  return rows.map((r) => ({ spacecraftId: r.spacecraftId, orbitsWithContact: Number(r.orbitsWithContact) }));
}

export async function contactSpan(pool: pg.Pool): Promise<{ firstAosMs: number; lastLosMs: number } | null> {
  const { rows } = await pool.query<{ first: number | null; last: number | null }>(
    'SELECT min(aos) AS first, max(los) AS last FROM contacts',
  );
  const row = rows[0];
  return !row || row.first === null || row.last === null
    ? null
    : { firstAosMs: Number(row.first), lastLosMs: Number(row.last) };
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
