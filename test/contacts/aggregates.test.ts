// Availability and coverage arithmetic on a fixture whose answers are worked out by hand, summed by each
// archive's own SQL (SQLite and PostgreSQL must agree), and the periods the rows are grouped by.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AvailabilityRow } from '../../shared/protocol/contacts';
import { indexDictionary } from '../../shared/dictionary';
import type { Store } from '../../server/archive/types';
import {
  availabilityOf,
  computeAvailability,
  computeCoverage,
  orbitPeriodMs,
  periodsOf,
} from '../../server/contacts/aggregates';
import { DICTIONARY } from '../../server/mission/shipped';
import { contactFixture, FIXTURE_T0 } from '../helpers/contacts';
import { STORE_FACTORIES, type StoreHandle } from '../helpers/stores';

const DAY = 86_400_000;
const index = indexDictionary(DICTIONARY);
const T0 = FIXTURE_T0;

describe('availability periods', () => {
  it('cuts a window into ISO weeks (the week-year of its Thursday) and UTC months, clipped to the window', () => {
    const from = Date.UTC(2026, 11, 30, 12);
    const to = Date.UTC(2027, 0, 12);
    expect(periodsOf('week', from, to)).toEqual([
      { key: '2026-W53', fromMs: from, toMs: Date.UTC(2027, 0, 4) },
      { key: '2027-W01', fromMs: Date.UTC(2027, 0, 4), toMs: Date.UTC(2027, 0, 11) },
      { key: '2027-W02', fromMs: Date.UTC(2027, 0, 11), toMs: to },
    ]);
    expect(periodsOf('month', from, to)).toEqual([
      { key: '2026-12', fromMs: from, toMs: Date.UTC(2027, 0, 1) },
      { key: '2027-01', fromMs: Date.UTC(2027, 0, 1), toMs: to },
    ]);
    // 2027-01-01 is a Friday: it belongs to the last week of 2026.
    expect(periodsOf('week', Date.UTC(2027, 0, 1), Date.UTC(2027, 0, 2))[0]!.key).toBe('2026-W53');
    expect(periodsOf('week', to, to)).toEqual([]);
    // A year and a bit stays a few dozen periods.
    expect(periodsOf('week', T0, T0 + 400 * DAY)).toHaveLength(58);
  });

  it('leaves planned outages and passes not expected out of availability', () => {
    const outcomes = { completed: 3, partial: 1, missed: 1, planned: 7, not_expected: 9 };
    expect(availabilityOf(outcomes)).toBe(0.6);
    expect(availabilityOf({ ...outcomes, completed: 0, partial: 0, missed: 0 })).toBeNull();
  });
});

const row = (period: string, over: Partial<AvailabilityRow>): AvailabilityRow => ({
  period,
  outcomes: { completed: 0, partial: 0, missed: 0, planned: 0, not_expected: 0 },
  causes: { station: 0, spacecraft: 0, unknown: 0 },
  availability: null,
  ...over,
});

describe.each(STORE_FACTORIES)('availability and coverage on $name', (factory) => {
  let handle: StoreHandle;
  let store: Store;

  beforeEach(async () => {
    handle = await factory.create();
    store = await handle.open();
    await store.saveContacts(contactFixture());
  });

  afterEach(async () => {
    await store.close();
    await handle.dispose();
  });

  it('counts each station and partner per week, with the causes of the failures', async () => {
    const body = await computeAvailability(store, index, { fromMs: T0, toMs: T0 + 14 * DAY, period: 'week' });
    expect(body.stations.map((s) => s.stationId)).toEqual(DICTIONARY.stations.map((s) => s.id));
    const astana = body.stations.find((s) => s.stationId === 'astana')!;
    expect(astana.partnerId).toBe('KZ');
    expect(astana.rows).toEqual([
      row('2026-W45', {
        outcomes: { completed: 3, partial: 1, missed: 1, planned: 1, not_expected: 0 },
        causes: { station: 1, spacecraft: 1, unknown: 0 },
        availability: 0.6,
      }),
      row('2026-W46', {}),
    ]);
    const kokterek = body.stations.find((s) => s.stationId === 'kokterek')!;
    expect(kokterek.rows[0]!.outcomes).toMatchObject({ completed: 1, not_expected: 2 });
    expect(kokterek.rows[0]!.availability).toBe(1);
    const partner = (id: string) => body.partners.find((p) => p.partnerId === id)!.rows;
    // Kazakhstan: Astana and Kokterek together, 4 of 6 counted passes.
    expect(partner('KZ')[0]).toEqual(
      row('2026-W45', {
        outcomes: { completed: 4, partial: 1, missed: 1, planned: 1, not_expected: 2 },
        causes: { station: 1, spacecraft: 1, unknown: 0 },
        availability: 4 / 6,
      }),
    );
    expect(partner('TR')).toEqual([
      row('2026-W45', {}),
      row('2026-W46', {
        outcomes: { completed: 2, partial: 0, missed: 1, planned: 0, not_expected: 0 },
        causes: { station: 0, spacecraft: 0, unknown: 1 },
        availability: 2 / 3,
      }),
    ]);
    expect(partner('KG')[0]!.availability).toBeNull();
  });

  it("counts per month, and only the spacecraft asked for (a partner's view)", async () => {
    const body = await computeAvailability(store, index, {
      fromMs: T0,
      toMs: Date.UTC(2027, 0, 1),
      period: 'month',
      spacecraftIds: ['kazeosat-2', 'gokturk-2'],
    });
    const astana = body.stations.find((s) => s.stationId === 'astana')!;
    expect(astana.rows.map((r) => [r.period, r.outcomes.completed])).toEqual([
      ['2026-11', 0],
      ['2026-12', 1],
    ]);
    const all = body.partners.flatMap((p) => p.rows);
    const total = (key: 'completed' | 'missed') => all.reduce((sum, r) => sum + r.outcomes[key], 0);
    // Göktürk-2's three passes and Kazeosat-2's one: nothing of Kazeosat-1 or Ortaq-1.
    expect([total('completed'), total('missed')]).toEqual([3, 1]);
    const none = await computeAvailability(store, index, {
      fromMs: T0,
      toMs: T0 + DAY,
      period: 'week',
      spacecraftIds: [],
    });
    expect(none.partners.every((p) => p.rows.every((r) => r.availability === null))).toBe(true);
  });

  it('counts whole orbits from the first record, each covered when a completed contact began in it', async () => {
    const body = await computeCoverage(store, index, { fromMs: T0 - DAY, toMs: T0 + DAY });
    // Nothing was recorded before T0: the day before does not count as orbits without contact.
    expect([body.countedFromMs, body.countedToMs]).toEqual([T0, T0 + DAY]);
    const of = (id: string) => body.spacecraft.find((s) => s.spacecraftId === id)!;
    const kazeosat1 = DICTIONARY.spacecraft.find((s) => s.id === 'kazeosat-1')!;
    const orbits = Math.floor(DAY / orbitPeriodMs(kazeosat1));
    expect(orbits).toBe(14);
    // Completed passes at 0 and 30 min (one orbit, two stations), 200 and 400 min: orbits 0, 2 and 4.
    // The partial, missed and planned passes cover nothing.
    expect(of('kazeosat-1')).toEqual({
      spacecraftId: 'kazeosat-1',
      orbitPeriodMin: 99.8,
      orbits,
      orbitsWithContact: 3,
      coverage: 3 / orbits,
    });
    expect(of('kazeosat-2')).toMatchObject({ orbitsWithContact: 0, coverage: 0 });
    const partner = await computeCoverage(store, index, {
      fromMs: T0,
      toMs: T0 + DAY,
      spacecraftIds: ['gokturk-2'],
    });
    expect(partner.spacecraft.map((s) => s.spacecraftId)).toEqual(['gokturk-2']);
  });

  it('has no orbits to count before the first record, and counts whole orbits up to the last', async () => {
    const before = await computeCoverage(store, index, { fromMs: T0 - 2 * DAY, toMs: T0 - DAY });
    expect(before.countedFromMs).toBeNull();
    expect(before.spacecraft.every((s) => s.orbits === 0 && s.coverage === null)).toBe(true);
    // Kazeosat-2's only record of December is heard at 06:00: the span ends at its LOS, 06:10, and the
    // orbit it began in is not whole by then.
    const december = Date.UTC(2026, 11, 1);
    const end = await computeCoverage(store, index, { fromMs: december, toMs: december + DAY });
    expect([end.countedFromMs, end.countedToMs]).toEqual([december, Date.UTC(2026, 11, 1, 6, 10)]);
    expect(end.spacecraft.find((s) => s.spacecraftId === 'kazeosat-2')).toMatchObject({
      orbits: 3,
      orbitsWithContact: 0,
    });
  });
});
