// An on-call engineer on a phone (390×844): alarms, fleet and a spacecraft's current values without sideways
// panning, the header compact, Acknowledge on screen.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmsResponse, FleetResponse } from '../../shared/protocol';
import { authedFetch, signInPage } from '../helpers/auth';
import { launchBrowser, openPage } from '../helpers/browser';
import { startOrtaq, type OrtaqProcess } from '../helpers/ortaqProcess';
import { longPassStart, spacecraftWithContactLeft } from '../helpers/passes';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const PHONE = { width: 390, height: 844 };
/** The header may take at most this share of the screen height. */
const MAX_HEADER_SHARE = 0.12;
/**
 * The failing amplifier passes its yellow limit ~40 simulated seconds after the fault: the alarm test wants this
 * much of a pass left, and the simulation starts at a pass long enough to still have it after the first tests.
 */
const FAULT_CONTACT_MS = 2 * 60_000;
const LONG_PASS_MS = 9 * 60_000;

let ortaq: OrtaqProcess;
let browser: Browser;
let phone: Page;

async function getJson<T>(p: string): Promise<T> {
  const res = await authedFetch(`${ortaq.url}${p}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** Widths that would need sideways panning: the document's, and any element poking past the right edge. */
const overflow = (p: Page) =>
  p.evaluate(() => {
    const offenders = [...document.querySelectorAll('main *')]
      .filter((el) => el.getBoundingClientRect().right > innerWidth + 1)
      // Content of a strip that scrolls by itself (the navigation, the subsystem tabs) is not page panning.
      .filter((el) => {
        for (let up = el.parentElement; up; up = up.parentElement) {
          if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(up).overflowX)) return false;
        }
        return true;
      })
      .slice(0, 5)
      .map(
        (el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`,
      );
    return { scrollW: document.documentElement.scrollWidth, w: innerWidth, offenders };
  });

const shot = (p: Page, name: string) =>
  p.screenshot({ path: path.join(ARTIFACTS, `phone-${name}.png`), timeout: 90_000 });

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  ortaq = await startOrtaq({
    ORTAQ_SIM_SPEED: '20',
    ORTAQ_SIM_START: new Date(longPassStart(Date.now(), LONG_PASS_MS)).toISOString(),
  });
  browser = await launchBrowser();
  phone = (await openPage(browser, PHONE)).page;
  await signInPage(phone, ortaq.url);
});

afterAll(async () => {
  await browser?.close();
  await ortaq?.stop();
});

describe('a phone at 390×844', () => {
  it('keeps the header compact and the fleet without sideways panning', async () => {
    await phone.goto(`${ortaq.url}/fleet`);
    await phone.waitForSelector('[data-testid^=fleet-card-]');
    const header = await phone.locator('.app-header').boundingBox();
    expect(header!.height / PHONE.height).toBeLessThanOrEqual(MAX_HEADER_SHARE);
    // Alarms and Sign out stay reachable from the header.
    expect(await phone.getByTestId('alarm-badge').isVisible()).toBe(true);
    const o = await overflow(phone);
    await shot(phone, 'fleet');
    expect(o.offenders).toEqual([]);
    expect(o.scrollW).toBeLessThanOrEqual(o.w);
  });

  it('shows a spacecraft current values without sideways panning', async () => {
    const { fleet } = await getJson<FleetResponse>('/api/fleet');
    await phone.goto(`${ortaq.url}/spacecraft/${fleet[0]!.spacecraftId}`);
    await phone.locator('#values-title').waitFor();
    await phone.locator('#values-title').scrollIntoViewIfNeeded();
    await shot(phone, 'spacecraft');
    const o = await overflow(phone);
    expect(o.offenders).toEqual([]);
    expect(o.scrollW).toBeLessThanOrEqual(o.w);
  });

  it('lists alarms and puts Acknowledge on screen', { timeout: 420_000 }, async () => {
    // A transmitter fault on a spacecraft with a few minutes of pass left raises an alarm before LOS.
    const inContact = await spacecraftWithContactLeft(ortaq.url, FAULT_CONTACT_MS, 240_000);
    await authedFetch(`${ortaq.url}/api/sim/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ spacecraftId: inContact, fault: 'tx_failure' }),
    });
    await expect
      .poll(
        async () =>
          (await getJson<AlarmsResponse>('/api/alarms')).alarms.some((a) => a.acknowledged === null),
        { timeout: 120_000, interval: 1000 },
      )
      .toBe(true);
    await phone.goto(`${ortaq.url}/alarms`);
    const button = phone.locator('[data-testid^=ack-]').first();
    await button.waitFor();
    const box = await button.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    await button.click();
    const confirm = phone.getByTestId('alarm-confirm');
    await confirm.waitFor();
    const confirmBox = await confirm.boundingBox();
    expect(confirmBox!.x + confirmBox!.width).toBeLessThanOrEqual(PHONE.width);
    await shot(phone, 'alarms');
    const o = await overflow(phone);
    expect(o.offenders).toEqual([]);
    expect(o.scrollW).toBeLessThanOrEqual(o.w);
  });
});
