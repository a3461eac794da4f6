// The contact outcomes checked against the simulator: ten hours flown in fast-forward (the first-start
// machinery: a held history clock, slices delivered through the app's own ingest) from a fixed epoch and
// seed, with one spacecraft's transmitter dead for three hours and one station deaf for an hour. The
// housekeeping writes the records as the flight goes; the affected passes must get the right cause.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type OrtaqApp } from '../../server/app';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import { tokenAuthenticator } from '../../server/ingest/stationAuth';
import { DICTIONARY, SHIPPED_DECODER } from '../../server/mission/shipped';
import { createSimulator, type Simulator } from '../../server/sim/simulator';
import { predictPasses } from '../../shared/orbit';
import type { ContactRecord } from '../../shared/protocol/contacts';
import { ManualClock } from '../helpers/clock';
import { SIM_EPOCH_MS } from '../helpers/sim';

const HOUR = 3_600_000;
const START = SIM_EPOCH_MS;
const HOURS = 10;
// From the epoch's passes: KazEOSat-1 passes the stations three times while its transmitter is dead and
// dumps its recorder at 08:39; Tashkent, deaf for an hour, has İMECE and Göktürk-1A overhead meanwhile, and
// shares its sky with Bishkek and Kokterek, which hear what it misses.
const FAULTY = { spacecraftId: 'kazeosat-1', fromMs: START + 3 * HOUR, toMs: START + 7.5 * HOUR };
const DEAF = { stationId: 'tashkent', fromMs: START + 5.9 * HOUR, toMs: START + 6.9 * HOUR };
/** Not expected to be heard at all: no cause to find. */
const NOTIONAL = 'ortaq-1';
/** A pass counts as affected when a fault covers this share of it (less may still complete: 90 % rule). */
const AFFECTED_SHARE = 0.15;

type Expected = 'station' | 'spacecraft';
type Found = 'station' | 'spacecraft' | 'unknown' | 'none';

const overlapShare = (r: ContactRecord, fromMs: number, toMs: number) =>
  Math.max(0, Math.min(r.losMs, toMs) - Math.max(r.aosMs, fromMs)) / (r.losMs - r.aosMs);

function expectedCause(r: ContactRecord): Expected | null {
  if (r.spacecraftId === NOTIONAL) return null;
  if (r.spacecraftId === FAULTY.spacecraftId && overlapShare(r, FAULTY.fromMs, FAULTY.toMs) > AFFECTED_SHARE)
    return 'spacecraft';
  if (r.stationId === DEAF.stationId && overlapShare(r, DEAF.fromMs, DEAF.toMs) > AFFECTED_SHARE)
    return 'station';
  return null;
}

describe('contact causes on simulated faults', () => {
  let app: OrtaqApp;
  let simulator: Simulator;
  let records: ContactRecord[];
  const live = new ManualClock(START + HOURS * HOUR);

  beforeAll(async () => {
    simulator = createSimulator({ dictionary: DICTIONARY, clock: live, historyFromMs: START, seed: 11 });
    app = await createApp({
      dictionary: DICTIONARY,
      decoder: SHIPPED_DECODER,
      links: new Map(),
      store: createSqliteStore({ file: ':memory:', synchronous: 'NORMAL' }),
      stationAuth: tokenAuthenticator(new Map()),
      clock: simulator.clock,
      simulator: simulator.control,
      predictPasses: (spacecraft, station, fromMs, toMs) => predictPasses(spacecraft, station, fromMs, toMs),
      housekeepingMs: 0,
    });
    const ingest = app.localIngest({ batchFrames: 4000 });
    const { constellation } = simulator;
    await simulator.fastForward({
      deliver: (receptions) =>
        ingest(
          receptions.filter(
            (r) => !(r.stationId === DEAF.stationId && r.ertMs >= DEAF.fromMs && r.ertMs < DEAF.toMs),
          ),
        ),
      onSlice: async (reachedMs) => {
        // The transmitter dies and comes back at slice boundaries (5 minutes of simulated time).
        if (reachedMs >= FAULTY.fromMs && reachedMs < FAULTY.toMs)
          constellation.injectFault({ spacecraftId: FAULTY.spacecraftId, fault: 'silent' });
        if (reachedMs >= FAULTY.toMs) constellation.clearFaults(FAULTY.spacecraftId, 'silent');
        await app.tick();
      },
    });
    // An hour later, live: the records still open settle on what arrived.
    live.advance(HOUR);
    await app.tick();
    records = await app.archive.contacts({ fromMs: START, toMs: START + HOURS * HOUR, limit: 10_000 });
  }, 600_000);

  afterAll(async () => {
    await simulator?.stop();
    await app?.close();
  });

  it('records the passes of the flight', () => {
    expect(records.length).toBeGreaterThan(50);
    const healthy = records.filter((r) => expectedCause(r) === null && r.spacecraftId !== NOTIONAL);
    const completed = healthy.filter((r) => r.outcome === 'completed');
    expect(completed.length / healthy.length).toBeGreaterThan(0.9);
    // The simulator flies the notional spacecraft too: heard, it completes; never a failure with a cause.
    const notional = records.filter((r) => r.spacecraftId === NOTIONAL);
    expect(notional.every((r) => r.outcome === 'completed' || r.outcome === 'not_expected')).toBe(true);
  });

  it('gives at least 95 % of the affected passes the right cause', () => {
    const causes: Found[] = ['station', 'spacecraft', 'unknown', 'none'];
    const table = new Map<Expected, Map<Found, number>>(
      (['station', 'spacecraft'] as const).map((e) => [e, new Map(causes.map((c) => [c, 0]))]),
    );
    let affected = 0;
    let right = 0;
    for (const record of records) {
      const expected = expectedCause(record);
      if (!expected) continue;
      const found: Found = record.cause ?? 'none';
      const row = table.get(expected)!;
      row.set(found, row.get(found)! + 1);
      affected++;
      if (found === expected) right++;
    }
    const lines = [`expected \\ found  ${causes.map((c) => c.padStart(12)).join('')}`];
    for (const [expected, row] of table)
      lines.push(`${expected.padEnd(17)}${causes.map((c) => String(row.get(c)).padStart(12)).join('')}`);
    console.log(`contact causes, ${affected} affected passes, ${right} right:\n${lines.join('\n')}`);
    expect(table.get('station')!.get('station')).toBeGreaterThan(0);
    expect(table.get('spacecraft')!.get('spacecraft')).toBeGreaterThan(0);
    expect(affected).toBeGreaterThanOrEqual(10);
    expect(right / affected).toBeGreaterThanOrEqual(0.95);
  });
});
