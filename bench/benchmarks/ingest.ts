// Benchmark 2, ingest end to end: 8 station clients over socket.io to acknowledged-and-durable in the archive.
// Baseline in the same run: the bare socket.io transport acknowledging the same batches without processing.
import fs from 'node:fs';
import { latencyRow, rateRow, valueRow } from '../harness/rows';
import { median } from '../harness/stats';
import type { BenchContext, ResultRow } from '../harness/types';
import { sqliteArchiveCounts } from '../workloads/archive';
import { benchSchema, countPostgresFrames, dropSchema, findPostgres } from '../workloads/postgres';
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

interface ArchiveRun {
  label: string;
  outcome: IngestOutcome;
  archivedFrames: number;
}

async function runOnSqlite(base: Omit<IngestScenario, 'server'>): Promise<ArchiveRun> {
  const outcome = await runIngest({ ...base, server: 'ortaq' });
  const archived = sqliteArchiveCounts(outcome.dataDir);
  fs.rmSync(outcome.dataDir, { recursive: true, force: true });
  return { label: 'SQLite', outcome, archivedFrames: archived.frames };
}

async function runOnPostgres(base: Omit<IngestScenario, 'server'>, url: string): Promise<ArchiveRun> {
  const schema = benchSchema();
  try {
    const outcome = await runIngest({ ...base, server: 'ortaq', postgres: { url, schema } });
    fs.rmSync(outcome.dataDir, { recursive: true, force: true });
    return { label: 'PostgreSQL', outcome, archivedFrames: await countPostgresFrames(url, schema) };
  } finally {
    await dropSchema(url, schema);
  }
}

function archiveRows(run: ArchiveRun, echo: IngestOutcome, workload: string): ResultRow[] {
  const bench = 'ingest';
  const { label, outcome } = run;
  const serverOnly = label === 'PostgreSQL' ? " (the database server's own CPU not included)" : '';
  return [
    rateRow(
      {
        bench,
        metric: `ingest to durable, ${label}`,
        workload,
        unit: 'frames/s',
        target: { value: 50_000, better: 'higher', on: 'median' },
        baseline: { name: 'socket.io transport only', median: median(echo.storedPerSecond) },
        note: describe(outcome),
      },
      outcome.storedPerSecond,
    ),
    latencyRow(
      {
        bench,
        metric: `ack latency, ${label}`,
        workload,
        unit: 'ms',
        target: { value: 250, better: 'lower', on: 'p99' },
        baseline: { name: 'transport only', median: median(echo.ackLatenciesMs) },
      },
      outcome.ackLatenciesMs,
    ),
    valueRow(
      {
        bench,
        metric: `ingest per server CPU-second, ${label}`,
        workload,
        unit: 'frames/CPU-s',
        baseline: { name: 'transport only', median: perCpuSecond(echo) },
        note: `frames stored per second of Ortaq's CPU time, the figure least moved by other load${serverOnly}`,
      },
      perCpuSecond(outcome),
    ),
    valueRow(
      {
        bench,
        metric: `acked stored but not in archive, ${label}`,
        workload: 'archive read back after shutdown',
        unit: 'frames',
        target: { value: 0, better: 'lower', on: 'median' },
      },
      outcome.stored - run.archivedFrames,
    ),
  ];
}

export async function run(context: BenchContext): Promise<ResultRow[]> {
  const durationMs = context.quick ? 6_000 : 60_000;
  const base: Omit<IngestScenario, 'server'> = {
    lanes: Array.from({ length: STATIONS }, (_, i) => i),
    durationMs,
    batchFrames: BATCH_FRAMES,
    window: WINDOW,
  };
  context.log(`transport baseline, ${durationMs / 1000} s`);
  const echo = await runIngest({ ...base, server: 'echo' });
  fs.rmSync(echo.dataDir, { recursive: true, force: true });
  context.log(describe(echo));
  const runs: ArchiveRun[] = [];
  context.log(`Ortaq on SQLite, ${durationMs / 1000} s`);
  runs.push(await runOnSqlite(base));
  const postgres = await findPostgres();
  if (postgres) {
    context.log(`Ortaq on PostgreSQL, ${durationMs / 1000} s`);
    runs.push(await runOnPostgres(base, postgres));
  } else {
    context.log('PostgreSQL not reachable: its rows are left out');
  }
  for (const r of runs)
    context.log(`${r.label}: ${describe(r.outcome)}; archive holds ${r.archivedFrames} frames`);
  const workload = `${STATIONS} stations, 'frames' batches of ${BATCH_FRAMES}, ${WINDOW} in flight, ${durationMs / 1000} s`;
  return [
    rateRow(
      {
        bench: 'ingest',
        metric: 'ingest, transport only (baseline)',
        workload,
        unit: 'frames/s',
        note: describe(echo),
      },
      echo.storedPerSecond,
    ),
    ...runs.flatMap((r) => archiveRows(r, echo, workload)),
  ];
}
