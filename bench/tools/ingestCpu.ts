// CPU time of fixed ingest work, in process: the `link` benchmark's 8 stations' batches of TM frames handed
// to the /ingest handlers of an app built as the benchmark server builds it (real SQLite archive), without
// sockets, so that the figure is Ortaq's own work and moves little with other load on the machine.
// Usage: npx tsx bench/tools/ingestCpu.ts [batches per station] [fleet|hk130]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../server/app';
import { INGEST_NAMESPACE } from '../../shared/protocol/ingest';
import { benchApp } from '../harness/appOptions';
import { benchStationIds } from '../workloads/ingestRun';
import { tmLaneSource, type TmLaneSource, type TmWorkload } from '../workloads/tmFrames';

const STATIONS = 8;
const BATCH = 10;

type Handler = (batch: unknown, ack: (answer: unknown) => void) => void;

async function main(): Promise<void> {
  const batches = Number(process.argv[2] ?? 60);
  const workload = (process.argv[3] ?? 'hk130') as TmWorkload;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-cpu-'));
  const source = tmLaneSource(workload);
  try {
    await measure(batches, workload, dataDir, source);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (source.missionDir) fs.rmSync(source.missionDir, { recursive: true, force: true });
  }
}

async function measure(batches: number, workload: TmWorkload, dataDir: string, source: TmLaneSource) {
  const ids = benchStationIds(STATIONS);
  const bench = await benchApp({
    kind: 'ortaq',
    dataDir,
    stationTokens: ids.map((id) => [id, `token-${id}`]),
    rateLimit: { framesPerS: 1e9, burst: 1e9 },
    ...(source.missionDir ? { mission: source.missionDir } : {}),
  });
  const app = await createApp(bench.options);
  const connect = app.io.of(INGEST_NAMESPACE).listeners('connection')[0] as (socket: unknown) => void;
  const handlers = ids.map((stationId) => {
    const on = new Map<string, Handler>();
    connect({ data: { stationId }, on: (event: string, handler: Handler) => on.set(event, handler) });
    return on.get('tmFrames')!;
  });
  // Frames made before the clock starts: the load generator's work is not the server's.
  const work = ids.map((_, lane) =>
    Array.from({ length: batches }, (_, b) =>
      Array.from({ length: BATCH }, (_, i) => ({
        ert: Date.now(),
        bytes: source.frame(lane, b * BATCH + i),
      })),
    ),
  );
  let stored = 0;
  const send = (s: number, b: number) =>
    new Promise<void>((resolve) =>
      handlers[s]!(work[s]![b], (answer) => {
        const { results } = answer as { results: { ok: boolean; packets?: number }[] };
        for (const r of results) stored += r.ok ? (r.packets ?? 0) : 0;
        resolve();
      }),
    );
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let b = 0; b < batches; b++) await Promise.all(ids.map((_, s) => send(s, b)));
  const used = process.cpuUsage(cpu);
  const cpuS = (used.user + used.system) / 1e6;
  const wallS = (performance.now() - started) / 1000;
  await app.close();
  console.log(
    `${workload}: ${source.packetsPerFrame().toFixed(2)} packets a frame; ${stored} packets stored in ${cpuS.toFixed(2)} CPU-s ` +
      `(${wallS.toFixed(2)} s wall): ${Math.round(stored / cpuS)} packets per CPU-second; load ${os.loadavg()[0]!.toFixed(2)}`,
  );
}

void main();
