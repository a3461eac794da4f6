// End to end: on the Investigate view and on a spacecraft's live charts an operator drags a time range on a
// chart, writes an annotation in the form that opens, and sees it drawn over the chart; the shift log lists
// it as an entry of the spacecraft, and it is shown to the partners the agreement lets see that spacecraft.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShiftLogResponse } from '../../shared/protocol/shiftlog';
import { authedFetch, signInPage, TEST_PASSWORD } from '../helpers/auth';
import { launchBrowser, openPage } from '../helpers/browser';
import { startOrtaq, type OrtaqProcess } from '../helpers/ortaqProcess';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const TEXT = 'Star tracker blinded by the Moon';
const LIVE_TEXT = 'Reaction wheel 2 noisy';
/**
 * Each partner sees its own spacecraft; Türkiye is granted kazeosat-1's telemetry as well, Uzbekistan is
 * not: the annotations of kazeosat-1 are Türkiye's to see and not Uzbekistan's.
 */
const AGREEMENT = {
  fleetStatusForAll: true,
  grants: [{ partner: 'TR', spacecraftId: 'kazeosat-1', level: 'telemetry' }],
};

let ortaq: OrtaqProcess;
let browser: Browser;
let agreementDir: string;

beforeAll(async () => {
  agreementDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-agreement-'));
  const agreement = path.join(agreementDir, 'agreement.json');
  fs.writeFileSync(agreement, JSON.stringify(AGREEMENT));
  ortaq = await startOrtaq({ ORTAQ_AGREEMENT: agreement });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await ortaq?.stop();
  fs.rmSync(agreementDir, { recursive: true, force: true });
});

/** Presses at 40 % of the box's width and releases at 60 %, in steps, as a hand would. */
async function dragAcross(page: Page, target: Locator): Promise<void> {
  const box = (await target.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.4, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.6, y, { steps: 5 });
  await page.mouse.up();
}

/** A page signed in as a new viewer of `partner`. */
async function viewerPage(partner: string): Promise<{ page: Page; errors: string[] }> {
  const username = `viewer-${partner.toLowerCase()}`;
  const created = await authedFetch(`${ortaq.url}/api/admin/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, partner, role: 'viewer', password: TEST_PASSWORD }),
  });
  expect(created.status).toBe(201);
  const opened = await openPage(browser);
  await signInPage(opened.page, ortaq.url, username);
  return opened;
}

/** The ids of the annotations a live chart drew on its last paint. */
const drawnOnLiveChart = (chart: Locator) => chart.getAttribute('data-annotations').then((a) => a ?? '');

describe('annotations on the Investigate chart', () => {
  it('drags a range, saves an annotation and sees it drawn', async () => {
    const { page, errors } = await openPage(browser);
    await signInPage(page, ortaq.url);
    await page.goto(`${ortaq.url}/investigate?sc=kazeosat-1&p=eps.batt_soc&last=1h`);
    const chart = page.locator('[data-testid="history-kazeosat-1-eps.batt_soc"] .chart-box');
    await chart.locator('svg.recharts-surface').waitFor();
    await dragAcross(page, chart);

    await page.fill('[data-testid=annotation-text]', TEXT);
    await page.click('[data-testid=annotation-save]');
    const drawn = chart.locator('[data-testid=chart-annotation]');
    await expect.poll(() => drawn.count(), { timeout: 20_000 }).toBe(1);
    expect(await drawn.locator('title').textContent()).toBe(`${TEXT} — admin`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'investigate-annotation.png') });

    // The annotation is a shift-log entry of the spacecraft and parameter, over the dragged range.
    const log = (await (await authedFetch(`${ortaq.url}/api/shiftlog`)).json()) as ShiftLogResponse;
    const entry = log.entries.find((e) => e.text === TEXT)!;
    expect(entry).toMatchObject({ spacecraft: ['kazeosat-1'], parameters: ['eps.batt_soc'] });
    expect(entry.range!.toMs - entry.range!.fromMs).toBeGreaterThan(5 * 60_000);
    await page.goto(`${ortaq.url}/shiftlog`);
    await expect
      .poll(() => page.textContent('[data-testid=shiftlog-entries]'), { timeout: 20_000 })
      .toContain(TEXT);
    await page.screenshot({ path: path.join(ARTIFACTS, 'shiftlog.png') });
    // The only errors allowed: the 401s of the page asking who is signed in before the login.
    expect(errors.filter((e) => !/401|Unauthorized/.test(e))).toEqual([]);
    await page.context().close();
  });
});

describe('annotations on the live charts of a spacecraft', () => {
  it('drags a range on a live chart, saves it, and sees it there, on Investigate, and only where the agreement allows', async () => {
    const { page, errors } = await openPage(browser);
    await signInPage(page, ortaq.url);
    await page.goto(`${ortaq.url}/spacecraft/kazeosat-1`);
    const chart = page.getByTestId('live-chart-eps.batt_voltage');
    await chart.locator('canvas').waitFor();
    await dragAcross(page, chart);
    await page.fill('[data-testid=annotation-text]', LIVE_TEXT);
    await page.click('[data-testid=annotation-save]');

    const log = (await (await authedFetch(`${ortaq.url}/api/shiftlog`)).json()) as ShiftLogResponse;
    const entry = log.entries.find((e) => e.text === LIVE_TEXT)!;
    expect(entry).toMatchObject({ spacecraft: ['kazeosat-1'], parameters: ['eps.batt_voltage'] });
    // A fifth of the default 15-minute window.
    expect(entry.range!.toMs - entry.range!.fromMs).toBeGreaterThan(60_000);
    // Drawn on the chart it was dragged on and on its neighbours: the annotation is the spacecraft's.
    await expect.poll(() => drawnOnLiveChart(chart), { timeout: 20_000 }).toContain(entry.id);
    await expect
      .poll(() => drawnOnLiveChart(page.getByTestId('live-chart-eps.batt_current')), { timeout: 20_000 })
      .toContain(entry.id);
    await page.screenshot({ path: path.join(ARTIFACTS, 'spacecraft-annotation.png') });

    await page.goto(`${ortaq.url}/investigate?sc=kazeosat-1&p=eps.batt_voltage&last=1h`);
    const history = page.locator('[data-testid="history-kazeosat-1-eps.batt_voltage"]');
    await expect
      .poll(() => history.locator('[data-testid=chart-annotation] title').allTextContents(), {
        timeout: 20_000,
      })
      .toContain(`${LIVE_TEXT} — admin`);
    expect(errors.filter((e) => !/401|Unauthorized/.test(e))).toEqual([]);
    await page.context().close();

    // Türkiye is granted kazeosat-1: its viewer sees the annotation on the live chart.
    const turkish = await viewerPage('TR');
    await turkish.page.goto(`${ortaq.url}/spacecraft/kazeosat-1`);
    const seen = turkish.page.getByTestId('live-chart-eps.batt_voltage');
    await expect.poll(() => drawnOnLiveChart(seen), { timeout: 20_000 }).toContain(entry.id);
    await turkish.page.screenshot({ path: path.join(ARTIFACTS, 'spacecraft-annotation-tr.png') });
    expect(turkish.errors.filter((e) => !/401|Unauthorized/.test(e))).toEqual([]);
    await turkish.page.context().close();

    // Uzbekistan is not: no chart to draw on, no annotations from the server, nothing in its shift log.
    const uzbek = await viewerPage('UZ');
    await uzbek.page.goto(`${ortaq.url}/spacecraft/kazeosat-1`);
    await uzbek.page.getByTestId('spacecraft-status-only').waitFor();
    expect(await uzbek.page.getByTestId('live-chart-eps.batt_voltage').count()).toBe(0);
    const refused = await uzbek.page.request.get(`${ortaq.url}/api/annotations?spacecraft=kazeosat-1`);
    expect(refused.status()).toBe(403);
    const uzLog = (await (
      await uzbek.page.request.get(`${ortaq.url}/api/shiftlog`)
    ).json()) as ShiftLogResponse;
    expect(uzLog.entries.map((e) => e.id)).not.toContain(entry.id);
    await uzbek.page.goto(`${ortaq.url}/shiftlog`);
    // Loaded: the list, or the line saying there is none.
    await uzbek.page
      .locator('[data-testid=shiftlog-entries], .shiftlog-view .panel > p.muted')
      .first()
      .waitFor();
    expect(await uzbek.page.textContent('main')).not.toContain(LIVE_TEXT);
    await uzbek.page.context().close();
  });
});
