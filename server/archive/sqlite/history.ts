// History queries on SQLite: raw samples, decoded from the frames of the parameter's APIDs (every packet
// carrying it, merged in time order), when the window holds no more than maxPoints of them; otherwise buckets
// keeping the true min and max, from the minute, 10-minute or hour rollups in SQL, or from the decoded frames
// when buckets are narrower than a minute.
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

/** sc, the APIDs, from, to, limit. */
type WindowParams = number[];

/** The frame queries of a parameter carried under some number of APIDs. */
interface WindowStatements {
  frames: Database.Statement<WindowParams, FrameValueRow>;
  /** The same frames newest first: a string's history reads back from the window's end (textSeries). */
  newestFrames: Database.Statement<WindowParams, FrameValueRow>;
  countUpTo: Database.Statement<WindowParams, { n: number }>;
}

export class SqliteHistory {
  /**
   * By number of APIDs. One APID reads the frames key in time order; several are merged by a sort, over no
   * more rows than the window holds (the count comes first).
   */
  private readonly windows = new Map<number, WindowStatements>();
  private readonly rollupBuckets: Record<RollupTier, Database.Statement<[BucketParams], BucketRow>>;

  constructor(
    private readonly db: Database.Database,
    private readonly names: NameIds,
    private readonly archived: ArchivedFrames,
    /** Writes what the rollups of a tier still hold back (minute cells in memory, coarse cells to rebuild). */
    private readonly rollupsReadable: (tier: RollupTier) => void,
  ) {
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

  private statementsFor(apidCount: number): WindowStatements {
    let statements = this.windows.get(apidCount);
    if (!statements) {
      const apids = `apid IN (${Array<string>(apidCount).fill('?').join(', ')})`;
      const where = `sc = ? AND ${apids} AND t >= ? AND t <= ?`;
      statements = {
        frames: this.db.prepare(
          `SELECT t, pb, bytes FROM frames WHERE ${where} ORDER BY t, apid, seq LIMIT ?`,
        ),
        newestFrames: this.db.prepare(
          `SELECT t, pb, bytes FROM frames WHERE ${where} ORDER BY t DESC, apid DESC, seq DESC LIMIT ?`,
        ),
        countUpTo: this.db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM frames WHERE ${where} LIMIT ?)`),
      };
      this.windows.set(apidCount, statements);
    }
    return statements;
  }

  query(q: HistoryQuery): HistorySeries {
    const sc = this.names.find('spacecraft', q.spacecraftId);
    const place = this.archived.slotsOf(q.parameterId);
    const empty: HistorySeries = { parameterId: q.parameterId, downsampled: false, points: [] };
    if (sc === undefined || place === undefined || q.toMs < q.fromMs) return empty;

    // Counting up to one frame more than maxPoints tells whether raw samples fit, without counting the whole
    // window, and without copying and decoding the frames of a window that will be answered from rollups.
    const { frames, newestFrames, countUpTo } = this.statementsFor(place.apids.length);
    const window = [sc, ...place.apids, q.fromMs, q.toMs];
    if (q.string) {
      let read = 0;
      const rows = newestFrames.iterate(...window, TEXT_HISTORY_FRAMES);
      const counted = (function* () {
        for (const row of rows) {
          read++;
          yield row;
        }
      })();
      return textSeries(q, this.archived.samples(counted, place), () => read, TEXT_HISTORY_FRAMES);
    }
    if (countUpTo.get(...window, q.maxPoints + 1)!.n <= q.maxPoints) {
      return rawSeries(q, [...this.archived.samples(frames.iterate(...window, q.maxPoints), place)]);
    }
    const plan = planBuckets(q.fromMs, q.toMs, q.maxPoints);
    if (plan.tier === 'raw') {
      const samples = this.archived.samples(frames.iterate(...window, ALL_ROWS), place);
      return bucketSeries(q, plan, bucketRawSamples(samples, q.fromMs, plan.bucketMs));
    }
    const p = this.names.find('parameter', q.parameterId);
    if (p === undefined) return bucketSeries(q, plan, []);
    // Cells held in memory or marked for rebuilding are written first, so the tier holds every sample.
    this.rollupsReadable(plan.tier);
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
