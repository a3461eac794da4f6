// The SQLite archive's minute rollups written behind the frames (server/archive/sqlite/minuteRollups.ts): a
// commit's cells are held in memory and marked, written every FLUSH_EVERY_MS or before a read, never counted
// twice after a commit that rolled back, and rebuilt from the frames when the process ended while it held
// them. The clock the flush reads and the timer of a quiet ingest are the test's.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FLUSH_EVERY_MS, HOLD_CELLS, WRITE_CHUNK_CELLS } from '../../server/archive/sqlite/minuteRollups';
import { HOUR_MS, MINUTE_MS } from '../../server/archive/rollup';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import type { CommitBatch, Store } from '../../server/archive/types';
import { tempDir } from '../helpers/auth';
import {
  batchOf,
  DAY0,
  expectedHistory,
  framesOf,
  historyOf,
  samplesOf,
  SPAN_MS,
} from '../helpers/coarseRollups';

type MinuteRow = { sc: number; p: number; t: number; n: number; sum: number; min: number; max: number };

describe('minute rollups of the SQLite archive, written behind the frames', () => {
  let dir: string;
  let file: string;
  let nowMs = 0;
  const stores: Store[] = [];

  const open = () => {
    const store = createSqliteStore({ file });
    stores.push(store);
    return store;
  };
  /** What the file holds, read by a connection of its own as another process would. */
  const onDisk = () => {
    const db = new Database(file, { readonly: true });
    try {
      return {
        cells: db.prepare('SELECT * FROM rollup_minute ORDER BY sc, p, t').all() as MinuteRow[],
        marks: (db.prepare('SELECT count(*) AS n FROM rollup_unflushed').get() as { n: number }).n,
      };
    } finally {
      db.close();
    }
  };
  /** Per parameter: how many minute cells it has and how many samples they count. */
  const perParameter = (cells: MinuteRow[]) => {
    const counts = new Map<number, { cells: number; samples: number }>();
    for (const cell of cells) {
      const count = counts.get(cell.p) ?? { cells: 0, samples: 0 };
      count.cells++;
      count.samples += cell.n;
      counts.set(cell.p, count);
    }
    return [...counts.values()];
  };
  const commitAll = async (store: Store, frames: CommitBatch['frames'], size = 200) => {
    for (let i = 0; i < frames.length; i += size) {
      expect(await store.commit(batchOf(frames.slice(i, i + size)))).not.toContain(false);
    }
  };

  beforeEach(() => {
    dir = tempDir('ortaq-minutes-');
    file = path.join(dir, 'archive.sqlite');
    nowMs = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => nowMs);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });

  afterEach(async () => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    for (const store of stores.splice(0)) await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holds a commit’s cells with a mark per spacecraft and minute, and writes them all before a read', async () => {
    const store = open();
    const frames = framesOf(0);
    await commitAll(store, frames);
    const held = onDisk();
    expect(held.cells).toEqual([]);
    // framesOf spans 3 hours of one spacecraft: a mark per minute.
    expect(held.marks).toBe(180);

    expect(await historyOf(store)).toEqual(expectedHistory(samplesOf(frames)));
    const written = onDisk();
    expect(written.marks).toBe(0);
    // Every parameter of the packet has its cell in each of the 180 minutes, counting each frame once.
    const counts = perParameter(written.cells);
    expect(counts.length).toBeGreaterThan(1);
    expect(new Set(counts.map((c) => `${c.cells} ${c.samples}`))).toEqual(new Set([`180 ${frames.length}`]));
  });

  it(`writes a minute's cells with the first commit ${FLUSH_EVERY_MS / 1000} s after they were first held`, async () => {
    const store = open();
    const frames = framesOf(0);
    // 600 frames 7 s apart fill minutes 0–69 exactly; the next ones start minute 70.
    await commitAll(store, frames.slice(0, 600));
    nowMs += FLUSH_EVERY_MS - 1;
    await commitAll(store, frames.slice(600, 800));
    expect(onDisk().cells).toEqual([]);
    nowMs += 1;
    await commitAll(store, frames.slice(800, 1000));
    const written = onDisk();
    expect(new Set(perParameter(written.cells).map((c) => c.samples))).toEqual(new Set([600]));
    expect(new Set(written.cells.map((cell) => cell.t)).size).toBe(70);
    // Minutes 70–116 stay held, each with its mark, until they are due or the store closes.
    expect(written.marks).toBe(Math.floor((999 * 7) / 60) - 70 + 1);
    await commitAll(store, frames.slice(1000));
    await store.close();
    expect(onDisk()).toMatchObject({ marks: 0 });
    expect(new Set(perParameter(onDisk().cells).map((c) => c.samples))).toEqual(new Set([frames.length]));
  });

  it(`writes the oldest minutes while more than ${HOLD_CELLS} cells are held, about ${WRITE_CHUNK_CELLS} a commit`, async () => {
    const store = open();
    // A day of one spacecraft at once, as a playback brings it: 1,440 minutes of 11 parameters.
    const frames = framesOf(0, DAY0, DAY0 + 24 * HOUR_MS);
    let largestWrite = 0;
    let before = 0;
    for (let i = 0; i < frames.length; i += 200) {
      await commitAll(store, frames.slice(i, i + 200));
      const cells = onDisk().cells.length;
      largestWrite = Math.max(largestWrite, cells - before);
      before = cells;
    }
    const { cells, marks } = onDisk();
    const parameters = perParameter(cells).length;
    expect(cells.length).toBeGreaterThan(0);
    // What stays held is under the bound (plus what one commit adds), and it is the newest minutes.
    expect(marks * parameters).toBeLessThanOrEqual(HOLD_CELLS + parameters * 24);
    const newestWritten = Math.max(...cells.map((cell) => cell.t));
    expect(newestWritten).toBeLessThan(DAY0 + (1440 - marks) * MINUTE_MS);
    // A commit's write waits for about WRITE_CHUNK_CELLS upserts, never a whole backlog.
    expect(largestWrite).toBeLessThanOrEqual(WRITE_CHUNK_CELLS + parameters * 24);
    expect(await historyOf(store)).toEqual(
      expectedHistory(samplesOf(frames.filter((f) => f.timeMs < DAY0 + SPAN_MS))),
    );
  });

  it(`writes what a quiet ingest left held ${FLUSH_EVERY_MS / 1000} s after its last commit`, async () => {
    const store = open();
    const frames = framesOf(0);
    await commitAll(store, frames.slice(0, 400));
    vi.advanceTimersByTime(FLUSH_EVERY_MS - 1);
    await commitAll(store, frames.slice(400, 500));
    expect(onDisk().cells).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(onDisk().marks).toBe(0);
    expect(new Set(perParameter(onDisk().cells).map((c) => c.samples))).toEqual(new Set([500]));
  });

  it('takes nothing from a commit that rolled back, and holds what came before it', async () => {
    const store = open();
    const frames = framesOf(0);
    await commitAll(store, frames.slice(0, 400));
    // An alarm without a spacecraft cannot be written: the transaction rolls back after the frames' cells.
    const failing = { ...batchOf(frames.slice(400, 800)), alarms: [{ id: 'a1' } as never] };
    await expect(store.commit(failing)).rejects.toThrow();
    expect(onDisk().marks).toBe(Math.ceil((400 * 7) / 60)); // 400 frames of 7 s: minutes 0–46
    await commitAll(store, frames.slice(400));
    expect(await historyOf(store)).toEqual(expectedHistory(samplesOf(frames)));
  });

  it('leaves the held minutes to the ingesting store when a tool opens the archive beside it', async () => {
    const store = open();
    const frames = framesOf(0);
    await commitAll(store, frames);
    const marks = onDisk().marks;
    expect(marks).toBeGreaterThan(0);
    const ledger = createSqliteStore({ file, ingests: false });
    expect(onDisk()).toEqual({ cells: [], marks });
    await ledger.close();
    // Written once, by the store that held them.
    expect(await historyOf(store)).toEqual(expectedHistory(samplesOf(frames)));
  });

  it('rebuilds the held minutes from their frames when the archive is opened after the process died', async () => {
    const frames = framesOf(0);
    const lateFrames = framesOf(1);
    // The reference: the same frames, written by a store that closed cleanly.
    const referenceFile = path.join(dir, 'reference.sqlite');
    const reference = createSqliteStore({ file: referenceFile });
    await commitAll(reference, [...frames, ...lateFrames]);
    await reference.close();

    // The first process wrote some cells, held the rest, and was never closed (as when it is killed).
    const killed = open();
    stores.pop();
    await commitAll(killed, frames.slice(0, 700));
    nowMs += FLUSH_EVERY_MS;
    await commitAll(killed, frames.slice(700, 900));
    await commitAll(killed, [...frames.slice(900), ...lateFrames]);
    expect(onDisk().marks).toBeGreaterThan(0);

    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const reopened = open();
    expect(log.mock.calls.join('\n')).toMatch(/minute rollups of \d+ spacecraft-minutes rebuilt/);
    const recovered = onDisk();
    expect(recovered.marks).toBe(0);
    const expected = new Database(referenceFile, { readonly: true });
    const referenceCells = expected
      .prepare('SELECT * FROM rollup_minute ORDER BY sc, p, t')
      .all() as MinuteRow[];
    expected.close();
    // Sums are added in another order than the commits added them: equal but for the last bits.
    const withoutSum = ({ sc, p, t, n, min, max }: MinuteRow) => ({ sc, p, t, n, min, max });
    expect(recovered.cells.map(withoutSum)).toEqual(referenceCells.map(withoutSum));
    recovered.cells.forEach((cell, i) => expect(cell.sum).toBeCloseTo(referenceCells[i]!.sum, 6));
    expect(await historyOf(reopened)).toEqual(expectedHistory(samplesOf([...frames, ...lateFrames])));
  });
});
