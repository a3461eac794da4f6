// The archive's write path alone: Store.commit with group-commit-sized batches of decoded frames, no sockets.
// It isolates the largest cost of ingest. Baseline in the same run: plain better-sqlite3, the same number of
// rows as one prepared INSERT each into a rowid table in 1000-row WAL transactions (the usual anchor for
// what SQLite does on a machine like this).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import { rateRow } from '../harness/rows';
import { median } from '../harness/stats';
import type { BenchContext, ResultRow } from '../harness/types';
import { STREAM_START_MS, benchStationIds } from '../workloads/ingestRun';
import { RecordStream, rowsOf } from '../workloads/records';

const BATCH = 4000;

interface Sample {
  wallRate: number;
  cpuRate: number;
}

/** Runs `step` (which handles `units` units) repeatedly for about `ms` and reports the rates of each second. */
function measure(ms: number, step: () => number): Sample[] {
  const samples: Sample[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    let units = 0;
    while (performance.now() - wall < 1000) units += step();
    const cpuUsed = process.cpuUsage(cpu);
    samples.push({
      wallRate: units / ((performance.now() - wall) / 1000),
      cpuRate: units / ((cpuUsed.user + cpuUsed.system) / 1e6),
    });
  }
  return samples;
}

function plainInserts(dir: string, ms: number): Sample[] {
  const db = new Database(path.join(dir, 'plain.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE rows (a INTEGER, b INTEGER, t INTEGER, v REAL)');
  const insert = db.prepare('INSERT INTO rows (a, b, t, v) VALUES (?, ?, ?, ?)');
  let t = STREAM_START_MS;
  const transaction = db.transaction(() => {
    for (let i = 0; i < 1000; i++) insert.run(i % 6, i % 42, t++, i * 0.5);
  });
  const samples = measure(ms, () => {
    transaction();
    return 1000;
  });
  db.close();
  return samples;
}

export async function run(context: BenchContext): Promise<ResultRow[]> {
  const seconds = context.quick ? 3 : 20;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-archive-'));
  try {
    const store = createSqliteStore({ file: path.join(dir, 'ortaq.sqlite') });
    const stream = new RecordStream(benchStationIds(8), STREAM_START_MS);
    // Records are made outside the measured step, a batch ahead, so only the archive's work is timed.
    let next = stream.take(BATCH, Date.now());
    const rowsPerFrame = rowsOf(next) / next.length;
    let pending: Promise<unknown> = Promise.resolve();
    const samples = measure(seconds * 1000, () => {
      const batch = next;
      pending = store.commit({ frames: batch, alarms: [], events: [], stations: [], downlink: [] });
      next = stream.take(BATCH, Date.now());
      return batch.length;
    });
    await pending;
    await store.close();
    // measure() above times stream.take too; subtract it by timing it alone.
    const generation = measure(2000, () => stream.take(BATCH, Date.now()).length);
    const correct = (rate: number, generationRate: number) => 1 / (1 / rate - 1 / generationRate);
    const generationCpu = median(generation.map((s) => s.cpuRate));
    const generationWall = median(generation.map((s) => s.wallRate));
    const plain = plainInserts(dir, seconds * 1000);
    const plainFrames = (s: Sample) => s.cpuRate / rowsPerFrame;

    const bench = 'archive';
    const workload = `Store.commit, ${BATCH}-frame batches, 8 stations' lanes, ${rowsPerFrame.toFixed(1)} rows a frame`;
    const baselineName = `plain better-sqlite3 rows ÷ ${rowsPerFrame.toFixed(1)}`;
    return [
      rateRow(
        {
          bench,
          metric: 'archive write, SQLite (wall)',
          workload,
          unit: 'frames/s',
          baseline: { name: baselineName, median: median(plain.map((s) => s.wallRate)) / rowsPerFrame },
        },
        samples.map((s) => correct(s.wallRate, generationWall)),
      ),
      rateRow(
        {
          bench,
          metric: 'archive write, SQLite (CPU)',
          workload,
          unit: 'frames/CPU-s',
          baseline: { name: baselineName, median: median(plain.map(plainFrames)) },
        },
        samples.map((s) => correct(s.cpuRate, generationCpu)),
      ),
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
