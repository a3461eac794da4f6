// The wall screen read from 5 m: every page, at 1920×1080 and 3840×2160, in every interface language
// (each catalogue in client/i18n), with live data from the real server and its simulator. Fails on text
// below the floor (~40 px at 1080p, scaling with the screen), on text cut off or running out of its box,
// and on states without fresh data that cannot be told apart in grayscale. Screenshots: test/artifacts/.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPACECRAFT_STATUSES, type FleetResponse } from '../../shared/protocol';
import { authedFetch, signInPage } from '../helpers/auth';
import { launchBrowser, signedInPages } from '../helpers/browser';
import { startOrtaq, type OrtaqProcess } from '../helpers/ortaqProcess';
import { findTextProblems, grayscaleContrasts } from '../helpers/wallText';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const CATALOGUES = path.resolve(import.meta.dirname, '../../client/i18n');
/** Every interface language there is a catalogue for: a new one is measured without touching this test. */
const LANGUAGES = fs
  .readdirSync(CATALOGUES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();
const VIEWPORTS = [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
];
/** 16 arcminutes at 5 m on a 65-inch 1080p panel: ~40 px at 1080 lines, and as much more as the screen has. */
const floorPx = (viewport: { width: number; height: number }) =>
  40 * Math.min(viewport.width / 1920, viewport.height / 1080);
const PAGES = ['tiles', 'matrix', 'contacts'] as const;

let ortaq: OrtaqProcess;
let browser: Browser;
let pageOf: ReturnType<typeof signedInPages>;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  [ortaq, browser] = await Promise.all([startOrtaq({ ORTAQ_SIM_SPEED: '20' }), launchBrowser()]);
  pageOf = signedInPages(browser, (page) => signInPage(page, ortaq.url));
  // Frames flowing for one spacecraft at least, then one silenced: the wall shows live, silent and unknown.
  let heard: string | undefined;
  for (let i = 0; i < 240 && !heard; i++) {
    const fleet = ((await (await authedFetch(`${ortaq.url}/api/fleet`)).json()) as FleetResponse).fleet;
    heard = fleet.find((f) => f.stationsInContact.length > 0)?.spacecraftId;
    if (!heard) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(heard, ortaq.output()).toBeDefined();
  const res = await authedFetch(`${ortaq.url}/api/sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ spacecraftId: heard, fault: 'silent' }),
  });
  expect(res.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await ortaq?.stop();
});

/** One wall page (`page`: 1-based) shown in `language`, in an open page of the right size. */
async function showWall(opened: Awaited<ReturnType<typeof pageOf>>, page: number) {
  await opened.page.goto(`${ortaq.url}/wall?rotate=0&page=${page}`);
  await opened.page.waitForSelector(`[data-testid=wall][data-page=${PAGES[page - 1]}]`);
  await opened.page.waitForSelector('.wall-tiles li, .health-matrix tbody tr, .station-lane');
  // Passes (station lanes) load after the fleet; fonts and layout settle.
  await opened.page.waitForTimeout(1200);
  return opened;
}

async function openWall(viewport: { width: number; height: number }, language: string, page: number) {
  return showWall(await pageOf(viewport, language), page);
}

describe('wall screen readable from 5 m', () => {
  for (const viewport of VIEWPORTS) {
    for (const language of LANGUAGES) {
      it(`${language} at ${viewport.width}×${viewport.height}: no text below ${floorPx(viewport)} px, none cut off`, async () => {
        const opened = await pageOf(viewport, language);
        const { page, errors } = opened;
        for (const [i, kind] of PAGES.entries()) {
          await showWall(opened, i + 1);
          expect(await page.locator('html').getAttribute('lang')).toBe(language);
          const name = `wall-${language}-${viewport.width}x${viewport.height}-${kind}`;
          await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
          const size = await page.evaluate(() => ({
            scrollH: document.documentElement.scrollHeight,
            scrollW: document.documentElement.scrollWidth,
          }));
          expect(size.scrollH, name).toBeLessThanOrEqual(viewport.height);
          expect(size.scrollW, name).toBeLessThanOrEqual(viewport.width);
          expect(await findTextProblems(page, '[data-testid=wall]', floorPx(viewport)), name).toEqual([]);
          if (kind === 'tiles') expect(await page.locator('[data-testid^=wall-tile-]').count()).toBe(6);
          expect(errors, name).toEqual([]);
        }
        await page.close();
      });
    }
  }

  it('tells every state apart by glyph and word, with 4.5:1 contrast in grayscale on the wall', async () => {
    const { page } = await openWall(VIEWPORTS[0]!, 'en', 1);
    // One badge of each state on the wall's background and on a tile's, styled by the real style sheets.
    await page.evaluate((statuses) => {
      const tile = document.querySelector('.wall-tile')!;
      for (const host of [document.querySelector('.wall-header')!, tile]) {
        for (const status of statuses) {
          const badge = document.createElement('span');
          badge.className = `badge status-${status} probe`;
          badge.textContent = status;
          host.append(badge);
        }
      }
    }, SPACECRAFT_STATUSES);
    const contrasts = await grayscaleContrasts(page, '.badge.probe');
    expect(contrasts).toHaveLength(SPACECRAFT_STATUSES.length * 2);
    for (const { label, ratio } of contrasts) expect(ratio, label).toBeGreaterThanOrEqual(4.5);
    // The glyphs in use on the wall right now are each their state's own.
    const glyphs = await page.$$eval('.wall-tile .badge', (badges) =>
      badges.map((b) => [b.getAttribute('data-status'), b.querySelector('.badge-icon')?.textContent]),
    );
    const byStatus = new Map<string, Set<string>>();
    for (const [status, glyph] of glyphs) {
      if (!byStatus.has(status!)) byStatus.set(status!, new Set());
      byStatus.get(status!)!.add(glyph!);
    }
    for (const set of byStatus.values()) expect(set.size).toBe(1);
    await page.close();
  });
});
