// Headless Chromium (the system's, never a downloaded one) as the render benchmark's instrument: frame
// intervals from requestAnimationFrame, the main thread's work per frame, long tasks from
// PerformanceObserver, JS heap through the DevTools protocol after a forced garbage collection.
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

declare global {
  interface Window {
    __ortaqProbe?: Probe;
  }
}

/**
 * Installed before any page script runs. Plain JavaScript text, not a function: the TypeScript loader adds
 * helpers to compiled functions that do not exist inside the page.
 */
const PROBE_SCRIPT = `
  (() => {
    const probe = { frames: [], work: [], longTasks: [] };
    window.__ortaqProbe = probe;
    let last = 0;
    // A message posted from an animation frame callback runs after that frame's callbacks, style, layout
    // and paint: the time until then is the frame's work, however short the refresh period.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => probe.work.push(performance.now() - last);
    const frame = (now) => {
      if (last > 0) probe.frames.push(now - last);
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

export async function openProbedPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.addInitScript({ content: PROBE_SCRIPT });
  return page;
}

export async function resetProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe = window.__ortaqProbe!;
    probe.frames.length = 0;
    probe.work.length = 0;
    probe.longTasks.length = 0;
  });
}

export function readProbe(page: Page): Promise<Probe> {
  return page.evaluate(() => structuredClone(window.__ortaqProbe!));
}

/** Used JS heap after a full garbage collection, bytes. */
export async function heapAfterGc(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('HeapProfiler.collectGarbage');
    const usage = await session.send('Runtime.getHeapUsage');
    return usage.usedSize;
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
