// End to end: on the Investigate view an operator drags a time range on a chart, writes an annotation in the
// form that opens, and sees it drawn over the chart; the shift log lists it as an entry of the spacecraft.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShiftLogResponse } from '../../shared/protocol/shiftlog';
import { authedFetch, signInPage } from '../helpers/auth';
import { launchBrowser, openPage } from '../helpers/browser';
import { startOrtaq, type OrtaqProcess } from '../helpers/ortaqProcess';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const TEXT = 'Star tracker blinded by the Moon';

let ortaq: OrtaqProcess;
let browser: Browser;

beforeAll(async () => {
  ortaq = await startOrtaq();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await ortaq?.stop();
});

describe('annotations on the Investigate chart', () => {
  it('drags a range, saves an annotation and sees it drawn', async () => {
    const { page, errors } = await openPage(browser);
    await signInPage(page, ortaq.url);
    await page.goto(`${ortaq.url}/investigate?sc=kazeosat-1&p=eps.batt_soc&last=1h`);
    const chart = page.locator('[data-testid="history-kazeosat-1-eps.batt_soc"] .chart-box');
    await chart.locator('svg.recharts-surface').waitFor();
    const box = (await chart.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.4, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.6, y, { steps: 5 });
    await page.mouse.up();

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
