// The federation (mission/federation-100: 100 spacecraft, 30 stations) against the targets on this
// machine: pass prediction for a day over every spacecraft–station pair, GET /api/fleet, the realistic ingest
// mix, and the server's memory with the federation flying at 100×. `npm run bench -- federation`; the /live
// fan-out to 500 dashboards is the `fanout` benchmark's federation variant (fanoutFederation.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { latencyRow, valueRow } from '../harness/rows';
import { median } from '../harness/stats';
import { startServerProcess } from '../harness/serverProcess';
import type { BenchContext, ResultRow } from '../harness/types';
import { signIn } from '../workloads/dashboard';
import { FEDERATION_DIR, loadFederation, runMix, type Federation } from '../workloads/federation';
import { connectStation, type StationSocket } from '../workloads/station';

const DAY_MS = 86_400_000;
const bench = 'federation';

function passRows(federation: Federation, context: BenchContext): ResultRow[] {
  const pairs = federation.dictionary.spacecraft.length * federation.dictionary.stations.length;
  const workload = `${pairs.toLocaleString('en-US')} spacecraft–station pairs, 24 h`;
  const cold: number[] = [];
  const warm: number[] = [];
  let passes = 0;
  // Each repetition a schedule of its own and a day of its own: every first query is cold.
  const days = context.quick ? 1 : 3;
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  for (let d = 0; d < days; d++) {
    const schedule = federation.schedule();
    const fromMs = today + d * DAY_MS;
    let started = performance.now();
    passes = schedule.passes(fromMs, fromMs + DAY_MS).length;
    cold.push(performance.now() - started);
    for (let i = 0; i < 20; i++) {
      started = performance.now();
      schedule.passes(fromMs, fromMs + DAY_MS);
      warm.push(performance.now() - started);
    }
  }
  context.log(`${passes} passes a day; cold ${cold.map((ms) => ms.toFixed(0)).join(', ')} ms`);
  return [
    latencyRow(
      {
        bench,
        metric: 'pass prediction, cold',
        workload,
        unit: 'ms',
        target: { value: 2000, better: 'lower', on: 'p99' },
        note: `${passes.toLocaleString('en-US')} passes; the server's PassSchedule, SGP4 in this process, one day at a time`,
      },
      cold,
    ),
    latencyRow(
      {
        bench,
        metric: 'pass prediction, from the cache',
        workload,
        unit: 'ms',
        baseline: { name: 'cold', median: median(cold) },
      },
      warm,
    ),
  ];
}

async function ingestAndFleetRows(federation: Federation, context: BenchContext): Promise<ResultRow[]> {
  const durationMs = context.quick ? 10_000 : 60_000;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-federation-'));
  const stationIds = federation.dictionary.stations.map((s) => s.id);
  const tokens = stationIds.map((id): [string, string] => [id, `token-${id}`]);
  const server = await startServerProcess({
    kind: 'ortaq',
    dataDir,
    stationTokens: tokens,
    mission: FEDERATION_DIR,
  });
  const sockets = new Map<string, StationSocket>();
  try {
    for (const [id, token] of tokens) sockets.set(id, await connectStation(server.url, id, token));
    const cpuBefore = (await server.stats()).cpuMs;
    const started = performance.now();
    const mix = await runMix({
      federation,
      sockets,
      startMs: Date.now(),
      durationMs,
      dumps: 3,
      dumpFramesPerS: 500,
    });
    const elapsedMs = performance.now() - started;
    const cpuShare = ((await server.stats()).cpuMs - cpuBefore) / elapsedMs;
    const seconds = elapsedMs / 1000;
    const workload =
      `realtime HK at 1 Hz from every station in contact (${(mix.contactSeconds / (durationMs / 1000)).toFixed(0)} contacts), ` +
      `3 dumps × 500 frames/s, ${durationMs / 1000} s, SQLite`;
    const note =
      `${(mix.realtimeSent / seconds).toFixed(0)} realtime + ${(mix.playbackSent / seconds).toFixed(0)} playback frames/s; ` +
      `${mix.stored} stored, ${mix.duplicate} duplicate, ${mix.failedBatches} failed batches`;
    context.log(note);

    // The fleet as the fleet view asks for it, once the mix has filled the current values.
    const cookie = await signIn(server.url);
    const fleetMs: number[] = [];
    const requests = context.quick ? 100 : 500;
    for (let i = 0; i < requests; i++) {
      const t = performance.now();
      const res = await fetch(`${server.url}/api/fleet`, { headers: { cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET /api/fleet: ${res.status}`);
      fleetMs.push(performance.now() - t);
    }
    return [
      latencyRow(
        {
          bench,
          metric: 'ingest of the realistic mix: ack latency',
          workload,
          unit: 'ms',
          target: { value: 250, better: 'lower', on: 'p99' },
          note,
        },
        mix.ackLatenciesMs,
      ),
      valueRow(
        {
          bench,
          metric: 'ingest of the realistic mix: server CPU',
          workload,
          unit: '% of a core',
          target: { value: 50, better: 'lower', on: 'median' },
        },
        cpuShare * 100,
      ),
      latencyRow(
        {
          bench,
          metric: 'GET /api/fleet',
          workload: `${federation.dictionary.spacecraft.length} spacecraft, after the mix, ${requests} requests one at a time`,
          unit: 'ms',
          target: { value: 50, better: 'lower', on: 'p99' },
        },
        fleetMs,
      ),
    ];
  } finally {
    for (const socket of sockets.values()) socket.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function memoryRows(context: BenchContext): Promise<ResultRow[]> {
  const durationMs = context.quick ? 20_000 : 120_000;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-federation-'));
  const server = await startServerProcess({
    kind: 'ortaq',
    dataDir,
    stationTokens: [],
    mission: FEDERATION_DIR,
    simulatorSpeed: 100,
  });
  try {
    const rss: number[] = [];
    const started = performance.now();
    while (performance.now() - started < durationMs) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      rss.push((await server.stats()).rssBytes / 2 ** 20);
    }
    return [
      valueRow(
        {
          bench,
          metric: 'server RSS, federation flying at 100×',
          workload: `the built-in simulator, 100 spacecraft, 30 stations, ${durationMs / 1000} s`,
          unit: 'MB',
          target: { value: 500, better: 'lower', on: 'median' },
          note: `highest reading; median ${median(rss).toFixed(0)} MB over ${rss.length} readings`,
        },
        Math.max(...rss),
      ),
    ];
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(context: BenchContext): Promise<ResultRow[]> {
  const federation = loadFederation();
  context.log('pass prediction');
  const rows = passRows(federation, context);
  context.log('realistic ingest mix, then GET /api/fleet');
  rows.push(...(await ingestAndFleetRows(federation, context)));
  context.log('memory with the federation flying at 100×');
  rows.push(...(await memoryRows(context)));
  return rows;
}
