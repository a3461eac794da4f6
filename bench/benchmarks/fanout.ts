// Benchmark 4, fan-out: one station feeding 1,000 frames/s while 100 dashboards each chart 8 parameters of
// one spacecraft. Measured per delivered sample: from the frame's emit by the station (its arrival at the
// server, on loopback) to its delivery at a dashboard; and per update: from the server's coalescing tick to
// delivery, which is the fan-out work itself. Updates are coalesced to at most 10 a second per client, so a
// sample waits up to one tick interval for the next tick: the baseline row shows that interval. The server's
// own time per tick (from its /metrics) is reported apart: on one machine the 100 dashboards share this
// process's event loop, so a receipt time also holds the parsing of the updates that arrived before it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { indexDictionary, type Dictionary } from '../../shared/dictionary';
import { DICTIONARY } from '../../server/mission/shipped';
import { LIVE_MAX_UPDATES_PER_S, type LiveSubscription } from '../../shared/protocol';
import { readMetrics } from '../harness/metrics';
import { latencyRow, valueRow } from '../harness/rows';
import type { BenchContext, ResultRow } from '../harness/types';
import type { BenchServerSpec } from '../harness/appOptions';
import { startServerProcess } from '../harness/serverProcess';
import { connectDashboard, signIn, type Dashboard } from '../workloads/dashboard';
import { FrameFactory, streamKey } from '../workloads/frameFactory';
import { STREAM_START_MS } from '../workloads/ingestRun';
import { connectStation } from '../workloads/station';

const CLIENTS = 100;
const FRAMES_PER_S = 1000;
const TICK_MS = 10;
const CONNECT_AT_ONCE = 10;
export const CHARTS = [
  'eps.batt_voltage',
  'eps.batt_current',
  'eps.batt_soc',
  'adcs.rate_x',
  'adcs.pointing_error',
  'comms.storage_fill',
  'obc.cpu_load',
  'thermal.payload_temp',
];

interface ClientTally {
  received: number;
  expected: number;
}

/** One dashboard of the mix: what it subscribes to, and the charted spacecraft whose samples are counted. */
export interface FanoutClient {
  subscription: LiveSubscription;
  charted: { spacecraft: number; parameters: readonly string[] } | null;
}

export interface FanoutOptions {
  bench: string;
  dictionary: Dictionary;
  /** The mission folder the server loads; the shipped mission when absent. */
  mission?: string;
  clients: FanoutClient[];
  /** What the workload column says of the dashboards. */
  describeClients: string;
  /** Tick → dashboard p99 target, ms. */
  targetP99Ms: number;
  /** More of the server's configuration (pass prediction, connection limits). */
  server?: Pick<BenchServerSpec, 'passes' | 'connectionLimits'>;
}

/** 100 spacecraft views of the shipped fleet, 8 charts each. */
function spacecraftViews(): FanoutClient[] {
  return Array.from({ length: CLIENTS }, (_, i) => {
    const spacecraft = i % DICTIONARY.spacecraft.length;
    return {
      subscription: { fleet: true, spacecraft: [DICTIONARY.spacecraft[spacecraft]!.id], parameters: CHARTS },
      charted: { spacecraft, parameters: CHARTS },
    };
  });
}

export function run(context: BenchContext): Promise<ResultRow[]> {
  return measureFanout(context, {
    bench: 'fanout',
    dictionary: DICTIONARY,
    clients: spacecraftViews(),
    describeClients: `${CLIENTS} dashboards × 8 charts`,
    targetP99Ms: 25,
  });
}

export async function measureFanout(context: BenchContext, options: FanoutOptions): Promise<ResultRow[]> {
  const durationMs = context.quick ? 6_000 : 60_000;
  const { dictionary } = options;
  const index = indexDictionary(dictionary);
  const apidOf = (parameterId: string) => index.packetsOfParameter.get(parameterId)![0]!.apid;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-fanout-'));
  const server = await startServerProcess({
    kind: 'ortaq',
    dataDir,
    stationTokens: [['bench-1', 'token-1']],
    ...(options.mission ? { mission: options.mission } : {}),
    ...options.server,
  });
  const dashboards: Dashboard[] = [];
  try {
    const station = await connectStation(server.url, 'bench-1', 'token-1');
    const cookie = await signIn(server.url);
    // A few at a time, as dashboards open after a restart: 500 one after another take minutes on a busy machine.
    for (let i = 0; i < options.clients.length; i += CONNECT_AT_ONCE) {
      const group = options.clients.slice(i, i + CONNECT_AT_ONCE);
      dashboards.push(
        ...(await Promise.all(group.map((c) => connectDashboard(server.url, cookie, c.subscription)))),
      );
    }
    context.log(
      `${options.clients.length} dashboards subscribed; ${FRAMES_PER_S} frames/s for ${durationMs / 1000} s`,
    );

    // Emit time of every frame, by spacecraft, APID and packet time: what a delivered sample is matched to.
    const emittedAt = new Map<string, number>();
    const sampleAges: number[] = [];
    const tickToDelivery: number[] = [];
    const tallies: ClientTally[] = dashboards.map(() => ({ received: 0, expected: 0 }));
    // What the server writes to the dashboards: the wire volume, counted as the frames arrive, and by tick
    // (every update of a tick carries its server time): the first ticks after a start are the largest.
    let bytesReceived = 0;
    const bytesByTick = new Map<number, number>();
    dashboards.forEach((dashboard, i) => {
      // An update's frame arrives just before the update is decoded from it.
      let frameBytes = 0;
      dashboard.onFrame((bytes) => {
        bytesReceived += bytes;
        frameBytes += bytes;
      });
      dashboard.onUpdate((update, atPerf, atEpoch) => {
        bytesByTick.set(update.serverTimeMs, (bytesByTick.get(update.serverTimeMs) ?? 0) + frameBytes);
        frameBytes = 0;
        tickToDelivery.push(atEpoch - update.serverTimeMs);
        for (const sample of update.samples ?? []) {
          const sent = emittedAt.get(`${sample.spacecraftId}|${apidOf(sample.parameterId)}|${sample.t}`);
          if (sent === undefined) continue;
          tallies[i]!.received++;
          sampleAges.push(atPerf - sent);
        }
      });
    });

    const fanoutBefore = await readMetrics(server.url);
    const factory = new FrameFactory(dictionary);
    const perTick = (FRAMES_PER_S * TICK_MS) / 1000;
    let n = 0;
    const started = performance.now();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        // Catch up on ticks the timer missed, so the offered rate stays 1,000 frames/s under load.
        const due = Math.min(
          Math.floor(((performance.now() - started) * FRAMES_PER_S) / 1000),
          n + 5 * perTick,
        );
        const batch = [];
        const now = performance.now();
        for (; n < due; n++) {
          const key = streamKey(factory, n, 0, STREAM_START_MS);
          const bytes = factory.frame(key, n);
          const scId = dictionary.spacecraft[key.spacecraft]!.id;
          const apid = factory.housekeeping[key.packet]!.apid;
          emittedAt.set(`${scId}|${apid}|${key.timeMs}`, now);
          batch.push({ bytes });
          options.clients.forEach(({ charted }, i) => {
            if (charted?.spacecraft !== key.spacecraft) return;
            tallies[i]!.expected += charted.parameters.filter((c) => apidOf(c) === apid).length;
          });
        }
        if (batch.length > 0) station.emit('frames', batch, () => undefined);
        if (performance.now() - started >= durationMs) {
          clearInterval(timer);
          resolve();
        }
      }, TICK_MS);
    });
    // Let the last commit and the next two ticks go out.
    await new Promise((resolve) => setTimeout(resolve, 3 * (1000 / LIVE_MAX_UPDATES_PER_S) + 500));
    station.close();
    const fanoutAfter = await readMetrics(server.url);
    const counted = (name: string) => (fanoutAfter.get(name) ?? NaN) - (fanoutBefore.get(name) ?? NaN);
    const ticks = counted('ortaq_live_fanout_ticks_total');
    const serverMsPerTick = (counted('ortaq_live_fanout_seconds_sum') * 1000) / ticks;
    const offered = n / ((performance.now() - started) / 1000);
    // Only the charted dashboards count samples; wall screens and fleet views get the fleet's summaries.
    const charted = tallies.filter((_, i) => options.clients[i]!.charted !== null);
    const delivered = charted.map((t) => (t.expected === 0 ? 1 : t.received / t.expected));
    const fullyServed = delivered.filter((d) => d >= 1).length;
    context.log(`offered ${offered.toFixed(0)} frames/s; ${sampleAges.length} samples delivered`);
    const tickKb = [...bytesByTick].sort(([a], [b]) => a - b).map(([, bytes]) => bytes / 1000);
    const firstTicks = tickKb.slice(0, 10).map((kb) => kb.toFixed(0));
    context.log(`kB a tick, first ten ticks: ${firstTicks.join(' ')}`);

    const bench = options.bench;
    const workload = `${options.describeClients}, ${FRAMES_PER_S} frames/s ingest, ${durationMs / 1000} s`;
    const intervalMs = 1000 / LIVE_MAX_UPDATES_PER_S;
    return [
      latencyRow(
        {
          bench,
          metric: 'fan-out: coalescing tick → dashboard',
          workload,
          unit: 'ms',
          target: { value: options.targetP99Ms, better: 'lower', on: 'p99' },
          note: 'server tick time to receipt, Date.now() resolution (1 ms); the p50 target is 5 ms',
        },
        tickToDelivery,
      ),
      valueRow(
        {
          bench,
          metric: `fan-out: server time per tick, ${options.clients.length} updates`,
          workload,
          unit: 'ms',
          target: { value: 5, better: 'lower', on: 'median' },
          note: 'mean from the server’s /metrics: building, filtering, encoding and writing every update',
        },
        serverMsPerTick,
      ),
      valueRow(
        {
          bench,
          metric: `fan-out: kB sent per tick to ${options.clients.length} dashboards`,
          workload,
          unit: 'kB',
          note: 'socket.io frames received by all dashboards over the run, divided by the server’s ticks',
        },
        bytesReceived / 1000 / ticks,
      ),
      valueRow(
        {
          bench,
          metric: `fan-out: kB sent in the largest tick to ${options.clients.length} dashboards`,
          workload,
          unit: 'kB',
          note: 'socket.io frames received by all dashboards, by the server time of the tick they carry',
        },
        Math.max(0, ...tickKb),
      ),
      latencyRow(
        {
          bench,
          metric: 'frame arrival → dashboard (per sample)',
          workload,
          unit: 'ms',
          baseline: { name: 'coalescing interval', median: intervalMs },
          note: 'includes the wait for the archive commit and for the next coalescing tick',
        },
        sampleAges,
      ),
      valueRow(
        {
          bench,
          metric: 'dashboards that got every sample',
          workload,
          unit: '%',
          target: { value: 100, better: 'higher', on: 'median' },
          note: `lowest delivery ratio ${(Math.min(...delivered) * 100).toFixed(2)} %`,
        },
        (fullyServed / charted.length) * 100,
      ),
    ];
  } finally {
    for (const dashboard of dashboards) dashboard.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
