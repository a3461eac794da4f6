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

const cpuMsSince = (before: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};

function passRows(federation: Federation, context: BenchContext): ResultRow[] {
  const pairs = federation.dictionary.spacecraft.length * federation.dictionary.stations.length;
  const workload = `${pairs.toLocaleString('en-US')} spacecraft–station pairs, 24 h`;
  const cold: number[] = [];
  const coldCpu: number[] = [];
  const warm: number[] = [];
  let passes = 0;
  // Each repetition a schedule of its own and a day two days from the last: every first query is cold, and
  // no SGP4 grid point of one day's margins is reused by the next.
  const days = context.quick ? 2 : 5;
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  for (let d = 0; d < days; d++) {
    const schedule = federation.schedule();
    const fromMs = today + 2 * d * DAY_MS;
    const cpu = process.cpuUsage();
    let started = performance.now();
    passes = schedule.passes(fromMs, fromMs + DAY_MS).length;
    cold.push(performance.now() - started);
    coldCpu.push(cpuMsSince(cpu));
    for (let i = 0; i < 20; i++) {
      started = performance.now();
      schedule.passes(fromMs, fromMs + DAY_MS);
      warm.push(performance.now() - started);
    }
  }
  const show = (list: number[]) => list.map((ms) => ms.toFixed(0)).join(', ');
  context.log(`${passes} passes a day; cold ${show(cold)} ms, CPU ${show(coldCpu)} ms`);
  const note =
    `${passes.toLocaleString('en-US')} passes; the server's PassSchedule, SGP4 in this process, one day at a ` +
    `time; each day's first query (the first also warms the JIT): wall ${show(cold)} ms, CPU ${show(coldCpu)} ms`;
  return [
    latencyRow(
      {
        bench,
        metric: 'pass prediction, cold',
        workload,
        unit: 'ms',
        target: { value: 2000, better: 'lower', on: 'median' },
        note,
      },
      cold,
    ),
    latencyRow(
      {
        bench,
        metric: 'pass prediction, cold, CPU time',
        workload,
        unit: 'ms',
        target: { value: 2000, better: 'lower', on: 'median' },
        note: 'the same runs in CPU time, which a busy machine inflates least',
      },
      coldCpu,
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
    passes: true,
  });
  const sockets = new Map<string, StationSocket>();
  try {
    for (const [id, token] of tokens) sockets.set(id, await connectStation(server.url, id, token));
    // The first fleet request predicts the passes of today and the next two days (the next contact looks
    // two days ahead), as the first dashboard to open after a start does; the mix then runs on a warm server.
    const cookie = await signIn(server.url);
    const firstStarted = performance.now();
    await getFleet(server.url, cookie);
    const firstFleetMs = performance.now() - firstStarted;
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
    const fleetMs: number[] = [];
    const requests = context.quick ? 100 : 500;
    const fleetCpuBefore = (await server.stats()).cpuMs;
    for (let i = 0; i < requests; i++) {
      const t = performance.now();
      await getFleet(server.url, cookie);
      fleetMs.push(performance.now() - t);
    }
    const fleetCpuMs = ((await server.stats()).cpuMs - fleetCpuBefore) / requests;
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
          note:
            `server CPU ${fleetCpuMs.toFixed(1)} ms a request; the first request after the start ` +
            `(3 days of passes predicted) took ${firstFleetMs.toFixed(0)} ms`,
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

async function getFleet(url: string, cookie: string): Promise<void> {
  const res = await fetch(`${url}/api/fleet`, { headers: { cookie } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`GET /api/fleet: ${res.status}`);
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
