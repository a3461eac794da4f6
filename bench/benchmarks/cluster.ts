// The cost of coordination: the same paced ingest (6 stations, pairs of them hearing the same frames) into one
// node on PostgreSQL and into three nodes on PostgreSQL + Redis, with three fleet dashboards (one on every
// node at three). Measured: the CPU time of every node process together, per frame. On two cores three nodes
// cannot ingest more than one (they share the cores and the database); what the ratio says is what the relay
// between nodes, the Redis adapter and the de-duplication across nodes add to each frame's work.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { DICTIONARY } from '../../server/mission/shipped';
import { latencyRow, valueRow } from '../harness/rows';
import { median } from '../harness/stats';
import { startServerProcess, type ServerProcess } from '../harness/serverProcess';
import type { BenchContext, ResultRow } from '../harness/types';
import { connectDashboard, signIn, type Dashboard } from '../workloads/dashboard';
import { FrameFactory, streamKey } from '../workloads/frameFactory';
import { benchStationIds, STREAM_START_MS } from '../workloads/ingestRun';
import { runPacedStation, type PacedRun } from '../workloads/paced';
import { benchSchema, dropSchema, findPostgres } from '../workloads/postgres';
import { connectStation, type StationSocket } from '../workloads/station';

/** Station i sends lane LANES[i]: stations 2k and 2k+1 hear the same frames (on different nodes at 3). */
const LANES = [0, 0, 1, 1, 2, 2];
const BATCH_FRAMES = 20;
const INTERVAL_MS = 100;
const WARM_UP_MS = 2_000;
const IDLE_MS = 3_000;
const REDIS_URL = process.env.ORTAQ_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisCpuMs(): Promise<number | null> {
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 1500, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const info = await client.info('cpu');
    const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
    return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
  } catch {
    return null;
  } finally {
    if (client.isOpen) await client.quit();
  }
}

interface Deployment {
  nodes: number;
  /** Frames acknowledged (stored or duplicate) and stored, all stations, in the measured phase. */
  acked: number;
  stored: number;
  failedOrSkipped: number;
  nodeCpuMs: number;
  /** CPU time the same node processes used idle (no load) over as long as the measured phase. */
  idleCpuMs: number;
  redisCpuMs: number | null;
  ackLatenciesMs: number[];
  elapsedMs: number;
  /** Samples each node's dashboard received in the measured phase. */
  dashboardSamples: number[];
}

async function runDeployment(nodes: 1 | 3, durationMs: number, postgresUrl: string): Promise<Deployment> {
  const schema = benchSchema();
  const key = `ortaq-bench-${schema}`;
  const ids = benchStationIds(LANES.length);
  const tokens = ids.map((id): [string, string] => [id, `token-${id}`]);
  const dirs: string[] = [];
  const servers: ServerProcess[] = [];
  const sockets: StationSocket[] = [];
  const dashboards: Dashboard[] = [];
  try {
    const start = async (n: number) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-cluster-'));
      dirs.push(dataDir);
      const server = await startServerProcess({
        kind: 'ortaq',
        dataDir,
        stationTokens: tokens,
        postgres: { url: postgresUrl, schema },
        ...(nodes > 1 ? { cluster: { redisUrl: REDIS_URL, key, nodeId: `bench-node-${n + 1}` } } : {}),
      });
      servers[n] = server;
    };
    // The first alone (it creates the schema the others find), then the others together.
    await start(0);
    await Promise.all(Array.from({ length: nodes - 1 }, (_, n) => start(n + 1)));
    const everySpacecraft = DICTIONARY.spacecraft.map((s) => s.id);
    // Three fleet dashboards in both deployments (one per node at three): the same fan-out work.
    const samples = [0, 0, 0];
    for (const n of samples.keys()) {
      const url = servers[n % nodes]!.url;
      const board = await connectDashboard(url, await signIn(url), {
        fleet: true,
        spacecraft: everySpacecraft,
      });
      board.onUpdate((update) => (samples[n]! += update.samples?.length ?? 0));
      dashboards.push(board);
    }
    for (const [i, [id, token]] of tokens.entries()) {
      sockets.push(await connectStation(servers[i % nodes]!.url, id, token));
    }
    const cpu = async () =>
      (await Promise.all(servers.map((s) => s.stats()))).reduce((t, s) => t + s.cpuMs, 0);
    // Idle first: timers, the leader lease and the adapter's heartbeats cost something without any frame.
    const idleFrom = [await cpu(), performance.now()] as const;
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idleCpuPerMs = ((await cpu()) - idleFrom[0]) / (performance.now() - idleFrom[1]);
    const factory = new FrameFactory(DICTIONARY);
    const phase = (ms: number, first: readonly number[]) =>
      Promise.all(
        sockets.map((socket, i) =>
          runPacedStation(socket, {
            frame: (n) => factory.frame(streamKey(factory, n, LANES[i]!, STREAM_START_MS), n),
            firstFrame: first[i]!,
            batchFrames: BATCH_FRAMES,
            intervalMs: INTERVAL_MS,
            durationMs: ms,
          }),
        ),
      );
    const warm = await phase(
      WARM_UP_MS,
      sockets.map(() => 0),
    );
    const [cpuBefore, redisBefore] = await Promise.all([cpu(), redisCpuMs()]);
    samples.fill(0);
    const started = performance.now();
    const runs = await phase(
      durationMs,
      warm.map((r) => r.nextFrame),
    );
    const elapsedMs = performance.now() - started;
    const [cpuAfter, redisAfter] = await Promise.all([cpu(), redisCpuMs()]);
    const sum = (pick: (run: PacedRun) => number) => runs.reduce((t, r) => t + pick(r), 0);
    return {
      nodes,
      acked: sum((r) => r.stored + r.duplicate),
      stored: sum((r) => r.stored),
      failedOrSkipped: sum((r) => r.failedBatches + r.skippedBatches),
      nodeCpuMs: cpuAfter - cpuBefore,
      idleCpuMs: idleCpuPerMs * elapsedMs,
      redisCpuMs: nodes > 1 && redisBefore !== null && redisAfter !== null ? redisAfter - redisBefore : null,
      ackLatenciesMs: runs.flatMap((r) => r.ackLatenciesMs),
      elapsedMs,
      dashboardSamples: [...samples],
    };
  } finally {
    for (const socket of sockets) socket.close();
    for (const board of dashboards) board.close();
    for (const server of servers.filter(Boolean)) await server.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    await dropSchema(postgresUrl, schema);
  }
}

function describe(d: Deployment): string {
  const cores = d.nodeCpuMs / d.elapsedMs;
  const redis =
    d.redisCpuMs === null ? '' : `; Redis ${((d.redisCpuMs / d.elapsedMs) * 100).toFixed(1)} % of a core`;
  return (
    `${d.acked} frames acked (${d.stored} unique), ${d.failedOrSkipped} batches failed or skipped; ` +
    `nodes together ${(cores * 100).toFixed(0)} % of a core (idle ${((d.idleCpuMs / d.elapsedMs) * 100).toFixed(1)} %)${redis}; ` +
    `samples per dashboard ${d.dashboardSamples.join(', ')}`
  );
}

const perCpuSecond = (d: Deployment) => d.acked / (d.nodeCpuMs / 1000);
const perLoadCpuSecond = (d: Deployment) => d.acked / (Math.max(1, d.nodeCpuMs - d.idleCpuMs) / 1000);

export async function run(context: BenchContext): Promise<ResultRow[]> {
  const durationMs = context.quick ? 8_000 : 30_000;
  const postgres = await findPostgres();
  if (!postgres || (await redisCpuMs()) === null) {
    context.log('PostgreSQL or Redis not reachable: the cluster rows are left out');
    return [];
  }
  const rate = (LANES.length * BATCH_FRAMES * 1000) / INTERVAL_MS;
  const workload = `${LANES.length} stations, ${rate.toLocaleString('en-US')} frames/s (half of them heard twice), ${durationMs / 1000} s, 3 fleet dashboards`;
  context.log(`1 node on PostgreSQL, ${durationMs / 1000} s`);
  const one = await runDeployment(1, durationMs, postgres);
  context.log(describe(one));
  context.log(`3 nodes on PostgreSQL + Redis, ${durationMs / 1000} s`);
  const three = await runDeployment(3, durationMs, postgres);
  context.log(describe(three));
  const bench = 'cluster';
  const baseline = { name: '1 node', median: perCpuSecond(one) };
  return [
    valueRow(
      {
        bench,
        metric: 'ingest per node CPU-second, 1 node',
        workload,
        unit: 'frames/CPU-s',
        note: describe(one),
      },
      perCpuSecond(one),
    ),
    valueRow(
      {
        bench,
        metric: 'ingest per node CPU-second, 3 nodes',
        workload,
        unit: 'frames/CPU-s',
        baseline,
        note: describe(three),
      },
      perCpuSecond(three),
    ),
    valueRow(
      {
        bench,
        metric: 'coordination cost: CPU per frame, 3 nodes ÷ 1 node',
        workload: 'same; every node process, PostgreSQL and Redis not included',
        unit: '×',
      },
      perCpuSecond(one) / perCpuSecond(three),
    ),
    valueRow(
      {
        bench,
        metric: 'coordination cost, idle CPU of the nodes subtracted',
        workload: 'same, less what the same processes used over as long without load',
        unit: '×',
        note: `per load CPU-second: 1 node ${perLoadCpuSecond(one).toFixed(0)}, 3 nodes ${perLoadCpuSecond(three).toFixed(0)} frames`,
      },
      perLoadCpuSecond(one) / perLoadCpuSecond(three),
    ),
    latencyRow(
      {
        bench,
        metric: 'ack latency, 3 nodes',
        workload,
        unit: 'ms',
        target: { value: 250, better: 'lower', on: 'p99' },
        baseline: { name: '1 node', median: median(one.ackLatenciesMs) },
      },
      three.ackLatenciesMs,
    ),
  ];
}
