// End to end: an admin creates a webhook channel on the Admin page, a fault is injected into the running
// simulator, the webhook receiver started here gets a signed notification, and the delivery log shows it.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetResponse, PassesResponse } from '../../shared/protocol/api';
import { DICTIONARY } from '../../server/mission/shipped';
import type { AlarmNotification } from '../../shared/protocol/notify';
import { signatureMatches } from '../../server/notify/signature';
import { authedFetch, TEST_PASSWORD } from '../helpers/auth';
import { launchBrowser, openPage } from '../helpers/browser';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/notify';
import { startOrtaq, type OrtaqProcess } from '../helpers/ortaqProcess';
import { longPassStart } from '../helpers/passes';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');

/** The channel made on the Admin page belongs to the admin's partner (the form's default, ORTAQ_ADMIN_PARTNER). */
const CHANNEL_PARTNER = 'KZ';
/** Simulated seconds per wall-clock second: a long pass lasts about a minute of the test. */
const SIM_SPEED = 10;
/**
 * Simulated time the fault needs in contact: the runaway task adds 0.5 % of CPU a second from about 22 %, so
 * the 85 % warning comes some 130 s after injection (obc.ts). Injected later in a pass, the alarm is raised
 * after loss of signal, recorded onboard and dumped at the next contact: playback, which is never notified.
 */
const CONTACT_LEFT_MS = 300_000;
const LONG_PASS_MS = 9 * 60_000;

/**
 * A spacecraft the channel's partner may see at telemetry level (its fleet entry carries alarm counts) that a
 * station hears now with enough of the pass left for the fault to raise a live alarm.
 */
async function spacecraftInLongContact(url: string): Promise<string> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const { fleet, serverTimeMs } = (await (await authedFetch(`${url}/api/fleet`)).json()) as FleetResponse;
    for (const entry of fleet.filter((f) => f.activeAlarms !== null && f.stationsInContact.length > 0)) {
      const res = await authedFetch(`${url}/api/passes?spacecraft=${entry.spacecraftId}`);
      const { passes } = (await res.json()) as PassesResponse;
      const leftMs = Math.max(
        0,
        ...passes
          .filter((p) => entry.stationsInContact.includes(p.stationId) && p.aosMs <= serverTimeMs)
          .map((p) => p.losMs - serverTimeMs),
      );
      if (leftMs >= CONTACT_LEFT_MS) return entry.spacecraftId;
    }
    if (Date.now() > deadline) throw new Error(`no long contact: ${JSON.stringify(fleet)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

let ortaq: OrtaqProcess;
let browser: Browser;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  ortaq = await startOrtaq({
    ORTAQ_SIM_SPEED: String(SIM_SPEED),
    ORTAQ_SIM_START: new Date(
      longPassStart(
        Date.now(),
        LONG_PASS_MS,
        DICTIONARY.spacecraft.filter((s) => s.partner === CHANNEL_PARTNER),
      ),
    ).toISOString(),
    ORTAQ_PUBLIC_URL: 'https://ortaq.example.org',
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await ortaq?.stop();
  await receiver?.close();
});

describe('notifications from the Admin page', () => {
  it(
    'creates a webhook channel, raises a fault and shows the delivery in the log',
    { timeout: 420_000 },
    async () => {
      const { page, errors } = await openPage(browser);
      await page.goto(`${ortaq.url}/admin`);
      await page.fill('[data-testid=login-username]', 'admin');
      await page.fill('[data-testid=login-password]', TEST_PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid=admin-channels]');

      await page.fill('[data-testid=channel-name]', 'KZ duty chat');
      await page.fill('[data-testid=channel-url]', `${receiver.url}/ortaq`);
      await page.click('[data-testid=channel-create]');
      const secret = await (await page.waitForSelector('[data-testid=channel-secret]')).inputValue();
      expect(secret).toMatch(/^whsec_/);
      await expect.poll(() => page.textContent('[data-testid=admin-channels]')).toContain('KZ duty chat');
      // The listing shows where it goes, never the path of the webhook.
      expect(await page.textContent('[data-testid=admin-channels]')).not.toContain('/ortaq');

      const spacecraftId = await spacecraftInLongContact(ortaq.url);
      const injected = await authedFetch(`${ortaq.url}/api/sim/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ spacecraftId, fault: 'obc_reboot_loop' }),
      });
      expect(injected.status).toBe(201);

      const [request] = await receiver.waitFor(1, 90_000);
      expect(
        signatureMatches(secret, request!.rawBody, request!.headers['x-ortaq-signature'] as string),
      ).toBe(true);
      const body = JSON.parse(request!.rawBody) as AlarmNotification;
      expect(body.spacecraftId).toBe(spacecraftId);
      expect(body.link).toMatch(/^https:\/\/ortaq\.example\.org\/alarms\?alarm=/);

      await expect
        .poll(() => page.locator('[data-testid=admin-deliveries] tr[data-outcome=sent]').count(), {
          timeout: 20_000,
        })
        .toBeGreaterThan(0);
      expect(await page.textContent('[data-testid=admin-deliveries]')).toContain('KZ duty chat');
      await page.screenshot({ path: path.join(ARTIFACTS, 'admin-notifications.png') });
      // The only errors allowed: the 401s of the page asking who is signed in before the login.
      expect(errors.filter((e) => !/401|Unauthorized/.test(e))).toEqual([]);
      await page.context().close();
    },
  );
});
