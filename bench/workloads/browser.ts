// Headless Chromium (the system's, never a downloaded one) as the render benchmark's instrument: frame
// intervals from requestAnimationFrame, the main thread's work per frame, long tasks from
// PerformanceObserver, JS heap and a heap snapshot through the DevTools protocol after a forced garbage
// collection.
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../test/helpers/browser';

export function launchChromium(): Promise<Browser> {
  return launchBrowser();
}

interface Probe {
  /** Intervals between animation frames, ms. */
  frames: number[];
  /** Per frame, from its start to the end of its rendering work on the main thread, ms. */
  work: number[];
  longTasks: { start: number; duration: number }[];
}

/** Samples kept in the page in typed arrays taken once, so the probe itself does not grow the JS heap. */
interface PageSeries {
  values: Float64Array;
  count: number;
}

interface PageProbe {
  frames: PageSeries;
  work: PageSeries;
  longTasks: { start: number; duration: number }[];
}

declare global {
  interface Window {
    __ortaqProbe?: PageProbe;
  }
}

/**
 * Installed before any page script runs. Plain JavaScript text, not a function: the TypeScript loader adds
 * helpers to compiled functions that do not exist inside the page.
 */
const PROBE_SCRIPT = `
  (() => {
    // 20 minutes at 60 Hz, off the JS heap.
    const series = () => ({ values: new Float64Array(72000), count: 0 });
    const record = (s, value) => {
      if (s.count < s.values.length) s.values[s.count++] = value;
    };
    const probe = { frames: series(), work: series(), longTasks: [] };
    window.__ortaqProbe = probe;
    let last = 0;
    // A message posted from an animation frame callback runs after that frame's callbacks, style, layout
    // and paint: the time until then is the frame's work, however short the refresh period.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => record(probe.work, performance.now() - last);
    const frame = (now) => {
      if (last > 0) record(probe.frames, now - last);
      last = now;
      channel.port2.postMessage(0);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  })();
`;

export async function openProbedPage(
  browser: Browser,
  viewport = { width: 1920, height: 1080 },
): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.addInitScript({ content: PROBE_SCRIPT });
  return page;
}

export async function resetProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe = window.__ortaqProbe!;
    probe.frames.count = 0;
    probe.work.count = 0;
    probe.longTasks.length = 0;
  });
}

export function readProbe(page: Page): Promise<Probe> {
  return page.evaluate(() => {
    const probe = window.__ortaqProbe!;
    return {
      frames: Array.from(probe.frames.values.subarray(0, probe.frames.count)),
      work: Array.from(probe.work.values.subarray(0, probe.work.count)),
      longTasks: structuredClone(probe.longTasks),
    };
  });
}

/** The JS heap after a full garbage collection, bytes, and what a heap snapshot finds in it. */
export interface HeapReading {
  /** What V8 reports as used. */
  used: number;
  /** Compiled code, bytecode and their metadata: grows as functions warm up and are optimised. */
  code: number;
  /** Everything else the page's JavaScript keeps alive: objects, arrays, strings, closures. */
  objects: number;
}

interface HeapSnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
}

/** Node types of a snapshot that are not in the V8 heap (the browser's own objects and roots). */
const OUTSIDE_V8_HEAP = new Set(['native', 'synthetic']);

/** Reads the heap after a forced collection. The snapshot pauses the page: take it outside measured time. */
export async function readHeap(page: Page): Promise<HeapReading> {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('HeapProfiler.enable');
    const chunks: string[] = [];
    session.on('HeapProfiler.addHeapSnapshotChunk', (event) => chunks.push(event.chunk));
    await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    const snapshot = JSON.parse(chunks.join('')) as HeapSnapshotJson;
    const fields = snapshot.snapshot.meta.node_fields;
    const typeNames = snapshot.snapshot.meta.node_types[0];
    const typeAt = fields.indexOf('type');
    const sizeAt = fields.indexOf('self_size');
    let code = 0;
    let objects = 0;
    for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
      const type = typeNames[snapshot.nodes[i + typeAt]!]!;
      const size = snapshot.nodes[i + sizeAt]!;
      if (type === 'code') code += size;
      else if (!OUTSIDE_V8_HEAP.has(type)) objects += size;
    }
    // Read after the snapshot: taking one keeps source positions of compiled functions, which would
    // otherwise show up as growth in the next reading.
    await session.send('HeapProfiler.collectGarbage');
    const { usedSize } = await session.send('Runtime.getHeapUsage');
    return { used: usedSize, code, objects };
  } finally {
    await session.detach();
  }
}

/**
 * The most line points per pixel of width in any chart on the page: canvas charts say how many points they
 * drew and over how wide a plot (`data-points`, `data-plot-width`); Recharts draws each line as one path.
 */
export function maxPointsPerPixel(page: Page): Promise<number> {
  return page.evaluate(() => {
    let worst = 0;
    for (const box of document.querySelectorAll<HTMLElement>('[data-points][data-plot-width]')) {
      const width = Number(box.dataset.plotWidth);
      if (width > 0) worst = Math.max(worst, Number(box.dataset.points) / width);
    }
    for (const path of document.querySelectorAll<SVGPathElement>('svg path.recharts-curve')) {
      const points = (path.getAttribute('d') ?? '').match(/[MLC]/g)?.length ?? 0;
      const width = path.ownerSVGElement?.getBoundingClientRect().width ?? 0;
      if (width > 0) worst = Math.max(worst, points / width);
    }
    return worst;
  });
}
