// End to end: the Partners view with its fair-share matrix and capacity table, and the monthly statement
// page, on screen and on paper (print media emulated, and a PDF as Chromium prints it).
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerKeyResponse } from '../../shared/protocol/ledger';
import { launchBrowser, openPage } from '../helpers/browser';
import { startOrtaq, type OrtaqProcess } from '../helpers/ortaqProcess';
import { authedFetch, signInPage } from '../helpers/auth';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');

let ortaq: OrtaqProcess;
let browser: Browser;

const shot = (p: Page, name: string) =>
  p.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true, timeout: 90_000 });

/** Whether the element is laid out at all (display: none gives it no box). */
const shown = (p: Page, selector: string) =>
  p.evaluate((s) => {
    const el = document.querySelector(s);
    return el !== null && el.getClientRects().length > 0;
  }, selector);

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  ortaq = await startOrtaq({ ORTAQ_SIM_SPEED: '20' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await ortaq?.stop();
});

describe('sharing views', () => {
  it('shows the fair-share matrix and capacity used, and prints them without navigation', async () => {
    const { page: p, errors } = await openPage(browser);
    await signInPage(p, ortaq.url);
    await p.goto(`${ortaq.url}/partners?period=7d`);
    await p.waitForSelector('[data-testid=fair-share-matrix] td.heat', { timeout: 30_000 });
    await p.waitForSelector('[data-testid=capacity-table] tbody tr', { timeout: 30_000 });
    // Five partners: a row and a column each.
    expect(await p.locator('[data-testid=fair-share-matrix] td.heat').count()).toBe(25);
    expect(await p.locator('[data-testid=capacity-table] tbody tr').count()).toBe(6);
    await expect
      .poll(() => p.locator('[data-testid=capacity-table] td.capacity-share').first().textContent())
      .toMatch(/%|—/);
    await shot(p, 'partners-screen');
    expect(await shown(p, '.app-header')).toBe(true);

    await p.emulateMedia({ media: 'print' });
    expect(await shown(p, '.app-header')).toBe(false);
    expect(await shown(p, '[data-testid=fair-share-csv]')).toBe(false);
    expect(await shown(p, '[data-testid=statement-link]')).toBe(false);
    expect(await shown(p, '[data-testid=fair-share-matrix]')).toBe(true);
    expect(await shown(p, '[data-testid=capacity-table]')).toBe(true);
    // Paper is white with black ink, whatever the screen theme.
    const background = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(['rgb(255, 255, 255)', 'rgba(0, 0, 0, 0)']).toContain(background);
    await shot(p, 'partners-print');
    const pdf = await p.pdf({ format: 'A4', landscape: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    fs.writeFileSync(path.join(ARTIFACTS, 'partners-report.pdf'), pdf);
    expect(errors).toEqual([]);
    await p.context().close();
  });

  it('shows a signed monthly statement with its key fingerprint and how to verify it, and prints it', async () => {
    const key = (await (await authedFetch(`${ortaq.url}/api/ledger/key`)).json()) as LedgerKeyResponse;
    const { page: p, errors } = await openPage(browser);
    await signInPage(p, ortaq.url);
    await p.goto(`${ortaq.url}/partners`);
    await p.getByTestId('statement-link').click();
    await p.waitForSelector('[data-testid=statement-signature]', { timeout: 30_000 });
    expect(new URL(p.url()).pathname).toBe('/partners/statement');
    const fingerprint = (await p.getByTestId('statement-key-id').textContent()) ?? '';
    expect(fingerprint.replace(/\s/g, '')).toContain(key.keyId);
    expect(fingerprint).toContain('(the key this deployment publishes)');
    expect(await p.locator('.statement-verify li').count()).toBe(3);
    expect(await p.getByTestId('statement-totals').locator('tbody tr').count()).toBe(2);
    await shot(p, 'statement-screen');
    await p.emulateMedia({ media: 'print' });
    expect(await shown(p, '.app-header')).toBe(false);
    expect(await shown(p, '.statement-choice')).toBe(false);
    expect(await shown(p, '[data-testid=statement-signature]')).toBe(true);
    await shot(p, 'statement-print');
    expect(errors).toEqual([]);
    await p.context().close();
  });
});
