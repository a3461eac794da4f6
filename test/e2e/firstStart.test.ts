// End to end: a first start on a fresh data folder, as `npm start` runs it (minus the build). The simulator
// flies the last 24 h into the empty archive, the dashboard says so meanwhile, and within a minute every
// spacecraft has a last value and a day of history, past passes show receptions, past alarms were handled.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AlarmsResponse,
  HistoryResponse,
  PassesResponse,
  SpacecraftDetail,
} from '../../shared/protocol/api';
import { io as connectSocket } from 'socket.io-client';
import type { HealthReport, SystemCondition } from '../../shared/protocol/health';
import { LIVE_NAMESPACE } from '../../shared/protocol/live';
import { DICTIONARY } from '../../server/mission/shipped';
import { authedFetch, sessionCookieFor, signInPage, type LiveTestSocket } from '../helpers/auth';
import { launchBrowser, openPage } from '../helpers/browser';
import { startOrtaq, type OrtaqProcess } from '../helpers/ortaqProcess';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const HOUR = 3_600_000;
/** The promise: a living fleet within a minute of the start, on a 2-core machine. */
const READY_WITHIN_MS = 60_000;
/** Time enough for a `system` event pushed to the dashboard to be drawn, on a loaded machine. */
const NOTICE_DRAWN_WITHIN_MS = 2_000;

let ortaq: OrtaqProcess;
let browser: Browser;
let spawnedMs: number;
let live: LiveTestSocket;
/** Every `system` event a dashboard's /live socket heard from the first moment it could connect. */
const systemEvents: SystemCondition[][] = [];

async function json<T>(route: string): Promise<T> {
  const res = await authedFetch(`${ortaq.url}${route}`);
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  spawnedMs = Date.now();
  ortaq = await startOrtaq({
    ORTAQ_SIM_START: 'now',
    ORTAQ_SIM_BACKFILL_HOURS: '24',
    ORTAQ_SIM_ANOMALY: 'on',
  });
  live = connectSocket(`${ortaq.url}${LIVE_NAMESPACE}`, {
    transports: ['websocket'],
    extraHeaders: { cookie: sessionCookieFor(ortaq.url) },
  });
  live.on('system', (conditions) => systemEvents.push(conditions));
}, 120_000);

afterAll(async () => {
  live?.close();
  await browser?.close();
  await ortaq?.stop();
});

describe('a first start with the built-in simulator', () => {
  it('fills the last 24 h, says so on the console and in the dashboard, then goes live', async () => {
    // The dashboard while the history fills: a notice, not an alarm.
    const { page } = await openPage(browser);
    // The page remembers whether the notice was ever shown, so a notice that came and went between two looks
    // still counts.
    await page.addInitScript(() => {
      const look = () => {
        if (document.querySelector('[data-testid=system-notices]'))
          (window as { sawFillingNotice?: boolean }).sawFillingNotice = true;
      };
      new MutationObserver(look).observe(document, { childList: true, subtree: true });
    });
    await signInPage(page, ortaq.url);
    await page.goto(`${ortaq.url}/fleet?status=all`);
    await page.waitForSelector('[data-testid^=fleet-card-]');
    const pageUpMs = Date.now();
    const notice = page.locator('[data-testid=system-notices]');
    const filling = async () => (await json<HealthReport>('/healthz')).status !== 'ok';
    let lastFillingMs = -Infinity;
    let screenshotTaken = false;
    while (await filling()) {
      lastFillingMs = Date.now();
      expect(lastFillingMs - spawnedMs, 'history filled within a minute').toBeLessThan(READY_WITHIN_MS);
      if (!screenshotTaken && (await notice.count()) > 0) {
        screenshotTaken = true;
        expect(await notice.getAttribute('role')).toBe('status');
        await page.screenshot({ path: path.join(ARTIFACTS, 'first-start-filling.png') });
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // On a fast machine the fill may end before the page is up, or an instant after: the notice is owed only
    // when the page was up for a while during the fill (the time a pushed event takes to be drawn).
    const sawNotice = await page.evaluate(
      () => (window as { sawFillingNotice?: boolean }).sawFillingNotice === true,
    );
    if (lastFillingMs - pageUpMs > NOTICE_DRAWN_WITHIN_MS)
      expect(sawNotice, 'the filling notice in the dashboard').toBe(true);
    // What every dashboard was told meanwhile: the filling with its progress, then nothing.
    const history = systemEvents.flat().filter((c) => c.dependency === 'history');
    expect(history.length).toBeGreaterThan(0);
    expect(history.every((c) => c.cause === 'filling' && c.progress?.hours === 24)).toBe(true);
    await expect.poll(() => systemEvents.at(-1)).toEqual([]);
    await expect.poll(() => notice.count(), { timeout: 10_000 }).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'first-start-fleet.png') });
    await page.close();
    const output = ortaq.output();
    expect(output).toMatch(/filling the last 24 h: 50 %/);
    expect(output).toMatch(/filling the last 24 h: done in [\d.]+ s, [\d,]+ frames/);
    expect(output).toMatch(/gokturk-2: battery ageing/);
    expect(output).toMatch(/simulated time runs live from/);
  });

  it('gives every spacecraft a last value and 24 h of history', async () => {
    const nowMs = Date.now();
    const from = new Date(nowMs - 24 * HOUR).toISOString();
    const to = new Date(nowMs).toISOString();
    for (const spacecraft of DICTIONARY.spacecraft) {
      const detail = await json<SpacecraftDetail>(`/api/spacecraft/${spacecraft.id}`);
      expect(detail.summary.lastFrameMs, spacecraft.id).not.toBeNull();
      expect(detail.parameters.length, spacecraft.id).toBeGreaterThan(10);
      const history = await json<HistoryResponse>(
        `/api/spacecraft/${spacecraft.id}/history?params=eps.batt_voltage,thermal.payload_temp&from=${from}&to=${to}&maxPoints=500`,
      );
      for (const series of history.series) {
        const points = series.points;
        expect(points.length, `${spacecraft.id} ${series.parameterId}`).toBeGreaterThan(100);
        // From the start of the day to its end, not only the last passes.
        expect(points[0]!.t - (nowMs - 24 * HOUR), `${spacecraft.id} ${series.parameterId}`).toBeLessThan(
          HOUR,
        );
        expect(points.at(-1)!.t, `${spacecraft.id} ${series.parameterId}`).toBeGreaterThan(nowMs - 12 * HOUR);
      }
    }
  });

  it('shows past passes with receptions, from several stations', async () => {
    const nowMs = Date.now();
    const body = await json<PassesResponse>(
      `/api/passes?from=${new Date(nowMs - 24 * HOUR).toISOString()}&to=${new Date(nowMs - 10 * 60_000).toISOString()}`,
    );
    const ended = body.passes.filter((p) => p.losMs < nowMs - 10 * 60_000);
    expect(ended.length).toBeGreaterThan(20);
    const heard = ended.filter((p) => (p.reception?.frames ?? 0) > 0);
    expect(heard.length / ended.length).toBeGreaterThan(0.8);
    expect(new Set(heard.map((p) => p.stationId)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(heard.map((p) => p.spacecraftId)).size).toBe(DICTIONARY.spacecraft.length);
  });

  it('has past alarms acknowledged by the simulated operator', async () => {
    const body = await json<AlarmsResponse>('/api/alarms?scope=all&limit=500');
    const simulated = body.alarms.filter((a) => a.acknowledged?.by === 'simulated operator');
    expect(simulated.length).toBeGreaterThanOrEqual(2);
    expect(new Set(simulated.map((a) => a.spacecraftId)).size).toBeGreaterThanOrEqual(2);
  });
});
