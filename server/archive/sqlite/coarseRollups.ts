// The 10-minute and hour rollups of the SQLite archive, kept from its minute rollup. Upserting all three tiers
// in every commit cost about 12 statements per 130-octet packet, a third of the ingest's CPU; a commit now
// upserts the minute cells and marks each (spacecraft, parameter, 10 minutes) it touched, once until the mark
// is settled. Settling replaces each marked 10-minute cell, and the hour cell around it, by the sum of their
// minute cells, and drops those marks, in one transaction. A commit settles at most SETTLE_CHUNK_MARKS of
// them, oldest first (a settle of thousands held a commit's acks for 150 ms and more); a read settles them
// all. The marks are rows written in the commit's transaction, so a crash leaves them for the next settle:
// the coarse cells are rebuilt exactly, never counted twice. Every read of those tiers settles first
// (SqliteHistory), so a query sees every committed sample, as when the cells were upserted at ingest.
import type Database from 'better-sqlite3';
import { HOUR_MS, SETTLE_EVERY_COMMITS, TEN_MINUTES_MS, type RollupCell } from '../rollup';
/**
 * Marks held before a settle regardless of commits (a playback of many hours marks many 10-minute cells): a
 * settle costs ~30–45 µs a mark, and runs inside a commit, whose ack waits for it.
 */
const SETTLE_AT_MARKS = 4_000;
/** Marks one commit settles at most (more only when over SETTLE_AT_MARKS): ~20 ms of its acks' wait. */
const SETTLE_CHUNK_MARKS = 500;

/** Same series key as RollupAccumulator: name ids are far below 2^26. */
const SERIES_STRIDE = 2 ** 26;

export const PENDING_ROLLUPS_TABLE = `
CREATE TABLE IF NOT EXISTS rollup_pending (
  sc INTEGER NOT NULL, p INTEGER NOT NULL, t INTEGER NOT NULL,
  PRIMARY KEY (sc, p, t)
) WITHOUT ROWID;`;

type MinuteRow = [n: number, sum: number, min: number, max: number];

type CellRow = [sc: number, p: number, t: number, n: number, sum: number, min: number, max: number];

export class SqliteCoarseRollups {
  /** The marks the table holds, so a commit writes a mark only when it is new. */
  private readonly marks = new Map<number, Set<number>>();
  private markCount = 0;
  private commitsSinceSettle = 0;
  private readonly insertMark: Database.Statement<[number, number, number]>;
  private readonly allMarks: Database.Statement<[], { sc: number; p: number; t: number }>;
  private readonly minuteCells: Database.Statement<[number, number, number, number], MinuteRow>;
  private readonly replaceTenMinutes: Database.Statement<CellRow>;
  private readonly replaceHour: Database.Statement<CellRow>;
  private readonly dropMarks: Database.Statement<[]>;
  private readonly dropMark: Database.Statement<[number, number, number]>;
  private readonly settleAll: () => void;

  constructor(db: Database.Database) {
    this.insertMark = db.prepare('INSERT OR IGNORE INTO rollup_pending (sc, p, t) VALUES (?, ?, ?)');
    this.allMarks = db.prepare('SELECT sc, p, t FROM rollup_pending');
    // Read as arrays: a settle reads up to 60 minute cells per hour it rebuilds.
    this.minuteCells = db
      .prepare<[number, number, number, number], MinuteRow>(
        'SELECT n, sum, min, max FROM rollup_minute WHERE sc = ? AND p = ? AND t >= ? AND t < ? ORDER BY t',
      )
      .raw(true);
    this.replaceTenMinutes = db.prepare(replaceSql('rollup_10min'));
    this.replaceHour = db.prepare(replaceSql('rollup_hour'));
    this.dropMarks = db.prepare('DELETE FROM rollup_pending');
    this.dropMark = db.prepare('DELETE FROM rollup_pending WHERE sc = ? AND p = ? AND t = ?');
    this.settleAll = db.transaction(() => this.settleInTransaction());
    this.reload();
  }

  /** Inside a commit's transaction, after its minute cells are written. */
  markMinutes(cells: Iterable<RollupCell>): void {
    for (const cell of cells) this.markMinute(cell);
  }

  /** The same for one minute cell (the minute rollups write theirs one by one). */
  markMinute(cell: RollupCell): void {
    const series = cell.spacecraft * SERIES_STRIDE + cell.parameter;
    const start = Math.floor(cell.timeMs / TEN_MINUTES_MS) * TEN_MINUTES_MS;
    let starts = this.marks.get(series);
    if (!starts) {
      starts = new Set();
      this.marks.set(series, starts);
    }
    if (starts.has(start)) return;
    starts.add(start);
    this.markCount++;
    this.insertMark.run(cell.spacecraft, cell.parameter, start);
  }

  /**
   * Inside a commit's transaction, last: every so many commits, or with many marks, settles the oldest of them,
   * a chunk a commit until none is left, so the marks stay few and no commit waits for all of them.
   */
  afterCommitWrites(): void {
    this.commitsSinceSettle++;
    if (this.commitsSinceSettle >= SETTLE_EVERY_COMMITS || this.markCount >= SETTLE_AT_MARKS) {
      this.settleInTransaction(Math.max(SETTLE_CHUNK_MARKS, this.markCount - SETTLE_AT_MARKS));
    }
  }

  /** Before a read of the 10-minute or hour tier. */
  settle(): void {
    if (this.markCount === 0) return;
    try {
      this.settleAll();
    } catch (error) {
      this.reload();
      throw error;
    }
  }

  /** After a commit rolled back: the marks it added in memory are not in the table. */
  reload(): void {
    this.marks.clear();
    this.markCount = 0;
    for (const row of this.allMarks.iterate()) {
      const series = row.sc * SERIES_STRIDE + row.p;
      let starts = this.marks.get(series);
      if (!starts) {
        starts = new Set();
        this.marks.set(series, starts);
      }
      starts.add(row.t);
      this.markCount++;
    }
  }

  /** Rebuilds the marked cells (the `limit` oldest when there are more) and drops their marks. */
  private settleInTransaction(limit = Infinity): void {
    if (this.markCount === 0) {
      this.commitsSinceSettle = 0;
      return;
    }
    const marked: { series: number; start: number }[] = [];
    for (const [series, starts] of this.marks) for (const start of starts) marked.push({ series, start });
    const all = marked.length <= limit;
    const settling = all ? marked : marked.sort((a, b) => a.start - b.start).slice(0, limit);
    const hours = new Map<number, Set<number>>();
    for (const { series, start } of settling) {
      this.rebuild(this.replaceTenMinutes, series, start, TEN_MINUTES_MS);
      let hourStarts = hours.get(series);
      if (!hourStarts) {
        hourStarts = new Set();
        hours.set(series, hourStarts);
      }
      hourStarts.add(Math.floor(start / HOUR_MS) * HOUR_MS);
    }
    for (const [series, starts] of hours) {
      for (const start of starts) this.rebuild(this.replaceHour, series, start, HOUR_MS);
    }
    if (all) {
      this.dropMarks.run();
      this.marks.clear();
      this.markCount = 0;
      this.commitsSinceSettle = 0;
      return;
    }
    for (const { series, start } of settling) {
      this.dropMark.run(Math.floor(series / SERIES_STRIDE), series % SERIES_STRIDE, start);
      const starts = this.marks.get(series)!;
      starts.delete(start);
      if (starts.size === 0) this.marks.delete(series);
      this.markCount--;
    }
  }

  /**
   * The cell from its minute cells, added one after the other in time order as a commit's accumulator adds
   * them (SQL's SUM compensates rounding, and would answer in other last bits than the upserts did).
   */
  private rebuild(replace: Database.Statement<CellRow>, series: number, start: number, widthMs: number) {
    const sc = Math.floor(series / SERIES_STRIDE);
    const p = series % SERIES_STRIDE;
    let n = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const [cellN, cellSum, cellMin, cellMax] of this.minuteCells.all(sc, p, start, start + widthMs)) {
      n += cellN;
      sum += cellSum;
      if (cellMin < min) min = cellMin;
      if (cellMax > max) max = cellMax;
    }
    if (n > 0) replace.run(sc, p, start, n, sum, min, max);
  }
}

function replaceSql(table: string): string {
  return `INSERT OR REPLACE INTO ${table} (sc, p, t, n, sum, min, max) VALUES (?, ?, ?, ?, ?, ?, ?)`;
}
