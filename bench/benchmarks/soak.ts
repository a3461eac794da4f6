// Benchmark 8, soak: the server with its built-in simulator at 1000× (30 minutes ≈ 3 weeks of fleet time),
// as `npm start` runs it. Reported: server RSS and JS heap growth after warm-up (target ≤ 10 %), archive
// growth per simulated day, and frames ingested. --quick runs it for 45 s; ORTAQ_BENCH_SOAK_S sets the length.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SQLITE_FILE } from '../harness/appOptions';
import { readMetrics } from '../harness/metrics';
import { valueRow } from '../harness/rows';
import { median } from '../harness/stats';
import { startServerProcess } from '../harness/serverProcess';
import type { BenchContext, ResultRow } from '../harness/types';

const SPEED = 1000;
const SAMPLE_EVERY_MS = 5000;
const DAY_MS = 86_400_000;

interface Reading {
  wallMs: number;
  rssBytes: number;
  heapUsedBytes: number;
  archiveBytes: number;
  framesStored: number;
}

function archiveBytes(dataDir: string): number {
  return ['', '-wal'].reduce((sum, suffix) => {
    const file = path.join(dataDir, SQLITE_FILE + suffix);
    return sum + (fs.existsSync(file) ? fs.statSync(file).size : 0);
  }, 0);
}

async function framesStored(url: string): Promise<number> {
  return (await readMetrics(url)).get('ortaq_frames_stored_total') ?? NaN;
}

function growth(readings: readonly Reading[], pick: (r: Reading) => number): number {
  // After warm-up: the median of the first three readings vs the median of the last three.
  const first = median(readings.slice(0, 3).map(pick));
  const last = median(readings.slice(-3).map(pick));
  return ((last - first) / first) * 100;
}

export async function run(context: BenchContext): Promise<ResultRow[]> {
  const seconds = Number(process.env.ORTAQ_BENCH_SOAK_S ?? (context.quick ? 45 : 1800));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-soak-'));
  const server = await startServerProcess({
    kind: 'ortaq',
    dataDir,
    stationTokens: [],
    simulatorSpeed: SPEED,
  });
  const readings: Reading[] = [];
  try {
    const started = performance.now();
    // Warm-up: the first fifth of the run (JIT, caches, the first passes filling the live state).
    const warmUpMs = Math.max(10_000, seconds * 200);
    while (performance.now() - started < seconds * 1000) {
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
      const stats = await server.stats();
      const reading: Reading = {
        wallMs: performance.now() - started,
        rssBytes: stats.rssBytes,
        heapUsedBytes: stats.heapUsedBytes,
        archiveBytes: archiveBytes(dataDir),
        framesStored: await framesStored(server.url),
      };
      if (reading.wallMs >= warmUpMs) readings.push(reading);
    }
    context.log(
      readings
        .map(
          (r) =>
            `${(r.wallMs / 1000).toFixed(0)}s rss ${(r.rssBytes / 2 ** 20).toFixed(0)} MB, ${r.framesStored} frames`,
        )
        .join('; '),
    );
  } finally {
    await server.stop();
  }
  const first = readings[0]!;
  const last = readings.at(-1)!;
  const simulatedDays = ((last.wallMs - first.wallMs) * SPEED) / DAY_MS;
  const archivePerDay = (last.archiveBytes - first.archiveBytes) / simulatedDays;
  fs.rmSync(dataDir, { recursive: true, force: true });
  const bench = 'soak';
  const workload = `simulator at ${SPEED}×, ${seconds} s (${(((seconds * SPEED) / DAY_MS) * 1000).toFixed(1)} simulated days)`;
  return [
    valueRow(
      {
        bench,
        metric: 'server RSS growth after warm-up',
        workload,
        unit: '%',
        target: { value: 10, better: 'lower', on: 'median' },
        note: `RSS ${(first.rssBytes / 2 ** 20).toFixed(0)} → ${(last.rssBytes / 2 ** 20).toFixed(0)} MB`,
      },
      growth(readings, (r) => r.rssBytes),
    ),
    valueRow(
      {
        bench,
        metric: 'server JS heap growth after warm-up',
        workload,
        unit: '%',
        note: `heap ${(first.heapUsedBytes / 2 ** 20).toFixed(0)} → ${(last.heapUsedBytes / 2 ** 20).toFixed(0)} MB`,
      },
      growth(readings, (r) => r.heapUsedBytes),
    ),
    valueRow(
      { bench, metric: 'SQLite archive growth', workload, unit: 'MB/simulated day' },
      archivePerDay / 2 ** 20,
    ),
    valueRow(
      { bench, metric: 'frames stored', workload, unit: 'frames/simulated day' },
      (last.framesStored - first.framesStored) / simulatedDays,
    ),
  ];
}
