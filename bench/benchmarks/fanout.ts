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
import { indexDictionary } from '../../shared/dictionary';
import { DICTIONARY } from '../../server/mission/shipped';
import { LIVE_MAX_UPDATES_PER_S } from '../../shared/protocol';
import { readMetrics } from '../harness/metrics';
import { latencyRow, valueRow } from '../harness/rows';
import type { BenchContext, ResultRow } from '../harness/types';
import { startServerProcess } from '../harness/serverProcess';
import { connectDashboard, signIn, type Dashboard } from '../workloads/dashboard';
import { FrameFactory, streamKey } from '../workloads/frameFactory';
import { STREAM_START_MS } from '../workloads/ingestRun';
import { connectStation } from '../workloads/station';

const CLIENTS = 100;
const FRAMES_PER_S = 1000;
const TICK_MS = 10;
const CHARTS = [
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

export async function run(context: BenchContext): Promise<ResultRow[]> {
  const durationMs = context.quick ? 6_000 : 60_000;
  const index = indexDictionary(DICTIONARY);
  const apidOf = (parameterId: string) => index.packetOfParameter.get(parameterId)!.apid;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-fanout-'));
  const server = await startServerProcess({
    kind: 'ortaq',
    dataDir,
    stationTokens: [['bench-1', 'token-1']],
  });
  const dashboards: Dashboard[] = [];
  try {
    const station = await connectStation(server.url, 'bench-1', 'token-1');
    const spacecraft = DICTIONARY.spacecraft.map((s) => s.id);
    const cookie = await signIn(server.url);
    for (let i = 0; i < CLIENTS; i++) {
      const subscription = {
        fleet: true,
        spacecraft: [spacecraft[i % spacecraft.length]!],
        parameters: CHARTS,
      };
      dashboards.push(await connectDashboard(server.url, cookie, subscription));
    }
    context.log(`${CLIENTS} dashboards subscribed; ${FRAMES_PER_S} frames/s for ${durationMs / 1000} s`);

    // Emit time of every frame, by spacecraft, APID and packet time: what a delivered sample is matched to.
    const emittedAt = new Map<string, number>();
    const sampleAges: number[] = [];
    const tickToDelivery: number[] = [];
    const tallies: ClientTally[] = dashboards.map(() => ({ received: 0, expected: 0 }));
    dashboards.forEach((dashboard, i) => {
      dashboard.onUpdate((update, atPerf, atEpoch) => {
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
    const factory = new FrameFactory(DICTIONARY);
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
          const scId = DICTIONARY.spacecraft[key.spacecraft]!.id;
          const apid = factory.housekeeping[key.packet]!.apid;
          emittedAt.set(`${scId}|${apid}|${key.timeMs}`, now);
          batch.push({ bytes });
          dashboards.forEach((_, i) => {
            if (i % spacecraft.length !== key.spacecraft) return;
            tallies[i]!.expected += CHARTS.filter((c) => apidOf(c) === apid).length;
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
    const serverMsPerTick =
      (counted('ortaq_live_fanout_seconds_sum') * 1000) / counted('ortaq_live_fanout_ticks_total');
    const offered = n / ((performance.now() - started) / 1000);
    const delivered = tallies.map((t) => (t.expected === 0 ? 1 : t.received / t.expected));
    const fullyServed = delivered.filter((d) => d >= 1).length;
    context.log(`offered ${offered.toFixed(0)} frames/s; ${sampleAges.length} samples delivered`);

    const bench = 'fanout';
    const workload = `${CLIENTS} dashboards × 8 charts, ${FRAMES_PER_S} frames/s ingest, ${durationMs / 1000} s`;
    const intervalMs = 1000 / LIVE_MAX_UPDATES_PER_S;
    return [
      latencyRow(
        {
          bench,
          metric: 'fan-out: coalescing tick → dashboard',
          workload,
          unit: 'ms',
          target: { value: 25, better: 'lower', on: 'p99' },
          note: 'server tick time to receipt, Date.now() resolution (1 ms); the p50 target is 5 ms',
        },
        tickToDelivery,
      ),
      valueRow(
        {
          bench,
          metric: 'fan-out: server time per tick, 100 updates',
          workload,
          unit: 'ms',
          target: { value: 5, better: 'lower', on: 'median' },
          note: 'mean from the server’s /metrics: building, filtering, encoding and writing every update',
        },
        serverMsPerTick,
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
        (fullyServed / CLIENTS) * 100,
      ),
    ];
  } finally {
    for (const dashboard of dashboards) dashboard.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
