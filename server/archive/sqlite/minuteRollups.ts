// The minute rollup of the SQLite archive, written behind the frames. Upserting a commit's minute cells in the
// commit itself touched one B-tree page per series (the table is keyed by spacecraft, parameter, time, so each
// series' current minute lies on a page of its own): 2,832 series of a busy fleet rewrote 11 MB of pages in
// every commit, and a commit's cost grew with the archive's history until it was two thirds of the ingest's
// CPU. Now a commit adds its cells to cells held in memory, grouped by spacecraft and minute, and a group is
// written whole (one upsert per cell) once it has been held FLUSH_EVERY_MS, or, oldest minute first, while
// more than HOLD_CELLS are held. A commit writes at most about WRITE_CHUNK_CELLS of them, so no commit's acks
// wait for a burst of scattered upserts. Everything held is written before a read of any rollup tier, at
// close, and by a timer when the ingest goes quiet.
//
// What is held is not lost with the process. A commit marks each (spacecraft, minute) whose cells it left in
// memory, in its own transaction; writing a group drops its mark in the same transaction. Opening an archive
// that still has marks (the process died in between) rebuilds those minutes' cells from their frames, which
// the marked commits stored, and replaces them: exact, never counted twice.
import type Database from 'better-sqlite3';
import { MINUTE_MS, mergeCell, RollupAccumulator, type RollupCell } from '../rollup';
import type { SqliteCoarseRollups } from './coarseRollups';

/** Longest a minute's cells wait in memory before a commit writes them (wall time). */
export const FLUSH_EVERY_MS = 5_000;
/** Cells held beyond which commits write the oldest minutes without waiting (a playback fills many at once). */
export const HOLD_CELLS = 10_000;
/** A commit stops choosing minutes to write once this many cells are chosen: its acks wait for them. */
export const WRITE_CHUNK_CELLS = 3_000;

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

/** The held cells of one spacecraft and minute, by parameter, and since when the first of them is held. */
interface HeldMinute {
  spacecraft: number;
  minute: number;
  heldSinceMs: number;
  cells: Map<number, RollupCell>;
}

type Row = [number, number, number, number, number, number, number];

export class SqliteMinuteRollups {
  /** The commit under way: its cells join the held ones only once it is durable. */
  private readonly batch = new RollupAccumulator();
  /** Held minutes by spacecraft, then by minute. */
  private readonly held = new Map<number, Map<number, HeldMinute>>();
  private heldCells = 0;
  /** The commit under way's cells by spacecraft and minute, less the minutes it wrote: held once durable. */
  private batchMinutes = new Map<number, Map<number, RollupCell[]>>();
  /** The held minutes the commit under way wrote: forgotten once it is durable. */
  private written: HeldMinute[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly upsert: Database.Statement<Row>;
  private readonly replace: Database.Statement<Row>;
  private readonly insertMark: Database.Statement<[number, number]>;
  private readonly dropMark: Database.Statement<[number, number]>;
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
    this.dropMark = db.prepare('DELETE FROM rollup_unflushed WHERE sc = ? AND t = ?');
    this.allMarks = db.prepare('SELECT sc, t FROM rollup_unflushed ORDER BY sc, t');
    this.dropMarks = db.prepare('DELETE FROM rollup_unflushed');
    this.flushAlone = db.transaction(() => this.writeEverything());
  }

  /** Minutes a commit marked but no write took: the process ended between the two. */
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
    for (const cell of rebuilt.minutes()) this.replace.run(...rowOf(cell));
    this.coarse.markMinutes(rebuilt.minutes());
    this.dropMarks.run();
    return minutes;
  }

  /** A sample of the commit under way. */
  add(spacecraft: number, parameter: number, timeMs: number, value: number): void {
    this.batch.add(spacecraft, parameter, timeMs, value);
  }

  /**
   * Inside the commit's transaction, after its frames: writes the minutes that are due with the commit's own
   * cells of them, and marks the minutes whose cells stay in memory.
   */
  writeInTransaction(): void {
    this.written = [];
    const batchMinutes = groupByMinute(this.batch.minutes());
    this.batchMinutes = batchMinutes;
    for (const [spacecraft, minutes] of batchMinutes) {
      for (const minute of minutes.keys()) {
        // A minute held already has its mark; INSERT OR IGNORE keeps a rolled-back commit's marks harmless.
        if (!this.held.get(spacecraft)?.has(minute)) this.insertMark.run(spacecraft, minute);
      }
    }
    for (const held of this.dueMinutes(batchMinutes)) {
      this.write(held.cells.values());
      const ofBatch = batchMinutes.get(held.spacecraft);
      this.write(ofBatch?.get(held.minute) ?? []);
      ofBatch?.delete(held.minute);
      this.dropMark.run(held.spacecraft, held.minute);
      this.written.push(held);
    }
  }

  /** The commit is durable: the minutes it wrote are forgotten, its other cells held. */
  committed(): void {
    const nowMs = performance.now();
    for (const held of this.written) this.forget(held);
    for (const minutes of this.batchMinutes.values()) {
      for (const cells of minutes.values()) for (const cell of cells) this.hold(cell, nowMs);
    }
    this.endBatch();
    if (this.heldCells > 0) this.flushTimer ??= setTimeout(() => this.flushQuietly(), FLUSH_EVERY_MS).unref();
  }

  /** The commit rolled back: its cells and marks never were, and what it wrote is still held. */
  rolledBack(): void {
    this.endBatch();
  }

  private endBatch(): void {
    this.written = [];
    this.batchMinutes = new Map();
    this.batch.clear();
  }

  /** Writes every held cell now, in a transaction of its own (before a read, at close). */
  flush(): void {
    if (this.heldCells === 0) return;
    try {
      this.flushAlone();
    } catch (error) {
      // Rolled back: the cells stay held, and the coarse marks it added in memory are not in the table.
      this.coarse.reload();
      throw error;
    }
    this.forgetAll();
  }

  /** No timer left behind (the archive closes). */
  stop(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  /**
   * The minutes this commit writes, oldest first: those held FLUSH_EVERY_MS, then more while over HOLD_CELLS,
   * until about WRITE_CHUNK_CELLS cells are chosen.
   */
  private dueMinutes(batchMinutes: Map<number, Map<number, RollupCell[]>>): HeldMinute[] {
    const dueSinceMs = performance.now() - FLUSH_EVERY_MS;
    const overflow = this.heldCells + this.batch.size - HOLD_CELLS;
    const candidates: HeldMinute[] = [];
    for (const minutes of this.held.values()) {
      for (const held of minutes.values()) {
        if (held.heldSinceMs <= dueSinceMs || overflow > 0) candidates.push(held);
      }
    }
    candidates.sort((a, b) => a.minute - b.minute || a.spacecraft - b.spacecraft);
    const chosen: HeldMinute[] = [];
    let cells = 0;
    for (const held of candidates) {
      if (cells >= WRITE_CHUNK_CELLS) break;
      // While over HOLD_CELLS only as many as bring the cells held back under it.
      if (held.heldSinceMs > dueSinceMs && cells >= overflow) continue;
      chosen.push(held);
      cells += held.cells.size + (batchMinutes.get(held.spacecraft)?.get(held.minute)?.length ?? 0);
    }
    return chosen;
  }

  private writeEverything(): void {
    for (const minutes of this.held.values())
      for (const held of minutes.values()) this.write(held.cells.values());
    this.dropMarks.run();
  }

  /** Cells upserted; the coarse tiers are rebuilt from minute cells, so they learn of them now. */
  private write(cells: Iterable<RollupCell>): void {
    for (const cell of cells) {
      this.upsert.run(...rowOf(cell));
      this.coarse.markMinute(cell);
    }
  }

  private hold(cell: RollupCell, nowMs: number): void {
    let minutes = this.held.get(cell.spacecraft);
    if (!minutes) {
      minutes = new Map();
      this.held.set(cell.spacecraft, minutes);
    }
    let held = minutes.get(cell.timeMs);
    if (!held) {
      held = { spacecraft: cell.spacecraft, minute: cell.timeMs, heldSinceMs: nowMs, cells: new Map() };
      minutes.set(cell.timeMs, held);
    }
    const same = held.cells.get(cell.parameter);
    if (same) mergeCell(same, cell);
    else {
      held.cells.set(cell.parameter, { ...cell });
      this.heldCells++;
    }
  }

  private forget(held: HeldMinute): void {
    const minutes = this.held.get(held.spacecraft);
    if (!minutes?.delete(held.minute)) return;
    this.heldCells -= held.cells.size;
    if (minutes.size === 0) this.held.delete(held.spacecraft);
  }

  private forgetAll(): void {
    this.stop();
    this.held.clear();
    this.heldCells = 0;
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
}

/** Cells by spacecraft, then by minute. */
function groupByMinute(cells: Iterable<RollupCell>): Map<number, Map<number, RollupCell[]>> {
  const bySpacecraft = new Map<number, Map<number, RollupCell[]>>();
  for (const cell of cells) {
    let minutes = bySpacecraft.get(cell.spacecraft);
    if (!minutes) {
      minutes = new Map();
      bySpacecraft.set(cell.spacecraft, minutes);
    }
    const group = minutes.get(cell.timeMs);
    if (group) group.push(cell);
    else minutes.set(cell.timeMs, [cell]);
  }
  return bySpacecraft;
}

function rowOf(cell: RollupCell): Row {
  return [cell.spacecraft, cell.parameter, cell.timeMs, cell.count, cell.sum, cell.min, cell.max];
}
