// One ingest scenario end to end: a server process (Ortaq or the bare transport baseline), N station clients
// each sending its own lane of the telemetry stream for a fixed time, and what came back: acks, latencies,
// per-second stored rates and the server's CPU time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DICTIONARY } from '../../server/mission/shipped';
import type { BenchServerSpec } from '../harness/appOptions';
import { startServerProcess } from '../harness/serverProcess';
import { perSecondRates } from '../harness/throughput';
import { FrameFactory, streamKey } from './frameFactory';
import { connectStation, runStation, type StationRun } from './station';

/** 2026-10-01T00:00:00Z: the first packet time of every benchmark stream. */
export const STREAM_START_MS = 1_790_812_800_000;

export interface IngestScenario {
  server: BenchServerSpec['kind'];
  postgres?: BenchServerSpec['postgres'];
  /** The stream lane of each station: equal lanes send the same frames (overlap), different lanes disjoint. */
  lanes: number[];
  durationMs: number;
  batchFrames: number;
  window: number;
  rateLimit?: BenchServerSpec['rateLimit'];
  /** The n-th frame of a lane; by default the fleet's one-packet frames from FrameFactory. */
  frame?: (lane: number, n: number) => Uint8Array;
  event?: 'frames' | 'tmFrames';
  /** The mission folder the server loads; the shipped mission when absent. */
  mission?: string;
  /** End the server with SIGKILL instead of a clean stop (to check that what was acked is durable). */
  kill?: boolean;
  /**
   * A path asked over HTTP all through the run, one request at a time with PROBE_PAUSE_MS between: how long
   * any other request waits on a server busy ingesting.
   */
  probePath?: string;
}

const PROBE_PAUSE_MS = 20;
const PROBE_GIVE_UP_MS = 10_000;

export interface IngestOutcome {
  runs: StationRun[];
  /** Frames stored per one-second window, all stations together. */
  storedPerSecond: number[];
  ackLatenciesMs: number[];
  /** Answer times of the probe path during the run (empty without one). */
  probeLatenciesMs: number[];
  sent: number;
  stored: number;
  duplicate: number;
  rejected: number;
  failedBatches: number;
  serverCpuMs: number;
  elapsedMs: number;
  dataDir: string;
}

export function benchStationIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `bench-${i + 1}`);
}

export async function runIngest(scenario: IngestScenario): Promise<IngestOutcome> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-bench-'));
  const ids = benchStationIds(scenario.lanes.length);
  const tokens = ids.map((id): [string, string] => [id, `token-${id}`]);
  const server = await startServerProcess({
    kind: scenario.server,
    dataDir,
    stationTokens: tokens,
    ...(scenario.postgres ? { postgres: scenario.postgres } : {}),
    ...(scenario.rateLimit ? { rateLimit: scenario.rateLimit } : {}),
    ...(scenario.mission ? { mission: scenario.mission } : {}),
  });
  const factory = new FrameFactory(DICTIONARY);
  try {
    const sockets = await Promise.all(tokens.map(([id, token]) => connectStation(server.url, id, token)));
    const cpuBefore = (await server.stats()).cpuMs;
    const started = performance.now();
    const probe = scenario.probePath ? probeDuring(`${server.url}${scenario.probePath}`) : null;
    const runs = await Promise.all(
      sockets.map((socket, s) =>
        runStation(socket, {
          frame: scenario.frame
            ? (n) => scenario.frame!(scenario.lanes[s]!, n)
            : (n) => factory.frame(streamKey(factory, n, scenario.lanes[s]!, STREAM_START_MS), n),
          batchFrames: scenario.batchFrames,
          ...(scenario.event ? { event: scenario.event } : {}),
          window: scenario.window,
          durationMs: scenario.durationMs,
        }),
      ),
    );
    const elapsedMs = performance.now() - started;
    const probeLatenciesMs = (await probe?.stop()) ?? [];
    const cpuAfter = (await server.stats()).cpuMs;
    for (const socket of sockets) socket.close();
    const sum = (pick: (run: StationRun) => number) => runs.reduce((total, run) => total + pick(run), 0);
    return {
      runs,
      storedPerSecond: perSecondRates(
        runs.flatMap((run) => run.ackAtMs),
        runs.flatMap((run) => run.ackStored),
        started,
        started + scenario.durationMs,
      ),
      ackLatenciesMs: runs.flatMap((run) => run.ackLatenciesMs),
      probeLatenciesMs,
      sent: sum((run) => run.sent),
      stored: sum((run) => run.stored),
      duplicate: sum((run) => run.duplicate),
      rejected: sum((run) => run.rejected),
      failedBatches: sum((run) => run.failedBatches),
      serverCpuMs: cpuAfter - cpuBefore,
      elapsedMs,
      dataDir,
    };
  } finally {
    if (scenario.kill) await server.kill();
    else await server.stop();
  }
}

/** Asks `url` again and again until stopped; resolves with each answer's time. */
function probeDuring(url: string): { stop(): Promise<number[]> } {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        await (await fetch(url, { signal: AbortSignal.timeout(PROBE_GIVE_UP_MS) })).arrayBuffer();
      } catch {
        // Not answered (given up after PROBE_GIVE_UP_MS, or the connection dropped): counted at the time it
        // was waited for, and the run goes on.
      }
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, PROBE_PAUSE_MS));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return latencies;
    },
  };
}
