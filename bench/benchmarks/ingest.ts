// Benchmark 2, ingest end to end: 8 station clients over socket.io to acknowledged-and-durable in the archive.
// Baseline in the same run: the bare socket.io transport acknowledging the same batches without processing.
import fs from 'node:fs';
import { latencyRow, rateRow, valueRow } from '../harness/rows';
import { median } from '../harness/stats';
import type { BenchContext, ResultRow } from '../harness/types';
import { sqliteArchiveCounts } from '../workloads/archive';
import { runIngest, type IngestOutcome, type IngestScenario } from '../workloads/ingestRun';

const STATIONS = 8;
// 250 frames a batch, 2 batches in flight per station: 4,000 frames in flight in all, about 80 ms of work at
// the target rate, which leaves room under the 250 ms ack p99 target.
const BATCH_FRAMES = 250;
const WINDOW = 2;

function describe(outcome: IngestOutcome): string {
  const cpu = (outcome.serverCpuMs / outcome.elapsedMs) * 100;
  return (
    `${outcome.sent} sent, ${outcome.stored} stored, ${outcome.duplicate} duplicate, ${outcome.rejected} rejected, ` +
    `${outcome.failedBatches} failed batches; server CPU ${cpu.toFixed(0)} % of one core`
  );
}

function perCpuSecond(outcome: IngestOutcome): number {
  return outcome.stored / (outcome.serverCpuMs / 1000);
}

export async function run(context: BenchContext): Promise<ResultRow[]> {
  const durationMs = context.quick ? 10_000 : 60_000;
  const base: Omit<IngestScenario, 'server'> = {
    lanes: Array.from({ length: STATIONS }, (_, i) => i),
    durationMs,
    batchFrames: BATCH_FRAMES,
    window: WINDOW,
  };
  context.log(`transport baseline, ${durationMs / 1000} s`);
  const echo = await runIngest({ ...base, server: 'echo' });
  context.log(describe(echo));
  context.log(`Ortaq on SQLite, ${durationMs / 1000} s`);
  const sqlite = await runIngest({ ...base, server: 'ortaq' });
  const archived = sqliteArchiveCounts(sqlite.dataDir);
  fs.rmSync(sqlite.dataDir, { recursive: true, force: true });
  context.log(`${describe(sqlite)}; archive holds ${archived.frames} frames, ${archived.samples} samples`);

  const bench = 'ingest';
  const workload = `${STATIONS} stations, 'frames' batches of ${BATCH_FRAMES}, ${WINDOW} in flight, ${durationMs / 1000} s`;
  const echoMedian = median(echo.storedPerSecond);
  const echoLatency = median(echo.ackLatenciesMs);
  return [
    rateRow(
      {
        bench,
        metric: 'ingest to durable, SQLite',
        workload,
        unit: 'frames/s',
        target: { value: 50_000, better: 'higher', on: 'median' },
        baseline: { name: 'socket.io transport only', median: echoMedian },
        note: describe(sqlite),
      },
      sqlite.storedPerSecond,
    ),
    latencyRow(
      {
        bench,
        metric: 'ack latency, SQLite',
        workload,
        unit: 'ms',
        target: { value: 250, better: 'lower', on: 'p99' },
        baseline: { name: 'transport only', median: echoLatency },
      },
      sqlite.ackLatenciesMs,
    ),
    valueRow(
      {
        bench,
        metric: 'ingest per server CPU-second, SQLite',
        workload,
        unit: 'frames/CPU-s',
        baseline: { name: 'transport only', median: perCpuSecond(echo) },
        note: 'frames stored per second of server CPU time: the figure least moved by other load on the machine',
      },
      perCpuSecond(sqlite),
    ),
    valueRow(
      {
        bench,
        metric: 'acked stored but not in archive',
        workload: 'SQLite file read back after shutdown',
        unit: 'frames',
        target: { value: 0, better: 'lower', on: 'median' },
      },
      sqlite.stored - archived.frames,
    ),
  ];
}
