// History queries on SQLite: raw samples, decoded from the frames of the parameter's APID, when the window holds
// no more than maxPoints of them; otherwise buckets keeping the true min and max, from the minute, 10-minute or
// hour rollups in SQL, or from the decoded frames when buckets are narrower than a minute.
import type Database from 'better-sqlite3';
import type { HistorySeries } from '../../../shared/protocol/api';
import type { ArchivedFrames } from '../archivedFrames';
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
import type { SqliteCoarseRollups } from './coarseRollups';
import type { NameIds } from './names';
import type { FrameValueRow } from './statements';

interface BucketParams {
  origin: number;
  bucket: number;
  sc: number;
  p: number;
  from: number;
  to: number;
}

/** No LIMIT: SQLite reads a negative limit as none. */
const ALL_ROWS = -1;

export class SqliteHistory {
  private readonly frames: Database.Statement<[number, number, number, number, number], FrameValueRow>;
  private readonly newestFrames: Database.Statement<[number, number, number, number, number], FrameValueRow>;
  private readonly countUpTo: Database.Statement<[number, number, number, number, number], { n: number }>;
  private readonly rollupBuckets: Record<RollupTier, Database.Statement<[BucketParams], BucketRow>>;

  constructor(
    db: Database.Database,
    private readonly names: NameIds,
    private readonly archived: ArchivedFrames,
    private readonly coarseRollups: SqliteCoarseRollups,
  ) {
    this.frames = db.prepare(
      'SELECT t, pb, bytes FROM frames WHERE sc = ? AND apid = ? AND t >= ? AND t <= ? ORDER BY t, seq LIMIT ?',
    );
    this.newestFrames = db.prepare(
      'SELECT t, pb, bytes FROM frames WHERE sc = ? AND apid = ? AND t >= ? AND t <= ? ORDER BY t DESC, seq DESC LIMIT ?',
    );
    this.countUpTo = db.prepare(
      `SELECT count(*) AS n FROM (SELECT 1 FROM frames WHERE sc = ? AND apid = ? AND t >= ? AND t <= ? LIMIT ?)`,
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
    const slot = this.archived.slotOf(q.parameterId);
    const empty: HistorySeries = { parameterId: q.parameterId, downsampled: false, points: [] };
    if (sc === undefined || slot === undefined || q.toMs < q.fromMs) return empty;

    // Counting up to one frame more than maxPoints tells whether raw samples fit, without counting the whole
    // window, and without copying and decoding the frames of a window that will be answered from rollups.
    const window = [sc, slot.apid, q.fromMs, q.toMs] as const;
    if (q.string) {
      let read = 0;
      const rows = this.newestFrames.iterate(...window, TEXT_HISTORY_FRAMES);
      const counted = (function* () {
        for (const row of rows) {
          read++;
          yield row;
        }
      })();
      return textSeries(q, this.archived.samples(counted, slot), () => read, TEXT_HISTORY_FRAMES);
    }
    if (this.countUpTo.get(...window, q.maxPoints + 1)!.n <= q.maxPoints) {
      return rawSeries(q, [...this.archived.samples(this.frames.iterate(...window, q.maxPoints), slot)]);
    }
    const plan = planBuckets(q.fromMs, q.toMs, q.maxPoints);
    if (plan.tier === 'raw') {
      const samples = this.archived.samples(this.frames.iterate(...window, ALL_ROWS), slot);
      return bucketSeries(q, plan, bucketRawSamples(samples, q.fromMs, plan.bucketMs));
    }
    const p = this.names.find('parameter', q.parameterId);
    if (p === undefined) return bucketSeries(q, plan, []);
    // Cells of the coarse tiers still marked for rebuilding are rebuilt first, so they hold every sample.
    if (plan.tier !== 'minute') this.coarseRollups.settle();
    const width = tierWidthMs(plan.tier);
    const bucketRows = this.rollupBuckets[plan.tier].all({
      origin: q.fromMs,
      bucket: plan.bucketMs,
      sc,
      p,
      from: Math.floor(q.fromMs / width) * width,
      to: q.toMs,
    });
    return bucketSeries(q, plan, bucketRows);
  }
}
