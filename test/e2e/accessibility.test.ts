// Every view checked by axe-core in the real dashboard against the real server and its simulator: signed in
// as the admin (who sees every view and every control), and the sign-in page signed out. A serious or
// critical violation fails the view's test with the rule, its help text and the elements it names.
// Screenshots of what was checked, and the findings of every impact, go to test/artifacts/.
import fs from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmsResponse, FleetResponse } from '../../shared/protocol';
import { FAULT_KINDS } from '../../shared/protocol/sim';
import { authedFetch, signInPage } from '../helpers/auth';
import { launchBrowser, openPage } from '../helpers/browser';
import { startOrtaq, type OrtaqProcess } from '../helpers/ortaqProcess';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
/** Simulated seconds per real second: injected faults reach their limits while the other views are checked. */
const SIM_SPEED = '60';
const FAILING_IMPACTS = new Set(['serious', 'critical']);

interface View {
  name: string;
  url: string;
  /** Present once the view shows its data, not a loading state. */
  ready: string;
  signedIn: boolean;
}

const VIEWS: View[] = [
  { name: 'login', url: '/login', ready: '#login-title', signedIn: false },
  { name: 'fleet', url: '/fleet', ready: '[data-testid^=fleet-card-]', signedIn: true },
  { name: 'wall-tiles', url: '/wall?rotate=0&page=1', ready: '[data-testid^=wall-tile-]', signedIn: true },
  { name: 'wall-matrix', url: '/wall?rotate=0&page=2', ready: '[data-page=matrix]', signedIn: true },
  { name: 'wall-contacts', url: '/wall?rotate=0&page=3', ready: '[data-page=contacts]', signedIn: true },
  {
    name: 'spacecraft',
    url: '/spacecraft/HEARD?subsystem=EPS',
    ready: '[data-testid=current-values]',
    signedIn: true,
  },
  // A day of history: at 60× the simulator's data of the last minutes spans hours of simulated time.
  {
    name: 'investigate',
    url: '/investigate?sc=HEARD&p=eps.batt_voltage,eps.batt_soc&last=24h',
    ready: '[data-testid^=history-]',
    signedIn: true,
  },
  { name: 'stations', url: '/stations', ready: '[data-testid=pass-timeline] svg', signedIn: true },
  { name: 'partners', url: '/partners', ready: '[data-testid=utilization-table]', signedIn: true },
  { name: 'alarms', url: '/alarms?show=all', ready: 'tr[data-testid^=alarm-]', signedIn: true },
  { name: 'admin', url: '/admin', ready: '[data-testid=user-admin]', signedIn: true },
];

interface Finding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

let ortaq: OrtaqProcess;
let browser: Browser;
const findings: Record<string, Finding[]> = {};

async function getJson<T>(p: string): Promise<T> {
  const res = await authedFetch(`${ortaq.url}${p}`);
  expect(res.status, `${p}: ${await res.clone().text()}`).toBe(200);
  return (await res.json()) as T;
}

/** The spacecraft heard most recently, so that the views of one spacecraft have values to show. */
async function lastHeard(): Promise<string> {
  let heard: string | undefined;
  await expect
    .poll(
      async () => {
        const { fleet } = await getJson<FleetResponse>('/api/fleet');
        heard = fleet
          .filter((f) => f.lastFrameMs !== null)
          .sort((a, b) => b.lastFrameMs! - a.lastFrameMs!)[0]?.spacecraftId;
        return heard;
      },
      { timeout: 90_000, interval: 500 },
    )
    .toBeTruthy();
  return heard!;
}

/** Runs axe-core in the page. Evaluated through the DevTools protocol, so the page's CSP does not block it. */
async function runAxe(page: Page): Promise<Finding[]> {
  await page.evaluate(axe.source);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }),
  );
  return results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}

const describeFinding = (f: Finding) =>
  `${f.rule} (${f.impact}): ${f.help} — ${f.targets.length} element(s): ${f.targets.slice(0, 6).join(' | ')}`;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  [ortaq, browser] = await Promise.all([startOrtaq({ ORTAQ_SIM_SPEED: SIM_SPEED }), launchBrowser()]);
  // Faults on every spacecraft, so that the alarms view has rows (with their buttons) by the time it is checked.
  const { fleet } = await getJson<FleetResponse>('/api/fleet');
  const quick = FAULT_KINDS.filter((k) => k === 'wheel_overspeed' || k === 'obc_reboot_loop');
  for (const [i, entry] of fleet.entries()) {
    const res = await authedFetch(`${ortaq.url}/api/sim/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ spacecraftId: entry.spacecraftId, fault: quick[i % quick.length] }),
    });
    expect(res.status).toBe(201);
  }
});

afterAll(async () => {
  await browser?.close();
  if (ortaq) {
    fs.writeFileSync(path.join(ARTIFACTS, 'accessibility.json'), JSON.stringify(findings, null, 2));
    fs.writeFileSync(path.join(ARTIFACTS, 'accessibility-server.log'), ortaq.output());
  }
  await ortaq?.stop();
});

describe('accessibility of every view (axe-core)', () => {
  it.each(VIEWS)('$name has no serious or critical violation', async (view) => {
    if (view.name === 'alarms') {
      // Rows with their acknowledge buttons are what an operator uses most: check them, not an empty list.
      await expect
        .poll(async () => (await getJson<AlarmsResponse>('/api/alarms?scope=all')).alarms.length, {
          timeout: 240_000,
          interval: 1000,
        })
        .toBeGreaterThan(0);
    }
    const { page } = await openPage(browser);
    if (view.signedIn) await signInPage(page, ortaq.url);
    const url = view.url.replace('HEARD', view.url.includes('HEARD') ? await lastHeard() : '');
    await page.goto(`${ortaq.url}${url}`);
    await page.waitForSelector(view.ready, { timeout: 60_000 });
    // Lazy parts (charts, the map) settle before the check.
    await page.waitForTimeout(1500);
    const found = await runAxe(page);
    findings[view.name] = found;
    await page.screenshot({ path: path.join(ARTIFACTS, `a11y-${view.name}.png`), timeout: 90_000 });
    await page.context().close();
    const failing = found.filter((f) => FAILING_IMPACTS.has(f.impact)).map(describeFinding);
    expect(failing).toEqual([]);
  });
});
