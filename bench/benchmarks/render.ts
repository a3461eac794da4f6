// Benchmark 6, browser render: the built dashboard in headless Chromium while a station keeps every
// spacecraft's housekeeping coming at 10 Hz, on the wall screen and on a spacecraft view with its live
// charts. Reported per view: the 95th percentile of frame time (the main thread's work from a frame's start
// to the end of its paint), the share of frames that missed a refresh (an interval of more than 1.5 times the
// median: a dropped frame at 60 Hz shows as 33 ms), long tasks over 50 ms after load, JS heap growth between
// 5 s and the end (as V8 reports it, and for the objects of a heap snapshot without compiled code), and the
// densest chart in line points per pixel of width.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { DICTIONARY } from '../../server/mission/shipped';
import { percentile } from '../harness/stats';
import { valueRow } from '../harness/rows';
import { BENCH_USER } from '../harness/appOptions';
import { startServerProcess } from '../harness/serverProcess';
import type { BenchContext, ResultRow } from '../harness/types';
import {
  launchChromium,
  maxPointsPerPixel,
  openProbedPage,
  readHeap,
  readProbe,
  resetProbe,
} from '../workloads/browser';
import { FrameFactory } from '../workloads/frameFactory';
import { connectStation, type StationSocket } from '../workloads/station';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const UPDATE_HZ = 10;
const VIEWS = [
  { name: 'wall screen', path: '/wall' },
  { name: 'spacecraft view, EPS charts', path: `/spacecraft/${DICTIONARY.spacecraft[0]!.id}?subsystem=EPS` },
];

/** Every spacecraft's housekeeping packets at UPDATE_HZ with the current time, so nothing looks stale. */
function feed(station: StationSocket): () => void {
  const factory = new FrameFactory(DICTIONARY);
  let n = 0;
  const timer = setInterval(() => {
    const batch = [];
    const timeMs = Date.now();
    for (let spacecraft = 0; spacecraft < DICTIONARY.spacecraft.length; spacecraft++) {
      for (let packet = 0; packet < factory.housekeeping.length; packet++) {
        batch.push({ bytes: factory.frame({ spacecraft, packet, sequenceCount: n & 0x3fff, timeMs }, n) });
      }
    }
    n++;
    station.emit('frames', batch, () => undefined);
  }, 1000 / UPDATE_HZ);
  return () => clearInterval(timer);
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(2);

async function measureView(page: Page, url: string, durationMs: number) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(5000); // bootstrap requests, first snapshot, fonts
  // The heap readings pause the page, so frames are measured between them.
  const heapEarly = await readHeap(page);
  await resetProbe(page);
  await page.waitForTimeout(durationMs);
  const probe = await readProbe(page);
  const heapLate = await readHeap(page);
  const growth = (late: number, early: number) => ((late - early) / early) * 100;
  const intervalMedian = percentile(probe.frames, 50);
  const late = probe.frames.filter((interval) => interval > 1.5 * intervalMedian).length;
  return {
    workP95: percentile(probe.work, 95),
    workMedian: percentile(probe.work, 50),
    intervalP95: percentile(probe.frames, 95),
    intervalMedian,
    latePercent: (late / Math.max(1, probe.frames.length)) * 100,
    frames: probe.frames.length,
    longTasks: probe.longTasks.filter((task) => task.duration > 50),
    heapGrowth: growth(heapLate.used, heapEarly.used),
    objectGrowth: growth(heapLate.objects, heapEarly.objects),
    heapEarly,
    heapLate,
    pointsPerPixel: await maxPointsPerPixel(page),
  };
}

export async function run(context: BenchContext): Promise<ResultRow[]> {
  const durationMs = context.quick ? 8_000 : 60_000;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-render-'));
  const clientDir = path.join(work, 'client');
  context.log('building the dashboard');
  execFileSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--outDir', clientDir, '--emptyOutDir', '--logLevel', 'error'],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const server = await startServerProcess({
    kind: 'ortaq',
    dataDir: work,
    stationTokens: [['bench-1', 'token-1']],
    clientDir,
  });
  const browser = await launchChromium();
  const station = await connectStation(server.url, 'bench-1', 'token-1');
  const stopFeed = feed(station);
  const rows: ResultRow[] = [];
  try {
    for (const view of VIEWS) {
      context.log(`${view.name}: ${durationMs / 1000} s`);
      const page = await openProbedPage(browser);
      const login = await page.request.post(`${server.url}/api/login`, { data: BENCH_USER });
      if (!login.ok()) throw new Error(`sign-in: ${login.status()}`);
      const m = await measureView(page, `${server.url}${view.path}`, durationMs);
      await page.close();
      const bench = 'render';
      const workload = `${view.name}, ${DICTIONARY.spacecraft.length} spacecraft at ${UPDATE_HZ} Hz, ${durationMs / 1000} s`;
      rows.push(
        valueRow(
          {
            bench,
            metric: `frame time p95, ${view.name}`,
            workload,
            unit: 'ms',
            target: { value: 16.7, better: 'lower', on: 'median' },
            note: `frame start to the end of its paint on the main thread; median ${m.workMedian.toFixed(1)} ms`,
          },
          m.workP95,
        ),
        valueRow(
          {
            bench,
            // p95 interval within one refresh period, said without the period's jitter: ≤ 5 % of frames late.
            metric: `frames that missed a refresh, ${view.name}`,
            workload,
            unit: '%',
            target: { value: 5, better: 'lower', on: 'median' },
            note: `${m.frames} frames; interval median ${m.intervalMedian.toFixed(2)} ms, p95 ${m.intervalP95.toFixed(2)} ms`,
          },
          m.latePercent,
        ),
        valueRow(
          {
            bench,
            metric: `long tasks > 50 ms after load, ${view.name}`,
            workload,
            unit: 'count',
            target: { value: 0, better: 'lower', on: 'median' },
            note: m.longTasks.map((t) => `${t.duration.toFixed(0)} ms`).join(', ') || 'none',
          },
          m.longTasks.length,
        ),
        valueRow(
          {
            bench,
            metric: `JS heap growth 5 s → end, ${view.name}`,
            workload,
            unit: '%',
            target: { value: 10, better: 'lower', on: 'median' },
            note: `${mb(m.heapEarly.used)} → ${mb(m.heapLate.used)} MB after GC; compiled code ${mb(m.heapEarly.code)} → ${mb(m.heapLate.code)} MB`,
          },
          m.heapGrowth,
        ),
        valueRow(
          {
            bench,
            // What a leak would grow: the heap snapshot's objects, arrays, strings and closures.
            metric: `JS objects growth 5 s → end, ${view.name}`,
            workload,
            unit: '%',
            target: { value: 10, better: 'lower', on: 'median' },
            note: `${mb(m.heapEarly.objects)} → ${mb(m.heapLate.objects)} MB in heap snapshots, compiled code left out`,
          },
          m.objectGrowth,
        ),
        valueRow(
          {
            bench,
            metric: `densest chart, ${view.name}`,
            workload,
            unit: 'points/px',
            target: { value: 2, better: 'lower', on: 'median' },
          },
          m.pointsPerPixel,
        ),
      );
    }
  } finally {
    stopFeed();
    station.close();
    await browser.close();
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  return rows;
}
