// End to end: contact outcomes in the Stations view on a real server with its simulator. A spacecraft falls
// silent as a pass two stations share begins, so its passes end partial or missed; the timeline draws them so
// with a legend, and the availability table counts them. One server and one browser for the file, the simulation at 60×.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetResponse } from '../../shared/protocol/api';
import type { ContactsResponse } from '../../shared/protocol/contacts';
import { authedFetch, signInPage } from '../helpers/auth';
import { launchBrowser, openPage } from '../helpers/browser';
import { DICTIONARY } from '../../server/mission/shipped';
import { nextSharedContact } from '../../server/sim/startEpoch';
import { startOrtaq, type OrtaqProcess } from '../helpers/ortaqProcess';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const DAY_MS = 86_400_000;
/**
 * The next pass two stations share of a spacecraft that is expected to transmit (a notional one's passes are
 * judged "not expected"); that spacecraft, which depends on the date, is silenced.
 */
function sharedContact(): NonNullable<ReturnType<typeof nextSharedContact>> {
  const notional = new Set(DICTIONARY.spacecraft.filter((s) => s.notional).map((s) => s.id));
  let contact = nextSharedContact(DICTIONARY, Date.now())!;
  while (notional.has(contact.spacecraftId)) {
    contact = nextSharedContact(DICTIONARY, contact.startMs + 20 * 60_000)!;
  }
  return contact;
}
const SHARED_CONTACT = sharedContact();
const SILENCED = SHARED_CONTACT.spacecraftId;
/**
 * The simulation starts this long before the second station acquires the spacecraft: the server's boot alone
 * takes several simulated seconds at 60×, and the recorder judges only passes that began after the archive's
 * first frame (nobody could have heard an earlier start).
 */
const START_LEAD_MS = 2 * 60_000;

let ortaq: OrtaqProcess;
let browser: Browser;

/** The records judged so far; the window reaches well past the present, which the simulation runs ahead of. */
async function records(): Promise<ContactsResponse['contacts']> {
  const now = Date.now();
  const res = await authedFetch(`${ortaq.url}/api/contacts?from=${now - DAY_MS}&to=${now + 30 * DAY_MS}`);
  return ((await res.json()) as ContactsResponse).contacts;
}

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  [ortaq, browser] = await Promise.all([
    startOrtaq({
      ORTAQ_SIM_SPEED: '60',
      ORTAQ_SIM_START: new Date(SHARED_CONTACT.startMs - START_LEAD_MS).toISOString(),
    }),
    launchBrowser(),
  ]);
  // The fault waits for the archive's first frame, so the second station's pass begins after it and is judged;
  // the first frame is the silenced spacecraft's own at the latest (the first station hears it before then).
  const heardAnything = async () => {
    const res = await authedFetch(`${ortaq.url}/api/fleet`);
    return ((await res.json()) as FleetResponse).fleet.some((f) => f.lastFrameMs !== null);
  };
  const deadline = Date.now() + 30_000;
  while (!(await heardAnything())) {
    if (Date.now() > deadline) throw new Error('no frame archived within 30 s of the start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const fault = await authedFetch(`${ortaq.url}/api/sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ spacecraftId: SILENCED, fault: 'silent' }),
  });
  expect(fault.status).toBe(201);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await ortaq?.stop();
});

describe('contact outcomes in the Stations view', () => {
  it('colours judged passes by outcome with a legend, and counts them in the availability table', async () => {
    // The silenced spacecraft's pass ends partial where a station heard it before the fault took hold, missed
    // where none did (which depends on how soon after the start the fault is set); the recorder judges each
    // two simulated minutes after LOS.
    const silencedFailure = async () =>
      (await records()).find(
        (r) => (r.outcome === 'partial' || r.outcome === 'missed') && r.spacecraftId === SILENCED,
      );
    await expect.poll(silencedFailure, { timeout: 45_000, interval: 1000 }).toBeDefined();
    const failed = (await silencedFailure())!;
    const outcome = failed.outcome;

    const { page: p, errors } = await openPage(browser);
    await signInPage(p, ortaq.url);
    await p.goto(`${ortaq.url}/stations?hours=6`);
    // A bar's label starts with its spacecraft's name.
    const silencedName = DICTIONARY.spacecraft.find((s) => s.id === SILENCED)!.name;
    const bar = `[data-testid=pass-timeline] .pass-bar[data-outcome=${outcome}][aria-label^="${silencedName} · "]`;
    await p.waitForSelector(bar, { timeout: 20_000 });
    const label = await p.locator(bar).first().getAttribute('aria-label');
    expect(label).toMatch(/(Partial|Missed), cause: (station|spacecraft|unknown)/);
    // Its pass, chosen on the timeline (by keyboard: another station's bar may lie over it), is compared
    // station by station below with its evidence.
    await p.locator(bar).first().press('Enter');
    await p.locator('[data-testid=pass-comparison] table').waitFor({ timeout: 20_000 });
    const legend = p.getByTestId('outcome-legend');
    for (const name of ['Completed', 'Partial', 'Missed', 'Planned outage', 'Not expected'])
      expect(await legend.textContent()).toContain(name);

    const station = p.getByTestId(`availability-station-${failed.stationId}`);
    await station.waitFor({ timeout: 20_000 });
    await expect.poll(() => station.locator(`[data-outcome=${outcome}]`).textContent()).not.toBe('0');
    const csv = await p.getByTestId('availability-csv').getAttribute('href');
    const body = await (await authedFetch(`${ortaq.url}${csv}`)).text();
    expect(body.split('\n')[0]).toMatch(/^kind,id,partner,period,completed,partial,missed/);
    await p.getByTestId('coverage-table').waitFor({ timeout: 20_000 });

    const shot = (selector: string, name: string) =>
      p.locator(selector).screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
    await shot('section[aria-labelledby=timeline-title]', 'stations-timeline-outcomes');
    await shot('[data-testid=pass-comparison] table', 'stations-pass-evidence');
    await shot('[data-testid=availability]', 'stations-availability');
    expect(errors).toEqual([]);
    await p.context().close();
  }, 90_000);
});
