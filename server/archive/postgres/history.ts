// History queries on PostgreSQL: raw samples, decoded from the frames of the parameter's APIDs (every packet
// carrying it, merged in time order), when the window holds no more than maxPoints of them; otherwise buckets
// keeping the true min and max, from the minute, 10-minute or hour rollups in SQL, or from the decoded frames
// when buckets are narrower than a minute.
// Same plan and bucket arithmetic as the SQLite archive (server/archive/rollup.ts, historyPoints.ts).
import type { Pool } from 'pg';
import type { HistorySeries } from '../../../shared/protocol/api';
import type { ArchivedFrames, ArchivedFrameRow } from '../archivedFrames';
import {
  bucketRawSamples,
  bucketSeries,
  rawSeries,
  textSeries,
  TEXT_HISTORY_FRAMES,
  type BucketRow,
} from '../historyPoints';
import { planBuckets, tierWidthMs, type RollupTier } from '../rollup';
import type { HistoryQuery } from '../types';
import type { PgCoarseRollups } from './coarseRollups';
import type { PgNames } from './names';

// $5 NULL reads the whole window (LIMIT NULL is no limit). One APID is one range of the frames key in time
// order; the APIDs of a parameter several packets carry are merged by a sort, over no more rows than the
// window holds (the count comes first), and kept out of the one-APID plan.
const ONE_APID = 'apid = $2';
const SEVERAL_APIDS = 'apid = ANY($2::integer[])';
const framesSql = (apids: string, order = 't, apid, seq') =>
  `SELECT t, pb, bytes FROM frames WHERE sc = $1 AND ${apids} AND t >= $3 AND t <= $4 ORDER BY ${order} LIMIT $5`;
// Newest first: a string's history reads back from the window's end (textSeries).
const NEWEST_FIRST = 't DESC, apid DESC, seq DESC';
const countUpToSql = (apids: string) => `SELECT count(*) AS n FROM
  (SELECT 1 FROM frames WHERE sc = $1 AND ${apids} AND t >= $3 AND t <= $4 LIMIT $5) f`;
const WINDOW_SQL = {
  one: {
    frames: framesSql(ONE_APID),
    newestFrames: framesSql(ONE_APID, NEWEST_FIRST),
    countUpTo: countUpToSql(ONE_APID),
  },
  several: {
    frames: framesSql(SEVERAL_APIDS),
    newestFrames: framesSql(SEVERAL_APIDS, NEWEST_FIRST),
    countUpTo: countUpToSql(SEVERAL_APIDS),
  },
};

// $1 origin, $2 bucket width, $3 sc, $4 p, $5 from, $6 to. Bigint division truncates, like SQLite's.
// A rollup cell that starts before `from` lands in bucket 0 (its minute or hour overlaps the window).
const rollupBucketsSql = (table: string) =>
  `SELECT GREATEST(0, (t - $1::bigint) / $2::bigint) AS b, min(min) AS min, max(max) AS max, sum(sum) AS sum,
      sum(n)::float8 AS n
    FROM ${table} WHERE sc = $3 AND p = $4 AND t >= $5 AND t <= $6 GROUP BY 1 ORDER BY 1`;

const TIER_SQL: Record<RollupTier, string> = {
  minute: rollupBucketsSql('rollup_minute'),
  tenMinute: rollupBucketsSql('rollup_10min'),
  hour: rollupBucketsSql('rollup_hour'),
};

export async function queryHistory(
  pool: Pool,
  names: PgNames,
  archived: ArchivedFrames,
  coarseRollups: Pick<PgCoarseRollups, 'settle'>,
  q: HistoryQuery,
): Promise<HistorySeries> {
  const empty: HistorySeries = { parameterId: q.parameterId, downsampled: false, points: [] };
  const place = archived.slotsOf(q.parameterId);
  if (q.toMs < q.fromMs || place === undefined) return empty;
  const sc = await names.find('spacecraft', q.spacecraftId);
  if (sc === undefined) return empty;

  // Counting up to one frame more than maxPoints tells whether raw samples fit, without counting the whole
  // window, and without sending the frames of a window that will be answered from rollups. (A frame
  // committed between the two queries may be left out of a raw answer; maxPoints is never exceeded.)
  const several = place.apids.length > 1;
  const sql = several ? WINDOW_SQL.several : WINDOW_SQL.one;
  const window = [sc, several ? place.apids : place.apids[0], q.fromMs, q.toMs];
  const frames = (limit: number | null) => pool.query<ArchivedFrameRow>(sql.frames, [...window, limit]);
  if (q.string) {
    const { rows } = await pool.query<ArchivedFrameRow>(sql.newestFrames, [...window, TEXT_HISTORY_FRAMES]);
    return textSeries(q, archived.samples(rows, place), () => rows.length, TEXT_HISTORY_FRAMES);
  }
  const count = await pool.query<{ n: number }>(sql.countUpTo, [...window, q.maxPoints + 1]);
  if (count.rows[0]!.n <= q.maxPoints) {
    return rawSeries(q, [...archived.samples((await frames(q.maxPoints)).rows, place)]);
  }
  const plan = planBuckets(q.fromMs, q.toMs, q.maxPoints);
  if (plan.tier === 'raw') {
    const samples = archived.samples((await frames(null)).rows, place);
    return bucketSeries(q, plan, bucketRawSamples(samples, q.fromMs, plan.bucketMs));
  }
  const p = await names.find('parameter', q.parameterId);
  if (p === undefined) return bucketSeries(q, plan, []);
  // The 10-minute and hour cells lag the minute cells until settled: every committed sample is in them after.
  if (plan.tier !== 'minute') await coarseRollups.settle();
  const width = tierWidthMs(plan.tier);
  const buckets = await pool.query<BucketRow>(TIER_SQL[plan.tier], [
    q.fromMs,
    plan.bucketMs,
    sc,
    p,
    Math.floor(q.fromMs / width) * width,
    q.toMs,
  ]);
  return bucketSeries(q, plan, buckets.rows);
}
