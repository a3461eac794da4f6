// The SQLite archive settles its coarse rollup marks a chunk a commit, oldest first (server/archive/sqlite/
// coarseRollups.ts): a commit never waits for thousands of rebuilds, every mark is settled within a few
// commits, and a read still settles them all.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HOUR_MS,
  MINUTE_MS,
  SETTLE_EVERY_COMMITS,
  TEN_MINUTES_MS,
  type RollupCell,
} from '../../server/archive/rollup';
import { SqliteCoarseRollups } from '../../server/archive/sqlite/coarseRollups';
import { migrate } from '../../server/archive/sqlite/schema';

const DAY0 = Date.UTC(2026, 4, 1);
/** 40 series × 30 ten-minute cells (5 hours of one minute cell each 10 minutes): 1,200 marks. */
const SERIES = 40;
const TEN_MINUTE_CELLS = 30;

describe('coarse rollup marks settled a chunk a commit', () => {
  let db: Database.Database;
  let rollups: SqliteCoarseRollups;

  const pendingStarts = () =>
    (db.prepare('SELECT t FROM rollup_pending ORDER BY t').all() as { t: number }[]).map((row) => row.t);
  const cellsIn = (table: string) =>
    (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  beforeEach(() => {
    db = new Database(':memory:');
    migrate(db, 'FULL');
    rollups = new SqliteCoarseRollups(db);
    const cells: RollupCell[] = [];
    const insert = db.prepare(
      'INSERT INTO rollup_minute (sc, p, t, n, sum, min, max) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    for (let p = 1; p <= SERIES; p++) {
      for (let i = 0; i < TEN_MINUTE_CELLS; i++) {
        const cell = {
          spacecraft: 1,
          parameter: p,
          timeMs: DAY0 + i * TEN_MINUTES_MS + 3 * MINUTE_MS,
          count: 2,
          sum: p + i,
          min: 0,
          max: p,
        };
        insert.run(cell.spacecraft, cell.parameter, cell.timeMs, cell.count, cell.sum, cell.min, cell.max);
        cells.push(cell);
      }
    }
    db.transaction(() => rollups.markMinutes(cells))();
  });

  afterEach(() => db.close());

  it('settles the oldest 500 marks in a commit, the next in the following ones, until none is left', () => {
    const commit = () => db.transaction(() => rollups.afterCommitWrites())();
    for (let i = 1; i < SETTLE_EVERY_COMMITS; i++) commit();
    expect(pendingStarts()).toHaveLength(SERIES * TEN_MINUTE_CELLS);
    expect(cellsIn('rollup_10min')).toBe(0);

    commit();
    const left = pendingStarts();
    expect(left).toHaveLength(SERIES * TEN_MINUTE_CELLS - 500);
    // The 500 oldest: 12 ten-minute starts of all 40 series, and 20 of the 13th.
    expect(cellsIn('rollup_10min')).toBe(500);
    expect(Math.min(...left)).toBe(DAY0 + 12 * TEN_MINUTES_MS);
    // The hours around them are rebuilt from every minute cell of the hour (here the first two hours whole).
    const firstHour = db.prepare('SELECT n, sum FROM rollup_hour WHERE p = 7 AND t = ?').get(DAY0) as {
      n: number;
      sum: number;
    };
    expect(firstHour).toEqual({ n: 12, sum: 6 * 7 + (0 + 1 + 2 + 3 + 4 + 5) });

    commit();
    expect(pendingStarts()).toHaveLength(SERIES * TEN_MINUTE_CELLS - 1000);
    commit();
    expect(pendingStarts()).toEqual([]);
    expect(cellsIn('rollup_10min')).toBe(SERIES * TEN_MINUTE_CELLS);
    expect(cellsIn('rollup_hour')).toBe(SERIES * (TEN_MINUTE_CELLS / 6));
    // Nothing left: the next commits settle nothing until SETTLE_EVERY_COMMITS more have passed.
    commit();
    expect(cellsIn('rollup_hour')).toBe(SERIES * 5);
    expect(db.prepare('SELECT n FROM rollup_hour WHERE p = 1 AND t = ?').get(DAY0 + 4 * HOUR_MS)).toEqual({
      n: 12,
    });
  });

  it('settles every mark before a read', () => {
    rollups.settle();
    expect(pendingStarts()).toEqual([]);
    expect(cellsIn('rollup_10min')).toBe(SERIES * TEN_MINUTE_CELLS);
  });
});
