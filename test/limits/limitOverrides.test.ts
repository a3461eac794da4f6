// The limit book each node judges samples by: the mission file's parameter until a change, the change's
// limits from its time on, the mission's again after a revert; idempotent by change id, in id order whatever
// order changes arrive in, and bounded. Then what a node accepts from a peer over the cluster bus.
import { describe, expect, it } from 'vitest';
import type { Limits } from '../../shared/dictionary';
import type { LimitChange } from '../../shared/protocol/limits';
import { DICTIONARY } from '../../server/mission/shipped';
import { CLUSTER_PROTOCOL_VERSION, clusterLimitChangesSchema } from '../../server/cluster/messages';
import { judgeSample } from '../../server/limits/sample';
import { LimitOverrides, MAX_CHANGES_PER_PARAMETER } from '../../server/limits/overrides';
import { limitChangeRequestSchema } from '../../shared/protocol/limits';
import { LIDAR, PATHFINDER, PATHFINDER_MISSION, PF } from '../helpers/pathfinder';

const T0 = Date.UTC(2026, 4, 1);
const voltage = DICTIONARY.packets.flatMap((p) => p.parameters).find((p) => p.id === 'eps.batt_voltage')!;
const RAISED: Limits = { yellow: { low: 31 }, red: { low: 25 } };

const change = (
  id: number,
  atMs: number,
  limits: Limits | null,
  spacecraftId = 'kazeosat-1',
): LimitChange => ({
  id,
  spacecraftId,
  parameterId: voltage.id,
  atMs,
  by: 'engineer-kz',
  previous: null,
  limits,
  reason: 'r',
});

const levelAt = (book: LimitOverrides, value: number, atMs?: number, spacecraftId = 'kazeosat-1') =>
  judgeSample(book.parameterFor(spacecraftId, voltage, atMs), value, () => undefined, undefined).limit.level;

describe('the limit book', () => {
  it('answers the mission file, then the change from its time on, then the mission again after a revert', () => {
    const book = new LimitOverrides();
    expect(book.parameterFor('kazeosat-1', voltage)).toBe(voltage);
    book.apply([change(1, T0 + 1000, RAISED), change(2, T0 + 5000, null)]);
    expect(levelAt(book, 30, T0)).toBe('nominal');
    expect(levelAt(book, 30, T0 + 1000)).toBe('yellow');
    expect(levelAt(book, 30, T0 + 4999)).toBe('yellow');
    expect(levelAt(book, 30, T0 + 5000)).toBe('nominal');
    expect(book.parameterFor('kazeosat-1', voltage)).toBe(voltage);
    expect(book.override('kazeosat-1', voltage.id)).toBeNull();
    // Per spacecraft: another one keeps the mission file's.
    expect(levelAt(book, 30, T0 + 2000, 'gokturk-2')).toBe('nominal');
  });

  it('takes each change once, in id order whatever order they arrive in, and gives one object per step', () => {
    const book = new LimitOverrides();
    expect(book.apply([change(3, T0 + 3000, RAISED), change(2, T0 + 2000, null)])).toHaveLength(2);
    expect(book.apply([change(3, T0 + 3000, RAISED)])).toEqual([]);
    expect(book.override('kazeosat-1', voltage.id)?.id).toBe(3);
    expect(book.parameterFor('kazeosat-1', voltage)).toBe(book.parameterFor('kazeosat-1', voltage));
    expect(book.overrides('kazeosat-1').map((c) => c.id)).toEqual([3]);
  });

  it('keeps a bounded number of changes per parameter, the newest', () => {
    const book = new LimitOverrides();
    const many = Array.from({ length: MAX_CHANGES_PER_PARAMETER + 50 }, (_, i) =>
      change(i + 1, T0 + i, RAISED),
    );
    book.apply(many);
    expect(book.override('kazeosat-1', voltage.id)?.id).toBe(many.length);
    // Before the oldest change kept, the mission file's limits answer.
    expect(levelAt(book, 30, T0 + 10)).toBe('nominal');
  });
});

describe('a change to limits the XTCE declares with minViolations and contexts', () => {
  const parameters = PATHFINDER_MISSION.dictionary.packets.flatMap((p) => p.parameters);
  // Tank: minViolations 2 in the XTCE. Laser: a context (scanning) with its own limits.
  const tank = parameters.find((p) => p.id === PF.tank)!;
  const laser = parameters.find((p) => p.id === PF.laser)!;
  const at = (id: number, parameterId: string, limits: Limits | null): LimitChange => ({
    ...change(id, T0, limits, PATHFINDER),
    parameterId,
  });
  const judge = (
    book: LimitOverrides,
    parameter: typeof tank,
    value: number,
    previous = { level: 'nominal' as const },
  ) =>
    judgeSample(
      book.parameterFor(PATHFINDER, parameter),
      value,
      (id) => (id === PF.mode ? LIDAR.SCAN : -25),
      previous,
    ).limit;

  it("keeps the mission file's minViolations unless the change gives its own", () => {
    expect(tank.limits?.minViolations).toBe(2);
    const book = new LimitOverrides();
    book.apply([at(1, tank.id, { yellow: { low: 0, high: 40 }, red: { low: -10, high: 60 } })]);
    expect(book.parameterFor(PATHFINDER, tank).limits).toMatchObject({ minViolations: 2, red: { high: 60 } });
    // 65 °C is beyond the changed red bound, but one sample is not yet two.
    expect(judge(book, tank, 65)).toEqual({ level: 'nominal', pending: 1 });
    book.apply([at(2, tank.id, { red: { low: -10, high: 60 }, minViolations: 1 })]);
    expect(judge(book, tank, 65)).toEqual({ level: 'red', side: 'high' });
  });

  it('keeps the context limits of a parameter whose default limits changed', () => {
    const book = new LimitOverrides();
    book.apply([at(1, laser.id, { yellow: { low: -50, high: 90 } })]);
    // Scanning: the context's yellow high (30 °C) applies, not the changed default.
    expect(judge(book, laser, 35)).toEqual({ level: 'yellow', side: 'high', context: 'scanning' });
  });

  it('refuses a minViolations that is not a whole number from 1 to the bound', () => {
    for (const minViolations of [0, -1, 1.5, 601, '2', null]) {
      const request = { limits: { red: { high: 60 }, minViolations }, reason: 'r' };
      expect(limitChangeRequestSchema.safeParse(request).success).toBe(false);
    }
    expect(
      limitChangeRequestSchema.parse({ limits: { red: { high: 60 }, minViolations: 3 }, reason: 'r' }).limits,
    ).toEqual({ red: { high: 60 }, minViolations: 3 });
  });
});

describe('limit changes from a peer', () => {
  const message = (changes: unknown) => ({ version: CLUSTER_PROTOCOL_VERSION, node: 'peer', changes });

  it('accepts changes and reverts as nodes send them', () => {
    expect(
      clusterLimitChangesSchema.safeParse(message([change(1, T0, RAISED), change(2, T0, null)])).success,
    ).toBe(true);
    // A change's own minViolations reaches the peer (not stripped as an unknown key).
    const parsed = clusterLimitChangesSchema.parse(message([change(1, T0, { ...RAISED, minViolations: 3 })]));
    expect(parsed.changes[0]!.limits).toEqual({ ...RAISED, minViolations: 3 });
  });

  it('refuses bounds that are not finite numbers, missing fields and other versions', () => {
    const bad = [
      { ...change(1, T0, null), limits: { yellow: { low: '31' } } },
      { ...change(1, T0, null), limits: { yellow: { low: Infinity } } },
      { ...change(1, T0, null), limits: { yellow: { low: NaN } } },
      { ...change(1, T0, null), id: -1 },
      { ...change(1, T0, null), reason: undefined },
      { ...change(1, T0, null), spacecraftId: 'x'.repeat(100) },
      { ...change(1, T0, null), limits: { red: { high: 60 }, minViolations: 0 } },
    ];
    for (const item of bad) expect(clusterLimitChangesSchema.safeParse(message([item])).success).toBe(false);
    expect(clusterLimitChangesSchema.safeParse({ ...message([]), version: 99 }).success).toBe(false);
  });
});
