// Benchmark 3, de-duplication under overlap: three stations send the same stream at once (as three partner
// stations hear one pass). Every frame must be stored exactly once, and the unique-frame throughput should
// stay within 30 % of one station sending the stream alone (the baseline, measured in the same run).
import fs from 'node:fs';
import { rateRow, valueRow } from '../harness/rows';
import { median } from '../harness/stats';
import type { BenchContext, ResultRow } from '../harness/types';
import { sqliteArchiveCounts } from '../workloads/archive';
import { runIngest, type IngestOutcome } from '../workloads/ingestRun';

const BATCH_FRAMES = 250;
// Stations hear a pass independently; a generous limit keeps the per-station rate limiter out of the figure.
const RATE_LIMIT = { framesPerS: 1_000_000, burst: 1_000_000 };

async function scenario(lanes: number[], durationMs: number) {
  const outcome: IngestOutcome = await runIngest({
    server: 'ortaq',
    lanes,
    durationMs,
    batchFrames: BATCH_FRAMES,
    window: 2,
    rateLimit: RATE_LIMIT,
  });
  const archived = sqliteArchiveCounts(outcome.dataDir);
  fs.rmSync(outcome.dataDir, { recursive: true, force: true });
  return { outcome, archived };
}

export async function run(context: BenchContext): Promise<ResultRow[]> {
  const durationMs = context.quick ? 5_000 : 30_000;
  context.log(`one station, ${durationMs / 1000} s`);
  const single = await scenario([0], durationMs);
  context.log(`three stations, same stream, ${durationMs / 1000} s`);
  const triple = await scenario([0, 0, 0], durationMs);
  // Frames the three stations all sent: the slowest station bounds the stream that was heard three times.
  const sentByEach = triple.outcome.runs.map((run) => run.sent);
  const uniqueSent = Math.max(...sentByEach);
  const storedTwice = triple.outcome.stored - triple.archived.frames;
  context.log(
    `sent per station ${sentByEach.join(', ')}; acks stored ${triple.outcome.stored}, duplicate ` +
      `${triple.outcome.duplicate}; archive ${triple.archived.frames} frames`,
  );
  const bench = 'dedup';
  const workload = `3 stations, the same stream, batches of ${BATCH_FRAMES}, ${durationMs / 1000} s`;
  return [
    rateRow(
      {
        bench,
        metric: 'unique frames stored under 3× overlap',
        workload,
        unit: 'frames/s',
        target: { value: 0.7 * median(single.outcome.storedPerSecond), better: 'higher', on: 'median' },
        baseline: { name: 'one station alone', median: median(single.outcome.storedPerSecond) },
        note: 'target: within 30 % of the single-station figure of the same run',
      },
      triple.outcome.storedPerSecond,
    ),
    valueRow(
      {
        bench,
        metric: 'frames not stored exactly once',
        workload: `${uniqueSent} distinct frames, each sent by 3 stations`,
        unit: 'frames',
        target: { value: 0, better: 'lower', on: 'median' },
        note: `archive rows ${triple.archived.frames} vs distinct frames ${uniqueSent}; stored acks beyond rows ${storedTwice}`,
      },
      Math.abs(uniqueSent - triple.archived.frames) + Math.abs(storedTwice),
    ),
  ];
}
