// The dense wall with the 100-spacecraft federation flying (mission/federation-100, the real server and its
// simulator): at 3840×2160 the whole fleet on one page without scrolling, the spacecraft needing attention
// worst first, no text under 40 px; at 1920×1080, in every interface language, pages that turn, each without
// scrolling or text cut off, and every spacecraft on one of them. Screenshots: test/artifacts/.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEDERATION_DIR } from '../../server/mission/federation';
import { requireMission } from '../../server/mission/folder';
import { SPACECRAFT_STATUSES, type FleetResponse, type SpacecraftStatus } from '../../shared/protocol';
import { authedFetch, openAgreement, signInPage, tempDir } from '../helpers/auth';
import { launchBrowser, signedInPages } from '../helpers/browser';
import { startOrtaq, type OrtaqProcess } from '../helpers/ortaqProcess';
import { mostPassLeft } from '../helpers/silencing';
import { findTextProblems } from '../helpers/wallText';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const CATALOGUES = path.resolve(import.meta.dirname, '../../client/i18n');
const LANGUAGES = fs
  .readdirSync(CATALOGUES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();
const FOUR_K = { width: 3840, height: 2160 };
const FULL_HD = { width: 1920, height: 1080 };
/** The dense wall's floor at both sizes (client/styles/wallDense.css says why). */
const FLOOR_PX = 40;
/** The server flies 100 spacecraft beside the browser: pages load slowly on a busy machine. */
const LOAD_TIMEOUT_MS = 90_000;
const dictionary = requireMission(FEDERATION_DIR).dictionary;
const severity = (s: string) => SPACECRAFT_STATUSES.indexOf(s as SpacecraftStatus);

/** How long each step of the setup may wait for the simulator (a start, a first contact, a silence). */
const SETUP_STEP_MS = 150_000;
/** Silent to the end of its pass, then lost until frames come again: attention that lasts. */
const LASTING = new Set(['silent', 'lost']);

let ortaq: OrtaqProcess;
let browser: Browser;
let dataDir: string;

/**
 * The fleet at the server's time, or none while the server is too busy to answer (a loaded machine resets
 * connections).
 */
async function readFleet(): Promise<Pick<FleetResponse, 'fleet' | 'serverTimeMs'>> {
  try {
    return (await (await authedFetch(`${ortaq.url}/api/fleet`)).json()) as FleetResponse;
  } catch {
    return { fleet: [], serverTimeMs: 0 };
  }
}

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  dataDir = tempDir('ortaq-wall-dense-');
  const agreement = path.join(dataDir, 'agreement.json');
  fs.writeFileSync(agreement, JSON.stringify(openAgreement(dictionary)));
  [ortaq, browser] = await Promise.all([
    startOrtaq({ ORTAQ_MISSION: FEDERATION_DIR, ORTAQ_AGREEMENT: agreement, ORTAQ_SIM_SPEED: '2' }),
    launchBrowser(),
  ]);
  // Frames from a few spacecraft, then the one with the most of its pass left silenced: silent for staleMs
  // inside its pass, it stays silent to the pass's end and lost after it, until frames come again (none
  // will). Any other state needing attention (a moment of playback, a yellow limit) may pass before the wall
  // is read, and a spacecraft silenced at the end of its pass may never become silent.
  let silenced: string | undefined;
  for (const deadline = Date.now() + SETUP_STEP_MS; !silenced && Date.now() < deadline;) {
    const { fleet, serverTimeMs } = await readFleet();
    const heard = fleet.filter((f) => f.stationsInContact.length > 0);
    if (heard.length >= 2) silenced = mostPassLeft(heard, serverTimeMs)!.spacecraftId;
    else await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  expect(silenced, ortaq.output()).toBeDefined();
  const res = await authedFetch(`${ortaq.url}/api/sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ spacecraftId: silenced, fault: 'silent' }),
  });
  expect(res.status).toBe(201);
  let status = '';
  for (const deadline = Date.now() + SETUP_STEP_MS; !LASTING.has(status) && Date.now() < deadline;) {
    status = (await readFleet()).fleet.find((f) => f.spacecraftId === silenced)?.status ?? '';
    if (!LASTING.has(status)) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  expect(LASTING.has(status), `${silenced} is ${status}\n${ortaq.output()}`).toBe(true);
}, 540_000);

afterAll(async () => {
  await browser?.close();
  await ortaq?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

let pageOf: ReturnType<typeof signedInPages>;

async function openDenseWall(viewport: { width: number; height: number }, language: string, query: string) {
  pageOf ??= signedInPages(browser, (page) => signInPage(page, ortaq.url));
  const { page, errors } = await pageOf(viewport, language);
  await page.goto(`${ortaq.url}/wall?${query}`, { timeout: LOAD_TIMEOUT_MS });
  await page.waitForSelector('[data-testid=wall][data-page=dense] .fleet-matrix li', {
    timeout: LOAD_TIMEOUT_MS,
  });
  await page.waitForTimeout(1500); // the matrix measures its area; fonts settle
  expect(await page.locator('html').getAttribute('lang')).toBe(language);
  return { page, errors };
}

/** Scroll size of the document, the matrix cells shown and the attention tiles in order. */
function readWall(page: Page) {
  return page.evaluate(() => ({
    scrollH: document.documentElement.scrollHeight,
    scrollW: document.documentElement.scrollWidth,
    pages: Number(document.querySelector('[data-testid=wall]')!.getAttribute('data-pages')),
    indicator: document.querySelector('[data-testid=wall-page]')!.textContent!.replace(/^.*, /, ''),
    cells: [...document.querySelectorAll('[data-testid^=matrix-cell-]')].map((c) =>
      c.getAttribute('data-testid')!.replace('matrix-cell-', ''),
    ),
    attention: [...document.querySelectorAll('[data-testid^=attention-tile-]')].map((c) =>
      c.getAttribute('data-status')!,
    ),
    bandVisible: document.querySelector('.attention-band') !== null,
    // The smallest font of any visible text in the tiles and the matrix: their key figures.
    smallestKeyFontPx: Math.min(
      ...[...document.querySelectorAll('.attention-tiles *, .fleet-matrix *')]
        .filter((el) => el.closest('.sr-only') === null && [...el.childNodes].some((n) => n.nodeType === 3))
        .map((el) => parseFloat(getComputedStyle(el).fontSize)),
    ),
  }));
}

function expectFits(wall: Awaited<ReturnType<typeof readWall>>, viewport: { width: number; height: number }) {
  expect(wall.scrollH).toBeLessThanOrEqual(viewport.height);
  expect(wall.scrollW).toBeLessThanOrEqual(viewport.width);
}

describe('the dense wall with 100 spacecraft', () => {
  for (const language of ['en', 'kk']) {
    it(`${language} at 3840×2160: the whole fleet on one page, attention worst first, no text under ${FLOOR_PX} px`, async () => {
      const { page, errors } = await openDenseWall(FOUR_K, language, 'rotate=0');
      await page.screenshot({ path: path.join(ARTIFACTS, `wall-dense-${language}-3840x2160.png`) });
      const wall = await readWall(page);
      expectFits(wall, FOUR_K);
      expect(wall.pages).toBe(1);
      expect(wall.cells.sort()).toEqual(dictionary.spacecraft.map((s) => s.id).sort());
      expect(wall.attention.length).toBeGreaterThan(0);
      const ranks = wall.attention.map(severity);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      expect(wall.smallestKeyFontPx).toBeGreaterThanOrEqual(FLOOR_PX - 0.5);
      expect(await findTextProblems(page, '[data-testid=wall]', FLOOR_PX)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  for (const language of LANGUAGES) {
    it(`${language} at 1920×1080: every spacecraft on some page, attention on all, nothing cut off`, async () => {
      const { page, errors } = await openDenseWall(FULL_HD, language, 'rotate=0');
      const first = await readWall(page);
      expect(first.pages).toBeGreaterThan(1);
      const seen = new Set<string>();
      // Worst first: a spacecraft whose state changes while the pages turn moves to another page, so one
      // turn of the pages may miss it; every spacecraft must show within three turns.
      const all = dictionary.spacecraft.length;
      for (let turn = 0; turn < 3 && seen.size < all; turn++) {
        for (let p = 1; p <= first.pages; p++) {
          const wall = await readWall(page);
          const name = `wall-dense-${language}-1920x1080-${p}`;
          if (turn === 0) await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
          expectFits(wall, FULL_HD);
          expect(wall.indicator, name).toBe(`${p}/${first.pages}`);
          expect(wall.bandVisible, name).toBe(true);
          expect(wall.smallestKeyFontPx, name).toBeGreaterThanOrEqual(FLOOR_PX - 0.5);
          expect(await findTextProblems(page, '[data-testid=wall]', FLOOR_PX), name).toEqual([]);
          for (const id of wall.cells) seen.add(id);
          await page.click('[data-testid=wall-page]');
          await page.waitForTimeout(300);
        }
      }
      expect([...seen].sort()).toEqual(dictionary.spacecraft.map((s) => s.id).sort());
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('turns its pages by itself at 1920×1080 and says every how long', async () => {
    const { page } = await openDenseWall(FULL_HD, 'en', 'rotate=2');
    const rotation = await page.locator('[data-testid=wall-rotation]').textContent();
    expect(rotation).toContain('every 2 s');
    const before = (await readWall(page)).indicator;
    await page.waitForFunction(
      (shown) => !document.querySelector('[data-testid=wall-page]')!.textContent!.endsWith(shown),
      before,
      { timeout: 10_000 },
    );
    expect((await readWall(page)).indicator).not.toBe(before);
    await page.close();
  });
});
