// Contact records on both archives, and the recorder that writes them: every pass that ended is recorded
// once, across restarts, and the records still open are judged again until they settle.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PassPrediction } from '../../shared/protocol/api';
import type { ContactRecord } from '../../shared/protocol/contacts';
import type { Store } from '../../server/archive/types';
import { ContactRecorder, JUDGE_DELAY_MS } from '../../server/contacts/recorder';
import type { ContactPass } from '../../server/contacts/judge';
import { contactRecord } from '../helpers/contacts';
import { STORE_FACTORIES, type StoreHandle } from '../helpers/stores';

const T0 = Date.UTC(2026, 10, 25, 0, 0, 0);
const MIN = 60_000;

const record = (over: Partial<ContactRecord> = {}): ContactRecord => contactRecord({ aosMs: T0, ...over });

/** Two passes an hour apart per station, every station of the pair list. */
function passesOf(hours: number): PassPrediction[] {
  const out: PassPrediction[] = [];
  for (let h = 0; h < hours; h++) {
    for (const stationId of ['astana', 'ankara']) {
      const aosMs = T0 + h * 3_600_000 + (stationId === 'astana' ? 0 : 5 * MIN);
      out.push({
        spacecraftId: 'kazeosat-1',
        stationId,
        aosMs,
        tcaMs: aosMs + 4 * MIN,
        losMs: aosMs + 8 * MIN,
        maxElevationDeg: 20,
        aosAzimuthDeg: 0,
        losAzimuthDeg: 180,
      });
    }
  }
  return out;
}

const schedule = (passes: PassPrediction[]) => ({
  available: true,
  passes: (fromMs: number, toMs: number) => passes.filter((p) => p.losMs >= fromMs && p.aosMs <= toMs),
});

describe.each(STORE_FACTORIES)('contact records on $name', (factory) => {
  let handle: StoreHandle;
  let store: Store;

  beforeEach(async () => {
    handle = await factory.create();
    store = await handle.open();
  });

  afterEach(async () => {
    await store.close();
    await handle.dispose();
  });

  it('keeps one record per spacecraft, station and AOS, replaced when judged again', async () => {
    await store.saveContacts([
      record(),
      record({ stationId: 'ankara', outcome: 'missed', cause: 'unknown' }),
    ]);
    await store.saveContacts([record({ outcome: 'partial', cause: 'station', settled: false })]);
    const all = await store.contacts({ fromMs: T0, toMs: T0, limit: 10 });
    expect(all.map((r) => [r.stationId, r.outcome, r.cause])).toEqual([
      ['ankara', 'missed', 'unknown'],
      ['astana', 'partial', 'station'],
    ]);
    expect(await store.contacts({ fromMs: T0, toMs: T0, stationId: 'astana', limit: 10 })).toHaveLength(1);
    expect(await store.contacts({ fromMs: T0, toMs: T0, spacecraftIds: [], limit: 10 })).toEqual([]);
    expect((await store.unsettledContacts(10)).map((r) => r.stationId)).toEqual(['astana']);
    expect(await store.lastContactLosMs()).toBe(T0 + 10 * MIN);
    const counts = await store.contactCounts({ fromMs: T0, toMs: T0 + 1 });
    expect(counts.find((r) => r.stationId === 'ankara')).toEqual({
      dayMs: T0,
      stationId: 'ankara',
      outcome: 'missed',
      cause: 'unknown',
      count: 1,
    });
    expect(await store.contactCounts({ fromMs: T0 + 1, toMs: T0 + 2 })).toEqual([]);
    expect(await store.contactSpan()).toEqual({ firstAosMs: T0, lastLosMs: T0 + 10 * MIN });
  });

  it('records every pass once across a restart, and judges open records again until they settle', async () => {
    const passes = passesOf(6);
    const judged: string[] = [];
    const judge = (pass: ContactPass, nowMs: number): Promise<ContactRecord> => {
      judged.push(`${pass.stationId}@${pass.aosMs}`);
      // Ankara's passes wait for evidence for an hour after their LOS.
      const open = pass.stationId === 'ankara' && nowMs - pass.losMs < 60 * MIN;
      return Promise.resolve(
        record({
          ...pass,
          outcome: open ? 'missed' : 'completed',
          cause: open ? 'unknown' : null,
          settled: !open,
        }),
      );
    };
    const deps = {
      // The first frame arrived at T0: the archive's recording starts there.
      archive: { ...bind(store), firstReceivedMs: () => Promise.resolve(T0) },
      schedule: schedule(passes),
      flush: () => Promise.resolve(),
      judge,
    };
    const recorder = new ContactRecorder(deps);
    await recorder.tick(T0 + 3 * 3_600_000 + JUDGE_DELAY_MS, true);
    const firstRun = judged.length;
    expect(firstRun).toBe(6);
    // A restart: a new recorder on the reopened archive carries on from the latest LOS recorded.
    await store.close();
    store = await handle.open();
    const archive = { ...bind(store), firstReceivedMs: deps.archive.firstReceivedMs };
    const after = new ContactRecorder({ ...deps, archive });
    await after.tick(T0 + 5 * 3_600_000 + 30 * MIN, true);
    const all = await store.contacts({ fromMs: T0, toMs: T0 + 7 * 3_600_000, limit: 100 });
    expect(all).toHaveLength(12);
    // Every pass judged for the first time once; the open ones (Ankara's of the third hour) again.
    const counts = new Map<string, number>();
    for (const key of judged) counts.set(key, (counts.get(key) ?? 0) + 1);
    expect([...counts.values()].filter((n) => n > 1)).toHaveLength(1);
    expect(counts.size).toBe(12);
    expect(await store.unsettledContacts(100)).toHaveLength(1);
    await after.tick(T0 + 9 * 3_600_000, true);
    expect(await store.unsettledContacts(100)).toEqual([]);
  });
});

/** The store's contact methods as plain functions (the recorder takes only what it uses). */
function bind(store: Store) {
  return {
    saveContacts: (records: readonly ContactRecord[]) => store.saveContacts(records),
    contacts: (q: Parameters<Store['contacts']>[0]) => store.contacts(q),
    lastContactLosMs: () => store.lastContactLosMs(),
    unsettledContacts: (limit: number) => store.unsettledContacts(limit),
  };
}
