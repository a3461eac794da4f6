// The wall screen with the 100-spacecraft federation (mission/federation-100) in headless Chromium, against
// the targets: frame time p95 ≤ 16.7 ms, and a flat JS heap over a 10-minute soak. A station sends
// the housekeeping of 90 spacecraft at 1 Hz; ten more were heard once at the start and go stale, so the wall
// shows attention tiles as well as the matrix. Measured at 3840×2160 (the whole fleet on one page) and, for
// the soak, at 1920×1080 with the pages turning every 5 s (mounting and unmounting cells is where a leak
// would grow). Frame time is measured as in the render benchmark (bench/workloads/browser.ts); the heap is
// read after a forced collection every soak step, and its slope fitted over the readings.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { BENCH_USER } from '../harness/appOptions';
import { valueRow } from '../harness/rows';
import { startServerProcess, type ServerProcess } from '../harness/serverProcess';
import { percentile } from '../harness/stats';
import type { BenchContext, ResultRow } from '../harness/types';
import { launchChromium, openProbedPage, readHeap, readProbe, resetProbe } from '../workloads/browser';
import { FEDERATION_DIR, loadFederation } from '../workloads/federation';
import { FrameFactory } from '../workloads/frameFactory';
import { connectStation, type StationSocket } from '../workloads/station';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bench = 'render-wall';
/** Spacecraft heard only at the start: stale on the wall, in its attention tiles. */
const SILENCED = 10;
const mb = (bytes: number) => bytes / 2 ** 20;

/** Every spacecraft's housekeeping once, then all but the last SILENCED at 1 Hz. */
function feed(station: StationSocket, factory: FrameFactory): () => void {
  const count = factory.dictionary.spacecraft.length;
  let n = 0;
  const send = () => {
    const timeMs = Date.now();
    const batch = [];
    for (let spacecraft = 0; spacecraft < (n === 0 ? count : count - SILENCED); spacecraft++) {
      for (let packet = 0; packet < factory.housekeeping.length; packet++) {
        batch.push({ bytes: factory.frame({ spacecraft, packet, sequenceCount: n & 0x3fff, timeMs }, n) });
      }
    }
    n++;
    station.emit('frames', batch, () => undefined);
  };
  send();
  const timer = setInterval(send, 1000);
  return () => clearInterval(timer);
}

interface Soak {
  work: number[];
  /**
   * [minutes since the first reading, MB of objects after GC]: the heap snapshot without compiled code,
   * which grows for a while as functions are optimised and is no leak.
   */
  heap: [number, number][];
  /** MB used after GC as V8 reports it (code included), first and last reading. */
  used: [number, number];
}

/** Frame work between heap readings (a reading pauses the page), `steps` readings `stepMs` apart. */
async function soak(page: Page, steps: number, stepMs: number): Promise<Soak> {
  const work: number[] = [];
  const heap: [number, number][] = [];
  const used: number[] = [];
  const started = Date.now();
  for (let step = 0; ; step++) {
    const reading = await readHeap(page);
    heap.push([(Date.now() - started) / 60_000, mb(reading.objects)]);
    used.push(mb(reading.used));
    if (step === steps) break;
    await resetProbe(page);
    await page.waitForTimeout(stepMs);
    work.push(...(await readProbe(page)).work);
  }
  return { work, heap, used: [used[0]!, used.at(-1)!] };
}

/** Least-squares slope of y over x. */
function slope(points: readonly [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx > 0 ? sxy / sxx : 0;
}

async function measure(
  browser: Browser,
  server: ServerProcess,
  viewport: { width: number; height: number },
  query: string,
  steps: number,
  stepMs: number,
): Promise<Soak & { pages: number }> {
  const page = await openProbedPage(browser, viewport);
  try {
    const login = await page.request.post(`${server.url}/api/login`, { data: BENCH_USER });
    if (!login.ok()) throw new Error(`sign-in: ${login.status()}`);
    await page.goto(`${server.url}/wall?${query}`, { waitUntil: 'load' });
    await page.waitForSelector('[data-testid=wall][data-page=dense] .fleet-matrix li', { timeout: 60_000 });
    await page.waitForTimeout(5000); // bootstrap, first snapshot, fonts
    const pages = Number(await page.getAttribute('[data-testid=wall]', 'data-pages'));
    return { ...(await soak(page, steps, stepMs)), pages };
  } finally {
    await page.close();
  }
}

function rows(name: string, workload: string, m: Soak & { pages: number }): ResultRow[] {
  const [first, last] = [m.heap[0]!, m.heap.at(-1)!];
  const perMin = slope(m.heap);
  return [
    valueRow(
      {
        bench,
        metric: `frame time p95, ${name}`,
        workload,
        unit: 'ms',
        target: { value: 16.7, better: 'lower', on: 'median' },
        note: `${m.work.length} frames, median ${percentile(m.work, 50).toFixed(1)} ms; ${m.pages} page(s)`,
      },
      percentile(m.work, 95),
    ),
    valueRow(
      {
        bench,
        // Flat: what the soak adds stays within the collector's noise (10 % of the heap over the whole run).
        metric: `JS objects growth over the soak, ${name}`,
        workload,
        unit: '%',
        target: { value: 10, better: 'lower', on: 'median' },
        note: `${first[1].toFixed(2)} → ${last[1].toFixed(2)} MB of objects after GC (heap snapshot without code), ${m.heap.length} readings, slope ${(perMin * 1024).toFixed(1)} kB/min; V8 used ${m.used[0].toFixed(2)} → ${m.used[1].toFixed(2)} MB`,
      },
      ((last[1] - first[1]) / first[1]) * 100,
    ),
  ];
}

function buildDashboard(clientDir: string): void {
  execFileSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--outDir', clientDir, '--emptyOutDir', '--logLevel', 'error'],
    { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

export async function run(context: BenchContext): Promise<ResultRow[]> {
  // Full: 60 s at 4K, the 10-minute soak at 1080p (a heap reading a minute); quick: 10 s and 60 s.
  const fourK = context.quick ? { steps: 1, stepMs: 10_000 } : { steps: 2, stepMs: 30_000 };
  const soakRun = context.quick ? { steps: 4, stepMs: 15_000 } : { steps: 10, stepMs: 60_000 };
  const federation = loadFederation();
  const stationId = federation.dictionary.stations[0]!.id;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-render-wall-'));
  const clientDir = path.join(work, 'client');
  context.log('building the dashboard');
  buildDashboard(clientDir);
  const server = await startServerProcess({
    kind: 'ortaq',
    dataDir: work,
    stationTokens: [[stationId, 'token-1']],
    clientDir,
    mission: FEDERATION_DIR,
  });
  const browser = await launchChromium();
  const station = await connectStation(server.url, stationId, 'token-1');
  const stopFeed = feed(station, new FrameFactory(federation.dictionary));
  const spacecraft = federation.dictionary.spacecraft.length;
  const load = () => `load ${os.loadavg()[0]!.toFixed(1)}`;
  try {
    context.log(`3840×2160: ${(fourK.steps * fourK.stepMs) / 1000} s`);
    const big = await measure(
      browser,
      server,
      { width: 3840, height: 2160 },
      'rotate=0',
      fourK.steps,
      fourK.stepMs,
    );
    const bigLoad = load();
    context.log(`1920×1080 soak: ${(soakRun.steps * soakRun.stepMs) / 1000} s`);
    const small = await measure(
      browser,
      server,
      { width: 1920, height: 1080 },
      'rotate=5',
      soakRun.steps,
      soakRun.stepMs,
    );
    const workload = (s: number, extra: string) =>
      `${spacecraft} spacecraft, ${spacecraft - SILENCED} at 1 Hz, ${s / 1000} s${extra}`;
    return [
      ...rows('dense wall 3840×2160', workload(fourK.steps * fourK.stepMs, `; ${bigLoad}`), big),
      ...rows(
        'dense wall 1920×1080, pages every 5 s',
        workload(soakRun.steps * soakRun.stepMs, `; ${load()}`),
        small,
      ),
    ];
  } finally {
    stopFeed();
    station.close();
    await browser.close();
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
