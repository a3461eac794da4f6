// History queries on SQLite: raw samples when the window holds no more than maxPoints of them, otherwise
// buckets computed in SQL from raw samples or from the minute, 10-minute or hour rollups, keeping the true min
// and max.
import type Database from 'better-sqlite3';
import type { HistorySeries } from '../../../shared/protocol/api';
import { bucketSeries, rawSeries, type BucketRow, type RawSampleRow } from '../historyPoints';
import { planBuckets, tierWidthMs, type RollupTier } from '../rollup';
import type { HistoryQuery } from '../types';
import type { NameIds } from './names';

interface BucketParams {
  origin: number;
  bucket: number;
  sc: number;
  p: number;
  from: number;
  to: number;
}

export class SqliteHistory {
  private readonly raw: Database.Statement<unknown[], RawSampleRow>;
  private readonly rawBuckets: Database.Statement<[BucketParams], BucketRow>;
  private readonly rollupBuckets: Record<RollupTier, Database.Statement<[BucketParams], BucketRow>>;

  constructor(
    db: Database.Database,
    private readonly names: NameIds,
  ) {
    this.raw = db.prepare(
      'SELECT t, v, pb FROM samples WHERE sc = ? AND p = ? AND t >= ? AND t <= ? ORDER BY t LIMIT ?',
    );
    this.rawBuckets = db.prepare(
      `SELECT (t - CAST(@origin AS INTEGER)) / CAST(@bucket AS INTEGER) AS b, MIN(v) AS min, MAX(v) AS max, SUM(v) AS sum, COUNT(*) AS n
       FROM samples WHERE sc = @sc AND p = @p AND t >= @from AND t <= @to GROUP BY b ORDER BY b`,
    );
    // Bound numbers arrive as REAL: the casts make the bucket index an integer division. A rollup row that
    // starts before `from` lands in bucket 0 (its minute or hour overlaps the window).
    const rollupSql = (table: string) =>
      `SELECT MAX(0, (t - CAST(@origin AS INTEGER)) / CAST(@bucket AS INTEGER)) AS b, MIN(min) AS min, MAX(max) AS max, SUM(sum) AS sum,
         SUM(n) AS n
       FROM ${table} WHERE sc = @sc AND p = @p AND t >= @from AND t <= @to GROUP BY b ORDER BY b`;
    this.rollupBuckets = {
      minute: db.prepare(rollupSql('rollup_minute')),
      tenMinute: db.prepare(rollupSql('rollup_10min')),
      hour: db.prepare(rollupSql('rollup_hour')),
    };
  }

  query(q: HistoryQuery): HistorySeries {
    const sc = this.names.find('spacecraft', q.spacecraftId);
    const p = this.names.find('parameter', q.parameterId);
    const empty: HistorySeries = { parameterId: q.parameterId, downsampled: false, points: [] };
    if (sc === undefined || p === undefined || q.toMs < q.fromMs) return empty;

    // Reading one row more than maxPoints tells whether raw samples fit, without counting the window.
    const rows = this.raw.all(sc, p, q.fromMs, q.toMs, q.maxPoints + 1);
    if (rows.length <= q.maxPoints) {
      return rawSeries(q, rows);
    }
    const plan = planBuckets(q.fromMs, q.toMs, q.maxPoints);
    let bucketRows: BucketRow[];
    if (plan.tier === 'raw') {
      bucketRows = this.rawBuckets.all({
        origin: q.fromMs,
        bucket: plan.bucketMs,
        sc,
        p,
        from: q.fromMs,
        to: q.toMs,
      });
    } else {
      const width = tierWidthMs(plan.tier);
      const firstCell = Math.floor(q.fromMs / width) * width;
      bucketRows = this.rollupBuckets[plan.tier].all({
        origin: q.fromMs,
        bucket: plan.bucketMs,
        sc,
        p,
        from: firstCell,
        to: q.toMs,
      });
    }
    return bucketSeries(q, plan, bucketRows);
  }
}
