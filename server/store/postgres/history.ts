// History queries on PostgreSQL: raw samples when the window holds no more than maxPoints of them, otherwise
// buckets computed in SQL from raw samples or from the minute, 10-minute or hour rollups, keeping the true min
// and max.
// Same plan and bucket arithmetic as the SQLite archive (server/store/rollup.ts).
import type { Pool } from 'pg';
import type { HistorySeries } from '../../../shared/protocol/api';
import { bucketSeries, rawSeries, type BucketRow, type RawSampleRow } from '../historyPoints';
import { planBuckets, tierWidthMs, type HistoryTier } from '../rollup';
import type { HistoryQuery } from '../types';
import type { PgNames } from './names';

const RAW_SQL =
  'SELECT t, v, pb FROM samples WHERE sc = $1 AND p = $2 AND t >= $3 AND t <= $4 ORDER BY t LIMIT $5';

// $1 origin, $2 bucket width, $3 sc, $4 p, $5 from, $6 to. Bigint division truncates, like SQLite's.
const RAW_BUCKETS_SQL = `SELECT (t - $1::bigint) / $2::bigint AS b, min(v) AS min, max(v) AS max, sum(v) AS sum,
    count(*) AS n
  FROM samples WHERE sc = $3 AND p = $4 AND t >= $5 AND t <= $6 GROUP BY b ORDER BY b`;

// A rollup cell that starts before `from` lands in bucket 0 (its minute or hour overlaps the window).
const rollupBucketsSql = (table: string) =>
  `SELECT GREATEST(0, (t - $1::bigint) / $2::bigint) AS b, min(min) AS min, max(max) AS max, sum(sum) AS sum,
      sum(n)::float8 AS n
    FROM ${table} WHERE sc = $3 AND p = $4 AND t >= $5 AND t <= $6 GROUP BY 1 ORDER BY 1`;

const TIER_SQL: Record<HistoryTier, string> = {
  raw: RAW_BUCKETS_SQL,
  minute: rollupBucketsSql('rollup_minute'),
  tenMinute: rollupBucketsSql('rollup_10min'),
  hour: rollupBucketsSql('rollup_hour'),
};

export async function queryHistory(pool: Pool, names: PgNames, q: HistoryQuery): Promise<HistorySeries> {
  const empty: HistorySeries = { parameterId: q.parameterId, downsampled: false, points: [] };
  if (q.toMs < q.fromMs) return empty;
  const sc = await names.find('spacecraft', q.spacecraftId);
  const p = await names.find('parameter', q.parameterId);
  if (sc === undefined || p === undefined) return empty;

  // Reading one row more than maxPoints tells whether raw samples fit, without counting the window.
  const raw = await pool.query<RawSampleRow>(RAW_SQL, [sc, p, q.fromMs, q.toMs, q.maxPoints + 1]);
  if (raw.rows.length <= q.maxPoints) {
    return rawSeries(q, raw.rows);
  }
  const plan = planBuckets(q.fromMs, q.toMs, q.maxPoints);
  const from =
    plan.tier === 'raw' ? q.fromMs : Math.floor(q.fromMs / tierWidthMs(plan.tier)) * tierWidthMs(plan.tier);
  const buckets = await pool.query<BucketRow>(TIER_SQL[plan.tier], [
    q.fromMs,
    plan.bucketMs,
    sc,
    p,
    from,
    q.toMs,
  ]);
  return bucketSeries(q, plan, buckets.rows);
}
