// The limit-change half of the archive, on every archive: each change recorded with what it replaced, the
// one in force per spacecraft and parameter, a revert that leaves the mission file's limits in force, and
// what a node that missed changes reads back. Then the rules of a change request (ordering, numbers).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { limitChangeRequestSchema, limitRevertRequestSchema } from '../../shared/protocol/limits';
import type { NewLimitChange, Store } from '../../server/archive/types';
import { STORE_FACTORIES, type StoreHandle } from '../helpers/stores';

const T0 = Date.UTC(2026, 4, 1);
const WIDE = { yellow: { low: 26, high: 34 }, red: { low: 24, high: 35 } };
const NARROW = { yellow: { low: 28 }, red: { low: 27 } };

const change = (parts: Partial<NewLimitChange>): NewLimitChange => ({
  spacecraftId: 'kazeosat-1',
  parameterId: 'eps.batt_voltage',
  atMs: T0,
  by: 'engineer-kz',
  limits: WIDE,
  reason: 'new battery model',
  ...parts,
});

describe.each(STORE_FACTORIES)('limit changes in the archive: $name', { timeout: 20_000 }, (factory) => {
  let handle: StoreHandle;
  let store: Store;

  beforeEach(async () => {
    handle = await factory.create();
    store = await handle.open();
  }, 30_000);

  afterEach(async () => {
    await store.close();
    await handle.dispose();
  }, 30_000);

  it('records each change with the limits it replaced, and keeps the one in force', async () => {
    const first = await store.recordLimitChange(change({}));
    expect(first).toMatchObject({ previous: null, limits: WIDE, by: 'engineer-kz', atMs: T0 });
    const second = await store.recordLimitChange(
      change({ atMs: T0 + 1000, limits: NARROW, reason: 'tighter' }),
    );
    expect(second.id).toBeGreaterThan(first.id);
    expect(second).toMatchObject({ previous: WIDE, limits: NARROW, reason: 'tighter' });
    await store.recordLimitChange(change({ spacecraftId: 'gokturk-2', parameterId: 'eps.batt_temp' }));
    const inForce = await store.limitOverrides();
    expect(inForce.map((c) => [c.spacecraftId, c.parameterId, c.limits])).toEqual([
      ['kazeosat-1', 'eps.batt_voltage', NARROW],
      ['gokturk-2', 'eps.batt_temp', WIDE],
    ]);
    const history = await store.limitChanges({
      spacecraftId: 'kazeosat-1',
      parameterId: 'eps.batt_voltage',
      limit: 10,
    });
    expect(history.map((c) => c.id)).toEqual([second.id, first.id]);
  });

  it('reverts to the mission file: nothing in force, the revert itself in the history', async () => {
    await store.recordLimitChange(change({}));
    const revert = await store.recordLimitChange(change({ atMs: T0 + 5000, limits: null, reason: 'back' }));
    expect(revert).toMatchObject({ previous: WIDE, limits: null });
    expect(await store.limitOverrides()).toEqual([]);
    const after = await store.recordLimitChange(change({ atMs: T0 + 9000, limits: NARROW }));
    expect(after.previous).toBeNull();
  });

  it('keeps what was recorded through a restart and answers what a node missed, oldest first', async () => {
    const first = await store.recordLimitChange(change({}));
    const second = await store.recordLimitChange(change({ limits: null }));
    const third = await store.recordLimitChange(change({ parameterId: 'eps.batt_soc', limits: NARROW }));
    await store.close();
    store = await handle.open();
    expect((await store.limitOverrides()).map((c) => c.id)).toEqual([third.id]);
    expect((await store.limitChangesAfter(first.id, 10)).map((c) => c.id)).toEqual([second.id, third.id]);
    expect((await store.limitChangesAfter(0, 1)).map((c) => c.id)).toEqual([first.id]);
  });

  it('stores a reason of any text as given (quotes, SQL, emoji, RTL)', async () => {
    const reason = `'; DROP TABLE limit_changes; -- "quoted" 🛰 قياس`;
    const stored = await store.recordLimitChange(change({ reason }));
    const [read] = await store.limitChanges({
      spacecraftId: 'kazeosat-1',
      parameterId: 'eps.batt_voltage',
      limit: 1,
    });
    expect(stored.reason).toBe(reason);
    expect(read!.reason).toBe(reason);
  });
});

describe('a change request', () => {
  const parse = (limits: unknown, reason: unknown = 'why') =>
    limitChangeRequestSchema.safeParse({ limits, reason });

  it('accepts limits with red outside yellow, one-sided bands and equal edges', () => {
    expect(parse(WIDE).success).toBe(true);
    expect(parse(NARROW).success).toBe(true);
    expect(parse({ yellow: { low: 1, high: 2 }, red: { low: 1, high: 2 } }).success).toBe(true);
    expect(parse({ red: { high: 40 } }).success).toBe(true);
  });

  it('refuses red inside yellow, low above high, empty bands and unknown keys', () => {
    expect(parse({ yellow: { low: 26, high: 34 }, red: { low: 27, high: 35 } }).success).toBe(false);
    expect(parse({ yellow: { low: 26, high: 34 }, red: { low: 24, high: 33 } }).success).toBe(false);
    expect(parse({ yellow: { low: 34, high: 26 } }).success).toBe(false);
    expect(parse({ yellow: { low: 5, high: 5 } }).success).toBe(false);
    expect(parse({ yellow: {} }).success).toBe(false);
    expect(parse({}).success).toBe(false);
    expect(parse({ yellow: { low: 1 }, orange: { low: 0 } }).success).toBe(false);
    expect(parse({ yellow: { low: 1, mid: 2 } }).success).toBe(false);
  });

  it('refuses bounds that are not finite numbers', () => {
    for (const bad of [NaN, Infinity, -Infinity, '27', null, true, [27], { v: 27 }, 1e300]) {
      expect(parse({ yellow: { low: bad } }).success, String(bad)).toBe(false);
    }
  });

  it('needs a reason: not empty, not only spaces, not a novel', () => {
    expect(parse(WIDE, '').success).toBe(false);
    expect(parse(WIDE, '   \t').success).toBe(false);
    expect(limitChangeRequestSchema.safeParse({ limits: WIDE }).success).toBe(false);
    expect(parse(WIDE, 'x'.repeat(501)).success).toBe(false);
    expect(parse(WIDE, '  trimmed  ').data?.reason).toBe('trimmed');
    expect(limitRevertRequestSchema.safeParse({}).success).toBe(false);
    expect(limitRevertRequestSchema.safeParse({ reason: 'ok', limits: WIDE }).success).toBe(false);
  });
});
