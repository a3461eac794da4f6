// The minute rollup of the SQLite archive, written behind the frames. Upserting a commit's minute cells in the
// commit itself touched one B-tree page per series (the table is keyed by spacecraft, parameter, time, so each
// series' current minute lies on a page of its own): 2,832 series of a busy fleet rewrote 11 MB of pages in
// every commit, and a commit's cost grew with the archive's history until it was two thirds of the ingest's
// CPU. Now a commit adds its cells to cells held in memory, and they are written together every
// FLUSH_EVERY_MS, when many are held, before a read of any rollup tier, and at close: one upsert per cell and
// flush instead of one per commit. Cells that no later commit writes (the ingest went quiet) are written by a
// timer after FLUSH_EVERY_MS.
//
// What is held is not lost with the process. A commit marks each (spacecraft, minute) whose cells it left in
// memory, in its own transaction; a flush writes the cells and drops the marks in one transaction. Opening an
// archive that still has marks (the process died between the two) rebuilds those minutes' cells from their
// frames, which the marked commits stored, and replaces them: exact, never counted twice.
import type Database from 'better-sqlite3';
import { MINUTE_MS, RollupAccumulator, type RollupCell } from '../rollup';
import type { SqliteCoarseRollups } from './coarseRollups';

/** Longest a commit's minute cells wait in memory before they are written (wall time). */
export const FLUSH_EVERY_MS = 5_000;
/** Cells held before a flush regardless of time (a playback of many hours fills many minutes at once). */
const FLUSH_AT_CELLS = 10_000;

export const UNFLUSHED_MINUTES_TABLE = `
CREATE TABLE IF NOT EXISTS rollup_unflushed (
  sc INTEGER NOT NULL, t INTEGER NOT NULL,
  PRIMARY KEY (sc, t)
) WITHOUT ROWID;`;

/** One sample of a rebuilt minute: a parameter's name id, its time and its value. */
export interface RollupSample {
  parameter: number;
  timeMs: number;
  value: number;
}

/** The samples the rollups take from the archived frames of one spacecraft in [fromMs, toMs), in time order. */
export type MinuteSamples = (spacecraft: number, fromMs: number, toMs: number) => Iterable<RollupSample>;

export class SqliteMinuteRollups {
  /** The commit under way: its cells join the held ones only once it is durable. */
  private readonly batch = new RollupAccumulator();
  private readonly held = new RollupAccumulator();
  /** The marks the table holds (spacecraft → minutes), so a commit writes a mark only when it is new. */
  private readonly marked = new Map<number, Set<number>>();
  /** Marks the commit under way wrote: forgotten if it rolls back. */
  private markedInBatch: [spacecraft: number, minute: number][] = [];
  private flushedInBatch = false;
  private lastFlushMs = performance.now();
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly upsert: Database.Statement<[number, number, number, number, number, number, number]>;
  private readonly replace: Database.Statement<[number, number, number, number, number, number, number]>;
  private readonly insertMark: Database.Statement<[number, number]>;
  private readonly allMarks: Database.Statement<[], { sc: number; t: number }>;
  private readonly dropMarks: Database.Statement<[]>;
  private readonly flushAlone: () => void;

  constructor(
    db: Database.Database,
    private readonly coarse: SqliteCoarseRollups,
  ) {
    this.upsert = db.prepare(
      `INSERT INTO rollup_minute (sc, p, t, n, sum, min, max) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (sc, p, t) DO UPDATE SET n = n + excluded.n, sum = sum + excluded.sum,
         min = MIN(min, excluded.min), max = MAX(max, excluded.max)`,
    );
    this.replace = db.prepare(
      'INSERT OR REPLACE INTO rollup_minute (sc, p, t, n, sum, min, max) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertMark = db.prepare('INSERT OR IGNORE INTO rollup_unflushed (sc, t) VALUES (?, ?)');
    this.allMarks = db.prepare('SELECT sc, t FROM rollup_unflushed ORDER BY sc, t');
    this.dropMarks = db.prepare('DELETE FROM rollup_unflushed');
    this.flushAlone = db.transaction(() => this.writeHeld(null));
  }

  /** Minutes a commit marked but no flush wrote: the process ended between the two. */
  hasUnflushedMarks(): boolean {
    return this.allMarks.get() !== undefined;
  }

  /**
   * Rebuilds the minute cells of every marked (spacecraft, minute) from the archived frames and drops the
   * marks; call inside a transaction, before the first commit.
   */
  recoverInTransaction(samplesOf: MinuteSamples): number {
    const rebuilt = new RollupAccumulator();
    let minutes = 0;
    for (const { sc, t } of this.allMarks.all()) {
      for (const sample of samplesOf(sc, t, t + MINUTE_MS)) {
        rebuilt.add(sc, sample.parameter, sample.timeMs, sample.value);
      }
      minutes++;
    }
    for (const cell of rebuilt.minutes()) this.replace.run(...cellRow(cell));
    this.coarse.markMinutes(rebuilt.minutes());
    this.dropMarks.run();
    return minutes;
  }

  /** A sample of the commit under way. */
  add(spacecraft: number, parameter: number, timeMs: number, value: number): void {
    this.batch.add(spacecraft, parameter, timeMs, value);
  }

  /**
   * Inside the commit's transaction, after its frames: writes the held cells with the commit's own when a
   * flush is due, or marks the minutes whose cells stay in memory.
   */
  writeInTransaction(): void {
    this.markedInBatch = [];
    this.flushedInBatch = false;
    const due =
      performance.now() - this.lastFlushMs >= FLUSH_EVERY_MS ||
      this.held.size + this.batch.size >= FLUSH_AT_CELLS;
    if (due) {
      this.writeHeld(this.batch);
      this.flushedInBatch = true;
      return;
    }
    for (const cell of this.batch.minutes()) this.mark(cell.spacecraft, cell.timeMs);
  }

  /** The commit is durable: its cells are held, or were written with the flush it carried. */
  committed(): void {
    if (this.flushedInBatch) this.forgetHeld();
    else for (const cell of this.batch.minutes()) this.held.merge(cell);
    this.batch.clear();
    this.markedInBatch = [];
    if (this.held.size > 0) this.flushTimer ??= setTimeout(() => this.flushQuietly(), FLUSH_EVERY_MS).unref();
  }

  /** The commit rolled back: its cells and marks never were; what was held before it still is. */
  rolledBack(): void {
    for (const [spacecraft, minute] of this.markedInBatch) this.marked.get(spacecraft)?.delete(minute);
    this.markedInBatch = [];
    this.batch.clear();
  }

  /** Writes every held cell now, in a transaction of its own (before a read, at close). */
  flush(): void {
    if (this.held.size === 0) return;
    try {
      this.flushAlone();
    } catch (error) {
      // Rolled back: the cells stay held, and the coarse marks it added in memory are not in the table.
      this.coarse.reload();
      throw error;
    }
    this.forgetHeld();
  }

  /** No timer left behind (the archive closes). */
  stop(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  private flushQuietly(): void {
    this.flushTimer = null;
    try {
      this.flush();
    } catch (error) {
      // The marks stay, and the next commit or read tries again.
      console.error('archive: minute rollups not written:', error instanceof Error ? error.message : error);
    }
  }

  private writeHeld(batch: RollupAccumulator | null): void {
    for (const cells of batch ? [this.held, batch] : [this.held]) {
      for (const cell of cells.minutes()) this.upsert.run(...cellRow(cell));
      // The coarse tiers are rebuilt from minute cells: they learn of a minute once its cells are written.
      this.coarse.markMinutes(cells.minutes());
    }
    this.dropMarks.run();
  }

  private forgetHeld(): void {
    this.stop();
    this.held.clear();
    this.marked.clear();
    this.lastFlushMs = performance.now();
  }

  private mark(spacecraft: number, minute: number): void {
    let minutes = this.marked.get(spacecraft);
    if (!minutes) {
      minutes = new Set();
      this.marked.set(spacecraft, minutes);
    }
    if (minutes.has(minute)) return;
    minutes.add(minute);
    this.markedInBatch.push([spacecraft, minute]);
    this.insertMark.run(spacecraft, minute);
  }
}

function cellRow(cell: RollupCell): [number, number, number, number, number, number, number] {
  return [cell.spacecraft, cell.parameter, cell.timeMs, cell.count, cell.sum, cell.min, cell.max];
}
