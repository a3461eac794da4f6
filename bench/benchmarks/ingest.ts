// Benchmark 2, ingest end to end: 8 station clients over socket.io to acknowledged-and-durable in the archive.
// Baseline in the same run: the bare socket.io transport acknowledging the same batches without processing.
import { latencyRow, rateRow, valueRow } from '../harness/rows';
import type { BenchContext, ResultRow } from '../harness/types';
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
  const bench = 'ingest';
  const workload = `${STATIONS} stations, 'frames' batches of ${BATCH_FRAMES}, ${WINDOW} in flight, ${durationMs / 1000} s`;
  return [
    rateRow(
      {
        bench,
        metric: 'ingest: transport only (baseline)',
        workload,
        unit: 'frames/s',
        note: describe(echo),
      },
      echo.storedPerSecond,
    ),
    latencyRow({ bench, metric: 'ack latency: transport only', workload, unit: 'ms' }, echo.ackLatenciesMs),
    valueRow({ bench, metric: 'frames sent', workload, unit: 'count' }, echo.sent),
  ];
}
