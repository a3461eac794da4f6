// End to end: signing in through the login form, the admin page, and a kiosk link that opens the wall
// screen without a login and keeps it open across reloads.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../helpers/auth';
import { launchBrowser, openPage } from '../helpers/browser';
import { startOrtaq, type OrtaqProcess } from '../helpers/ortaqProcess';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');

let ortaq: OrtaqProcess;
let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  ortaq = await startOrtaq({ ORTAQ_SIM_SPEED: '20' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await ortaq?.stop();
});

describe('signing in and kiosk links', () => {
  it('signs in through the login form, lands on the view asked for, and signs out', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${ortaq.url}/fleet?status=all`);
    await page.waitForURL(/\/login\?next=/);
    await page.waitForSelector('[data-testid=login-username]');
    await page.screenshot({ path: path.join(ARTIFACTS, 'login.png') });

    // Keyboard only: the username field has the focus, Tab moves on, Enter submits.
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type('wrong password!');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('[data-testid=login-error]')).toContain('Wrong username');
    await page.screenshot({ path: path.join(ARTIFACTS, 'login-error.png') });

    await page.fill('[data-testid=login-password]', TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${ortaq.url}/fleet?status=all`);
    await page.waitForSelector('[data-testid^=fleet-card-]');
    expect(await page.locator('[data-testid^=fleet-card-]').count()).toBeGreaterThan(0);
    expect(await page.textContent('[data-testid=user-name]')).toBe('admin');
    // The live socket came up with the new session cookie.
    await expect.poll(() => page.locator('.connection-banner').count(), { timeout: 15_000 }).toBe(0);

    // The session survives a reload.
    await page.reload();
    await page.waitForSelector('[data-testid^=fleet-card-]');

    await page.click('[data-testid=sign-out]');
    await page.waitForURL(/\/login/);
    const me = await page.request.get(`${ortaq.url}/api/me`);
    expect(me.status()).toBe(401);
    expect(errors.filter((e) => !/401|Unauthorized/.test(e))).toEqual([]);
    await page.context().close();
  });

  it('lets an admin mint a kiosk link that opens the wall screen read-only without a login', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${ortaq.url}/admin`);
    await page.fill('[data-testid=login-username]', 'admin');
    await page.fill('[data-testid=login-password]', TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=admin-view]');
    await page.fill('[data-testid=kiosk-label]', 'ops-wall-1');
    await page.click('[data-testid=kiosk-create]');
    const link = await (await page.waitForSelector('[data-testid=kiosk-link]')).inputValue();
    expect(link).toMatch(new RegExp(`^${ortaq.url}/kiosk/`));
    await expect.poll(() => page.textContent('[data-testid=admin-kiosks]')).toContain('ops-wall-1');
    await expect
      .poll(() => page.textContent('[data-testid=admin-audit]'), { timeout: 15_000 })
      .toContain('kiosk_create');
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin.png') });
    await page.context().close();

    // A fresh browser with no session: the link alone signs the wall screen in.
    const { page: wall } = await openPage(browser);
    await wall.goto(link);
    await wall.waitForURL(`${ortaq.url}/wall`);
    await wall.waitForSelector('[data-testid^=wall-tile-]');
    await wall.reload();
    await wall.waitForSelector('[data-testid^=wall-tile-]');
    expect(wall.url()).toBe(`${ortaq.url}/wall`);
    // Read-only: acknowledging is refused by the server, and no sign-in form was ever shown.
    const me = (await (await wall.request.get(`${ortaq.url}/api/me`)).json()) as {
      principal: { kind: string; role: string };
    };
    expect(me.principal).toMatchObject({ kind: 'kiosk', role: 'viewer' });
    await wall.screenshot({ path: path.join(ARTIFACTS, 'kiosk-wall.png') });
    await wall.context().close();
  });
});
