// The PostgreSQL side of receptions per hour (server/archive/receptionHours.ts). The commit that writes the
// seconds writes the hours in the same statement (ADD_RECEPTIONS below); pruning the seconds (partitions
// dropped, rows deleted) prunes the hours in the same transaction.
import type pg from 'pg';
import type { ContactTotal } from '../types';
import { hourOf, RECEPTION_HOUR_MS, splitByHour } from '../receptionHours';
import type { PgNames } from './names';

const HOUR = RECEPTION_HOUR_MS;

/** Migration 9: the hours, and those of the seconds an archive already holds (times are never negative). */
export const RECEPTION_HOURS_MIGRATION = `
CREATE TABLE reception_hours (
  t bigint NOT NULL, sc integer NOT NULL, station integer NOT NULL, seconds integer NOT NULL,
  uniq integer NOT NULL,
  PRIMARY KEY (t, sc, station)
);
INSERT INTO reception_hours (t, sc, station, seconds, uniq)
SELECT t - t % ${HOUR}, sc, station, count(*), sum(uniq) FROM receptions GROUP BY t - t % ${HOUR}, sc, station;
`;

/**
 * The seconds of a commit merged into those there, then their hours: a second counts once, when it is new
 * (what the upsert returns holds just the commit's frames), and every packet new to the archive counts.
 * Hours are written in key order, like the seconds, so two nodes' commits lock them in one order.
 */
export const ADD_RECEPTIONS = `
WITH cells AS (
  SELECT * FROM unnest($1::integer[], $2::integer[], $3::bigint[], $4::bigint[], $5::bigint[], $6::integer[],
    $7::integer[], $8::float8[], $9::integer[], $10::float8[])
    AS c (sc, station, t, first, last, n, uniq, snr_sum, snr_n, snr_max)
), written AS (
  INSERT INTO receptions AS r (sc, station, t, first, last, n, uniq, snr_sum, snr_n, snr_max)
  SELECT * FROM cells
  ON CONFLICT (sc, station, t) DO UPDATE SET first = LEAST(r.first, excluded.first),
    last = GREATEST(r.last, excluded.last), n = r.n + excluded.n, uniq = r.uniq + excluded.uniq,
    snr_sum = r.snr_sum + excluded.snr_sum, snr_n = r.snr_n + excluded.snr_n,
    snr_max = GREATEST(r.snr_max, excluded.snr_max)
  RETURNING r.sc, r.station, r.t, r.n
)
INSERT INTO reception_hours AS h (t, sc, station, seconds, uniq)
SELECT c.t - c.t % ${HOUR}, c.sc, c.station, count(*) FILTER (WHERE w.n = c.n), sum(c.uniq)
FROM cells c JOIN written w ON w.sc = c.sc AND w.station = c.station AND w.t = c.t
GROUP BY c.t - c.t % ${HOUR}, c.sc, c.station
ORDER BY 1, 2, 3
ON CONFLICT (t, sc, station) DO UPDATE SET seconds = h.seconds + excluded.seconds, uniq = h.uniq + excluded.uniq`;

/** Seconds heard and packets first brought per spacecraft and station in [fromMs, toMs). */
export async function contactTotals(
  pool: pg.Pool,
  names: PgNames,
  fromMs: number,
  toMs: number,
): Promise<ContactTotal[]> {
  const { head, hours, tail } = splitByHour(fromMs, toMs);
  const { rows } = await pool.query<{ sc: number; station: number; seconds: number; packets: number }>(
    `SELECT sc, station, sum(seconds)::integer AS seconds, sum(packets)::integer AS packets FROM (
       SELECT sc, station, seconds, uniq AS packets FROM reception_hours WHERE t >= $3 AND t < $4
       UNION ALL SELECT sc, station, 1, uniq FROM receptions WHERE t >= $1 AND t < $2
       UNION ALL SELECT sc, station, 1, uniq FROM receptions WHERE t >= $5 AND t < $6
     ) totals GROUP BY sc, station`,
    [head.fromMs, head.toMs, hours.fromMs, hours.toMs, tail.fromMs, tail.toMs],
  );
  const nameOf = await names.resolve(rows.flatMap((r) => [r.sc, r.station]));
  return rows.map((r) => ({
    spacecraftId: nameOf(r.sc),
    stationId: nameOf(r.station),
    seconds: r.seconds,
    packets: r.packets,
  }));
}

/**
 * After the seconds before the cutoff were deleted, in the same transaction: the hours before it go, and the
 * hour it falls in is summed again from the seconds left of it.
 */
export async function pruneHoursBefore(client: pg.PoolClient, cutoffMs: number): Promise<void> {
  const hour = hourOf(cutoffMs);
  await client.query('DELETE FROM reception_hours WHERE t <= $1', [hour]);
  await client.query(
    `INSERT INTO reception_hours (t, sc, station, seconds, uniq)
     SELECT $1::bigint, sc, station, count(*), sum(uniq) FROM receptions WHERE t >= $1 AND t < $2
     GROUP BY sc, station`,
    [hour, hour + HOUR],
  );
}
