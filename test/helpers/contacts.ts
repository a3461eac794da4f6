// Contact records for tests: one record with plausible evidence, and a small fixture of known outcomes whose
// availability and coverage are worked out by hand in test/contacts/aggregates.test.ts.
import type { ContactRecord } from '../../shared/protocol/contacts';

/** Monday 2 November 2026, 00:00 UTC: the start of ISO week 2026-W45. */
export const FIXTURE_T0 = Date.UTC(2026, 10, 2);
const MIN = 60_000;
const DAY = 1440 * MIN;

export function contactRecord(over: Partial<ContactRecord> = {}): ContactRecord {
  const aosMs = over.aosMs ?? FIXTURE_T0;
  return {
    spacecraftId: 'kazeosat-1',
    stationId: 'astana',
    aosMs,
    losMs: aosMs + 10 * MIN,
    maxElevationDeg: 30,
    outcome: 'completed',
    cause: null,
    settled: true,
    heardFraction: 1,
    packetsExpected: 600,
    packetsReceived: 600,
    framesExpected: 600,
    framesReceived: 600,
    lostFrames: null,
    gaps: [],
    bestSnrDb: 12,
    meanSnrDb: 10,
    judgedAtMs: aosMs + 12 * MIN,
    ...over,
  };
}

const at = (day: number, minutes: number) => FIXTURE_T0 + day * DAY + minutes * MIN;

/**
 * Week 2026-W45 (November): Astana hears Kazeosat-1 three times, partly once (station's side), misses it
 * once (spacecraft's side) and once in a planned outage; Kokterek passes Ortaq-1, not expected, twice.
 * Week W46: Ankara hears Göktürk-2 twice and misses it once (unknown). December (W49): Astana hears
 * Kazeosat-2 once.
 */
export function contactFixture(): ContactRecord[] {
  const kz1 = (minutes: number, over: Partial<ContactRecord> = {}) =>
    contactRecord({ aosMs: at(0, minutes), ...over });
  return [
    kz1(0),
    kz1(30, { stationId: 'kokterek' }),
    kz1(200),
    kz1(400),
    kz1(600, { outcome: 'partial', cause: 'station', heardFraction: 0.5 }),
    kz1(800, { outcome: 'missed', cause: 'spacecraft', heardFraction: 0, packetsReceived: 0 }),
    kz1(1000, { outcome: 'planned', heardFraction: 0, packetsReceived: 0 }),
    ...[1, 2].map((d) =>
      contactRecord({
        spacecraftId: 'ortaq-1',
        stationId: 'kokterek',
        aosMs: at(d, 0),
        outcome: 'not_expected',
      }),
    ),
    ...[7, 8].map((d) => contactRecord({ spacecraftId: 'gokturk-2', stationId: 'ankara', aosMs: at(d, 0) })),
    contactRecord({
      spacecraftId: 'gokturk-2',
      stationId: 'ankara',
      aosMs: at(9, 0),
      outcome: 'missed',
      cause: 'unknown',
      heardFraction: 0,
    }),
    contactRecord({ spacecraftId: 'kazeosat-2', aosMs: Date.UTC(2026, 11, 1, 6) }),
  ];
}
