// Contact records in the PostgreSQL archive: one row per spacecraft, station and AOS, the columns the
// aggregates read beside the whole record as JSON text (parsed the same way as SQLite's).
import type pg from 'pg';
import type { ContactRecord } from '../../../shared/protocol/contacts';
import { CONTACT_DAY_MS as DAY, NO_CAUSE, splitByDay } from '../contactDays';
import type { ContactCountQuery, ContactCountRow, ContactOrbitQuery, ContactQuery } from '../types';

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

/**
 * Summed by the database per UTC day: whole days from contact_days, the partial days at the window's ends
 * from the records, two parts that hold different days (the same query as SQLite's).
 */
export async function contactCounts(pool: pg.Pool, query: ContactCountQuery): Promise<ContactCountRow[]> {
  const { cells, head, tail } = splitByDay(query.fromMs, query.toMs);
  const { rows } = await pool.query<ContactCountRow>(
    `SELECT day AS "dayMs", station AS "stationId", outcome, nullif(cause, '${NO_CAUSE}') AS cause,
       sum(n) AS count
     FROM contact_days WHERE day >= $1 AND day < $2 AND ($7::text[] IS NULL OR sc = ANY($7))
     GROUP BY day, station, outcome, cause HAVING sum(n) > 0
     UNION ALL
     SELECT aos / ${DAY} * ${DAY}, station, outcome, cause, count(*) FROM contacts
     WHERE ((aos >= $3 AND aos < $4) OR (aos >= $5 AND aos < $6)) AND ($7::text[] IS NULL OR sc = ANY($7))
     GROUP BY 1, station, outcome, cause`,
    [
      cells.fromMs,
      cells.toMs,
      head.fromMs,
      head.toMs,
      tail.fromMs,
      tail.toMs,
      query.spacecraftIds ? [...query.spacecraftIds] : null,
    ],
  );
  return rows.map((r) => ({ ...r, dayMs: Number(r.dayMs), count: Number(r.count) }));
}

export async function contactOrbits(pool: pg.Pool, query: ContactOrbitQuery): Promise<number> {
  const { rows } = await pool.query<{ orbits: number }>(
    `SELECT count(DISTINCT (aos - $2::bigint) / $4::bigint) AS orbits FROM contacts
     WHERE sc = $1 AND outcome = 'completed' AND aos >= $2 AND aos < $3`,
    [query.spacecraftId, query.fromMs, query.toMs, query.periodMs],
  );
  return Number(rows[0]?.orbits ?? 0);
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
