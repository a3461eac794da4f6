// The 10-minute and hour rollups of the PostgreSQL archive, kept from its minute rollup as the SQLite archive
// keeps them (../sqlite/coarseRollups.ts). A commit upserts its minute cells and marks, in rollup_pending and
// in its own transaction, each (spacecraft, parameter, 10 minutes) it touched; a settle replaces each marked
// 10-minute cell, and the hour cell around it, by the sum of their minute cells and drops the marks. A crash
// leaves the marks for the next settle, and a rebuilt cell replaces what was there: never counted twice.
// Settles run outside the commits (the acks do not wait for them), every so many commits, and before every
// read of the 10-minute or hour tier, so a query sees every committed sample.
//
// Several nodes commit and settle on one database, in READ COMMITTED. What must never happen is a mark
// dropped while a minute change it stands for, committed or committing, is not yet in the coarse cells:
// - A commit marks with ON CONFLICT DO UPDATE … WHERE false: an existing mark is row-locked (not rewritten)
//   until the commit ends. A settle locks the marks it takes (SELECT … FOR UPDATE) before it reads a minute
//   cell, so a mark a committing transaction holds makes the settle wait for that commit; the rebuild then
//   runs as a later statement, whose snapshot holds that commit's minutes.
// - A mark a commit inserts is invisible to a settle until the commit ends, so the settle leaves it; if the
//   settle holds the mark the commit wants (it is deleting it), the commit waits, finds it gone and inserts
//   a new one, which stands for its minutes the settle did not see.
// - Settles take turns (a transaction-scoped advisory lock): a rebuild from an older snapshot could otherwise
//   overwrite, after it, another node's rebuild of the same hour that held more committed minutes.
// Both take their marks in key order, so a settle and a commit never wait for each other in a cycle.
import type { Pool, PoolClient } from 'pg';
import { withTransaction } from '../../postgres/pool';
import { HOUR_MS, SETTLE_EVERY_COMMITS, TEN_MINUTES_MS, type RollupCell } from '../rollup';

export const PENDING_ROLLUPS_MIGRATION = `
CREATE TABLE rollup_pending (
  sc integer NOT NULL, p integer NOT NULL, t bigint NOT NULL,
  PRIMARY KEY (sc, p, t)
);`;

/** New marks since the last settle that start one early (a playback of many hours marks many cells). */
const SETTLE_AT_MARKS = 4_000;
/**
 * Marks rebuilt per settle transaction: a commit that marks one of them waits for that transaction, so a
 * settle of many marks is cut into short ones.
 */
const MARKS_PER_TRANSACTION = 1_000;

const SETTLE_LOCK_KEY = "hashtext(current_schema() || ':ortaq-coarse-rollups')";

// The row lock is what matters (see the top): WHERE false takes it without writing a new row version.
const MARK_SQL = `INSERT INTO rollup_pending AS m (sc, p, t)
  SELECT * FROM unnest($1::integer[], $2::integer[], $3::bigint[])
  ON CONFLICT (sc, p, t) DO UPDATE SET t = excluded.t WHERE false`;

const TAKE_MARKS_SQL = 'SELECT sc, p, t FROM rollup_pending ORDER BY sc, p, t LIMIT $1 FOR UPDATE';

/**
 * The cells of `table` over `cells` (sc, p, t) from their minute cells. The sums are added one after the
 * other in time order, as the SQLite rebuild and a commit's accumulator add them.
 */
function replaceFromMinutes(table: string, cells: string, widthMs: number): string {
  return `INSERT INTO ${table} AS c (sc, p, t, n, sum, min, max)
  SELECT k.sc, k.p, k.t, sum(r.n)::bigint, sum(r.sum ORDER BY r.t), min(r.min), max(r.max)
  FROM ${cells} k JOIN rollup_minute r ON r.sc = k.sc AND r.p = k.p AND r.t >= k.t AND r.t < k.t + ${widthMs}
  GROUP BY k.sc, k.p, k.t ORDER BY k.sc, k.p, k.t
  ON CONFLICT (sc, p, t) DO UPDATE SET n = excluded.n, sum = excluded.sum, min = excluded.min,
    max = excluded.max`;
}

const REBUILD_SQL = `WITH marked AS (
  DELETE FROM rollup_pending m USING unnest($1::integer[], $2::integer[], $3::bigint[]) AS k(sc, p, t)
  WHERE m.sc = k.sc AND m.p = k.p AND m.t = k.t RETURNING m.sc, m.p, m.t
), ten_minutes AS (${replaceFromMinutes('rollup_10min', 'marked', TEN_MINUTES_MS)})
${replaceFromMinutes('rollup_hour', `(SELECT DISTINCT sc, p, t / ${HOUR_MS} * ${HOUR_MS} AS t FROM marked)`, HOUR_MS)}`;

interface Mark {
  sc: number;
  p: number;
  t: number;
}

/**
 * Inside a commit's transaction, after its minute cells are written: marks the 10-minute cells they fall in.
 * Answers how many marks are new.
 */
export async function markMinutes(client: PoolClient, minutes: Iterable<RollupCell>): Promise<number> {
  // One row per mark: a multi-row upsert may not touch the same row twice.
  const marks = new Map<string, Mark>();
  for (const cell of minutes) {
    const t = Math.floor(cell.timeMs / TEN_MINUTES_MS) * TEN_MINUTES_MS;
    marks.set(`${cell.spacecraft}:${cell.parameter}:${t}`, { sc: cell.spacecraft, p: cell.parameter, t });
  }
  if (marks.size === 0) return 0;
  const rows = [...marks.values()].sort((a, b) => a.sc - b.sc || a.p - b.p || a.t - b.t);
  const { rowCount } = await client.query(MARK_SQL, [
    rows.map((r) => r.sc),
    rows.map((r) => r.p),
    rows.map((r) => r.t),
  ]);
  return rowCount ?? 0;
}

export class PgCoarseRollups {
  private commitsSinceSettle = 0;
  private marksSinceSettle = 0;
  private background: Promise<void> | null = null;

  constructor(
    private readonly pool: Pool,
    /** A settle in the background that failed: its marks stay for the next one. */
    private readonly onBackgroundError: (error: unknown) => void,
  ) {}

  /** After a commit: every so many commits or new marks, a settle starts beside the ingest. */
  committed(newMarks: number): void {
    this.commitsSinceSettle++;
    this.marksSinceSettle += newMarks;
    if (this.commitsSinceSettle < SETTLE_EVERY_COMMITS && this.marksSinceSettle < SETTLE_AT_MARKS) return;
    if (this.background) return;
    this.commitsSinceSettle = 0;
    this.marksSinceSettle = 0;
    // When another node is settling, this one leaves it the marks rather than queue behind it.
    this.background = this.settleMarks(false)
      .catch(this.onBackgroundError)
      .finally(() => {
        this.background = null;
      });
  }

  /** Before a read of the 10-minute or hour tier: every mark committed before it is rebuilt. */
  settle(): Promise<void> {
    return this.settleMarks(true);
  }

  /** The settle running in the background, if any, has ended (before the pool closes). */
  async idle(): Promise<void> {
    await this.background;
  }

  private async settleMarks(waitForOtherSettles: boolean): Promise<void> {
    for (;;) {
      const taken = await this.settleSome(waitForOtherSettles);
      if (taken < MARKS_PER_TRANSACTION) return;
    }
  }

  /** One transaction: up to MARKS_PER_TRANSACTION marks rebuilt and dropped. Answers how many (0: none taken). */
  private settleSome(waitForOtherSettles: boolean): Promise<number> {
    return withTransaction(this.pool, async (client) => {
      if (waitForOtherSettles) {
        await client.query(`SELECT pg_advisory_xact_lock(${SETTLE_LOCK_KEY})`);
      } else {
        const { rows } = await client.query<{ locked: boolean }>(
          `SELECT pg_try_advisory_xact_lock(${SETTLE_LOCK_KEY}) AS locked`,
        );
        if (!rows[0]!.locked) return 0;
      }
      const { rows } = await client.query<Mark>(TAKE_MARKS_SQL, [MARKS_PER_TRANSACTION]);
      // A statement after the one that locked the marks: its snapshot holds the commits it waited for.
      if (rows.length > 0) {
        await client.query(REBUILD_SQL, [rows.map((r) => r.sc), rows.map((r) => r.p), rows.map((r) => r.t)]);
      }
      return rows.length;
    });
  }
}
