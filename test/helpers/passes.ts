// Passes for end-to-end tests that inject a fault onboard: what the fault does must be heard before the pass
// ends, so a test starts the simulation just before a long pass, or waits for a pass with time left.
import { expect } from 'vitest';
import type { SpacecraftDef } from '../../shared/dictionary';
import { predictPasses } from '../../shared/orbit';
import type { PassesResponse, FleetResponse } from '../../shared/protocol/api';
import { DICTIONARY } from '../../server/mission/shipped';
import { authedFetch } from './auth';

/** The simulation starts this long before the long pass's AOS: the server boots in a few simulated seconds. */
const START_LEAD_MS = 10_000;
const DAY_MS = 86_400_000;

/** A simulated start just before the next pass, over any station, of one of `spacecraft` lasting minLengthMs. */
export function longPassStart(
  fromMs: number,
  minLengthMs: number,
  spacecraft: readonly SpacecraftDef[] = DICTIONARY.spacecraft.filter((s) => !s.notional),
): number {
  const passes = spacecraft.flatMap((sc) =>
    DICTIONARY.stations.flatMap((station) => predictPasses(sc, station, fromMs, fromMs + DAY_MS)),
  );
  const pass = passes.filter((p) => p.losMs - p.aosMs >= minLengthMs).sort((a, b) => a.aosMs - b.aosMs)[0];
  if (!pass) throw new Error(`no pass of ${minLengthMs / 60_000} min within a day`);
  return pass.aosMs - START_LEAD_MS;
}

/**
 * A spacecraft in a pass that has been going for a while (frames flow) and has at least `remainingMs` of
 * simulated time left, so that what the test starts onboard is heard before the pass ends. Contacts come in
 * clusters up to ~1.5 h apart, hence the long default wait.
 */
export async function spacecraftWithContactLeft(
  url: string,
  remainingMs: number,
  timeoutMs = 300_000,
): Promise<string> {
  const get = async <T>(p: string) => (await (await authedFetch(`${url}${p}`)).json()) as T;
  let found: string | undefined;
  await expect
    .poll(
      async () => {
        const { serverTimeMs } = await get<FleetResponse>('/api/fleet');
        const { passes } = await get<PassesResponse>('/api/passes');
        const current = passes
          .filter((p) => p.aosMs + 20_000 <= serverTimeMs && p.losMs - serverTimeMs >= remainingMs)
          .sort((a, b) => b.losMs - a.losMs);
        found = current[0]?.spacecraftId;
        return found;
      },
      { timeout: timeoutMs, interval: 500 },
    )
    .toBeTruthy();
  return found!;
}
