// The first start's backfill: an empty SQLite archive filled with the last 24 h of simulated flight through
// the ingest pipeline, as server/index.ts runs it (the app built as in production, its housekeeping timer on,
// no dashboards). Target: under 30 s on the 2-core machine. Baseline in the same run: the same flight's
// physics alone (the constellation at the fast-forward pace, frames dropped), which is the floor.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../server/app';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import { tokenAuthenticator } from '../../server/ingest/stationAuth';
import { DICTIONARY, LINKS, SHIPPED_DECODER } from '../../server/mission/shipped';
import { fillHistory } from '../../server/sim/backfill/attach';
import { Constellation } from '../../server/sim/constellation';
import { embeddedSimulator } from '../../server/sim/embedded';
import { FAST_FORWARD_HOUSEKEEPING_MS } from '../../server/sim/fastForward';
import { rateRow } from '../harness/rows';
import { median } from '../harness/stats';
import type { BenchContext, ResultRow } from '../harness/types';

const HOURS = 24;
const HOUR_MS = 3_600_000;

interface Fill {
  wallS: number;
  cpuS: number;
  frames: number;
}

async function fillOnce(dir: string): Promise<Fill> {
  const sim = embeddedSimulator({
    dictionary: DICTIONARY,
    links: LINKS,
    speed: 1,
    start: 'now',
    externalStations: new Set(),
    wallClockMs: Date.now(),
    backfillHours: HOURS,
    anomaly: true,
  });
  const app = await createApp({
    dictionary: DICTIONARY,
    links: LINKS,
    decoder: SHIPPED_DECODER,
    store: createSqliteStore({ file: path.join(dir, 'ortaq.sqlite') }),
    stationAuth: tokenAuthenticator(sim.stationTokens),
    clock: sim.simulator.clock,
    simulator: sim.simulator.control,
    predictPasses: sim.predictPasses,
    notificationsPaused: () => sim.simulator.fillingHistory,
  });
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const report = await fillHistory({
    server: app,
    audit: app.auth.audit,
    sim,
    plan: sim.backfill!,
    log: () => undefined,
  });
  const used = process.cpuUsage(cpu);
  const fill = {
    wallS: (performance.now() - wall) / 1000,
    cpuS: (used.user + used.system) / 1e6,
    frames: report?.frames ?? NaN,
  };
  await sim.simulator.stop();
  await app.close();
  return fill;
}

/** The same day's physics with nothing archived: the share of the fill no archive could save. */
function physicsOnly(): Omit<Fill, 'frames'> {
  const now = Date.now();
  const constellation = new Constellation({
    dictionary: DICTIONARY,
    startMs: now - HOURS * HOUR_MS,
    housekeepingPeriodMs: FAST_FORWARD_HOUSEKEEPING_MS,
    maxPlaybackPerAdvance: 200,
  });
  const wall = performance.now();
  const cpu = process.cpuUsage();
  for (let t = now - HOURS * HOUR_MS; t < now; t += FAST_FORWARD_HOUSEKEEPING_MS) {
    constellation.advanceTo(t + FAST_FORWARD_HOUSEKEEPING_MS);
  }
  const used = process.cpuUsage(cpu);
  return { wallS: (performance.now() - wall) / 1000, cpuS: (used.user + used.system) / 1e6 };
}

export async function run(context: BenchContext): Promise<ResultRow[]> {
  const runs = context.quick ? 1 : 3;
  const fills: Fill[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-backfill-'));
    try {
      fills.push(await fillOnce(dir));
      context.log(`backfill ${i + 1}/${runs}: ${fills.at(-1)!.wallS.toFixed(1)} s`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const physics = Array.from({ length: runs }, physicsOnly);
  const bench = 'backfill';
  const workload = `first start, empty SQLite archive, the last ${HOURS} h of 6 spacecraft and 6 stations`;
  const baseline = (pick: (f: Omit<Fill, 'frames'>) => number) => ({
    name: 'the same flight, physics only',
    median: median(physics.map(pick)),
  });
  return [
    rateRow(
      {
        bench,
        metric: 'first-start backfill, wall time',
        workload,
        unit: 's',
        target: { value: 30, better: 'lower', on: 'median' },
        baseline: baseline((f) => f.wallS),
      },
      fills.map((f) => f.wallS),
    ),
    rateRow(
      {
        bench,
        metric: 'first-start backfill, CPU time',
        workload,
        unit: 'CPU-s',
        baseline: baseline((f) => f.cpuS),
      },
      fills.map((f) => f.cpuS),
    ),
    rateRow(
      { bench, metric: 'first-start backfill, frames filled', workload, unit: 'frames' },
      fills.map((f) => f.frames),
    ),
  ];
}
