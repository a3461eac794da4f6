// End to end: the real server with its simulator at high speed, the built dashboard, headless Chromium.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm, AlarmsResponse, FleetResponse } from '../../shared/protocol';
import { launchBrowser, openPage } from '../helpers/browser';
import { startOrtaq, type OrtaqProcess } from '../helpers/ortaqProcess';
import { authedFetch, signInPage } from '../helpers/auth';
import { longPassStart, spacecraftWithContactLeft } from '../helpers/passes';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
/** Simulated seconds per real second: passes and alarms happen within the test's time. */
const SIM_SPEED = '20';
/**
 * The simulation starts at a pass this long, so the first tests see a spacecraft in contact at once and the
 * fault test still finds minutes of it left (otherwise it waits for the next cluster of contacts).
 */
const LONG_PASS_MS = 10 * 60_000;

let ortaq: OrtaqProcess;
let browser: Browser;

async function getJson<T>(p: string): Promise<T> {
  const res = await authedFetch(`${ortaq.url}${p}`);
  expect(res.status, `${p}: ${await res.clone().text()}`).toBe(200);
  return (await res.json()) as T;
}

async function page(viewport?: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser, viewport);
  await signInPage(opened.page, ortaq.url);
  return opened;
}

/** A spacecraft a station hears now (the simulator starts at a contact; at 20× a pass lasts ~30 s). */
async function spacecraftInContact(): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(
      async () => {
        const { fleet } = await getJson<FleetResponse>('/api/fleet');
        found = fleet.find((f) => f.stationsInContact.length > 0)?.spacecraftId;
        return found;
      },
      { timeout: 90_000, interval: 500 },
    )
    .toBeTruthy();
  return found!;
}

/**
 * The spacecraft heard most recently: in contact now if any is ("in contact" means frames arrive, and
 * contacts come in clusters up to ~4.5 min apart at 20×, longer than a test may wait).
 */
async function lastHeard(): Promise<string> {
  const { fleet } = await getJson<FleetResponse>('/api/fleet');
  const heard = fleet.filter((f) => f.lastFrameMs !== null);
  expect(heard.length, 'a spacecraft heard since the start').toBeGreaterThan(0);
  const receiving = heard.find((f) => f.stationsInContact.length > 0);
  return (receiving ?? heard.sort((a, b) => b.lastFrameMs! - a.lastFrameMs!)[0]!).spacecraftId;
}

/** Screenshots wait for a rendered frame, which takes long when the machine runs the whole suite at once. */
const shot = (p: Page, name: string) =>
  p.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), timeout: 90_000 });

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  ortaq = await startOrtaq({
    ORTAQ_SIM_SPEED: SIM_SPEED,
    ORTAQ_SIM_START: new Date(longPassStart(Date.now(), LONG_PASS_MS)).toISOString(),
  });
  browser = await launchBrowser();
  // Wait until the simulator's stations have delivered frames for every spacecraft in contact.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const { fleet } = await getJson<FleetResponse>('/api/fleet');
    if (fleet.some((f) => f.lastFrameMs !== null)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
});

afterAll(async () => {
  await browser?.close();
  if (ortaq) fs.writeFileSync(path.join(ARTIFACTS, 'e2e-server.log'), ortaq.output());
  await ortaq?.stop();
});

describe('dashboard against the real server', () => {
  it('keeps the wall screen free of scrolling at 1920×1080 and 3840×2160', async () => {
    // The first page (the tiles) here; wall.test.ts goes through every page in every language.
    for (const viewport of [
      { width: 1920, height: 1080 },
      { width: 3840, height: 2160 },
    ]) {
      const { page: p } = await page(viewport);
      await p.goto(`${ortaq.url}/wall?rotate=0`);
      await p.waitForSelector('[data-testid^=wall-tile-]');
      await p.waitForTimeout(800);
      const size = await p.evaluate(() => ({
        // The wall clips its overflow, so also check that its tiles end inside the viewport.
        bottom: document.querySelector('.wall-tiles')!.getBoundingClientRect().bottom,
        scrollH: document.documentElement.scrollHeight,
        scrollW: document.documentElement.scrollWidth,
        h: innerHeight,
        w: innerWidth,
        tiles: document.querySelectorAll('[data-testid^=wall-tile-]').length,
      }));
      expect(size.scrollH).toBeLessThanOrEqual(size.h);
      expect(size.bottom).toBeLessThanOrEqual(size.h);
      expect(size.scrollW).toBeLessThanOrEqual(size.w);
      expect(size.tiles).toBe(6);
      if (viewport.width > 1920) await shot(p, 'wall-3840x2160');
      await p.context().close();
    }
  });

  it('shows live values changing', async () => {
    const spacecraftId = await spacecraftInContact();
    const { page: p } = await page();
    await p.goto(`${ortaq.url}/spacecraft/${spacecraftId}?subsystem=EPS`);
    const clock = p.getByTestId('utc-clock');
    const chart = p.locator('[data-testid="live-chart-eps.batt_voltage"]');
    await chart.waitFor();
    const first = Number((await chart.getAttribute('data-points')) ?? 0);
    await expect
      .poll(async () => Number((await chart.getAttribute('data-points')) ?? 0), { timeout: 20_000 })
      .not.toBe(first);
    // The chart is a canvas: it must have painted, in the series colour, not only counted its points.
    // The line grows as samples arrive, so wait for it to be long enough to tell apart from the axes.
    const paintedPixels = () =>
      chart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let opaque = 0;
        let series = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3]! === 0) continue;
          opaque += 1;
          // --series-live is #58a6ff: blue well above red.
          if (data[i + 2]! > 200 && data[i]! < 150) series += 1;
        }
        return { opaque, series };
      });
    await expect.poll(async () => (await paintedPixels()).series, { timeout: 20_000 }).toBeGreaterThan(50);
    expect((await paintedPixels()).opaque).toBeGreaterThan(1000);
    expect(await chart.locator('canvas').getAttribute('aria-label')).toMatch(
      /^Battery voltage: [\d.,]+ V at /,
    );
    const before = await clock.textContent();
    await expect.poll(() => clock.textContent(), { timeout: 5000 }).not.toBe(before);
    await p.context().close();
  });

  it(
    'raises an alarm for an injected fault and acknowledges it from the alarms view',
    { timeout: 480_000 },
    async () => {
      // The failing amplifier passes its yellow limit after ~40 s of transmitting: 4 minutes of pass is plenty.
      const spacecraftId = await spacecraftWithContactLeft(ortaq.url, 4 * 60_000);
      const { serverTimeMs: injectedAtMs } = await getJson<FleetResponse>('/api/fleet');
      const res = await authedFetch(`${ortaq.url}/api/sim/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ spacecraftId, fault: 'tx_failure' }),
      });
      expect(res.status).toBe(201);
      // The failing amplifier heats up: the transmitter temperature, then its state, leave their limits.
      const find = async () =>
        (await getJson<AlarmsResponse>('/api/alarms')).alarms.find(
          (a: Alarm) =>
            a.spacecraftId === spacecraftId &&
            a.parameterId?.startsWith('comms.') === true &&
            a.openedAtMs >= injectedAtMs - 60_000 &&
            !a.acknowledged,
        );
      await expect.poll(find, { timeout: 60_000, interval: 500 }).toBeTruthy();
      const alarm = (await find())!;

      const { page: p } = await page();
      await p.goto(`${ortaq.url}/alarms`);
      const row = p.getByTestId(`alarm-${alarm.id}`);
      await row.waitFor({ timeout: 15_000 });
      expect(await row.getAttribute('data-attention')).toBe('true');
      await shot(p, 'alarms-fault');
      await p.getByTestId(`ack-${alarm.id}`).click();
      await p.getByTestId('alarm-comment').fill('Transmitter fault seen; switching to redundant chain');
      await p.getByTestId('alarm-confirm').click();
      await expect.poll(() => row.getAttribute('data-attention'), { timeout: 10_000 }).toBe('false');
      const acked = (await getJson<AlarmsResponse>('/api/alarms?scope=all')).alarms.find(
        (a) => a.id === alarm.id,
      );
      expect(acked?.acknowledged?.comment).toBe('Transmitter fault seen; switching to redundant chain');
      await p.context().close();
    },
  );

  it('switches the interface language at run time and remembers it', async () => {
    const { page: p } = await page();
    await p.goto(`${ortaq.url}/fleet`);
    await p.waitForSelector('#fleet-title');
    expect(await p.textContent('#fleet-title')).toBe('Fleet');
    await p.getByTestId('language-select').selectOption('ru');
    expect(await p.textContent('#fleet-title')).toBe('Группировка');
    await p.reload();
    await p.waitForSelector('#fleet-title');
    expect(await p.textContent('#fleet-title')).toBe('Группировка');
    await p.getByTestId('language-select').selectOption('tr');
    expect(await p.textContent('nav a[href="/alarms"]')).toBe('Alarmlar');
    await shot(p, 'fleet-tr');
    await p.context().close();
  });

  it('reproduces an Investigate view from a deep link', async () => {
    const { serverTimeMs } = await getJson<FleetResponse>('/api/fleet');
    const from = new Date(serverTimeMs - 10 * 60_000).toISOString();
    const to = new Date(serverTimeMs).toISOString();
    const query = `sc=kazeosat-1,gokturk-2&p=eps.batt_voltage,adcs.wheel_speed_1&from=${from}&to=${to}`;
    const { page: p, errors } = await page();
    await p.goto(`${ortaq.url}/investigate?${query}`);
    await p.waitForSelector('[data-testid^=history-]');
    await expect.poll(() => p.locator('[data-testid^=history-]').count()).toBe(4);
    expect(await p.getByTestId('sc-select-0').inputValue()).toBe('kazeosat-1');
    expect(await p.getByTestId('sc-select-1').inputValue()).toBe('gokturk-2');
    expect(await p.getByTestId('mode-badge').getAttribute('class')).toContain('history');
    const params = new URL(p.url()).searchParams;
    expect(params.get('from')).toBe(from);
    expect(params.get('to')).toBe(to);
    await p.waitForTimeout(1000);
    await shot(p, 'investigate-deeplink');
    expect(errors).toEqual([]);
    await p.context().close();
  });
  const VIEWS: { name: string; url: string; ready: string }[] = [
    { name: 'fleet', url: '/fleet', ready: '[data-testid^=fleet-card-]' },
    { name: 'wall', url: '/wall', ready: '[data-testid^=wall-tile-]' },
    {
      name: 'spacecraft',
      url: '/spacecraft/CONTACT?subsystem=EPS',
      ready: '[data-testid=current-values]',
    },
    {
      name: 'investigate',
      url: '/investigate?sc=CONTACT,imece&p=eps.batt_voltage,eps.batt_soc&last=15m',
      ready: '[data-testid^=history-]',
    },
    { name: 'stations', url: '/stations', ready: '[data-testid=pass-timeline] svg' },
    { name: 'partners', url: '/partners', ready: '[data-testid=utilization-table]' },
    { name: 'alarms', url: '/alarms?show=all', ready: '#alarms-title' },
  ];

  it.each(VIEWS)('loads the $name view without errors (screenshot at 1920×1080)', async (view) => {
    const { page: p, errors } = await page();
    // Views of one spacecraft show the one heard last, so the screenshot has data to look at.
    const url = view.url.includes('CONTACT') ? view.url.replace('CONTACT', await lastHeard()) : view.url;
    await p.goto(`${ortaq.url}${url}`);
    await p.waitForSelector(view.ready, { timeout: 30_000 });
    await p.waitForTimeout(1500);
    await shot(p, view.name);
    expect(await p.getByTestId('alarm-badge').count()).toBe(1);
    expect(errors).toEqual([]);
    await p.context().close();
  });
});
